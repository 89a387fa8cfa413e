package store

import (
	"context"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/plenary-org/plenary/internal/domain"
)

// TestSearchReadsNoLongRows checks SQLite's plans for the queries of
// searches of every shape: the contributions are read through covering
// indexes only, never through the table, whose rows hold the long texts
// (reading them made a search over 100,000 contributions take seconds).
func TestSearchReadsNoLongRows(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "plans.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var queries []struct {
		sql  string
		args []any
	}
	searchTrace = func(q string, args []any) {
		mu.Lock()
		defer mu.Unlock()
		queries = append(queries, struct {
			sql  string
			args []any
		}{q, args})
	}
	defer func() { searchTrace = nil }()
	no := false
	delegate := Visibility{PublishedIn: []string{"m1", "m2"}, ManagedIn: []string{"m2"}, AuthorID: "u1"}
	for _, v := range []Visibility{{All: true}, delegate} {
		for _, q := range []SearchQuery{
			{},
			{Text: "migrant workers"},
			{Text: "migrant -law", Sort: SortTitle},
			{Text: "-law"},
			{Kinds: []domain.ContributionKind{domain.KindGoodPractice}, Statuses: []domain.Status{domain.StatusPublished}},
			{Regions: []string{"Americas"}, Objectives: []string{"o1"}, Langs: []string{"fr"}},
			{MeetingIDs: []string{"m1"}, BodyIDs: []string{"b1"}, QuestionIDs: []string{"q1"}, Demo: &no},
			{Tags: []string{"t1"}, Principles: []string{"p1"}, Sort: SortOldest},
			{Text: "migrant", Regions: []string{"Americas"}, Statuses: []domain.Status{domain.StatusPublished}},
		} {
			for _, facets := range []bool{true, false} {
				q.Facets = facets
				if _, err := db.Search(ctx, v, q); err != nil {
					t.Fatalf("%+v: %v", q, err)
				}
			}
		}
	}
	if len(queries) < 50 {
		t.Fatalf("only %d queries traced", len(queries))
	}
	for _, q := range queries {
		rows, err := db.query(ctx, "EXPLAIN QUERY PLAN "+q.sql, q.args...)
		if err != nil {
			t.Fatal(err)
		}
		var plan []string
		for rows.Next() {
			var id, parent, notused int
			var detail string
			if err := rows.Scan(&id, &parent, &notused, &detail); err != nil {
				t.Fatal(err)
			}
			plan = append(plan, detail)
		}
		rows.Close()
		if strings.Contains(q.sql, "ORDER BY c.title") {
			continue // the titles are in the table
		}
		for _, line := range plan {
			// A scan of the table or of a narrow index reads every long
			// row; a lookup by ID or seq reads one per match. A lookup by
			// an equality on a selective column (a body, a question, an
			// author) reads only the few rows it selects.
			scan := strings.HasPrefix(line, "SCAN c ") && !strings.Contains(line, "COVERING INDEX")
			byKey := strings.HasPrefix(line, "SEARCH c ") && strings.Contains(line, "sqlite_autoindex_contributions")
			if scan || byKey {
				t.Errorf("%s\nreads the contributions table: %s", strings.Join(strings.Fields(q.sql), " "), strings.Join(plan, "; "))
			}
		}
	}
}

// TestListPagesReadInOrder checks SQLite's plans for the pages of lists
// without words: newest, oldest and (in a meeting) last changed first are
// read from an index in their order, from the first row or a cursor's,
// never by sorting every contribution the list holds (a temporary B-tree).
func TestListPagesReadInOrder(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "plans.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	delegate := Visibility{PublishedIn: []string{"m1", "m2"}, ManagedIn: []string{"m2"}, AuthorID: "u1"}
	n := 0
	for _, v := range []Visibility{{All: true}, delegate} {
		for _, q := range []SearchQuery{
			{MeetingIDs: []string{"m1"}},
			{MeetingIDs: []string{"m1"}, Sort: SortOldest},
			{MeetingIDs: []string{"m1"}, Sort: SortUpdated},
			{MeetingIDs: []string{"m1"}, Kinds: []domain.ContributionKind{domain.KindGoodPractice}, Langs: []string{"fr"}},
			{MeetingIDs: []string{"m1"}, Regions: []string{"Americas"}, BodyIDs: []string{"b1"}},
			{},
			{Sort: SortOldest, Statuses: []domain.Status{domain.StatusPublished}},
		} {
			p, err := db.plan(v, q)
			if err != nil {
				t.Fatal(err)
			}
			for _, cur := range []*cursor{nil, {sort: p.sort, key: 5, seq: 6}, {before: true, sort: p.sort, key: 5, seq: 6}} {
				p.cursor = cur
				var traced []string
				var targs [][]any
				searchTrace = func(q string, args []any) { traced, targs = append(traced, q), append(targs, args) }
				_, err := db.searchPage(ctx, p)
				searchTrace = nil
				if err != nil || len(traced) != 1 {
					t.Fatalf("%+v: %v, %d queries", q, err, len(traced))
				}
				rows, err := db.query(ctx, "EXPLAIN QUERY PLAN "+traced[0], targs[0]...)
				if err != nil {
					t.Fatal(err)
				}
				var plan []string
				for rows.Next() {
					var id, parent, notused int
					var detail string
					if err := rows.Scan(&id, &parent, &notused, &detail); err != nil {
						t.Fatal(err)
					}
					plan = append(plan, detail)
				}
				rows.Close()
				n++
				joined := strings.Join(plan, "; ")
				if strings.Contains(joined, "TEMP B-TREE") || !strings.Contains(joined, "COVERING INDEX contributions_") {
					t.Errorf("%s\nsorts or reads the table: %s", strings.Join(strings.Fields(traced[0]), " "), joined)
				}
			}
		}
	}
	if n != 42 {
		t.Fatalf("%d plans read", n)
	}
}
