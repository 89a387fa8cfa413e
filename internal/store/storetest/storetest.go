// Package storetest opens fresh databases for tests: a SQLite file in the
// test's temporary directory, or, when the environment variable
// PLENARY_TEST_DATABASE_URL names a PostgreSQL database, a database of its
// own on that server, dropped when the test ends, so that tests running in
// parallel do not see each other.
//
// The migrations run once per test binary, into a template that each test
// gets a copy of: on SQLite the template's bytes, written to the test's
// file; on PostgreSQL a template database, which CREATE DATABASE ...
// TEMPLATE copies. A [Snapshot] does the same for a fixture that many tests
// share: built once, copied for each test.
//
// The databases of one test binary share a name prefix,
// plenary_test_<unix seconds>_<process key>_, and the binary holds an
// advisory lock on its process key for as long as it runs: each binary, as
// it starts, drops the databases of binaries that no longer run (the
// templates of finished ones, whatever a killed one left) and any older
// than an hour.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/binary"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the pgx driver, for the server's administration
	_ "modernc.org/sqlite"             // the SQLite driver, to copy the template

	"github.com/plenary-org/plenary/internal/store"
)

// EnvURL is the variable that selects PostgreSQL for tests.
const EnvURL = "PLENARY_TEST_DATABASE_URL"

// Open returns a migrated, empty database that is closed (and, on
// PostgreSQL, dropped) when the test ends.
func Open(t testing.TB) *store.DB {
	t.Helper()
	return openURL(t, MigratedURL(t))
}

// MigratedURL returns the address of a fresh, migrated, empty database for
// the test, for tests that open it themselves or hand it to a server: a
// SQLite file path or a PostgreSQL URL. It is removed when the test ends.
func MigratedURL(t testing.TB) string {
	t.Helper()
	src, err := migrated()
	if err != nil {
		t.Fatalf("storetest: migrate the template database: %v", err)
	}
	return src.copy(t)
}

// URL returns the address of a fresh database for the test with nothing in
// it, not even the schema: a SQLite file path or a PostgreSQL URL. It is
// removed when the test ends.
func URL(t testing.TB) string {
	t.Helper()
	if os.Getenv(EnvURL) == "" {
		return filepath.Join(t.TempDir(), "plenary.db")
	}
	s, err := pgServer()
	if err != nil {
		t.Fatalf("%s: %v", EnvURL, err)
	}
	return s.create(t, "")
}

// Engine returns "postgres" when tests run on PostgreSQL, else "sqlite".
func Engine() string {
	if os.Getenv(EnvURL) != "" {
		return "postgres"
	}
	return "sqlite"
}

// Snapshot is a fixture built once per test binary and copied for every
// test that opens it, so that tests which change it need not build it
// again. Its zero value is ready; declare one per fixture, at package
// level.
type Snapshot[T any] struct {
	once  sync.Once
	ok    bool
	src   source
	value T
}

// Open returns a copy of the snapshot's database for the test, closed (and,
// on PostgreSQL, dropped) when the test ends, with what build returned.
// The first test to open the snapshot builds it: build fills a fresh,
// migrated database, which the copies start from, and returns what the
// tests need to know of it (IDs, tokens), shared by every test: copy what a
// test may change. When build fails (t.Fatal in build ends that first
// test), every test that opens the snapshot fails.
func (s *Snapshot[T]) Open(t testing.TB, build func(db *store.DB) T) (*store.DB, T) {
	t.Helper()
	s.once.Do(func() {
		from, err := migrated()
		if err != nil {
			t.Fatalf("storetest: migrate the template database: %v", err)
		}
		s.src, err = makeSource(from, func(db *store.DB) error {
			s.value = build(db)
			return nil
		})
		if err != nil {
			t.Fatalf("storetest: build the snapshot: %v", err)
		}
		s.ok = true
	})
	if !s.ok {
		t.Fatal("storetest: the snapshot could not be built: see the first test that opened it")
	}
	return openURL(t, s.src.copy(t)), s.value
}

// openURL opens the database at url, closed when the test ends. It keeps
// one connection open while idle, rather than eight, so that tests which
// hold many databases open at once stay below the server's limit.
func openURL(t testing.TB, url string) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), url, store.Options{IdleConns: 1})
	if err != nil {
		t.Fatalf("open database: %v", err)
	}
	urls.Store(db, url)
	t.Cleanup(func() { urls.Delete(db); db.Close() })
	return db
}

// urls are the addresses of the databases this package opened.
var urls sync.Map // *store.DB -> string

// URLOf returns the address of db, a database this package opened (for a
// test, or for a snapshot's build), so that a generator can write to it
// directly; "" for another.
func URLOf(db *store.DB) string {
	u, _ := urls.Load(db)
	s, _ := u.(string)
	return s
}

// source is a database that tests get copies of: the bytes of a SQLite
// file, or the name of a PostgreSQL template database.
type source struct {
	data []byte
	name string
}

// migrated is the source with the migrations run, made once per binary.
var migrated = sync.OnceValues(func() (source, error) {
	return makeSource(source{}, func(db *store.DB) error {
		_, err := db.Migrate(context.Background())
		return err
	})
})

// makeSource makes a new source: a copy of from (an empty database when
// from is the zero source) that fill has written to.
func makeSource(from source, fill func(db *store.DB) error) (source, error) {
	ctx := context.Background()
	if os.Getenv(EnvURL) == "" {
		dir, err := os.MkdirTemp("", "plenary-storetest-")
		if err != nil {
			return source{}, err
		}
		defer os.RemoveAll(dir)
		path := filepath.Join(dir, "source.db")
		if from.data != nil {
			if err := os.WriteFile(path, from.data, 0o600); err != nil {
				return source{}, err
			}
		}
		if err := fillAt(ctx, path, fill); err != nil {
			return source{}, err
		}
		// VACUUM INTO writes one file with everything committed, the
		// WAL's pages included, whatever state the WAL was left in.
		raw, err := sql.Open("sqlite", path)
		if err != nil {
			return source{}, err
		}
		defer raw.Close()
		copyPath := filepath.Join(dir, "copy.db")
		if _, err := raw.ExecContext(ctx, `VACUUM INTO '`+copyPath+`'`); err != nil {
			return source{}, fmt.Errorf("copy: %w", err)
		}
		data, err := os.ReadFile(copyPath)
		return source{data: data}, err
	}
	s, err := pgServer()
	if err != nil {
		return source{}, err
	}
	name := s.prefix + "src" + strconv.FormatInt(s.n.Add(1), 10)
	opts := ""
	if from.name != "" {
		opts = ` TEMPLATE "` + from.name + `"`
	}
	if _, err := s.admin.ExecContext(ctx, `CREATE DATABASE "`+name+`"`+opts); err != nil {
		return source{}, err
	}
	// Closed before it is copied: CREATE DATABASE ... TEMPLATE wants no
	// one connected to the template.
	if err := fillAt(ctx, s.url(name), fill); err != nil {
		return source{}, err
	}
	return source{name: name}, nil
}

// fillAt opens the database at url, runs fill and closes it, also when
// fill ends the goroutine (t.Fatal).
func fillAt(ctx context.Context, url string, fill func(db *store.DB) error) error {
	db, err := store.Open(ctx, url, store.Options{})
	if err != nil {
		return err
	}
	urls.Store(db, url)
	defer urls.Delete(db)
	closed := false
	defer func() {
		if !closed {
			db.Close()
		}
	}()
	if err := fill(db); err != nil {
		return err
	}
	closed = true
	return db.Close()
}

// copy returns the address of a new copy of src for the test, removed
// when the test ends.
func (src source) copy(t testing.TB) string {
	t.Helper()
	if src.name == "" {
		path := filepath.Join(t.TempDir(), "plenary.db")
		if err := os.WriteFile(path, src.data, 0o600); err != nil {
			t.Fatalf("storetest: copy the template database: %v", err)
		}
		return path
	}
	s, err := pgServer()
	if err != nil {
		t.Fatalf("%s: %v", EnvURL, err)
	}
	return s.create(t, `TEMPLATE "`+src.name+`"`)
}

// server is the PostgreSQL server of PLENARY_TEST_DATABASE_URL, as this
// test binary uses it.
type server struct {
	base   *url.URL     // the variable's URL
	admin  *sql.DB      // connected to the variable's database
	lock   *sql.Conn    // holds the binary's advisory lock until it exits
	prefix string       // of this binary's databases' names
	n      atomic.Int64 // numbers the names
}

// namePrefix begins the name of every database made here.
const namePrefix = "plenary_test_"

// staleAfter is the age past which a test database is dropped whoever
// made it: no test binary runs that long (go test's default timeout is
// ten minutes).
const staleAfter = time.Hour

// pgServer connects once per test binary, takes the binary's advisory lock
// and drops the databases that binaries no longer running left behind.
var pgServer = sync.OnceValues(func() (*server, error) {
	raw := os.Getenv(EnvURL)
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		return nil, fmt.Errorf("want a postgres:// URL, got %q", raw)
	}
	admin, err := sql.Open("pgx", raw)
	if err != nil {
		return nil, err
	}
	ctx := context.Background()
	// One connection holds the lock until the binary exits.
	conn, err := admin.Conn(ctx)
	if err != nil {
		admin.Close()
		return nil, err
	}
	var b [8]byte
	rand.Read(b[:])
	key := int64(binary.BigEndian.Uint64(b[:]) >> 1)
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock($1)`, key); err != nil {
		admin.Close()
		return nil, err
	}
	s := &server{base: u, admin: admin, lock: conn, prefix: fmt.Sprintf("%s%d_%d_", namePrefix, time.Now().Unix(), key)}
	if err := s.dropStale(ctx); err != nil {
		admin.Close()
		return nil, err
	}
	return s, nil
})

// dropStale drops, as well as it can, the test databases of binaries
// that no longer hold their lock, and those older than staleAfter.
func (s *server) dropStale(ctx context.Context) error {
	// Advisory locks belong to a database: the one of the variable's URL.
	rows, err := s.admin.QueryContext(ctx, `SELECT (classid::bigint << 32) | objid::bigint FROM pg_locks
		WHERE locktype = 'advisory' AND objsubid = 1 AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`)
	if err != nil {
		return err
	}
	running := map[int64]bool{}
	for rows.Next() {
		var key int64
		if err := rows.Scan(&key); err != nil {
			rows.Close()
			return err
		}
		running[key] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	rows, err = s.admin.QueryContext(ctx, `SELECT datname FROM pg_database WHERE datname LIKE 'plenary\_test\_%'`)
	if err != nil {
		return err
	}
	var stale []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			rows.Close()
			return err
		}
		parts := strings.Split(strings.TrimPrefix(name, namePrefix), "_")
		if len(parts) != 3 {
			continue
		}
		secs, err1 := strconv.ParseInt(parts[0], 10, 64)
		key, err2 := strconv.ParseInt(parts[1], 10, 64)
		if err1 != nil || err2 != nil {
			continue
		}
		if running[key] && time.Since(time.Unix(secs, 0)) < staleAfter {
			continue
		}
		stale = append(stale, name)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, name := range stale {
		// Another binary starting now may be dropping it too: best effort.
		s.admin.ExecContext(ctx, `DROP DATABASE IF EXISTS "`+name+`" WITH (FORCE)`)
	}
	return nil
}

// url returns the URL of the database name.
func (s *server) url(name string) string {
	u := *s.base
	u.Path = "/" + name
	q := u.Query()
	q.Del("search_path")
	u.RawQuery = q.Encode()
	return u.String()
}

// create makes a new database with the CREATE DATABASE options opts,
// dropped when the test ends, and returns its URL.
func (s *server) create(t testing.TB, opts string) string {
	t.Helper()
	name := s.prefix + strconv.FormatInt(s.n.Add(1), 10)
	ctx := context.Background()
	if _, err := s.admin.ExecContext(ctx, `CREATE DATABASE "`+name+`" `+opts); err != nil {
		t.Fatalf("%s: create a database: %v", EnvURL, err)
	}
	t.Cleanup(func() {
		if _, err := s.admin.ExecContext(ctx, `DROP DATABASE IF EXISTS "`+name+`" WITH (FORCE)`); err != nil {
			t.Errorf("%s: drop the test's database: %v", EnvURL, err)
		}
	})
	return s.url(name)
}
