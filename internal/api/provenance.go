package api

import (
	"net/http"
	"time"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/store"
	"github.com/plenary-org/plenary/internal/themes"
)

// WithThemes gives the API the themes engine's translator, so that the
// provenance of an overall recommendation finds the same themes as the
// plenary page; without it each language is compared with itself.
func WithThemes(tr themes.Translator) Option { return func(s *Server) { s.themes = tr } }

// provenanceJSON is where a candidate overall recommendation comes from,
// as the provenance page shows it: its place in the plenary's count, the
// theme, the groups' statements (vote totals, places in the groups'
// rankings) and the contributions they were taken from that the caller
// may read. It names nobody; without attribution it names no body.
type provenanceJSON struct {
	MeetingID    string                  `json:"meeting_id"`
	PartID       string                  `json:"part_id"`
	CandidateID  string                  `json:"candidate_id"`
	Label        string                  `json:"label"`
	Text         string                  `json:"text"`
	ThemeID      string                  `json:"theme_id"`
	Confirmed    bool                    `json:"confirmed"`
	Place        int                     `json:"place,omitempty"`
	ConfirmedAt  *time.Time              `json:"confirmed_at,omitempty"`
	Plenary      store.PlenaryPlace      `json:"plenary"`
	Theme        store.ProvenanceTheme   `json:"theme"`
	Groups       int                     `json:"groups"`
	Statements   []store.ProvenanceStmt  `json:"statements"`
	Inputs       []store.ProvenanceInput `json:"inputs"`
	HiddenInputs int                     `json:"hidden_inputs"`
}

// getProvenance answers GET /meetings/{id}/overall/candidates/{cid}/provenance
// to whoever may see the meeting (404 otherwise, and for a candidate of
// another meeting).
func (s *Server) getProvenance(w http.ResponseWriter, r *http.Request) {
	m, err := s.viewableMeeting(r, false)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	p, err := s.db.Provenance(r.Context(), m.ID, r.PathValue("cid"), s.themes)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	a := actor(r)
	j := provenanceJSON{MeetingID: m.ID, PartID: p.Candidate.PartID, CandidateID: p.Candidate.ID, Label: p.Label, Text: p.Candidate.Text,
		ThemeID: p.Candidate.ThemeID, Confirmed: p.Confirmed, Place: p.Place, ConfirmedAt: p.ConfirmedAt, Plenary: p.Plenary, Theme: p.Theme,
		Groups: p.Groups, Statements: p.Statements, Inputs: []store.ProvenanceInput{}}
	hidden := map[string]bool{}
	for _, in := range p.Inputs {
		// The contributions' own rule: published ones for whoever sees
		// the meeting, the others (drafts aside, their author's only) for
		// whoever manages it.
		if in.Status == domain.StatusDraft || !a.CanViewContribution(m.ProcessID, &domain.Contribution{MeetingID: in.MeetingID, Status: in.Status}) {
			j.HiddenInputs++
			hidden[in.ID] = true
			continue
		}
		j.Inputs = append(j.Inputs, in)
	}
	for i := range j.Statements {
		if hidden[j.Statements[i].Source] {
			j.Statements[i].Source = "" // not even the id of what the caller may not read
		}
	}
	writeJSON(w, http.StatusOK, j)
}
