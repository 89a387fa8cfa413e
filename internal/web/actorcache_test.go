package web

import (
	"context"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/plenary-org/plenary/internal/auth"
	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/locale"
)

// TestActorCacheLifetimes checks that cached sessions expire within the
// TTL, and not all at the same moment: a room that logged in together
// would otherwise read the database all at once every TTL.
func TestActorCacheLifetimes(t *testing.T) {
	t.Parallel()
	const ttl = 5 * time.Second
	c := newActorCache(ttl)
	now := time.Unix(1_800_000_000, 0)
	a := &domain.Actor{User: &domain.User{ID: "u1", Name: "Amina"}, Memberships: []domain.Membership{{ID: "m1", Role: domain.RoleDelegate}}}
	seen := map[time.Duration]bool{}
	for i := range 200 {
		h := string(rune('a'+i%26)) + time.Duration(i).String()
		c.put(h, a, now)
		life := c.m[h].exp.Sub(now)
		if life < ttl/2 || life > ttl {
			t.Fatalf("an entry lives %v, want between %v and %v", life, ttl/2, ttl)
		}
		seen[life.Round(100*time.Millisecond)] = true
		if got := c.get(h, now.Add(ttl/2-time.Millisecond)); got == nil || got.User.ID != "u1" || len(got.Memberships) != 1 {
			t.Fatalf("entry gone before half the TTL: %+v", got)
		}
		if got := c.get(h, now.Add(ttl+time.Millisecond)); got != nil {
			t.Fatalf("entry still there after the TTL")
		}
	}
	if len(seen) < 10 {
		t.Fatalf("200 entries put at one moment expire at only %d distinct moments (to 100 ms): they would all be read again together", len(seen))
	}
	// What get returns is a copy.
	got := c.get("a0s", now)
	got.User.Name = "changed"
	got.Memberships[0].Role = domain.RoleObserver
	if again := c.get("a0s", now); again.User.Name != "Amina" || again.Memberships[0].Role != domain.RoleDelegate {
		t.Fatalf("the cache's entry changed through a copy: %+v", again)
	}
	c.drop("a0s")
	if c.get("a0s", now) != nil {
		t.Fatal("a dropped entry is still there")
	}
}

// TestActorCacheFollowsChangesOnThisInstance: with sessions kept for an
// hour, a role taken away or an account disabled through this instance's
// database still takes effect at the next request.
func TestActorCacheFollowsChangesOnThisInstance(t *testing.T) {
	t.Parallel()
	r := newVoteRoom(t, 2, 2, time.Hour)
	ctx := context.Background()
	for i := range 2 {
		if rec := r.post(r.tokens[i], r.stmts[0], "agree", true); rec.Code != http.StatusNoContent {
			t.Fatalf("voter %d before the change: %d %s", i, rec.Code, rec.Body)
		}
	}
	ms, err := r.db.MembershipsOf(ctx, r.users[0])
	if err != nil || len(ms) != 1 {
		t.Fatalf("memberships: %v %v", ms, err)
	}
	if err := r.db.RemoveMembership(ctx, ms[0].ID); err != nil {
		t.Fatal(err)
	}
	if rec := r.post(r.tokens[0], r.stmts[1], "agree", true); rec.Code != http.StatusNotFound {
		t.Fatalf("a voter whose role was taken away votes: %d, want 404", rec.Code)
	}
	// The other voter's entry stays (no read needed) and still works.
	if rec := r.post(r.tokens[1], r.stmts[1], "agree", true); rec.Code != http.StatusNoContent {
		t.Fatalf("the other voter: %d %s", rec.Code, rec.Body)
	}
	u, err := r.db.UserByID(ctx, r.users[1])
	if err != nil {
		t.Fatal(err)
	}
	u.Disabled = true
	if err := r.db.UpdateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	if rec := r.post(r.tokens[1], r.stmts[0], "disagree", true); rec.Code != http.StatusUnauthorized {
		t.Fatalf("a disabled account votes: %d, want 401", rec.Code)
	}
}

// TestLoadActorSharesOneRead: requests of one session that miss the cache
// together each get an actor of their own (which they may change), and
// the first one's leaving (its context cancelled) does not fail the read.
func TestLoadActorSharesOneRead(t *testing.T) {
	t.Parallel()
	r := newVoteRoom(t, 1, 1, time.Minute)
	s, err := New(Config{DB: r.db, Catalog: locale.MustLoad(), ActorCacheTTL: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	hash := auth.HashToken(r.tokens[0])
	gone, cancel := context.WithCancel(context.Background())
	cancel()
	if a, err := s.loadActor(gone, hash, time.Now()); err != nil || a.User.ID != r.users[0] {
		t.Fatalf("a read begun by a request that left: %+v %v", a, err)
	}
	s.actors.drop(hash)
	got := make([]*domain.Actor, 16)
	var wg sync.WaitGroup
	for i := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			a, err := s.loadActor(context.Background(), hash, time.Now())
			if err != nil {
				t.Error(err)
				return
			}
			got[i] = a
		}()
	}
	wg.Wait()
	for i, a := range got {
		if a == nil || a.User.ID != r.users[0] || len(a.Memberships) != 1 {
			t.Fatalf("caller %d: %+v", i, a)
		}
		a.User.Name = "changed"
		a.Memberships[0].Role = domain.RoleObserver
	}
	for i, a := range got {
		if a.User == got[(i+1)%len(got)].User && len(got) > 1 {
			t.Fatalf("callers %d and %d share one user", i, (i+1)%len(got))
		}
	}
	if c := s.actors.get(hash, time.Now()); c == nil || c.User.Name == "changed" || c.Memberships[0].Role != domain.RoleDelegate {
		t.Fatalf("the cached actor changed through a caller's copy: %+v", c)
	}
}
