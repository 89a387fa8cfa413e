package web

import (
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/rank"
	"github.com/plenary-org/plenary/internal/store"
)

// groupPart is a breakout group in one session part: a conversation, as
// the ranking and report pages see it.
type groupPart struct {
	Scope   store.Scope
	Meeting *domain.Meeting
	Group   *domain.Group
	Part    *domain.Part
	Parts   []*domain.Part // the meeting's parts
	// Breakouts are the meeting's breakout parts, to switch between.
	Breakouts []*domain.Part
}

// Query returns the URL query naming the part.
func (gp *groupPart) Query() string { return "?part=" + url.QueryEscape(gp.Part.ID) }

// groupPartOf finds the group of the path and the part of the "part"
// parameter (the first breakout part of the meeting when none is given),
// checking that the actor may see the meeting.
func (s *Server) groupPartOf(r *http.Request) (*groupPart, error) {
	id := r.PathValue("id")
	sc, err := s.scope(r, "group", id, false)
	if err != nil {
		return nil, err
	}
	ctx := r.Context()
	gp := &groupPart{Scope: sc}
	if gp.Group, err = s.db.Group(ctx, id); err != nil {
		return nil, err
	}
	if gp.Meeting, err = s.db.Meeting(ctx, sc.MeetingID); err != nil {
		return nil, err
	}
	a, err := s.db.Agenda(ctx, sc.MeetingID)
	if err != nil {
		return nil, err
	}
	for _, sn := range a.Sessions {
		for _, p := range sn.Parts {
			part := p.Part
			gp.Parts = append(gp.Parts, &part)
			if part.Kind == domain.PartBreakout {
				gp.Breakouts = append(gp.Breakouts, &part)
			}
		}
	}
	want := r.FormValue("part")
	for _, p := range gp.Parts {
		if (want == "" && p.Kind == domain.PartBreakout) || (want != "" && p.ID == want) {
			gp.Part = p
			break
		}
	}
	if gp.Part == nil {
		return nil, domain.Invalid("part", "error.unknown_part", "choose one of the meeting's session parts")
	}
	return gp, nil
}

// candidateView is one candidate statement on the ballot.
type candidateView struct {
	ID    string
	Label string // "S3": short, for the tally's matrices
	Text  string
	Lang  string
	Kind  domain.ContributionKind
	// ByPartner marks a partner's statement.
	ByPartner bool
	// The caller's ballot: Rank (0 = unranked), Approved, Score ("" = none).
	Rank     int
	Approved bool
	Score    string
}

func candidateViews(cs []*domain.Statement) []candidateView {
	out := make([]candidateView, len(cs))
	for i, c := range cs {
		out[i] = candidateView{ID: c.ID, Label: "S" + strconv.Itoa(i+1), Text: c.Text, Lang: c.Lang, Kind: c.Kind, ByPartner: c.ByPartner}
	}
	return out
}

// rankView is the ballot page.
type rankView struct {
	*groupPart
	Settings   *store.RankingSettings
	Candidates []candidateView
	Places     []int // the rank numbers offered: 1..n
	Scores     []int // the scores offered for the score method
	Closed     bool  // ballots closed or the report submitted
	Version    int   // of the caller's ballot, 0 when none
	CanManage  bool
}

// showRank shows the caller's ballot for the group and part: a form that
// works without JavaScript, enhanced to drag-to-rank by ranking.js.
func (s *Server) showRank(w http.ResponseWriter, r *http.Request) {
	s.renderRank(w, r, http.StatusOK, nil, nil)
}

func (s *Server) renderRank(w http.ResponseWriter, r *http.Request, status int, posted *rank.Ballot, formErr error) {
	gp, err := s.groupPartOf(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	a := actor(r)
	if !a.CanVote(gp.Scope.ProcessID, gp.Scope.MeetingID, gp.Group.ID) {
		s.fail(w, r, domain.Errorf(domain.EFORBIDDEN, "ranking.error_not_member", "only the group's members rank its candidates"))
		return
	}
	ctx := r.Context()
	cs, set, err := s.db.Candidates(ctx, gp.Scope.MeetingID, gp.Group.ID, gp.Part.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := rankView{groupPart: gp, Settings: set, Candidates: candidateViews(cs), Closed: !set.Open,
		CanManage: a.CanManageMeeting(gp.Scope.ProcessID, gp.Scope.MeetingID)}
	if rep, err := s.db.Report(ctx, gp.Group.ID, gp.Part.ID); err == nil && rep.Status == store.ReportSubmitted {
		v.Closed = true
	}
	for i := range cs {
		v.Places = append(v.Places, i+1)
	}
	for sc := set.ScoreMin; sc <= set.ScoreMax; sc++ {
		v.Scores = append(v.Scores, sc)
	}
	b := posted
	if mine, err := s.db.Ballot(ctx, gp.Group.ID, gp.Part.ID, a.User.ID); err == nil {
		v.Version = mine.Version
		if b == nil && mine.Method == set.Method {
			rb := rank.Ballot{Ranks: mine.Ranks, Approved: mine.Approved, Scores: mine.Scores}
			b = &rb
		}
	} else if domain.ErrorCode(err) != domain.ENOTFOUND {
		s.fail(w, r, err)
		return
	}
	if b != nil {
		fillBallot(v.Candidates, b)
	}
	pg := s.page(r, "", v)
	pg.Title = pg.T("ranking.title", gp.Group.Name)
	if formErr != nil {
		if !pg.fieldErrors(formErr) {
			pg.FormError = pg.message(formErr)
		}
	}
	s.render(w, r, status, "ranking", pg)
}

// fillBallot marks the candidates with what ballot b says of them.
func fillBallot(cs []candidateView, b *rank.Ballot) {
	place := map[string]int{}
	n := 1
	for _, level := range b.Ranks {
		for _, id := range level {
			place[id] = n
		}
		n += len(level)
	}
	for i := range cs {
		c := &cs[i]
		c.Rank = place[c.ID]
		c.Approved = slices.Contains(b.Approved, c.ID)
		if sc, ok := b.Scores[c.ID]; ok {
			c.Score = strconv.FormatFloat(sc, 'f', -1, 64)
		}
	}
}

// parseBallotForm reads a ballot form: "rank_<id>" holds a place (1 for
// the first; equal places are ties; empty leaves the candidate unranked)
// for Schulze and Borda, "approve" the approved candidates for approval,
// "score_<id>" a whole score (empty: not scored) for score. It checks the
// form's shape; rank.Tally checks the ballot against the candidates.
func parseBallotForm(method rank.Method, candidates []string, form url.Values) (rank.Ballot, error) {
	var b rank.Ballot
	var errs domain.Errors
	switch method {
	case rank.Schulze, rank.Borda:
		byPlace := map[int][]string{}
		for _, id := range candidates {
			v := strings.TrimSpace(form.Get("rank_" + id))
			if v == "" {
				continue
			}
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 || n > len(candidates) {
				errs = append(errs, domain.Invalid("rank_"+id, "ranking.error_place", "choose a place from 1 to %d, or leave it blank", len(candidates)))
				continue
			}
			byPlace[n] = append(byPlace[n], id)
		}
		places := make([]int, 0, len(byPlace))
		for p := range byPlace {
			places = append(places, p)
		}
		sort.Ints(places)
		for _, p := range places {
			b.Ranks = append(b.Ranks, byPlace[p])
		}
	case rank.Approval:
		for _, id := range form["approve"] {
			if slices.Contains(candidates, id) && !slices.Contains(b.Approved, id) {
				b.Approved = append(b.Approved, id)
			}
		}
	case rank.Score:
		for _, id := range candidates {
			v := strings.TrimSpace(form.Get("score_" + id))
			if v == "" {
				continue
			}
			n, err := strconv.Atoi(v)
			if err != nil {
				errs = append(errs, domain.Invalid("score_"+id, "error.number", "must be a whole number"))
				continue
			}
			if b.Scores == nil {
				b.Scores = map[string]float64{}
			}
			b.Scores[id] = float64(n)
		}
	default:
		errs = append(errs, domain.Invalid("method", "ranking.error_method", "choose Schulze, Borda, approval or score"))
	}
	return b, errs.Err()
}

// castBallot saves the caller's ballot from the form.
func (s *Server) castBallot(w http.ResponseWriter, r *http.Request) {
	gp, err := s.groupPartOf(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	a := actor(r)
	if !a.CanVote(gp.Scope.ProcessID, gp.Scope.MeetingID, gp.Group.ID) {
		s.fail(w, r, domain.Errorf(domain.EFORBIDDEN, "ranking.error_not_member", "only the group's members rank its candidates"))
		return
	}
	cs, set, err := s.db.Candidates(r.Context(), gp.Scope.MeetingID, gp.Group.ID, gp.Part.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	method := rank.Method(r.PostFormValue("method"))
	if method != set.Method {
		s.renderRank(w, r, http.StatusConflict, nil, domain.Errorf(domain.ECONFLICT, "ranking.error_method_changed", "the ranking method changed since you opened the page; fill in the ballot again"))
		return
	}
	rb, err := parseBallotForm(method, candidateIDs(cs), r.PostForm)
	if err == nil {
		b := &store.Ballot{MeetingID: gp.Scope.MeetingID, GroupID: gp.Group.ID, PartID: gp.Part.ID, UserID: a.User.ID, Method: method,
			Ranks: rb.Ranks, Approved: rb.Approved, Scores: rb.Scores}
		if b.Version, err = formInt(r, "version"); err == nil {
			err = s.db.PutBallot(r.Context(), b)
		}
	}
	if err != nil {
		if c := domain.ErrorCode(err); c == domain.EINVALID || c == domain.ECONFLICT {
			s.renderRank(w, r, statusOf(err), &rb, err)
			return
		}
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/groups/"+gp.Group.ID+"/rank"+gp.Query(), "ranking.saved")
}

func candidateIDs(cs []*domain.Statement) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.ID
	}
	return out
}

// settingsView is the ranking settings form of a part.
type settingsView struct {
	Part       *domain.Part
	Meeting    *domain.Meeting
	Settings   *store.RankingSettings
	Methods    []rank.Method
	Candidates []store.CandidateSet
}

func (s *Server) rankingSettings(w http.ResponseWriter, r *http.Request) {
	s.renderSettings(w, r, http.StatusOK, nil, nil)
}

func (s *Server) renderSettings(w http.ResponseWriter, r *http.Request, status int, set *store.RankingSettings, formErr error) {
	id := r.PathValue("id")
	sc, err := s.scope(r, "part", id, true)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ctx := r.Context()
	p, err := s.db.Part(ctx, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	m, err := s.db.Meeting(ctx, sc.MeetingID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if set == nil {
		if set, err = s.db.RankingSettings(ctx, id); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	pg := s.page(r, "", settingsView{Part: p, Meeting: m, Settings: set, Methods: rank.Methods(), Candidates: store.CandidateSets})
	pg.Title = pg.T("ranking.settings_title", p.Title)
	if formErr != nil {
		s.formFailure(w, r, formErr, "ranking_settings", pg)
		return
	}
	s.render(w, r, status, "ranking_settings", pg)
}

func (s *Server) saveRankingSettings(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if _, err := s.scope(r, "part", id, true); err != nil {
		s.fail(w, r, err)
		return
	}
	set := &store.RankingSettings{PartID: id, Method: rank.Method(r.PostFormValue("method")),
		Candidates: store.CandidateSet(r.PostFormValue("candidates")), Open: formBool(r, "open")}
	var errs domain.Errors
	for _, f := range []struct {
		name string
		dst  *int
	}{{"score_min", &set.ScoreMin}, {"score_max", &set.ScoreMax}, {"version", &set.Version}} {
		n, err := formInt(r, f.name)
		if err != nil {
			errs = append(errs, err.(*domain.Error))
		}
		*f.dst = n
	}
	err := errs.Err()
	if err == nil {
		err = s.db.PutRankingSettings(r.Context(), set)
	}
	if err != nil {
		s.renderSettings(w, r, statusOf(err), set, err)
		return
	}
	s.redirect(w, r, "/parts/"+id+"/ranking/settings", "flash.saved")
}
