package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/plenary-org/plenary/internal/domain"
)

// SearchQuery asks for contributions. Values within one filter are
// alternatives (kind is a recommendation OR a commitment); filters combine
// (AND). Empty filters do not filter.
type SearchQuery struct {
	Text        string // words to find, in any of the six languages
	Lang        string // the searcher's interface language, to read the words when their language is unclear
	MeetingIDs  []string
	Kinds       []domain.ContributionKind
	Practices   []domain.PracticeType
	Regions     []string
	BodyIDs     []string
	Objectives  []string // framework item IDs of objectives (any framework)
	Principles  []string // framework item IDs of guiding principles
	Tags        []string // any other framework item IDs
	QuestionIDs []string
	Langs       []string // language of the original
	Statuses    []domain.Status
	Demo        *bool  // nil: both
	Sort        string // SortRelevance (the default with Text), SortNewest (the default without), SortOldest, SortTitle, SortUpdated
	Offset      int
	Limit       int  // 1 to 500, 50 when 0
	Facets      bool // count contributions per filter value
	// Cursor, when set, asks for the page after or before a row of the
	// list instead of Offset: a SearchResult's Next or Prev of the same
	// search. Only lists without words sorted newest, oldest or updated
	// have cursors.
	Cursor string
}

// The sort orders of a search.
const (
	SortRelevance = "relevance"
	SortNewest    = "newest"
	SortOldest    = "oldest"
	SortTitle     = "title"
	SortUpdated   = "updated"
)

// Visibility says which contributions a person may find: every one but
// others' drafts (instance administrators); the published ones of the
// meetings they may see; every one but others' drafts in the meetings they
// manage; their own, whatever their status. The bodies of contributions
// written under the non-attribution rule are neither shown, filtered nor
// counted, except for the viewer's own contributions
// ([domain.Attributed]).
type Visibility struct {
	All         bool
	PublishedIn []string // meeting IDs
	ManagedIn   []string // meeting IDs
	AuthorID    string
}

// FacetCount is how many contributions have one value of a filter.
type FacetCount struct {
	Value string
	Count int
}

// SearchResult is a page of contributions with the total and, when asked,
// the counts per filter value.
type SearchResult struct {
	Total int
	Items []*domain.Contribution // with regions, countries and tags
	// Next and Prev are the cursors of the pages after and before this
	// one (SearchQuery.Cursor), "" when there is none or the list has no
	// cursors (words to rank, a title order).
	Next, Prev string
	// Facets by filter: "kind", "practice_type", "region", "body",
	// "objective", "principle", "tag", "question", "lang", "status",
	// "meeting", "demo" ("true" or "false"); counts are largest first, then
	// by value. A filter's counts apply every other filter but not its own
	// (disjunctive facets), so that they say what choosing one more value
	// of that filter would add.
	Facets map[string][]FacetCount
	// Counted names the total and counts of this result: results with
	// the same Counted have the same ones, counted for the same viewer's
	// visibility and the same search (a page may keep what it made of
	// them under it). "" when the counts were not asked for.
	Counted string
}

// VisibilityFor returns what the actor may find: everything but others'
// drafts for instance administrators; the published contributions of every
// meeting the actor may see (a membership in a process gives all its
// meetings), everything but others' drafts in the meetings the actor
// manages, and the actor's own contributions.
// Anonymous and disabled users find nothing.
func (db *DB) VisibilityFor(ctx context.Context, a *domain.Actor) (Visibility, error) {
	var v Visibility
	if !a.LoggedIn() {
		return v, nil
	}
	v.AuthorID = a.User.ID
	if a.IsAdmin() {
		v.All = true
		return v, nil
	}
	var procs []any
	for _, m := range a.Memberships {
		if !slices.Contains(procs, any(m.ProcessID)) {
			procs = append(procs, m.ProcessID)
		}
	}
	if len(procs) == 0 {
		return v, nil
	}
	type meeting struct {
		id, process string
	}
	rows, err := db.query(ctx, `SELECT id, process_id FROM meetings WHERE process_id IN (`+placeholders(len(procs))+`) ORDER BY id`, procs...)
	ms, err := scanAll(rows, err, func(r scanner) (meeting, error) {
		var m meeting
		return m, r.Scan(&m.id, &m.process)
	})
	if err != nil {
		return v, db.mapErr(err)
	}
	for _, m := range ms {
		if !a.CanViewMeeting(m.process, m.id) {
			continue
		}
		v.PublishedIn = append(v.PublishedIn, m.id)
		if a.CanManageMeeting(m.process, m.id) {
			v.ManagedIn = append(v.ManagedIn, m.id)
		}
	}
	return v, nil
}

// sqlPart is a piece of SQL with its arguments.
type sqlPart struct {
	sql  string
	args []any
}

// facetNames are the filters, in the order their conditions are written.
var facetNames = []string{"kind", "practice_type", "region", "body", "objective", "principle", "tag", "question", "lang", "status", "meeting", "demo"}

// searchPlan is a search turned into SQL pieces.
type searchPlan struct {
	vis        sqlPart            // what the viewer may see
	text       sqlPart            // the words, as a condition on c.seq; sql "" when none
	match      string             // the FTS5 query or tsquery of the words; "" when no word is required
	filters    map[string]sqlPart // by facet name, the active ones
	attributed sqlPart            // the rows whose body may be shown
	order      string
	limit      int
	offset     int
	sort       string
	q          SearchQuery
	// keepAll asks searchMatches for every match in order, in all.
	keepAll bool
	all     []string
	// cursor is the place the page begins (SearchQuery.Cursor); next and
	// prev the cursors searchPage found for the pages around it.
	cursor     *cursor
	next, prev string
}

// where returns the conditions of the search without the filter named
// except (and without the words when noText).
func (p *searchPlan) where(except string, noText bool) (string, []any) {
	conds := []string{p.vis.sql}
	args := slices.Clone(p.vis.args)
	if p.text.sql != "" && !noText {
		conds = append(conds, p.text.sql)
		args = append(args, p.text.args...)
	}
	for _, name := range facetNames {
		if f, ok := p.filters[name]; ok && name != except {
			conds = append(conds, f.sql)
			args = append(args, f.args...)
		}
	}
	return strings.Join(conds, " AND "), args
}

// inList writes col IN (?, ...) for values.
func inList[T ~string](col string, vals []T) sqlPart {
	args := make([]any, len(vals))
	for i, v := range vals {
		args[i] = string(v)
	}
	return sqlPart{col + ` IN (` + placeholders(len(vals)) + `)`, args}
}

// checkValues refuses a filter with too many values or an unknown one.
func checkValues[T ~string](field string, vals []T, valid func(T) bool, key, msg string) error {
	if len(vals) > MaxFilterValues {
		return domain.Invalid(field, "error.too_many", "at most %d", MaxFilterValues)
	}
	if valid == nil {
		return nil
	}
	for _, v := range vals {
		if !valid(v) {
			return domain.Invalid(field, key, "%s", msg)
		}
	}
	return nil
}

// plan checks q and turns it into SQL for this database.
func (db *DB) plan(v Visibility, q SearchQuery) (*searchPlan, error) {
	p := &searchPlan{filters: map[string]sqlPart{}, limit: q.Limit, offset: q.Offset, q: q}
	switch {
	case p.limit == 0:
		p.limit = DefaultPageSize
	case p.limit < 0 || p.limit > MaxPageSize:
		return nil, domain.Invalid("limit", "error.too_many", "at most %d", MaxPageSize)
	}
	if p.offset < 0 {
		return nil, domain.Invalid("offset", "error.number", "must be a whole number")
	}
	isLocale := func(l string) bool { return slices.Contains(domain.Locales, l) }
	var errs domain.Errors
	for _, err := range []error{
		checkValues("kind", q.Kinds, domain.ContributionKind.Valid, "error.contribution_kind", "choose one of the kinds of contribution"),
		checkValues("practice_type", q.Practices, domain.PracticeType.Valid, "error.practice_type", "choose policy, legislation, project, institution, fund or other"),
		checkValues("status", q.Statuses, domain.Status.Valid, "error.status", "choose draft, submitted, published, returned or withdrawn"),
		checkValues("lang", q.Langs, isLocale, "error.locale", "must be one of "+strings.Join(domain.Locales, ", ")),
		checkValues[string]("region", q.Regions, nil, "", ""),
		checkValues[string]("body", q.BodyIDs, nil, "", ""),
		checkValues[string]("objective", q.Objectives, nil, "", ""),
		checkValues[string]("principle", q.Principles, nil, "", ""),
		checkValues[string]("tag", q.Tags, nil, "", ""),
		checkValues[string]("question", q.QuestionIDs, nil, "", ""),
		checkValues[string]("meeting", q.MeetingIDs, nil, "", ""),
	} {
		if err != nil {
			errs = append(errs, err.(*domain.Error))
		}
	}
	tq, err := parseSearchText(q.Text, q.Lang)
	if err != nil {
		errs = append(errs, err.(*domain.Error))
	}
	sort := q.Sort
	switch sort {
	case "":
		sort = SortNewest
		if len(tq.must) > 0 {
			sort = SortRelevance
		}
	case SortRelevance:
		if len(tq.must) == 0 {
			sort = SortNewest // nothing to rank by
		}
	case SortNewest, SortOldest, SortTitle, SortUpdated:
	default:
		errs = append(errs, domain.Invalid("sort", "error.sort", "choose relevance, newest, oldest, title or updated"))
	}
	cur, err := parseCursor(q.Cursor)
	if err != nil {
		errs = append(errs, err.(*domain.Error))
	} else if cur != nil && (len(tq.must) > 0 || cur.sort != sort) {
		errs = append(errs, domain.Invalid("cursor", "error.cursor", "is not a place in this list: open the list again from its first page"))
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	p.cursor = cur

	p.vis = visibilitySQL(v)
	p.attributed = attributedSQL(v)
	ix := &db.dialect.index
	switch {
	case len(tq.must) > 0:
		p.match = ix.query(tq.must, false)
		if len(tq.not) > 0 {
			p.match = ix.without(p.match, ix.query(tq.not, true))
		}
		p.text = sqlPart{`c.seq IN (` + ix.matchSeqs + `)`, []any{p.match}}
	case len(tq.not) > 0:
		p.text = sqlPart{`c.seq NOT IN (` + ix.matchSeqs + `)`, []any{ix.query(tq.not, true)}}
	}
	p.sort = sort
	switch sort {
	case SortNewest:
		p.order = `c.created_at DESC, c.seq DESC`
	case SortOldest:
		p.order = `c.created_at, c.seq`
	case SortUpdated:
		p.order = `c.updated_at DESC, c.seq DESC`
	case SortTitle:
		p.order = db.dialect.titleOrder
	}

	if len(q.Kinds) > 0 {
		p.filters["kind"] = inList("c.kind", q.Kinds)
	}
	if len(q.Practices) > 0 {
		p.filters["practice_type"] = inList("c.practice_type", q.Practices)
	}
	if len(q.Statuses) > 0 {
		p.filters["status"] = inList("c.status", q.Statuses)
	}
	if len(q.Langs) > 0 {
		p.filters["lang"] = inList("c.lang", q.Langs)
	}
	if len(q.MeetingIDs) > 0 {
		p.filters["meeting"] = inList("c.meeting_id", q.MeetingIDs)
	}
	if len(q.QuestionIDs) > 0 {
		p.filters["question"] = inList("c.question_id", q.QuestionIDs)
	}
	if len(q.BodyIDs) > 0 {
		f := inList("c.body_id", q.BodyIDs)
		if p.attributed.sql != "" {
			f.sql += " AND " + p.attributed.sql
			f.args = append(f.args, p.attributed.args...)
		}
		p.filters["body"] = f
	}
	if len(q.Regions) > 0 {
		f := inList("r.region", q.Regions)
		f.sql = db.byID() + ` IN (SELECT r.contribution_id FROM contribution_regions r WHERE ` + f.sql + `)`
		p.filters["region"] = f
	}
	for name, ids := range map[string][]string{"objective": q.Objectives, "principle": q.Principles, "tag": q.Tags} {
		if len(ids) > 0 {
			f := inList("t.item_id", ids)
			f.sql = db.byID() + ` IN (SELECT t.contribution_id FROM contribution_tags t WHERE ` + f.sql + `)`
			p.filters[name] = f
		}
	}
	if q.Demo != nil {
		p.filters["demo"] = sqlPart{`c.demo = ?`, []any{*q.Demo}}
	}
	return p, nil
}

// byID is c.id where the search joins or filters contributions by their
// ID, as the engine's planner reads it best (textIndex.byID).
func (db *DB) byID() string { return db.dialect.index.byID }

// visibilitySQL writes v as a condition on the contributions c.
func visibilitySQL(v Visibility) sqlPart {
	// A draft is its author's alone (the secretariat's too when it has no
	// author, as imports may leave it).
	notOthersDraft := `(c.status <> 'draft' OR c.author_id IS NULL)`
	if v.All {
		if v.AuthorID == "" {
			return sqlPart{sql: notOthersDraft}
		}
		return sqlPart{sql: `(c.status <> 'draft' OR c.author_id IS NULL OR c.author_id = ?)`, args: []any{v.AuthorID}}
	}
	var ors []string
	var args []any
	if len(v.PublishedIn) > 0 {
		in := inList("c.meeting_id", v.PublishedIn)
		ors = append(ors, `(c.status = ? AND `+in.sql+`)`)
		args = append(append(args, string(domain.StatusPublished)), in.args...)
	}
	if len(v.ManagedIn) > 0 {
		in := inList("c.meeting_id", v.ManagedIn)
		ors = append(ors, `(`+in.sql+` AND `+notOthersDraft+`)`)
		args = append(args, in.args...)
	}
	if v.AuthorID != "" {
		ors = append(ors, `c.author_id = ?`)
		args = append(args, v.AuthorID)
	}
	if len(ors) == 0 {
		return sqlPart{sql: `1 = 0`}
	}
	return sqlPart{`(` + strings.Join(ors, ` OR `) + `)`, args}
}

// attributedSQL writes the condition under which a contribution's body may
// be shown to the viewer, as [domain.Attributed] decides it: it was not
// written under the non-attribution rule, or it is the viewer's own.
func attributedSQL(v Visibility) sqlPart {
	if v.AuthorID == "" {
		return sqlPart{sql: `NOT c.unattributed`}
	}
	return sqlPart{sql: `(NOT c.unattributed OR c.author_id = ?)`, args: []any{v.AuthorID}}
}

// Search finds the contributions the viewer may see that match q: a page
// of them with regions, countries and tags, the exact total, and with
// q.Facets the counts per filter value. Bad input (unknown filter values,
// a limit out of range, search text that is not valid, too long or has no
// word to search) is an EINVALID error naming the field ("q" for the
// text). Items keep their body and author: callers show them only where
// [domain.Attributed] allows.
//
// The page, the total and the counts are separate queries run at the same
// time on the pool's connections.
func (db *DB) Search(ctx context.Context, v Visibility, q SearchQuery) (*SearchResult, error) {
	p, err := db.plan(v, q)
	if err != nil {
		return nil, err
	}
	// What does not change from one page to the next comes from the
	// cache while the contributions are unchanged.
	key := searchKey(v, q)
	version, err := db.searchVersion(ctx, q.MeetingIDs)
	if err != nil {
		return nil, err
	}
	if p.match == "" {
		// Without words: the counts are shared by those who see alike
		// (searchshare.go) and the page is read from its index.
		e, err := db.searchCounts(ctx, v, q, version)
		if err != nil {
			return nil, err
		}
		return db.searchFromCache(ctx, p, e)
	}
	if e, stale := db.scache.getStale(key, version, time.Now()); e != nil {
		if stale {
			// Shown as it was counted while it is counted again, once,
			// in the background: the people who open the list meanwhile
			// do not wait for the count of every contribution.
			sp, q := *p, q
			go db.searches.Do(key+"@"+version, func() (any, error) {
				db.searchesComputed.Add(1)
				return db.searchMiss(context.WithoutCancel(ctx), &sp, q, key, version)
			})
		}
		return db.searchFromCache(ctx, p, e)
	}
	// Identical searches that arrive together (fifty people opening the
	// same list as a session begins) are computed once: the others wait
	// for it and take their page from the cache it filled. None of them
	// shares the result's objects with another. The computation does not
	// end with the request that began it.
	out, err, shared := db.searches.Do(key+"@"+version, func() (any, error) {
		db.searchesComputed.Add(1)
		return db.searchMiss(context.WithoutCancel(ctx), p, q, key, version)
	})
	if err != nil {
		return nil, err
	}
	if !shared {
		return out.(*SearchResult), nil
	}
	if e := db.scache.get(key, version, time.Now()); e != nil {
		if p, err = db.plan(v, q); err != nil {
			return nil, err
		}
		return db.searchFromCache(ctx, p, e)
	}
	// Not kept (too large for the cache): computed again, alone.
	if p, err = db.plan(v, q); err != nil {
		return nil, err
	}
	return db.searchMiss(ctx, p, q, key, version)
}

// searchFromCache makes a result from a cached search: its total and
// counts, and its page from the cached IDs or a query of the page.
func (db *DB) searchFromCache(ctx context.Context, p *searchPlan, e *searchCacheEntry) (*SearchResult, error) {
	res := &SearchResult{Total: e.total, Facets: cloneFacets(e.facets), Counted: e.counted()}
	var ids []string
	var err error
	if e.hasIDs {
		ids = e.ids[min(p.offset, len(e.ids)):min(p.offset+p.limit, len(e.ids))]
	} else if ids, err = db.searchPage(ctx, p); err != nil {
		return nil, err
	}
	res.Next, res.Prev = p.next, p.prev
	if res.Items, err = db.ContributionsByID(ctx, ids); err != nil {
		return nil, err
	}
	return res, nil
}

// searchMiss computes a search in full and caches what its other pages
// can use.
func (db *DB) searchMiss(ctx context.Context, p *searchPlan, q SearchQuery, key, version string) (*SearchResult, error) {
	res := &SearchResult{}
	var err error
	if p.match != "" && p.sort != SortTitle {
		p.keepAll = true
	}
	if q.Facets {
		res.Facets = make(map[string][]FacetCount, len(facetNames))
		for _, name := range facetNames {
			res.Facets[name] = []FacetCount{}
		}
	}
	// Words narrow the search: the matches are read once, and the
	// counts, the total and the page made from them. (Searches without
	// words are counted by searchCounts.)
	var ids, titled []string
	jobs := []func() error{func() (err error) { ids, err = db.searchMatches(ctx, p, res); return err }}
	if p.sort == SortTitle {
		jobs = append(jobs, func() (err error) { titled, err = db.searchPage(ctx, p); return err })
	}
	if err := runAll(jobs); err != nil {
		return nil, err
	}
	if p.sort == SortTitle {
		ids = titled
	}
	for _, fs := range res.Facets {
		sortFacets(fs)
	}
	e := &searchCacheEntry{key: key, version: version, at: time.Now(), total: res.Total,
		facets: cloneFacets(res.Facets), ids: p.all, hasIDs: p.keepAll}
	db.scache.put(e)
	res.Counted = e.counted()
	res.Next, res.Prev = p.next, p.prev
	if res.Items, err = db.ContributionsByID(ctx, ids); err != nil {
		return nil, err
	}
	return res, nil
}

// CountContributions returns how many contributions the viewer may see
// match q, as [DB.Search]'s Total, without reading a page of them: the
// meeting page shows the number of its contributions, and sorting every
// one of them for a page of one cost 89% of that page at 100,000. The
// count is cached like a search's, until the contributions change.
func (db *DB) CountContributions(ctx context.Context, v Visibility, q SearchQuery) (int, error) {
	q.Offset, q.Limit, q.Facets, q.Cursor = 0, 1, false, ""
	p, err := db.plan(v, q)
	if err != nil {
		return 0, err
	}
	if p.match != "" {
		res, err := db.Search(ctx, v, q)
		if err != nil {
			return 0, err
		}
		return res.Total, nil
	}
	version, err := db.searchVersion(ctx, q.MeetingIDs)
	if err != nil {
		return 0, err
	}
	e, err := db.searchCounts(ctx, v, q, version)
	if err != nil {
		return 0, err
	}
	return e.total, nil
}

// runAll runs jobs at the same time and returns the first error.
func runAll(jobs []func() error) error {
	errs := make([]error, len(jobs))
	var wg sync.WaitGroup
	for i, job := range jobs {
		wg.Go(func() { errs[i] = job() })
	}
	wg.Wait()
	return errors.Join(errs...)
}

// searchPage returns the IDs of the page of results in the plan's order,
// for searches without words to rank by. Newest, oldest and last changed
// first are read from an index in that order, from the cursor's row
// (keyset) or the offset, one row more than the page to know whether
// another follows; it sets p.next and p.prev.
func (db *DB) searchPage(ctx context.Context, p *searchPlan) ([]string, error) {
	where, args := p.where("", false)
	col := keysetColumn(p.sort)
	if col == "" || p.match != "" {
		rows, err := db.searchQuery(ctx, `SELECT c.id FROM contributions c WHERE `+where+` ORDER BY `+p.order+` LIMIT ? OFFSET ?`,
			append(args, p.limit, p.offset)...)
		ids, err := scanAll(rows, err, func(r scanner) (string, error) {
			var id string
			return id, r.Scan(&id)
		})
		return ids, db.mapErr(err)
	}
	desc := p.sort != SortOldest
	offset := p.offset
	c := p.cursor
	if c != nil {
		offset = 0
		// After a row of a list in descending order come smaller keys.
		op := ">"
		if desc != c.before {
			op = "<"
		}
		where += ` AND (` + col + `, c.seq) ` + op + ` (?, ?)`
		args = append(args, c.key, c.seq)
		if c.before {
			desc = !desc // read backwards from the cursor, then turned round
		}
	}
	order := col + `, c.seq`
	if desc {
		order = col + ` DESC, c.seq DESC`
	}
	type row struct {
		id       string
		key, seq int64
	}
	from := `contributions c`
	if ix := orderIndex(p.sort, len(p.q.MeetingIDs) == 1); ix != "" && db.dialect.orderIndexes {
		from += ` INDEXED BY ` + ix
	}
	rows, err := db.searchQuery(ctx, `SELECT c.id, `+col+`, c.seq FROM `+from+` WHERE `+where+` ORDER BY `+order+` LIMIT ? OFFSET ?`,
		append(args, p.limit+1, offset)...)
	page, err := scanAll(rows, err, func(r scanner) (row, error) {
		var x row
		return x, r.Scan(&x.id, &x.key, &x.seq)
	})
	if err != nil {
		return nil, db.mapErr(err)
	}
	more := len(page) > p.limit
	page = page[:min(len(page), p.limit)]
	if c != nil && c.before {
		slices.Reverse(page)
	}
	if len(page) > 0 {
		first, last := page[0], page[len(page)-1]
		if c == nil && offset > 0 || c != nil && (!c.before || more) {
			p.prev = cursor{before: true, sort: p.sort, key: first.key, seq: first.seq}.String()
		}
		if c == nil && more || c != nil && (c.before || more) {
			p.next = cursor{sort: p.sort, key: last.key, seq: last.seq}.String()
		}
	}
	ids := make([]string, len(page))
	for i, x := range page {
		ids[i] = x.id
	}
	return ids, nil
}

// singleFacets are the filters of one value per contribution and few
// values overall: one query groups the rows by all of them together, and
// each facet's counts are summed from the groups.
var singleFacets = []string{"kind", "practice_type", "status", "lang", "demo"}

// singleValue returns the value of a single-valued facet in a group row.
func singleValue(g []string, name string) string {
	return g[slices.Index(singleFacets, name)]
}

// passes reports whether the value v of filter name is one the search
// asks for (or the filter is not active).
func (p *searchPlan) passes(name, v string) bool {
	if _, ok := p.filters[name]; !ok {
		return true
	}
	q := p.q
	switch name {
	case "kind":
		return slices.Contains(q.Kinds, domain.ContributionKind(v))
	case "practice_type":
		return slices.Contains(q.Practices, domain.PracticeType(v))
	case "status":
		return slices.Contains(q.Statuses, domain.Status(v))
	case "lang":
		return slices.Contains(q.Langs, v)
	case "demo":
		return v == fmt.Sprint(*q.Demo)
	}
	return false
}

// facetJobs returns the queries that fill res.Facets and res.Total:
//   - one grouping the rows by kind, practice type, status, language and
//     demo flag, over the rows that pass every other filter and fail at
//     most one of these five; each of the five facets sums the groups that
//     pass the other four, and the total those that pass all five;
//   - one per other facet (meeting, body, question, region), under every
//     filter but its own;
//   - one counting framework tags, split into objectives, principles and
//     other tags by the items' kind (one query for those three facets
//     while their own filters are not in use).
func (db *DB) facetJobs(ctx context.Context, p *searchPlan, res *SearchResult) []func() error {
	var mu sync.Mutex
	add := func(name string, fs []FacetCount) {
		mu.Lock()
		res.Facets[name] = append(res.Facets[name], fs...)
		mu.Unlock()
	}
	count := func(name, query string, args []any) func() error {
		return func() error {
			rows, err := db.searchQuery(ctx, query, args...)
			fs, err := scanAll(rows, err, func(r scanner) (FacetCount, error) {
				var f FacetCount
				return f, r.Scan(&f.Value, &f.Count)
			})
			if err != nil {
				return fmt.Errorf("store: %s counts: %w", name, db.mapErr(err))
			}
			add(name, fs)
			return nil
		}
	}
	jobs := []func() error{db.singleFacetJob(ctx, p, res, add)}

	where, args := p.where("meeting", false)
	jobs = append(jobs, count("meeting", `SELECT c.meeting_id, COUNT(*) FROM contributions c WHERE `+where+` GROUP BY c.meeting_id`, args))
	// Grouped and filtered by an expression rather than the column, which
	// the planner would read through the narrow index on the column and
	// then the table.
	where, args = p.where("question", false)
	jobs = append(jobs, count("question", `SELECT COALESCE(c.question_id, ''), COUNT(*) FROM contributions c WHERE `+where+
		` AND COALESCE(c.question_id, '') <> '' GROUP BY COALESCE(c.question_id, '')`, args))
	where, args = p.where("body", false)
	if p.attributed.sql != "" {
		where += " AND " + p.attributed.sql
		args = append(args, p.attributed.args...)
	}
	jobs = append(jobs, count("body", `SELECT COALESCE(c.body_id, ''), COUNT(*) FROM contributions c WHERE `+where+
		` AND COALESCE(c.body_id, '') <> '' GROUP BY COALESCE(c.body_id, '')`, args))
	// Regions and tags are counted from the copies of the lists in the
	// rows, grouped by the whole list (a few hundred distinct lists of
	// regions, a few thousand of tags) and split here: one pass over a
	// covering index instead of a lookup in the lists per contribution.
	// Where the engine reads those copies slowly, it joins the lists
	// (textIndex.joinLists).
	joinLists := db.dialect.index.joinLists
	lists := func(facet string, names []string, except string, split func(vals []string, n int, out map[string]map[string]int)) func() error {
		where, args := p.where(except, false)
		query := `SELECT c.` + facet + `, COUNT(*) FROM contributions c WHERE ` + where + ` AND c.` + facet + ` <> '' GROUP BY c.` + facet
		if joinLists {
			table, col := "contribution_regions", "region"
			if facet == "tags" {
				table, col = "contribution_tags", "item_id"
			}
			query = `SELECT l.` + col + `, COUNT(*) FROM ` + table + ` l JOIN contributions c ON c.id = l.contribution_id WHERE ` + where + ` GROUP BY l.` + col
		}
		return func() error {
			rows, err := db.searchQuery(ctx, query, args...)
			if err != nil {
				return fmt.Errorf("store: %s counts: %w", facet, db.mapErr(err))
			}
			defer rows.Close()
			out := map[string]map[string]int{}
			for _, name := range names {
				out[name] = map[string]int{}
			}
			for rows.Next() {
				var v string
				var n int
				if err := rows.Scan(&v, &n); err != nil {
					return db.mapErr(err)
				}
				if joinLists {
					split([]string{v}, n, out)
				} else {
					split(decodeList(v), n, out)
				}
			}
			if err := rows.Err(); err != nil {
				return db.mapErr(err)
			}
			for name, m := range out {
				fs := make([]FacetCount, 0, len(m))
				for v, n := range m {
					fs = append(fs, FacetCount{Value: v, Count: n})
				}
				add(name, fs)
			}
			return nil
		}
	}
	jobs = append(jobs, lists("regions", []string{"region"}, "region", func(vals []string, n int, out map[string]map[string]int) {
		for _, r := range vals {
			out["region"][r] += n
		}
	}))

	// Tag facets whose own filter is not in use share one query; the
	// items' kinds split them into objectives, principles and other tags.
	var kinds map[string]string
	var kindsOnce sync.Once
	var kindsErr error
	loadKinds := func() error {
		kindsOnce.Do(func() { kinds, kindsErr = db.frameworkItemKinds(ctx) })
		return kindsErr
	}
	groups := map[string][]string{}
	for _, name := range []string{"objective", "principle", "tag"} {
		key := ""
		if _, ok := p.filters[name]; ok {
			key = name
		}
		groups[key] = append(groups[key], name)
	}
	for except, names := range groups {
		job := lists("tags", names, except, func(vals []string, n int, out map[string]map[string]int) {
			for _, t := range vals {
				kind, ok := kinds[t]
				if !ok {
					continue // an item removed since (its tag rows went with it)
				}
				name := "tag"
				if kind == "objective" || kind == "principle" {
					name = kind
				}
				if c, ok := out[name]; ok {
					c[t] += n
				}
			}
		})
		jobs = append(jobs, func() error {
			if err := loadKinds(); err != nil {
				return err
			}
			return job()
		})
	}
	return jobs
}

// singleFacetJob is the grouped query of [DB.facetJobs]; it sets the total.
func (db *DB) singleFacetJob(ctx context.Context, p *searchPlan, res *SearchResult, add func(string, []FacetCount)) func() error {
	var conds []string
	var args []any
	conds = append(conds, p.vis.sql)
	args = append(args, p.vis.args...)
	if p.text.sql != "" {
		conds = append(conds, p.text.sql)
		args = append(args, p.text.args...)
	}
	var fails []string
	var failArgs []any
	for _, name := range facetNames {
		f, ok := p.filters[name]
		if !ok {
			continue
		}
		if !slices.Contains(singleFacets, name) {
			conds = append(conds, f.sql)
			args = append(args, f.args...)
			continue
		}
		fails = append(fails, `CASE WHEN `+f.sql+` THEN 0 ELSE 1 END`)
		failArgs = append(failArgs, f.args...)
	}
	if len(fails) > 1 {
		conds = append(conds, `(`+strings.Join(fails, " + ")+`) <= 1`)
		args = append(args, failArgs...)
	}
	query := `SELECT c.kind, c.practice_type, c.status, c.lang, c.demo, COUNT(*) FROM contributions c WHERE ` + strings.Join(conds, " AND ") +
		` GROUP BY c.kind, c.practice_type, c.status, c.lang, c.demo`
	return func() error {
		rows, err := db.searchQuery(ctx, query, args...)
		if err != nil {
			return fmt.Errorf("store: counts: %w", err)
		}
		defer rows.Close()
		counts := map[string]map[string]int{}
		for rows.Next() {
			g := make([]string, len(singleFacets))
			var demo bool
			var n int
			if err := rows.Scan(&g[0], &g[1], &g[2], &g[3], &demo, &n); err != nil {
				return db.mapErr(err)
			}
			g[4] = fmt.Sprint(demo)
			failed := ""
			nfail := 0
			for _, name := range singleFacets {
				if !p.passes(name, singleValue(g, name)) {
					failed = name
					nfail++
				}
			}
			if nfail == 0 {
				res.Total += n
			}
			for _, name := range singleFacets {
				if nfail == 0 || (nfail == 1 && failed == name) {
					v := singleValue(g, name)
					if name == "practice_type" && v == "" {
						continue
					}
					if counts[name] == nil {
						counts[name] = map[string]int{}
					}
					counts[name][v] += n
				}
			}
		}
		if err := rows.Err(); err != nil {
			return db.mapErr(err)
		}
		for name, m := range counts {
			fs := make([]FacetCount, 0, len(m))
			for v, n := range m {
				fs = append(fs, FacetCount{Value: v, Count: n})
			}
			add(name, fs)
		}
		return nil
	}
}

// match is one contribution that has the words, with what its facets and
// order need.
type match struct {
	seq                 int64
	id                  string
	rank                float64 // lower is better
	created, updated    int64
	single              [5]string // by singleFacets
	meeting, body, qstn string
	attributed          bool
	regions, tags       []string
}

// searchMatches reads every contribution the viewer may see that has the
// words, once: its rank and, when counts are asked for, the values of
// every filter. It fills res.Total (and res.Facets) and returns the IDs of
// the page. With counts, filters are applied here rather than in SQL, each
// facet counting the matches that pass every other filter.
func (db *DB) searchMatches(ctx context.Context, p *searchPlan, res *SearchResult) ([]string, error) {
	facets := res.Facets != nil
	cols := []string{"c.seq", "c.id", "c.created_at", "c.updated_at"}
	var args []any
	ix := &db.dialect.index
	// The rank, which costs a few microseconds a match, only when the
	// order is by relevance: a column of the one query, or a query of its
	// own run at the same time (textIndex.rankColumn, rankQuery).
	var rankQuery string
	inlineRank := false
	if p.sort == SortRelevance {
		rankQuery = ix.rankQuery
		if ix.rankColumn != "" {
			inlineRank = true
			cols = append(cols, ix.rankColumn)
		}
	}
	if facets {
		cols = append(cols, "c.kind", "c.practice_type", "c.status", "c.lang", "c.demo", "c.meeting_id",
			"COALESCE(c.body_id, '')", "COALESCE(c.question_id, '')")
		if p.attributed.sql != "" {
			cols = append(cols, `CASE WHEN `+p.attributed.sql+` THEN 1 ELSE 0 END`)
			args = append(args, p.attributed.args...)
		} else {
			cols = append(cols, `1`)
		}
		// The copies of the lists kept in the row (and in the index
		// contributions_matches), rather than a lookup per match.
		cols = append(cols, "c.regions", "c.tags")
	}
	// Without counts the filters are conditions; with counts they are
	// applied below.
	where, wargs := p.where("", true)
	if facets {
		where, wargs = p.vis.sql, p.vis.args
	}
	query := `SELECT ` + strings.Join(cols, ", ") + ` ` + ix.matches + ` AND ` + where
	args = append(append(args, p.match), wargs...)

	var kinds map[string]string // framework item -> kind
	var ms []match
	var ranks map[int64]float64
	err := runAll([]func() error{
		func() error {
			if rankQuery == "" {
				return nil
			}
			rows, err := db.searchQuery(ctx, rankQuery, p.match, p.match)
			if err != nil {
				return fmt.Errorf("store: search rank: %w", db.mapErr(err))
			}
			defer rows.Close()
			ranks = map[int64]float64{}
			for rows.Next() {
				var seq int64
				var rank float64
				if err := rows.Scan(&seq, &rank); err != nil {
					return db.mapErr(err)
				}
				ranks[seq] = rank
			}
			return db.mapErr(rows.Err())
		},
		func() error {
			rows, err := db.searchQuery(ctx, query, args...)
			if err != nil {
				return fmt.Errorf("store: search: %w", err)
			}
			defer rows.Close()
			for rows.Next() {
				var m match
				dest := []any{&m.seq, &m.id, &m.created, &m.updated}
				if inlineRank {
					dest = append(dest, &m.rank)
				}
				var demo bool
				var regions, tags string
				if facets {
					dest = append(dest, &m.single[0], &m.single[1], &m.single[2], &m.single[3], &demo,
						&m.meeting, &m.body, &m.qstn, &m.attributed, &regions, &tags)
				}
				if err := rows.Scan(dest...); err != nil {
					return db.mapErr(err)
				}
				if facets {
					m.single[4] = fmt.Sprint(demo)
					m.regions, m.tags = decodeList(regions), decodeList(tags)
				}
				ms = append(ms, m)
			}
			return db.mapErr(rows.Err())
		},
		func() error {
			if !facets {
				return nil
			}
			var err error
			kinds, err = db.frameworkItemKinds(ctx)
			return err
		},
	})
	if err != nil {
		return nil, err
	}
	if ranks != nil {
		for i := range ms {
			ms[i].rank = ranks[ms[i].seq]
		}
	}
	if facets {
		for i := range ms {
			// Only items that exist, as the tag rows keep to (a foreign
			// key); the copy in the row is not told of a removed item.
			ms[i].tags = slices.DeleteFunc(ms[i].tags, func(t string) bool { _, ok := kinds[t]; return !ok })
		}
		ms = p.countMatches(ms, kinds, res)
	} else {
		res.Total = len(ms)
	}
	slices.SortFunc(ms, p.compareMatches)
	if p.keepAll {
		p.all = make([]string, len(ms))
		for i, m := range ms {
			p.all[i] = m.id
		}
	}
	var ids []string
	for i := p.offset; i < len(ms) && i < p.offset+p.limit; i++ {
		ids = append(ids, ms[i].id)
	}
	return ids, nil
}

// compareMatches orders matches as the search asks (title order is left
// to SQL).
func (p *searchPlan) compareMatches(a, b match) int {
	var c int
	switch p.sort {
	case SortRelevance:
		c = cmp.Compare(a.rank, b.rank)
	case SortOldest:
		return cmp.Or(cmp.Compare(a.created, b.created), cmp.Compare(a.seq, b.seq))
	case SortUpdated:
		c = cmp.Compare(b.updated, a.updated)
	default:
		c = cmp.Compare(b.created, a.created)
	}
	return cmp.Or(c, cmp.Compare(b.seq, a.seq))
}

// countMatches counts the facets of the matches, each under every filter
// but its own, sets res.Total and returns the matches that pass every
// filter.
func (p *searchPlan) countMatches(ms []match, kinds map[string]string, res *SearchResult) []match {
	counts := map[string]map[string]int{}
	for _, name := range facetNames {
		counts[name] = map[string]int{}
	}
	q := p.q
	anyIn := func(vals, want []string) bool {
		for _, v := range vals {
			if slices.Contains(want, v) {
				return true
			}
		}
		return false
	}
	tagsOf := func(m *match, kind string) []string {
		var out []string
		for _, t := range m.tags {
			k := kinds[t]
			if k != "objective" && k != "principle" {
				k = "tag"
			}
			if k == kind {
				out = append(out, t)
			}
		}
		return out
	}
	pass := func(m *match, name string) bool {
		if _, ok := p.filters[name]; !ok {
			return true
		}
		switch name {
		case "meeting":
			return slices.Contains(q.MeetingIDs, m.meeting)
		case "question":
			return slices.Contains(q.QuestionIDs, m.qstn)
		case "body":
			return m.attributed && slices.Contains(q.BodyIDs, m.body)
		case "region":
			return anyIn(m.regions, q.Regions)
		case "objective":
			return anyIn(m.tags, q.Objectives)
		case "principle":
			return anyIn(m.tags, q.Principles)
		case "tag":
			return anyIn(m.tags, q.Tags)
		}
		return p.passes(name, m.single[slices.Index(singleFacets, name)])
	}
	add := func(m *match, name string) {
		c := counts[name]
		switch name {
		case "meeting":
			c[m.meeting]++
		case "question":
			if m.qstn != "" {
				c[m.qstn]++
			}
		case "body":
			if m.attributed && m.body != "" {
				c[m.body]++
			}
		case "region":
			for _, r := range m.regions {
				c[r]++
			}
		case "objective", "principle", "tag":
			for _, t := range tagsOf(m, name) {
				c[t]++
			}
		default:
			if v := m.single[slices.Index(singleFacets, name)]; v != "" {
				c[v]++
			}
		}
	}
	var passing []match
	for i := range ms {
		m := &ms[i]
		failed, nfail := "", 0
		for name := range p.filters {
			if !pass(m, name) {
				failed = name
				if nfail++; nfail > 1 {
					break
				}
			}
		}
		switch nfail {
		case 0:
			passing = append(passing, *m)
			for _, name := range facetNames {
				add(m, name)
			}
		case 1:
			add(m, failed)
		}
	}
	res.Total = len(passing)
	for name, c := range counts {
		fs := make([]FacetCount, 0, len(c))
		for v, n := range c {
			fs = append(fs, FacetCount{Value: v, Count: n})
		}
		res.Facets[name] = fs
	}
	return passing
}

// searchTrace, when set (by the test that reads the query plans), is
// told every query a search runs.
var searchTrace func(query string, args []any)

func (db *DB) searchQuery(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if searchTrace != nil {
		searchTrace(query, args)
	}
	return db.query(ctx, query, args...)
}

// encodeList writes a list of values as one text: each value followed by
// char(31), a char(31) or char(30) within a value escaped by a char(30).
// It is how a contribution's row keeps copies of its regions and tags.
func encodeList(vals []string) string {
	var b strings.Builder
	for _, v := range vals {
		if strings.ContainsAny(v, "\x1e\x1f") {
			v = strings.NewReplacer("\x1e", "\x1e\x1e", "\x1f", "\x1e\x1f").Replace(v)
		}
		b.WriteString(v)
		b.WriteByte(0x1f)
	}
	return b.String()
}

// decodeList reads a list written by encodeList.
func decodeList(s string) []string {
	if s == "" {
		return nil
	}
	if !strings.Contains(s, "\x1e") {
		return strings.Split(s[:len(s)-1], "\x1f")
	}
	var out []string
	var v []byte
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case 0x1e:
			if i+1 < len(s) {
				i++
				v = append(v, s[i])
			}
		case 0x1f:
			out = append(out, string(v))
			v = v[:0]
		default:
			v = append(v, s[i])
		}
	}
	return out
}

// frameworkItemKinds returns the kind of every framework item by its ID.
func (db *DB) frameworkItemKinds(ctx context.Context) (map[string]string, error) {
	rows, err := db.query(ctx, `SELECT id, kind FROM framework_items`)
	if err != nil {
		return nil, db.mapErr(err)
	}
	defer rows.Close()
	kinds := map[string]string{}
	for rows.Next() {
		var id, kind string
		if err := rows.Scan(&id, &kind); err != nil {
			return nil, db.mapErr(err)
		}
		kinds[id] = kind
	}
	return kinds, db.mapErr(rows.Err())
}
