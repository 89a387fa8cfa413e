package cli

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/plenary-org/plenary/internal/demo"
	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/store"
)

// TestBackupAndServeTheBackup backs up the demo database with the command
// while a writer keeps adding accounts, puts the backup in place of the
// database as an operator would, and serves it: a demo account logs in and
// sees the demo meeting.
func TestBackupAndServeTheBackup(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := t.TempDir()
	live := demoDB(t, dir)

	// The writer stands for the running server.
	db, err := store.Open(ctx, live, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	demoUsers, err := db.CountUsers(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var written atomic.Int64
	stop, done := make(chan struct{}), make(chan error, 1)
	go func() {
		for i := 0; ; i++ {
			select {
			case <-stop:
				done <- nil
				return
			default:
			}
			u := &domain.User{Email: fmt.Sprintf("writer%d@example.org", i), Name: "Writer"}
			if err := db.CreateUser(ctx, u, ""); err != nil {
				done <- err
				return
			}
			written.Add(1)
		}
	}()
	for written.Load() < 10 && len(done) == 0 {
		time.Sleep(time.Millisecond) // let the writer get going
	}
	before := written.Load()
	out := filepath.Join(dir, "backup.db")
	code, stdout, stderr := run(t, "", "backup", "-db", live, out)
	close(stop)
	if err := <-done; err != nil {
		t.Fatalf("a write failed during the backup: %v", err)
	}
	db.Close()
	if code != 0 || !strings.Contains(stdout, "backed up") {
		t.Fatalf("backup: exit %d, %s%s", code, stdout, stderr)
	}

	// Restore: the backup replaces the database file and its WAL.
	for _, suffix := range []string{"", "-wal", "-shm"} {
		if err := os.Remove(live + suffix); err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(live, readFile(t, out), 0o600); err != nil {
		t.Fatal(err)
	}
	restored, err := store.Open(ctx, live, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	n, err := restored.CountUsers(ctx)
	restored.Close()
	if err != nil || int64(n) < int64(demoUsers)+before {
		t.Fatalf("the backup has %d users (%v); %d writer accounts were committed before it began", n, err, before)
	}

	base := serveFor(t, live)
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar}
	resp, err := client.Get(base + "/readyz")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("readyz on the restored backup: %v %v", resp, err)
	}
	resp.Body.Close()
	resp, err = client.PostForm(base+"/login", url.Values{"email": {"secretariat@demo.plenary.local"}, "password": {demo.Password}})
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), "/logout") || !strings.Contains(string(body), "GRCP 7") {
		t.Fatalf("after logging in on the restored backup: %d\n%.500s", resp.StatusCode, body)
	}
}

// serveFor runs 'plenary serve' on the database until the test ends and
// returns its address.
func serveFor(t *testing.T, dbPath string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	env := &Env{Stdin: strings.NewReader(""), Stdout: pw, Stderr: io.Discard, Getenv: func(string) string { return "" }}
	done := make(chan int, 1)
	go func() {
		done <- Main(ctx, env, []string{"serve", "-db", dbPath, "-addr", "127.0.0.1:0"})
		pw.Close()
	}()
	t.Cleanup(func() {
		cancel()
		<-done
	})
	sc := bufio.NewScanner(pr)
	re := regexp.MustCompile(`serving (http://\S+)`)
	for sc.Scan() {
		if m := re.FindStringSubmatch(sc.Text()); m != nil {
			go io.Copy(io.Discard, pr)
			return m[1]
		}
	}
	t.Fatal("the server did not say where it serves")
	return ""
}

func TestBackupRefuses(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	live := demoDB(t, dir)
	taken := filepath.Join(dir, "taken.db")
	if err := os.WriteFile(taken, []byte("keep"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no output", []string{"backup", "-db", live}, 2, "give one output file"},
		{"an existing output", []string{"backup", "-db", live, taken}, 1, "exists already"},
		{"a missing database", []string{"backup", "-db", filepath.Join(dir, "nope.db"), filepath.Join(dir, "b.db")}, 1, "no database at"},
		{"PostgreSQL", []string{"backup", "-db", "postgres://plenary@db.example.org/plenary", filepath.Join(dir, "b.db")}, 1, "pg_dump"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := run(t, "", tt.args...)
			if code != tt.code || !strings.Contains(stderr, tt.want) {
				t.Fatalf("exit %d, stderr %q; want %d and %q", code, stderr, tt.code, tt.want)
			}
		})
	}
	if b := readFile(t, taken); string(b) != "keep" {
		t.Fatalf("the existing file was overwritten: %q", b)
	}
}
