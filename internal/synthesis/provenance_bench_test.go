package synthesis_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/plenary-org/plenary/internal/deliberation"
	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/rank"
	"github.com/plenary-org/plenary/internal/store"
	"github.com/plenary-org/plenary/internal/store/storetest"
	"github.com/plenary-org/plenary/internal/synthesis"
)

// BenchmarkProvenance reads the provenance of a candidate drawn from 30
// statements (6 in each of 5 groups) of a part with 150 candidate
// statements, 10 votes on each statement of the candidate, 8 ballots per
// group, two groups' reports submitted, 10 source contributions, and 20
// candidates ranked by 40 plenary ballots. It includes the themes'
// recomputation, which the plenary page does too.
func BenchmarkProvenance(b *testing.B) {
	db := storetest.Open(b)
	ctx := context.Background()
	p := &domain.Process{Name: "P"}
	if err := db.CreateProcess(ctx, p); err != nil {
		b.Fatal(err)
	}
	a := &domain.Agenda{Meeting: &domain.Meeting{ProcessID: p.ID, Title: "GRCP 7"}, Sessions: []*domain.SessionNode{{
		Session: domain.Session{Number: 2, Title: "Recommendations"},
		Parts:   []*domain.PartNode{{Part: domain.Part{Title: "Breakout", Kind: domain.PartBreakout}}},
	}}}
	if err := db.CreateMeetingWithAgenda(ctx, a); err != nil {
		b.Fatal(err)
	}
	mid, part := a.Meeting.ID, a.Sessions[0].Parts[0].ID
	var users []*domain.User
	for i := range 40 {
		u := &domain.User{Email: fmt.Sprintf("u%d@example.org", i), Name: fmt.Sprintf("U%d", i)}
		if err := db.CreateUser(ctx, u, ""); err != nil {
			b.Fatal(err)
		}
		users = append(users, u)
	}
	body := &domain.Body{Name: "Body", Kind: domain.BodyRCP, Region: "Africa"}
	if err := db.CreateBody(domain.NewContextWithActor(ctx, &domain.Actor{User: &domain.User{ID: users[0].ID, Admin: true}}), body); err != nil {
		b.Fatal(err)
	}
	var sources []string
	for i := range 10 {
		k := &domain.Contribution{MeetingID: mid, Kind: domain.KindRecommendation, Status: domain.StatusPublished, Title: fmt.Sprintf("Input %d", i),
			Text: "Regular pathways for labour migration should be widened.", BodyID: body.ID, Lang: "en"}
		if err := db.CreateContribution(ctx, k); err != nil {
			b.Fatal(err)
		}
		sources = append(sources, k.ID)
	}
	topics := []string{"labour pathways", "migration data", "reintegration funds", "border training", "remittance costs", "climate displacement"}
	verbs := []string{"Widen", "Share", "Fund", "Strengthen", "Review"}
	var chosen []string
	var groups []string
	for g := range 5 {
		gr := &domain.Group{MeetingID: mid, Name: fmt.Sprintf("Group %d", g), Region: fmt.Sprintf("Region %d", g)}
		if err := db.CreateGroup(ctx, gr); err != nil {
			b.Fatal(err)
		}
		groups = append(groups, gr.ID)
		var ids []string
		for i := range 30 {
			st := &domain.Statement{MeetingID: mid, GroupID: gr.ID, PartID: part, Kind: domain.KindRecommendation, Lang: "en",
				Text: fmt.Sprintf("%s %s in region %d, step %d.", verbs[i%len(verbs)], topics[i%len(topics)], g, i), SourceID: sources[(g+i)%len(sources)]}
			if err := db.CreateStatement(ctx, st); err != nil {
				b.Fatal(err)
			}
			ids = append(ids, st.ID)
			if i%5 == 0 {
				chosen = append(chosen, st.ID)
			}
		}
		var votes []domain.Vote
		for _, id := range ids {
			for v := range 10 {
				votes = append(votes, domain.Vote{StatementID: id, UserID: users[v].ID, Value: v%3 - 1, At: time.UnixMilli(1_700_000_000_000)})
			}
		}
		w := db.NewVoteWriter(store.VoteWriterOptions{})
		for _, v := range votes {
			if err := w.Vote(ctx, v); err != nil {
				b.Fatal(err)
			}
		}
		w.Close()
		for v := range 8 {
			var ranks [][]string
			for j := range 10 {
				ranks = append(ranks, []string{ids[(v+j*3)%len(ids)]})
			}
			if err := db.PutBallot(ctx, &store.Ballot{MeetingID: mid, GroupID: gr.ID, PartID: part, UserID: users[v].ID, Method: rank.Schulze, Ranks: ranks}, deliberation.CheckBallot); err != nil {
				b.Fatal(err)
			}
		}
		if g < 2 {
			rep := &store.Report{MeetingID: mid, GroupID: gr.ID, PartID: part, Lang: "en", Texts: map[string]store.ReportText{"en": {FollowUp: "F.", RCPRole: "R."}}}
			if err := db.SaveReport(ctx, rep); err != nil {
				b.Fatal(err)
			}
			if _, err := db.SubmitReport(ctx, gr.ID, part, rep.Version, deliberation.Freeze); err != nil {
				b.Fatal(err)
			}
		}
	}
	var cands []string
	for i := range 20 {
		c := &store.OverallCandidate{MeetingID: mid, PartID: part, ThemeID: fmt.Sprintf("t%d", i), Text: fmt.Sprintf("Overall %d", i), Statements: chosen}
		if err := db.AddOverallCandidate(ctx, c); err != nil {
			b.Fatal(err)
		}
		cands = append(cands, c.ID)
	}
	for v := range 40 {
		var ranks [][]string
		for j := range 5 {
			ranks = append(ranks, []string{cands[(v+j)%len(cands)]})
		}
		if err := db.PutOverallBallot(ctx, &store.OverallBallot{MeetingID: mid, PartID: part, UserID: users[v].ID, GroupID: groups[v%5], Ranks: ranks}, synthesis.CheckOverallBallot); err != nil {
			b.Fatal(err)
		}
	}
	svc, admin := synthesis.New(db, nil, nil), &domain.Actor{User: &domain.User{ID: users[0].ID, Admin: true}}
	b.ResetTimer()
	for b.Loop() {
		pv, err := svc.Provenance(ctx, admin, mid, cands[3])
		if err != nil || len(pv.Statements) != 30 || len(pv.Inputs) == 0 || pv.Plenary.Ballots != 40 {
			b.Fatalf("%v %+v", err, pv)
		}
	}
}
