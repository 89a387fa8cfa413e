package store_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/plenary-org/plenary/internal/store"
	"github.com/plenary-org/plenary/internal/store/storetest"
)

// Concurrent updates of the same counters run one after the other: none
// is lost, on either engine, whatever order the keys are given in.
func TestLoginCountersUnderConcurrency(t *testing.T) {
	t.Parallel()
	db := storetest.Open(t)
	ctx := context.Background()
	const n = 16
	var wg sync.WaitGroup
	for i := range n {
		keys := []string{"pair", "address"}
		if i%2 == 1 {
			keys = []string{"address", "pair"}
		}
		wg.Go(func() {
			err := db.UpdateLoginCounters(ctx, keys, func(cs []store.LoginCounter) ([]store.LoginCounter, error) {
				for j := range cs {
					cs[j].Attempts++
					cs[j].Last = time.UnixMilli(1700000000000)
				}
				return cs, nil
			})
			if err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	cs, err := db.LoginCounters(ctx, "pair", "address", "never")
	if err != nil {
		t.Fatal(err)
	}
	if cs[0].Attempts != n || cs[1].Attempts != n || cs[2] != (store.LoginCounter{}) {
		t.Fatalf("counters %+v, want %d, %d and nothing", cs, n, n)
	}
}

func TestLoginCountersLifecycle(t *testing.T) {
	t.Parallel()
	db := storetest.Open(t)
	ctx := context.Background()
	at := time.UnixMilli(1700000000000).UTC()
	set := func(keys []string, cs ...store.LoginCounter) error {
		return db.UpdateLoginCounters(ctx, keys, func([]store.LoginCounter) ([]store.LoginCounter, error) { return cs, nil })
	}
	if err := set([]string{"a", "b"}, store.LoginCounter{Attempts: 2, First: at, Last: at.Add(time.Second)}, store.LoginCounter{Attempts: 1, First: at, Last: at}); err != nil {
		t.Fatal(err)
	}
	cs, err := db.LoginCounters(ctx, "a", "b")
	if err != nil || cs[0].Attempts != 2 || !cs[0].First.Equal(at) || !cs[0].Last.Equal(at.Add(time.Second)) || cs[1].Attempts != 1 {
		t.Fatalf("counters %+v, %v", cs, err)
	}
	// An error from the update stores nothing.
	boom := errors.New("boom")
	if err := db.UpdateLoginCounters(ctx, []string{"a"}, func([]store.LoginCounter) ([]store.LoginCounter, error) { return nil, boom }); !errors.Is(err, boom) {
		t.Fatalf("the update's error: %v", err)
	}
	// A counter with no attempts is deleted; old counters are pruned.
	if err := set([]string{"a"}, store.LoginCounter{}); err != nil {
		t.Fatal(err)
	}
	if err := db.PruneLoginCounters(ctx, at.Add(time.Millisecond)); err != nil {
		t.Fatal(err)
	}
	cs, err = db.LoginCounters(ctx, "a", "b")
	if err != nil || cs[0] != (store.LoginCounter{}) || cs[1] != (store.LoginCounter{}) {
		t.Fatalf("counters after deleting and pruning: %+v, %v", cs, err)
	}
}
