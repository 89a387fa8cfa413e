package store_test

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/store"
	"github.com/plenary-org/plenary/internal/store/storetest"
)

// voteFixture makes a meeting with a breakout group, n voters and k
// statements in the group.
func voteFixture(t testing.TB, db *store.DB, n, k int) (ctx context.Context, users []*domain.User, sts []*domain.Statement) {
	t.Helper()
	ctx = context.Background()
	p := &domain.Process{Name: "ISCM contributions"}
	if err := db.CreateProcess(ctx, p); err != nil {
		t.Fatal(err)
	}
	m := &domain.Meeting{ProcessID: p.ID, Title: "GRCP 7"}
	if err := db.CreateMeeting(ctx, m); err != nil {
		t.Fatal(err)
	}
	g := &domain.Group{MeetingID: m.ID, Name: "Africa", Region: "Africa"}
	if err := db.CreateGroup(ctx, g); err != nil {
		t.Fatal(err)
	}
	for i := range n {
		u := &domain.User{Email: fmt.Sprintf("voter%d@example.org", i), Name: fmt.Sprintf("Voter %d", i)}
		if err := db.CreateUser(ctx, u, ""); err != nil {
			t.Fatal(err)
		}
		users = append(users, u)
	}
	for i := range k {
		s := &domain.Statement{MeetingID: m.ID, GroupID: g.ID, Kind: domain.KindRecommendation, Lang: "en", Text: fmt.Sprintf("Recommendation %d", i)}
		if err := db.CreateStatement(ctx, s); err != nil {
			t.Fatal(err)
		}
		sts = append(sts, s)
	}
	return ctx, users, sts
}

func TestVoteWriterGroupCommit(t *testing.T) {
	t.Parallel()
	db := storetest.Open(t)
	ctx, users, sts := voteFixture(t, db, 40, 10)
	var mu sync.Mutex
	commits, committed := 0, 0
	w := db.NewVoteWriter(store.VoteWriterOptions{OnCommit: func(vs []domain.Vote) {
		mu.Lock()
		commits++
		committed += len(vs)
		mu.Unlock()
	}})
	defer w.Close()

	// Every voter votes on every statement at once, then changes one vote.
	var wg sync.WaitGroup
	errs := make(chan error, 1000)
	t0 := time.Now()
	for i, u := range users {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j, s := range sts {
				if err := w.Vote(ctx, domain.Vote{StatementID: s.ID, UserID: u.ID, Value: (i+j)%3 - 1, At: t0}); err != nil {
					errs <- err
				}
			}
			if err := w.Vote(ctx, domain.Vote{StatementID: sts[0].ID, UserID: u.ID, Value: domain.Agree, At: t0.Add(time.Second)}); err != nil {
				errs <- err
			}
			// An older vote arriving late does not overwrite a newer one.
			if err := w.Vote(ctx, domain.Vote{StatementID: sts[0].ID, UserID: u.ID, Value: domain.Disagree, At: t0.Add(-time.Second)}); err != nil {
				errs <- err
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	vs, err := db.ConversationVotes(ctx, sts[0].MeetingID, sts[0].GroupID, "")
	if err != nil || len(vs) != len(users)*len(sts) {
		t.Fatalf("votes in the database = %d (%v), want %d", len(vs), err, len(users)*len(sts))
	}
	totals, err := db.ConversationTotals(ctx, sts[0].MeetingID, sts[0].GroupID)
	if err != nil {
		t.Fatal(err)
	}
	if got := totals[sts[0].ID]; got.Agree != len(users) {
		t.Fatalf("statement 0 totals = %+v, want all %d agreeing (the latest vote counts)", got, len(users))
	}
	mu.Lock()
	defer mu.Unlock()
	if committed != len(users)*(len(sts)+2) {
		t.Fatalf("OnCommit saw %d votes, want %d", committed, len(users)*(len(sts)+2))
	}
	if commits >= committed {
		t.Fatalf("%d commits for %d votes: no grouping", commits, committed)
	}
	t.Logf("%d votes in %d commits", committed, commits)
}

// TestVoteWriterInterval checks when the writer lets votes gather: one
// client voting vote after vote is never held back (with an interval of an
// hour its votes would otherwise take hours), while votes from many voters
// at once go in at most one commit an interval.
func TestVoteWriterInterval(t *testing.T) {
	db := storetest.Open(t)
	ctx, users, sts := voteFixture(t, db, 30, 5)

	alone := db.NewVoteWriter(store.VoteWriterOptions{Interval: time.Hour})
	ctx1, cancel := context.WithTimeout(ctx, time.Minute)
	for _, s := range sts {
		if err := alone.Vote(ctx1, domain.Vote{StatementID: s.ID, UserID: users[0].ID, Value: domain.Agree}); err != nil {
			t.Fatalf("one client voting vote after vote: %v", err)
		}
	}
	cancel()
	alone.Close()
	if st := alone.Stats(); st.Commits != int64(len(sts)) {
		t.Fatalf("one client's %d votes took %d commits, want one each", len(sts), st.Commits)
	}

	const interval = 200 * time.Millisecond
	// One writer (PostgreSQL has two by default, each with its interval).
	var singles atomic.Int64 // commits of one vote, after which the next goes at once
	w := db.NewVoteWriter(store.VoteWriterOptions{Interval: interval, Writers: 1, OnCommit: func(vs []domain.Vote) {
		if len(vs) == 1 {
			singles.Add(1)
		}
	}})
	defer w.Close()
	t0 := time.Now()
	var wg sync.WaitGroup
	errs := make(chan error, len(users)*len(sts))
	for i, u := range users[1:] {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j, s := range sts {
				if err := w.Vote(ctx, domain.Vote{StatementID: s.ID, UserID: u.ID, Value: (i+j)%3 - 1}); err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(t0)
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	st := w.Stats()
	if st.Votes != int64((len(users)-1)*len(sts)) {
		t.Fatalf("%d votes acknowledged, want %d", st.Votes, (len(users)-1)*len(sts))
	}
	// The first commit goes at once, and so does one that follows a commit
	// of a single vote; every other waits for the interval since the start
	// of the one before.
	if most := int64(elapsed/interval) + 1 + singles.Load(); st.Commits > most {
		t.Fatalf("%d commits in %v (%d of one vote), want at most %d with an interval of %v", st.Commits, elapsed, singles.Load(), most, interval)
	}
	t.Logf("%d votes in %d commits (%d of one vote) over %v", st.Votes, st.Commits, singles.Load(), elapsed)
}

func TestVoteWriterRefusals(t *testing.T) {
	t.Parallel()
	db := storetest.Open(t)
	ctx, users, sts := voteFixture(t, db, 2, 1)
	w := db.NewVoteWriter(store.VoteWriterOptions{})
	mustCode(t, w.Vote(ctx, domain.Vote{StatementID: sts[0].ID, UserID: users[0].ID, Value: 2}), domain.EINVALID)
	// A vote on a statement that does not exist fails alone; the one beside
	// it is kept.
	var wg sync.WaitGroup
	var bad, good error
	wg.Add(2)
	go func() {
		defer wg.Done()
		bad = w.Vote(ctx, domain.Vote{StatementID: "nope", UserID: users[0].ID, Value: 1})
	}()
	go func() {
		defer wg.Done()
		good = w.Vote(ctx, domain.Vote{StatementID: sts[0].ID, UserID: users[1].ID, Value: 1})
	}()
	wg.Wait()
	mustCode(t, bad, domain.ENOTFOUND)
	if good != nil {
		t.Fatal(good)
	}
	w.Close()
	if err := w.Vote(ctx, domain.Vote{StatementID: sts[0].ID, UserID: users[0].ID, Value: 1}); err != store.ErrVoteWriterClosed {
		t.Fatalf("vote after close = %v", err)
	}
	vs, _ := db.ConversationVotes(ctx, sts[0].MeetingID, sts[0].GroupID, "")
	if len(vs) != 1 || vs[0].UserID != users[1].ID {
		t.Fatalf("votes = %+v", vs)
	}
}

func TestStatementValidation(t *testing.T) {
	t.Parallel()
	db := storetest.Open(t)
	ctx, _, sts := voteFixture(t, db, 1, 1)
	tests := []struct {
		name string
		s    domain.Statement
	}{
		{"empty text", domain.Statement{MeetingID: sts[0].MeetingID, Kind: domain.KindRecommendation, Lang: "en", Text: " "}},
		{"bad kind", domain.Statement{MeetingID: sts[0].MeetingID, Kind: "wish", Lang: "en", Text: "x"}},
		{"bad lang", domain.Statement{MeetingID: sts[0].MeetingID, Kind: domain.KindRecommendation, Lang: "xx", Text: "x"}},
		{"group of no meeting", domain.Statement{MeetingID: sts[0].MeetingID, GroupID: "nope", Kind: domain.KindRecommendation, Lang: "en", Text: "x"}},
		{"part of no meeting", domain.Statement{MeetingID: sts[0].MeetingID, PartID: "nope", Kind: domain.KindRecommendation, Lang: "en", Text: "x"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := tt.s
			mustCode(t, db.CreateStatement(ctx, &s), domain.EINVALID)
		})
	}
}

// BenchmarkVoteWriter measures acknowledged votes per second with many
// concurrent voters, each vote waiting for its commit:
//
//	go test -run '^$' -bench VoteWriter -benchtime 200000x ./internal/store/
func BenchmarkVoteWriter(b *testing.B) { benchVotes(b, 1000, 40, false, store.VoteWriterOptions{}) }

// BenchmarkVoteWriterNewPairs is BenchmarkVoteWriter with every vote a new
// row (each voter votes once on each of 256 statements, as in "plenary
// loadtest wrk"): index inserts rather than updates in place.
//
//	go test -run '^$' -bench VoteWriterNewPairs -benchtime 200000x ./internal/store/
func BenchmarkVoteWriterNewPairs(b *testing.B) {
	benchVotes(b, 1000, 256, true, store.VoteWriterOptions{})
}

// BenchmarkVoteWriterSmallBatches is BenchmarkVoteWriterNewPairs with 20
// voters at once, so that each commit carries about 20 votes, as when the
// writer keeps up with a steady stream of votes: what a commit costs
// beyond its rows (its fsync, the end of its transaction). Without the
// interval between commits, which would otherwise have the 20 wait.
//
//	go test -run '^$' -bench VoteWriterSmallBatches -benchtime 40000x ./internal/store/
func BenchmarkVoteWriterSmallBatches(b *testing.B) {
	benchVotes(b, 20, 4000, true, store.VoteWriterOptions{Interval: -1})
}

// benchVotes has voters vote as fast as the writer acknowledges, each
// going round the statements (revotes after the first round), or with
// newPairs each voting once on each statement in turn (every vote a new
// row; b.N at most voters×statements).
func benchVotes(b *testing.B, voters, statements int, newPairs bool, opt store.VoteWriterOptions) {
	db := storetest.Open(b)
	if newPairs && b.N > voters*statements {
		b.Skipf("at most %d votes", voters*statements)
	}
	ctx, users, sts := voteFixture(b, db, voters, statements)
	w := db.NewVoteWriter(opt)
	defer w.Close()
	b.ResetTimer()
	var wg sync.WaitGroup
	per := (b.N + voters - 1) / voters
	for i, u := range users {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range per {
				s := sts[j%statements]
				if !newPairs {
					s = sts[(i+j)%statements]
				}
				if err := w.Vote(ctx, domain.Vote{StatementID: s.ID, UserID: u.ID, Value: (i+j)%3 - 1}); err != nil {
					b.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	b.StopTimer()
	b.ReportMetric(float64(per*voters)/b.Elapsed().Seconds(), "votes/s")
	if st := w.Stats(); st.Commits > 0 {
		b.ReportMetric(float64(st.Votes)/float64(st.Commits), "votes/commit")
		b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(st.Commits), "µs/commit")
	}
}
