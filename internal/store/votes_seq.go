package store

import (
	"context"
	"database/sql"
	"math"
	"strconv"

	"github.com/plenary-org/plenary/internal/domain"
)

// Every insert and every update of a vote gives it the next number of a
// sequence (its seq) and keeps its conversation on it (the breakout
// group's ID, or the meeting's for the plenary), so that live analysis
// reads only the votes that changed since its last reading, one range of
// the index on (conversation, seq), whatever the size of the conversation.
//
// On SQLite the one writer takes a transaction's numbers from
// vote_sequence inside the transaction, so numbers are committed in their
// order. On PostgreSQL numbers come from a sequence, taken before their
// transactions commit and not in the order of the commits: a reader that
// saw number 12 committed may see number 11 committed after it. So a
// transaction that numbers votes first takes a shared advisory lock whose
// key is the last number given at that moment (voteNumbersLock: all its
// numbers are above the key), held until it ends; a reader reads no
// further than the lowest key held, and no further than the last number
// given before it looked at the locks (votesHorizonPostgres). Writers
// never wait for one another or for readers.

// voteLockSpace is the first key of the advisory locks of vote numbers
// (two-key form: the first key is voteLockSpace plus the number's bits
// above the 31st, the second its 31 low bits). Other advisory locks of
// plenary use the one-key form, which PostgreSQL keeps apart.
const voteLockSpace = 1886156288 // "plv\0"

// voteNumbersLock is a query (one row) that takes the lock of a
// transaction about to number votes on PostgreSQL.
var voteNumbersLock = `SELECT pg_advisory_xact_lock_shared((` + strconv.Itoa(voteLockSpace) + ` + (n.k >> 31))::int4, (n.k & 2147483647)::int4)
	FROM (SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END AS k FROM votes_seq_counter) n`

// votesHorizonPostgres returns the highest number below which every vote
// number given is final (its transaction committed or rolled back).
func votesHorizonPostgres(ctx context.Context, db *DB) (int64, error) {
	// The last number given first, then the locks: a transaction holding
	// a number up to last took its lock before that number, so before
	// this reading, and its lock is seen below unless it has ended.
	var last int64
	if err := db.queryRow(ctx, `SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END FROM votes_seq_counter`).Scan(&last); err != nil {
		return 0, db.mapErr(err)
	}
	var low sql.NullInt64
	if err := db.queryRow(ctx, `SELECT MIN(((classid::bigint - `+strconv.Itoa(voteLockSpace)+`) << 31) | objid::bigint) FROM pg_locks
		WHERE locktype = 'advisory' AND objsubid = 2 AND classid::bigint BETWEEN `+strconv.Itoa(voteLockSpace)+` AND `+strconv.Itoa(voteLockSpace+65535)+`
		AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`).Scan(&low); err != nil {
		return 0, db.mapErr(err)
	}
	if low.Valid && low.Int64 < last {
		last = low.Int64
	}
	return last, nil
}

// votesHorizonSQLite sets no limit: the one writer commits its numbers in
// their order.
func votesHorizonSQLite(context.Context, *DB) (int64, error) { return math.MaxInt64, nil }

// renumberVotesSQLite gives the votes where says a new number, one for the
// transaction.
func renumberVotesSQLite(ctx context.Context, tx *Tx, where string, args ...any) error {
	var n int64
	if err := tx.queryRow(ctx, `UPDATE vote_sequence SET n = n + 1 RETURNING n`).Scan(&n); err != nil {
		return err
	}
	_, err := tx.exec(ctx, `UPDATE votes SET seq = ? WHERE `+where, append([]any{n}, args...)...)
	return err
}

// renumberVotesPostgres gives the votes where says new numbers, under the
// lock readers look for.
func renumberVotesPostgres(ctx context.Context, tx *Tx, where string, args ...any) error {
	if err := tx.lockVoteNumbers(ctx); err != nil {
		return err
	}
	_, err := tx.exec(ctx, `UPDATE votes SET seq = nextval('votes_seq_counter') WHERE `+where, args...)
	return err
}

// lockVoteNumbers takes, on PostgreSQL, the lock of a transaction that is
// about to number votes (an INSERT into votes numbers them by itself).
func (tx *Tx) lockVoteNumbers(ctx context.Context) error {
	if !tx.db.dialect.identity {
		return nil
	}
	_, err := tx.exec(ctx, voteNumbersLock)
	return err
}

// conversationOf is the conversation column of a vote: the breakout group,
// or the meeting for the plenary.
func conversationOf(meetingID, groupID string) string {
	if groupID != "" {
		return groupID
	}
	return meetingID
}

// ConversationVotesAfter returns the votes of a conversation inserted or
// changed since the reading that returned after (-1: every vote), and the
// number to give the next reading. A vote changed twice meanwhile comes
// once, as it stands. The reading costs the votes it returns, not the
// size of the conversation.
func (db *DB) ConversationVotesAfter(ctx context.Context, meetingID, groupID string, after int64) ([]domain.Vote, int64, error) {
	q := `SELECT statement_id, user_id, value, at, seq FROM votes WHERE conversation = ? AND seq > ?`
	h, err := db.dialect.votesHorizon(ctx, db)
	if err != nil {
		return nil, after, err
	}
	if h <= after {
		return nil, after, nil
	}
	rows, err := db.query(ctx, q+` AND seq <= ? ORDER BY seq`, conversationOf(meetingID, groupID), after, h)
	if err != nil {
		return nil, after, db.mapErr(err)
	}
	defer rows.Close()
	var out []domain.Vote
	last := after
	for rows.Next() {
		var v domain.Vote
		var at, seq int64
		if err := rows.Scan(&v.StatementID, &v.UserID, &v.Value, &at, &seq); err != nil {
			return nil, after, db.mapErr(err)
		}
		v.At = fromMS(at)
		last = max(last, seq)
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, after, db.mapErr(err)
	}
	return out, last, nil
}
