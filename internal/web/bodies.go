package web

import (
	"net/http"
	"strings"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/registry"
	"github.com/plenary-org/plenary/internal/store"
)

type bodiesView struct {
	Bodies    []*domain.Body
	Filter    store.BodyFilter
	Kinds     []domain.BodyKind
	Regions   []string
	Pager     Pager
	CanManage bool
}

func (s *Server) listBodies(w http.ResponseWriter, r *http.Request) {
	a, err := loggedIn(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	q := r.URL.Query()
	f := store.BodyFilter{Query: q.Get("q"), Kind: domain.BodyKind(q.Get("kind")), Region: q.Get("region"), Offset: pageOffset(r), Limit: 50}
	bs, total, err := registry.New(s.db).Bodies(r.Context(), a, f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	regions, err := s.db.Regions(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := bodiesView{Bodies: bs, Filter: f, Kinds: domain.BodyKinds, Regions: regions, CanManage: a.CanManageBodies(),
		Pager: Pager{Offset: f.Offset, Limit: f.Limit, Total: total, Base: pagerBase(r)}}
	pg := s.page(r, "", v)
	pg.Title = pg.T("bodies.title")
	s.render(w, r, http.StatusOK, "bodies", pg)
}

type bodyForm struct {
	Body      *domain.Body
	Kinds     []domain.BodyKind
	Countries []domain.Country
	Action    string
	Selected  map[string]bool
	Joined    string   // the dates of joining as typed
	Regions   []string // names of regions to propose
	// PartnerTypes are the types a partner may have, named in the page's
	// language.
	PartnerTypes []partnerTypeOption
}

type partnerTypeOption struct{ ID, Name string }

func (s *Server) partnerTypeOptions(r *http.Request) []partnerTypeOption {
	ts, err := s.db.PartnerTypes(r.Context())
	if err != nil {
		return nil
	}
	out := make([]partnerTypeOption, len(ts))
	for i, t := range ts {
		out[i] = partnerTypeOption{ID: t.ID, Name: t.Name(langOf(r.Context()))}
	}
	return out
}

func (s *Server) bodyForm(r *http.Request, b *domain.Body, action string) bodyForm {
	sel := map[string]bool{}
	for _, c := range b.Countries {
		sel[c] = true
	}
	lang := langOf(r.Context())
	f := bodyForm{Body: b, Kinds: domain.BodyKinds, Countries: domain.Countries(lang), Action: action, Selected: sel, Joined: domain.FormatJoined(b.Joined)}
	if typed, ok := r.PostForm["joined"]; ok && len(typed) == 1 {
		f.Joined = typed[0]
	}
	if x, err := s.db.RegionIndex(r.Context()); err == nil {
		f.Regions = x.Names(lang)
	}
	f.PartnerTypes = s.partnerTypeOptions(r)
	return f
}

// canManageBodies answers the forms' GET before anything is shown; the
// use cases check again when the form is sent.
func (s *Server) canManageBodies(r *http.Request) error {
	a, err := loggedIn(r)
	if err != nil {
		return err
	}
	if !a.CanManageBodies() {
		return domain.Forbidden()
	}
	return nil
}

func (s *Server) newBody(w http.ResponseWriter, r *http.Request) {
	if err := s.canManageBodies(r); err != nil {
		s.fail(w, r, err)
		return
	}
	pg := s.page(r, "", s.bodyForm(r, &domain.Body{Kind: domain.BodyRCP}, "/bodies"))
	pg.Title = pg.T("body.new")
	s.render(w, r, http.StatusOK, "body_form", pg)
}

func bodyFromForm(r *http.Request, b *domain.Body) error {
	b.Name, b.Acronym, b.Kind = r.PostFormValue("name"), r.PostFormValue("acronym"), domain.BodyKind(r.PostFormValue("kind"))
	b.Region, b.Secretariat = strings.TrimSpace(r.PostFormValue("region")), strings.TrimSpace(r.PostFormValue("secretariat"))
	if err := r.ParseForm(); err != nil {
		return err
	}
	// Countries come from the multiple select, or typed as codes.
	b.Countries = append(r.PostForm["countries"], formList(r.PostFormValue("country_codes"))...)
	b.Observers = formList(r.PostFormValue("observer_codes"))
	b.Website, b.MembersNote = r.PostFormValue("website"), r.PostFormValue("members_note")
	b.PartnerType = r.PostFormValue("partner_type")
	var err error
	if b.Joined, err = domain.ParseJoined(r.PostFormValue("joined")); err != nil {
		return err
	}
	b.Established, err = formInt(r, "established")
	return err
}

func (s *Server) createBody(w http.ResponseWriter, r *http.Request) {
	a, err := loggedIn(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	b := &domain.Body{}
	err = bodyFromForm(r, b)
	if err == nil {
		err = registry.New(s.db).CreateBody(r.Context(), a, b)
	}
	if err != nil {
		pg := s.page(r, "", s.bodyForm(r, b, "/bodies"))
		pg.Title = pg.T("body.new")
		s.formFailure(w, r, err, "body_form", pg)
		return
	}
	s.redirect(w, r, "/bodies/"+b.ID, "flash.saved")
}

type bodyView struct {
	Body       *domain.Body
	RegionName string // in the reader's language when the region is known
	// PartnerType is the partner's type in the reader's language.
	PartnerType string
	CanManage   bool
}

func (s *Server) showBody(w http.ResponseWriter, r *http.Request) {
	a, err := loggedIn(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	b, err := registry.New(s.db).Body(r.Context(), a, r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := bodyView{Body: b, RegionName: b.Region, CanManage: a.CanManageBodies()}
	if x, err := s.db.RegionIndex(r.Context()); err == nil && x.Region(b.RegionID) != nil {
		v.RegionName = x.Name(b.RegionID, langOf(r.Context()))
	}
	for _, t := range s.partnerTypeOptions(r) {
		if t.ID == b.PartnerType {
			v.PartnerType = t.Name
		}
	}
	s.render(w, r, http.StatusOK, "body", s.page(r, b.Name, v))
}

func (s *Server) editBody(w http.ResponseWriter, r *http.Request) {
	if err := s.canManageBodies(r); err != nil {
		s.fail(w, r, err)
		return
	}
	b, err := registry.New(s.db).Body(r.Context(), actor(r), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	pg := s.page(r, "", s.bodyForm(r, b, "/bodies/"+b.ID))
	pg.Title = pg.T("body.edit")
	s.render(w, r, http.StatusOK, "body_form", pg)
}

func (s *Server) updateBody(w http.ResponseWriter, r *http.Request) {
	a, err := loggedIn(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	b := &domain.Body{ID: r.PathValue("id")}
	err = bodyFromForm(r, b)
	if err == nil {
		b.Version, err = formInt(r, "version")
	}
	if err == nil {
		err = registry.New(s.db).UpdateBody(r.Context(), a, b)
	}
	if err != nil {
		pg := s.page(r, "", s.bodyForm(r, b, "/bodies/"+b.ID))
		pg.Title = pg.T("body.edit")
		s.formFailure(w, r, err, "body_form", pg)
		return
	}
	s.redirect(w, r, "/bodies/"+b.ID, "flash.saved")
}
