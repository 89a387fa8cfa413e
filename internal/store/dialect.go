package store

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"

	"github.com/pressly/goose/v3"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/plenary-org/plenary/internal/domain"
)

// dialect holds what differs between SQLite and PostgreSQL.
type dialect struct {
	name  string // the migrations folder
	goose goose.Dialect
	// dollar placeholders ($1) instead of ?.
	dollar bool
}

var sqliteDialect = dialect{name: "sqlite", goose: goose.DialectSQLite3}

// rebind turns ? placeholders into $n for PostgreSQL. Queries in this
// package never contain a literal question mark.
func (d dialect) rebind(q string) string {
	if !d.dollar || !strings.Contains(q, "?") {
		return q
	}
	var b strings.Builder
	n := 0
	for _, r := range q {
		if r == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// mapErr turns driver errors into the product's errors, in this one place.
func (db *DB) mapErr(err error) error {
	if err == nil {
		return nil
	}
	var de *domain.Error
	if errors.As(err, &de) {
		return err
	}
	var des domain.Errors
	if errors.As(err, &des) {
		return err
	}
	if errors.Is(err, sql.ErrNoRows) {
		return &domain.Error{Code: domain.ENOTFOUND, Key: "error.not_found", Msg: "not found", Err: err}
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() {
		case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
			return &domain.Error{Code: domain.ECONFLICT, Key: "error.duplicate", Msg: "this value is already taken", Err: err}
		case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
			return &domain.Error{Code: domain.ECONFLICT, Key: "error.in_use", Msg: "this object is referred to by others, or refers to one that does not exist", Err: err}
		case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED, sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_IOERR, sqlite3.SQLITE_FULL:
			return &domain.Error{Code: domain.EUNAVAILABLE, Key: "error.unavailable", Msg: "the database is unavailable; try again shortly", Err: err}
		}
		if se.Code()&0xff == sqlite3.SQLITE_IOERR || se.Code()&0xff == sqlite3.SQLITE_BUSY {
			return &domain.Error{Code: domain.EUNAVAILABLE, Key: "error.unavailable", Msg: "the database is unavailable; try again shortly", Err: err}
		}
	}
	if pgErr := db.dialect.mapPgErr(err); pgErr != nil {
		return pgErr
	}
	return &domain.Error{Code: domain.EINTERNAL, Key: "error.internal", Msg: "internal error", Err: err}
}
