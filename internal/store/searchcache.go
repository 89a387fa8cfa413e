package store

import (
	"container/list"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"sync"
	"time"
)

// searchCache keeps, for recent searches, what is costly to compute and
// the same from one page to the next: the total, the counts per filter
// value and, for searches with words, every match in order. An entry is
// good while the contributions are unchanged (searchVersion) and for at
// most searchCacheTTL; paging through results, coming back to a list and
// several people browsing the same meeting then cost one page query.
type searchCache struct {
	mu      sync.Mutex
	entries map[string]*list.Element
	lru     *list.List // front: most recently used
	bytes   int
}

type searchCacheEntry struct {
	key     string
	version string
	at      time.Time
	total   int
	facets  map[string][]FacetCount
	ids     []string // every match in order (searches with words), nil otherwise
	hasIDs  bool
	size    int
}

const (
	searchCacheTTL = time.Minute
	// searchCacheStale bounds how long an entry of an unchanged version is
	// shown while it is counted again after searchCacheTTL.
	searchCacheStale = 10 * time.Minute
	searchCacheBytes = 64 << 20
)

// counted names the entry's counts (SearchResult.Counted): its search,
// with the viewer's visibility, its version and when it was counted.
func (e *searchCacheEntry) counted() string {
	if e.facets == nil {
		return ""
	}
	return e.key + "@" + e.version + "@" + strconv.FormatInt(e.at.UnixNano(), 36)
}

// searchKey names a search apart from its page.
func searchKey(v Visibility, q SearchQuery) string {
	q.Offset, q.Limit, q.Cursor = 0, 0, ""
	b, _ := json.Marshal(struct {
		V Visibility
		Q SearchQuery
	}{v, q})
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// searchVersion changes whenever what a search finds or counts may have
// changed: a contribution added (seq) or changed (every change, and every
// new contribution, sets updated_at), a meeting added or removed
// (removing one removes its contributions), a framework's items. A search
// within a few meetings (a meeting's list) has a version of those
// meetings only, as a process's dashboard has one of its follow-up: the
// newest updated_at of each, read from the end of its range of
// contributions_meeting_updated, so that a contribution written in one
// meeting keeps the counts of the others.
func (db *DB) searchVersion(ctx context.Context, meetings []string) (string, error) {
	var meetingsN, lastMeeting, items int64
	if n := len(meetings); n > 0 && n <= maxVersionMeetings {
		cols := `(SELECT COUNT(*) FROM meetings), (SELECT COALESCE(MAX(created_at), 0) FROM meetings), (SELECT COUNT(*) FROM framework_items)`
		args := make([]any, n)
		for i, m := range meetings {
			cols += `, (SELECT COALESCE(MAX(updated_at), 0) FROM contributions WHERE meeting_id = ?)`
			args[i] = m
		}
		updated := make([]int64, n)
		dest := []any{&meetingsN, &lastMeeting, &items}
		for i := range updated {
			dest = append(dest, &updated[i])
		}
		if err := db.queryRow(ctx, `SELECT `+cols, args...).Scan(dest...); err != nil {
			return "", db.mapErr(err)
		}
		return fmt.Sprint("m", meetingsN, lastMeeting, items, updated), nil
	}
	var seq, updated int64
	err := db.queryRow(ctx, `SELECT (SELECT COALESCE(MAX(seq), 0) FROM contributions), (SELECT COALESCE(MAX(updated_at), 0) FROM contributions),
		(SELECT COUNT(*) FROM meetings), (SELECT COALESCE(MAX(created_at), 0) FROM meetings), (SELECT COUNT(*) FROM framework_items)`).
		Scan(&seq, &updated, &meetingsN, &lastMeeting, &items)
	if err != nil {
		return "", db.mapErr(err)
	}
	return fmt.Sprintf("%d.%d.%d.%d.%d", seq, updated, meetingsN, lastMeeting, items), nil
}

// maxVersionMeetings is the most meetings a search may filter by and
// still have a version of its meetings only.
const maxVersionMeetings = 8

func (c *searchCache) get(key, version string, now time.Time) *searchCacheEntry {
	e, stale := c.getStale(key, version, now)
	if stale {
		return nil
	}
	return e
}

// getStale is get, and returns too an entry of the same version older
// than searchCacheTTL (but not searchCacheStale), saying it is stale: it
// may be shown while it is counted again, as the contributions it counts
// are unchanged as far as the version tells.
func (c *searchCache) getStale(key, version string, now time.Time) (e *searchCacheEntry, stale bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.entries[key]
	if !ok {
		return nil, false
	}
	e = el.Value.(*searchCacheEntry)
	if e.version != version || now.Sub(e.at) > searchCacheStale {
		c.remove(el)
		return nil, false
	}
	c.lru.MoveToFront(el)
	return e, now.Sub(e.at) > searchCacheTTL
}

func (c *searchCache) put(e *searchCacheEntry) {
	e.size = 200 + len(e.key)
	for _, fs := range e.facets {
		for _, f := range fs {
			e.size += 40 + len(f.Value)
		}
	}
	e.size += 40 * len(e.ids)
	if e.size > searchCacheBytes/4 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil {
		c.entries, c.lru = map[string]*list.Element{}, list.New()
	}
	if el, ok := c.entries[e.key]; ok {
		c.remove(el)
	}
	c.entries[e.key] = c.lru.PushFront(e)
	c.bytes += e.size
	for c.bytes > searchCacheBytes {
		c.remove(c.lru.Back())
	}
}

func (c *searchCache) remove(el *list.Element) {
	e := el.Value.(*searchCacheEntry)
	c.lru.Remove(el)
	delete(c.entries, e.key)
	c.bytes -= e.size
}

// cloneFacets copies counts so that callers may change what they get.
func cloneFacets(fs map[string][]FacetCount) map[string][]FacetCount {
	if fs == nil {
		return nil
	}
	out := make(map[string][]FacetCount, len(fs))
	for k, v := range maps.All(fs) {
		out[k] = slices.Clone(v)
	}
	return out
}
