package web

import (
	"math/big"
	"net/http"
	"strconv"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/rank"
	"github.com/plenary-org/plenary/internal/store"
)

// overallView is the plenary's page of overall recommendations for one
// breakout part: the themes to draw candidates from, the plenary ballot,
// the tally with each breakout group's equal say, how robust the top five
// is, and the chair's confirmation.
type overallView struct {
	*plenaryView
	Candidates []candidateView
	// Offer are the themes not yet drawn into a candidate, with the text
	// the form is prefilled with.
	Offer     []overallOffer
	CanEdit   bool   // the chair and the secretariat: candidates, confirmation
	CanReopen bool   // the secretariat
	VoteGroup string // the caller's breakout group's name when they may rank
	Version   int    // of the caller's ballot
	Places    []int
	Closed    bool
	Tally     tallyView
	Weights   []overallWeight
	Robust    *overallRobust
	Confirmed *store.OverallConfirmation
	Chosen    []candidateView // the confirmed recommendations
	Preselect map[string]bool // the confirmation form's ticked boxes
	TopSize   int
	// The part's plenary method (overall_edit.go): the ballot form
	// follows it; the chair and the secretariat set it.
	Settings *store.OverallSettings
	Ballot   ballotForm
	Methods  []rank.Method
	Cast     int                        // plenary ballots cast: the method is locked when > 0
	Edit     map[string]overallEditForm // candidate id -> its edit form
}

// overallOffer is a theme that may become a candidate.
type overallOffer struct {
	ID, Label, Text string
	N, Size         int
}

// overallWeight is one breakout group's share of the count.
type overallWeight struct {
	Group   string
	Ballots int
	Each    string // the weight of each of its ballots, as a fraction
}

// overallRobust is what becomes of the top five without each group.
type overallRobust struct {
	Stable bool
	Groups []overallEffect
}

type overallEffect struct {
	Group   string
	Ballots int
	Changed bool
	Changes []overallChange
}

type overallChange struct {
	Label, Text string
	From, To    rank.Status
}

// overallVoteGroup returns the breakout group the actor ranks for in
// plenary: the group of a membership that may vote in the meeting; "" when
// they may not rank.
func overallVoteGroup(a *domain.Actor, processID, meetingID string) string {
	if !a.CanVote(processID, meetingID, "") {
		return ""
	}
	for _, m := range a.Memberships {
		if m.GroupID != "" && m.ProcessID == processID && (m.MeetingID == "" || m.MeetingID == meetingID) && a.CanVote(processID, meetingID, m.GroupID) {
			return m.GroupID
		}
	}
	return ""
}

// overallCount is a part's candidates, ballots and count.
type overallCount struct {
	cands   []*store.OverallCandidate
	views   []candidateView
	ballots []rank.Ballot
	res     *rank.Result
	top     rank.Top
	robust  *rank.Robustness
	set     *store.OverallSettings
}

func (s *Server) overallCount(r *http.Request, meetingID, partID string) (*overallCount, error) {
	t, err := s.db.OverallTally(r.Context(), meetingID, partID)
	if err != nil {
		return nil, err
	}
	oc := &overallCount{cands: t.Candidates, ballots: t.Ballots, res: t.Result, top: t.Top, robust: t.Robustness, set: t.Settings}
	for i, c := range oc.cands {
		oc.views = append(oc.views, candidateView{ID: c.ID, Label: overallLabel(i), Text: c.Text})
	}
	return oc, nil
}

// overallLabel is the short name of the i-th candidate (from 0): R1, R2...
func overallLabel(i int) string { return "R" + strconv.Itoa(i+1) }

func (s *Server) showOverall(w http.ResponseWriter, r *http.Request) {
	s.renderOverall(w, r, http.StatusOK, nil, nil)
}

func (s *Server) renderOverall(w http.ResponseWriter, r *http.Request, status int, posted *rank.Ballot, formErr error) {
	sc, pv, err := s.plenaryPart(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	a := actor(r)
	v := &overallView{plenaryView: pv, CanEdit: a.CanEditPlenary(sc.ProcessID, sc.MeetingID), CanReopen: a.CanManageMeeting(sc.ProcessID, sc.MeetingID),
		TopSize: store.OverallTopSize, Preselect: map[string]bool{}}
	if pv.Part != nil {
		if err := s.fillOverall(r, sc, v, posted); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	pg := s.page(r, "", v)
	pg.Title = pg.T("overall.title")
	if formErr != nil && !pg.fieldErrors(formErr) {
		pg.FormError = pg.message(formErr)
	}
	s.render(w, r, status, "overall", pg)
}

func (s *Server) fillOverall(r *http.Request, sc store.Scope, v *overallView, posted *rank.Ballot) error {
	ctx := r.Context()
	a := actor(r)
	groups, err := s.db.Groups(ctx, sc.MeetingID)
	if err != nil {
		return err
	}
	oc, err := s.overallCount(r, sc.MeetingID, v.Part.ID)
	if err != nil {
		return err
	}
	v.Candidates = oc.views
	for i := range oc.views {
		v.Places = append(v.Places, i+1)
	}
	if err := s.fillOverallMethod(r, v, oc); err != nil {
		return err
	}
	conf, err := s.db.OverallConfirmation(ctx, sc.MeetingID, v.Part.ID)
	switch {
	case err == nil:
		v.Confirmed, v.Closed = conf, true
		for _, id := range conf.Selected {
			for _, c := range oc.views {
				if c.ID == id {
					v.Chosen = append(v.Chosen, c)
				}
			}
		}
	case domain.ErrorCode(err) != domain.ENOTFOUND:
		return err
	}
	if g := overallVoteGroup(a, sc.ProcessID, sc.MeetingID); g != "" {
		v.VoteGroup = groupName(groups, g)
		b := posted
		mine, err := s.db.MyOverallBallot(ctx, v.Part.ID, a.User.ID)
		switch {
		case err == nil:
			v.Version = mine.Version
			if b == nil && mine.Method == oc.set.Method {
				rb := mine.Rank()
				b = &rb
			}
		case domain.ErrorCode(err) != domain.ENOTFOUND:
			return err
		}
		if b != nil {
			fillBallot(v.Candidates, b)
		}
	}
	v.Ballot.Candidates = v.Candidates
	v.Tally = newTallyView(oc.set.Method, oc.set.ScoreMin, oc.set.ScoreMax, oc.views, oc.res, oc.top, len(oc.ballots))
	for _, id := range oc.top.Selected {
		v.Preselect[id] = true
	}
	count := map[string]int{}
	for _, b := range oc.ballots {
		count[b.Group]++
	}
	for _, g := range groups {
		if n := count[g.ID]; n > 0 {
			v.Weights = append(v.Weights, overallWeight{Group: g.Name, Ballots: n, Each: big.NewRat(1, int64(n)).RatString()})
		}
	}
	if oc.robust != nil {
		label := map[string]candidateView{}
		for _, c := range oc.views {
			label[c.ID] = c
		}
		v.Robust = &overallRobust{Stable: oc.robust.Stable}
		for _, g := range groups {
			for _, e := range oc.robust.Groups {
				if e.Group != g.ID {
					continue
				}
				ef := overallEffect{Group: g.Name, Ballots: e.Ballots, Changed: e.Changed}
				for _, ch := range e.Changes {
					ef.Changes = append(ef.Changes, overallChange{Label: label[ch.Candidate].Label, Text: label[ch.Candidate].Text, From: ch.From, To: ch.To})
				}
				v.Robust.Groups = append(v.Robust.Groups, ef)
			}
		}
	}
	if v.CanEdit && v.Confirmed == nil {
		pt, err := s.synth.PartThemes(ctx, a, sc.MeetingID, v.Part.ID)
		if err != nil {
			return err
		}
		res, byID := pt.Result, pt.Statements
		drawn := map[string]bool{}
		for _, c := range oc.cands {
			drawn[c.ThemeID] = true
		}
		for _, th := range res.Themes {
			if drawn[th.ID] {
				continue
			}
			text := th.Label
			if st := byID[th.Medoid]; st != nil && !th.LabelEdited {
				text = st.Text
			}
			v.Offer = append(v.Offer, overallOffer{ID: th.ID, Label: th.Label, Text: text, N: len(th.Groups), Size: len(th.Members)})
		}
	}
	return nil
}

// overallPartForm finds the meeting and part of a POST, which must name
// the part.
func (s *Server) overallPartForm(w http.ResponseWriter, r *http.Request) (store.Scope, *plenaryView, bool) {
	sc, v, err := s.plenaryPart(r)
	if err == nil && (v.Part == nil || r.PostFormValue("part") == "") {
		err = domain.Invalid("part", "error.unknown_part", "choose one of the meeting's session parts")
	}
	if err != nil {
		s.fail(w, r, err)
		return sc, nil, false
	}
	return sc, v, true
}

func (s *Server) overallURL(meetingID string, v *plenaryView, anchor string) string {
	return "/meetings/" + meetingID + "/overall" + v.Query() + anchor
}

// addOverallCandidate turns one of the part's themes into a candidate
// overall recommendation: the chair and the secretariat only.
func (s *Server) addOverallCandidate(w http.ResponseWriter, r *http.Request) {
	sc, v, ok := s.overallPartForm(w, r)
	if !ok {
		return
	}
	if !actor(r).CanEditPlenary(sc.ProcessID, sc.MeetingID) {
		s.fail(w, r, domain.Forbidden())
		return
	}
	ctx := r.Context()
	pt, err := s.synth.PartThemes(ctx, actor(r), sc.MeetingID, v.Part.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	res := pt.Result
	c := &store.OverallCandidate{MeetingID: sc.MeetingID, PartID: v.Part.ID, Text: r.PostFormValue("text")}
	themeID := r.PostFormValue("theme")
	for _, th := range res.Themes {
		if th.ID == themeID && themeID != "" {
			c.ThemeID = th.ID
			for _, m := range th.Members {
				c.Statements = append(c.Statements, m.ID)
			}
		}
	}
	if c.ThemeID == "" {
		err = domain.Invalid("theme", "plenary.error_theme", "choose one of the themes shown")
	} else {
		err = s.db.AddOverallCandidate(ctx, c)
	}
	if err != nil {
		if c := domain.ErrorCode(err); c == domain.EINVALID || c == domain.ECONFLICT {
			s.renderOverall(w, r, statusOf(err), nil, err)
			return
		}
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, s.overallURL(sc.MeetingID, v, "#candidates"), "overall.added")
}

// castOverallBallot saves the caller's plenary ballot: members who may
// vote in the meeting and belong to a breakout group.
func (s *Server) castOverallBallot(w http.ResponseWriter, r *http.Request) {
	sc, v, ok := s.overallPartForm(w, r)
	if !ok {
		return
	}
	a := actor(r)
	g := overallVoteGroup(a, sc.ProcessID, sc.MeetingID)
	if g == "" {
		s.fail(w, r, domain.Errorf(domain.EFORBIDDEN, "overall.error_not_voter", "only members of a breakout group who may vote rank the overall recommendations"))
		return
	}
	cs, err := s.db.OverallCandidates(r.Context(), sc.MeetingID, v.Part.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	set, err := s.db.OverallSettings(r.Context(), sc.MeetingID, v.Part.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// The form names the method it was drawn for: a ballot filled in under
	// another method is a conflict, never read as this one.
	if m := r.PostFormValue("method"); m != "" && rank.Method(m) != set.Method {
		s.renderOverall(w, r, http.StatusConflict, nil, domain.Errorf(domain.ECONFLICT, "ranking.error_method_changed", "the ranking method changed since you opened the page; fill in the ballot again"))
		return
	}
	ids := make([]string, len(cs))
	for i, c := range cs {
		ids[i] = c.ID
	}
	rb, err := parseBallotForm(set.Method, ids, r.PostForm)
	if err == nil {
		b := &store.OverallBallot{MeetingID: sc.MeetingID, PartID: v.Part.ID, UserID: a.User.ID, GroupID: g, Method: set.Method,
			Ranks: rb.Ranks, Approved: rb.Approved, Scores: rb.Scores}
		if b.Version, err = formInt(r, "version"); err == nil {
			err = s.db.PutOverallBallot(r.Context(), b)
		}
	}
	if err != nil {
		if c := domain.ErrorCode(err); c == domain.EINVALID || c == domain.ECONFLICT {
			s.renderOverall(w, r, statusOf(err), &rb, err)
			return
		}
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, s.overallURL(sc.MeetingID, v, "#ballot"), "ranking.saved")
}

// confirmOverall stores the five overall recommendations the chair (or
// the secretariat) confirms, with the tally, and closes the ranking.
func (s *Server) confirmOverall(w http.ResponseWriter, r *http.Request) {
	sc, v, ok := s.overallPartForm(w, r)
	if !ok {
		return
	}
	a := actor(r)
	if !a.CanEditPlenary(sc.ProcessID, sc.MeetingID) {
		s.fail(w, r, domain.Errorf(domain.EFORBIDDEN, "overall.error_not_chair", "only the chair or the secretariat confirms the overall recommendations"))
		return
	}
	ctx := r.Context()
	t, err := s.db.OverallTally(ctx, sc.MeetingID, v.Part.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	groups, err := s.db.Groups(ctx, sc.MeetingID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	js, err := t.Snapshot(groups)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// The boxes ticked, in the tally's order.
	sel := t.InTallyOrder(r.PostForm["selected"])
	err = s.db.ConfirmOverall(ctx, &store.OverallConfirmation{MeetingID: sc.MeetingID, PartID: v.Part.ID, Selected: sel, Snapshot: js, ConfirmedBy: a.User.ID})
	if err != nil {
		if c := domain.ErrorCode(err); c == domain.EINVALID || c == domain.ECONFLICT {
			s.renderOverall(w, r, statusOf(err), nil, err)
			return
		}
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, s.overallURL(sc.MeetingID, v, "#confirmed"), "overall.confirmed_flash")
}

// reopenOverall removes the confirmation: the secretariat only.
func (s *Server) reopenOverall(w http.ResponseWriter, r *http.Request) {
	sc, v, ok := s.overallPartForm(w, r)
	if !ok {
		return
	}
	if !actor(r).CanManageMeeting(sc.ProcessID, sc.MeetingID) {
		s.fail(w, r, domain.Forbidden())
		return
	}
	if err := s.db.ReopenOverall(r.Context(), sc.MeetingID, v.Part.ID); err != nil {
		if domain.ErrorCode(err) == domain.ENOTFOUND {
			s.renderOverall(w, r, http.StatusConflict, nil, domain.Errorf(domain.ECONFLICT, "overall.error_not_confirmed", "nothing is confirmed yet"))
			return
		}
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, s.overallURL(sc.MeetingID, v, ""), "overall.reopened")
}
