package api

import (
	"net/http"
	"time"

	"github.com/plenary-org/plenary/internal/deliberation"
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

// conversationOf names the conversation of the request: the group in the
// path, the part in the "part" query parameter, which the API requires.
func conversationOf(r *http.Request) (deliberation.ConversationInput, error) {
	in := deliberation.ConversationInput{GroupID: r.PathValue("id"), PartID: r.URL.Query().Get("part")}
	if in.PartID == "" {
		return in, domain.Invalid("part", "error.required", "name the session part with ?part=")
	}
	return in, nil
}

// statementJSON is a statement as the API shows it: never its author, and
// under the non-attribution rule not its body (the use cases leave it
// out).
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

func statementView(st *domain.Statement) statementJSON {
	return statementJSON{ID: st.ID, MeetingID: st.MeetingID, GroupID: st.GroupID, PartID: st.PartID, Kind: string(st.Kind), Text: st.Text,
		Lang: st.Lang, BodyID: st.BodyID, ByPartner: st.ByPartner, SourceID: st.SourceID, MergedInto: st.MergedInto, CreatedAt: st.CreatedAt, Version: st.Version}
}

// statementInput adds a statement to a group's conversation; without
// lang, the language is told from the text.
type statementInput struct {
	Kind     string `json:"kind"`
	Text     string `json:"text"`
	Lang     string `json:"lang"`
	SourceID string `json:"source_id"`
}

func (s *Server) listStatements(w http.ResponseWriter, r *http.Request) {
	in, err := conversationOf(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	sts, err := s.delib.Statements(r.Context(), actor(r), in)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, list[statementJSON]{Items: mapSlice(sts.Items, statementView)})
}

func (s *Server) createStatement(w http.ResponseWriter, r *http.Request) {
	conv, err := conversationOf(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	var in statementInput
	if err := decode(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	st, err := s.delib.AddStatement(r.Context(), actor(r), deliberation.StatementInput{GroupID: conv.GroupID, PartID: conv.PartID,
		Kind: domain.ContributionKind(in.Kind), Text: in.Text, Lang: in.Lang, SourceID: in.SourceID})
	if err != nil {
		s.writeError(w, r, renameFields(err, map[string]string{"source": "source_id"}))
		return
	}
	created(w, "/groups/"+st.GroupID+"/statements?part="+st.PartID, statementView(st))
}

// voteInput is a vote on a statement.
type voteInput struct {
	Value string `json:"value"`
}

func (s *Server) voteStatement(w http.ResponseWriter, r *http.Request) {
	var in voteInput
	if err := decode(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	if err := s.delib.Vote(r.Context(), actor(r), deliberation.VoteInput{StatementID: r.PathValue("id"), Value: in.Value}); err != nil {
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

func (s *Server) getBallot(w http.ResponseWriter, r *http.Request) {
	in, err := conversationOf(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	sheet, err := s.delib.Ballot(r.Context(), actor(r), in)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if sheet.Mine == nil {
		s.writeError(w, r, domain.NotFound("ballot"))
		return
	}
	writeJSON(w, http.StatusOK, ballotView(sheet.Mine))
}

func (s *Server) putBallot(w http.ResponseWriter, r *http.Request) {
	conv, err := conversationOf(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	var in ballotInput
	if err := decode(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	b, err := s.delib.PutBallot(r.Context(), actor(r), deliberation.BallotInput{ConversationInput: conv, Method: rank.Method(in.Method),
		Ranks: in.Ranks, Approved: in.Approved, Scores: in.Scores, Version: in.Version})
	if err != nil {
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
	in, err := conversationOf(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	gr, err := s.delib.Results(r.Context(), actor(r), in)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, resultsJSON{Method: string(gr.Method), ScoreMin: gr.ScoreMin, ScoreMax: gr.ScoreMax, Open: gr.Open, Frozen: gr.Frozen,
		Ballots: gr.Ballots, Stale: gr.Stale, Tally: gr.Result, Top: gr.Top,
		Candidates: mapSlice(gr.Candidates, func(st *domain.Statement) candidateJSON {
			return candidateJSON{ID: st.ID, Kind: string(st.Kind), Text: st.Text, Lang: st.Lang}
		})})
}

// reportTextJSON is a report's text in one language.
type reportTextJSON struct {
	FollowUp     string            `json:"follow_up"`
	RCPRole      string            `json:"rcp_role"`
	Agreement    string            `json:"agreement"`
	Disagreement string            `json:"disagreement"`
	Answers      map[string]string `json:"answers"` // by question ID
}

// reportTextInput is a report's text in one language as a client sends
// it: every field may be left out.
type reportTextInput reportTextJSON

// reportQuestionJSON is a guiding question the report answers.
type reportQuestionJSON struct {
	ID    string `json:"id"`
	Label string `json:"label,omitempty"`
	Text  string `json:"text"`
}

// reportJSON is a group's report for a part.
type reportJSON struct {
	ID        string                    `json:"id"`
	MeetingID string                    `json:"meeting_id"`
	GroupID   string                    `json:"group_id"`
	PartID    string                    `json:"part_id"`
	Lang      string                    `json:"lang"`
	Texts     map[string]reportTextJSON `json:"texts"`
	Status    string                    `json:"status"`
	// Questions are the part's guiding questions, which the answers are
	// keyed by; given when the report is read (GET).
	Questions   []reportQuestionJSON `json:"questions,omitempty"`
	Top         *rank.Top            `json:"top,omitempty"`
	SubmittedAt *time.Time           `json:"submitted_at,omitempty"`
	UpdatedAt   time.Time            `json:"updated_at"`
	Version     int                  `json:"version"`
}

// reportInput saves a group's draft report.
type reportInput struct {
	Lang    string                     `json:"lang"`
	Texts   map[string]reportTextInput `json:"texts"`
	Version int                        `json:"version"`
}

// versionInput names the version of the object read.
type versionInput struct {
	Version int `json:"version"`
}

func reportView(rep *store.Report) reportJSON {
	v := reportJSON{ID: rep.ID, MeetingID: rep.MeetingID, GroupID: rep.GroupID, PartID: rep.PartID, Lang: rep.Lang,
		Texts: map[string]reportTextJSON{}, Status: string(rep.Status), UpdatedAt: rep.UpdatedAt, Version: rep.Version}
	for l, t := range rep.Texts {
		answers := t.Answers
		if answers == nil {
			answers = map[string]string{}
		}
		v.Texts[l] = reportTextJSON{FollowUp: t.FollowUp, RCPRole: t.RCPRole, Agreement: t.Agreement, Disagreement: t.Disagreement, Answers: answers}
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
	in, err := conversationOf(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	gr, err := s.delib.Report(r.Context(), actor(r), in)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	// None saved yet, or a draft the caller may not read.
	if gr.Report == nil {
		s.writeError(w, r, domain.NotFound("report"))
		return
	}
	v := reportView(gr.Report)
	for _, q := range gr.Questions {
		v.Questions = append(v.Questions, reportQuestionJSON{ID: q.ID, Label: q.Label, Text: q.Text})
	}
	writeJSON(w, http.StatusOK, v)
}

func (s *Server) putReport(w http.ResponseWriter, r *http.Request) {
	conv, err := conversationOf(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	var in reportInput
	if err := decode(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	ri := deliberation.ReportInput{ConversationInput: conv, Lang: in.Lang, Texts: map[string]store.ReportText{}, Version: in.Version}
	for l, t := range in.Texts {
		ri.Texts[l] = store.ReportText{FollowUp: t.FollowUp, RCPRole: t.RCPRole, Agreement: t.Agreement, Disagreement: t.Disagreement, Answers: t.Answers}
	}
	rep, err := s.delib.SaveReport(r.Context(), actor(r), ri)
	if err != nil {
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
	conv, err := conversationOf(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	var in versionInput
	if err := decode(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	rep, err := s.delib.SubmitReport(r.Context(), actor(r), deliberation.VersionInput{ConversationInput: conv, Version: in.Version})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, reportView(rep))
}
