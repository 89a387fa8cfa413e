package api

import (
	"net/http"
	"time"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/live"
	"github.com/plenary-org/plenary/internal/rank"
	"github.com/plenary-org/plenary/internal/store"
)

// Option configures a [Server] built by [New].
type Option func(*Server)

// WithLive gives the API the live service that takes votes; without it
// POST /statements/{id}/vote answers 503.
func WithLive(lv *live.Service) Option { return func(s *Server) { s.live = lv } }

// conversation is a breakout group in one session part, as the request
// names it: the group in the path, the part in the "part" query parameter.
type conversation struct {
	scope   store.Scope
	meeting *domain.Meeting
	groupID string
	partID  string
}

// groupConversation finds the group and part of the request and checks
// that the caller may see the meeting (else 404).
func (s *Server) groupConversation(r *http.Request) (*conversation, error) {
	a := actor(r)
	id := r.PathValue("id")
	sc, err := s.db.ScopeOf(r.Context(), "group", id)
	if err != nil {
		return nil, err
	}
	if !a.CanViewMeeting(sc.ProcessID, sc.MeetingID) {
		return nil, domain.NotFound("group")
	}
	m, err := s.db.Meeting(r.Context(), sc.MeetingID)
	if err != nil {
		return nil, err
	}
	c := &conversation{scope: sc, meeting: m, groupID: id, partID: r.URL.Query().Get("part")}
	if c.partID == "" {
		return nil, domain.Invalid("part", "error.required", "name the session part with ?part=")
	}
	ps, err := s.db.ScopeOf(r.Context(), "part", c.partID)
	if err != nil || ps.MeetingID != sc.MeetingID {
		return nil, domain.Invalid("part", "error.unknown_part", "choose one of the meeting's session parts")
	}
	return c, nil
}

// seesGroupWork reports whether the actor may read a group's statements:
// its members (observers included) and whoever manages the meeting.
func seesGroupWork(a *domain.Actor, sc store.Scope, groupID string) bool {
	if a.CanManageMeeting(sc.ProcessID, sc.MeetingID) {
		return true
	}
	if !a.LoggedIn() {
		return false
	}
	for _, m := range a.Memberships {
		if m.ProcessID == sc.ProcessID && (m.MeetingID == "" || m.MeetingID == sc.MeetingID) && m.GroupID == groupID {
			return true
		}
	}
	return false
}

// statementJSON is a statement as the API shows it. Under the
// non-attribution rule it names no author and no body.
type statementJSON struct {
	ID         string    `json:"id"`
	MeetingID  string    `json:"meeting_id"`
	GroupID    string    `json:"group_id"`
	PartID     string    `json:"part_id"`
	Kind       string    `json:"kind"`
	Text       string    `json:"text"`
	Lang       string    `json:"lang"`
	BodyID     string    `json:"body_id,omitempty"`
	ByPartner  bool      `json:"by_partner"`
	SourceID   string    `json:"source_id,omitempty"`
	MergedInto string    `json:"merged_into,omitempty"`
	CreatedAt  time.Time `json:"created_at"`
	Version    int       `json:"version"`
}

func statementView(st *domain.Statement, m *domain.Meeting) statementJSON {
	v := statementJSON{ID: st.ID, MeetingID: st.MeetingID, GroupID: st.GroupID, PartID: st.PartID, Kind: string(st.Kind), Text: st.Text,
		Lang: st.Lang, ByPartner: st.ByPartner, SourceID: st.SourceID, MergedInto: st.MergedInto, CreatedAt: st.CreatedAt, Version: st.Version}
	if !m.NonAttribution {
		v.BodyID = st.BodyID
	}
	return v
}

// statementInput adds a statement to a group's conversation.
type statementInput struct {
	Kind     string `json:"kind"`
	Text     string `json:"text"`
	Lang     string `json:"lang"`
	SourceID string `json:"source_id"`
}

func (s *Server) listStatements(w http.ResponseWriter, r *http.Request) {
	c, err := s.groupConversation(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if !seesGroupWork(actor(r), c.scope, c.groupID) {
		s.writeError(w, r, domain.Forbidden())
		return
	}
	sts, err := s.db.Statements(r.Context(), c.scope.MeetingID, c.groupID, c.partID)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, list[statementJSON]{Items: mapSlice(sts, func(st *domain.Statement) statementJSON { return statementView(st, c.meeting) })})
}

func (s *Server) createStatement(w http.ResponseWriter, r *http.Request) {
	c, err := s.groupConversation(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	a := actor(r)
	if !a.CanVote(c.scope.ProcessID, c.scope.MeetingID, c.groupID) && !a.CanManageMeeting(c.scope.ProcessID, c.scope.MeetingID) {
		s.writeError(w, r, domain.Forbidden())
		return
	}
	var in statementInput
	if err := decode(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	st := &domain.Statement{MeetingID: c.scope.MeetingID, GroupID: c.groupID, PartID: c.partID, Kind: domain.ContributionKind(in.Kind),
		Text: in.Text, Lang: in.Lang, AuthorID: a.User.ID, SourceID: in.SourceID}
	// The body the author speaks for in the meeting, if any.
	for _, m := range a.Memberships {
		if m.ProcessID == c.scope.ProcessID && (m.MeetingID == "" || m.MeetingID == c.scope.MeetingID) && m.BodyID != "" &&
			(m.Role == domain.RoleDelegate || m.Role == domain.RolePartner) {
			st.BodyID, st.ByPartner = m.BodyID, m.Role == domain.RolePartner
			break
		}
	}
	if in.SourceID != "" {
		if src, err := s.db.Contribution(r.Context(), in.SourceID); err != nil || src.MeetingID != c.scope.MeetingID || src.Status != domain.StatusPublished {
			s.writeError(w, r, domain.Invalid("source_id", "error.not_found", "the source must be a published contribution of the meeting"))
			return
		} else if !st.ByPartner {
			if st.ByPartner, err = s.db.FromPartner(r.Context(), src); err != nil {
				s.writeError(w, r, err)
				return
			}
		}
	}
	if err := s.db.CreateStatement(r.Context(), st); err != nil {
		s.writeError(w, r, err)
		return
	}
	created(w, "/groups/"+c.groupID+"/statements?part="+c.partID, statementView(st, c.meeting))
}

// voteInput is a vote on a statement.
type voteInput struct {
	Value string `json:"value"`
}

var voteValues = map[string]int{"agree": domain.Agree, "disagree": domain.Disagree, "pass": domain.Pass}

func (s *Server) voteStatement(w http.ResponseWriter, r *http.Request) {
	if s.live == nil {
		s.writeError(w, r, domain.Errorf(domain.EUNAVAILABLE, "error.unavailable", "voting is not available on this server"))
		return
	}
	var in voteInput
	if err := decode(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	v, ok := voteValues[in.Value]
	if !ok {
		s.writeError(w, r, domain.Invalid("value", "error.vote_value", "vote agree, disagree or pass"))
		return
	}
	if err := s.live.Vote(r.Context(), actor(r), r.PathValue("id"), v); err != nil {
		s.writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// ballotJSON is the caller's own ballot; no one else's is ever shown.
type ballotJSON struct {
	Method    string             `json:"method"`
	Ranks     [][]string         `json:"ranks,omitempty"`
	Approved  []string           `json:"approved,omitempty"`
	Scores    map[string]float64 `json:"scores,omitempty"`
	UpdatedAt time.Time          `json:"updated_at"`
	Version   int                `json:"version"`
}

// ballotInput casts or replaces the caller's ballot.
type ballotInput struct {
	Method   string             `json:"method"`
	Ranks    [][]string         `json:"ranks"`
	Approved []string           `json:"approved"`
	Scores   map[string]float64 `json:"scores"`
	Version  int                `json:"version"`
}

func ballotView(b *store.Ballot) ballotJSON {
	return ballotJSON{Method: string(b.Method), Ranks: b.Ranks, Approved: b.Approved, Scores: b.Scores, UpdatedAt: b.UpdatedAt, Version: b.Version}
}

// voter checks that the caller may rank in the group.
func (s *Server) voter(r *http.Request) (*conversation, error) {
	c, err := s.groupConversation(r)
	if err != nil {
		return nil, err
	}
	if !actor(r).CanVote(c.scope.ProcessID, c.scope.MeetingID, c.groupID) {
		return nil, domain.Errorf(domain.EFORBIDDEN, "ranking.error_not_member", "only the group's members rank its candidates")
	}
	return c, nil
}

func (s *Server) getBallot(w http.ResponseWriter, r *http.Request) {
	c, err := s.voter(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	b, err := s.db.Ballot(r.Context(), c.groupID, c.partID, actor(r).User.ID)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, ballotView(b))
}

func (s *Server) putBallot(w http.ResponseWriter, r *http.Request) {
	c, err := s.voter(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	var in ballotInput
	if err := decode(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	b := &store.Ballot{MeetingID: c.scope.MeetingID, GroupID: c.groupID, PartID: c.partID, UserID: actor(r).User.ID,
		Method: rank.Method(in.Method), Ranks: in.Ranks, Approved: in.Approved, Scores: in.Scores, Version: in.Version}
	if err := s.db.PutBallot(r.Context(), b); err != nil {
		s.writeError(w, r, renameFields(err, map[string]string{"ballot": "ranks"}))
		return
	}
	writeJSON(w, http.StatusOK, ballotView(b))
}

// candidateJSON is a candidate of a ranking.
type candidateJSON struct {
	ID   string `json:"id"`
	Kind string `json:"kind"`
	Text string `json:"text"`
	Lang string `json:"lang"`
}

// resultsJSON is a group's ranking in a part: the candidates, the full
// tally and the top five (with any tie at the cut in "tied").
type resultsJSON struct {
	Method     string          `json:"method"`
	ScoreMin   int             `json:"score_min"`
	ScoreMax   int             `json:"score_max"`
	Open       bool            `json:"open"`
	Frozen     bool            `json:"frozen"`
	Ballots    int             `json:"ballots"`
	Stale      int             `json:"stale"`
	Candidates []candidateJSON `json:"candidates"`
	Tally      *rank.Result    `json:"tally"`
	Top        rank.Top        `json:"top"`
}

func (s *Server) groupResults(w http.ResponseWriter, r *http.Request) {
	c, err := s.groupConversation(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	ctx := r.Context()
	rep, err := s.db.Report(ctx, c.groupID, c.partID)
	if err == nil && rep.Snapshot != nil {
		sn := rep.Snapshot
		out := resultsJSON{Method: string(sn.Method), ScoreMin: sn.ScoreMin, ScoreMax: sn.ScoreMax, Frozen: true, Ballots: sn.Ballots,
			Candidates: []candidateJSON{}, Tally: sn.Result, Top: sn.Top}
		for _, c := range sn.Candidates {
			out.Candidates = append(out.Candidates, candidateJSON{ID: c.ID, Kind: string(c.Kind), Text: c.Text, Lang: c.Lang})
		}
		writeJSON(w, http.StatusOK, out)
		return
	}
	if err != nil && domain.ErrorCode(err) != domain.ENOTFOUND {
		s.writeError(w, r, err)
		return
	}
	t, err := s.db.Tally(ctx, c.scope.MeetingID, c.groupID, c.partID)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out := resultsJSON{Method: string(t.Settings.Method), ScoreMin: t.Settings.ScoreMin, ScoreMax: t.Settings.ScoreMax, Open: t.Settings.Open,
		Ballots: t.Ballots, Stale: t.Stale, Tally: t.Result, Top: t.Top,
		Candidates: mapSlice(t.Candidates, func(st *domain.Statement) candidateJSON {
			return candidateJSON{ID: st.ID, Kind: string(st.Kind), Text: st.Text, Lang: st.Lang}
		})}
	writeJSON(w, http.StatusOK, out)
}

// reportTextJSON is a report's text in one language.
type reportTextJSON struct {
	FollowUp string `json:"follow_up"`
	RCPRole  string `json:"rcp_role"`
}

// reportJSON is a group's report for a part.
type reportJSON struct {
	ID          string                    `json:"id"`
	MeetingID   string                    `json:"meeting_id"`
	GroupID     string                    `json:"group_id"`
	PartID      string                    `json:"part_id"`
	Lang        string                    `json:"lang"`
	Texts       map[string]reportTextJSON `json:"texts"`
	Status      string                    `json:"status"`
	Top         *rank.Top                 `json:"top,omitempty"`
	SubmittedAt *time.Time                `json:"submitted_at,omitempty"`
	UpdatedAt   time.Time                 `json:"updated_at"`
	Version     int                       `json:"version"`
}

// reportInput saves a group's draft report.
type reportInput struct {
	Lang    string                    `json:"lang"`
	Texts   map[string]reportTextJSON `json:"texts"`
	Version int                       `json:"version"`
}

// versionInput names the version of the object read.
type versionInput struct {
	Version int `json:"version"`
}

func reportView(rep *store.Report) reportJSON {
	v := reportJSON{ID: rep.ID, MeetingID: rep.MeetingID, GroupID: rep.GroupID, PartID: rep.PartID, Lang: rep.Lang,
		Texts: map[string]reportTextJSON{}, Status: string(rep.Status), UpdatedAt: rep.UpdatedAt, Version: rep.Version}
	for l, t := range rep.Texts {
		v.Texts[l] = reportTextJSON{FollowUp: t.FollowUp, RCPRole: t.RCPRole}
	}
	if rep.Snapshot != nil {
		top := rep.Snapshot.Top
		v.Top = &top
	}
	if !rep.SubmittedAt.IsZero() {
		at := rep.SubmittedAt
		v.SubmittedAt = &at
	}
	return v
}

func (s *Server) getReport(w http.ResponseWriter, r *http.Request) {
	c, err := s.groupConversation(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	rep, err := s.db.Report(r.Context(), c.groupID, c.partID)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	// Drafts are for the group and whoever manages the meeting.
	if rep.Status != store.ReportSubmitted && !seesGroupWork(actor(r), c.scope, c.groupID) {
		s.writeError(w, r, domain.NotFound("report"))
		return
	}
	writeJSON(w, http.StatusOK, reportView(rep))
}

// reporter checks that the caller may write the group's report.
func (s *Server) reporter(r *http.Request) (*conversation, error) {
	c, err := s.groupConversation(r)
	if err != nil {
		return nil, err
	}
	if !actor(r).CanManageGroup(c.scope.ProcessID, c.scope.MeetingID, c.groupID) {
		return nil, domain.Errorf(domain.EFORBIDDEN, "report.error_not_rapporteur", "only the group's rapporteur and the secretariat write the group's report")
	}
	return c, nil
}

func (s *Server) putReport(w http.ResponseWriter, r *http.Request) {
	c, err := s.reporter(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	var in reportInput
	if err := decode(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	rep := &store.Report{MeetingID: c.scope.MeetingID, GroupID: c.groupID, PartID: c.partID, Lang: in.Lang, Texts: map[string]store.ReportText{}, Version: in.Version}
	for l, t := range in.Texts {
		rep.Texts[l] = store.ReportText{FollowUp: t.FollowUp, RCPRole: t.RCPRole}
	}
	if err := s.db.SaveReport(r.Context(), rep); err != nil {
		s.writeError(w, r, err)
		return
	}
	status := http.StatusOK
	if rep.Version == 1 {
		status = http.StatusCreated
	}
	writeJSON(w, status, reportView(rep))
}

func (s *Server) submitReport(w http.ResponseWriter, r *http.Request) {
	c, err := s.reporter(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	var in versionInput
	if err := decode(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	rep, err := s.db.SubmitReport(r.Context(), c.groupID, c.partID, in.Version)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, reportView(rep))
}
