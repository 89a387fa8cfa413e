package api

import (
	"net/http"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/live"
	"github.com/plenary-org/plenary/internal/synthesis"
)

// The plenary's synthesis of one breakout part, as /meetings/{id}/plenary
// shows it: a column per breakout group, and the themes repeated across
// groups (synthesis.Service.Plenary). It names groups only: never an
// author or a body.

// partParam reads ?part=, which the plenary's endpoints require; when it
// is missing the meeting is checked first, so that the answer does not
// tell a meeting the caller may not see from one that does not exist.
func (s *Server) partParam(r *http.Request) (string, error) {
	id := r.URL.Query().Get("part")
	if id == "" {
		if _, err := s.viewableMeeting(r, false); err != nil {
			return "", err
		}
		return "", domain.Invalid("part", "error.required", "name the session part with ?part=")
	}
	return id, nil
}

type plenaryJSON struct {
	MeetingID string `json:"meeting_id"`
	PartID    string `json:"part_id"`
	// From is whose statements the columns and themes keep to: all,
	// partners or mechanisms (?from=).
	From     string              `json:"from"`
	Groups   int                 `json:"groups"`    // the M of "in N of M groups"
	FollowUp bool                `json:"follow_up"` // the part ranks follow-up mechanisms
	Columns  []plenaryColumnJSON `json:"columns"`
	Themes   []themeJSON         `json:"themes"`  // repeated across statements
	Singles  []themeJSON         `json:"singles"` // statements like no other
	// Candidates counts the part's candidate statements, Partners those
	// that partners wrote, whatever From keeps.
	Candidates int `json:"candidates"`
	Partners   int `json:"partners"`
	// Statements is how many statements the themes were found in; Edits
	// the chair's edits, Unapplied those that no longer fit; Version the
	// version of the edits, to send with the next edit.
	Statements int `json:"statements"`
	Edits      int `json:"edits"`
	Unapplied  int `json:"unapplied"`
	Version    int `json:"version"`
	// Overall is where the plenary's overall recommendations stand, as
	// the page's summary and the projector show it.
	Overall plenaryOverallJSON `json:"overall"`
}

// plenaryOverallJSON is the part's candidate overall recommendations
// and, once the chair confirmed, the confirmed ones in their order.
type plenaryOverallJSON struct {
	Candidates []overallItemJSON `json:"candidates"`
	Confirmed  []overallItemJSON `json:"confirmed"`
}

type overallItemJSON struct {
	ID    string `json:"id"`
	Label string `json:"label"` // R1, R2... as on the overall page
	Text  string `json:"text"`
}

func overallItems(cs []synthesis.Candidate) []overallItemJSON {
	out := []overallItemJSON{}
	for _, c := range cs {
		out = append(out, overallItemJSON{ID: c.ID, Label: c.Label, Text: c.Text})
	}
	return out
}

type plenaryColumnJSON struct {
	GroupID   string        `json:"group_id"`
	GroupName string        `json:"group_name"`
	Region    string        `json:"region"`
	Submitted bool          `json:"submitted"` // the top five are the submitted report's, else provisional
	Method    string        `json:"method"`
	Ballots   int           `json:"ballots"`
	Top       []topItemJSON `json:"top"`
	Tied      []topItemJSON `json:"tied"`
	// Answers, Agreement and Disagreement are the group report's
	// narrative: its answers to the part's guiding questions and the
	// rapporteur's points of agreement and disagreement.
	Answers      []plenaryAnswerJSON `json:"answers"`
	Agreement    string              `json:"agreement"`
	Disagreement string              `json:"disagreement"`
	FollowUp     string              `json:"follow_up"`
	RCPRole      string              `json:"rcp_role"`
	TextLang     string              `json:"text_lang"`
	Live         *liveJSON           `json:"live,omitempty"` // nil without live analysis
}

// plenaryAnswerJSON is a group report's answer to a guiding question.
type plenaryAnswerJSON struct {
	QuestionID string `json:"question_id"`
	Question   string `json:"question"`
	Text       string `json:"text"`
}

type topItemJSON struct {
	ID        string `json:"id"`
	Text      string `json:"text"`
	Lang      string `json:"lang"`
	ByPartner bool   `json:"by_partner"`      // a partner's statement, never which partner
	Place     int    `json:"place,omitempty"` // its place among the group's five, from 1; absent when tied
}

// liveJSON is what a group's conversation agrees on, rejects and is divided
// by, with the same protections as the live view: opinion groups under
// three people show no figures of their own.
type liveJSON struct {
	Participants int             `json:"participants"`
	Votes        int             `json:"votes"`
	Agree        []consensusJSON `json:"agree"`
	Reject       []consensusJSON `json:"reject"`
	Divisive     []divisiveJSON  `json:"divisive"`
	KAgreement   int             `json:"k_agreement"` // percent; -1 when the bootstrap did not run
}

type consensusJSON struct {
	StatementID string `json:"statement_id"`
	Text        string `json:"text"`
	ByPartner   bool   `json:"by_partner"`
	N           int    `json:"n"`
	Of          int    `json:"of"`
	Stability   int    `json:"stability"` // percent, -1 unknown
}

type divisiveJSON struct {
	StatementID string `json:"statement_id"`
	Text        string `json:"text"`
	ByPartner   bool   `json:"by_partner"`
	Most        string `json:"most,omitempty"` // the opinion group agreeing most
	MostNet     int    `json:"most_net"`
	Least       string `json:"least,omitempty"`
	LeastNet    int    `json:"least_net"`
	Stability   int    `json:"stability"`
}

type themeJSON struct {
	ID         string            `json:"id"`
	Label      string            `json:"label"`
	Edited     bool              `json:"edited"`
	Terms      []string          `json:"terms"`
	N          int               `json:"n"` // groups it spans
	Statements []themeMemberJSON `json:"statements"`
}

type themeMemberJSON struct {
	ID         string `json:"id"`
	Text       string `json:"text"`
	Lang       string `json:"lang"`
	GroupID    string `json:"group_id"`
	Group      string `json:"group"`
	Confidence int    `json:"confidence"` // percent
	Pinned     bool   `json:"pinned"`     // placed by the chair
	ByPartner  bool   `json:"by_partner"`
}

// plenaryInput reads the part, the language of the reports' texts
// (?lang=, else their own) and the filter (?from=) of a request.
func (s *Server) plenaryInput(r *http.Request) (synthesis.PlenaryInput, error) {
	partID, err := s.partParam(r)
	q := r.URL.Query()
	return synthesis.PlenaryInput{MeetingID: r.PathValue("id"), PartID: partID, Lang: q.Get("lang"), From: synthesis.From(q.Get("from"))}, err
}

// getPlenary answers the synthesis of a part to whoever may see the meeting.
func (s *Server) getPlenary(w http.ResponseWriter, r *http.Request) {
	in, err := s.plenaryInput(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	p, err := s.synth.Plenary(r.Context(), actor(r), in)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, plenaryView(p))
}

// plenaryView is the JSON of a synthesis.
func plenaryView(p *synthesis.Plenary) *plenaryJSON {
	out := &plenaryJSON{MeetingID: p.Meeting.ID, PartID: p.Part.ID, From: string(p.From), Groups: len(p.Groups), FollowUp: p.FollowUp,
		Columns: []plenaryColumnJSON{}, Themes: []themeJSON{}, Singles: []themeJSON{}, Statements: p.Statements, Edits: p.Edits,
		Unapplied: p.Unapplied, Version: p.Version, Candidates: p.Candidates, Partners: p.Partners,
		Overall: plenaryOverallJSON{Candidates: overallItems(p.Overall.Candidates), Confirmed: overallItems(p.Overall.Confirmed)}}
	for _, c := range p.Columns {
		col := plenaryColumnJSON{GroupID: c.Group.ID, GroupName: c.Group.Name, Region: c.Group.Region, Submitted: c.Submitted, Method: string(c.Method),
			Ballots: c.Ballots, Top: []topItemJSON{}, Tied: []topItemJSON{}, Answers: []plenaryAnswerJSON{},
			Agreement: c.Agreement, Disagreement: c.Disagreement, FollowUp: c.FollowUp, RCPRole: c.RCPRole, TextLang: c.TextLang}
		for _, a := range c.Answers {
			col.Answers = append(col.Answers, plenaryAnswerJSON{QuestionID: a.Question.ID, Question: a.Question.Text, Text: a.Text})
		}
		for _, it := range c.Top {
			col.Top = append(col.Top, topItemJSON{ID: it.ID, Text: it.Text, Lang: it.Lang, ByPartner: it.ByPartner, Place: it.Place})
		}
		for _, it := range c.Tied {
			col.Tied = append(col.Tied, topItemJSON{ID: it.ID, Text: it.Text, Lang: it.Lang, ByPartner: it.ByPartner})
		}
		if c.Live != nil {
			col.Live = liveView(c.Live)
		}
		out.Columns = append(out.Columns, col)
	}
	for _, th := range p.Themes {
		out.Themes = append(out.Themes, themeView(th))
	}
	for _, th := range p.Singles {
		out.Singles = append(out.Singles, themeView(th))
	}
	return out
}

// liveView is the JSON of a column's live analysis.
func liveView(l *synthesis.Live) *liveJSON {
	lj := &liveJSON{Participants: l.Participants, Votes: l.Votes, Agree: []consensusJSON{}, Reject: []consensusJSON{}, Divisive: []divisiveJSON{},
		KAgreement: l.KAgreement}
	consensus := func(c live.Consensus) consensusJSON {
		return consensusJSON{StatementID: c.ID, Text: c.Text, ByPartner: c.ByPartner, N: c.N, Of: c.Of, Stability: c.Stability}
	}
	for _, c := range l.Agree {
		lj.Agree = append(lj.Agree, consensus(c))
	}
	for _, c := range l.Reject {
		lj.Reject = append(lj.Reject, consensus(c))
	}
	for _, d := range l.Divisive {
		lj.Divisive = append(lj.Divisive, divisiveJSON{StatementID: d.ID, Text: d.Text, ByPartner: d.ByPartner, Most: d.Most, MostNet: d.MostNet,
			Least: d.Least, LeastNet: d.LeastNet, Stability: d.Stability})
	}
	return lj
}

// themeView is the JSON of a theme: its statements group by group.
func themeView(th synthesis.Theme) themeJSON {
	tj := themeJSON{ID: th.ID, Label: th.Label, Edited: th.Edited, Terms: orEmpty(th.Terms), N: th.N, Statements: []themeMemberJSON{}}
	for _, g := range th.ByGroup {
		for _, st := range g.Statements {
			tj.Statements = append(tj.Statements, themeMemberJSON{ID: st.ID, Text: st.Text, Lang: st.Lang, GroupID: g.Group.ID, Group: g.Group.Name,
				Confidence: st.Confidence, Pinned: st.Pinned, ByPartner: st.ByPartner})
		}
	}
	return tj
}

// themeEditInput is one edit of the part's themes: op rename (theme,
// label), merge (theme into into), move (statement to to) or split
// (statement), with the version of the edits read.
type themeEditInput struct {
	Op        string `json:"op"`
	Theme     string `json:"theme"`
	Into      string `json:"into"`
	Label     string `json:"label"`
	Statement string `json:"statement"`
	To        string `json:"to"`
	Version   *int   `json:"version"`
}

// editPlenaryThemes applies one edit of the chair or the secretariat
// (synthesis.Service.EditThemes), as POST /meetings/{id}/plenary/themes
// does, and answers the synthesis.
func (s *Server) editPlenaryThemes(w http.ResponseWriter, r *http.Request) {
	pin, err := s.plenaryInput(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	var in themeEditInput
	if err := decode(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	version, err := requireVersion(in.Version)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	ctx := r.Context()
	if _, err := s.synth.EditThemes(ctx, actor(r), synthesis.ThemeEditInput{MeetingID: pin.MeetingID, PartID: pin.PartID, Version: version,
		Op: in.Op, Theme: in.Theme, Into: in.Into, Label: in.Label, Statement: in.Statement, To: in.To}); err != nil {
		s.writeError(w, r, err)
		return
	}
	p, err := s.synth.Plenary(ctx, actor(r), pin)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, plenaryView(p))
}
