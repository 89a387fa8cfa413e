package storetest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/store"
)

// TestCopiesAreIndependent checks that each test's database, from the
// migrated template or from a snapshot, is a copy of its own.
func TestCopiesAreIndependent(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	var snap Snapshot[string]
	build := func(db *store.DB) string {
		p := &domain.Process{Name: "Built once"}
		if err := db.CreateProcess(ctx, p); err != nil {
			t.Fatal(err)
		}
		return p.ID
	}
	tests := []struct {
		name string
		open func(t *testing.T) (*store.DB, int)
	}{
		{"migrated", func(t *testing.T) (*store.DB, int) { return Open(t), 0 }},
		{"snapshot", func(t *testing.T) (*store.DB, int) {
			db, id := snap.Open(t, build)
			if _, err := db.Process(ctx, id); err != nil {
				t.Fatalf("the snapshot's process: %v", err)
			}
			return db, 1
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, n := tt.open(t)
			b, _ := tt.open(t)
			if err := a.CreateProcess(ctx, &domain.Process{Name: "Only in a"}); err != nil {
				t.Fatal(err)
			}
			for name, db := range map[string]*store.DB{"a": a, "b": b} {
				ps, err := db.Processes(ctx, "")
				if err != nil {
					t.Fatal(err)
				}
				want := n
				if name == "a" {
					want++
				}
				if len(ps) != want {
					t.Errorf("%s has %d processes, want %d", name, len(ps), want)
				}
			}
		})
	}
}

// TestDropStale checks, on PostgreSQL, that a binary drops the databases
// of binaries no longer running and keeps those of running ones.
func TestDropStale(t *testing.T) {
	t.Parallel()
	if Engine() != "postgres" {
		t.Skip("needs PostgreSQL: set " + EnvURL)
	}
	s, err := pgServer()
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	const gone = 4242 // a key no binary holds
	names := map[string]bool{
		fmt.Sprintf("%s%d_%d_1", namePrefix, time.Now().Unix(), gone):                    false,
		fmt.Sprintf("%s%d_%d_1", namePrefix, time.Now().Add(-2*staleAfter).Unix(), gone): false,
		s.prefix + "kept": true,
	}
	for name := range names {
		if _, err := s.admin.ExecContext(ctx, `CREATE DATABASE "`+name+`"`); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.admin.ExecContext(ctx, `DROP DATABASE IF EXISTS "`+name+`"`) })
	}
	if err := s.dropStale(ctx); err != nil {
		t.Fatal(err)
	}
	for name, kept := range names {
		var n int
		if err := s.admin.QueryRowContext(ctx, `SELECT COUNT(*) FROM pg_database WHERE datname = $1`, name).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if (n == 1) != kept {
			t.Errorf("%s: %d left, want kept %v", name, n, kept)
		}
	}
}
