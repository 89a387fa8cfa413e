package web

import (
	"math/rand/v2"
	"slices"
	"sync"
	"time"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/store"
)

// actorCache keeps who is behind a session for a moment, so that a burst
// of requests from one person (a delegate voting on statement after
// statement) does not read the session and memberships each time. An
// entry lives for the cache's TTL at most: a role taken away, an account
// disabled or a session ended on another instance (or by another process,
// such as "plenary user") takes effect within it. On this instance, such
// changes and logging out take effect at once (changed, drop).
type actorCache struct {
	ttl time.Duration
	mu  sync.RWMutex
	m   map[string]actorEntry // by session token hash
}

type actorEntry struct {
	a   *domain.Actor
	exp time.Time
}

// maxCachedActors bounds the cache; beyond it, expired entries go first,
// then everything.
const maxCachedActors = 100000

func newActorCache(ttl time.Duration) *actorCache {
	if ttl <= 0 {
		return nil
	}
	return &actorCache{ttl: ttl, m: map[string]actorEntry{}}
}

// get returns a copy of the cached actor of a session, or nil.
func (c *actorCache) get(hash string, now time.Time) *domain.Actor {
	if c == nil {
		return nil
	}
	c.mu.RLock()
	e, ok := c.m[hash]
	c.mu.RUnlock()
	if !ok || now.After(e.exp) {
		return nil
	}
	// A copy: handlers may change what they get.
	u := *e.a.User
	return &domain.Actor{User: &u, Memberships: slices.Clone(e.a.Memberships)}
}

func (c *actorCache) put(hash string, a *domain.Actor, now time.Time) {
	if c == nil {
		return
	}
	u := *a.User
	e := actorEntry{a: &domain.Actor{User: &u, Memberships: slices.Clone(a.Memberships)}, exp: now.Add(c.lifetime())}
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.m) >= maxCachedActors {
		for k, v := range c.m {
			if now.After(v.exp) {
				delete(c.m, k)
			}
		}
		if len(c.m) >= maxCachedActors {
			clear(c.m)
		}
	}
	c.m[hash] = e
}

// lifetime is how long a new entry lives: between half the TTL and the
// TTL, at random. Sessions that began together (a room logging in as a
// meeting opens) would otherwise all expire together, and their next
// requests would all read the database at once, every TTL, in a burst
// that the slowest requests of the moment pay for.
func (c *actorCache) lifetime() time.Duration {
	return c.ttl - time.Duration(rand.Int64N(int64(c.ttl/2)+1))
}

// changed drops the entries of the users a committed change concerns
// (every entry when it concerns everyone), so that a role taken away, an
// account disabled or a password changed on this instance takes effect at
// once rather than within the TTL.
func (c *actorCache) changed(ch store.ActorChange) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if ch.All {
		clear(c.m)
		return
	}
	for k, e := range c.m {
		if slices.Contains(ch.Users, e.a.User.ID) {
			delete(c.m, k)
		}
	}
}

func (c *actorCache) drop(hash string) {
	if c == nil {
		return
	}
	c.mu.Lock()
	delete(c.m, hash)
	c.mu.Unlock()
}
