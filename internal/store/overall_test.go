package store_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/rank"
	"github.com/plenary-org/plenary/internal/store"
	"github.com/plenary-org/plenary/internal/synthesis"
)

// fillOverall gives the dump tests a candidate, a ballot and a
// confirmation of the plenary's overall recommendations.
func fillOverall(t testing.TB, db *store.DB, ctx context.Context, m *domain.Meeting, userID string) {
	t.Helper()
	part := breakoutPart(t, db, ctx, m.ID)
	gs, err := db.Groups(ctx, m.ID)
	if err != nil || len(gs) == 0 {
		t.Fatalf("groups: %v", err)
	}
	if err := db.PutOverallSettings(ctx, &store.OverallSettings{MeetingID: m.ID, PartID: part, Method: rank.Schulze, ScoreMax: 5}); err != nil {
		t.Fatal(err)
	}
	c := &store.OverallCandidate{MeetingID: m.ID, PartID: part, ThemeID: "t00000001", Text: "Élargir les voies régulières — 数据", Statements: []string{"s1", "s2"}}
	if err := db.AddOverallCandidate(ctx, c); err != nil {
		t.Fatal(err)
	}
	if err := db.PutOverallBallot(ctx, &store.OverallBallot{MeetingID: m.ID, PartID: part, UserID: userID, GroupID: gs[0].ID, Ranks: [][]string{{c.ID}}}, synthesis.CheckOverallBallot); err != nil {
		t.Fatal(err)
	}
	if err := db.ConfirmOverall(ctx, &store.OverallConfirmation{MeetingID: m.ID, PartID: part, Selected: []string{c.ID}, Snapshot: json.RawMessage(`{"ballots":1}`), ConfirmedBy: userID}); err != nil {
		t.Fatal(err)
	}
}

// TestOverallLifecycle: candidates are added and read in order; a ballot
// is checked against them, replaced with the version read, read back by
// its voter and counted with its group; confirmation needs exactly five
// distinct candidates (or all when fewer), closes the ranking, and is
// audited and reopened.
func TestOverallLifecycle(t *testing.T) {
	t.Parallel()
	w := newRankWorld(t)
	db, ctx, part, mid := w.db, w.ctx, w.part, w.meeting
	var ids []string
	for i, text := range []string{"Widen regular pathways.", "Share data.", "Fund reintegration.", "Protect migrant workers.", "Count remittances.", "Train border staff."} {
		c := &store.OverallCandidate{MeetingID: mid, PartID: part, ThemeID: "t" + string(rune('a'+i)), Text: "  " + text + "  ", Statements: []string{w.a.ID}}
		if err := db.AddOverallCandidate(ctx, c); err != nil {
			t.Fatal(err)
		}
		if c.Text != text {
			t.Fatalf("text not tidied: %q", c.Text)
		}
		ids = append(ids, c.ID)
	}
	if err := db.AddOverallCandidate(ctx, &store.OverallCandidate{MeetingID: mid, PartID: part, Text: "   "}); domain.ErrorCode(err) != domain.EINVALID {
		t.Fatalf("empty text: %v", err)
	}
	if err := db.AddOverallCandidate(ctx, &store.OverallCandidate{MeetingID: "nope", PartID: part, Text: "x"}); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("part of another meeting: %v", err)
	}
	cs, err := db.OverallCandidates(ctx, mid, part)
	if err != nil || len(cs) != 6 || cs[0].ID != ids[0] || cs[0].Statements[0] != w.a.ID {
		t.Fatalf("candidates: %+v %v", cs, err)
	}
	b := &store.OverallBallot{MeetingID: mid, PartID: part, UserID: w.users[0].ID, GroupID: w.group, Ranks: [][]string{{ids[1]}, {ids[0], ids[2]}}}
	if err := db.PutOverallBallot(ctx, b, synthesis.CheckOverallBallot); err != nil || b.Version != 1 {
		t.Fatalf("ballot: %v %d", err, b.Version)
	}
	for name, bad := range map[string]*store.OverallBallot{
		"unknown":   {MeetingID: mid, PartID: part, UserID: w.users[1].ID, GroupID: w.group, Ranks: [][]string{{"nope"}}},
		"duplicate": {MeetingID: mid, PartID: part, UserID: w.users[1].ID, GroupID: w.group, Ranks: [][]string{{ids[0]}, {ids[0]}}},
		"empty":     {MeetingID: mid, PartID: part, UserID: w.users[1].ID, GroupID: w.group},
		"group":     {MeetingID: mid, PartID: part, UserID: w.users[1].ID, GroupID: "nope", Ranks: [][]string{{ids[0]}}},
	} {
		if err := db.PutOverallBallot(ctx, bad, synthesis.CheckOverallBallot); domain.ErrorCode(err) != domain.EINVALID {
			t.Errorf("%s: %v", name, err)
		}
	}
	stale := &store.OverallBallot{MeetingID: mid, PartID: part, UserID: w.users[0].ID, GroupID: w.group, Ranks: [][]string{{ids[0]}}}
	if err := db.PutOverallBallot(ctx, stale, synthesis.CheckOverallBallot); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Fatalf("stale version: %v", err)
	}
	stale.Version = 1
	if err := db.PutOverallBallot(ctx, stale, synthesis.CheckOverallBallot); err != nil || stale.Version != 2 {
		t.Fatalf("replace: %v %d", err, stale.Version)
	}
	if err := db.PutOverallBallot(ctx, &store.OverallBallot{MeetingID: mid, PartID: part, UserID: w.users[1].ID, GroupID: w.otherGroup, Ranks: [][]string{{ids[3]}}}, synthesis.CheckOverallBallot); err != nil {
		t.Fatal(err)
	}
	mine, err := db.MyOverallBallot(ctx, part, w.users[0].ID)
	if err != nil || mine.Version != 2 || len(mine.Ranks) != 1 || mine.Ranks[0][0] != ids[0] {
		t.Fatalf("my ballot: %+v %v", mine, err)
	}
	if _, err := db.MyOverallBallot(ctx, part, w.users[2].ID); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("no ballot: %v", err)
	}
	bs, err := db.OverallBallots(ctx, mid, part)
	if err != nil || len(bs) != 2 {
		t.Fatalf("ballots: %+v %v", bs, err)
	}
	groups := map[string]bool{}
	for _, b := range bs {
		groups[b.Group] = true
	}
	if !groups[w.group] || !groups[w.otherGroup] {
		t.Fatalf("ballots lost their groups: %+v", bs)
	}
	if _, err := rank.Tally(rank.Schulze, ids, bs, rank.Options{EqualSay: true}); err != nil {
		t.Fatal(err)
	}

	for name, sel := range map[string][]string{"four": ids[:4], "repeat": {ids[0], ids[0], ids[1], ids[2], ids[3]}, "unknown": {"x", ids[1], ids[2], ids[3], ids[4]}} {
		if err := db.ConfirmOverall(ctx, &store.OverallConfirmation{MeetingID: mid, PartID: part, Selected: sel}); domain.ErrorCode(err) != domain.EINVALID {
			t.Errorf("confirm %s: %v", name, err)
		}
	}
	conf := &store.OverallConfirmation{MeetingID: mid, PartID: part, Selected: ids[:5], Snapshot: json.RawMessage(`{"ballots":2}`), ConfirmedBy: w.users[3].ID}
	if err := db.ConfirmOverall(ctx, conf); err != nil {
		t.Fatal(err)
	}
	got, err := db.OverallConfirmation(ctx, mid, part)
	if err != nil || len(got.Selected) != 5 || got.Selected[4] != ids[4] || string(got.Snapshot) != `{"ballots":2}` {
		t.Fatalf("confirmation: %+v %v", got, err)
	}
	if err := db.ConfirmOverall(ctx, conf); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Fatalf("confirm twice: %v", err)
	}
	stale.Version = 2
	if err := db.PutOverallBallot(ctx, stale, synthesis.CheckOverallBallot); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Fatalf("ballot after confirmation: %v", err)
	}
	if err := db.AddOverallCandidate(ctx, &store.OverallCandidate{MeetingID: mid, PartID: part, Text: "Late"}); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Fatalf("candidate after confirmation: %v", err)
	}
	if err := db.ReopenOverall(ctx, mid, part); err != nil {
		t.Fatal(err)
	}
	if err := db.ReopenOverall(ctx, mid, part); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("reopen twice: %v", err)
	}
	if err := db.PutOverallBallot(ctx, stale, synthesis.CheckOverallBallot); err != nil {
		t.Fatalf("ballot after reopening: %v", err)
	}
	evs, err := db.AuditEvents(ctx, store.AuditFilter{ObjectType: "overall_recommendations", ObjectID: part})
	if err != nil || len(evs) != 2 {
		t.Fatalf("audit: %d events, %v", len(evs), err)
	}
}
