package store_test

import (
	"context"
	"sync/atomic"
	"testing"

	"github.com/plenary-org/plenary/internal/store/storetest"
)

// TestRunExclusive: a job runs once at a time on a database: a second
// start while the first runs does not run (on PostgreSQL, from another
// connection, as another server would), a start after it ends runs, and
// another job is not held up.
func TestRunExclusive(t *testing.T) {
	db := storetest.Open(t)
	ctx := context.Background()
	var runs atomic.Int32
	ran, err := db.RunExclusive(ctx, "reminders", func(ctx context.Context) error {
		runs.Add(1)
		again, err := db.RunExclusive(ctx, "reminders", func(context.Context) error { runs.Add(1); return nil })
		if err != nil || again {
			t.Errorf("a second start while the first runs: ran %v, %v", again, err)
		}
		other, err := db.RunExclusive(ctx, "another job", func(context.Context) error { return nil })
		if err != nil || !other {
			t.Errorf("another job was held up: ran %v, %v", other, err)
		}
		return nil
	})
	if err != nil || !ran || runs.Load() != 1 {
		t.Fatalf("first start: ran %v, %v, %d runs", ran, err, runs.Load())
	}
	if ran, err := db.RunExclusive(ctx, "reminders", func(context.Context) error { return nil }); err != nil || !ran {
		t.Fatalf("a start after the first ended: ran %v, %v", ran, err)
	}
}
