package web

import (
	"net/http"
	"net/url"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/synthesis"
)

// provenanceView is the provenance page of one candidate overall
// recommendation: its place in the plenary's count, the theme it was
// drawn from, the groups' statements the theme held (with their votes and
// places in their groups' rankings) and the contributions they were taken
// from. It names nobody.
type provenanceView struct {
	Meeting    *domain.Meeting
	P          *synthesis.Provenance
	PartQuery  string // ?part=…, for the links back
	Statements []provenanceStmt
	Inputs     []provenanceInput
	Hidden     int // inputs the viewer may not read
}

// provenanceStmt is a statement as the page shows it.
type provenanceStmt struct {
	synthesis.ProvenanceStmt
	Merged bool // counted with the statement it was merged into
}

// provenanceInput is a contribution as the viewer may see it.
type provenanceInput struct {
	ID, Title, Excerpt, Lang string
	Kind, Status             string
	Regions                  []string
	Body                     string // the body's name, or its kind and region without attribution
	Statements               int
}

// showProvenance shows where a candidate overall recommendation comes
// from (synthesis.Service.Provenance) to whoever may see the meeting (as
// the overall page).
func (s *Server) showProvenance(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p, err := s.synth.Provenance(ctx, actor(r), r.PathValue("id"), r.PathValue("cid"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := &provenanceView{Meeting: p.Meeting, P: p, PartQuery: "?part=" + url.QueryEscape(p.Candidate.PartID), Hidden: p.Hidden}
	for _, st := range p.Statements {
		v.Statements = append(v.Statements, provenanceStmt{ProvenanceStmt: st, Merged: st.Counted != "" && st.Counted != st.ID})
	}
	pg := s.page(r, "", v)
	l := s.labels(ctx, pg)
	for _, in := range p.Inputs {
		pi := provenanceInput{ID: in.ID, Title: in.Title, Excerpt: excerpt(in.Text, 240), Lang: in.Lang, Kind: l.kind(in.Kind),
			Status: l.status(in.Status), Regions: in.Regions, Statements: len(in.Statements)}
		switch {
		case in.BodyName != "":
			pi.Body = in.BodyName
		case !in.Attributed:
			pi.Body = l.description(domain.Description{Kind: in.BodyKind, Region: in.BodyRegion})
		}
		v.Inputs = append(v.Inputs, pi)
	}
	pg.Title = pg.T("provenance.title", p.Label)
	s.render(w, r, http.StatusOK, "provenance", pg)
}
