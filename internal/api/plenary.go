package api

import (
	"context"
	"math"
	"net/http"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/live"
	"github.com/plenary-org/plenary/internal/opinion"
	"github.com/plenary-org/plenary/internal/rank"
)

// The plenary's synthesis of one breakout part, as /meetings/{id}/plenary
// shows it: a column per breakout group, and the themes repeated across
// groups. It names groups only: never an author or a body.

// plenaryPart is the meeting of the path and the part of ?part=, checked
// against what the caller may see.
type plenaryPart struct {
	meeting *domain.Meeting
	partID  string
	groups  []*domain.Group
}

func (s *Server) plenaryPartOf(r *http.Request) (*plenaryPart, error) {
	m, err := s.viewableMeeting(r, false)
	if err != nil {
		return nil, err
	}
	pp := &plenaryPart{meeting: m, partID: r.URL.Query().Get("part")}
	if pp.partID == "" {
		return nil, domain.Invalid("part", "error.required", "name the session part with ?part=")
	}
	// A breakout part of the meeting, as on the pages.
	ps, err := s.db.ScopeOf(r.Context(), "part", pp.partID)
	var part *domain.Part
	if err == nil && ps.MeetingID == m.ID {
		part, err = s.db.Part(r.Context(), pp.partID)
	}
	if err != nil || ps.MeetingID != m.ID || part.Kind != domain.PartBreakout {
		return nil, domain.Invalid("part", "error.unknown_part", "choose one of the meeting's session parts")
	}
	if pp.groups, err = s.db.Groups(r.Context(), m.ID); err != nil {
		return nil, err
	}
	return pp, nil
}

// canEditPlenary reports whether the actor edits the plenary's themes and
// candidates: whoever manages the meeting and the chair of the process or
// of the meeting (as on the pages).
func canEditPlenary(a *domain.Actor, processID, meetingID string) bool {
	if a.CanManageMeeting(processID, meetingID) {
		return true
	}
	if !a.LoggedIn() {
		return false
	}
	for _, m := range a.Memberships {
		if m.ProcessID == processID && (m.MeetingID == "" || m.MeetingID == meetingID) && m.Role == domain.RoleChair {
			return true
		}
	}
	return false
}

type plenaryJSON struct {
	MeetingID string              `json:"meeting_id"`
	PartID    string              `json:"part_id"`
	Groups    int                 `json:"groups"` // the M of "in N of M groups"
	Columns   []plenaryColumnJSON `json:"columns"`
	Themes    []themeJSON         `json:"themes"`  // repeated across statements
	Singles   []themeJSON         `json:"singles"` // statements like no other
	// Statements is how many statements the themes were found in; Edits
	// the chair's edits, Unapplied those that no longer fit; Version the
	// version of the edits, to send with the next edit.
	Statements int `json:"statements"`
	Edits      int `json:"edits"`
	Unapplied  int `json:"unapplied"`
	Version    int `json:"version"`
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
	FollowUp  string        `json:"follow_up"`
	RCPRole   string        `json:"rcp_role"`
	TextLang  string        `json:"text_lang"`
	Live      *liveJSON     `json:"live,omitempty"` // nil without live analysis
}

type topItemJSON struct {
	ID        string `json:"id"`
	Text      string `json:"text"`
	Lang      string `json:"lang"`
	ByPartner bool   `json:"by_partner"` // a partner's statement, never which partner
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

func pctOf(f float64) int { return int(math.Round(100 * f)) }

func pctOrUnknown(f *float64) int {
	if f == nil {
		return -1
	}
	return pctOf(*f)
}

// getPlenary answers the synthesis of a part to whoever may see the meeting.
func (s *Server) getPlenary(w http.ResponseWriter, r *http.Request) {
	pp, err := s.plenaryPartOf(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out, err := s.plenary(r.Context(), pp)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) plenary(ctx context.Context, pp *plenaryPart) (*plenaryJSON, error) {
	out := &plenaryJSON{MeetingID: pp.meeting.ID, PartID: pp.partID, Groups: len(pp.groups), Columns: []plenaryColumnJSON{}, Themes: []themeJSON{}, Singles: []themeJSON{}}
	for _, g := range pp.groups {
		col, err := s.plenaryColumn(ctx, pp.meeting.ID, g, pp.partID)
		if err != nil {
			return nil, err
		}
		out.Columns = append(out.Columns, col)
	}
	res, byID, te, err := s.db.PartThemes(ctx, pp.meeting.ID, pp.partID, pp.groups, s.themes)
	if err != nil {
		return nil, err
	}
	out.Version, out.Edits, out.Statements = te.Version, len(te.Edits), len(res.Statements)
	for _, o := range res.Edits {
		if !o.Applied {
			out.Unapplied++
		}
	}
	names := map[string]string{}
	for _, g := range pp.groups {
		names[g.ID] = g.Name
	}
	for _, th := range res.Themes {
		tj := themeJSON{ID: th.ID, Label: th.Label, Edited: th.LabelEdited, Terms: orEmpty(th.Terms), N: len(th.Groups), Statements: []themeMemberJSON{}}
		for _, m := range th.Members {
			st := byID[m.ID]
			if st == nil {
				continue
			}
			tj.Statements = append(tj.Statements, themeMemberJSON{ID: st.ID, Text: st.Text, Lang: st.Lang, GroupID: st.GroupID, Group: names[st.GroupID],
				Confidence: pctOf(m.Confidence), Pinned: m.Pinned, ByPartner: st.ByPartner})
		}
		if len(th.Members) > 1 {
			out.Themes = append(out.Themes, tj)
		} else {
			out.Singles = append(out.Singles, tj)
		}
	}
	return out, nil
}

// plenaryColumn is one group's column: the submitted report's five, else
// the current tally's (provisional); the report's texts; the live
// analysis.
func (s *Server) plenaryColumn(ctx context.Context, meetingID string, g *domain.Group, partID string) (plenaryColumnJSON, error) {
	col := plenaryColumnJSON{GroupID: g.ID, GroupName: g.Name, Region: g.Region, Top: []topItemJSON{}, Tied: []topItemJSON{}}
	rep, err := s.db.Report(ctx, g.ID, partID)
	if err != nil && domain.ErrorCode(err) != domain.ENOTFOUND {
		return col, err
	}
	if rep != nil {
		// The report's texts in the language they were written in.
		if t, ok := rep.Texts[rep.Lang]; ok {
			col.FollowUp, col.RCPRole, col.TextLang = t.FollowUp, t.RCPRole, rep.Lang
		}
	}
	type cand struct {
		text, lang string
		partner    bool
	}
	cands := map[string]cand{}
	var top rank.Top
	if rep != nil && rep.Snapshot != nil {
		sn := rep.Snapshot
		col.Submitted, col.Method, col.Ballots, top = true, string(sn.Method), sn.Ballots, sn.Top
		for _, c := range sn.Candidates {
			cands[c.ID] = cand{c.Text, c.Lang, c.ByPartner}
		}
	} else {
		t, err := s.db.Tally(ctx, meetingID, g.ID, partID)
		if err != nil {
			return col, err
		}
		col.Method, col.Ballots, top = string(t.Settings.Method), t.Ballots, t.Top
		for _, c := range t.Candidates {
			cands[c.ID] = cand{c.Text, c.Lang, c.ByPartner}
		}
	}
	for _, id := range top.Selected {
		col.Top = append(col.Top, topItemJSON{ID: id, Text: cands[id].text, Lang: cands[id].lang, ByPartner: cands[id].partner})
	}
	for _, id := range top.Tied {
		col.Tied = append(col.Tied, topItemJSON{ID: id, Text: cands[id].text, Lang: cands[id].lang, ByPartner: cands[id].partner})
	}
	if s.live != nil {
		key := live.Key{Meeting: meetingID, Group: g.ID}
		snap := s.live.Latest(key)
		if snap == nil {
			if snap, err = s.live.Current(ctx, key); err != nil {
				return col, err
			}
		}
		col.Live = liveOf(snap, partID)
	}
	return col, nil
}

// shownDivisive is how many of the statements that divide a group are
// listed (the pages list as many), the most divisive of the part first.
const shownDivisive = 5

// minShownGroup is the smallest opinion group whose own figures are shown.
const minShownGroup = 3

// liveOf lays out a conversation's analysis, whose lists keep to the
// statements of the part (and those of no part): the analysis covers every
// part of the group's conversation.
func liveOf(snap *live.Snapshot, partID string) *liveJSON {
	lj := &liveJSON{Agree: []consensusJSON{}, Reject: []consensusJSON{}, Divisive: []divisiveJSON{}, KAgreement: -1}
	if snap == nil {
		return lj
	}
	pc := snap.ForPart(partID)
	lj.Participants, lj.Votes = pc.Participants, pc.Votes
	res := snap.Result
	if res == nil {
		return lj
	}
	if res.Stability != nil {
		lj.KAgreement = pctOf(res.Stability.KAgreement)
	}
	stmt := func(seq int64) *domain.Statement {
		id := snap.StatementIDs[seq]
		for _, st := range snap.Statements {
			if st.ID == id {
				return st
			}
		}
		return &domain.Statement{ID: id}
	}
	text := func(seq int64) (string, string, bool) {
		st := stmt(seq)
		return st.ID, st.Text, st.ByPartner
	}
	otherPart := func(seq int64) bool {
		p := stmt(seq).PartID
		return p != "" && p != partID
	}
	for _, c := range res.Consensus.Agree {
		if otherPart(c.Statement) {
			continue
		}
		row := consensusJSON{N: int(math.Round(c.NSuccess)), Of: int(math.Round(c.NTrials)), Stability: pctOrUnknown(c.Stability)}
		row.StatementID, row.Text, row.ByPartner = text(c.Statement)
		lj.Agree = append(lj.Agree, row)
	}
	for _, c := range res.Consensus.Disagree {
		if otherPart(c.Statement) {
			continue
		}
		row := consensusJSON{N: int(math.Round(c.NSuccess)), Of: int(math.Round(c.NTrials)), Stability: pctOrUnknown(c.Stability)}
		row.StatementID, row.Text, row.ByPartner = text(c.Statement)
		lj.Reject = append(lj.Reject, row)
	}
	for _, d := range res.Divisive {
		if len(lj.Divisive) == shownDivisive {
			break
		}
		if otherPart(d.Statement) {
			continue
		}
		row := divisiveJSON{Stability: pctOrUnknown(d.Stability)}
		row.StatementID, row.Text, row.ByPartner = text(d.Statement)
		most, least := -1, -1
		for gi, net := range d.ByGroup {
			if gi >= len(res.Groups) {
				break
			}
			if res.Groups[gi].Size < minShownGroup {
				continue
			}
			if most < 0 || net > d.ByGroup[most] {
				most = gi
			}
			if least < 0 || net < d.ByGroup[least] {
				least = gi
			}
		}
		if most >= 0 && least >= 0 && most != least {
			row.Most, row.MostNet = opinion.GroupName(res.Groups[most].ID), pctOf(d.ByGroup[most])
			row.Least, row.LeastNet = opinion.GroupName(res.Groups[least].ID), pctOf(d.ByGroup[least])
		}
		lj.Divisive = append(lj.Divisive, row)
	}
	return lj
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

// editPlenaryThemes applies one edit of the chair or the secretariat, as
// POST /meetings/{id}/plenary/themes does, and answers the synthesis.
func (s *Server) editPlenaryThemes(w http.ResponseWriter, r *http.Request) {
	pp, err := s.plenaryPartOf(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	a := actor(r)
	if !canEditPlenary(a, pp.meeting.ProcessID, pp.meeting.ID) {
		s.writeError(w, r, domain.Forbidden())
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
	res, byID, te, err := s.db.PartThemes(ctx, pp.meeting.ID, pp.partID, pp.groups, s.themes)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if te.Version != version {
		s.writeError(w, r, domain.Conflict("the themes"))
		return
	}
	e, err := checkThemeEdit(in, res)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if err := s.addThemeEdit(ctx, pp, byID, te, version, e, a.User.ID); err != nil {
		s.writeError(w, r, err)
		return
	}
	out, err := s.plenary(ctx, pp)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, out)
}
