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
	// Slots is how many hashes may run at once: half of GOMAXPROCS (at
	// least one) when zero, so that a flood of logins leaves the other
	// half of the cores to everything else.
	Slots int
	// Queue is how many more may wait for a slot: 16 per slot when zero,
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
		opt.Slots = max(1, runtime.GOMAXPROCS(0)/2)
	}
	switch {
	case opt.Queue == 0:
		opt.Queue = 16 * opt.Slots
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

// Ticket is a place among the hashes a [Hasher] admits (running or
// waiting for a slot), taken with [Hasher.Admit] before the work that
// leads to a hash, so that a request the hasher could not serve is
// refused before that work. A Ticket serves one hash; Release gives it
// back unused.
type Ticket struct {
	h    *Hasher
	used bool
}

// Admit takes a place for one hash, or returns a [domain.EUNAVAILABLE]
// error with a Retry-After at once when Slots hashes run and Queue more
// wait already.
func (h *Hasher) Admit() (*Ticket, error) {
	select {
	case h.admit <- struct{}{}:
		return &Ticket{h: h}, nil
	default:
		h.refused.Add(1)
		return nil, busy()
	}
}

// Release gives back a ticket's place if it was not used; it may be
// called more than once, and on a nil Ticket.
func (t *Ticket) Release() {
	if t == nil || t.used {
		return
	}
	t.used = true
	<-t.h.admit
}

// run waits (at most the hasher's Wait) for a slot and calls fn in it,
// then gives back the slot and the ticket's place.
func (t *Ticket) run(ctx context.Context, fn func()) error {
	if t.used {
		panic("auth: a hashing ticket used twice")
	}
	defer t.Release()
	h := t.h
	select {
	case h.slots <- struct{}{}:
	default:
		timer := time.NewTimer(h.wait)
		defer timer.Stop()
		select {
		case h.slots <- struct{}{}:
		case <-timer.C:
			h.refused.Add(1)
			return busy()
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	defer func() { <-h.slots }()
	h.hashes.Add(1)
	fn()
	return nil
}

// Hash returns an argon2id hash of pw computed with the ticket's place.
func (t *Ticket) Hash(ctx context.Context, pw string) (string, error) {
	var hash string
	var err error
	if rerr := t.run(ctx, func() { hash, err = HashPassword(pw, t.h.params) }); rerr != nil {
		return "", rerr
	}
	return hash, err
}

// Check reports whether pw matches hash, checked with the ticket's place.
func (t *Ticket) Check(ctx context.Context, hash, pw string) (bool, error) {
	var ok bool
	if err := t.run(ctx, func() { ok = CheckPassword(hash, pw) }); err != nil {
		return false, err
	}
	return ok, nil
}

// Hash returns an argon2id hash of pw, or a [domain.EUNAVAILABLE] error
// when too many hashes are under way.
func (h *Hasher) Hash(ctx context.Context, pw string) (string, error) {
	t, err := h.Admit()
	if err != nil {
		return "", err
	}
	return t.Hash(ctx, pw)
}

// Check reports whether pw matches hash, or returns a
// [domain.EUNAVAILABLE] error, without checking, when too many hashes are
// under way.
func (h *Hasher) Check(ctx context.Context, hash, pw string) (bool, error) {
	t, err := h.Admit()
	if err != nil {
		return false, err
	}
	return t.Check(ctx, hash, pw)
}
