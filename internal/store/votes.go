package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/plenary-org/plenary/internal/domain"
)

// VoteWriter records votes with group commit: votes that arrive while a
// commit is under way wait together and go to disk in the next
// transaction, so that a burst of thousands of votes costs a handful of
// fsyncs. [VoteWriter.Vote] returns only once its vote is committed (on
// SQLite with synchronous=FULL, on disk).
type VoteWriter struct {
	db       *DB
	reqs     chan *voteReq
	maxBatch int
	interval time.Duration
	onCommit func([]domain.Vote)
	wg       sync.WaitGroup
	closeMu  sync.RWMutex
	closed   bool

	commits, written, busy atomic.Int64
}

// writerState is what one writer goroutine keeps from batch to batch.
type writerState struct {
	votes   []domain.Vote
	scratch voteScratch
}

// VoteWriterStats counts what a writer did.
type VoteWriterStats struct {
	Commits int64         // transactions that committed votes
	Votes   int64         // votes acknowledged
	Busy    time.Duration // time spent writing and committing
}

// Stats returns what the writer has done so far; Votes/Commits is the
// mean size of a group commit.
func (w *VoteWriter) Stats() VoteWriterStats {
	return VoteWriterStats{Commits: w.commits.Load(), Votes: w.written.Load(), Busy: time.Duration(w.busy.Load())}
}

type voteReq struct {
	v    domain.Vote
	done chan error
}

// VoteWriterOptions tunes a [VoteWriter].
type VoteWriterOptions struct {
	// MaxBatch is the most votes one transaction carries; 4,096 when 0.
	MaxBatch int
	// Queue is how many votes may wait for the next commit before Vote
	// blocks; 16,384 when 0.
	Queue int
	// Interval is the least time between the starts of two commits of
	// one writer while several people vote at once: 5 ms when 0, none
	// when negative. A vote that arrives after a quiet moment, or from
	// one client voting vote after vote, is written at once; under a
	// steady stream from many voters the votes of up to Interval share
	// a commit, so that the writer spends its time on rows rather than
	// on each commit's fixed cost (its fsync, the end of its
	// transaction): with 1,000 voters under wrk, 150 votes a commit
	// instead of 17, a quarter more votes a second and a lower p99
	// (docs/LIVE.md).
	Interval time.Duration
	// OnCommit, when set, is called after each commit with its votes (in
	// the writer's goroutine: keep it short, hand work to another).
	OnCommit func([]domain.Vote)
	// Writers is how many transactions may be under way at once: 1 on
	// SQLite (one writer at a time), 2 on PostgreSQL when 0, where a
	// batch's round trip to the server would otherwise leave the votes
	// arriving meanwhile waiting for all of it. With commits every 5 ms,
	// two did better than four under wrk (16,111 and 17,040 votes/s
	// against 13,404 and 15,124, alternating 20-second runs).
	Writers int
}

// DefaultVoteInterval is the least time between two commits of a vote
// writer unless [VoteWriterOptions] says otherwise.
const DefaultVoteInterval = 5 * time.Millisecond

// ErrVoteWriterClosed is returned by Vote after Close.
var ErrVoteWriterClosed = errors.New("store: the vote writer is closed")

// NewVoteWriter starts a writer; Close stops it.
func (db *DB) NewVoteWriter(opt VoteWriterOptions) *VoteWriter {
	if opt.MaxBatch <= 0 {
		opt.MaxBatch = 4096
	}
	if opt.Queue <= 0 {
		opt.Queue = 16384
	}
	if opt.Interval == 0 {
		opt.Interval = DefaultVoteInterval
	}
	opt.Writers = db.dialect.voteWriterCount(opt.Writers)
	if db.votes != nil && opt.Writers > voteConns {
		// Each writer has a connection of its own.
		db.votes.SetMaxOpenConns(opt.Writers)
		db.votes.SetMaxIdleConns(opt.Writers)
	}
	w := &VoteWriter{db: db, reqs: make(chan *voteReq, opt.Queue), maxBatch: opt.MaxBatch, interval: max(opt.Interval, 0), onCommit: opt.OnCommit}
	for range opt.Writers {
		w.wg.Add(1)
		go w.loop()
	}
	return w
}

var reqPool = sync.Pool{New: func() any { return &voteReq{done: make(chan error, 1)} }}

// Vote records v and returns once it is committed. The caller checks that
// the voter may vote on the statement; a statement or user that does not
// exist gives ENOTFOUND without failing the votes committed beside it.
func (w *VoteWriter) Vote(ctx context.Context, v domain.Vote) error {
	if !domain.ValidVote(v.Value) {
		return domain.Invalid("value", "error.vote_value", "vote agree (1), disagree (-1) or pass (0)")
	}
	if v.At.IsZero() {
		v.At = w.db.now()
	}
	r := reqPool.Get().(*voteReq)
	r.v = v
	w.closeMu.RLock()
	if w.closed {
		w.closeMu.RUnlock()
		reqPool.Put(r)
		return ErrVoteWriterClosed
	}
	select {
	case w.reqs <- r:
		w.closeMu.RUnlock()
	case <-ctx.Done():
		w.closeMu.RUnlock()
		reqPool.Put(r)
		return ctx.Err()
	}
	// Once queued, the vote is written whatever happens to the caller:
	// waiting for the answer keeps the request object safe to reuse.
	err := <-r.done
	reqPool.Put(r)
	return err
}

// Close writes the votes already queued and stops the writer.
func (w *VoteWriter) Close() {
	w.closeMu.Lock()
	if !w.closed {
		w.closed = true
		close(w.reqs)
	}
	w.closeMu.Unlock()
	w.wg.Wait()
}

func (w *VoteWriter) loop() {
	defer w.wg.Done()
	var st writerState
	batch := make([]*voteReq, 0, w.maxBatch)
	var last time.Time // when the last commit began
	lastN := 0         // and how many votes it carried
	for r := range w.reqs {
		// When others were voting together (the last commit carried
		// several votes), let the votes of one interval gather; after a
		// quiet moment, or for one client voting vote after vote, write
		// at once.
		if wait := w.interval - time.Since(last); wait > 0 && lastN > 1 {
			time.Sleep(wait)
		}
		last = time.Now()
		batch = append(batch[:0], r)
	drain:
		for len(batch) < w.maxBatch {
			select {
			case r, ok := <-w.reqs:
				if !ok {
					break drain
				}
				batch = append(batch, r)
			default:
				break drain
			}
		}
		lastN = len(batch)
		w.write(&st, batch)
	}
}

// write commits a batch and answers every request in it. When the batch
// fails as a whole (a statement deleted meanwhile, say), each vote is
// written on its own so that one bad vote fails alone.
func (w *VoteWriter) write(st *writerState, batch []*voteReq) {
	start := time.Now()
	defer func() {
		w.busy.Add(int64(time.Since(start)))
		if w.onCommit == nil {
			clear(st.votes) // keep no strings alive until the next batch
		}
	}()
	// OnCommit may keep the votes it is given: they get a slice of their
	// own; otherwise the writer's is reused.
	votes := st.votes[:0]
	if w.onCommit != nil {
		votes = make([]domain.Vote, 0, len(batch))
	}
	for _, r := range batch {
		votes = append(votes, r.v)
	}
	if w.onCommit == nil {
		st.votes = votes
	}
	err := w.db.writeVotes(context.Background(), votes, &st.scratch)
	if err == nil {
		w.commits.Add(1)
		w.written.Add(int64(len(batch)))
		for _, r := range batch {
			r.done <- nil
		}
		if w.onCommit != nil {
			w.onCommit(votes)
		}
		return
	}
	var ok []domain.Vote
	for _, r := range batch {
		e := w.db.writeVotes(context.Background(), []domain.Vote{r.v}, &st.scratch)
		if e == nil {
			w.commits.Add(1)
			w.written.Add(1)
		}
		var de *domain.Error
		if e == nil {
			ok = append(ok, r.v)
		} else if errors.As(e, &de) && de.Key == "error.in_use" {
			e = domain.NotFound("statement")
		}
		r.done <- e
	}
	if w.onCommit != nil && len(ok) > 0 {
		w.onCommit(ok)
	}
}

// VoteAction is the action of the event that tells live views of new
// votes in a conversation (object ID: the group, "" for the plenary). Such
// events have no ID: they are not in the audit trail.
const VoteAction = "vote"

// voteChunk is how many votes one INSERT carries at most: 5 parameters
// each, far below both engines' limits. A power of two.
const voteChunk = 512

var voteInserts sync.Map // "n conflict" -> statement text

// voteInsert returns the INSERT of n votes.
func voteInsert(n int, conflict string) string {
	key := strconv.Itoa(n) + conflict
	if q, ok := voteInserts.Load(key); ok {
		return q.(string)
	}
	// A vote on a statement merged meanwhile (after the vote request
	// looked it up, before this commit) counts on the statement it was
	// merged into, as a vote sent to a merged statement does.
	var b strings.Builder
	b.WriteString(`INSERT INTO votes (statement_id, user_id, value, at, conversation, seq)
		SELECT COALESCE(s.merged_into, v.column1), v.column2, v.column3, v.column4, COALESCE(s.group_id, s.meeting_id, ''), v.column5 FROM (VALUES `)
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("(?, ?, ?, ?, ?)")
	}
	b.WriteString(`) AS v LEFT JOIN statements s ON s.id = v.column1 WHERE true`)
	b.WriteString(conflict)
	q, _ := voteInserts.LoadOrStore(key, b.String())
	return q.(string)
}

// voteScratch holds what writeVotes needs from one batch to the next, so
// that a batch allocates little; nil allocates afresh.
type voteScratch struct {
	latest map[voteKey]int
	uniq   []domain.Vote
	args   []any
}

type voteKey struct{ s, u string }

// voteValueArgs are the three vote values as query arguments, boxed once.
var voteValueArgs = map[int]any{domain.Agree: int64(domain.Agree), domain.Disagree: int64(domain.Disagree), domain.Pass: int64(domain.Pass)}

// writeVotes upserts votes in one transaction. Of several votes by one
// person on one statement, the latest (then the last given) counts.
func (db *DB) writeVotes(ctx context.Context, votes []domain.Vote, sc *voteScratch) error {
	if sc == nil {
		sc = &voteScratch{}
	}
	if sc.latest == nil {
		sc.latest = make(map[voteKey]int, len(votes))
	}
	latest := sc.latest
	clear(latest)
	uniq := sc.uniq[:0]
	for _, v := range votes {
		k := voteKey{v.StatementID, v.UserID}
		if i, ok := latest[k]; ok {
			if !v.At.Before(uniq[i].At) {
				uniq[i] = v
			}
			continue
		}
		latest[k] = len(uniq)
		uniq = append(uniq, v)
	}
	sc.uniq = uniq
	defer func() {
		// Drop the references the buffers hold until the next batch.
		clear(sc.uniq)
		clear(sc.args)
	}()
	// In key order: the index pages fill in order, and two instances
	// writing to PostgreSQL at once lock rows in the same order (no
	// deadlock).
	slices.SortFunc(uniq, func(a, b domain.Vote) int {
		return cmp.Or(strings.Compare(a.StatementID, b.StatementID), strings.Compare(a.UserID, b.UserID))
	})
	return db.dialect.writeVotes(ctx, db, uniq, sc)
}

// voteConflict makes a vote replace an earlier one by the same person,
// with the new vote's number: live analysis reads it again.
const voteConflict = ` ON CONFLICT (statement_id, user_id) DO UPDATE SET value = excluded.value, at = excluded.at, seq = excluded.seq WHERE excluded.at >= votes.at`

// writeVotesPostgres writes votes in one statement, one round trip, its
// own transaction: the whole batch from four arrays (planned once per
// connection, whatever the batch's size), and the events, sent by
// PostgreSQL at commit and not at all if the INSERT fails. The statements
// voted on are locked first, in the order of their IDs (a merge locks its
// two the same way: no deadlock), and a vote on one merged meanwhile
// counts on the statement it was merged into: a merge under way makes the
// batch wait until it has committed, and the lock then reads the
// statement as the merge left it.
func writeVotesPostgres(ctx context.Context, db *DB, votes []domain.Vote, _ *voteScratch) error {
	ss, us := make([]string, len(votes)), make([]string, len(votes))
	vs, ats := make([]int32, len(votes)), make([]int64, len(votes))
	for i, v := range votes {
		ss[i], us[i], vs[i], ats[i] = v.StatementID, v.UserID, int32(v.Value), v.At.UnixMilli()
	}
	var events []string
	for _, e := range voteEvents(db, votes) {
		events = append(events, e.payload())
	}
	// The votes' numbers (the identity of seq) are taken by the INSERT's
	// rows, each of which joins the row of lk: the advisory lock that
	// tells readers how far they may read ([DB.ConversationVotesAfter])
	// is held before the first number is taken.
	_, err := db.votes.ExecContext(ctx, db.dialect.rebind(`WITH lk AS (`+voteNumbersLock+`),
		st AS (SELECT id, merged_into, meeting_id, group_id FROM statements
			WHERE id = ANY(?::text[]) ORDER BY id COLLATE "C" FOR KEY SHARE),
		ins AS (INSERT INTO votes (statement_id, user_id, value, at, conversation)
		SELECT COALESCE(st.merged_into, u.s), u.u, u.v, u.a, COALESCE(st.group_id, st.meeting_id, '') FROM unnest(?::text[], ?::text[], ?::integer[], ?::bigint[]) AS u(s, u, v, a)
		CROSS JOIN lk LEFT JOIN st ON st.id = u.s`+voteConflict+`)
		SELECT pg_notify(?, e) FROM unnest(?::text[]) e`), ss, ss, us, vs, ats, eventChannel, events)
	return db.mapErr(err)
}

// writeVotesSQLite writes votes by chunks of a power of two, so that a
// few statement texts cover every batch, each prepared once (outside the
// transaction, which holds SQLite's one write connection).
func writeVotesSQLite(ctx context.Context, db *DB, uniq []domain.Vote, sc *voteScratch) error {
	type chunk struct {
		votes []domain.Vote
		q     string
		st    *sql.Stmt
	}
	var chunks []chunk
	for rest := uniq; len(rest) > 0; {
		n := voteChunk
		for n > len(rest) {
			n /= 2
		}
		q := voteInsert(n, voteConflict)
		st, err := db.sharedStmt(ctx, q)
		if err != nil {
			return db.mapErr(err)
		}
		chunks = append(chunks, chunk{rest[:n], q, st})
		rest = rest[n:]
	}
	return db.inTx(ctx, func(tx *Tx) error {
		// The batch's numbers, taken at once: one writer, so numbers are
		// committed in their order.
		var top int64
		if err := tx.queryRow(ctx, `UPDATE vote_sequence SET n = n + ? RETURNING n`, len(uniq)).Scan(&top); err != nil {
			return err
		}
		seq := top - int64(len(uniq))
		for _, c := range chunks {
			args := sc.args[:0]
			for _, v := range c.votes {
				val, ok := voteValueArgs[v.Value]
				if !ok {
					val = v.Value
				}
				seq++
				args = append(args, v.StatementID, v.UserID, val, v.At.UnixMilli(), seq)
			}
			sc.args = args
			if _, err := tx.execPrepared(ctx, c.st, c.q, args...); err != nil {
				return err
			}
		}
		return notifyVotes(ctx, db, tx, uniq)
	})
}

// notifyVotes sends the events of voteEvents in tx.
func notifyVotes(ctx context.Context, db *DB, tx *Tx, votes []domain.Vote) error {
	for _, e := range voteEvents(db, votes) {
		if err := tx.notify(ctx, e); err != nil {
			return err
		}
	}
	return nil
}

// voteEvents returns one event a conversation, which tells every
// instance's live views of new votes.
func voteEvents(db *DB, votes []domain.Vote) []Event {
	type conv struct{ m, g string }
	seen := map[conv]bool{}
	now := db.now()
	var out []Event
	for _, v := range votes {
		c := conv{v.MeetingID, v.GroupID}
		if v.MeetingID == "" || seen[c] {
			continue
		}
		seen[c] = true
		out = append(out, Event{MeetingID: v.MeetingID, Action: VoteAction, ObjectType: "conversation", ObjectID: v.GroupID, At: now})
	}
	return out
}

// VoteTotals counts agree, disagree and pass votes per statement of a
// conversation.
type VoteTotals struct {
	Agree, Disagree, Pass int
}

// ConversationTotals returns the totals of each statement of a
// conversation, by statement ID.
func (db *DB) ConversationTotals(ctx context.Context, meetingID, groupID string) (map[string]VoteTotals, error) {
	rows, err := db.query(ctx, `SELECT v.statement_id, SUM(CASE WHEN v.value = 1 THEN 1 ELSE 0 END), SUM(CASE WHEN v.value = -1 THEN 1 ELSE 0 END),
		SUM(CASE WHEN v.value = 0 THEN 1 ELSE 0 END) FROM votes v JOIN statements s ON s.id = v.statement_id
		WHERE s.meeting_id = ? AND COALESCE(s.group_id, '') = ? GROUP BY v.statement_id`, meetingID, groupID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]VoteTotals{}
	for rows.Next() {
		var id string
		var t VoteTotals
		if err := rows.Scan(&id, &t.Agree, &t.Disagree, &t.Pass); err != nil {
			return nil, db.mapErr(err)
		}
		out[id] = t
	}
	return out, db.mapErr(rows.Err())
}
