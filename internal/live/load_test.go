package live

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/plenary-org/plenary/internal/store/storetest"
)

// TestLoadReadsOnceForAllWaiting: a thousand votes on a statement that has
// just appeared read it once, not a thousand times; a Forget during the
// read keeps the answer out of the cache; a failed read is not cached.
func TestLoadReadsOnceForAllWaiting(t *testing.T) {
	s := New(storetest.Open(t), Options{})
	t.Cleanup(s.Close)
	tests := []struct {
		name       string
		forget     bool
		fail       bool
		wantCached bool
	}{
		{"one read", false, false, true},
		{"forgotten meanwhile", true, false, false},
		{"failed", false, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			key := "s" + tt.name
			cache := map[string]any{}
			var reads atomic.Int32
			release := make(chan struct{})
			read := func(ctx context.Context) (any, error) {
				reads.Add(1)
				<-release
				if tt.fail {
					return nil, errors.New("no database")
				}
				return 42, nil
			}
			var wg sync.WaitGroup
			var bad atomic.Int32
			for range 200 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					v, err := s.load(context.Background(), key, func() (any, bool) { v, ok := cache[key]; return v, ok }, read,
						func(v any) { cache[key] = v })
					if tt.fail != (err != nil) || !tt.fail && v != 42 {
						bad.Add(1)
					}
				}()
			}
			// Let the loads queue behind the first read.
			for deadline := time.Now().Add(2 * time.Second); reads.Load() == 0 && time.Now().Before(deadline); {
				time.Sleep(time.Millisecond)
			}
			time.Sleep(50 * time.Millisecond)
			if tt.forget {
				s.Forget("x")
			}
			close(release)
			wg.Wait()
			if bad.Load() > 0 {
				t.Fatalf("%d loads got the wrong answer", bad.Load())
			}
			if n := reads.Load(); n != 1 {
				t.Fatalf("read %d times, want once", n)
			}
			s.mu.Lock()
			_, cached := cache[key]
			s.mu.Unlock()
			if cached != tt.wantCached {
				t.Fatalf("cached = %v, want %v", cached, tt.wantCached)
			}
		})
	}
}
