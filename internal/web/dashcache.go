package web

import (
	"container/list"
	"html/template"
	"strconv"
	"sync"

	"golang.org/x/sync/singleflight"

	"github.com/plenary-org/plenary/internal/chart"
)

// The dashboards' drawings are kept: the filters, charts and tables of a
// dashboard are made once per language and counts
// ([followup.Dashboard.Counted]) and then copied into each page, so that
// fifty people opening the same dashboard cost one drawing, not fifty.
// A dashboard counted anew (the follow-up changed, or a minute passed)
// has counts of another number, and so a drawing of its own; the old one
// leaves the cache as newer ones come in.

// drawnDashboard is what is kept of a dashboard: the part of the page
// after its heading, and the charts for their CSV downloads.
type drawnDashboard struct {
	key    string
	body   template.HTML
	charts map[string]*chart.Chart
	size   int // bytes, roughly
	// unofficial: the drawing shows an unofficial translation, which the
	// page's legend explains (a list's filters, drawContribFacets).
	unofficial bool
}

// dashboardCacheBytes bounds the drawings kept: a dashboard over 10,000
// commitments in six languages is about 6 × 150 KB.
const dashboardCacheBytes = 32 << 20

// drawnDashboards keeps the most recently used drawings within
// dashboardCacheBytes, and merges the drawing of one dashboard asked by
// many at once.
type drawnDashboards struct {
	mu     sync.Mutex
	lru    *list.List // of *drawnDashboard, most recent first
	m      map[string]*list.Element
	size   int
	max    int
	flight singleflight.Group
	drawn  int64 // drawings made, for tests
}

func newDrawnDashboards(max int) *drawnDashboards {
	return &drawnDashboards{lru: list.New(), m: map[string]*list.Element{}, max: max}
}

// drawnKey is the key of a dashboard's drawing: its language and the
// number of its counts, which stand for its filter and the state of the
// follow-up it counts.
func drawnKey(lang string, counted uint64) string {
	return lang + " " + strconv.FormatUint(counted, 10)
}

// get returns the drawing kept under key, or nil.
func (c *drawnDashboards) get(key string) *drawnDashboard {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.m[key]
	if !ok {
		return nil
	}
	c.lru.MoveToFront(el)
	return el.Value.(*drawnDashboard)
}

// put keeps d, dropping the least recently used drawings beyond the
// size; a drawing larger than the whole cache is not kept.
func (c *drawnDashboards) put(d *drawnDashboard) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.drawn++
	if d.size > c.max {
		return
	}
	if el, ok := c.m[d.key]; ok {
		c.size -= el.Value.(*drawnDashboard).size
		c.lru.Remove(el)
	}
	c.m[d.key] = c.lru.PushFront(d)
	c.size += d.size
	for c.size > c.max {
		el := c.lru.Back()
		old := el.Value.(*drawnDashboard)
		c.lru.Remove(el)
		delete(c.m, old.key)
		c.size -= old.size
	}
}

// draw returns the drawing under key, made by fn when none is kept;
// those who ask for the same key while it is being made wait for it.
func (c *drawnDashboards) draw(key string, fn func() (*drawnDashboard, error)) (*drawnDashboard, error) {
	if d := c.get(key); d != nil {
		return d, nil
	}
	out, err, _ := c.flight.Do(key, func() (any, error) {
		if d := c.get(key); d != nil {
			return d, nil
		}
		d, err := fn()
		if err != nil {
			return nil, err
		}
		d.key = key
		c.put(d)
		return d, nil
	})
	if err != nil {
		return nil, err
	}
	return out.(*drawnDashboard), nil
}

// drawings reports how many drawings were made.
func (c *drawnDashboards) drawings() int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.drawn
}
