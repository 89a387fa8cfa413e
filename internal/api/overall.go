package api

import (
	"math/big"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/rank"
	"github.com/plenary-org/plenary/internal/store"
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

func overallCandidateView(c *store.OverallCandidate, i int) overallCandidateJSON {
	return overallCandidateJSON{ID: c.ID, Label: "R" + strconv.Itoa(i+1), ThemeID: c.ThemeID, Text: c.Text, Statements: orEmpty(c.Statements), CreatedAt: c.CreatedAt, Version: c.Version}
}

func overallBallotView(b *store.OverallBallot) overallBallotJSON {
	return overallBallotJSON{Method: string(b.Method), GroupID: b.GroupID, Ranks: b.Ranks, Approved: b.Approved, Scores: b.Scores, UpdatedAt: b.UpdatedAt, Version: b.Version}
}

// getOverall answers the candidates, the tally with each group's weight,
// the robustness and the confirmation to whoever may see the meeting.
func (s *Server) getOverall(w http.ResponseWriter, r *http.Request) {
	pp, err := s.plenaryPartOf(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	ctx := r.Context()
	t, err := s.db.OverallTally(ctx, pp.meeting.ID, pp.partID)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out := overallJSON{MeetingID: pp.meeting.ID, PartID: pp.partID, Settings: overallSettingsView(t.Settings), Candidates: []overallCandidateJSON{},
		Ballots: len(t.Ballots), Weights: []overallWeightJSON{}, Tally: t.Result, Top: t.Top, Robustness: t.Robustness}
	for i, c := range t.Candidates {
		out.Candidates = append(out.Candidates, overallCandidateView(c, i))
	}
	count := map[string]int{}
	for _, b := range t.Ballots {
		count[b.Group]++
	}
	for _, g := range pp.groups {
		if n := count[g.ID]; n > 0 {
			out.Weights = append(out.Weights, overallWeightJSON{GroupID: g.ID, GroupName: g.Name, Ballots: n, Each: big.NewRat(1, int64(n)).RatString()})
		}
	}
	conf, err := s.db.OverallConfirmation(ctx, pp.meeting.ID, pp.partID)
	switch {
	case err == nil:
		out.Confirmed = &overallConfirmedJSON{Selected: conf.Selected, ConfirmedAt: conf.ConfirmedAt}
	case domain.ErrorCode(err) != domain.ENOTFOUND:
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, out)
}

// overallEditor checks that the caller is the chair or the secretariat.
func (s *Server) overallEditor(r *http.Request) (*plenaryPart, error) {
	pp, err := s.plenaryPartOf(r)
	if err != nil {
		return nil, err
	}
	if !actor(r).CanEditPlenary(pp.meeting.ProcessID, pp.meeting.ID) {
		return nil, domain.Errorf(domain.EFORBIDDEN, "overall.error_not_chair_edit", "only the chair or the secretariat edits the candidate recommendations")
	}
	return pp, nil
}

// putOverallSettings sets the part's plenary method: refused (422 on
// method) once a ballot has been cast, and once confirmed (409).
func (s *Server) putOverallSettings(w http.ResponseWriter, r *http.Request) {
	pp, err := s.overallEditor(r)
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
	set := &store.OverallSettings{MeetingID: pp.meeting.ID, PartID: pp.partID, Method: rank.Method(in.Method), ScoreMin: in.ScoreMin, ScoreMax: in.ScoreMax, Version: version}
	if err := s.db.PutOverallSettings(r.Context(), set); err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, overallSettingsView(set))
}

// createOverallCandidate draws a candidate from one of the part's themes.
func (s *Server) createOverallCandidate(w http.ResponseWriter, r *http.Request) {
	pp, err := s.overallEditor(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	var in overallCandidateInput
	if err := decode(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	ctx := r.Context()
	pt, err := s.synth.PartThemes(ctx, actor(r), pp.meeting.ID, pp.partID)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	res := pt.Result
	c := &store.OverallCandidate{MeetingID: pp.meeting.ID, PartID: pp.partID, Text: in.Text, Statements: []string{}}
	for _, th := range res.Themes {
		if th.ID == in.Theme && in.Theme != "" {
			c.ThemeID = th.ID
			for _, m := range th.Members {
				c.Statements = append(c.Statements, m.ID)
			}
		}
	}
	if c.ThemeID == "" {
		s.writeError(w, r, domain.Invalid("theme", "plenary.error_theme", "choose one of the themes shown"))
		return
	}
	if err := s.db.AddOverallCandidate(ctx, c); err != nil {
		s.writeError(w, r, err)
		return
	}
	cs, err := s.db.OverallCandidates(ctx, pp.meeting.ID, pp.partID)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	created(w, "/meetings/"+pp.meeting.ID+"/overall?part="+pp.partID, overallCandidateView(c, len(cs)-1))
}

// candidateEditor finds the candidate of the path in the meeting of the
// path, for the chair or the secretariat.
func (s *Server) candidateEditor(r *http.Request) (*domain.Meeting, *store.OverallCandidate, error) {
	m, err := s.viewableMeeting(r, false)
	if err != nil {
		return nil, nil, err
	}
	c, err := s.db.OverallCandidate(r.Context(), m.ID, r.PathValue("cid"))
	if err != nil {
		return nil, nil, err
	}
	if !actor(r).CanEditPlenary(m.ProcessID, m.ID) {
		return nil, nil, domain.Errorf(domain.EFORBIDDEN, "overall.error_not_chair_edit", "only the chair or the secretariat edits the candidate recommendations")
	}
	return m, c, nil
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
	m, c, err := s.candidateEditor(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	after, err := s.db.EditOverallCandidate(r.Context(), m.ID, c.ID, in.Text, version)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	cs, err := s.db.OverallCandidates(r.Context(), m.ID, c.PartID)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	i := slices.IndexFunc(cs, func(x *store.OverallCandidate) bool { return x.ID == c.ID })
	writeJSON(w, http.StatusOK, overallCandidateView(after, i))
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
	m, c, err := s.candidateEditor(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if err := s.db.RemoveOverallCandidate(r.Context(), m.ID, c.ID, n); err != nil {
		s.writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// overallVoter finds the caller's breakout group: a member who may vote
// in the meeting and belongs to a group; 403 otherwise.
func (s *Server) overallVoter(r *http.Request) (*plenaryPart, string, error) {
	pp, err := s.plenaryPartOf(r)
	if err != nil {
		return nil, "", err
	}
	a := actor(r)
	m := pp.meeting
	if a.CanVote(m.ProcessID, m.ID, "") {
		for _, ms := range a.Memberships {
			if ms.GroupID != "" && ms.ProcessID == m.ProcessID && (ms.MeetingID == "" || ms.MeetingID == m.ID) && a.CanVote(m.ProcessID, m.ID, ms.GroupID) {
				return pp, ms.GroupID, nil
			}
		}
	}
	return nil, "", domain.Errorf(domain.EFORBIDDEN, "overall.error_not_voter", "only members of a breakout group who may vote rank the overall recommendations")
}

func (s *Server) getOverallBallot(w http.ResponseWriter, r *http.Request) {
	pp, _, err := s.overallVoter(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	b, err := s.db.MyOverallBallot(r.Context(), pp.partID, actor(r).User.ID)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, overallBallotView(b))
}

// putOverallBallot casts or replaces the caller's ballot under the part's
// plenary method (ballotInput: ranks, approved or scores, with the
// version read).
func (s *Server) putOverallBallot(w http.ResponseWriter, r *http.Request) {
	pp, g, err := s.overallVoter(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	var in ballotInput
	if err := decode(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	b := &store.OverallBallot{MeetingID: pp.meeting.ID, PartID: pp.partID, UserID: actor(r).User.ID, GroupID: g, Method: rank.Method(in.Method),
		Ranks: in.Ranks, Approved: in.Approved, Scores: in.Scores, Version: in.Version}
	if err := s.db.PutOverallBallot(r.Context(), b); err != nil {
		s.writeError(w, r, renameFields(err, map[string]string{"ballot": "ranks"}))
		return
	}
	writeJSON(w, http.StatusOK, overallBallotView(b))
}

// confirmOverallAPI stores the chair's five with the tally snapshot, as the
// page does, and closes the ranking.
func (s *Server) confirmOverallAPI(w http.ResponseWriter, r *http.Request) {
	pp, err := s.overallEditor(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	var in overallConfirmInput
	if err := decode(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	ctx := r.Context()
	t, err := s.db.OverallTally(ctx, pp.meeting.ID, pp.partID)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	js, err := t.Snapshot(pp.groups)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	// In the tally's order, as the page stores them.
	sel := t.InTallyOrder(in.Selected)
	conf := &store.OverallConfirmation{MeetingID: pp.meeting.ID, PartID: pp.partID, Selected: orEmpty(sel), Snapshot: js, ConfirmedBy: actor(r).User.ID}
	if err := s.db.ConfirmOverall(ctx, conf); err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, overallConfirmedJSON{Selected: conf.Selected, ConfirmedAt: conf.ConfirmedAt})
}

// reopenOverallAPI removes the confirmation: the secretariat only.
func (s *Server) reopenOverallAPI(w http.ResponseWriter, r *http.Request) {
	pp, err := s.plenaryPartOf(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if !actor(r).CanManageMeeting(pp.meeting.ProcessID, pp.meeting.ID) {
		s.writeError(w, r, domain.Forbidden())
		return
	}
	if err := s.db.ReopenOverall(r.Context(), pp.meeting.ID, pp.partID); err != nil {
		if domain.ErrorCode(err) == domain.ENOTFOUND {
			err = domain.Errorf(domain.ECONFLICT, "overall.error_not_confirmed", "nothing is confirmed yet")
		}
		s.writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
