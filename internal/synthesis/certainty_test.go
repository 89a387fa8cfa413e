package synthesis_test

import (
	"fmt"
	"testing"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/live"
	"github.com/plenary-org/plenary/internal/opinion"
	"github.com/plenary-org/plenary/internal/synthesis"
)

// TestCertaintyBelongsToThePart: a group that voted in one breakout part
// and not in another shows, in the other part's column, no analysis and
// no certainty figures: it used to show "0 participants" beside the
// other part's "80% of 20 resamples … 56%", seen on the demo. And a part
// in which the group voted shows the certainty of an analysis of that
// part's votes alone, not of the whole conversation.
func TestCertaintyBelongsToThePart(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := w.ctx
	// A second breakout part in which Africa writes and votes; the
	// world's part (w.part) has Africa's A, B, C without any vote.
	sess := &domain.Session{MeetingID: w.meeting, Number: 3, Title: "Follow-up"}
	if err := w.db.CreateSession(ctx, sess); err != nil {
		t.Fatal(err)
	}
	other := &domain.Part{SessionID: sess.ID, Title: "Follow-up breakout", Kind: domain.PartBreakout}
	if err := w.db.CreatePart(ctx, other); err != nil {
		t.Fatal(err)
	}
	var sts []*domain.Statement
	for i := range 6 {
		st := &domain.Statement{MeetingID: w.meeting, GroupID: w.group, PartID: other.ID, Kind: domain.KindRecommendation, Lang: "en",
			Text: fmt.Sprintf("Follow-up recommendation number %d.", i)}
		if err := w.db.CreateStatement(ctx, st); err != nil {
			t.Fatal(err)
		}
		sts = append(sts, st)
	}
	// Twelve voters in two camps on the second part's statements, and a
	// few votes on the first part's A by four of them, all agreeing.
	var votes []domain.Vote
	var ovOther []opinion.Vote
	for u := range 12 {
		usr := &domain.User{Email: fmt.Sprintf("voter%d@example.org", u), Name: fmt.Sprintf("Voter %d", u)}
		if err := w.db.CreateUser(ctx, usr, ""); err != nil {
			t.Fatal(err)
		}
		for i, st := range sts {
			v := domain.Agree
			if (u%2 == 0) != (i%2 == 0) {
				v = domain.Disagree
			}
			if (u+i)%5 == 0 {
				v = domain.Pass
			}
			votes = append(votes, domain.Vote{StatementID: st.ID, UserID: usr.ID, Value: v, MeetingID: w.meeting, GroupID: w.group})
			ovOther = append(ovOther, opinion.Vote{Participant: int64(u), Statement: int64(i), Value: int8(v)})
		}
		if u < 4 {
			votes = append(votes, domain.Vote{StatementID: w.a.ID, UserID: usr.ID, Value: domain.Agree, MeetingID: w.meeting, GroupID: w.group})
		}
	}
	writeVotes(t, w.db, ctx, votes...)
	lv := live.New(w.db, live.Options{})
	t.Cleanup(lv.Close)
	svc := synthesis.New(w.db, lv, nil)

	column := func(part string) *synthesis.Live {
		t.Helper()
		p, err := svc.Plenary(ctx, w.admin, synthesis.PlenaryInput{MeetingID: w.meeting, PartID: part})
		if err != nil {
			t.Fatal(err)
		}
		if p.Columns[0].Live == nil {
			t.Fatal("no live analysis")
		}
		return p.Columns[0].Live
	}
	// The first part: four people agreed on A; too few for resamples of
	// their own, and never the second part's figures.
	first := column(w.part)
	if first.Participants != 4 || first.Votes != 4 {
		t.Errorf("first part: %d participants, %d votes; want 4 and 4", first.Participants, first.Votes)
	}
	want, err := opinion.AnalyzeVotes([]opinion.Vote{{Participant: 0, Statement: 100, Value: 1}, {Participant: 1, Statement: 100, Value: 1},
		{Participant: 2, Statement: 100, Value: 1}, {Participant: 3, Statement: 100, Value: 1}}, opinion.Options{Mode: opinion.ModePlenary, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if got, wantGroups := len(first.Groups), len(want.Groups); got != wantGroups {
		t.Errorf("first part: %d opinion groups, want %d (those of its own votes)", got, wantGroups)
	}
	if wantRes := resamples(want); first.Resamples != wantRes {
		t.Errorf("first part: certainty of %d resamples (%d%%, %d%%), want %d: another part's figures", first.Resamples, first.KAgreement, first.GroupsMatch, wantRes)
	}
	// The second part: the figures of its own votes.
	second := column(other.ID)
	wantOther, err := opinion.AnalyzeVotes(ovOther, opinion.Options{Mode: opinion.ModePlenary, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if second.Participants != 12 || second.Resamples != resamples(wantOther) || len(second.Groups) != len(wantOther.Groups) {
		t.Errorf("second part: %d participants, %d resamples, %d opinion groups; want 12, %d, %d", second.Participants, second.Resamples,
			len(second.Groups), resamples(wantOther), len(wantOther.Groups))
	}

	// A part in which the group has written nothing: no analysis at all.
	empty := &domain.Part{SessionID: sess.ID, Title: "Partner breakout", Kind: domain.PartBreakout}
	if err := w.db.CreatePart(ctx, empty); err != nil {
		t.Fatal(err)
	}
	if l := column(empty.ID); l.Analysed || l.Resamples != 0 || l.Participants != 0 || len(l.Groups) != 0 {
		t.Errorf("a part without statements: analysed %v, %d resamples, %d participants, %d opinion groups; want none",
			l.Analysed, l.Resamples, l.Participants, len(l.Groups))
	}
}

// resamples is the number of bootstrap resamples of an analysis, 0 when
// the bootstrap did not run.
func resamples(r *opinion.Result) int {
	if r == nil || r.Stability == nil {
		return 0
	}
	return r.Stability.Resamples
}
