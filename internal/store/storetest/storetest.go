// Package storetest opens fresh, migrated databases for tests: a SQLite
// file in the test's temporary directory.
package storetest

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/plenary-org/plenary/internal/store"
)

// Open returns a migrated, empty database that is closed when the test ends.
func Open(t testing.TB) *store.DB {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "plenary.db"), store.Options{})
	if err != nil {
		t.Fatalf("open database: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	return db
}
