package store

import (
	"context"
	"errors"
)

// openPostgres is added with PostgreSQL support.
func (db *DB) openPostgres(ctx context.Context, url string) error {
	return errors.New("store: PostgreSQL is not supported yet; use a SQLite file path")
}

func (d dialect) mapPgErr(err error) error { return nil }
