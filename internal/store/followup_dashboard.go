package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sync/singleflight"

	"github.com/plenary-org/plenary/internal/domain"
)

// The dashboards' queries over a process's follow-up: the facts of its
// commitments read once per version of the follow-up (followup_facts.go),
// counted in memory for each filter, and the counts kept.

// DashboardFilter narrows a process's commitments for the dashboards.
// Empty fields do not filter.
type DashboardFilter struct {
	ProcessID string
	MeetingID string // commitments made at this meeting
	BodyID    string // owned or co-owned by this body
	Objective string // serving this objective or guiding principle (O5, Pa)
	Region    string // whose owner body is of this region (a region key, see [FollowUpCount])
	Status    string
	CycleID   string // in the scope of this review cycle
}

// FollowUpCount is the number of commitments with one value of a key (a
// status, an objective's code, a reporting state) in one region of their
// owner body. The region is a key: the region's ID when the body's region
// is a known one; [UnmappedRegionKey] and the text as the body wrote it when
// no known region has that name yet; "" when the body has no region.
type FollowUpCount struct {
	Key    string
	Region string
	N      int
}

// UnmappedRegionKey begins the key of a region written as text that no known
// region has the name of (see [DB.UnmappedRegions]).
const UnmappedRegionKey = "~"

// regionKeySQL is the SQL of the region key of owner body b.
const regionKeySQL = `CASE WHEN b.region_id <> '' THEN b.region_id WHEN b.region <> '' THEN '` + UnmappedRegionKey + `' || b.region ELSE '' END`

// Reporting states of a commitment in a review cycle, as
// [DB.CycleReporting] counts them.
const (
	ReportedOnTime = "on_time"
	ReportedLate   = "late"
	NotReported    = "none"
)

// IndicatorPoint is one value of an indicator on a date.
type IndicatorPoint struct {
	On    string // YYYY-MM-DD
	Value float64
}

// IndicatorSeries returns the values of indicator indicatorID for the
// whole (not broken down by a dimension) given by accepted progress
// reports, by date; when several accepted reports give a value on the
// same date, the one accepted last counts.
func (db *DB) IndicatorSeries(ctx context.Context, indicatorID string) ([]IndicatorPoint, error) {
	rows, err := db.query(ctx, `SELECT v.on_date, v.value FROM indicator_values v
		JOIN progress_reports r ON r.id = v.report_id
		WHERE v.indicator_id = ? AND v.dimension = '' AND v.category = '' AND r.state = 'accepted'
		ORDER BY v.on_date, r.reviewed_at, r.id`, indicatorID)
	pts, err := scanAll(rows, err, func(r scanner) (IndicatorPoint, error) {
		var p IndicatorPoint
		err := r.Scan(&p.On, &p.Value)
		return p, err
	})
	if err != nil {
		return nil, db.mapErr(err)
	}
	out := pts[:0]
	for _, p := range pts {
		if n := len(out); n > 0 && out[n-1].On == p.On {
			out[n-1] = p
			continue
		}
		out = append(out, p)
	}
	return out, nil
}

// DashboardChoice is one choice of a dashboard's filter: an ID (or a
// region's name) and its label.
type DashboardChoice struct {
	ID, Label string
	// Extra is a cycle's deadline (YYYY-MM-DD); "" for other choices.
	Extra string
}

// DashboardChoices are the values the filters of a process's dashboards
// offer: its meetings, the bodies owning or co-owning its commitments,
// their regions (by key, see [FollowUpCount], with the text a body wrote
// as label, in no order), and its review cycles (newest deadline first).
type DashboardChoices struct {
	Meetings, Bodies, Regions, Cycles []DashboardChoice
}

// DashboardChoices returns the filters' choices for process processID.
func (db *DB) DashboardChoices(ctx context.Context, processID string) (*DashboardChoices, error) {
	var out DashboardChoices
	for _, q := range []struct {
		dst *[]DashboardChoice
		sql string
	}{
		{&out.Meetings, `SELECT id, CASE WHEN short_name <> '' THEN short_name ELSE title END, '' FROM meetings WHERE process_id = ? ORDER BY starts_on, title, id`},
		{&out.Bodies, `SELECT b.id, b.name, '' FROM bodies b WHERE b.id IN (
				SELECT c.owner_body_id FROM commitments c WHERE c.process_id = ?
				UNION SELECT cb.body_id FROM commitment_bodies cb JOIN commitments c ON c.id = cb.commitment_id AND c.process_id = ? WHERE cb.role = 'co_owner')
			ORDER BY LOWER(b.name), b.id`},
		{&out.Regions, `SELECT DISTINCT ` + regionKeySQL + `, b.region, '' FROM bodies b JOIN commitments c ON c.owner_body_id = b.id
			WHERE c.process_id = ? AND (b.region_id <> '' OR b.region <> '') ORDER BY 1`},
		{&out.Cycles, `SELECT id, name, deadline FROM review_cycles WHERE process_id = ? ORDER BY deadline DESC, name, id`},
	} {
		args := []any{processID}
		if strings.Count(q.sql, "?") == 2 {
			args = append(args, processID)
		}
		rows, err := db.query(ctx, q.sql, args...)
		cs, err := scanAll(rows, err, func(r scanner) (DashboardChoice, error) {
			var c DashboardChoice
			err := r.Scan(&c.ID, &c.Label, &c.Extra)
			return c, err
		})
		if err != nil {
			return nil, db.mapErr(err)
		}
		*q.dst = cs
	}
	return &out, nil
}

// DashboardIndicator is an indicator as its chart shows it, with the
// commitment it measures and where that commitment belongs.
type DashboardIndicator struct {
	ID, Name, Unit  string
	Baseline        *float64
	BaselineOn      string
	Target          *float64
	TargetOn        string
	Direction       string
	Demo            bool
	CommitmentID    string
	CommitmentTitle string
	ProcessID       string
	MeetingID       string // "" when the commitment comes from no meeting
}

// DashboardIndicator returns indicator id with its commitment's title and
// process; ENOTFOUND when there is none.
func (db *DB) DashboardIndicator(ctx context.Context, id string) (*DashboardIndicator, error) {
	var d DashboardIndicator
	var base, target sql.NullFloat64
	var meeting sql.NullString
	err := db.queryRow(ctx, `SELECT i.id, i.name, i.unit, i.baseline, i.baseline_on, i.target, i.target_on, i.direction, i.demo,
			c.id, c.title, c.process_id, c.meeting_id
		FROM indicators i JOIN commitments c ON c.id = i.commitment_id WHERE i.id = ?`, id).
		Scan(&d.ID, &d.Name, &d.Unit, &base, &d.BaselineOn, &target, &d.TargetOn, &d.Direction, &d.Demo,
			&d.CommitmentID, &d.CommitmentTitle, &d.ProcessID, &meeting)
	if err != nil {
		return nil, db.notFound(err, "indicator")
	}
	if base.Valid {
		d.Baseline = &base.Float64
	}
	if target.Valid {
		d.Target = &target.Float64
	}
	d.MeetingID = meeting.String
	return &d, nil
}

// DashboardCounts are the counts of a process's dashboard: its
// commitments by status, by objective and, when a cycle is given, by how
// they were reported in it, each by region (see [FollowUpCount]), and the
// filters' choices.
type DashboardCounts struct {
	ByStatus, ByObjective, Reporting []FollowUpCount
	// Cycle is the cycle Reporting counts; nil when the process has none.
	Cycle   *DashboardChoice
	Choices *DashboardChoices
	// Regions names the regions the counts' keys refer to, as they were
	// when counted (the regions are part of what a change of the
	// follow-up covers: dashboardVersion).
	Regions *domain.RegionIndex
	// ID is these counts' own number, given once by this DB: two
	// requests handed counts with the same ID asked the same filter of
	// the same state of the follow-up, and counted anew (after a change,
	// or a minute later) they get another. What is made of the counts
	// alone may be kept under it. Counts never depend on who asks: a
	// reader who may see less would need a filter of their own, and so
	// counts of their own.
	ID uint64
}

// DashboardCounts returns the counts of process f.ProcessID's commitments
// that f selects: by status and by objective (a commitment counts once
// under each objective it serves), each by region of the owner body; and
// how their owners reported in f's cycle or, when f names none, in the
// process's cycle with the latest deadline (its scope only, the filters
// but the cycle applied): [ReportedOnTime] when their first report
// submitted for it (since submitted or accepted) came before cutoff(its
// deadline), [ReportedLate] after it, [NotReported] when none was (drafts
// and returned reports do not count). They are counted from the
// process's facts (followup_facts.go) and kept: an entry is good while
// the process's follow-up is unchanged (dashboardVersion) and for at most
// dashboardCacheTTL. Whether the follow-up changed is asked at most once
// a second per process, and at once after a change made through this DB;
// identical requests that arrive together are counted once. Callers must
// not change what it returns.
func (db *DB) DashboardCounts(ctx context.Context, f DashboardFilter, cutoff func(deadline string) (int64, error)) (*DashboardCounts, error) {
	key := fmt.Sprintf("%q %q %q %q %q %q %q", f.ProcessID, f.MeetingID, f.BodyID, f.Objective, f.Region, f.Status, f.CycleID)
	v, err := db.dashboardVersionOf(ctx, f.ProcessID)
	if err != nil {
		return nil, err
	}
	if c := db.dcache.get(key, v.version, time.Now()); c != nil {
		return c, nil
	}
	// The counting does not end with the request that began it: the
	// others waiting for it take its result.
	out, err, _ := db.dcache.flight.Do("counts\x00"+v.version+"\x00"+key, func() (any, error) {
		if c := db.dcache.get(key, v.version, time.Now()); c != nil {
			return c, nil
		}
		c, err := db.countDashboard(context.WithoutCancel(ctx), f, cutoff, v)
		if err != nil {
			return nil, err
		}
		c.Regions = v.regions
		c.ID = db.dcache.ids.Add(1)
		db.dcache.put(key, v.version, time.Now(), c)
		return c, nil
	})
	if err != nil {
		return nil, err
	}
	return out.(*DashboardCounts), nil
}

// countDashboard counts what DashboardCounts returns from the facts of
// f's process at version v.
func (db *DB) countDashboard(ctx context.Context, f DashboardFilter, cutoff func(deadline string) (int64, error), v *followUpVersion) (*DashboardCounts, error) {
	ff, err := db.followUpFactsOf(ctx, f.ProcessID, v)
	if err != nil {
		return nil, err
	}
	c := &DashboardCounts{Choices: ff.choices}
	for i, cy := range c.Choices.Cycles {
		if cy.ID == f.CycleID || f.CycleID == "" && i == 0 {
			c.Cycle = &c.Choices.Cycles[i]
			break
		}
	}
	var ms int64
	if c.Cycle != nil {
		if ms, err = cutoff(c.Cycle.Extra); err != nil {
			return nil, err
		}
	}
	c.ByStatus, c.ByObjective, c.Reporting = ff.count(f, c.Cycle, ms)
	return c, nil
}

// followUpVersion is the version of a process's follow-up as last read,
// with the regions' index of that version.
type followUpVersion struct {
	version string
	checked time.Time // read
	changes uint64    // DB.changes before it was read
	regions *domain.RegionIndex
}

// dashboardVersionOf returns the version of process processID's
// follow-up: the one read less than dashboardRecheck ago when no change
// was made through this DB since, else read again (once for all the
// requests asking together).
func (db *DB) dashboardVersionOf(ctx context.Context, processID string) (*followUpVersion, error) {
	changes := db.changes.Load()
	if v := db.dcache.version(processID, time.Now(), changes); v != nil {
		return v, nil
	}
	out, err, _ := db.dcache.flight.Do(fmt.Sprintf("version\x00%d\x00%s", changes, processID), func() (any, error) {
		ctx := context.WithoutCancel(ctx)
		version, regions, err := db.dashboardVersion(ctx, processID)
		if err != nil {
			return nil, err
		}
		v := &followUpVersion{version: version, checked: time.Now(), changes: changes}
		if v.regions = db.dcache.regionIndex(regions); v.regions == nil {
			if v.regions, err = db.RegionIndex(ctx); err != nil {
				return nil, err
			}
			db.dcache.keepRegionIndex(regions, v.regions)
		}
		db.dcache.setVersion(processID, v)
		return v, nil
	})
	if err != nil {
		return nil, err
	}
	return out.(*followUpVersion), nil
}

// dashboardVersion changes whenever what a process's dashboard counts
// changes: a commitment added, removed or changed (its objectives,
// co-owners and status change it: they bump its updated_at), a report of
// one of its cycles changing state, a cycle or its scope, a body or a
// region. Each part is read from an index. regions is the part that
// changes with the regions.
func (db *DB) dashboardVersion(ctx context.Context, processID string) (version, regions string, err error) {
	var n, updated, cycles, cyclesUpdated, scope, bodies, bodiesUpdated, regionsUpdated, names int64
	err = db.queryRow(ctx, `SELECT
			(SELECT COUNT(*) FROM commitments WHERE process_id = ?),
			(SELECT COALESCE(MAX(updated_at), 0) FROM commitments WHERE process_id = ?),
			(SELECT COUNT(*) FROM review_cycles WHERE process_id = ?),
			(SELECT COALESCE(MAX(updated_at), 0) FROM review_cycles WHERE process_id = ?),
			(SELECT COUNT(*) FROM review_cycle_commitments WHERE cycle_id IN (SELECT id FROM review_cycles WHERE process_id = ?)),
			(SELECT COUNT(*) FROM bodies), (SELECT COALESCE(MAX(updated_at), 0) FROM bodies),
			(SELECT COALESCE(MAX(updated_at), 0) FROM regions), (SELECT COUNT(*) FROM region_names)`,
		processID, processID, processID, processID, processID).
		Scan(&n, &updated, &cycles, &cyclesUpdated, &scope, &bodies, &bodiesUpdated, &regionsUpdated, &names)
	if err != nil {
		return "", "", db.mapErr(err)
	}
	rows, err := db.query(ctx, `SELECT r.state, COUNT(*) FROM progress_reports r
		WHERE r.cycle_id IN (SELECT id FROM review_cycles WHERE process_id = ?) GROUP BY r.state ORDER BY r.state`, processID)
	states, err := scanAll(rows, err, func(r scanner) (string, error) {
		var st string
		var k int64
		err := r.Scan(&st, &k)
		return fmt.Sprintf("%s=%d", st, k), err
	})
	if err != nil {
		return "", "", db.mapErr(err)
	}
	regions = fmt.Sprint(regionsUpdated, names)
	return fmt.Sprint(n, updated, cycles, cyclesUpdated, scope, bodies, bodiesUpdated, regions, states), regions, nil
}

// dashboardCacheTTL bounds how long a dashboard's counts are kept, in
// case a change escapes dashboardVersion (two changes of different
// commitments within the same millisecond).
const dashboardCacheTTL = time.Minute

// dashboardRecheck is how long a process's follow-up is taken as
// unchanged without asking again, when no change was made through this
// DB meanwhile: a dashboard shows a change made through another instance
// this long after it at most, and fifty people opening it at once cost
// one check.
const dashboardRecheck = time.Second

// dashboardCacheSize is how many dashboards (process and filters) are
// kept; each holds a few hundred counts.
const dashboardCacheSize = 512

type dashboardCache struct {
	mu       sync.Mutex
	m        map[string]dashboardEntry
	versions map[string]*followUpVersion // by process
	// facts are the processes' facts (followup_facts.go), by process.
	facts map[string]factsEntry
	// regions is the regions' index of the regions' version regionsOf.
	regions   *domain.RegionIndex
	regionsOf string
	// flight merges the version checks and the countings asked together.
	flight singleflight.Group
	// ids numbers the counts (DashboardCounts.ID).
	ids atomic.Uint64
}

type factsEntry struct {
	version string
	at      time.Time // read
	facts   *followUpFacts
}

// facts returns the facts of processID when they are of version.
func (c *dashboardCache) factsOf(processID, version string, now time.Time) *followUpFacts {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.facts[processID]
	if !ok || e.version != version || now.Sub(e.at) > dashboardCacheTTL {
		return nil
	}
	return e.facts
}

func (c *dashboardCache) keepFacts(processID, version string, now time.Time, ff *followUpFacts) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.facts == nil || len(c.facts) >= dashboardCacheSize {
		c.facts = map[string]factsEntry{}
	}
	c.facts[processID] = factsEntry{version: version, at: now, facts: ff}
}

type dashboardEntry struct {
	version string
	at      time.Time // counted
	counts  *DashboardCounts
}

// version returns the version of processID read less than
// dashboardRecheck ago with no change made since (changes), or nil.
func (c *dashboardCache) version(processID string, now time.Time, changes uint64) *followUpVersion {
	c.mu.Lock()
	defer c.mu.Unlock()
	v := c.versions[processID]
	if v == nil || v.changes != changes || now.Sub(v.checked) >= dashboardRecheck {
		return nil
	}
	return v
}

// setVersion keeps v unless a version read after more changes is kept.
func (c *dashboardCache) setVersion(processID string, v *followUpVersion) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if old := c.versions[processID]; old != nil && old.changes > v.changes {
		return
	}
	if c.versions == nil || len(c.versions) >= dashboardCacheSize {
		c.versions = map[string]*followUpVersion{}
	}
	c.versions[processID] = v
}

func (c *dashboardCache) regionIndex(version string) *domain.RegionIndex {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.regionsOf != version {
		return nil
	}
	return c.regions
}

func (c *dashboardCache) keepRegionIndex(version string, idx *domain.RegionIndex) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.regions, c.regionsOf = idx, version
}

// get returns the counts of key when they are of version.
func (c *dashboardCache) get(key, version string, now time.Time) *DashboardCounts {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[key]
	if !ok || e.version != version || now.Sub(e.at) > dashboardCacheTTL {
		return nil
	}
	return e.counts
}

func (c *dashboardCache) put(key, version string, now time.Time, counts *DashboardCounts) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) >= dashboardCacheSize {
		c.m = map[string]dashboardEntry{} // start again rather than track use: entries are cheap to remake
	}
	c.m[key] = dashboardEntry{version: version, at: now, counts: counts}
}
