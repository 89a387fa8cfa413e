package web

import (
	"cmp"
	"net/http"
	"slices"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/live"
)

type voteView struct {
	W *groupWork
	// Next is the statement to vote on, nil when every one was voted on.
	Next  *domain.Statement
	Voted int // statements of the part the voter voted on
	Total int // statements of the part that stand
	Form  statementForm
	Kinds []domain.ContributionKind
	Langs []string
}

// Percent is the share voted, for the progress bar.
func (v voteView) Percent() int {
	if v.Total == 0 {
		return 0
	}
	return 100 * v.Voted / v.Total
}

// groupVote shows one statement at a time to a member, in the order the
// opinion engine suggests, with Agree / Disagree / Pass buttons: a plain
// form that works without JavaScript. Those who do not vote in the group
// (the secretariat, observers) are told so.
func (s *Server) groupVote(w http.ResponseWriter, r *http.Request) {
	gw, err := s.loadGroupWork(r, r.PathValue("id"), r.URL.Query().Get("part"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	standing, _, err := s.partStatements(r, gw)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := voteView{W: gw, Total: len(standing), Kinds: domain.ContributionKinds, Langs: domain.Locales, Form: statementForm{Next: gw.VoteURL()}}
	if gw.CanVote {
		voted, err := s.db.VotedStatements(r.Context(), gw.Meeting.ID, gw.Group.ID, gw.UserID)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		var snap *live.Snapshot
		if s.cfg.Live != nil {
			snap = s.cfg.Live.Latest(gw.Key())
		}
		var todo []*domain.Statement
		for _, st := range standing {
			if voted[st.ID] {
				v.Voted++
			} else {
				todo = append(todo, st)
			}
		}
		v.Next = nextStatement(todo, snap)
	}
	pg := s.page(r, "", v)
	pg.Title = pg.T("breakout.vote_title", gw.Group.Name)
	s.render(w, r, http.StatusOK, "breakout_vote", pg)
}

// nextStatement picks the statement to show next among those the voter
// has not voted on: the one with the highest priority in the latest
// analysis. Statements the analysis has not seen yet (no votes, or added
// since) come first, since they most need votes; ties and the time before
// any analysis go oldest first.
func nextStatement(todo []*domain.Statement, snap *live.Snapshot) *domain.Statement {
	if len(todo) == 0 {
		return nil
	}
	prio := map[int64]float64{}
	if snap != nil && snap.Result != nil {
		for _, sr := range snap.Result.Statements {
			prio[sr.ID] = sr.Priority
		}
	}
	return slices.MinFunc(todo, func(a, b *domain.Statement) int {
		pa, oka := prio[a.Seq]
		pb, okb := prio[b.Seq]
		switch {
		case !oka && okb:
			return -1
		case oka && !okb:
			return 1
		case oka && okb && pa != pb:
			return cmp.Compare(pb, pa) // higher priority first
		}
		return cmp.Compare(a.Seq, b.Seq)
	})
}
