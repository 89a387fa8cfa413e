package store_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/store"
	"github.com/plenary-org/plenary/internal/store/storetest"
)

// votesReader keeps the votes of a conversation as live analysis does:
// reading only what changed since its last reading.
type votesReader struct {
	db      *store.DB
	meeting string
	group   string
	after   int64
	votes   map[[2]string]domain.Vote
	reads   int
}

func (r *votesReader) read(ctx context.Context) error {
	vs, last, err := r.db.ConversationVotesAfter(ctx, r.meeting, r.group, r.after)
	if err != nil {
		return err
	}
	for _, v := range vs {
		r.votes[[2]string{v.StatementID, v.UserID}] = v
	}
	r.after = last
	r.reads++
	return nil
}

// check compares what the reader holds with the database: every vote
// there, with its value, none more; and the totals counted from them.
func (r *votesReader) check(t *testing.T, ctx context.Context) {
	t.Helper()
	all, err := r.db.ConversationVotes(ctx, r.meeting, r.group, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != len(r.votes) {
		t.Errorf("the reader holds %d votes, the database %d", len(r.votes), len(all))
	}
	for _, v := range all {
		got, ok := r.votes[[2]string{v.StatementID, v.UserID}]
		if !ok {
			t.Errorf("vote of %s on %s lost", v.UserID, v.StatementID)
			continue
		}
		if got.Value != v.Value || !got.At.Equal(v.At) {
			t.Errorf("vote of %s on %s: read %d at %v, stored %d at %v", v.UserID, v.StatementID, got.Value, got.At, v.Value, v.At)
		}
	}
	totals, err := r.db.ConversationTotals(ctx, r.meeting, r.group)
	if err != nil {
		t.Fatal(err)
	}
	mine := map[string]store.VoteTotals{}
	for _, v := range r.votes {
		tt := mine[v.StatementID]
		switch v.Value {
		case domain.Agree:
			tt.Agree++
		case domain.Disagree:
			tt.Disagree++
		default:
			tt.Pass++
		}
		mine[v.StatementID] = tt
	}
	for id, tt := range totals {
		if mine[id] != tt {
			t.Errorf("totals of %s: counted %+v from the votes read, %+v in the database", id, mine[id], tt)
		}
	}
}

// TestVotesAfterWithConcurrentWriters has two vote writers (two instances,
// each with its own writers) vote and change votes at once while a reader
// reads only what changed, again and again: at the end it holds every
// vote with its last value, none lost and none counted twice.
func TestVotesAfterWithConcurrentWriters(t *testing.T) {
	db := storetest.Open(t)
	ctx, users, sts := voteFixture(t, db, 30, 12)
	r := &votesReader{db: db, meeting: sts[0].MeetingID, group: sts[0].GroupID, after: -1, votes: map[[2]string]domain.Vote{}}
	writers := []*store.VoteWriter{db.NewVoteWriter(store.VoteWriterOptions{Interval: -1}), db.NewVoteWriter(store.VoteWriterOptions{Interval: -1})}
	var wg sync.WaitGroup
	t0 := time.Now()
	for i, u := range users {
		wg.Go(func() {
			rnd := rand.New(rand.NewPCG(uint64(i), 7))
			w := writers[i%len(writers)]
			for j := range 60 {
				s := sts[rnd.IntN(len(sts))]
				v := domain.Vote{StatementID: s.ID, UserID: u.ID, MeetingID: s.MeetingID, GroupID: s.GroupID, Value: rnd.IntN(3) - 1, At: t0.Add(time.Duration(j) * time.Millisecond)}
				if err := w.Vote(ctx, v); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	for reading := true; reading; {
		select {
		case <-done:
			reading = false
		default:
		}
		if err := r.read(ctx); err != nil {
			t.Fatal(err)
		}
	}
	for _, w := range writers {
		w.Close()
	}
	if err := r.read(ctx); err != nil {
		t.Fatal(err)
	}
	t.Logf("%d readings", r.reads)
	r.check(t, ctx)

	// A merge moves votes and numbers them anew: a reader that goes on
	// from where it was holds every vote as it now stands (live analysis
	// starts again from every vote after a merge; the votes read before
	// stay in this reader, where they were).
	if _, err := db.MergeStatements(ctx, sts[0].ID, sts[1].ID); err != nil {
		t.Fatal(err)
	}
	if err := r.read(ctx); err != nil {
		t.Fatal(err)
	}
	fresh := &votesReader{db: db, meeting: r.meeting, group: r.group, after: -1, votes: map[[2]string]domain.Vote{}}
	if err := fresh.read(ctx); err != nil {
		t.Fatal(err)
	}
	for k, v := range fresh.votes {
		if got, ok := r.votes[k]; !ok || got.Value != v.Value || !got.At.Equal(v.At) {
			t.Errorf("after the merge, vote %v: the reader holds %+v, the database %+v", k, got, v)
		}
	}
}

// TestVotesAfterLateCommit commits, on PostgreSQL, a vote numbered before
// another one after it: a reader that read every number up to the highest
// it saw (the later vote's) would never read the earlier one. The reader
// must stop below the vote still under way and read it once committed.
func TestVotesAfterLateCommit(t *testing.T) {
	db := storetest.Open(t)
	if db.Engine() != "postgres" {
		t.Skip("SQLite has one writer: its numbers are committed in their order")
	}
	ctx, users, sts := voteFixture(t, db, 2, 1)
	r := &votesReader{db: db, meeting: sts[0].MeetingID, group: sts[0].GroupID, after: -1, votes: map[[2]string]domain.Vote{}}
	early := domain.Vote{StatementID: sts[0].ID, UserID: users[0].ID, Value: domain.Agree, At: time.Now()}
	commit, err := db.HoldVoteForTest(ctx, early)
	if err != nil {
		t.Fatal(err)
	}
	late := domain.Vote{StatementID: sts[0].ID, UserID: users[1].ID, MeetingID: sts[0].MeetingID, GroupID: sts[0].GroupID, Value: domain.Disagree, At: time.Now()}
	if err := db.WriteVotesForTest(ctx, []domain.Vote{late}); err != nil {
		t.Fatal(err)
	}
	if err := r.read(ctx); err != nil {
		t.Fatal(err)
	}
	if len(r.votes) != 0 {
		t.Errorf("read %d votes while a vote numbered before them was under way", len(r.votes))
	}
	if err := commit(); err != nil {
		t.Fatal(err)
	}
	a, err := db.VoteSeqForTest(ctx, early.StatementID, early.UserID)
	if err != nil {
		t.Fatal(err)
	}
	b, err := db.VoteSeqForTest(ctx, late.StatementID, late.UserID)
	if err != nil {
		t.Fatal(err)
	}
	if a >= b {
		t.Fatalf("numbers %d and %d: the early vote was not numbered first, the test proves nothing", a, b)
	}
	if err := r.read(ctx); err != nil {
		t.Fatal(err)
	}
	r.check(t, ctx)
}

// BenchmarkVotesAfter times a live analysis's reading of the votes of a
// conversation that changed since its last reading (100 new votes), in a
// conversation of 10,000 and of 100,000 votes, beside reading every vote
// as the analysis did before: the reading no longer grows with the
// conversation.
//
//	go test ./internal/store/ -run '^$' -bench VotesAfter -benchtime 50x
func BenchmarkVotesAfter(b *testing.B) {
	for _, n := range []int{10000, 100000} {
		b.Run(fmt.Sprintf("votes=%d", n), func(b *testing.B) {
			db := storetest.Open(b)
			const voters = 1000
			statements := (n+100*b.N)/voters + 2
			ctx, users, sts := voteFixture(b, db, voters, statements)
			at := time.Now()
			vote := func(i int) domain.Vote {
				s := sts[i/voters]
				return domain.Vote{StatementID: s.ID, UserID: users[i%voters].ID, MeetingID: s.MeetingID, GroupID: s.GroupID, Value: i%3 - 1, At: at}
			}
			var batch []domain.Vote
			for i := range n {
				batch = append(batch, vote(i))
				if len(batch) == 4096 || i == n-1 {
					if err := db.WriteVotesForTest(ctx, batch); err != nil {
						b.Fatal(err)
					}
					batch = batch[:0]
				}
			}
			meeting, group := sts[0].MeetingID, sts[0].GroupID
			_, after, err := db.ConversationVotesAfter(ctx, meeting, group, -1)
			if err != nil {
				b.Fatal(err)
			}
			next := n
			var full time.Duration
			b.ResetTimer()
			for range b.N {
				b.StopTimer()
				batch = batch[:0]
				for range 100 {
					batch = append(batch, vote(next))
					next++
				}
				if err := db.WriteVotesForTest(ctx, batch); err != nil {
					b.Fatal(err)
				}
				t0 := time.Now()
				all, err := db.ConversationVotes(ctx, meeting, group, "")
				if err != nil || len(all) != next {
					b.Fatalf("%d votes, %v", len(all), err)
				}
				full += time.Since(t0)
				b.StartTimer()
				vs, last, err := db.ConversationVotesAfter(ctx, meeting, group, after)
				if err != nil || len(vs) != 100 {
					b.Fatalf("%d votes read, %v", len(vs), err)
				}
				after = last
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/1000, "ms/reading")
			b.ReportMetric(float64(full.Microseconds())/float64(b.N)/1000, "ms/reading-every-vote")
		})
	}
}
