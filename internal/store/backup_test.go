package store_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/store"
)

// writer creates users through the store until stopped, remembering the
// ones whose transaction has committed.
type writer struct {
	db      *store.DB
	mu      sync.Mutex
	created []string
	err     error
	stop    chan struct{}
	done    chan struct{}
}

func startWriter(db *store.DB) *writer {
	w := &writer{db: db, stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(w.done)
		for i := 0; ; i++ {
			select {
			case <-w.stop:
				return
			default:
			}
			u := &domain.User{Email: fmt.Sprintf("writer%d@example.org", i), Name: fmt.Sprintf("Writer %d", i)}
			if err := db.CreateUser(actorCtx(u), u, ""); err != nil {
				w.mu.Lock()
				w.err = err
				w.mu.Unlock()
				return
			}
			w.mu.Lock()
			w.created = append(w.created, u.ID)
			w.mu.Unlock()
		}
	}()
	return w
}

// committed returns the users created so far.
func (w *writer) committed() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]string(nil), w.created...)
}

func (w *writer) failed() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.err != nil
}

func (w *writer) finish(t *testing.T) []string {
	t.Helper()
	close(w.stop)
	<-w.done
	if w.err != nil {
		t.Fatalf("a write failed during the backup: %v", w.err)
	}
	return w.committed()
}

// TestBackupWhileWriting backs up a SQLite database while another
// goroutine keeps writing: the backup has the current schema, every row
// committed before it began, and is consistent (each user with its audit
// event, the audit trail without gaps).
func TestBackupWhileWriting(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := openSQLite(t, "live.db")
	fill(t, db)
	w := startWriter(db)
	for len(w.committed()) < 20 && !w.failed() {
		time.Sleep(time.Millisecond)
	}
	before := w.committed()
	out := filepath.Join(t.TempDir(), "backup.db")
	err := db.Backup(ctx, out)
	during := len(w.committed()) - len(before)
	all := w.finish(t)
	if err != nil {
		t.Fatalf("backup: %v", err)
	}
	t.Logf("%d users committed before the backup, %d while it ran, %d in all", len(before), during, len(all))

	b := openURL(t, out) // Migrate finds nothing to do
	if err := b.CheckSchema(ctx); err != nil {
		t.Fatalf("the backup's schema: %v", err)
	}
	for _, id := range before {
		if _, err := b.UserByID(ctx, id); err != nil {
			t.Fatalf("user %s, committed before the backup, is not in it: %v", id, err)
		}
	}
	users, total, err := b.Users(ctx, store.UserFilter{Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	if total < len(before) || len(users) != total {
		t.Fatalf("the backup has %d users (%d listed), %d were committed before it", total, len(users), len(before))
	}
	// The whole audit trail, newest first: numbered without a gap.
	created := map[string]bool{}
	var next int64
	for before := int64(0); ; {
		evs, err := b.AuditEvents(ctx, store.AuditFilter{Limit: 500, BeforeID: before})
		if err != nil {
			t.Fatal(err)
		}
		if len(evs) == 0 {
			break
		}
		for _, e := range evs {
			if next != 0 && e.ID != next-1 {
				t.Fatalf("the backup's audit trail jumps from %d to %d", next, e.ID)
			}
			next = e.ID
			if e.ObjectType == "user" && e.Action == "create" {
				created[e.ObjectID] = true
			}
		}
		before = next
	}
	if next != 1 {
		t.Fatalf("the backup's audit trail starts at %d", next)
	}
	for _, u := range users {
		if !created[u.ID] {
			t.Fatalf("user %s is in the backup without its audit event: the copy is not one snapshot", u.ID)
		}
	}
	if len(created) != total {
		t.Fatalf("the backup has %d user creation events for %d users", len(created), total)
	}
	if _, err := b.Dump(ctx, &strings.Builder{}); err != nil {
		t.Fatalf("dump the backup: %v", err)
	}
}

func TestBackupRefuses(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := openSQLite(t, "live.db")
	dir := t.TempDir()
	existing := filepath.Join(dir, "taken.db")
	if err := os.WriteFile(existing, []byte("keep me"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, out, want string
	}{
		{"an existing file", existing, "exists already"},
		{"a missing directory", filepath.Join(dir, "no", "such", "dir", "b.db"), "backup"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := db.Backup(ctx, tt.out)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Backup(%s) = %v, want an error with %q", tt.out, err, tt.want)
			}
		})
	}
	if b, _ := os.ReadFile(existing); string(b) != "keep me" {
		t.Fatalf("the existing file was changed: %q", b)
	}
	left, _ := filepath.Glob(filepath.Join(dir, ".*tmp-*"))
	if len(left) > 0 {
		t.Fatalf("temporary files left behind: %v", left)
	}
	t.Run("PostgreSQL", func(t *testing.T) {
		pg := openPostgres(t)
		if err := pg.Backup(ctx, filepath.Join(dir, "pg.db")); !errors.Is(err, store.ErrBackupPostgres) || !strings.Contains(err.Error(), "pg_dump") {
			t.Fatalf("Backup on PostgreSQL = %v, want a pointer to pg_dump", err)
		}
	})
}
