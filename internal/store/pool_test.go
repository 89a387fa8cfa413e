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
	if db.Engine() == "postgres" && st.Opened > 3 || st.Closed != 0 {
		t.Fatalf("%+v: want at most 3 connections opened (on PostgreSQL), none closed", st)
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
	// Three transactions at once need three connections; two are closed
	// when they end.
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
	if st.Opened != 3 || st.Open != 1 || st.Closed != 2 {
		t.Fatalf("%+v: want 3 opened, 1 open, 2 closed", st)
	}
}
