package store

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"time"
)

// LoginCounter counts the login attempts made under one key (an account at
// an address, or an address): how many, when the first of the current
// window and the last were made. A key never counted has the zero counter.
type LoginCounter struct {
	Attempts int
	First    time.Time
	Last     time.Time
}

// LoginCounters returns the counters of keys, in the order of keys, as they
// stand: a read that takes no lock, for refusing an attempt cheaply.
func (db *DB) LoginCounters(ctx context.Context, keys ...string) ([]LoginCounter, error) {
	out := make([]LoginCounter, len(keys))
	for i, k := range keys {
		var first, last int64
		err := db.queryRow(ctx, `SELECT attempts, first_at, last_at FROM login_counters WHERE key = ?`, k).Scan(&out[i].Attempts, &first, &last)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return nil, db.mapErr(err)
		}
		out[i].First, out[i].Last = fromMS(first), fromMS(last)
	}
	return out, nil
}

// UpdateLoginCounters reads the counters of keys, locked, passes them to
// update in the order of keys and stores the counters it returns, all in
// one transaction. Concurrent calls for the same key therefore run one
// after the other on either engine: each sees what the previous one
// stored, so that no two attempts are counted as the same. A counter
// returned with no attempts is deleted. update must be quick and must not
// touch the database; an error from it stores nothing.
func (db *DB) UpdateLoginCounters(ctx context.Context, keys []string, update func([]LoginCounter) ([]LoginCounter, error)) error {
	// Rows are locked in the order of their keys, whatever the caller's
	// order, so that two calls never wait for each other in a cycle.
	order := make([]int, len(keys))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int {
		switch {
		case keys[a] < keys[b]:
			return -1
		case keys[a] > keys[b]:
			return 1
		}
		return 0
	})
	return db.inTx(ctx, func(tx *Tx) error {
		cur := make([]LoginCounter, len(keys))
		for _, i := range order {
			// The no-op upsert creates a missing row and locks the row
			// (PostgreSQL) until the transaction ends; SQLite's write
			// transaction holds the database already.
			var first, last int64
			if err := tx.queryRow(ctx, `INSERT INTO login_counters (key, attempts, first_at, last_at) VALUES (?, 0, 0, 0)
				ON CONFLICT (key) DO UPDATE SET attempts = login_counters.attempts
				RETURNING attempts, first_at, last_at`, keys[i]).Scan(&cur[i].Attempts, &first, &last); err != nil {
				return err
			}
			cur[i].First, cur[i].Last = fromMS(first), fromMS(last)
		}
		next, err := update(cur)
		if err != nil {
			return err
		}
		for _, i := range order {
			c := next[i]
			var err error
			if c.Attempts <= 0 {
				_, err = tx.exec(ctx, `DELETE FROM login_counters WHERE key = ?`, keys[i])
			} else {
				_, err = tx.exec(ctx, `UPDATE login_counters SET attempts = ?, first_at = ?, last_at = ? WHERE key = ?`,
					c.Attempts, unixMS(c.First), unixMS(c.Last), keys[i])
			}
			if err != nil {
				return err
			}
		}
		return nil
	})
}

// PruneLoginCounters deletes the counters whose last attempt was before
// the given time.
func (db *DB) PruneLoginCounters(ctx context.Context, before time.Time) error {
	return db.inTx(ctx, func(tx *Tx) error {
		_, err := tx.exec(ctx, `DELETE FROM login_counters WHERE last_at < ?`, before.UnixMilli())
		return err
	})
}

// unixMS returns t in unix milliseconds, 0 for the zero time (as fromMS
// reads it).
func unixMS(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}
