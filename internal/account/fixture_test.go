package account

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/plenary-org/plenary/internal/auth"
	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/store"
	"github.com/plenary-org/plenary/internal/store/storetest"
)

// cheap makes password hashes fast for tests.
var cheap = auth.Params{Memory: 1024, Time: 1, Threads: 1}

// password is every fixture account's password.
const password = "the right password"

// clock is a clock that moves only when told.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// fixture is a database with a process and a meeting, one account per
// role (each with the password above), and the account service over it
// with a clock of its own.
//
// Roles: admin (instance administrator), secretariat (of the process),
// chair (of the meeting), delegate (in the meeting, for a body), outsider
// (no role), target (no role: the account attacked in login tests).
type fixture struct {
	db      *store.DB
	svc     *Service
	clock   *clock
	actors  map[string]*domain.Actor
	process string
	meeting string
	body    string
}

func newFixture(t testing.TB, opt Options) *fixture {
	t.Helper()
	ctx := context.Background()
	db := storetest.Open(t)
	f := &fixture{db: db, clock: &clock{t: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}, actors: map[string]*domain.Actor{}}
	if opt.Hashing.Params.Time == 0 {
		opt.Hashing.Params = cheap
	}
	if opt.Now == nil {
		opt.Now = f.clock.Now
	}
	f.svc = New(db, opt)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("fixture: %v", err)
		}
	}
	hash, err := auth.HashPassword(password, cheap)
	must(err)
	users := map[string]*domain.User{}
	for _, r := range []string{"admin", "secretariat", "chair", "delegate", "outsider", "target"} {
		u := &domain.User{Email: r + "@example.org", Name: "User " + r, Admin: r == "admin"}
		must(db.CreateUser(ctx, u, hash))
		users[r] = u
	}
	actx := domain.NewContextWithActor(ctx, &domain.Actor{User: users["admin"]})
	p := &domain.Process{Name: "Process"}
	must(db.CreateProcess(actx, p))
	b := &domain.Body{Name: "Body", Kind: domain.BodyRCP}
	must(db.CreateBody(actx, b))
	m := &domain.Meeting{ProcessID: p.ID, Title: "Meeting"}
	must(db.CreateMeeting(actx, m))
	f.process, f.meeting, f.body = p.ID, m.ID, b.ID
	for _, ms := range []*domain.Membership{
		{UserID: users["secretariat"].ID, ProcessID: p.ID, Role: domain.RoleSecretariat},
		{UserID: users["chair"].ID, ProcessID: p.ID, MeetingID: m.ID, Role: domain.RoleChair},
		{UserID: users["delegate"].ID, ProcessID: p.ID, MeetingID: m.ID, Role: domain.RoleDelegate, BodyID: b.ID},
	} {
		must(db.AddMembership(actx, ms))
	}
	for r, u := range users {
		f.actors[r] = f.actor(t, u.ID)
	}
	f.actors["anonymous"] = &domain.Actor{}
	return f
}

// actor loads an account with its memberships, as a request would.
func (f *fixture) actor(t testing.TB, userID string) *domain.Actor {
	t.Helper()
	ctx := context.Background()
	u, err := f.db.UserByID(ctx, userID)
	if err != nil {
		t.Fatal(err)
	}
	ms, err := f.db.MembershipsOf(ctx, userID)
	if err != nil {
		t.Fatal(err)
	}
	return &domain.Actor{User: u, Memberships: ms}
}

// asDomain finds the domain error in err's chain.
func asDomain(err error, de **domain.Error) bool { return errors.As(err, de) }

// invite has the secretariat invite an address as secretariat of the
// process, and returns the link's token.
func (f *fixture) invite(t *testing.T, email string) string {
	t.Helper()
	tok, _, err := f.svc.Invite(context.Background(), f.actors["secretariat"], InviteInput{ProcessID: f.process, Email: email, Role: domain.RoleSecretariat, Days: 14})
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// login tries a login and returns its error code ("" for a session) and
// its Retry-After.
func (f *fixture) login(t *testing.T, email, pw, address string) (string, time.Duration) {
	t.Helper()
	s, err := f.svc.Login(context.Background(), LoginInput{Email: email, Password: pw, Address: address})
	if err != nil {
		c := domain.ErrorCode(err)
		if c == domain.EINTERNAL {
			t.Fatalf("login %s from %s: %v", email, address, err)
		}
		return c, domain.RetryAfter(err)
	}
	if s.User == nil || s.Token == "" {
		t.Fatalf("login %s: a session without user or token: %+v", email, s)
	}
	return "", 0
}
