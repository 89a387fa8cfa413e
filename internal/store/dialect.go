package store

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/plenary-org/plenary/internal/domain"
)

// dialect is everything that differs between SQLite and PostgreSQL, one
// field a difference. Each is decided here, in the two values
// sqliteDialect and postgresDialect; the rest of the package reads the
// field it needs and never asks which engine it runs on. Where the
// difference is SQL text, the field holds the text or a function writing
// it; where it is behaviour, a function (defined beside the code that
// uses it).
type dialect struct {
	// name is the engine's name ([DB.Engine]) and its migrations' folder.
	name string
	// goose is the migration tool's dialect.
	goose goose.Dialect
	// migrationLocker, when set, makes the lock under which one of several
	// instances starting at once migrates while the others wait.
	migrationLocker func() (lock.SessionLocker, error)

	// numberedParams: placeholders are $1, $2, … instead of ?. Queries are
	// written with ? and rebound ([dialect.rebind]).
	numberedParams bool
	// keepStatements: the driver keeps no prepared statements, so the
	// store prepares those it runs once a row in a loop ([Tx.stmt]) and
	// those of the vote path ([DB.sharedStmt]) itself.
	keepStatements bool
	// identity: seq columns are numbered by the database (identity
	// columns); otherwise the store gives a new row MAX(seq) + 1, which
	// its one writer at a time makes safe ([dialect.nextSeq]).
	identity bool
	// forUpdate is the clause that makes a SELECT lock the rows it reads
	// until the transaction ends; "" where one writer at a time makes
	// locks needless.
	forUpdate string
	// forShare is the clause that makes a SELECT keep the rows it reads
	// from changing until the transaction ends, while letting others read
	// and share them; "" where one writer at a time makes it needless.
	forShare string

	// notify tells live screens of e once tx commits, and never if it
	// rolls back.
	notify func(ctx context.Context, tx *Tx, e Event) error

	// maxWriters is how many write transactions may be under way at once
	// (0: no limit); voteWriters is how many a [VoteWriter] runs when not
	// told ([dialect.voteWriterCount]).
	maxWriters, voteWriters int
	// writeVotes upserts votes, one vote a statement and person, sorted
	// by statement and person, and sends their events, in a transaction.
	writeVotes func(ctx context.Context, db *DB, votes []domain.Vote, sc *voteScratch) error
	// votesHorizon is how far a reading of votes by number may
	// go (numbers taken by transactions still under way lie beyond it);
	// renumberVotes gives votes changed otherwise than by a vote writer
	// (merges) new numbers (votes_seq.go).
	votesHorizon  func(ctx context.Context, db *DB) (int64, error)
	renumberVotes func(ctx context.Context, tx *Tx, where string, args ...any) error

	// index is the full-text index of contributions.
	index textIndex

	// snapshot are the options of a read transaction that sees one
	// snapshot of the database ([DB.Dump]).
	snapshot *sql.TxOptions
	// bytewise follows a text expression in ORDER BY to compare it byte
	// by byte, so that both engines order rows alike.
	bytewise string
	// titleOrder orders contributions by title, ignoring case.
	titleOrder string
	// orderIndexes: a list's page names the index that holds the list in
	// its order (INDEXED BY), which the planner would otherwise pass over
	// for the one that selects the meeting, sorting every row of it.
	orderIndexes bool
	// overrideIdentity follows an INSERT's column list to give identity
	// columns the values in the statement.
	overrideIdentity string
	// restartNumbering writes the statement that makes the next number of
	// table's column col follow the highest there, after a restore.
	restartNumbering func(table, col string) string
	// setAsideGuards lets [DB.Restore] empty and fill the tables whose
	// triggers refuse changes (guardedTables: the audit trail, the outcome
	// documents' versions and adoption): it sets the triggers aside in tx
	// and returns the function that puts them back. Both are undone if tx
	// rolls back.
	setAsideGuards func(ctx context.Context, tx *sql.Tx) (putBack func() error, err error)
	// columnsQuery lists the columns of the schema's tables as table,
	// column, type and nullable ([DB.CheckDumpSchema]).
	columnsQuery string

	// backup writes a consistent copy of the database to a new file at
	// path ([DB.Backup]).
	backup func(ctx context.Context, db *DB, path string) error
}

// textIndex is the full-text index of contributions: an FTS5 table on
// SQLite, a table of tsvectors on PostgreSQL. Both hold the terms plenary
// makes itself (searchindex.go); the rows are keyed by contributions.seq.
type textIndex struct {
	// table is the index's table, cols its columns as an INSERT lists
	// them, row the values of one row, with one ? for the key.
	table, cols, row string
	// values are the values of row for a contribution's title and body
	// terms, after its seq.
	values func(title, body []string) []any
	// remove deletes a contribution's row (its seq as ?) before it is
	// written again, where the index cannot upsert; upsert follows an
	// INSERT to replace the row otherwise.
	remove, upsert string
	// query writes clauses as a query of the index, joined by AND (by OR
	// with any); without writes "q and not not".
	query   func(cs []clause, any bool) string
	without func(q, not string) string
	// matchSeqs selects the seq of the contributions matching the query ?.
	matchSeqs string
	// matches is a FROM and WHERE clause that joins the matches of the
	// query ? with the contributions c, to be followed by AND and more.
	matches string
	// rankColumn, where set, is a column of matches that ranks a match
	// (the lower the better); rankQuery, where set, selects seq and rank
	// for the query ? (given twice) instead, on a connection of its own.
	rankColumn, rankQuery string
	// byID is c.id where a search joins or filters contributions by their
	// ID.
	byID string
	// joinLists: facets count the regions and tags of matches by joining
	// their tables, rather than from the copies of the lists in the rows.
	joinLists bool
}

// sqliteDialect is SQLite's: one writer at a time, in-process events, FTS5.
var sqliteDialect = dialect{
	name:           "sqlite",
	goose:          goose.DialectSQLite3,
	keepStatements: true,
	notify:         notifyAfterCommit,
	maxWriters:     1,
	voteWriters:    1,
	writeVotes:     writeVotesSQLite,
	votesHorizon:   votesHorizonSQLite,
	renumberVotes:  renumberVotesSQLite,
	index: textIndex{
		table:     "contribution_fts",
		cols:      "rowid, title, body",
		row:       "(?, ?, ?)",
		values:    ftsValues,
		remove:    `DELETE FROM contribution_fts WHERE rowid = ?`,
		query:     ftsMatch,
		without:   func(q, not string) string { return "(" + q + ") NOT (" + not + ")" },
		matchSeqs: `SELECT rowid FROM contribution_fts WHERE contribution_fts MATCH ?`,
		// The planner would look the matches up through the unique index
		// on seq and then the table; this index has all the columns.
		matches: `FROM contribution_fts JOIN contributions c INDEXED BY contributions_matches ON c.seq = contribution_fts.rowid
			WHERE contribution_fts MATCH ?`,
		// bm25 costs a few microseconds a match; a query of its own would
		// read the index twice, which was measured slower.
		rankColumn: `bm25(contribution_fts, 10.0, 1.0)`,
		// +c.id keeps the planner from looking contributions up by their
		// primary key, a lookup that reads the table's long rows: it reads
		// one of the covering indexes instead and probes the other side
		// by contribution_id.
		byID: "+c.id",
	},
	titleOrder:   `c.title COLLATE NOCASE, c.seq`,
	orderIndexes: true,
	// AUTOINCREMENT's counter (of the audit trail; the store numbers the
	// seq columns itself) starts again from the highest row.
	// The votes' numbers come from vote_sequence.
	restartNumbering: func(table, _ string) string {
		if table == "votes" {
			return `UPDATE vote_sequence SET n = (SELECT COALESCE(MAX(seq), 0) FROM votes)`
		}
		return `DELETE FROM sqlite_sequence WHERE name = '` + table + `'`
	},
	setAsideGuards: dropGuards,
	columnsQuery: `SELECT m.name, p.name, p.type, p."notnull" = 0 AND p.pk = 0 FROM sqlite_master m JOIN pragma_table_info(m.name) p
		WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name <> 'goose_db_version'`,
	backup: backupSQLite,
}

// postgresDialect is PostgreSQL's: concurrent writers and several
// instances, events by NOTIFY, tsvector.
var postgresDialect = dialect{
	name:  "postgres",
	goose: goose.DialectPostgres,
	// Several instances may start at once: an advisory lock lets one of
	// them migrate while the others wait.
	migrationLocker: func() (lock.SessionLocker, error) { return lock.NewPostgresSessionLocker() },
	numberedParams:  true,
	identity:        true,
	forUpdate:       ` FOR UPDATE`,
	forShare:        ` FOR SHARE`,
	notify:          notifyPostgres,
	voteWriters:     2, // see VoteWriterOptions.Writers
	writeVotes:      writeVotesPostgres,
	votesHorizon:    votesHorizonPostgres,
	renumberVotes:   renumberVotesPostgres,
	index: textIndex{
		table:     "contribution_search",
		cols:      "seq, doc",
		row:       "(?, ?::tsvector)",
		values:    tsvectorValues,
		upsert:    ` ON CONFLICT (seq) DO UPDATE SET doc = excluded.doc`,
		query:     tsQuery,
		without:   func(q, not string) string { return q + " & !(" + not + ")" },
		matchSeqs: `SELECT seq FROM contribution_search WHERE doc @@ ?::tsquery`,
		matches:   `FROM contribution_search s JOIN contributions c ON c.seq = s.seq WHERE s.doc @@ ?::tsquery`,
		// Computed on another connection at the same time as the matches'
		// filter values: measured faster, the two run on two backends.
		rankQuery: `SELECT seq, -ts_rank_cd(doc, ?::tsquery, 2) FROM contribution_search WHERE doc @@ ?::tsquery`,
		byID:      "c.id",
		// The copies of the lists in the rows would be read from the
		// table (the planner prefers a sequential scan to the wide
		// indexes), measured slower; the joins run in parallel workers.
		joinLists: true,
	},
	snapshot:         &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true},
	bytewise:         ` COLLATE "C"`,
	titleOrder:       `lower(c.title) COLLATE "C", c.seq`,
	overrideIdentity: " OVERRIDING SYSTEM VALUE",
	restartNumbering: func(table, col string) string {
		return `SELECT setval(pg_get_serial_sequence('` + table + `', '` + col + `'), COALESCE(MAX(` + col + `), 0) + 1, false) FROM ` + table
	},
	setAsideGuards: disableGuards,
	columnsQuery: `SELECT table_name, column_name, data_type, is_nullable = 'YES' FROM information_schema.columns
		WHERE table_schema = current_schema() AND table_name <> 'goose_db_version'`,
	backup: func(context.Context, *DB, string) error { return ErrBackupPostgres },
}

// rebind turns ? placeholders into $n where the engine numbers them.
// Queries in this package never contain a literal question mark.
func (d dialect) rebind(q string) string {
	if !d.numberedParams || !strings.Contains(q, "?") {
		return q
	}
	var b strings.Builder
	n := 0
	for _, r := range q {
		if r == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// nextSeq is the value of the seq column of a new row of table in an
// INSERT.
func (d dialect) nextSeq(table string) string {
	if d.identity {
		return "DEFAULT"
	}
	return "(SELECT COALESCE(MAX(seq), 0) + 1 FROM " + table + ")"
}

// voteWriterCount is how many transactions a vote writer runs at once when
// asked for n (0: the default).
func (d dialect) voteWriterCount(n int) int {
	if n <= 0 {
		n = d.voteWriters
	}
	if d.maxWriters > 0 {
		n = min(n, d.maxWriters)
	}
	return n
}

// mapErr turns driver errors into the product's errors, in this one place.
func (db *DB) mapErr(err error) error {
	if err == nil {
		return nil
	}
	var de *domain.Error
	if errors.As(err, &de) {
		return err
	}
	var des domain.Errors
	if errors.As(err, &des) {
		return err
	}
	if errors.Is(err, sql.ErrNoRows) {
		return &domain.Error{Code: domain.ENOTFOUND, Key: "error.not_found", Msg: "not found", Err: err}
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() {
		case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
			return &domain.Error{Code: domain.ECONFLICT, Key: "error.duplicate", Msg: "this value is already taken", Err: err}
		case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
			return &domain.Error{Code: domain.ECONFLICT, Key: "error.in_use", Msg: "this object is referred to by others, or refers to one that does not exist", Err: err}
		case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED, sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_IOERR, sqlite3.SQLITE_FULL:
			return &domain.Error{Code: domain.EUNAVAILABLE, Key: "error.unavailable", Msg: "the database is unavailable; try again shortly", Err: err}
		}
		if se.Code()&0xff == sqlite3.SQLITE_IOERR || se.Code()&0xff == sqlite3.SQLITE_BUSY {
			return &domain.Error{Code: domain.EUNAVAILABLE, Key: "error.unavailable", Msg: "the database is unavailable; try again shortly", Err: err}
		}
	}
	if pgErr := db.dialect.mapPgErr(err); pgErr != nil {
		return pgErr
	}
	return &domain.Error{Code: domain.EINTERNAL, Key: "error.internal", Msg: "internal error", Err: err}
}
