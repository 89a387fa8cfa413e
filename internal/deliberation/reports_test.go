package deliberation

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/rank"
	"github.com/plenary-org/plenary/internal/store"
	"github.com/plenary-org/plenary/internal/store/storetest"
)

func TestReportLifecycle(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	b := w.ballot(0, rank.Schulze)
	b.Ranks = [][]string{{w.b.ID}, {w.a.ID}}
	if err := w.db.PutBallot(w.ctx, b, CheckBallot); err != nil {
		t.Fatal(err)
	}
	r := &store.Report{MeetingID: w.meeting, GroupID: w.group, PartID: w.part, Lang: "fr",
		Texts: map[string]store.ReportText{"fr": {FollowUp: "  Le Processus de Rabat suit les engagements.  "}}}
	if err := w.db.SaveReport(w.ctx, r); err != nil {
		t.Fatal(err)
	}
	if r.Version != 1 || r.Status != store.ReportDraft || r.Texts["fr"].FollowUp != "Le Processus de Rabat suit les engagements." {
		t.Fatalf("created %+v", r)
	}
	// A second draft for the same group and part is a conflict.
	dup := &store.Report{MeetingID: w.meeting, GroupID: w.group, PartID: w.part, Lang: "en"}
	if err := w.db.SaveReport(w.ctx, dup); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Fatalf("second report: %v", err)
	}
	// Submitting without the role of RCPs is refused and changes nothing.
	if _, err := w.db.SubmitReport(w.ctx, w.group, w.part, 1, Freeze, Complete(nil)); !hasField(err, "rcp_role_fr") {
		t.Fatalf("submit without the RCP role: %v", err)
	}
	r.Texts["fr"] = store.ReportText{FollowUp: r.Texts["fr"].FollowUp, RCPRole: "Les PCR réunissent les États."}
	r.Texts["en"] = store.ReportText{FollowUp: "The Rabat Process follows up commitments.", RCPRole: "RCPs convene the states."}
	if err := w.db.SaveReport(w.ctx, r); err != nil || r.Version != 2 {
		t.Fatalf("update: %v, version %d", err, r.Version)
	}
	stale := *r
	stale.Version = 1
	if err := w.db.SaveReport(w.ctx, &stale); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Fatalf("stale edit: %v", err)
	}
	if _, err := w.db.SubmitReport(w.ctx, w.group, w.part, 1, Freeze); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Fatalf("stale submit: %v", err)
	}
	sub, err := w.db.SubmitReport(w.ctx, w.group, w.part, 2, Freeze)
	if err != nil {
		t.Fatal(err)
	}
	if sub.Status != store.ReportSubmitted || sub.Version != 3 || sub.Snapshot == nil || sub.Snapshot.Ballots != 1 ||
		!slices.Equal(sub.Snapshot.Top.Selected, []string{w.b.ID, w.a.ID, w.c.ID}) || len(sub.Snapshot.Candidates) != 3 {
		t.Fatalf("submitted %+v, snapshot %+v", sub, sub.Snapshot)
	}
	// Frozen: ballots and edits are refused, the stored report has the tally.
	b.Ranks = [][]string{{w.c.ID}}
	if err := w.db.PutBallot(w.ctx, b, CheckBallot); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Fatalf("ballot after submission: %v", err)
	}
	r.Version = 3
	if err := w.db.SaveReport(w.ctx, r); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Fatalf("edit after submission: %v", err)
	}
	got, err := w.db.Report(w.ctx, w.group, w.part)
	if err != nil || got.Snapshot == nil || got.Snapshot.Result.Pairwise == nil || got.SubmittedAt.IsZero() {
		t.Fatalf("read back %+v, %v", got, err)
	}
	if txt, lang := got.Text("es"); lang != "fr" || txt.RCPRole != "Les PCR réunissent les États." {
		t.Fatalf("fallback text %q in %s", txt, lang)
	}
	all, err := w.db.Reports(w.ctx, w.meeting)
	if err != nil || len(all) != 1 || all[0].ID != got.ID {
		t.Fatalf("reports %v, %v", all, err)
	}
	// Reopened, it is a draft again and ballots open.
	re, err := w.db.ReopenReport(w.ctx, w.group, w.part, 3)
	if err != nil || re.Status != store.ReportDraft || re.Version != 4 {
		t.Fatalf("reopen %+v, %v", re, err)
	}
	if err := w.db.PutBallot(w.ctx, b, CheckBallot); err != nil {
		t.Fatalf("ballot after reopening: %v", err)
	}
	if got, _ := w.db.Report(w.ctx, w.group, w.part); got.Snapshot != nil {
		t.Fatal("the snapshot survived reopening")
	}
}

// TestSubmitOrdersAgainstBallots: ballots cast while the report is being
// submitted are either counted in the frozen tally or refused, never
// accepted and left out.
func TestSubmitOrdersAgainstBallots(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	for i := range 16 {
		u := &domain.User{Email: fmt.Sprintf("late%d@example.org", i), Name: fmt.Sprintf("Late %d", i)}
		if err := w.db.CreateUser(w.ctx, u, ""); err != nil {
			t.Fatal(err)
		}
		w.voters = append(w.voters, u)
	}
	r := &store.Report{MeetingID: w.meeting, GroupID: w.group, PartID: w.part, Lang: "en",
		Texts: map[string]store.ReportText{"en": {FollowUp: "The Rabat Process.", RCPRole: "RCPs convene."}}}
	if err := w.db.SaveReport(w.ctx, r); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	var accepted atomic.Int32
	for i := range w.voters {
		wg.Add(1)
		go func() {
			defer wg.Done()
			b := w.ballot(i, rank.Schulze)
			b.Ranks = [][]string{{w.a.ID}}
			switch err := w.db.PutBallot(w.ctx, b, CheckBallot); {
			case err == nil:
				accepted.Add(1)
			case domain.ErrorCode(err) != domain.ECONFLICT:
				t.Errorf("ballot %d: %v", i, err)
			}
		}()
	}
	// Submit once some ballots are in and others are still arriving.
	for deadline := time.Now().Add(5 * time.Second); accepted.Load() < 3 && time.Now().Before(deadline); {
		time.Sleep(time.Millisecond)
	}
	sub, err := w.db.SubmitReport(w.ctx, w.group, w.part, 1, Freeze)
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}
	if got := int(accepted.Load()); got != sub.Snapshot.Ballots {
		t.Fatalf("%d ballots accepted, %d in the frozen tally", got, sub.Snapshot.Ballots)
	}
	t.Logf("%d of %d ballots before the submission", sub.Snapshot.Ballots, len(w.voters))
}

// BenchmarkTally counts a group of 100 members ranking 30 candidates.
func BenchmarkTally(b *testing.B) {
	for _, method := range []rank.Method{rank.Schulze, rank.Borda} {
		b.Run(string(method), func(b *testing.B) {
			db := storetest.Open(b)
			ctx := context.Background()
			p := &domain.Process{Name: "P"}
			if err := db.CreateProcess(ctx, p); err != nil {
				b.Fatal(err)
			}
			a := &domain.Agenda{Meeting: &domain.Meeting{ProcessID: p.ID, Title: "M"}, Sessions: []*domain.SessionNode{{
				Session: domain.Session{Number: 1, Title: "S"}, Parts: []*domain.PartNode{{Part: domain.Part{Title: "B", Kind: domain.PartBreakout}}}}}}
			if err := db.CreateMeetingWithAgenda(ctx, a); err != nil {
				b.Fatal(err)
			}
			m, part := a.Meeting.ID, a.Sessions[0].Parts[0].ID
			g := &domain.Group{MeetingID: m, Name: "G"}
			if err := db.CreateGroup(ctx, g); err != nil {
				b.Fatal(err)
			}
			s := store.DefaultRankingSettings(part)
			s.Method = method
			if err := db.PutRankingSettings(ctx, s); err != nil {
				b.Fatal(err)
			}
			var ids []string
			for i := range 30 {
				st := &domain.Statement{MeetingID: m, GroupID: g.ID, PartID: part, Kind: domain.KindRecommendation, Lang: "en", Text: fmt.Sprintf("Recommendation %d", i)}
				if err := db.CreateStatement(ctx, st); err != nil {
					b.Fatal(err)
				}
				ids = append(ids, st.ID)
			}
			rng := rand.New(rand.NewPCG(1, 2))
			for i := range 100 {
				u := &domain.User{Email: fmt.Sprintf("m%d@example.org", i), Name: "M"}
				if err := db.CreateUser(ctx, u, ""); err != nil {
					b.Fatal(err)
				}
				perm := rng.Perm(len(ids))
				var ranks [][]string
				for _, j := range perm[:10] {
					ranks = append(ranks, []string{ids[j]})
				}
				if err := db.PutBallot(ctx, &store.Ballot{MeetingID: m, GroupID: g.ID, PartID: part, UserID: u.ID, Method: method, Ranks: ranks}, CheckBallot); err != nil {
					b.Fatal(err)
				}
			}
			b.ResetTimer()
			for b.Loop() {
				if _, err := GroupTally(ctx, db, m, g.ID, part); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
