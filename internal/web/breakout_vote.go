package web

import (
	"net/http"

	"github.com/plenary-org/plenary/internal/deliberation"
	"github.com/plenary-org/plenary/internal/domain"
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
	q, err := s.delib.VoteQueue(r.Context(), actor(r), deliberation.ConversationInput{GroupID: r.PathValue("id"), PartID: r.URL.Query().Get("part")})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	gw := s.newGroupWork(r, q.GroupWork)
	v := voteView{W: gw, Next: q.Next, Voted: q.Voted, Total: q.Total, Kinds: domain.ContributionKinds, Langs: domain.Locales, Form: statementForm{Next: gw.VoteURL()}}
	pg := s.page(r, "", v)
	pg.Title = pg.T("breakout.vote_title", pg.Text(gw.Group, "name").Text)
	s.render(w, r, http.StatusOK, "breakout_vote", pg)
}
