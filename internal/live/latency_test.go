package live_test

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/live"
)

// BenchmarkLiveViewLatency measures how long a new vote takes to show in
// the live view of a 1,000-member breakout group that has already cast
// 20,000 votes on 40 statements: from the vote's acknowledgement to a
// snapshot that counts it.
//
//	go test -run '^$' -bench LiveViewLatency -benchtime 20x ./internal/live/
func BenchmarkLiveViewLatency(b *testing.B) {
	r := newRoom(b, 1000, 40)
	s := live.New(r.db, live.Options{})
	defer s.Close()
	ctx := context.Background()
	members, sts := r.members[0], r.stmts[0]
	// Half the votes, from two camps, before the measure.
	var wg sync.WaitGroup
	for i, a := range members {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range 20 {
				v := domain.Agree
				if (i%2 == 0) != (j%2 == 0) {
					v = domain.Disagree
				}
				if err := s.Vote(ctx, a, sts[j].ID, v); err != nil {
					b.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	k := live.Key{Meeting: r.meeting.ID, Group: r.groups[0].ID}
	snaps, stop := s.Watch(k)
	defer stop()
	if _, err := s.Current(ctx, k); err != nil {
		b.Fatal(err)
	}
	var lat []time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		a := members[i%len(members)]
		st := sts[20+i%20]
		if err := s.Vote(ctx, a, st.ID, domain.Agree); err != nil {
			b.Fatal(err)
		}
		t0 := time.Now()
		want := 20*len(members) + i + 1
		for {
			snap := <-snaps
			if snap.Votes >= want {
				if snap.Result == nil {
					b.Fatal("a snapshot without analysis")
				}
				break
			}
		}
		lat = append(lat, time.Since(t0))
	}
	b.StopTimer()
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Milliseconds()), "ms/median")
	b.ReportMetric(float64(lat[len(lat)-1].Milliseconds()), "ms/max")
}
