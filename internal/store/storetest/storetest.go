// Package storetest opens fresh, migrated databases for tests: a SQLite
// file in the test's temporary directory, or, when the environment variable
// PLENARY_TEST_DATABASE_URL names a PostgreSQL database, a schema of its
// own in that database, dropped when the test ends, so that tests running
// in parallel do not see each other.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib"

	"github.com/plenary-org/plenary/internal/store"
)

// EnvURL is the variable that selects PostgreSQL for tests.
const EnvURL = "PLENARY_TEST_DATABASE_URL"

// Open returns a migrated, empty database that is closed (and, on
// PostgreSQL, dropped) when the test ends.
func Open(t testing.TB) *store.DB {
	t.Helper()
	ctx := context.Background()
	url := URL(t)
	db, err := store.Open(ctx, url, store.Options{})
	if err != nil {
		t.Fatalf("open database: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	return db
}

// URL returns the address of a fresh, empty database for the test: a
// SQLite file path, or a PostgreSQL URL whose search_path is a new schema.
func URL(t testing.TB) string {
	t.Helper()
	base := os.Getenv(EnvURL)
	if base == "" {
		return filepath.Join(t.TempDir(), "plenary.db")
	}
	b := make([]byte, 6)
	rand.Read(b)
	schema := "test_" + hex.EncodeToString(b)
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatalf("%s: %v", EnvURL, err)
	}
	if _, err := admin.Exec(`CREATE SCHEMA ` + schema); err != nil {
		admin.Close()
		t.Fatalf("create schema on %s: %v", EnvURL, err)
	}
	t.Cleanup(func() {
		admin.Exec(`DROP SCHEMA ` + schema + ` CASCADE`)
		admin.Close()
	})
	sep := "?"
	if strings.Contains(base, "?") {
		sep = "&"
	}
	return base + sep + "search_path=" + schema
}

// Engine returns "postgres" when tests run on PostgreSQL, else "sqlite".
func Engine() string {
	if os.Getenv(EnvURL) != "" {
		return "postgres"
	}
	return "sqlite"
}
