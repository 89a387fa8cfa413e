package auth

import (
	"context"
	"runtime"
	"sync/atomic"
	"time"

	"github.com/plenary-org/plenary/internal/domain"
)

// Hasher computes and checks password hashes with a bounded number at a
// time. Each argon2id computation takes its Memory (19 MiB by default)
// and a core for some 30 ms, so that a flood of logins would otherwise
// take the server's memory and every core: at most Slots hashes run at
// once, at most Queue more wait for a slot, each for at most Wait, and
// anything beyond is refused at once with [domain.EUNAVAILABLE] and a
// Retry-After, without hashing. A Hasher is safe for concurrent use.
type Hasher struct {
	params Params
	slots  chan struct{} // a token per hash running
	admit  chan struct{} // a token per hash running or waiting
	wait   time.Duration

	hashes  atomic.Int64
	refused atomic.Int64
}

// HasherOptions size a [Hasher]; zero values take the defaults.
type HasherOptions struct {
	// Params are the costs of new hashes; DefaultParams when zero.
	Params Params
	// Slots is how many hashes may run at once: GOMAXPROCS when zero.
	Slots int
	// Queue is how many more may wait for a slot: 4 per slot when zero,
	// none when negative.
	Queue int
	// Wait is the longest a hash waits for a slot: 2 seconds when zero.
	Wait time.Duration
}

// BusyRetryAfter is the Retry-After of a refusal for lack of a slot.
const BusyRetryAfter = 2 * time.Second

// NewHasher returns a Hasher sized by opt.
func NewHasher(opt HasherOptions) *Hasher {
	if opt.Params.Time == 0 {
		opt.Params = DefaultParams
	}
	if opt.Slots <= 0 {
		opt.Slots = runtime.GOMAXPROCS(0)
	}
	switch {
	case opt.Queue == 0:
		opt.Queue = 4 * opt.Slots
	case opt.Queue < 0:
		opt.Queue = 0
	}
	if opt.Wait <= 0 {
		opt.Wait = 2 * time.Second
	}
	return &Hasher{params: opt.Params, slots: make(chan struct{}, opt.Slots), admit: make(chan struct{}, opt.Slots+opt.Queue), wait: opt.Wait}
}

// Params returns the costs of the hashes h makes.
func (h *Hasher) Params() Params { return h.params }

// HasherStats counts what a Hasher did since it was made.
type HasherStats struct {
	Hashes  int64 // argon2id computations, to make or to check a hash
	Refused int64 // requests refused for lack of a slot
}

// Stats returns h's counts.
func (h *Hasher) Stats() HasherStats {
	return HasherStats{Hashes: h.hashes.Load(), Refused: h.refused.Load()}
}

// busy is the refusal for lack of a slot.
func busy() error {
	return &domain.Error{Code: domain.EUNAVAILABLE, Key: "error.busy", RetryAfter: BusyRetryAfter,
		Msg: "the server is busy checking passwords; try again in a few seconds"}
}

// acquire takes a slot, waiting in the queue if there is room.
func (h *Hasher) acquire(ctx context.Context) error {
	select {
	case h.admit <- struct{}{}:
	default:
		h.refused.Add(1)
		return busy()
	}
	select {
	case h.slots <- struct{}{}:
		return nil
	default:
	}
	t := time.NewTimer(h.wait)
	defer t.Stop()
	select {
	case h.slots <- struct{}{}:
		return nil
	case <-t.C:
		<-h.admit
		h.refused.Add(1)
		return busy()
	case <-ctx.Done():
		<-h.admit
		return ctx.Err()
	}
}

func (h *Hasher) release() {
	<-h.slots
	<-h.admit
}

// Hash returns an argon2id hash of pw, or a [domain.EUNAVAILABLE] error
// when too many hashes are under way.
func (h *Hasher) Hash(ctx context.Context, pw string) (string, error) {
	if err := h.acquire(ctx); err != nil {
		return "", err
	}
	defer h.release()
	h.hashes.Add(1)
	return HashPassword(pw, h.params)
}

// Check reports whether pw matches hash, or returns a
// [domain.EUNAVAILABLE] error, without checking, when too many hashes are
// under way.
func (h *Hasher) Check(ctx context.Context, hash, pw string) (bool, error) {
	if err := h.acquire(ctx); err != nil {
		return false, err
	}
	defer h.release()
	h.hashes.Add(1)
	return CheckPassword(hash, pw), nil
}
