package store_test

import (
	"context"
	"testing"

	"github.com/plenary-org/plenary/internal/deliberation"
	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/rank"
	"github.com/plenary-org/plenary/internal/store"
)

// fillRanking gives the dump tests a part's ranking settings, a ballot and
// a submitted group report with its frozen tally.
func fillRanking(t testing.TB, db *store.DB, ctx context.Context, m *domain.Meeting) {
	t.Helper()
	a, err := db.Agenda(ctx, m.ID)
	if err != nil {
		t.Fatal(err)
	}
	var part string
	for _, s := range a.Sessions {
		for _, p := range s.Parts {
			if part == "" && p.Kind == domain.PartBreakout {
				part = p.ID
			}
		}
	}
	if part == "" {
		t.Fatalf("the demo agenda has no breakout part: %d sessions", len(a.Sessions))
	}
	groups, err := db.Groups(ctx, m.ID)
	if err != nil || len(groups) == 0 {
		t.Fatalf("groups: %v", err)
	}
	g := groups[0].ID
	s := store.DefaultRankingSettings(part)
	s.Method = rank.Borda
	if err := db.PutRankingSettings(ctx, s); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, text := range []string{"Ouvrir des voies régulières.", "Partager les données — 数据."} {
		st := &domain.Statement{MeetingID: m.ID, GroupID: g, PartID: part, Kind: domain.KindRecommendation, Lang: "fr", Text: text}
		if err := db.CreateStatement(ctx, st); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, st.ID)
	}
	admin := domain.ActorFromContext(ctx).User
	b := &store.Ballot{MeetingID: m.ID, GroupID: g, PartID: part, UserID: admin.ID, Method: rank.Borda, Ranks: [][]string{{ids[1]}, {ids[0]}}}
	if err := db.PutBallot(ctx, b, deliberation.CheckBallot); err != nil {
		t.Fatal(err)
	}
	r := &store.Report{MeetingID: m.ID, GroupID: g, PartID: part, Lang: "fr",
		Texts: map[string]store.ReportText{"fr": {FollowUp: "Le Processus de Rabat « suit »", RCPRole: "Les PCR réunissent."}, "ar": {FollowUp: "عملية الرباط"}}}
	if err := db.SaveReport(ctx, r); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SubmitReport(ctx, g, part, r.Version, deliberation.Freeze); err != nil {
		t.Fatal(err)
	}
}
