package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// ErrBackupPostgres is returned by [DB.Backup] on PostgreSQL, whose own
// tools do the job better.
var ErrBackupPostgres = errors.New("store: plenary backup copies SQLite databases; back up PostgreSQL with pg_dump (pg_dump -Fc -f plenary.pgdump URL), see docs/DEPLOYMENT.md")

// Backup writes a consistent copy of a SQLite database to a new file at
// path while others keep reading and writing: the copy holds every
// transaction committed before it began and none after (SQLite's VACUUM
// INTO, which reads one snapshot). The copy is compacted, synced to disk
// and appears at path only when complete; an existing file is never
// overwritten.
func (db *DB) Backup(ctx context.Context, path string) error {
	return db.dialect.backup(ctx, db, path)
}

// backupSQLite is [DB.Backup] on SQLite.
func backupSQLite(ctx context.Context, db *DB, path string) error {
	if _, err := os.Lstat(path); err == nil {
		return fmt.Errorf("store: backup: %s exists already; choose a new name", path)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("store: backup: %w", err)
	}
	dir := filepath.Dir(path)
	b := make([]byte, 6)
	rand.Read(b)
	tmp := filepath.Join(dir, "."+filepath.Base(path)+".tmp-"+hex.EncodeToString(b))
	defer os.Remove(tmp)

	// A connection of its own: the read pool's connections are query_only,
	// which VACUUM INTO respects, and the one write connection is for
	// writers. VACUUM INTO reads one snapshot, so writers go on meanwhile.
	var file string
	if err := db.read.QueryRowContext(ctx, `SELECT file FROM pragma_database_list WHERE name = 'main'`).Scan(&file); err != nil {
		return fmt.Errorf("store: backup: find the database file: %w", db.mapErr(err))
	}
	src, err := sql.Open("sqlite", "file:"+file+"?_pragma=busy_timeout(10000)")
	if err != nil {
		return fmt.Errorf("store: backup: %w", err)
	}
	defer src.Close()
	src.SetMaxOpenConns(1)
	if _, err := src.ExecContext(ctx, `VACUUM INTO ?`, tmp); err != nil {
		return fmt.Errorf("store: backup to %s: %w", path, db.mapErr(err))
	}
	if err := syncFile(tmp); err != nil {
		return fmt.Errorf("store: backup: %w", err)
	}
	// A hard link never replaces an existing file, unlike a rename.
	if err := os.Link(tmp, path); err != nil {
		return fmt.Errorf("store: backup: %w", err)
	}
	if err := syncFile(dir); err != nil {
		return fmt.Errorf("store: backup: %w", err)
	}
	return nil
}

func syncFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	err = f.Sync()
	return errors.Join(err, f.Close())
}
