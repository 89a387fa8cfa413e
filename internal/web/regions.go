package web

import (
	"net/http"

	"github.com/plenary-org/plenary/internal/registry"
	"github.com/plenary-org/plenary/internal/store"
)

type regionsView struct {
	Regions   []registry.RegionEntry
	Unmapped  []*store.UnmappedRegion // for those who manage bodies
	CanManage bool
	Options   []regionOption
}

// regions lists the regions with their countries, and to those who manage
// bodies the regions written as text that refer to none, with a form to
// map each to a region.
func (s *Server) regions(w http.ResponseWriter, r *http.Request) {
	a, err := loggedIn(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	svc := registry.New(s.db)
	rs, err := svc.Regions(r.Context(), a, langOf(r.Context()))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := &regionsView{Regions: rs, CanManage: a.CanManageBodies()}
	if v.CanManage {
		if v.Unmapped, err = svc.UnmappedRegions(r.Context(), a); err != nil {
			s.fail(w, r, err)
			return
		}
		for _, e := range rs {
			v.Options = append(v.Options, regionOption{ID: e.Region.ID, Name: e.Name, M49: e.Region.M49()})
		}
	}
	pg := s.page(r, "", v)
	pg.Title = pg.T("regions.title")
	s.render(w, r, http.StatusOK, "regions", pg)
}

// mapRegion maps a region written as text to a region.
func (s *Server) mapRegion(w http.ResponseWriter, r *http.Request) {
	a, err := loggedIn(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if _, err := registry.New(s.db).MapRegionName(r.Context(), a, r.PostFormValue("text"), r.PostFormValue("region_id")); err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/registry/regions", "flash.saved")
}
