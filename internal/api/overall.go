package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/rank"
	"github.com/plenary-org/plenary/internal/store"
	"github.com/plenary-org/plenary/internal/synthesis"
)

// The plenary's overall recommendations of one breakout part, as
// /meetings/{id}/overall offers them: candidates drawn from the themes,
// one ballot per voter counted with an equal say per breakout group under
// the part's plenary method, the robustness to leaving a group out, and
// the chair's confirmation.

type overallSettingsJSON struct {
	Method    string    `json:"method"`
	ScoreMin  int       `json:"score_min"`
	ScoreMax  int       `json:"score_max"`
	UpdatedAt time.Time `json:"updated_at"`
	Version   int       `json:"version"`
}

type overallSettingsInput struct {
	Method   string `json:"method"`
	ScoreMin int    `json:"score_min"`
	ScoreMax int    `json:"score_max"`
	Version  *int   `json:"version"`
}

type overallCandidateJSON struct {
	ID         string    `json:"id"`
	Label      string    `json:"label"` // R1, R2... in the order added
	ThemeID    string    `json:"theme_id"`
	Text       string    `json:"text"`
	Statements []string  `json:"statements"`
	CreatedAt  time.Time `json:"created_at"`
	Version    int       `json:"version"`
}

type overallCandidateInput struct {
	Theme string `json:"theme"`
	Text  string `json:"text"`
}

type overallCandidateUpdate struct {
	Text    string `json:"text"`
	Version *int   `json:"version"`
}

type overallWeightJSON struct {
	GroupID   string `json:"group_id"`
	GroupName string `json:"group_name"`
	Ballots   int    `json:"ballots"`
	Each      string `json:"each"` // the weight of each ballot, a fraction: 1/ballots
}

type overallJSON struct {
	MeetingID  string                 `json:"meeting_id"`
	PartID     string                 `json:"part_id"`
	Settings   overallSettingsJSON    `json:"settings"`
	Candidates []overallCandidateJSON `json:"candidates"`
	Ballots    int                    `json:"ballots"`
	Weights    []overallWeightJSON    `json:"weights"`
	Tally      *rank.Result           `json:"tally"`
	Top        rank.Top               `json:"top"`
	Robustness *rank.Robustness       `json:"robustness,omitempty"`
	Confirmed  *overallConfirmedJSON  `json:"confirmed,omitempty"`
}

type overallConfirmedJSON struct {
	Selected    []string  `json:"selected"`
	ConfirmedAt time.Time `json:"confirmed_at"`
}

type overallBallotJSON struct {
	Method    string             `json:"method"`
	GroupID   string             `json:"group_id"`
	Ranks     [][]string         `json:"ranks,omitempty"`
	Approved  []string           `json:"approved,omitempty"`
	Scores    map[string]float64 `json:"scores,omitempty"`
	UpdatedAt time.Time          `json:"updated_at"`
	Version   int                `json:"version"`
}

type overallConfirmInput struct {
	Selected []string `json:"selected"`
}

func overallSettingsView(s *store.OverallSettings) overallSettingsJSON {
	return overallSettingsJSON{Method: string(s.Method), ScoreMin: s.ScoreMin, ScoreMax: s.ScoreMax, UpdatedAt: s.UpdatedAt, Version: s.Version}
}

func overallCandidateView(c *synthesis.Candidate) overallCandidateJSON {
	return overallCandidateJSON{ID: c.ID, Label: c.Label, ThemeID: c.ThemeID, Text: c.Text, Statements: orEmpty(c.Statements), CreatedAt: c.CreatedAt, Version: c.Version}
}

func overallBallotView(b *store.OverallBallot) overallBallotJSON {
	return overallBallotJSON{Method: string(b.Method), GroupID: b.GroupID, Ranks: b.Ranks, Approved: b.Approved, Scores: b.Scores, UpdatedAt: b.UpdatedAt, Version: b.Version}
}

// overallPart names the meeting of the path and the part of ?part=,
// which the overall recommendations' endpoints require (see partParam).
func (s *Server) overallPart(r *http.Request) (synthesis.PartRef, error) {
	partID, err := s.partParam(r)
	return synthesis.PartRef{MeetingID: r.PathValue("id"), PartID: partID}, err
}

// getOverall answers the candidates, the tally with each group's weight,
// the robustness and the confirmation to whoever may see the meeting.
func (s *Server) getOverall(w http.ResponseWriter, r *http.Request) {
	ref, err := s.overallPart(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	o, err := s.synth.Overall(r.Context(), actor(r), synthesis.OverallInput{PartRef: ref})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	t := o.Tally
	out := overallJSON{MeetingID: o.Part.Scope.MeetingID, PartID: o.Part.Part.ID, Settings: overallSettingsView(t.Settings), Candidates: []overallCandidateJSON{},
		Ballots: len(t.Ballots), Weights: []overallWeightJSON{}, Tally: t.Result, Top: t.Top, Robustness: t.Robustness}
	for i := range o.Candidates {
		out.Candidates = append(out.Candidates, overallCandidateView(&o.Candidates[i]))
	}
	for _, g := range o.Weights {
		out.Weights = append(out.Weights, overallWeightJSON{GroupID: g.GroupID, GroupName: g.GroupName, Ballots: g.Ballots, Each: g.Each})
	}
	if conf := o.Confirmation; conf != nil {
		out.Confirmed = &overallConfirmedJSON{Selected: conf.Selected, ConfirmedAt: conf.ConfirmedAt}
	}
	writeJSON(w, http.StatusOK, out)
}

// putOverallSettings sets the part's plenary method: refused (422 on
// method) once a ballot has been cast, and once confirmed (409).
func (s *Server) putOverallSettings(w http.ResponseWriter, r *http.Request) {
	ref, err := s.overallPart(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	var in overallSettingsInput
	if err := decode(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	version, err := requireVersion(in.Version)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	set, err := s.synth.PutSettings(r.Context(), actor(r), synthesis.SettingsInput{PartRef: ref, Method: rank.Method(in.Method), ScoreMin: in.ScoreMin, ScoreMax: in.ScoreMax, Version: version})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, overallSettingsView(set))
}

// createOverallCandidate draws a candidate from one of the part's themes.
func (s *Server) createOverallCandidate(w http.ResponseWriter, r *http.Request) {
	ref, err := s.overallPart(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	var in overallCandidateInput
	if err := decode(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	c, err := s.synth.AddCandidate(r.Context(), actor(r), synthesis.CandidateInput{PartRef: ref, ThemeID: in.Theme, Text: in.Text})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	created(w, "/meetings/"+c.MeetingID+"/overall?part="+c.PartID, overallCandidateView(c))
}

// candidateRef names the candidate of the path in the meeting of the path.
func candidateRef(r *http.Request) synthesis.CandidateRef {
	return synthesis.CandidateRef{MeetingID: r.PathValue("id"), CandidateID: r.PathValue("cid")}
}

// updateOverallCandidate replaces a candidate's text at the version read
// (409 when it changed since).
func (s *Server) updateOverallCandidate(w http.ResponseWriter, r *http.Request) {
	var in overallCandidateUpdate
	if err := decode(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	version, err := requireVersion(in.Version)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	c, err := s.synth.EditCandidate(r.Context(), actor(r), synthesis.CandidateEdit{CandidateRef: candidateRef(r), Text: in.Text, Version: version})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, overallCandidateView(c))
}

// deleteOverallCandidate removes a candidate at the version given in the
// query; ballots that named it drop it.
func (s *Server) deleteOverallCandidate(w http.ResponseWriter, r *http.Request) {
	var version *int
	if v := r.URL.Query().Get("version"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			s.writeError(w, r, domain.Invalid("version", "error.number", "must be a whole number"))
			return
		}
		version = &n
	}
	n, err := requireVersion(version)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if err := s.synth.RemoveCandidate(r.Context(), actor(r), synthesis.CandidateRemoval{CandidateRef: candidateRef(r), Version: n}); err != nil {
		s.writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// getOverallBallot answers the caller's plenary ballot: members of a
// breakout group who may vote; 404 before they cast one.
func (s *Server) getOverallBallot(w http.ResponseWriter, r *http.Request) {
	ref, err := s.overallPart(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	sh, err := s.synth.Ballot(r.Context(), actor(r), ref)
	if err == nil && sh.Mine == nil {
		err = domain.NotFound("ballot")
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, overallBallotView(sh.Mine))
}

// putOverallBallot casts or replaces the caller's ballot under the part's
// plenary method (ballotInput: ranks, approved or scores, with the
// version read).
func (s *Server) putOverallBallot(w http.ResponseWriter, r *http.Request) {
	ref, err := s.overallPart(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	var in ballotInput
	if err := decode(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	b, err := s.synth.PutBallot(r.Context(), actor(r), synthesis.BallotInput{PartRef: ref, Method: rank.Method(in.Method),
		Ranks: in.Ranks, Approved: in.Approved, Scores: in.Scores, Version: in.Version})
	if err != nil {
		s.writeError(w, r, renameFields(err, map[string]string{"ballot": "ranks"}))
		return
	}
	writeJSON(w, http.StatusOK, overallBallotView(b))
}

// confirmOverallAPI stores the chair's five with the tally snapshot, as the
// page does, and closes the ranking.
func (s *Server) confirmOverallAPI(w http.ResponseWriter, r *http.Request) {
	ref, err := s.overallPart(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	var in overallConfirmInput
	if err := decode(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	conf, err := s.synth.Confirm(r.Context(), actor(r), synthesis.ConfirmInput{PartRef: ref, Selected: in.Selected})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, overallConfirmedJSON{Selected: conf.Selected, ConfirmedAt: conf.ConfirmedAt})
}

// reopenOverallAPI removes the confirmation: the secretariat only.
func (s *Server) reopenOverallAPI(w http.ResponseWriter, r *http.Request) {
	ref, err := s.overallPart(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if err := s.synth.Reopen(r.Context(), actor(r), ref); err != nil {
		s.writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
