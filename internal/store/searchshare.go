package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Counts shared between people who see alike. What a person may find is
// what their roles show (the published contributions of their meetings,
// everything but others' drafts in the meetings they manage: the same for
// every delegate of a meeting, for every member of its secretariat) and
// their own contributions. A list without words is counted for the roles
// alone, once for all who hold them, and then for each person their own
// contributions are added as they see them and taken away as the roles
// see them (a draft of theirs the roles do not see, the body of their own
// contribution written without attribution, which the roles may not be
// shown): the counts are the person's exactly, and fifty delegates
// opening a meeting's list after a start count its 100,000 contributions
// once, not fifty times. Searches with words keep every match in order
// and stay counted per person.

// searchCounts returns the total and counts of the search q (without
// words) by v, as kept (an entry older than searchCacheTTL is returned
// while it is counted again, once, in the background), or counted now,
// once for all who ask at the same time.
func (db *DB) searchCounts(ctx context.Context, v Visibility, q SearchQuery, version string) (*searchCacheEntry, error) {
	q.Offset, q.Limit, q.Cursor = 0, 0, ""
	key := searchKey(v, q)
	count := func() (any, error) {
		ctx := context.WithoutCancel(ctx)
		if v.AuthorID == "" {
			// The roles' counts of the same contributions, kept in the
			// database before a start: kept in memory from now on, as if
			// just counted (counted again when viewed a minute later).
			if e := db.keptCounts(ctx, key, version); e != nil {
				db.scache.put(e)
				return e, nil
			}
		}
		return db.countSearch(ctx, v, q, key, version)
	}
	if e, stale := db.scache.getStale(key, version, time.Now()); e != nil {
		if stale {
			go db.searches.Do(key+"@"+version, count)
		}
		return e, nil
	}
	out, err, _ := db.searches.Do(key+"@"+version, count)
	if err != nil {
		return nil, err
	}
	return out.(*searchCacheEntry), nil
}

// countSearch counts q by v and keeps the counts: in SQL for the roles
// alone (v without an author), else from the roles' counts and the
// person's own contributions.
func (db *DB) countSearch(ctx context.Context, v Visibility, q SearchQuery, key, version string) (*searchCacheEntry, error) {
	p, err := db.plan(v, q)
	if err != nil {
		return nil, err
	}
	res := &SearchResult{}
	if q.Facets {
		res.Facets = make(map[string][]FacetCount, len(facetNames))
		for _, name := range facetNames {
			res.Facets[name] = []FacetCount{}
		}
	}
	if v.AuthorID == "" {
		db.searchesComputed.Add(1)
		if err := db.countSQL(ctx, p, res); err != nil {
			return nil, err
		}
	} else {
		roles := v
		roles.AuthorID = ""
		shared, err := db.searchCounts(ctx, roles, q, version)
		if err != nil {
			return nil, err
		}
		if err := db.addOwn(ctx, p, v, roles, shared, res); err != nil {
			return nil, err
		}
	}
	for _, fs := range res.Facets {
		sortFacets(fs)
	}
	e := &searchCacheEntry{key: key, version: version, at: time.Now(), total: res.Total, facets: cloneFacets(res.Facets)}
	db.scache.put(e)
	if v.AuthorID == "" {
		db.keepCounts(ctx, e)
	}
	return e, nil
}

// keptCounts returns the counts kept in the database under key if they
// are of version, else nil.
func (db *DB) keptCounts(ctx context.Context, key, version string) *searchCacheEntry {
	var kept, facets string
	var at, total int64
	err := db.queryRow(ctx, `SELECT version, counted_at, total, facets FROM search_counts WHERE key = ?`, key).Scan(&kept, &at, &total, &facets)
	if err != nil || kept != version {
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			db.log.Warn("reading kept counts", "err", err)
		}
		return nil
	}
	// Taken as counted now: the version says the contributions are the
	// ones counted, and they are counted again a minute from now if
	// still viewed (searchCacheTTL), as counts kept in memory are.
	e := &searchCacheEntry{key: key, version: version, at: time.Now(), total: int(total)}
	if facets != "" {
		if err := json.Unmarshal([]byte(facets), &e.facets); err != nil {
			db.log.Warn("reading kept counts", "err", err)
			return nil
		}
	}
	return e
}

// keepCounts keeps e in the database, for the next start. Counts not
// kept are counted again then: a failure is logged, not returned.
func (db *DB) keepCounts(ctx context.Context, e *searchCacheEntry) {
	var facets []byte
	if e.facets != nil {
		var err error
		if facets, err = json.Marshal(e.facets); err != nil {
			db.log.Warn("keeping counts", "err", err)
			return
		}
	}
	at := e.at.UnixMilli()
	_, err := db.write.ExecContext(ctx, db.dialect.rebind(`INSERT INTO search_counts (key, version, counted_at, total, facets) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (key) DO UPDATE SET version = excluded.version, counted_at = excluded.counted_at, total = excluded.total, facets = excluded.facets`),
		e.key, e.version, at, e.total, string(facets))
	if err == nil {
		// Counts not asked for in a day leave.
		_, err = db.write.ExecContext(ctx, db.dialect.rebind(`DELETE FROM search_counts WHERE counted_at < ?`), at-keptCountsFor.Milliseconds())
	}
	if err != nil {
		db.log.Warn("keeping counts", "err", err)
	}
}

// keptCountsFor is how long counts not counted again stay in the
// database.
const keptCountsFor = 24 * time.Hour

// countSQL counts the search of p in SQL: the total, and the counts when
// res.Facets is made.
func (db *DB) countSQL(ctx context.Context, p *searchPlan, res *SearchResult) error {
	if res.Facets != nil {
		return runAll(db.facetJobs(ctx, p, res))
	}
	where, args := p.where("", false)
	return db.mapErr(db.queryRow(ctx, `SELECT COUNT(*) FROM contributions c WHERE `+where, args...).Scan(&res.Total))
}

// sortFacets puts counts largest first, then by value.
func sortFacets(fs []FacetCount) {
	slices.SortFunc(fs, func(a, b FacetCount) int {
		if a.Count != b.Count {
			return b.Count - a.Count
		}
		return strings.Compare(a.Value, b.Value)
	})
}

// addOwn sets res to the counts of the roles (shared) with the person's
// own contributions added as the person sees them and taken away as the
// roles see them. Counting is row by row (a contribution adds to the
// total when it passes every filter, to a filter's counts when it passes
// every other), so the difference is exact.
func (db *DB) addOwn(ctx context.Context, p *searchPlan, v, roles Visibility, shared *searchCacheEntry, res *SearchResult) error {
	// Their contributions the roles see with their body (not written
	// without attribution) count alike for both and are not read.
	vis := visibilitySQL(roles)
	args := append(slices.Clone(vis.args), v.AuthorID)
	rows, err := db.searchQuery(ctx, `SELECT c.kind, c.practice_type, c.status, c.lang, c.demo, c.meeting_id, COALESCE(c.body_id, ''), COALESCE(c.question_id, ''),
		CASE WHEN c.unattributed THEN 0 ELSE 1 END, c.regions, c.tags, CASE WHEN `+vis.sql+` THEN 1 ELSE 0 END
		FROM contributions c WHERE c.author_id = ? AND (c.unattributed OR NOT `+vis.sql+`)`, append(args, vis.args...)...)
	if err != nil {
		return fmt.Errorf("store: own contributions: %w", db.mapErr(err))
	}
	var mine, seen []match // as the person sees them, as the roles do
	for rows.Next() {
		var m match
		var demo, inRoles bool
		var regions, tags string
		if err := rows.Scan(&m.single[0], &m.single[1], &m.single[2], &m.single[3], &demo, &m.meeting, &m.body, &m.qstn,
			&m.attributed, &regions, &tags, &inRoles); err != nil {
			rows.Close()
			return db.mapErr(err)
		}
		m.single[4] = fmt.Sprint(demo)
		m.regions, m.tags = decodeList(regions), decodeList(tags)
		if inRoles {
			seen = append(seen, m)
		}
		// Their own contribution's body is the person's to see
		// (attributedSQL).
		m.attributed = true
		mine = append(mine, m)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return db.mapErr(err)
	}
	res.Total = shared.total
	if res.Facets != nil {
		res.Facets = cloneFacets(shared.facets)
	}
	if len(mine) == 0 {
		return nil
	}
	kinds, err := db.frameworkItemKinds(ctx)
	if err != nil {
		return err
	}
	count := func(ms []match) *SearchResult {
		for i := range ms {
			ms[i].tags = slices.DeleteFunc(ms[i].tags, func(t string) bool { _, ok := kinds[t]; return !ok })
		}
		r := &SearchResult{Facets: map[string][]FacetCount{}}
		p.countMatches(ms, kinds, r)
		return r
	}
	plus, minus := count(mine), count(seen)
	res.Total += plus.Total - minus.Total
	if res.Facets == nil {
		return nil
	}
	for _, name := range facetNames {
		n := map[string]int{}
		for _, f := range res.Facets[name] {
			n[f.Value] += f.Count
		}
		for _, f := range plus.Facets[name] {
			n[f.Value] += f.Count
		}
		for _, f := range minus.Facets[name] {
			n[f.Value] -= f.Count
		}
		fs := make([]FacetCount, 0, len(n))
		for val, c := range n {
			if c > 0 {
				fs = append(fs, FacetCount{Value: val, Count: c})
			}
		}
		res.Facets[name] = fs
	}
	return nil
}
