package web

import (
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/plenary-org/plenary/internal/deliberation"
	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/rank"
	"github.com/plenary-org/plenary/internal/store"
)

// groupPart is a breakout group in one session part, as the ranking and
// report pages see it (see [deliberation.Conversation]).
type groupPart struct {
	*deliberation.Conversation
}

// Query returns the URL query naming the part.
func (gp *groupPart) Query() string { return "?part=" + url.QueryEscape(gp.Part.ID) }

// conversationOf names the conversation of the request: the group of the
// path and the part of the "part" parameter (the first breakout part of
// the meeting when none is given).
func conversationOf(r *http.Request) deliberation.ConversationInput {
	return deliberation.ConversationInput{GroupID: r.PathValue("id"), PartID: r.FormValue("part")}
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
	sheet, err := s.delib.Ballot(r.Context(), actor(r), conversationOf(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	set := sheet.Settings
	v := rankView{groupPart: &groupPart{sheet.Conversation}, Settings: set, Candidates: candidateViews(sheet.Candidates), Closed: sheet.Closed, CanManage: sheet.CanManage}
	for i := range sheet.Candidates {
		v.Places = append(v.Places, i+1)
	}
	for sc := set.ScoreMin; sc <= set.ScoreMax; sc++ {
		v.Scores = append(v.Scores, sc)
	}
	b := posted
	if mine := sheet.Mine; mine != nil {
		v.Version = mine.Version
		if b == nil && mine.Method == set.Method {
			rb := mine.Rank()
			b = &rb
		}
	}
	if b != nil {
		fillBallot(v.Candidates, b)
	}
	pg := s.page(r, "", v)
	pg.Title = pg.T("ranking.title", pg.Text(sheet.Group, "name").Text)
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
	in := conversationOf(r)
	sheet, err := s.delib.Ballot(r.Context(), actor(r), in)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	method := rank.Method(r.PostFormValue("method"))
	if method != sheet.Settings.Method {
		s.renderRank(w, r, http.StatusConflict, nil, domain.Errorf(domain.ECONFLICT, "ranking.error_method_changed", "the ranking method changed since you opened the page; fill in the ballot again"))
		return
	}
	ids := make([]string, len(sheet.Candidates))
	for i, c := range sheet.Candidates {
		ids[i] = c.ID
	}
	rb, err := parseBallotForm(method, ids, r.PostForm)
	if err == nil {
		bi := deliberation.BallotInput{ConversationInput: in, Method: method, Ranks: rb.Ranks, Approved: rb.Approved, Scores: rb.Scores}
		if bi.Version, err = formInt(r, "version"); err == nil {
			_, err = s.delib.PutBallot(r.Context(), actor(r), bi)
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
	s.redirect(w, r, "/groups/"+sheet.Group.ID+"/rank"+(&groupPart{sheet.Conversation}).Query(), "ranking.saved")
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
	ps, err := s.delib.RankingSettings(r.Context(), actor(r), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if set == nil {
		set = ps.Settings
	}
	pg := s.page(r, "", settingsView{Part: ps.Part, Meeting: ps.Meeting, Settings: set, Methods: rank.Methods(), Candidates: store.CandidateSets})
	pg.Title = pg.T("ranking.settings_title", ps.Part.Title)
	if formErr != nil {
		s.formFailure(w, r, formErr, "ranking_settings", pg)
		return
	}
	s.render(w, r, status, "ranking_settings", pg)
}

func (s *Server) saveRankingSettings(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
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
		err = s.delib.PutRankingSettings(r.Context(), actor(r), set)
	}
	if err != nil {
		s.renderSettings(w, r, statusOf(err), set, err)
		return
	}
	s.redirect(w, r, "/parts/"+id+"/ranking/settings", "flash.saved")
}
