package deliberation

import (
	"sync"
	"testing"
	"time"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/store"
)

// TestClosingVotesTellsVotersOnce: an hour before a timed breakout part
// ends (in the meeting's zone), the voting members of the groups are told
// that voting closes soon, once however many sweeps run at once; not
// earlier, not after the end, not the observers, not a group whose report
// is submitted, not when the part's ranking is closed; a later end tells
// again.
func TestClosingVotesTellsVotersOnce(t *testing.T) {
	w := newWorld(t)
	setEnd := func(start, end string) {
		t.Helper()
		m, err := w.db.Meeting(w.ctx, w.meeting)
		if err != nil {
			t.Fatal(err)
		}
		ctx, _ := w.actor("secretariat")
		if err := w.db.SaveSchedule(ctx, store.ScheduleChange{MeetingID: m.ID, Version: m.Version, TimeZone: "Asia/Bangkok",
			Parts: map[string]domain.Times{w.part: {StartsAt: start, EndsAt: end}, w.plenaryPart: {StartsAt: start, EndsAt: end}}}); err != nil {
			t.Fatal(err)
		}
	}
	// 17:00 in Bangkok is 10:00 UTC.
	setEnd("2026-05-04T09:00", "2026-05-04T17:00")
	at := func(utc string) time.Time {
		t.Helper()
		v, err := time.Parse(time.RFC3339, utc)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	closing := func(role string) []*store.Notification {
		t.Helper()
		ns, err := w.db.Notifications(w.ctx, store.NotificationFilter{UserID: w.actors[role].User.ID})
		if err != nil {
			t.Fatal(err)
		}
		var out []*store.Notification
		for _, n := range ns {
			if n.Kind == "voting_closing" {
				out = append(out, n)
			}
		}
		return out
	}
	// Too early: the end is 1h01 away.
	if n, err := w.svc.SweepClosingVotes(w.ctx, at("2026-05-04T08:59:00Z"), time.Hour); err != nil || n != 0 {
		t.Fatalf("too early: %d, %v", n, err)
	}
	// Two servers sweep at once, and again later: each voter is told once.
	var wg sync.WaitGroup
	counts := make([]int, 4)
	for i := range counts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			n, err := w.svc.SweepClosingVotes(w.ctx, at("2026-05-04T09:30:00Z"), time.Hour)
			if err != nil {
				t.Error(err)
			}
			counts[i] = n
		}()
	}
	wg.Wait()
	if n, err := w.svc.SweepClosingVotes(w.ctx, at("2026-05-04T09:45:00Z"), time.Hour); err != nil || n != 0 {
		t.Fatalf("a second sweep: %d, %v", n, err)
	}
	total := 0
	for _, n := range counts {
		total += n
	}
	voters := []string{"delegate", "partner", "rapporteur", "otherDelegate"}
	if total != len(voters) {
		t.Fatalf("sweeps told %v, want %d in all", counts, len(voters))
	}
	for _, role := range voters {
		ns := closing(role)
		if len(ns) != 1 || ns[0].Params["until"] != "2026-05-04 17:00 (Asia/Bangkok)" || ns[0].Params["meeting"] != "GRCP 7" {
			t.Fatalf("%s: %+v", role, ns)
		}
	}
	if ns := closing("delegate"); ns[0].Link != "/groups/"+w.group+"/rank?part="+w.part || ns[0].Params["group"] != "Africa" {
		t.Fatalf("delegate's notice: %+v", ns[0])
	}
	for _, role := range []string{"groupObserver", "observer", "chair", "secretariat"} {
		if ns := closing(role); len(ns) != 0 {
			t.Fatalf("%s was told: %+v", role, ns)
		}
	}

	// A later end tells again, but not the group whose report is
	// submitted, and nobody once the ranking is closed or the part ended.
	setEnd("2026-05-04T09:00", "2026-05-04T19:00") // 12:00 UTC
	if err := w.db.SaveReport(w.ctx, &store.Report{MeetingID: w.meeting, GroupID: w.otherGroup, PartID: w.part, Lang: "en"}); err != nil {
		t.Fatal(err)
	}
	if _, err := w.db.SubmitReport(w.ctx, w.otherGroup, w.part, 1, Freeze); err != nil {
		t.Fatal(err)
	}
	if n, err := w.svc.SweepClosingVotes(w.ctx, at("2026-05-04T12:01:00Z"), time.Hour); err != nil || n != 0 {
		t.Fatalf("after the end: %d, %v", n, err)
	}
	if n, err := w.svc.SweepClosingVotes(w.ctx, at("2026-05-04T11:30:00Z"), time.Hour); err != nil || n != 3 {
		t.Fatalf("the later end: %d, %v", n, err)
	}
	if ns := closing("otherDelegate"); len(ns) != 1 {
		t.Fatalf("the group whose report is submitted was told again: %+v", ns)
	}
	set := store.DefaultRankingSettings(w.part)
	set.Open = false
	if err := w.svc.PutRankingSettings(w.ctx, w.actors["secretariat"], set); err != nil {
		t.Fatal(err)
	}
	setEnd("2026-05-04T09:00", "2026-05-04T20:00")
	if n, err := w.svc.SweepClosingVotes(w.ctx, at("2026-05-04T12:30:00Z"), time.Hour); err != nil || n != 0 {
		t.Fatalf("ranking closed: %d, %v", n, err)
	}
}
