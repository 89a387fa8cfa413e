package api

import (
	"net/http"
	"time"

	"github.com/plenary-org/plenary/internal/synthesis"
	"github.com/plenary-org/plenary/internal/themes"
)

// WithThemes gives the API the themes engine's translator, so that the
// plenary's themes and the provenance of an overall recommendation are
// those of the pages; without it each language is compared with itself.
func WithThemes(tr themes.Translator) Option { return func(s *Server) { s.themes = tr } }

// provenanceJSON is where a candidate overall recommendation comes from,
// as the provenance page shows it (synthesis.Service.Provenance): its
// place in the plenary's count, the theme, the groups' statements (vote
// totals, places in the groups' rankings) and the contributions they were
// taken from that the caller may read. It names nobody; without
// attribution it names no body.
type provenanceJSON struct {
	MeetingID    string                      `json:"meeting_id"`
	PartID       string                      `json:"part_id"`
	CandidateID  string                      `json:"candidate_id"`
	Label        string                      `json:"label"`
	Text         string                      `json:"text"`
	ThemeID      string                      `json:"theme_id"`
	Confirmed    bool                        `json:"confirmed"`
	Place        int                         `json:"place,omitempty"`
	ConfirmedAt  *time.Time                  `json:"confirmed_at,omitempty"`
	Plenary      synthesis.PlenaryPlace      `json:"plenary"`
	Theme        synthesis.ProvenanceTheme   `json:"theme"`
	Groups       int                         `json:"groups"`
	Statements   []synthesis.ProvenanceStmt  `json:"statements"`
	Inputs       []synthesis.ProvenanceInput `json:"inputs"`
	HiddenInputs int                         `json:"hidden_inputs"`
}

// getProvenance answers GET /meetings/{id}/overall/candidates/{cid}/provenance
// to whoever may see the meeting (404 otherwise, and for a candidate of
// another meeting).
func (s *Server) getProvenance(w http.ResponseWriter, r *http.Request) {
	p, err := s.synth.Provenance(r.Context(), actor(r), r.PathValue("id"), r.PathValue("cid"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, provenanceJSON{MeetingID: p.Meeting.ID, PartID: p.Candidate.PartID, CandidateID: p.Candidate.ID, Label: p.Label,
		Text: p.Candidate.Text, ThemeID: p.Candidate.ThemeID, Confirmed: p.Confirmed, Place: p.Place, ConfirmedAt: p.ConfirmedAt, Plenary: p.Plenary,
		Theme: p.Theme, Groups: p.Groups, Statements: p.Statements, Inputs: p.Inputs, HiddenInputs: p.Hidden})
}
