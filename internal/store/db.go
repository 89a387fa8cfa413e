// Package store keeps plenary's state in SQL: an embedded SQLite file by
// default, PostgreSQL for several instances. There is one implementation,
// written in SQL both engines accept. What differs is decided in one place,
// the two values of dialect (dialect.go), one field a difference:
// placeholders (? rebound to $n), who numbers seq columns (the store with
// MAX(seq) + 1, or identity columns), row locks (FOR UPDATE), statements
// the store prepares itself, how events reach live screens (published in
// process after the commit, or pg_notify), how many writers run at once
// and how a vote batch is written, the full-text index (FTS5 or tsvector:
// its table, rows, query syntax, ranking, and planner hints), the dump's
// snapshot and byte order, restoring identity columns and the audit
// trail's triggers, reading the schema, and backups. The rest are the
// openers (openSQLite in db.go, openPostgres and the LISTEN loop in
// postgres.go), the two migration folders, and the error mapping.
//
// Methods return *domain.Error values: ENOTFOUND when an object does not
// exist, ECONFLICT when an edit is based on an old version or a unique value
// is taken, EUNAVAILABLE when the database cannot be reached.
package store

import (
	"cmp"
	"context"
	"crypto/rand"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/oklog/ulid/v2"
	"github.com/pressly/goose/v3"
	"golang.org/x/sync/singleflight"

	"github.com/plenary-org/plenary/internal/domain"
)

//go:embed migrations
var migrations embed.FS

// DB is a plenary database.
type DB struct {
	dialect dialect
	read    *sql.DB // concurrent readers
	write   *sql.DB // one connection on SQLite: SQLite has one writer at a time
	votes   *sql.DB // the vote writers' own connections on PostgreSQL; nil on SQLite
	now     func() time.Time
	log     *slog.Logger
	events  *broker
	stop    context.CancelFunc // ends the PostgreSQL listener
	done    chan struct{}
	// shared are statements prepared once on the SQLite write connection
	// and used by every transaction (the hot vote path).
	sharedMu sync.Mutex
	shared   map[string]*sql.Stmt
	// readShared are statements prepared on each SQLite reader
	// connection once, for the reads of every request (the session's
	// actor): parsing such a query again each time cost more than
	// running it.
	readSharedMu sync.Mutex
	readShared   map[string]*sql.Stmt
	// scache keeps recent searches' counts (searchcache.go); searches
	// merges identical ones under way (Search), searchesComputed counts
	// those computed in full.
	scache           searchCache
	searches         singleflight.Group
	searchesComputed atomic.Int64
	// dcache keeps recent dashboards' counts (followup_dashboard.go).
	dcache dashboardCache
	// changes counts the committed transactions that wrote an audit
	// event, that is every change made through this DB but votes: what
	// is kept while nothing changes asks again after one.
	changes atomic.Uint64
	// actorsChanged hear of committed changes to who someone is or may
	// do (OnActorsChanged).
	actorsMu      sync.Mutex
	actorsChanged []func(ActorChange)
	// opened counts the connections opened (PoolStats).
	opened atomic.Int64
	// jobs holds a lock by job name on SQLite (RunExclusive).
	jobs sync.Map
}

// ActorChange says whose account, memberships or sessions a committed
// transaction changed: the users named, or everyone when All.
type ActorChange struct {
	All   bool
	Users []string
}

// OnActorsChanged has fn called, after each commit in this process that
// changed users' accounts, roles or sessions, so that what is kept of
// them in memory (the pages' session cache) can be dropped at once rather
// than when it expires. Changes made by other processes are not told.
func (db *DB) OnActorsChanged(fn func(ActorChange)) {
	db.actorsMu.Lock()
	db.actorsChanged = append(db.actorsChanged, fn)
	db.actorsMu.Unlock()
}

// Options tune Open.
type Options struct {
	Logger *slog.Logger
	// Now replaces the clock, for tests.
	Now func() time.Time
	// MaxConns is the most connections a PostgreSQL pool opens
	// ([DefaultMaxConns] when 0). Several instances of plenary on one
	// server need MaxConns each, below PostgreSQL's max_connections.
	MaxConns int
	// IdleConns is how many connections a PostgreSQL pool keeps open
	// while idle (MaxConns when 0, so that load does not close and reopen
	// them): tests, which hold many databases open at once, keep one
	// each.
	IdleConns int
	// ConnIdleTime is how long a PostgreSQL connection left unused stays
	// open ([DefaultConnIdleTime] when 0, for ever when negative).
	ConnIdleTime time.Duration
	// Warm opens a PostgreSQL pool's idle connections (up to 16) and the
	// vote writers' at once, for a server that a crowd may reach as soon
	// as it starts. Tests, which hold many databases open at once, leave
	// it off: twenty connections each exhausted the server's
	// max_connections.
	Warm bool
}

// Open opens the database named by url: a postgres:// URL, or a file path
// (optionally prefixed with sqlite: or file:) for SQLite. It does not
// migrate; call [DB.Migrate] or [DB.CheckSchema].
func Open(ctx context.Context, url string, opt Options) (*DB, error) {
	db := &DB{now: opt.Now, log: opt.Logger, events: newBroker()}
	if db.now == nil {
		db.now = time.Now
	}
	if db.log == nil {
		db.log = slog.New(slog.DiscardHandler)
	}
	var err error
	switch {
	case IsPostgresURL(url):
		maxConns := cmp.Or(opt.MaxConns, DefaultMaxConns)
		idleTime := cmp.Or(opt.ConnIdleTime, DefaultConnIdleTime)
		err = db.openPostgres(ctx, url, maxConns, min(cmp.Or(opt.IdleConns, maxConns), maxConns), max(idleTime, 0), opt.Warm)
	default:
		err = db.openSQLite(ctx, strings.TrimPrefix(strings.TrimPrefix(url, "sqlite:"), "file:"))
	}
	if err != nil {
		return nil, err
	}
	return db, nil
}

func (db *DB) openSQLite(ctx context.Context, path string) error {
	if path == "" {
		return errors.New("store: no database path given")
	}
	if dir := filepath.Dir(path); dir != "." {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return fmt.Errorf("store: create database directory: %w", err)
		}
	}
	// busy_timeout first so that the WAL switch itself waits for other
	// processes; synchronous=FULL so that an acknowledged write survives a
	// power loss, not only a crash of the process.
	pragmas := "_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)&_pragma=synchronous(FULL)"
	// The one writer keeps 64 MiB of pages (instead of 2 MiB), so that a
	// large import does not spill to the WAL page by page, and its
	// temporary files in memory: a statement that writes many rows in a
	// transaction (the group commit's INSERT of hundreds of votes) keeps a
	// statement journal, which past 64 KiB would otherwise go to a file,
	// page by page. Durability is the WAL's, synced at each commit. It
	// checkpoints the WAL into the database file every 10,000 pages (40 MB)
	// instead of 1,000: a page changed by many commits is copied once, and
	// the checkpoint's fsyncs come ten times less often (16% more votes a
	// second under wrk, docs/LIVE.md).
	w, err := openCounted("sqlite", "file:"+path+"?"+pragmas+"&_pragma=cache_size(-65536)&_pragma=temp_store(memory)&_pragma=wal_autocheckpoint(10000)&_txlock=immediate", &db.opened)
	if err != nil {
		return fmt.Errorf("store: open %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	w.SetConnMaxIdleTime(0)
	if err := w.PingContext(ctx); err != nil {
		w.Close()
		return fmt.Errorf("store: open %s: %w", path, err)
	}
	r, err := openCounted("sqlite", "file:"+path+"?"+pragmas+"&_pragma=query_only(1)&_pragma=mmap_size(1073741824)&_pragma=cache_size(-32768)", &db.opened)
	if err != nil {
		w.Close()
		return fmt.Errorf("store: open %s: %w", path, err)
	}
	// Readers keep their connections: database/sql keeps 2 idle by
	// default, and a reader opened again under load starts with an empty
	// page cache (1,000 voters made the server open 85 in 20 s).
	readers := max(4, runtime.NumCPU()*2)
	r.SetMaxOpenConns(readers)
	r.SetMaxIdleConns(readers)
	r.SetConnMaxIdleTime(DefaultConnIdleTime)
	db.dialect = sqliteDialect
	db.read, db.write = r, w
	return nil
}

// Close closes the database.
func (db *DB) Close() error {
	if db.stop != nil {
		db.stop()
		<-db.done
	}
	db.sharedMu.Lock()
	for _, st := range db.shared {
		st.Close()
	}
	db.shared = nil
	db.sharedMu.Unlock()
	db.readSharedMu.Lock()
	for _, st := range db.readShared {
		st.Close()
	}
	db.readShared = nil
	db.readSharedMu.Unlock()
	err := db.read.Close()
	if db.write != db.read {
		err = errors.Join(err, db.write.Close())
	}
	if db.votes != nil {
		err = errors.Join(err, db.votes.Close())
	}
	return err
}

// Engine returns "sqlite" or "postgres".
func (db *DB) Engine() string { return db.dialect.name }

// Ping checks that the database answers.
func (db *DB) Ping(ctx context.Context) error {
	if err := db.write.PingContext(ctx); err != nil {
		return db.mapErr(err)
	}
	return nil
}

func (db *DB) provider() (*goose.Provider, error) {
	sub, err := fs.Sub(migrations, "migrations/"+db.dialect.name)
	if err != nil {
		return nil, err
	}
	opts := []goose.ProviderOption{goose.WithDisableGlobalRegistry(true)}
	if db.dialect.migrationLocker != nil {
		locker, err := db.dialect.migrationLocker()
		if err != nil {
			return nil, err
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	return goose.NewProvider(db.dialect.goose, db.write, sub, opts...)
}

// Migrate brings the schema up to the newest version this program knows.
// It refuses a database whose schema is newer than that.
func (db *DB) Migrate(ctx context.Context) ([]string, error) {
	p, err := db.provider()
	if err != nil {
		return nil, fmt.Errorf("store: migrations: %w", err)
	}
	if err := db.checkNotNewer(ctx, p); err != nil {
		return nil, err
	}
	res, err := p.Up(ctx)
	if err != nil {
		return nil, fmt.Errorf("store: migrate: %w", err)
	}
	var applied []string
	for _, r := range res {
		applied = append(applied, r.Source.Path)
	}
	return applied, nil
}

// SchemaVersion returns the database's schema version and the newest one
// this program knows.
func (db *DB) SchemaVersion(ctx context.Context) (current, known int64, err error) {
	p, err := db.provider()
	if err != nil {
		return 0, 0, err
	}
	current, err = p.GetDBVersion(ctx)
	if err != nil {
		return 0, 0, fmt.Errorf("store: read schema version: %w", db.mapErr(err))
	}
	srcs := p.ListSources()
	if len(srcs) > 0 {
		known = srcs[len(srcs)-1].Version
	}
	return current, known, nil
}

// CheckSchema returns an error unless the database's schema is exactly the
// one this program knows.
func (db *DB) CheckSchema(ctx context.Context) error {
	cur, known, err := db.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	switch {
	case cur > known:
		return fmt.Errorf("store: the database schema (version %d) is newer than this plenary knows (version %d): run a newer plenary", cur, known)
	case cur < known:
		return fmt.Errorf("store: the database schema is at version %d, this plenary needs %d: run 'plenary migrate'", cur, known)
	}
	return nil
}

func (db *DB) checkNotNewer(ctx context.Context, p *goose.Provider) error {
	cur, err := p.GetDBVersion(ctx)
	if err != nil {
		// A database without the version table is new: nothing to compare.
		return nil
	}
	srcs := p.ListSources()
	if n := len(srcs); n > 0 && cur > srcs[n-1].Version {
		return fmt.Errorf("store: the database schema (version %d) is newer than this plenary knows (version %d): run a newer plenary", cur, srcs[n-1].Version)
	}
	return nil
}

// NewID returns a new public ID: a ULID, which sorts by creation time and
// reveals no count.
func NewID() string {
	return strings.ToLower(ulid.MustNew(ulid.Now(), rand.Reader).String())
}

func (db *DB) nowMS() int64 { return db.now().UnixMilli() }

func fromMS(ms int64) time.Time {
	if ms == 0 {
		return time.Time{}
	}
	return time.UnixMilli(ms).UTC()
}

// Tx is a write transaction. Every change made through it is audited by the
// caller with [Tx.audit] in the same transaction.
type Tx struct {
	db      *DB
	tx      *sql.Tx
	actor   *domain.Actor
	pending []Event     // published after commit (notifyAfterCommit)
	actors  ActorChange // told after commit (OnActorsChanged)
	// stmts are the statements prepared in this transaction (SQLite, whose
	// driver does not keep them), so that a loop over many rows parses
	// each statement once. pgx keeps its own per connection.
	stmts map[string]*sql.Stmt
	// refs, when set, caches what a batch of contributions refers to.
	refs *contribRefs
	// rules caches, by meeting, whether it is held under the
	// non-attribution rule as this transaction sees it (underRule).
	rules map[string]bool
	// audited is set when the transaction writes an audit event: it
	// changes something (DB.changes).
	audited bool
}

// inTx runs fn in a write transaction, committing when it returns nil.
func (db *DB) inTx(ctx context.Context, fn func(tx *Tx) error) error {
	sqlTx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return db.mapErr(err)
	}
	tx := &Tx{db: db, tx: sqlTx, actor: domain.ActorFromContext(ctx)}
	if err := fn(tx); err != nil {
		tx.closeStmts()
		sqlTx.Rollback()
		return db.mapErr(err)
	}
	tx.closeStmts()
	if err := sqlTx.Commit(); err != nil {
		return db.mapErr(err)
	}
	if tx.audited {
		db.changes.Add(1)
	}
	for _, e := range tx.pending {
		db.events.publish(e)
	}
	if tx.actors.All || len(tx.actors.Users) > 0 {
		db.actorsMu.Lock()
		fns := db.actorsChanged
		db.actorsMu.Unlock()
		for _, fn := range fns {
			fn(tx.actors)
		}
	}
	return nil
}

// actorChanged notes that userID's account, roles or sessions change in
// this transaction ("" for everyone's).
func (tx *Tx) actorChanged(userID string) {
	if userID == "" {
		tx.actors.All = true
		return
	}
	tx.actors.Users = append(tx.actors.Users, userID)
}

func (tx *Tx) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return tx.tx.ExecContext(ctx, tx.db.dialect.rebind(q), args...)
}

func (tx *Tx) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return tx.tx.QueryContext(ctx, tx.db.dialect.rebind(q), args...)
}

func (tx *Tx) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	return tx.tx.QueryRowContext(ctx, tx.db.dialect.rebind(q), args...)
}

// stmt returns q prepared once in this transaction, for statements run
// once a row in a loop; nil where the driver keeps prepared statements
// itself (pgx, per connection).
func (tx *Tx) stmt(ctx context.Context, q string) (*sql.Stmt, error) {
	if !tx.db.dialect.keepStatements {
		return nil, nil
	}
	if st, ok := tx.stmts[q]; ok {
		return st, nil
	}
	st, err := tx.tx.PrepareContext(ctx, q)
	if err != nil {
		return nil, err
	}
	if tx.stmts == nil {
		tx.stmts = map[string]*sql.Stmt{}
	}
	tx.stmts[q] = st
	return st, nil
}

// execRow is exec through a statement prepared once in the transaction.
func (tx *Tx) execRow(ctx context.Context, q string, args ...any) (sql.Result, error) {
	st, err := tx.stmt(ctx, q)
	if err != nil || st == nil {
		if err != nil {
			return nil, err
		}
		return tx.exec(ctx, q, args...)
	}
	return st.ExecContext(ctx, args...)
}

// queryRowRow is queryRow through a statement prepared once in the
// transaction.
func (tx *Tx) queryRowRow(ctx context.Context, q string, args ...any) *sql.Row {
	st, err := tx.stmt(ctx, q)
	if err != nil || st == nil {
		return tx.queryRow(ctx, q, args...)
	}
	return st.QueryRowContext(ctx, args...)
}

// sharedStmt returns q prepared once for the life of the database handle
// on SQLite's write connection, for the hot vote path; nil where the
// driver keeps prepared statements itself. Call it outside a transaction:
// the write connection is the transaction's while one is open.
func (db *DB) sharedStmt(ctx context.Context, q string) (*sql.Stmt, error) {
	if !db.dialect.keepStatements {
		return nil, nil
	}
	db.sharedMu.Lock()
	defer db.sharedMu.Unlock()
	if st, ok := db.shared[q]; ok {
		return st, nil
	}
	st, err := db.write.PrepareContext(ctx, q)
	if err != nil {
		return nil, err
	}
	if db.shared == nil {
		db.shared = map[string]*sql.Stmt{}
	}
	db.shared[q] = st
	return st, nil
}

// execPrepared runs q through st (from sharedStmt) in the transaction, or
// as a plain statement when st is nil.
func (tx *Tx) execPrepared(ctx context.Context, st *sql.Stmt, q string, args ...any) (sql.Result, error) {
	if st == nil {
		return tx.exec(ctx, q, args...)
	}
	return tx.tx.StmtContext(ctx, st).ExecContext(ctx, args...)
}

func (tx *Tx) closeStmts() {
	for _, st := range tx.stmts {
		st.Close()
	}
	tx.stmts = nil
}

// execOne runs an UPDATE or DELETE that must touch exactly one row; when
// it touches none, it returns notFound (typically a version conflict).
func (tx *Tx) execOne(ctx context.Context, notFound error, q string, args ...any) error {
	res, err := tx.exec(ctx, q, args...)
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return notFound
	}
	return nil
}

func (db *DB) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	rows, err := db.read.QueryContext(ctx, db.dialect.rebind(q), args...)
	return rows, db.mapErr(err)
}

// queryKept is query through a statement prepared once on each reader
// connection (database/sql prepares it on a connection the first time the
// statement runs there, and keeps it while the connection lives), for
// the reads of every request. On PostgreSQL it is query: pgx keeps the
// statements it has prepared on each connection itself.
func (db *DB) queryKept(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	if !db.dialect.keepStatements {
		return db.query(ctx, q, args...)
	}
	db.readSharedMu.Lock()
	st, ok := db.readShared[q]
	if !ok {
		// Preparing on the pool prepares on one connection and remembers
		// the text for the others.
		var err error
		if st, err = db.read.PrepareContext(ctx, db.dialect.rebind(q)); err != nil {
			db.readSharedMu.Unlock()
			return nil, db.mapErr(err)
		}
		if db.readShared == nil {
			db.readShared = map[string]*sql.Stmt{}
		}
		db.readShared[q] = st
	}
	db.readSharedMu.Unlock()
	rows, err := st.QueryContext(ctx, args...)
	return rows, db.mapErr(err)
}

func (db *DB) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	return db.read.QueryRowContext(ctx, db.dialect.rebind(q), args...)
}

// scanAll collects rows with scan, closing them.
func scanAll[T any](rows *sql.Rows, err error, scan func(scanner) (T, error)) ([]T, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// placeholders returns "?, ?, ?" for n arguments.
func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

// scanner is a *sql.Row or *sql.Rows.
type scanner interface{ Scan(...any) error }

// IsPostgresURL reports whether url names a PostgreSQL database.
func IsPostgresURL(url string) bool {
	return strings.HasPrefix(url, "postgres://") || strings.HasPrefix(url, "postgresql://")
}
