package account

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/netip"
	"time"
	"unicode/utf8"

	"github.com/plenary-org/plenary/internal/auth"
	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/store"
)

// Limits are the login throttle's settings.
type Limits struct {
	// Free is how many failed logins an account may have from one address
	// before the next attempts from there must wait.
	Free int
	// FirstDelay is the wait after Free failures; each further failure
	// doubles it, up to MaxDelay.
	FirstDelay time.Duration
	MaxDelay   time.Duration
	// PerAddress is how many failed logins one client address may make in
	// Window, whatever the accounts. An IPv6 address counts with its /64
	// network, which one client usually holds whole.
	PerAddress int
	Window     time.Duration
	// Forget is how long after its last failure an account's failures
	// from an address are forgotten (a success forgets them at once).
	Forget time.Duration
}

// DefaultLimits are the login throttle's defaults: 5 free failures per
// account and address, then waits of 1 s, 2 s, 4 s... up to 5 minutes;
// 300 failures per address in 15 minutes.
var DefaultLimits = Limits{Free: 5, FirstDelay: time.Second, MaxDelay: 5 * time.Minute, PerAddress: 300, Window: 15 * time.Minute, Forget: 24 * time.Hour}

func (l Limits) withDefaults() Limits {
	d := DefaultLimits
	if l.Free <= 0 {
		l.Free = d.Free
	}
	if l.FirstDelay <= 0 {
		l.FirstDelay = d.FirstDelay
	}
	if l.MaxDelay <= 0 {
		l.MaxDelay = d.MaxDelay
	}
	if l.PerAddress <= 0 {
		l.PerAddress = d.PerAddress
	}
	if l.Window <= 0 {
		l.Window = d.Window
	}
	if l.Forget <= 0 {
		l.Forget = d.Forget
	}
	return l
}

// delay is the wait an account at an address owes after n failures.
func (l Limits) delay(n int) time.Duration {
	if n < l.Free {
		return 0
	}
	shift := n - l.Free
	if shift > 30 {
		return l.MaxDelay
	}
	return min(l.FirstDelay<<shift, l.MaxDelay)
}

// current returns the counters of an account at an address (pair) and of
// the address as they stand at now: the pair's failures forgotten after
// Forget, the address's window started again after Window.
func (l Limits) current(pair, addr store.LoginCounter, now time.Time) (store.LoginCounter, store.LoginCounter) {
	if pair.Attempts > 0 && now.Sub(pair.Last) >= l.Forget {
		pair = store.LoginCounter{}
	}
	if addr.Attempts > 0 && now.Sub(addr.First) >= l.Window {
		addr = store.LoginCounter{}
	}
	return pair, addr
}

// wait returns how long an attempt at now must wait, given the counters of
// its account at its address and of its address; 0 lets it through.
func (l Limits) wait(pair, addr store.LoginCounter, now time.Time) time.Duration {
	pair, addr = l.current(pair, addr, now)
	var w time.Duration
	if d := l.delay(pair.Attempts); d > 0 {
		if ready := pair.Last.Add(d); now.Before(ready) {
			w = ready.Sub(now)
		}
	}
	if addr.Attempts >= l.PerAddress {
		if end := addr.First.Add(l.Window); now.Before(end) {
			w = max(w, end.Sub(now))
		}
	}
	return w
}

// count returns the counters with an attempt at now counted.
func (l Limits) count(pair, addr store.LoginCounter, now time.Time) (store.LoginCounter, store.LoginCounter) {
	pair, addr = l.current(pair, addr, now)
	for _, c := range []*store.LoginCounter{&pair, &addr} {
		if c.Attempts == 0 {
			c.First = now
		}
		c.Attempts++
		c.Last = now
	}
	return pair, addr
}

// LoginInput is what a person types to log in, and where from.
type LoginInput struct {
	Email    string
	Password string
	// Address is the client's IP address as the server sees it (behind
	// trusted proxies, the client's own).
	Address string
}

// errLoginFailed is the answer to a wrong e-mail address or password, the
// same for both so that it does not tell which addresses have accounts.
func errLoginFailed() error {
	return domain.Errorf(domain.EUNAUTHORIZED, "login.failed", "the e-mail address or password is not right")
}

// throttled is the answer to an attempt that must wait.
func throttled(wait time.Duration) error {
	secs := int((wait + time.Second - 1) / time.Second)
	return &domain.Error{Code: domain.ETHROTTLED, Key: "login.wait_seconds", Args: []any{secs}, RetryAfter: wait,
		Msg: fmt.Sprintf("too many failed attempts; try again in %d seconds", secs)}
}

// Login checks an e-mail address and password and opens a session. It
// answers [domain.EUNAUTHORIZED] for a wrong address or password (or a
// disabled account), [domain.ETHROTTLED] with RetryAfter when the attempt
// must wait (see [Limits]) and [domain.EUNAVAILABLE] with RetryAfter when
// the server is busy hashing other passwords. The attempt is counted
// before the password is checked, so that parallel attempts cannot pass
// the limit together.
func (s *Service) Login(ctx context.Context, in LoginInput) (*Session, error) {
	keys := loginKeys(in.Email, in.Address)
	ticket, err := s.admitAttempt(ctx, keys)
	if err != nil {
		return nil, err
	}
	defer ticket.Release()
	u, err := s.verify(ctx, ticket, in.Email, in.Password)
	if err != nil {
		if domain.ErrorCode(err) == domain.EUNAUTHORIZED {
			return nil, err // a failure: it stays counted
		}
		// Not checked (no hashing slot came free in time, or the database
		// failed): the attempt does not count. Should taking it back fail
		// too, it stays counted, which only makes the limit stricter.
		_ = s.settle(context.WithoutCancel(ctx), keys, false)
		return nil, err
	}
	if err := s.settle(ctx, keys, true); err != nil {
		return nil, err
	}
	return s.startSession(ctx, u)
}

// admitAttempt lets a login attempt through to its password check, or
// refuses it: first, without touching the database, one the hasher has no
// room for ([domain.EUNAVAILABLE]), so that a flood of logins costs the
// database no more than the hasher can take; then, with a read, one that
// must wait ([domain.ETHROTTLED]); then it counts the attempt under keys
// (the account at the address, then the address) in one transaction,
// refusing it if concurrent attempts were counted first. An attempt
// refused is not counted, so that waiting the time it is told is enough.
// The ticket returned holds the attempt's place in the hasher.
func (s *Service) admitAttempt(ctx context.Context, keys []string) (*auth.Ticket, error) {
	ticket, err := s.hasher.Admit()
	if err != nil {
		return nil, err
	}
	now := s.now()
	cs, err := s.db.LoginCounters(ctx, keys...)
	var w time.Duration
	if err == nil {
		if w = s.limits.wait(cs[0], cs[1], now); w == 0 {
			err = s.db.UpdateLoginCounters(ctx, keys, func(cs []store.LoginCounter) ([]store.LoginCounter, error) {
				if w = s.limits.wait(cs[0], cs[1], now); w > 0 {
					return cs, nil
				}
				pair, addr := s.limits.count(cs[0], cs[1], now)
				return []store.LoginCounter{pair, addr}, nil
			})
		}
	}
	if err == nil && w > 0 {
		err = throttled(w)
	}
	if err != nil {
		ticket.Release()
		return nil, err
	}
	s.prune(ctx, now)
	return ticket, nil
}

// verify returns the enabled account whose password pw is, or
// EUNAUTHORIZED, having spent the time of one password check either way.
func (s *Service) verify(ctx context.Context, ticket *auth.Ticket, email, pw string) (*domain.User, error) {
	var u *domain.User
	hash := s.dummy()
	if plausibleEmail(email) {
		found, h, err := s.db.UserByEmail(ctx, email)
		switch {
		case err == nil && h != "":
			u, hash = found, h
		case err != nil && domain.ErrorCode(err) != domain.ENOTFOUND:
			return nil, err
		}
	}
	if utf8.RuneCountInString(pw) > auth.MaxPassword {
		// No password this long can be set: it cannot be right.
		return nil, errLoginFailed()
	}
	ok, err := ticket.Check(ctx, hash, pw)
	if err != nil {
		return nil, err
	}
	if !ok || u == nil || u.Disabled {
		return nil, errLoginFailed()
	}
	return u, nil
}

// plausibleEmail reports whether s could be an account's e-mail address
// at all: one line of text (domain.CheckLine), not too long. Other input
// is not looked up (PostgreSQL refuses NUL in text) and fails as a wrong
// address does.
func plausibleEmail(s string) bool {
	return len(s) <= domain.MaxName && domain.CheckLine("email", s) == nil
}

// loginKeys returns the counter keys of an attempt: the account at the
// address, then the address. They are hashes, so that the counters name
// neither accounts nor addresses.
func loginKeys(email, address string) []string {
	a := addressKey(address)
	return []string{digest("account", domain.EmailKey(email), a), digest("address", a)}
}

// addressKey is the unit of the per-address limit: an IPv4 address, or the
// /64 network of an IPv6 address.
func addressKey(address string) string {
	ip, err := netip.ParseAddr(address)
	if err != nil {
		return address
	}
	ip = ip.Unmap()
	if ip.Is6() {
		if p, err := ip.Prefix(64); err == nil {
			return p.String()
		}
	}
	return ip.String()
}

func digest(parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		fmt.Fprintf(h, "%d:%s;", len(p), p)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// settle takes back a counted attempt once its password was checked and
// found right (ok: the account's failures at the address are forgotten),
// or when it could not be checked (the attempt does not count).
func (s *Service) settle(ctx context.Context, keys []string, ok bool) error {
	return s.db.UpdateLoginCounters(ctx, keys, func(cs []store.LoginCounter) ([]store.LoginCounter, error) {
		pair, addr := cs[0], cs[1]
		if ok {
			pair = store.LoginCounter{}
		} else {
			pair.Attempts = max(pair.Attempts-1, 0)
		}
		addr.Attempts = max(addr.Attempts-1, 0)
		return []store.LoginCounter{pair, addr}, nil
	})
}

// prune deletes counters nobody has touched for longer than they matter,
// at most once a minute.
func (s *Service) prune(ctx context.Context, now time.Time) {
	last := s.prunedAt.Load()
	if now.UnixMilli()-last < time.Minute.Milliseconds() || !s.prunedAt.CompareAndSwap(last, now.UnixMilli()) {
		return
	}
	// A failed prune is tried again a minute later; the counters it would
	// have deleted count for nothing meanwhile.
	_ = s.db.PruneLoginCounters(ctx, now.Add(-max(s.limits.Forget, s.limits.Window)))
}
