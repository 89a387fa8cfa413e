package cli

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/plenary-org/plenary/internal/auth"
	"github.com/plenary-org/plenary/internal/demo"
	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/store"
	"github.com/plenary-org/plenary/internal/store/storetest"
)

// demoDB writes a SQLite database holding the demo and returns its path.
func demoDB(t *testing.T, dir string) string {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(dir, "live.db")
	db, err := store.Open(ctx, path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := demo.Load(ctx, db, auth.Params{Memory: 1024, Time: 1, Threads: 1}); err != nil {
		t.Fatal(err)
	}
	return path
}

// rowLines returns an archive's lines without its header.
func rowLines(t *testing.T, archive []byte) []string {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(archive))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	sc := bufio.NewScanner(zr)
	sc.Buffer(nil, 64<<20)
	for sc.Scan() {
		out = append(out, sc.Text())
	}
	if err := sc.Err(); err != nil || len(out) < 2 {
		t.Fatalf("%d lines, %v", len(out), err)
	}
	return out[1:]
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestDumpAndRestoreCommands moves the demo from one SQLite file to
// another, and to PostgreSQL when PLENARY_TEST_DATABASE_URL is set, through
// the command line, and checks what the commands say when they refuse.
func TestDumpAndRestoreCommands(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	live := demoDB(t, dir)
	archive := filepath.Join(dir, "live.dump")
	if code, _, stderr := run(t, "", "dump", "-db", live, "-o", archive); code != 0 || !strings.Contains(stderr, "dumped ") {
		t.Fatalf("dump -o: exit %d, %s", code, stderr)
	}
	want := rowLines(t, readFile(t, archive))
	code, stdout, stderr := run(t, "", "dump", "-db", live)
	if code != 0 {
		t.Fatalf("dump to standard output: exit %d, %s", code, stderr)
	}
	if got := rowLines(t, []byte(stdout)); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatal("the dump to standard output differs from the dump to a file")
	}

	copyDB := filepath.Join(dir, "copy.db")
	if code, out, stderr := run(t, "", "restore", "-db", copyDB, archive); code != 0 || !strings.Contains(out, "restored ") {
		t.Fatalf("restore: exit %d, %s%s", code, out, stderr)
	}
	if code, _, stderr := run(t, "", "restore", "-db", copyDB, archive); code != 1 || !strings.Contains(stderr, "use -replace to replace its contents") {
		t.Fatalf("restore into a full database: exit %d, %s", code, stderr)
	}
	if code, _, stderr := run(t, "", "restore", "-db", copyDB, "-replace", archive); code != 0 {
		t.Fatalf("restore -replace: exit %d, %s", code, stderr)
	}
	again := filepath.Join(dir, "copy.dump")
	if code, _, stderr := run(t, "", "dump", "-db", copyDB, "-o", again); code != 0 {
		t.Fatalf("dump the copy: exit %d, %s", code, stderr)
	}
	if got := rowLines(t, readFile(t, again)); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatal("the restored copy dumps differently from the original")
	}

	t.Run("PostgreSQL", func(t *testing.T) {
		if os.Getenv(storetest.EnvURL) == "" {
			t.Skipf("set %s to restore into PostgreSQL", storetest.EnvURL)
		}
		pg := storetest.URL(t)
		if code, out, stderr := run(t, "", "restore", "-db", pg, archive); code != 0 {
			t.Fatalf("restore into PostgreSQL: exit %d, %s%s", code, out, stderr)
		}
		code, stdout, stderr := run(t, "", "dump", "-db", pg)
		if code != 0 {
			t.Fatalf("dump PostgreSQL: exit %d, %s", code, stderr)
		}
		if got := rowLines(t, []byte(stdout)); strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Fatal("PostgreSQL dumps differently from the SQLite original")
		}
	})

	good := readFile(t, archive)
	truncated := filepath.Join(dir, "truncated.dump")
	if err := os.WriteFile(truncated, good[:len(good)/2], 0o600); err != nil {
		t.Fatal(err)
	}
	notADump := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(notADump, []byte("meeting notes\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"dump of a missing file", []string{"dump", "-db", filepath.Join(dir, "nope.db")}, 1, "no database at"},
		{"dump with an argument", []string{"dump", "-db", live, "out.dump"}, 2, "use -o FILE"},
		{"restore without a file", []string{"restore", "-db", copyDB}, 2, "give one archive file"},
		{"restore of a missing file", []string{"restore", "-db", copyDB, filepath.Join(dir, "nope.dump")}, 1, "no such file"},
		{"restore of another file", []string{"restore", "-db", copyDB, "-replace", notADump}, 1, "not a plenary dump"},
		{"restore of a truncated dump", []string{"restore", "-db", copyDB, "-replace", truncated}, 1, "cut short"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := run(t, "", tt.args...)
			if code != tt.code || !strings.Contains(stderr, tt.want) {
				t.Fatalf("exit %d, stderr %q; want %d and %q", code, stderr, tt.code, tt.want)
			}
		})
	}
	// The refused restores left the copy as it was, and no file was created.
	code, stdout, _ = run(t, "", "dump", "-db", copyDB)
	if got := rowLines(t, []byte(stdout)); code != 0 || strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatal("a refused restore changed the database")
	}
	if _, err := os.Stat(filepath.Join(dir, "nope.db")); err == nil {
		t.Fatal("dump created the missing database")
	}
}

// TestRestoreWarnsOfCleanedText restores, on the engine under test, the
// dump of a SQLite database that holds a NUL (as one written before NUL
// was refused may): the restore succeeds and says which column changed.
func TestRestoreWarnsOfCleanedText(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := t.TempDir()
	src := filepath.Join(dir, "old.db")
	db, err := store.Open(ctx, src, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if err := db.CreateProcess(ctx, &domain.Process{Name: "GCM"}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	raw, err := sql.Open("sqlite", src)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`UPDATE processes SET name = 'G' || char(0) || 'CM'`); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	archive := filepath.Join(dir, "old.dump")
	if code, _, stderr := run(t, "", "dump", "-db", src, "-o", archive); code != 0 {
		t.Fatalf("dump: exit %d, %s", code, stderr)
	}
	code, out, stderr := run(t, "", "restore", "-db", storetest.URL(t), archive)
	if code != 0 || !strings.Contains(stderr, "warning: processes.name: 1 values held NUL") {
		t.Fatalf("restore: exit %d, %s%s", code, out, stderr)
	}
}
