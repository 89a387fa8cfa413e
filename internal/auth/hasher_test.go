package auth

import (
	"context"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/plenary-org/plenary/internal/domain"
)

var cheap = Params{Memory: 1024, Time: 1, Threads: 1}

// hold takes a slot as a running hash does, until the returned function
// is called.
func hold(h *Hasher) (release func()) {
	h.admit <- struct{}{}
	h.slots <- struct{}{}
	return func() { <-h.slots; <-h.admit }
}

// isBusy reports whether err is the refusal for lack of a slot.
func isBusy(err error) bool {
	return domain.ErrorCode(err) == domain.EUNAVAILABLE && domain.RetryAfter(err) == BusyRetryAfter
}

func TestHasherRefusesWhenFull(t *testing.T) {
	ctx := context.Background()
	h := NewHasher(HasherOptions{Params: cheap, Slots: 1, Queue: -1})
	hash, err := h.Hash(ctx, "a password to check")
	if err != nil {
		t.Fatal(err)
	}
	release := hold(h)
	start := time.Now()
	if _, err := h.Check(ctx, hash, "a password to check"); !isBusy(err) {
		t.Fatalf("check with every slot taken and no queue: %v, want busy", err)
	}
	if _, err := h.Hash(ctx, "another password"); !isBusy(err) {
		t.Fatalf("hash with every slot taken and no queue: %v, want busy", err)
	}
	if d := time.Since(start); d > 500*time.Millisecond {
		t.Fatalf("refusing took %v: it must not wait", d)
	}
	release()
	if ok, err := h.Check(ctx, hash, "a password to check"); !ok || err != nil {
		t.Fatalf("check once the slot is free: %v, %v", ok, err)
	}
	if st := h.Stats(); st.Hashes != 2 || st.Refused != 2 {
		t.Fatalf("stats %+v, want 2 hashes and 2 refusals", st)
	}
}

func TestHasherQueue(t *testing.T) {
	ctx := context.Background()
	h := NewHasher(HasherOptions{Params: cheap, Slots: 1, Queue: 1, Wait: 10 * time.Second})
	release := hold(h)
	// One request waits in the queue; the next finds it full.
	waited := make(chan error, 1)
	go func() {
		_, err := h.Hash(ctx, "a queued password")
		waited <- err
	}()
	for len(h.admit) < 2 {
		time.Sleep(time.Millisecond)
	}
	if _, err := h.Hash(ctx, "one too many"); !isBusy(err) {
		t.Fatalf("with the queue full: %v, want busy", err)
	}
	release()
	if err := <-waited; err != nil {
		t.Fatalf("the queued hash: %v", err)
	}
}

func TestHasherWaitsAtMostWait(t *testing.T) {
	ctx := context.Background()
	h := NewHasher(HasherOptions{Params: cheap, Slots: 1, Queue: 4, Wait: 30 * time.Millisecond})
	defer hold(h)()
	start := time.Now()
	if _, err := h.Hash(ctx, "a password"); !isBusy(err) {
		t.Fatalf("after waiting: %v, want busy", err)
	}
	if d := time.Since(start); d < 30*time.Millisecond {
		t.Fatalf("refused after %v, before the wait was over", d)
	}
	if len(h.admit) != 1 {
		t.Fatalf("a request that gave up is still counted in the queue (%d)", len(h.admit))
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := h.Hash(cctx, "a password"); err != context.Canceled {
		t.Fatalf("with the request gone: %v", err)
	}
}

// Concurrent hashes beyond the slots wait their turn in the queue rather
// than being refused.
func TestHasherQueuesConcurrentHashes(t *testing.T) {
	ctx := context.Background()
	h := NewHasher(HasherOptions{Params: cheap, Slots: 2, Queue: 100, Wait: time.Minute})
	var wg sync.WaitGroup
	for range 50 {
		wg.Go(func() {
			if _, err := h.Hash(ctx, "a password"); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if st := h.Stats(); st.Hashes != 50 || st.Refused != 0 {
		t.Fatalf("stats %+v, want 50 hashes and no refusal", st)
	}
	if len(h.slots) != 0 || len(h.admit) != 0 {
		t.Fatalf("slots left taken: %d running, %d admitted", len(h.slots), len(h.admit))
	}
}

func TestHasherDefaults(t *testing.T) {
	h := NewHasher(HasherOptions{})
	want := max(1, runtime.GOMAXPROCS(0)/2)
	if h.Params() != DefaultParams || cap(h.slots) != want || cap(h.admit) != 17*want || h.wait != 2*time.Second {
		t.Fatalf("defaults: params %+v, %d slots, %d admitted, wait %v", h.Params(), cap(h.slots), cap(h.admit), h.wait)
	}
}

// A ticket taken and not used gives its place back; a refused Admit
// takes none.
func TestHasherTickets(t *testing.T) {
	ctx := context.Background()
	h := NewHasher(HasherOptions{Params: cheap, Slots: 1, Queue: -1})
	t1, err := h.Admit()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.Admit(); !isBusy(err) {
		t.Fatalf("a second ticket with one place: %v", err)
	}
	t1.Release()
	t1.Release()
	var none *Ticket
	none.Release()
	t2, err := h.Admit()
	if err != nil {
		t.Fatalf("a ticket after the first was given back: %v", err)
	}
	if _, err := t2.Hash(ctx, "a password"); err != nil {
		t.Fatal(err)
	}
	t2.Release()
	if len(h.admit) != 0 || len(h.slots) != 0 {
		t.Fatalf("places left taken: %d admitted, %d running", len(h.admit), len(h.slots))
	}
}
