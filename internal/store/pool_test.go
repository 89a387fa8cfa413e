package store_test

import (
	"context"
	"sync"
	"testing"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/store"
	"github.com/plenary-org/plenary/internal/store/storetest"
)

// TestPoolKeepsItsConnectionsUnderLoad: readers in parallel, more than
// the pool's connections, open at most MaxConns connections (on
// PostgreSQL; SQLite's pools are its own) and close none of them, and the
// count of connections opened says so.
func TestPoolKeepsItsConnectionsUnderLoad(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, err := store.Open(ctx, storetest.MigratedURL(t), store.Options{MaxConns: 3})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	u := &domain.User{Email: "a@example.org", Name: "A"}
	if err := db.CreateUser(ctx, u, ""); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for range 12 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 40 {
				if _, err := db.MembershipsOf(ctx, u.ID); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	st := db.PoolStats()
	if st.Opened < 1 || st.Opened != int64(st.Open)+st.Closed {
		t.Fatalf("%+v: the connections opened are not those open plus those closed", st)
	}
	if db.Engine() == "postgres" && st.Opened > int64(st.MaxOpen) || st.Closed != 0 {
		t.Fatalf("%+v: want at most the pools' %d connections opened (on PostgreSQL), none closed", st, st.MaxOpen)
	}
}

// TestPoolOpensItsConnectionsAtStart: on PostgreSQL, with Warm (as serve
// asks), the pool's idle connections (up to 16) and the vote writers' are
// open once Open returns, before any request needs them.
func TestPoolOpensItsConnectionsAtStart(t *testing.T) {
	if storetest.Engine() != "postgres" {
		t.Skip("SQLite opens its files at once")
	}
	t.Parallel()
	db, err := store.Open(context.Background(), storetest.MigratedURL(t), store.Options{MaxConns: 6, Warm: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if st := db.PoolStats(); st.Open != st.MaxOpen || st.InUse != 0 {
		t.Fatalf("%+v: want all %d connections open and idle after Open", st, st.MaxOpen)
	}
}

// TestPoolClosesWhatItMayNotKeep: with one idle connection allowed, the
// connections beyond it are closed after a burst and counted as closed.
func TestPoolClosesWhatItMayNotKeep(t *testing.T) {
	if storetest.Engine() != "postgres" {
		t.Skip("SQLite's pools are not configured by Options")
	}
	t.Parallel()
	ctx := context.Background()
	db, err := store.Open(ctx, storetest.MigratedURL(t), store.Options{MaxConns: 3, IdleConns: 1})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	// The idle connection and the vote writers' are open from the start.
	base := db.PoolStats()
	// Three transactions at once need three connections, two of them
	// new; two are closed when they end.
	var txs []interface{ Rollback() error }
	for range 3 {
		tx, err := db.BeginReadForTest(ctx)
		if err != nil {
			t.Fatal(err)
		}
		txs = append(txs, tx)
	}
	for _, tx := range txs {
		tx.Rollback()
	}
	st := db.PoolStats()
	if st.Opened-base.Opened != 2 || st.Open != base.Open || st.Closed != 2 {
		t.Fatalf("%+v after %+v: want 2 more opened, as many open as at the start, 2 closed", st, base)
	}
}
