package store_test

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/store"
	"github.com/plenary-org/plenary/internal/store/storetest"
)

// voteSet reads every vote of the conversation of sts as "statement/user"
// -> value@at, to compare states exactly.
func voteSet(t *testing.T, db *store.DB, ctx context.Context, st *domain.Statement) map[string]string {
	t.Helper()
	vs, err := db.ConversationVotes(ctx, st.MeetingID, st.GroupID, "")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, v := range vs {
		out[v.StatementID+"/"+v.UserID] = fmt.Sprintf("%d@%d", v.Value, v.At.UnixMilli())
	}
	return out
}

func writeVotes(t *testing.T, db *store.DB, ctx context.Context, votes ...domain.Vote) {
	t.Helper()
	w := db.NewVoteWriter(store.VoteWriterOptions{})
	defer w.Close()
	for _, v := range votes {
		if err := w.Vote(ctx, v); err != nil {
			t.Fatal(err)
		}
	}
}

func TestMergeMovesVotesAndUndoPutsThemBack(t *testing.T) {
	t.Parallel()
	db := storetest.Open(t)
	ctx, users, sts := voteFixture(t, db, 4, 3)
	a, b := sts[0], sts[1]
	t0 := time.UnixMilli(1_700_000_000_000).UTC()
	// Users 0 and 1 voted on both: they keep their vote on a. Users 2 and
	// 3 voted on b only: their votes follow to a.
	writeVotes(t, db, ctx,
		domain.Vote{StatementID: a.ID, UserID: users[0].ID, Value: domain.Agree, At: t0},
		domain.Vote{StatementID: b.ID, UserID: users[0].ID, Value: domain.Disagree, At: t0.Add(time.Second)},
		domain.Vote{StatementID: a.ID, UserID: users[1].ID, Value: domain.Pass, At: t0},
		domain.Vote{StatementID: b.ID, UserID: users[1].ID, Value: domain.Agree, At: t0},
		domain.Vote{StatementID: b.ID, UserID: users[2].ID, Value: domain.Disagree, At: t0.Add(2 * time.Second)},
		domain.Vote{StatementID: b.ID, UserID: users[3].ID, Value: domain.Agree, At: t0.Add(3 * time.Second)},
		domain.Vote{StatementID: sts[2].ID, UserID: users[3].ID, Value: domain.Agree, At: t0},
	)
	before := voteSet(t, db, ctx, a)
	totalsBefore, err := db.ConversationTotals(ctx, a.MeetingID, a.GroupID)
	if err != nil {
		t.Fatal(err)
	}

	rapporteur := &domain.Actor{User: users[0]}
	mctx := domain.NewContextWithActor(ctx, rapporteur)
	m, err := db.MergeStatements(mctx, a.ID, b.ID)
	if err != nil {
		t.Fatal(err)
	}
	if m.Votes != 2 || m.MergedBy != users[0].ID || m.IntoID != a.ID || m.FromID != b.ID {
		t.Fatalf("merge = %+v; want 2 votes moved by the rapporteur", m)
	}
	totals, err := db.ConversationTotals(ctx, a.MeetingID, a.GroupID)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := totals[a.ID], (store.VoteTotals{Agree: 2, Disagree: 1, Pass: 1}); got != want {
		t.Errorf("a's totals after the merge = %+v, want %+v", got, want)
	}
	// The votes of users 0 and 1 on b stay on b, which no longer stands.
	if got, want := totals[b.ID], (store.VoteTotals{Agree: 1, Disagree: 1}); got != want {
		t.Errorf("b's remaining votes = %+v, want %+v", got, want)
	}
	gotB, err := db.Statement(ctx, b.ID)
	if err != nil {
		t.Fatal(err)
	}
	if gotB.MergedInto != a.ID || gotB.Version != 2 {
		t.Errorf("b after the merge: merged_into %q version %d", gotB.MergedInto, gotB.Version)
	}
	// The moved votes keep their value and time on a.
	after := voteSet(t, db, ctx, a)
	if after[a.ID+"/"+users[2].ID] != before[b.ID+"/"+users[2].ID] || after[a.ID+"/"+users[3].ID] != before[b.ID+"/"+users[3].ID] {
		t.Errorf("moved votes changed: before %v after %v", before, after)
	}

	// The audit trail says who merged what and how many votes moved, and
	// never who voted how.
	evs, err := db.AuditEvents(ctx, store.AuditFilter{ObjectType: "statement", ObjectID: b.ID})
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) == 0 || evs[0].Action != store.MergeAction || evs[0].ActorName != users[0].Name {
		t.Fatalf("audit after the merge: %+v", evs)
	}
	var rec map[string]any
	if err := json.Unmarshal([]byte(evs[0].After), &rec); err != nil {
		t.Fatal(err)
	}
	if rec["merged_into"] != a.ID || rec["votes_moved"] != float64(2) || rec["merge"] != m.ID || len(rec) != 3 {
		t.Errorf("audit record = %v", rec)
	}

	// A merged statement cannot be merged again, nor merged into.
	if _, err := db.MergeStatements(mctx, sts[2].ID, b.ID); domain.ErrorCode(err) != domain.EINVALID {
		t.Errorf("merging a merged statement: %v, want EINVALID", err)
	}
	if _, err := db.MergeStatements(mctx, b.ID, sts[2].ID); domain.ErrorCode(err) != domain.EINVALID {
		t.Errorf("merging into a merged statement: %v, want EINVALID", err)
	}

	// User 2 changes their vote on a after the merge; undo still puts
	// every moved vote back exactly as it was on b.
	writeVotes(t, db, ctx, domain.Vote{StatementID: a.ID, UserID: users[2].ID, Value: domain.Agree, At: t0.Add(time.Hour)})
	undone, err := db.UndoMerge(domain.NewContextWithActor(ctx, &domain.Actor{User: users[1]}), m.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !undone.Undone() || undone.UndoneBy != users[1].ID {
		t.Errorf("undone merge = %+v", undone)
	}
	restored := voteSet(t, db, ctx, a)
	if len(restored) != len(before) {
		t.Errorf("after undo %d votes, before the merge %d:\n%v\n%v", len(restored), len(before), restored, before)
	}
	for k, v := range before {
		if restored[k] != v {
			t.Errorf("vote %s after undo = %q, before the merge %q", k, restored[k], v)
		}
	}
	totalsAfter, err := db.ConversationTotals(ctx, a.MeetingID, a.GroupID)
	if err != nil {
		t.Fatal(err)
	}
	for id, tt := range totalsBefore {
		if totalsAfter[id] != tt {
			t.Errorf("totals of %s after undo = %+v, before %+v", id, totalsAfter[id], tt)
		}
	}
	if gotB, _ = db.Statement(ctx, b.ID); gotB.MergedInto != "" {
		t.Errorf("b still merged into %q after undo", gotB.MergedInto)
	}
	if _, err := db.UndoMerge(ctx, m.ID); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Errorf("undoing twice: %v, want ECONFLICT", err)
	}
	ms, err := db.Merges(ctx, a.MeetingID, a.GroupID)
	if err != nil || len(ms) != 1 || !ms[0].Undone() || ms[0].Votes != 2 {
		t.Errorf("merges = %+v, %v", ms, err)
	}
	evs, _ = db.AuditEvents(ctx, store.AuditFilter{ObjectType: "statement", ObjectID: b.ID})
	if len(evs) == 0 || evs[0].Action != store.UnmergeAction {
		t.Errorf("audit after undo: %+v", evs)
	}
}

// TestVoteOnAStatementMergedMeanwhile: a vote request looks its statement
// up before the vote reaches the writer; when the statement was merged in
// between, the vote counts on the statement it was merged into, as a vote
// sent to a merged statement does, instead of landing on the merged one,
// where nothing counts it.
func TestVoteOnAStatementMergedMeanwhile(t *testing.T) {
	t.Parallel()
	db := storetest.Open(t)
	ctx, users, sts := voteFixture(t, db, 3, 3)
	a, b := sts[0], sts[1]
	t0 := time.UnixMilli(1_700_000_000_000).UTC()
	writeVotes(t, db, ctx, domain.Vote{StatementID: a.ID, UserID: users[0].ID, Value: domain.Agree, At: t0})
	if _, err := db.MergeStatements(ctx, a.ID, b.ID); err != nil {
		t.Fatal(err)
	}
	// Through the writer, one batch a vote: user 0 changes their vote on a
	// by voting on b, user 1 votes on b for the first time.
	writeVotes(t, db, ctx,
		domain.Vote{StatementID: b.ID, UserID: users[0].ID, Value: domain.Disagree, At: t0.Add(time.Second)},
		domain.Vote{StatementID: b.ID, UserID: users[1].ID, Value: domain.Pass, At: t0.Add(time.Second)},
	)
	// One batch in which user 2 votes on a and on b at once: both land on
	// a, and the later counts.
	if err := db.WriteVotesForTest(ctx, []domain.Vote{
		{StatementID: a.ID, UserID: users[2].ID, Value: domain.Agree, At: t0.Add(2 * time.Second)},
		{StatementID: b.ID, UserID: users[2].ID, Value: domain.Disagree, At: t0.Add(3 * time.Second)},
		{StatementID: sts[2].ID, UserID: users[2].ID, Value: domain.Agree, At: t0.Add(3 * time.Second)},
	}); err != nil {
		// PostgreSQL refuses to change one row twice in one statement;
		// the writer then writes the batch vote by vote.
		if db.Engine() != "postgres" {
			t.Fatal(err)
		}
		writeVotes(t, db, ctx,
			domain.Vote{StatementID: a.ID, UserID: users[2].ID, Value: domain.Agree, At: t0.Add(2 * time.Second)},
			domain.Vote{StatementID: b.ID, UserID: users[2].ID, Value: domain.Disagree, At: t0.Add(3 * time.Second)},
			domain.Vote{StatementID: sts[2].ID, UserID: users[2].ID, Value: domain.Agree, At: t0.Add(3 * time.Second)},
		)
	}
	got := voteSet(t, db, ctx, a)
	ms := func(d time.Duration) int64 { return t0.Add(d).UnixMilli() }
	want := map[string]string{
		a.ID + "/" + users[0].ID:      fmt.Sprintf("-1@%d", ms(time.Second)),
		a.ID + "/" + users[1].ID:      fmt.Sprintf("0@%d", ms(time.Second)),
		a.ID + "/" + users[2].ID:      fmt.Sprintf("-1@%d", ms(3*time.Second)),
		sts[2].ID + "/" + users[2].ID: fmt.Sprintf("1@%d", ms(3*time.Second)),
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("votes after voting on a merged statement:\n got %v\nwant %v", got, want)
	}
	totals, err := db.ConversationTotals(ctx, a.MeetingID, a.GroupID)
	if err != nil {
		t.Fatal(err)
	}
	if tb, ok := totals[b.ID]; ok {
		t.Fatalf("the merged statement has votes: %+v", tb)
	}
	if ta := totals[a.ID]; ta != (store.VoteTotals{Disagree: 2, Pass: 1}) {
		t.Fatalf("totals of the statement that stands = %+v, want 2 disagree, 1 pass", ta)
	}
}

// TestMergesWhileVoting merges statements while voters keep voting on the
// ones being merged: no batch of votes and no merge fails (on PostgreSQL
// they lock statements in one order: no deadlock), and no vote cast after
// a merge stays on the merged statement.
func TestMergesWhileVoting(t *testing.T) {
	t.Parallel()
	db := storetest.Open(t)
	const pairs = 8
	ctx, users, sts := voteFixture(t, db, 12, 2*pairs)
	w := db.NewVoteWriter(store.VoteWriterOptions{})
	defer w.Close()
	stop := make(chan struct{})
	errs := make(chan error, len(users)+1)
	var wg sync.WaitGroup
	for i, u := range users {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := 0; ; n++ {
				select {
				case <-stop:
					return
				default:
				}
				s := sts[pairs+(i+n)%pairs] // the statements merged away
				if err := w.Vote(ctx, domain.Vote{StatementID: s.ID, UserID: u.ID, Value: n%3 - 1}); err != nil {
					errs <- fmt.Errorf("vote: %w", err)
					return
				}
			}
		}()
	}
	merged := map[string]time.Time{}
	for i := range pairs {
		time.Sleep(20 * time.Millisecond)
		m, err := db.MergeStatements(ctx, sts[i].ID, sts[pairs+i].ID)
		if err != nil {
			errs <- fmt.Errorf("merge %d: %w", i, err)
			break
		}
		merged[m.FromID] = m.MergedAt
	}
	time.Sleep(20 * time.Millisecond)
	close(stop)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	vs, err := db.ConversationVotes(ctx, sts[0].MeetingID, sts[0].GroupID, "")
	if err != nil {
		t.Fatal(err)
	}
	left := 0
	for _, v := range vs {
		if at, ok := merged[v.StatementID]; ok {
			// Votes of people who had voted on both stay behind, older than
			// the merge; nothing newer may.
			if v.At.After(at) {
				t.Fatalf("a vote cast %v after its statement was merged is still on it", v.At.Sub(at))
			}
			left++
		}
	}
	t.Logf("%d votes in all, %d left behind on merged statements by people who had voted on both", len(vs), left)
	if st := w.Stats(); st.Votes == 0 {
		t.Fatal("no votes written")
	}
}

func TestMergeRefusals(t *testing.T) {
	t.Parallel()
	db := storetest.Open(t)
	ctx, _, sts := voteFixture(t, db, 1, 3)
	other := &domain.Group{MeetingID: sts[0].MeetingID, Name: "Asia"}
	if err := db.CreateGroup(ctx, other); err != nil {
		t.Fatal(err)
	}
	elsewhere := &domain.Statement{MeetingID: sts[0].MeetingID, GroupID: other.ID, Kind: domain.KindRecommendation, Lang: "en", Text: "Elsewhere"}
	if err := db.CreateStatement(ctx, elsewhere); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name       string
		into, from string
		want       string
	}{
		{"same statement", sts[0].ID, sts[0].ID, domain.EINVALID},
		{"another group's statement", sts[0].ID, elsewhere.ID, domain.EINVALID},
		{"unknown statement", sts[0].ID, "nope", domain.ENOTFOUND},
		{"into unknown statement", "nope", sts[0].ID, domain.ENOTFOUND},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := db.MergeStatements(ctx, tt.into, tt.from); domain.ErrorCode(err) != tt.want {
				t.Fatalf("err = %v, want %s", err, tt.want)
			}
		})
	}
	// A chain: b into a, then a into c. The first merge cannot be undone
	// before the second.
	m1, err := db.MergeStatements(ctx, sts[0].ID, sts[1].ID)
	if err != nil {
		t.Fatal(err)
	}
	m2, err := db.MergeStatements(ctx, sts[2].ID, sts[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.UndoMerge(ctx, m1.ID); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Fatalf("undoing the earlier merge of a chain: %v, want ECONFLICT", err)
	}
	if _, err := db.UndoMerge(ctx, m2.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := db.UndoMerge(ctx, m1.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := db.UndoMerge(ctx, "nope"); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Errorf("undoing an unknown merge: %v", err)
	}
}

func TestVotedStatements(t *testing.T) {
	t.Parallel()
	db := storetest.Open(t)
	ctx, users, sts := voteFixture(t, db, 2, 3)
	writeVotes(t, db, ctx,
		domain.Vote{StatementID: sts[0].ID, UserID: users[0].ID, Value: domain.Agree},
		domain.Vote{StatementID: sts[2].ID, UserID: users[0].ID, Value: domain.Pass},
		domain.Vote{StatementID: sts[1].ID, UserID: users[1].ID, Value: domain.Pass})
	got, err := db.VotedStatements(ctx, sts[0].MeetingID, sts[0].GroupID, users[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || !got[sts[0].ID] || !got[sts[2].ID] {
		t.Fatalf("voted = %v", got)
	}
}

// fillMerges gives the dump tests a merge that stands, with a vote that
// moved, so that both merge tables have rows.
func fillMerges(t testing.TB, db *store.DB, ctx context.Context, m *domain.Meeting) {
	t.Helper()
	groups, err := db.Groups(ctx, m.ID)
	if err != nil || len(groups) == 0 {
		t.Fatalf("groups: %v", err)
	}
	keep := &domain.Statement{MeetingID: m.ID, GroupID: groups[0].ID, Kind: domain.KindCommitment, Lang: "es", Text: "Reconocer las competencias de los trabajadores migrantes."}
	dup := &domain.Statement{MeetingID: m.ID, GroupID: groups[0].ID, Kind: domain.KindCommitment, Lang: "en", Text: "Recognise migrant workers' skills."}
	for _, x := range []*domain.Statement{keep, dup} {
		if err := db.CreateStatement(ctx, x); err != nil {
			t.Fatal(err)
		}
	}
	w := db.NewVoteWriter(store.VoteWriterOptions{})
	err = w.Vote(ctx, domain.Vote{StatementID: dup.ID, UserID: domain.ActorFromContext(ctx).User.ID, Value: domain.Disagree})
	w.Close()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.MergeStatements(ctx, keep.ID, dup.ID); err != nil {
		t.Fatal(err)
	}
}
