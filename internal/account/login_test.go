package account

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/plenary-org/plenary/internal/auth"
	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/store"
)

func TestLimitsWait(t *testing.T) {
	t.Parallel()
	l := DefaultLimits
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	ago := func(d time.Duration) time.Time { return now.Add(-d) }
	pair := func(n int, last time.Duration) store.LoginCounter {
		return store.LoginCounter{Attempts: n, First: ago(time.Hour), Last: ago(last)}
	}
	addr := func(n int, first time.Duration) store.LoginCounter {
		return store.LoginCounter{Attempts: n, First: ago(first), Last: now}
	}
	tests := []struct {
		name       string
		pair, addr store.LoginCounter
		want       time.Duration
	}{
		{"nothing counted", store.LoginCounter{}, store.LoginCounter{}, 0},
		{"four failures cost nothing", pair(4, 0), addr(4, time.Minute), 0},
		{"the fifth failure asks for a second", pair(5, 0), addr(5, time.Minute), time.Second},
		{"half of it waited", pair(5, 500*time.Millisecond), addr(5, time.Minute), 500 * time.Millisecond},
		{"all of it waited", pair(5, time.Second), addr(5, time.Minute), 0},
		{"each failure doubles the wait", pair(8, 0), addr(8, time.Minute), 8 * time.Second},
		{"the wait stops growing", pair(40, 0), addr(40, time.Minute), 5 * time.Minute},
		{"failures are forgotten after a day", pair(40, 24*time.Hour), addr(0, 0), 0},
		{"an address at its limit waits for the window's end", pair(0, 0), addr(300, 10*time.Minute), 5 * time.Minute},
		{"an address below its limit", pair(0, 0), addr(299, 10*time.Minute), 0},
		{"a new window", pair(0, 0), addr(300, 15*time.Minute), 0},
		{"the longer wait wins", pair(12, 0), addr(300, 14*time.Minute), 128 * time.Second},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := l.wait(tc.pair, tc.addr, now); got != tc.want {
				t.Fatalf("wait = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestLimitsCount(t *testing.T) {
	t.Parallel()
	l := DefaultLimits
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	tests := []struct {
		name                 string
		pair, addr           store.LoginCounter
		wantPair, wantAddr   int
		wantAddrFirst, wantP time.Time
	}{
		{"first attempt", store.LoginCounter{}, store.LoginCounter{}, 1, 1, now, now},
		{"more attempts", store.LoginCounter{Attempts: 3, First: now.Add(-time.Hour), Last: now.Add(-time.Minute)},
			store.LoginCounter{Attempts: 7, First: now.Add(-time.Minute), Last: now}, 4, 8, now.Add(-time.Minute), now.Add(-time.Hour)},
		{"after the window, the address starts again", store.LoginCounter{}, store.LoginCounter{Attempts: 299, First: now.Add(-20 * time.Minute), Last: now}, 1, 1, now, now},
		{"after a day, the account at the address starts again", store.LoginCounter{Attempts: 9, First: now.Add(-48 * time.Hour), Last: now.Add(-25 * time.Hour)},
			store.LoginCounter{}, 1, 1, now, now},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, a := l.count(tc.pair, tc.addr, now)
			if p.Attempts != tc.wantPair || a.Attempts != tc.wantAddr || !p.Last.Equal(now) || !a.Last.Equal(now) {
				t.Fatalf("count = %+v, %+v; want %d and %d attempts, last now", p, a, tc.wantPair, tc.wantAddr)
			}
			if !a.First.Equal(tc.wantAddrFirst) || !p.First.Equal(tc.wantP) {
				t.Fatalf("first attempts %v, %v; want %v, %v", p.First, a.First, tc.wantP, tc.wantAddrFirst)
			}
		})
	}
}

func TestAddressKey(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, in, want string }{
		{"IPv4", "192.0.2.7", "192.0.2.7"},
		{"IPv4 mapped in IPv6", "::ffff:192.0.2.7", "192.0.2.7"},
		{"IPv6 counts with its /64", "2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"},
		{"another address of the same /64", "2001:db8:1:2:ffff::1", "2001:db8:1:2::/64"},
		{"not an address", "pipe", "pipe"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := addressKey(tc.in); got != tc.want {
				t.Fatalf("addressKey(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestPlausibleEmail(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   string
		want bool
	}{
		{"an address", "delegate@example.org", true},
		{"non-ASCII", "délégué@exemple.fr", true},
		{"NUL", "a\x00b@example.org", false},
		{"newline", "a\nb@example.org", false},
		{"tab", "a\tb@example.org", false},
		{"DEL", "a\x7fb@example.org", false},
		{"C1 control", "a\u0085b@example.org", false},
		{"invalid UTF-8", "a\xffb@example.org", false},
		{"too long", string(make([]byte, 400)), false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := plausibleEmail(tc.in); got != tc.want {
				t.Fatalf("plausibleEmail(%q) = %v, want %v", tc.in, got, tc.want)
			}
		})
	}
}

// Ten wrong passwords from one address no longer lock the right password
// out: they slow that account down at that address only, with waits that
// grow, and the person logs in at once from another address.
func TestFailuresSlowAnAccountAtAnAddressOnly(t *testing.T) {
	t.Parallel()
	f := newFixture(t, Options{})
	const hall, phone = "198.51.100.7", "203.0.113.9"
	for i := range 5 {
		if c, _ := f.login(t, "target@example.org", "wrong", hall); c != domain.EUNAUTHORIZED {
			t.Fatalf("failure %d: %q, want unauthorized", i+1, c)
		}
	}
	// The sixth attempt waits a second, even with the right password.
	for _, pw := range []string{"wrong", password} {
		if c, wait := f.login(t, "target@example.org", pw, hall); c != domain.ETHROTTLED || wait != time.Second {
			t.Fatalf("sixth attempt (%s): %q, wait %v; want throttled for 1s", pw, c, wait)
		}
	}
	// Another account at the same address is not slowed down.
	if c, _ := f.login(t, "delegate@example.org", password, hall); c != "" {
		t.Fatalf("another account at the hall: %q", c)
	}
	// The target logs in from an address that has not failed.
	if c, _ := f.login(t, "target@example.org", password, phone); c != "" {
		t.Fatalf("the right password from another address: %q", c)
	}
	// Waits grow: 1 s, 2 s, 4 s...
	for i, want := range []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second} {
		f.clock.Add(want - time.Millisecond)
		if c, _ := f.login(t, "target@example.org", "wrong", hall); c != domain.ETHROTTLED {
			t.Fatalf("step %d: %q before the wait of %v is over", i, c, want)
		}
		f.clock.Add(time.Millisecond)
		if c, _ := f.login(t, "target@example.org", "wrong", hall); c != domain.EUNAUTHORIZED {
			t.Fatalf("step %d: %q once the wait of %v is over, want unauthorized", i, c, want)
		}
	}
	// A refused attempt does not add to the wait: waiting what it is told
	// is enough.
	if c, wait := f.login(t, "target@example.org", password, hall); c != domain.ETHROTTLED || wait != 16*time.Second {
		t.Fatalf("after 9 failures: %q, wait %v; want 16s", c, wait)
	}
	f.clock.Add(16 * time.Second)
	if c, _ := f.login(t, "target@example.org", password, hall); c != "" {
		t.Fatalf("the right password after the wait: %q", c)
	}
	// A success forgets the failures: five free attempts again.
	for i := range 5 {
		if c, _ := f.login(t, "target@example.org", "wrong", hall); c != domain.EUNAUTHORIZED {
			t.Fatalf("after the success, failure %d: %q", i+1, c)
		}
	}
}

// A conference hall shares one address: its limit counts failures of every
// account and is high; past it the address waits for the window's end.
func TestAddressLimit(t *testing.T) {
	t.Parallel()
	f := newFixture(t, Options{Limits: Limits{PerAddress: 12}})
	const hall = "198.51.100.7"
	for i := range 12 {
		email := fmt.Sprintf("person%d@example.org", i)
		if c, _ := f.login(t, email, "wrong", hall); c != domain.EUNAUTHORIZED {
			t.Fatalf("failure %d: %q", i+1, c)
		}
		f.clock.Add(time.Minute)
	}
	// Successes do not count against the hall.
	if c, _ := f.login(t, "delegate@example.org", password, "198.51.100.8"); c != "" {
		t.Fatalf("login from another address: %q", c)
	}
	if c, wait := f.login(t, "delegate@example.org", password, hall); c != domain.ETHROTTLED || wait != 3*time.Minute {
		t.Fatalf("13th attempt from the hall: %q, wait %v; want throttled until the window ends (3m)", c, wait)
	}
	f.clock.Add(3 * time.Minute)
	if c, _ := f.login(t, "delegate@example.org", password, hall); c != "" {
		t.Fatalf("after the window: %q", c)
	}
}

// A successful login takes its attempt back from the address's count, so
// that a hall where everyone logs in is not refused.
func TestSuccessesDoNotCountAgainstTheAddress(t *testing.T) {
	t.Parallel()
	f := newFixture(t, Options{Limits: Limits{PerAddress: 3}})
	for range 10 {
		if c, _ := f.login(t, "delegate@example.org", password, "198.51.100.7"); c != "" {
			t.Fatalf("login: %q", c)
		}
	}
}

// Whatever is typed as an address, a login fails as for an unknown
// account, on both engines: no control character reaches the database.
func TestLoginWithControlCharacters(t *testing.T) {
	t.Parallel()
	f := newFixture(t, Options{})
	for _, email := range []string{"a\x00b@example.org", "target@example.org\x00", "target\n@example.org", "\xff\xfe@example.org", "target@example.org\u0085"} {
		if c, _ := f.login(t, email, password, "198.51.100.7"); c != domain.EUNAUTHORIZED {
			t.Errorf("login as %q: %q, want unauthorized", email, c)
		}
	}
	if c, _ := f.login(t, "target@example.org", "pass\x00word", "198.51.100.8"); c != domain.EUNAUTHORIZED {
		t.Errorf("a password with NUL: %q", c)
	}
	// Case and surrounding space do not matter.
	if c, _ := f.login(t, "  Target@Example.ORG ", password, "198.51.100.9"); c != "" {
		t.Errorf("the address in capitals: %q", c)
	}
}

// A disabled account and an account without a password fail like a wrong
// password.
func TestLoginRefusesDisabledAndPasswordlessAccounts(t *testing.T) {
	t.Parallel()
	f := newFixture(t, Options{})
	ctx := context.Background()
	u := f.actors["outsider"].User
	u.Disabled = true
	if err := f.db.UpdateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	if c, _ := f.login(t, "outsider@example.org", password, "198.51.100.7"); c != domain.EUNAUTHORIZED {
		t.Fatalf("disabled account: %q", c)
	}
	if err := f.db.CreateUser(ctx, &domain.User{Email: "nopass@example.org", Name: "No password"}, ""); err != nil {
		t.Fatal(err)
	}
	if c, _ := f.login(t, "nopass@example.org", "", "198.51.100.7"); c != domain.EUNAUTHORIZED {
		t.Fatalf("account without a password: %q", c)
	}
}

// TestParallelWrongPasswords sends many wrong passwords for one account
// from one address at once: the attempts are counted before any password
// is checked, so at most Limits.Free are checked (hashes counted) and the
// rest are told to wait, on either engine.
func TestParallelWrongPasswords(t *testing.T) {
	t.Parallel()
	f := newFixture(t, Options{Now: time.Now})
	const n = 60
	before := f.svc.HashStats().Hashes
	var wg sync.WaitGroup
	codes := make(chan string, n)
	for range n {
		wg.Go(func() {
			_, err := f.svc.Login(context.Background(), LoginInput{Email: "target@example.org", Password: "wrong", Address: "198.51.100.7"})
			codes <- domain.ErrorCode(err)
		})
	}
	wg.Wait()
	close(codes)
	got := map[string]int{}
	for c := range codes {
		got[c]++
	}
	hashes := f.svc.HashStats().Hashes - before
	free := DefaultLimits.Free
	if hashes > int64(free) {
		t.Fatalf("%d of %d parallel wrong passwords were checked; at most %d may be", hashes, n, free)
	}
	// The others are told to wait: for the throttle (429), or, having
	// come while the hasher was full, for a hashing slot (503).
	if got[domain.EUNAUTHORIZED] != int(hashes) || got[domain.EUNAUTHORIZED] != free || got[domain.ETHROTTLED]+got[domain.EUNAVAILABLE] != n-free {
		t.Fatalf("answers %v with %d passwords checked; want %d failures and %d told to wait", got, hashes, free, n-free)
	}
}

// slowHash is a stored hash whose check takes a second or so: a login
// against it holds a hashing slot that long.
func slowHash(t testing.TB) string {
	t.Helper()
	h, err := auth.HashPassword(password, auth.Params{Memory: 64 * 1024, Time: 8, Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// holdSlot starts a login that takes the service's only hashing slot for
// a while, and returns once it holds it; wait waits for its end.
func holdSlot(t *testing.T, f *fixture) (wait func()) {
	t.Helper()
	ctx := context.Background()
	if err := f.db.CreateUser(ctx, &domain.User{Email: "slow@example.org", Name: "Slow"}, slowHash(t)); err != nil {
		t.Fatal(err)
	}
	before := f.svc.HashStats().Hashes
	done := make(chan struct{})
	go func() {
		defer close(done)
		f.svc.Login(ctx, LoginInput{Email: "slow@example.org", Password: password, Address: "192.0.2.200"})
	}()
	for f.svc.HashStats().Hashes == before {
		select {
		case <-done:
			t.Fatal("the slow login ended before it was seen hashing")
		case <-time.After(time.Millisecond):
		}
	}
	return func() { <-done }
}

// When every hashing slot is taken, a login is refused at once with 503
// and Retry-After, without hashing, and the attempt does not count.
func TestLoginWhenHashingIsFull(t *testing.T) {
	t.Parallel()
	f := newFixture(t, Options{Hashing: auth.HasherOptions{Params: cheap, Slots: 1, Queue: -1}})
	wait := holdSlot(t, f)
	before := f.svc.HashStats()
	for range 3 {
		_, err := f.svc.Login(context.Background(), LoginInput{Email: "target@example.org", Password: password, Address: "198.51.100.7"})
		if domain.ErrorCode(err) != domain.EUNAVAILABLE || domain.RetryAfter(err) <= 0 {
			t.Fatalf("login while hashing is full: %v, want unavailable with a Retry-After", err)
		}
	}
	if st := f.svc.HashStats(); st.Hashes != before.Hashes || st.Refused != before.Refused+3 {
		t.Fatalf("hasher stats %+v after %+v, want no hash and 3 refusals", st, before)
	}
	wait()
	// The refused attempts did not count against the account at the
	// address: the counters are back to nothing.
	cs, err := f.db.LoginCounters(context.Background(), loginKeys("target@example.org", "198.51.100.7")...)
	if err != nil {
		t.Fatal(err)
	}
	if cs[0].Attempts != 0 || cs[1].Attempts != 0 {
		t.Fatalf("counters after refusals for lack of a slot: %+v", cs)
	}
	if c, _ := f.login(t, "target@example.org", password, "198.51.100.7"); c != "" {
		t.Fatalf("login once the slot is free: %q", c)
	}
}

func TestLoginErrorsAreDomainErrors(t *testing.T) {
	t.Parallel()
	for _, err := range []error{errLoginFailed(), throttled(1500 * time.Millisecond)} {
		var de *domain.Error
		if !errors.As(err, &de) || de.Key == "" {
			t.Fatalf("%v is not a domain error with a catalogue key", err)
		}
	}
	if s := domain.RetryAfterSeconds(throttled(1500 * time.Millisecond)); s != 2 {
		t.Fatalf("Retry-After of 1.5 s = %d, want 2 (rounded up)", s)
	}
}
