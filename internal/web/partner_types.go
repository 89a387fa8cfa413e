package web

import (
	"net/http"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/locale"
	"github.com/plenary-org/plenary/internal/registry"
)

// partnerTypesView lists the partner types with their names in each
// language, and to those who manage bodies the forms to add one and to
// rename one (Edit: the type whose form is open).
type partnerTypesView struct {
	Types     []*domain.PartnerType
	Languages []locale.Language
	CanManage bool
	New       *domain.PartnerType
	Edit      *domain.PartnerType
}

func (s *Server) partnerTypesPage(r *http.Request, a *domain.Actor) (*Page, error) {
	ts, err := registry.New(s.db).PartnerTypes(r.Context(), a)
	if err != nil {
		return nil, err
	}
	v := &partnerTypesView{Types: ts, Languages: locale.Languages, CanManage: a.CanManageBodies(), New: &domain.PartnerType{Names: map[string]string{}}}
	if id := r.URL.Query().Get("edit"); id != "" && v.CanManage {
		for _, t := range ts {
			if t.ID == id {
				v.Edit = t
			}
		}
	}
	pg := s.page(r, "", v)
	pg.Title = pg.T("partner_types.title")
	return pg, nil
}

// partnerTypes lists the partner types (the agenda's, and those the
// secretariats added).
func (s *Server) partnerTypes(w http.ResponseWriter, r *http.Request) {
	a, err := loggedIn(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	pg, err := s.partnerTypesPage(r, a)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "partner_types", pg)
}

// savePartnerType adds a partner type (version 0) or renames one read at
// the version the form carries.
func (s *Server) savePartnerType(w http.ResponseWriter, r *http.Request) {
	a, err := loggedIn(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	t := &domain.PartnerType{ID: r.PostFormValue("id"), Names: map[string]string{}}
	for _, l := range locale.Languages {
		t.Names[l.Code] = r.PostFormValue("name_" + l.Code)
	}
	if t.Version, err = formInt(r, "version"); err == nil {
		err = registry.New(s.db).SavePartnerType(r.Context(), a, t)
	}
	if err != nil {
		pg, perr := s.partnerTypesPage(r, a)
		if perr != nil {
			s.fail(w, r, perr)
			return
		}
		if v := pg.Data.(*partnerTypesView); t.Version == 0 {
			v.New = t
		} else {
			v.Edit = t
		}
		s.formFailure(w, r, err, "partner_types", pg)
		return
	}
	s.redirect(w, r, "/registry/partner-types#type-"+t.ID, "flash.saved")
}
