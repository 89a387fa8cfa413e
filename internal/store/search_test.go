package store_test

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"os"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/store"
	"github.com/plenary-org/plenary/internal/store/storetest"
)

// searchFix is a small world to search: two meetings of one process (M2
// held without attribution), a meeting of another process, two bodies,
// people in every role, and contributions in the six languages.
type searchFix struct {
	db      *store.DB
	ctx     context.Context // the administrator's
	m1, m2  string          // meetings of process P; m2 without attribution
	m3      string          // a meeting of another process
	b1, b2  string          // bodies
	q1      string          // a guiding question of m1
	o1, o21 string          // GCM objectives 1 and 21
	pa      string          // GCM guiding principle a
	users   map[string]*domain.Actor
	byName  map[string]*domain.Contribution
	names   map[string]string // contribution ID -> fixture name
}

// searchDocs are the fixture's contributions; names say what they are.
// Meeting "m1", "m2" or "m3"; author "author", "other" or "".
var searchDocs = []struct {
	name, meeting, author, body string
	kind                        domain.ContributionKind
	practice                    domain.PracticeType
	status                      domain.Status
	lang, title, text           string
	regions                     []string
	tags                        []string // o1, o21, pa
	question, demo              bool
}{
	{"en-law", "m1", "author", "b1", domain.KindGoodPractice, domain.PracticeLegislation, domain.StatusPublished, "en",
		"Regularisation of migrant workers", "A law lets migrant workers in irregular situations regularise their status and change employers; data on it is published.",
		[]string{"Americas"}, []string{"o1", "pa"}, true, false},
	{"fr-fund", "m1", "other", "b2", domain.KindRecommendation, "", domain.StatusPublished, "fr",
		"Fonds régional pour la réintégration des migrants", "Un fonds commun finance la réintégration des migrants de retour et leur formation.",
		[]string{"Afrique de l'Ouest"}, []string{"o21"}, true, false},
	{"es-children", "m1", "author", "b1", domain.KindCommitment, "", domain.StatusSubmitted, "es",
		"Protección de niños migrantes no acompañados", "Los gobiernos se comprometen a proteger a los niños migrantes en las fronteras.",
		[]string{"Americas"}, []string{"o1"}, false, false},
	{"ar-workers", "m2", "other", "b1", domain.KindIssue, "", domain.StatusPublished, "ar",
		"حماية العمال المهاجرين", "تفتقر العمال المهاجرون إلى الحماية الاجتماعية في كثير من البلدان.",
		[]string{"Arab States"}, []string{"pa"}, false, false},
	{"ru-ids", "m2", "author", "b2", domain.KindInnovation, "", domain.StatusSubmitted, "ru",
		"Цифровые удостоверения личности для мигрантов", "Мигранты получают цифровые удостоверения личности для доступа к услугам.",
		[]string{"Europe"}, nil, false, false},
	{"zh-partners", "m2", "other", "b2", domain.KindPartnership, "", domain.StatusPublished, "zh",
		"国际移民合作伙伴关系", "各国政府与国际组织建立伙伴关系，共同管理国际移民。",
		[]string{"Asia"}, []string{"o21"}, false, false},
	{"en-data", "m1", "other", "b2", domain.KindRecommendation, "", domain.StatusPublished, "en",
		"Better data on migration", "Collect and share data on migration flows, disaggregated by sex and age, for evidence-based policies on migrant workers.",
		[]string{"Global"}, []string{"o1"}, false, true},
	{"en-withdrawn", "m1", "other", "", domain.KindFollowUp, "", domain.StatusWithdrawn, "en",
		"A review mechanism", "Review progress on the commitments every two years.",
		nil, nil, false, false},
	{"en-elsewhere", "m3", "", "b1", domain.KindRecommendation, "", domain.StatusPublished, "en",
		"Migrant workers elsewhere", "Another process discusses migrant workers too.",
		[]string{"Americas"}, nil, false, false},
}

// newSearchFix builds the fixture in db. Contributions are created one
// minute apart in the order of searchDocs.
func newSearchFix(t testing.TB, db *store.DB) *searchFix {
	t.Helper()
	f := &searchFix{db: db, users: map[string]*domain.Actor{}, byName: map[string]*domain.Contribution{}, names: map[string]string{}}
	ctx := context.Background()
	admin := &domain.User{Email: "admin@example.org", Name: "Admin", Admin: true}
	if err := db.CreateUser(ctx, admin, ""); err != nil {
		t.Fatal(err)
	}
	f.ctx = actorCtx(admin)
	p := &domain.Process{Name: "ISCM"}
	p2 := &domain.Process{Name: "Another process"}
	for _, x := range []*domain.Process{p, p2} {
		if err := db.CreateProcess(f.ctx, x); err != nil {
			t.Fatal(err)
		}
	}
	a := &domain.Agenda{Meeting: &domain.Meeting{ProcessID: p.ID, Title: "GRCP 7"}, Sessions: []*domain.SessionNode{{
		Session: domain.Session{Number: 2, Title: "Regional inputs"},
		Items:   []*domain.ItemNode{{AgendaItem: domain.AgendaItem{Kind: domain.ItemQuestion, Text: "What works?"}}},
	}}}
	if err := db.CreateMeetingWithAgenda(f.ctx, a); err != nil {
		t.Fatal(err)
	}
	f.m1 = a.Meeting.ID
	m2 := &domain.Meeting{ProcessID: p.ID, Title: "Closed session", NonAttribution: true}
	m3 := &domain.Meeting{ProcessID: p2.ID, Title: "Elsewhere"}
	for _, m := range []*domain.Meeting{m2, m3} {
		if err := db.CreateMeeting(f.ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	f.m2, f.m3 = m2.ID, m3.ID
	qs, err := db.GuidingQuestions(ctx, f.m1)
	if err != nil || len(qs) != 1 {
		t.Fatalf("questions: %v %v", qs, err)
	}
	f.q1 = qs[0].ID
	b1 := &domain.Body{Name: "Regional Conference on Migration", Acronym: "RCM", Kind: domain.BodyRCP, Region: "Americas"}
	b2 := &domain.Body{Name: "Abu Dhabi Dialogue", Acronym: "ADD", Kind: domain.BodyRCP, Region: "Asia"}
	for _, b := range []*domain.Body{b1, b2} {
		if err := db.CreateBody(f.ctx, b); err != nil {
			t.Fatal(err)
		}
	}
	f.b1, f.b2 = b1.ID, b2.ID
	if err := db.EnsureBuiltinFrameworks(ctx); err != nil {
		t.Fatal(err)
	}
	fs, err := db.Frameworks(ctx)
	if err != nil {
		t.Fatal(err)
	}
	gcm, err := db.Framework(ctx, fs[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range gcm.Items {
		switch it.Code {
		case "O1":
			f.o1 = it.ID
		case "O21":
			f.o21 = it.ID
		case "Pa":
			f.pa = it.ID
		}
	}
	if f.o1 == "" || f.o21 == "" || f.pa == "" {
		t.Fatalf("GCM items O1, O21, Pa not found")
	}

	// People: who they are and what memberships they hold.
	people := []struct {
		name string
		ms   []domain.Membership
	}{
		{"admin", nil},
		{"secretariat", []domain.Membership{{ProcessID: p.ID, Role: domain.RoleSecretariat}}},
		{"author", []domain.Membership{{ProcessID: p.ID, MeetingID: f.m1, Role: domain.RoleDelegate, BodyID: f.b1}}},
		{"other", []domain.Membership{{ProcessID: p.ID, Role: domain.RoleDelegate, BodyID: f.b2}}},
		{"observer", []domain.Membership{{ProcessID: p.ID, MeetingID: f.m1, Role: domain.RoleObserver}}},
		{"outsider", nil},
	}
	for _, pp := range people {
		u := admin
		if pp.name != "admin" {
			u = &domain.User{Email: pp.name + "@example.org", Name: pp.name}
			if err := db.CreateUser(ctx, u, ""); err != nil {
				t.Fatal(err)
			}
		}
		for _, m := range pp.ms {
			m.UserID = u.ID
			if err := db.AddMembership(f.ctx, &m); err != nil {
				t.Fatal(err)
			}
		}
		ms, err := db.MembershipsOf(ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		f.users[pp.name] = &domain.Actor{User: u, Memberships: ms}
	}

	start := time.Date(2017, 10, 1, 9, 0, 0, 0, time.UTC)
	var cs []*domain.Contribution
	for i, d := range searchDocs {
		c := &domain.Contribution{
			MeetingID: map[string]string{"m1": f.m1, "m2": f.m2, "m3": f.m3}[d.meeting],
			Kind:      d.kind, Practice: d.practice, Status: d.status, Lang: d.lang, Title: d.title, Text: d.text,
			BodyID: map[string]string{"b1": f.b1, "b2": f.b2}[d.body], Regions: d.regions, Demo: d.demo,
			CreatedAt: start.Add(time.Duration(i) * time.Minute),
		}
		if d.author != "" {
			c.AuthorID = f.users[d.author].User.ID
		}
		for _, tg := range d.tags {
			c.Tags = append(c.Tags, map[string]string{"o1": f.o1, "o21": f.o21, "pa": f.pa}[tg])
		}
		if d.question {
			c.QuestionID = f.q1
		}
		cs = append(cs, c)
		f.byName[d.name] = c
	}
	if err := db.CreateContributions(f.ctx, cs); err != nil {
		t.Fatal(err)
	}
	for name, c := range f.byName {
		f.names[c.ID] = name
	}
	return f
}

// vis returns the visibility of one of the fixture's people.
func (f *searchFix) vis(t testing.TB, who string) store.Visibility {
	t.Helper()
	v, err := f.db.VisibilityFor(context.Background(), f.users[who])
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// search runs q as who and returns the names of the items in order.
func (f *searchFix) search(t testing.TB, who string, q store.SearchQuery) ([]string, *store.SearchResult) {
	t.Helper()
	res, err := f.db.Search(context.Background(), f.vis(t, who), q)
	if err != nil {
		t.Fatalf("search %+v as %s: %v", q, who, err)
	}
	var names []string
	for _, c := range res.Items {
		names = append(names, f.names[c.ID])
	}
	return names, res
}

func sorted(s []string) string {
	s = slices.Clone(s)
	sort.Strings(s)
	return strings.Join(s, " ")
}

func TestSearchVisibility(t *testing.T) {
	t.Parallel()
	db := storetest.Open(t)
	f := newSearchFix(t, db)
	tests := []struct {
		who  string
		want string // names, sorted
	}{
		{"admin", "ar-workers en-data en-elsewhere en-law en-withdrawn es-children fr-fund ru-ids zh-partners"},
		// The secretariat of process P manages both its meetings.
		{"secretariat", "ar-workers en-data en-law en-withdrawn es-children fr-fund ru-ids zh-partners"},
		// A delegate of m1: its published ones and all of their own,
		// even one in a meeting they are not a member of.
		{"author", "en-data en-law es-children fr-fund ru-ids"},
		// A process-wide delegate: published ones of m1 and m2, their own.
		{"other", "ar-workers en-data en-law en-withdrawn fr-fund zh-partners"},
		{"observer", "en-data en-law fr-fund"},
		{"outsider", ""},
	}
	for _, tt := range tests {
		t.Run(tt.who, func(t *testing.T) {
			names, res := f.search(t, tt.who, store.SearchQuery{Facets: true})
			if got := sorted(names); got != tt.want {
				t.Fatalf("found %q, want %q", got, tt.want)
			}
			if res.Total != len(names) {
				t.Fatalf("total %d for %d items", res.Total, len(names))
			}
			// The same with words: visibility holds for text searches too.
			names, _ = f.search(t, tt.who, store.SearchQuery{Text: "migrant"})
			for _, n := range names {
				if !strings.Contains(tt.want, n) {
					t.Fatalf("the text search found %s, which %s may not see", n, tt.who)
				}
			}
		})
	}
	// A draft is its author's alone: neither the secretariat nor an
	// administrator finds it, with or without words.
	draft := &domain.Contribution{MeetingID: f.m2, Kind: domain.KindRecommendation, Status: domain.StatusDraft, Lang: "en",
		Title: "Unfinished migrant recommendation", Text: "Still being written by its delegation.", AuthorID: f.users["author"].User.ID}
	if err := db.CreateContribution(actorCtx(f.users["author"].User), draft); err != nil {
		t.Fatal(err)
	}
	f.names[draft.ID] = "draft"
	for who, want := range map[string]bool{"author": true, "admin": false, "secretariat": false, "other": false} {
		for _, q := range []store.SearchQuery{{}, {Text: "unfinished"}, {Statuses: []domain.Status{domain.StatusDraft}}} {
			names, _ := f.search(t, who, q)
			if slices.Contains(names, "draft") != want {
				t.Errorf("%s searching %+v: found the draft %v, want %v", who, q, !want, want)
			}
		}
	}

	// Nobody logged in finds nothing.
	v, err := db.VisibilityFor(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	res, err := db.Search(context.Background(), v, store.SearchQuery{})
	if err != nil || res.Total != 0 || len(res.Items) != 0 {
		t.Fatalf("anonymous search = %+v, %v", res, err)
	}
}

// facetString writes one facet's counts as "value:count ...", with IDs
// replaced by the fixture's names.
func (f *searchFix) facetString(res *store.SearchResult, name string) string {
	alias := map[string]string{f.m1: "m1", f.m2: "m2", f.m3: "m3", f.b1: "b1", f.b2: "b2", f.q1: "q1", f.o1: "o1", f.o21: "o21", f.pa: "pa"}
	type entry struct {
		v string
		n int
	}
	var es []entry
	for _, c := range res.Facets[name] {
		v := c.Value
		if a, ok := alias[v]; ok {
			v = a
		}
		es = append(es, entry{v, c.Count})
	}
	// Ties come in the order of their values (TestSearchFacetOrder), and
	// IDs made in one millisecond do not sort in the order they were made:
	// here ties go in the order of their aliases.
	slices.SortStableFunc(es, func(a, b entry) int { return cmp.Or(b.n-a.n, strings.Compare(a.v, b.v)) })
	var parts []string
	for _, e := range es {
		parts = append(parts, fmt.Sprintf("%s:%d", e.v, e.n))
	}
	return strings.Join(parts, " ")
}

func sortedFields(s string) string { return sorted(strings.Fields(s)) }

// TestSearchFacetOrder checks that counts come largest first, ties in value
// order.
func TestSearchFacetOrder(t *testing.T) {
	t.Parallel()
	db := storetest.Open(t)
	f := newSearchFix(t, db)
	_, res := f.search(t, "admin", store.SearchQuery{Facets: true})
	for name, fs := range res.Facets {
		for i := 1; i < len(fs); i++ {
			a, b := fs[i-1], fs[i]
			if a.Count < b.Count || (a.Count == b.Count && a.Value >= b.Value) {
				t.Errorf("facet %s out of order: %+v before %+v", name, a, b)
			}
		}
	}
}

func TestSearchFiltersAndFacets(t *testing.T) {
	t.Parallel()
	db := storetest.Open(t)
	f := newSearchFix(t, db)
	yes := true
	tests := []struct {
		name   string
		q      store.SearchQuery
		want   string            // names found, sorted
		facets map[string]string // expected counts of some facets
	}{
		{"kind", store.SearchQuery{Kinds: []domain.ContributionKind{domain.KindRecommendation}},
			"en-data en-elsewhere fr-fund",
			// The kind facet ignores the kind filter; the others apply it.
			map[string]string{"kind": "recommendation:3 common_principle:0", "lang": "en:2 fr:1", "meeting": "m1:2 m3:1"}},
		{"two kinds", store.SearchQuery{Kinds: []domain.ContributionKind{domain.KindRecommendation, domain.KindCommitment}},
			"en-data en-elsewhere es-children fr-fund", nil},
		{"practice type", store.SearchQuery{Practices: []domain.PracticeType{domain.PracticeLegislation}}, "en-law",
			map[string]string{"practice_type": "legislation:1", "kind": "good_practice:1"}},
		{"region", store.SearchQuery{Regions: []string{"Americas"}}, "en-elsewhere en-law es-children",
			map[string]string{"region": "Americas:3 Afrique de l'Ouest:1 Arab States:1 Asia:1 Europe:1 Global:1", "kind": "commitment:1 good_practice:1 recommendation:1"}},
		{"body", store.SearchQuery{BodyIDs: []string{f.b1}}, "en-elsewhere en-law es-children",
			// ar-workers has body b1 but its meeting does not attribute.
			map[string]string{"body": "b1:3 b2:2"}},
		{"objective", store.SearchQuery{Objectives: []string{f.o1}}, "en-data en-law es-children",
			map[string]string{"objective": "o1:3 o21:2", "principle": "pa:1"}},
		{"objective or another", store.SearchQuery{Objectives: []string{f.o1, f.o21}}, "en-data en-law es-children fr-fund zh-partners", nil},
		{"principle", store.SearchQuery{Principles: []string{f.pa}}, "ar-workers en-law",
			map[string]string{"principle": "pa:2", "objective": "o1:1"}},
		{"objective and principle", store.SearchQuery{Objectives: []string{f.o1}, Principles: []string{f.pa}}, "en-law",
			map[string]string{"principle": "pa:1", "objective": "o1:1"}},
		{"other tag", store.SearchQuery{Tags: []string{f.o21}}, "fr-fund zh-partners", nil},
		{"question", store.SearchQuery{QuestionIDs: []string{f.q1}}, "en-law fr-fund",
			map[string]string{"question": "q1:2"}},
		{"language", store.SearchQuery{Langs: []string{"ru", "zh"}}, "ru-ids zh-partners",
			map[string]string{"lang": "en:4 ar:1 es:1 fr:1 ru:1 zh:1"}},
		{"status", store.SearchQuery{Statuses: []domain.Status{domain.StatusDraft, domain.StatusSubmitted}}, "es-children ru-ids",
			map[string]string{"status": "published:6 submitted:2 withdrawn:1"}},
		{"meeting", store.SearchQuery{MeetingIDs: []string{f.m2}}, "ar-workers ru-ids zh-partners",
			map[string]string{"meeting": "m1:5 m2:3 m3:1", "body": ""}},
		{"demo", store.SearchQuery{Demo: &yes}, "en-data", map[string]string{"demo": "false:8 true:1"}},
		{"filters combine", store.SearchQuery{Regions: []string{"Americas"}, Statuses: []domain.Status{domain.StatusPublished}}, "en-elsewhere en-law",
			map[string]string{"region": "Americas:2 Afrique de l'Ouest:1 Arab States:1 Asia:1 Global:1", "status": "published:2 submitted:1"}},
		{"three one-value filters", store.SearchQuery{Kinds: []domain.ContributionKind{domain.KindRecommendation},
			Statuses: []domain.Status{domain.StatusPublished}, Langs: []string{"en"}}, "en-data en-elsewhere",
			// Each facet applies the two other filters only.
			map[string]string{"kind": "recommendation:2 good_practice:1", "status": "published:2", "lang": "en:2 fr:1",
				"practice_type": "", "demo": "false:1 true:1", "meeting": "m1:1 m3:1"}},
		{"words and filters", store.SearchQuery{Text: "migrant workers", Langs: []string{"en"}}, "en-data en-elsewhere en-law",
			map[string]string{"lang": "en:3"}},
		{"nothing matches", store.SearchQuery{Kinds: []domain.ContributionKind{domain.KindPrinciple}}, "",
			map[string]string{"status": "", "kind": "recommendation:3"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.q.Facets = true
			names, res := f.search(t, "admin", tt.q)
			if got := sorted(names); got != tt.want {
				t.Fatalf("found %q, want %q", got, tt.want)
			}
			if res.Total != len(names) {
				t.Fatalf("total = %d, want %d", res.Total, len(names))
			}
			for name, want := range tt.facets {
				got := f.facetString(res, name)
				// "value:0" in want means the value must be absent.
				for _, w := range strings.Fields(want) {
					if strings.HasSuffix(w, ":0") {
						if strings.Contains(" "+got+" ", " "+strings.TrimSuffix(w, "0")) {
							t.Errorf("facet %s = %q has %s", name, got, strings.TrimSuffix(w, ":0"))
						}
						want = strings.TrimSpace(strings.Replace(want, w, "", 1))
					}
				}
				if !strings.HasPrefix(got, want) || (want == "" && got != "") {
					t.Errorf("facet %s = %q, want %q", name, got, want)
				}
			}
			for _, name := range []string{"kind", "practice_type", "region", "body", "objective", "principle", "tag", "question", "lang", "status", "meeting", "demo"} {
				if _, ok := res.Facets[name]; !ok {
					t.Errorf("facet %s missing", name)
				}
			}
		})
	}
}

// TestSearchFacetsExact checks every count of every facet of one search.
func TestSearchFacetsExact(t *testing.T) {
	t.Parallel()
	db := storetest.Open(t)
	f := newSearchFix(t, db)
	_, res := f.search(t, "secretariat", store.SearchQuery{Facets: true, Statuses: []domain.Status{domain.StatusPublished}})
	want := map[string]string{
		"kind":          "recommendation:2 good_practice:1 issue_gap:1 partnership_proposal:1",
		"practice_type": "legislation:1",
		"region":        "Afrique de l'Ouest:1 Americas:1 Arab States:1 Asia:1 Global:1",
		// m2 does not attribute: ar-workers (b1) and zh-partners (b2) are
		// not counted under their bodies.
		"body":      "b2:2 b1:1",
		"objective": "o1:2 o21:2", // ties in value order: compared as sets below
		"principle": "pa:2",
		"tag":       "",
		"question":  "q1:2",
		"lang":      "en:2 ar:1 fr:1 zh:1",
		"status":    "published:5 submitted:2 withdrawn:1",
		"meeting":   "m1:3 m2:2",
		"demo":      "false:4 true:1",
	}
	for name, w := range want {
		if got := f.facetString(res, name); sortedFields(got) != sortedFields(w) {
			t.Errorf("facet %s = %q, want %q", name, got, w)
		}
	}
	// The author of ru-ids (m2, b2) sees their own body counted.
	_, res = f.search(t, "author", store.SearchQuery{Facets: true})
	if got := f.facetString(res, "body"); got != "b2:3 b1:2" {
		t.Errorf("author's body facet = %q, want %q", got, "b2:3 b1:2")
	}
	// Filtering m2's contributions by body reveals nothing either.
	names, _ := f.search(t, "secretariat", store.SearchQuery{BodyIDs: []string{f.b1, f.b2}, MeetingIDs: []string{f.m2}})
	if len(names) != 0 {
		t.Errorf("the body filter found %v in a meeting without attribution", names)
	}
	names, _ = f.search(t, "author", store.SearchQuery{BodyIDs: []string{f.b2}, MeetingIDs: []string{f.m2}})
	if sorted(names) != "ru-ids" {
		t.Errorf("the author filtering by their own body found %v, want ru-ids", names)
	}
}

func TestSearchSortAndPages(t *testing.T) {
	t.Parallel()
	db := storetest.Open(t)
	f := newSearchFix(t, db)
	// Touch es-children so that it is the most recently updated.
	c, err := db.Contribution(f.ctx, f.byName["es-children"].ID)
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(5 * time.Millisecond)
	c.Text += " También en los puertos."
	if err := db.UpdateContribution(f.ctx, c); err != nil {
		t.Fatal(err)
	}
	pub := []domain.Status{domain.StatusPublished}
	tests := []struct {
		name string
		q    store.SearchQuery
		want string // names in order
	}{
		{"newest by default", store.SearchQuery{Statuses: pub}, "en-elsewhere en-data zh-partners ar-workers fr-fund en-law"},
		{"oldest", store.SearchQuery{Statuses: pub, Sort: store.SortOldest}, "en-law fr-fund ar-workers zh-partners en-data en-elsewhere"},
		{"title", store.SearchQuery{Statuses: pub, Sort: store.SortTitle}, "en-data fr-fund en-elsewhere en-law ar-workers zh-partners"},
		{"updated", store.SearchQuery{Sort: store.SortUpdated, Limit: 1}, "es-children"},
		{"first page", store.SearchQuery{Statuses: pub, Limit: 2}, "en-elsewhere en-data"},
		{"second page", store.SearchQuery{Statuses: pub, Limit: 2, Offset: 2}, "zh-partners ar-workers"},
		{"last page", store.SearchQuery{Statuses: pub, Limit: 4, Offset: 4}, "fr-fund en-law"},
		{"past the end", store.SearchQuery{Statuses: pub, Limit: 4, Offset: 40}, ""},
		// Relevance: the title weighs more than the text.
		{"relevance by default with words", store.SearchQuery{Text: "migration data"}, "en-data"},
		{"title above text", store.SearchQuery{Text: "data"}, "en-data en-law"},
		{"newest with words", store.SearchQuery{Text: "migrant workers", Sort: store.SortNewest}, "en-elsewhere en-data en-law"},
		{"relevance without words is newest", store.SearchQuery{Statuses: pub, Sort: store.SortRelevance, Limit: 2}, "en-elsewhere en-data"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			names, res := f.search(t, "admin", tt.q)
			if got := strings.Join(names, " "); got != tt.want {
				t.Fatalf("order %q, want %q", got, tt.want)
			}
			if tt.q.Statuses != nil && res.Total != 6 {
				t.Fatalf("total = %d, want 6 on every page", res.Total)
			}
			for _, c := range res.Items {
				if c.Regions == nil || c.Countries == nil || c.Tags == nil {
					t.Fatalf("item %s without its lists loaded", c.ID)
				}
			}
		})
	}
	_, res := f.search(t, "admin", store.SearchQuery{Text: "data"})
	if len(res.Items[1].Tags) != 2 || res.Items[1].Regions[0] != "Americas" {
		t.Fatalf("first item's lists = %v %v", res.Items[0].Tags, res.Items[0].Regions)
	}
}

func TestSearchLanguages(t *testing.T) {
	t.Parallel()
	db := storetest.Open(t)
	f := newSearchFix(t, db)
	tests := []struct {
		name, text, lang string
		want             string // names found, sorted
	}{
		{"English plural finds singular", "migrants", "en", "en-data en-elsewhere en-law es-children fr-fund"},
		{"English stem", "regularising", "en", "en-law"},
		{"French word, French searcher", "réintégration", "fr", "fr-fund"},
		{"French word, English searcher", "fonds", "en", "fr-fund"},
		{"French inflection", "formations", "fr", "fr-fund"},
		{"Spanish", "niño", "es", "es-children"},
		{"Spanish singular finds plural", "frontera", "en", "es-children"},
		{"Arabic", "المهاجرين", "ar", "ar-workers"},
		{"Arabic other form", "العمال", "en", "ar-workers"},
		{"Arabic without the article", "مهاجر", "ar", "ar-workers"},
		{"Russian", "мигрант", "ru", "ru-ids"},
		{"Russian inflection", "удостоверение", "en", "ru-ids"},
		{"Chinese bigram", "移民", "zh", "zh-partners"},
		{"Chinese phrase any order", "伙伴关系", "zh", "zh-partners"},
		{"Chinese not present", "难民", "zh", ""},
		{"Chinese single character", "移", "zh", "zh-partners"},
		{"every word required", "migrant fund", "en", ""},
		{"phrase", `"migrant workers"`, "en", "en-data en-elsewhere en-law"},
		{"phrase in order only", `"workers migrant"`, "en", ""},
		{"phrase across a stop word", `"data on migration"`, "en", "en-data"},
		{"exclusion", "migrant workers -law", "en", "en-data en-elsewhere"},
		{"exclusion of a phrase", `migrant -"migration flows"`, "en", "en-elsewhere en-law es-children fr-fund"},
		{"exclusion only", "-migrant -migrants", "en", "ar-workers en-withdrawn ru-ids zh-partners"},
		{"prefix", "regular*", "en", "en-law"},
		{"stop words dropped", "the migrant workers of the", "en", "en-data en-elsewhere en-law"},
		{"punctuation around words", "«migrant», (workers)!", "en", "en-data en-elsewhere en-law"},
		{"case and accents as typed", "RÉINTÉGRATION", "fr", "fr-fund"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			names, _ := f.search(t, "admin", store.SearchQuery{Text: tt.text, Lang: tt.lang})
			if got := sorted(names); got != tt.want {
				t.Fatalf("%q found %q, want %q", tt.text, got, tt.want)
			}
		})
	}
	// A translation is searchable in its language.
	c := f.byName["zh-partners"]
	if _, err := db.PutTranslation(f.ctx, c.ID, c.Version, domain.Translation{Lang: "en", Title: "International migration partnerships", Text: "Governments and international organisations manage migration together."}); err != nil {
		t.Fatal(err)
	}
	names, _ := f.search(t, "admin", store.SearchQuery{Text: "partnerships", Lang: "en"})
	if sorted(names) != "zh-partners" {
		t.Fatalf("translation not found: %v", names)
	}
}

func TestSearchBadInput(t *testing.T) {
	t.Parallel()
	db := storetest.Open(t)
	f := newSearchFix(t, db)
	v := f.vis(t, "admin")
	tests := []struct {
		name  string
		q     store.SearchQuery
		field string
	}{
		{"only punctuation", store.SearchQuery{Text: `!!! ??? ... "" -- ***`}, "q"},
		{"only stop words", store.SearchQuery{Text: "the of and le la de"}, "q"},
		{"too long", store.SearchQuery{Text: strings.Repeat("migration ", 1024)}, "q"},
		{"too many words", store.SearchQuery{Text: strings.Repeat("word ", 40)}, "q"},
		{"invalid UTF-8", store.SearchQuery{Text: "migr\xff\xfeant"}, "q"},
		{"unknown kind", store.SearchQuery{Kinds: []domain.ContributionKind{"wish"}}, "kind"},
		{"unknown status", store.SearchQuery{Statuses: []domain.Status{"lost"}}, "status"},
		{"unknown practice type", store.SearchQuery{Practices: []domain.PracticeType{"habit"}}, "practice_type"},
		{"unknown language", store.SearchQuery{Langs: []string{"de"}}, "lang"},
		{"unknown sort", store.SearchQuery{Sort: "random"}, "sort"},
		{"limit too big", store.SearchQuery{Limit: 501}, "limit"},
		{"negative limit", store.SearchQuery{Limit: -1}, "limit"},
		{"negative offset", store.SearchQuery{Offset: -1}, "offset"},
		{"too many values", store.SearchQuery{Regions: make([]string, store.MaxFilterValues+1)}, "region"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := db.Search(context.Background(), v, tt.q)
			mustCode(t, err, domain.EINVALID)
			if got := fieldsOf(err); !strings.Contains(got, tt.field) {
				t.Fatalf("error %v names %q, want %q", err, got, tt.field)
			}
		})
	}
	// Characters that mean something to FTS5 or tsquery are only words.
	for _, text := range []string{`migrant" OR "x`, `NEAR(migrant workers)`, `migrant:*`, `'migrant' | !workers`, `title:migrant`, `migrant AND NOT law`, `\'; DROP TABLE contributions; --`} {
		if _, err := db.Search(context.Background(), v, store.SearchQuery{Text: text}); err != nil && domain.ErrorCode(err) != domain.EINVALID {
			t.Fatalf("%q: %v", text, err)
		}
	}
	if n, _ := f.search(t, "admin", store.SearchQuery{}); len(n) != len(searchDocs) {
		t.Fatalf("the contributions table lost rows: %d", len(n))
	}
}

// FuzzSearchQuery checks that no search text makes the database fail: the
// answer is results or an EINVALID error on q.
func FuzzSearchQuery(f *testing.F) {
	for _, s := range []string{"migrant workers", `"migrant workers" -law`, "移民", "-", `"`, "*", "a*", "-\"\"", "NEAR(a b)", "x OR y",
		"'a' & !b", "\\", "\x00", "migr\xff", "« réintégration »", "العمال", "мигрант*", strings.Repeat("ab ", 200)} {
		f.Add(s)
	}
	db := storetest.Open(f)
	fx := newSearchFix(f, db)
	v := fx.vis(f, "admin")
	f.Fuzz(func(t *testing.T, text string) {
		res, err := db.Search(context.Background(), v, store.SearchQuery{Text: text, Facets: true, Limit: 5})
		if err != nil {
			if domain.ErrorCode(err) != domain.EINVALID || fieldsOf(err) != "q" {
				t.Fatalf("%q: %v", text, err)
			}
			if utf8.ValidString(text) && utf8.RuneCountInString(text) <= store.MaxSearchRunes && strings.Contains(err.Error(), "internal") {
				t.Fatalf("%q: %v", text, err)
			}
			return
		}
		if res.Total < len(res.Items) || res.Total > len(searchDocs) {
			t.Fatalf("%q: total %d, %d items", text, res.Total, len(res.Items))
		}
	})
}

// TestSearchAfterRestore dumps a database, restores it into a fresh one
// and finds the same contributions there.
func TestSearchAfterRestore(t *testing.T) {
	t.Parallel()
	src := storetest.Open(t)
	f := newSearchFix(t, src)
	var buf bytes.Buffer
	if _, err := src.Dump(context.Background(), &buf); err != nil {
		t.Fatal(err)
	}
	dst := openSQLite(t, "restored.db")
	if _, err := dst.Restore(context.Background(), &buf, false); err != nil {
		t.Fatal(err)
	}
	for _, text := range []string{"migrant workers", "移民", "мигрант", "réintégration"} {
		a, err := src.Search(context.Background(), store.Visibility{All: true}, store.SearchQuery{Text: text})
		if err != nil {
			t.Fatal(err)
		}
		b, err := dst.Search(context.Background(), store.Visibility{All: true}, store.SearchQuery{Text: text})
		if err != nil {
			t.Fatal(err)
		}
		if a.Total == 0 || a.Total != b.Total || a.Items[0].ID != b.Items[0].ID {
			t.Fatalf("%q: %d found before the restore, %d after", text, a.Total, b.Total)
		}
	}
	_ = f
}

// TestSearchDeletedMeeting checks that deleting a meeting leaves nothing of
// its contributions in the index.
func TestSearchDeletedMeeting(t *testing.T) {
	t.Parallel()
	db := storetest.Open(t)
	f := newSearchFix(t, db)
	if err := db.DeleteMeeting(f.ctx, f.m2); err != nil {
		t.Fatal(err)
	}
	if n := db.SearchIndexRowsForTest(context.Background()); n != len(searchDocs)-3 {
		t.Fatalf("index rows after deleting a meeting = %d, want %d", n, len(searchDocs)-3)
	}
	names, _ := f.search(t, "admin", store.SearchQuery{Text: "移民"})
	if len(names) != 0 {
		t.Fatalf("found %v from a deleted meeting", names)
	}
}

// rankQueries are searches whose best match is clear: the word is in the
// title of one contribution and at most in the text of others.
var rankQueries = []struct{ text, lang, top string }{
	{"data", "en", "en-data"},
	{"migration data", "en", "en-data"},
	{"regularisation", "en", "en-law"},
	{"réintégration", "fr", "fr-fund"},
	{"niños migrantes", "es", "es-children"},
	{"العمال", "ar", "ar-workers"},
	{"удостоверения личности", "ru", "ru-ids"},
	{"伙伴关系", "zh", "zh-partners"},
	{`"migrant workers"`, "en", "en-elsewhere"},
}

// TestSearchRankingAcrossEngines runs the same searches on SQLite and on
// PostgreSQL over the same data (moved by dump and restore, so that the
// IDs are the same): the matches must be the same set, clear-cut searches
// must put the same contribution first, and the orders are compared
// (top-5 overlap, Kendall's tau). Without PLENARY_TEST_DATABASE_URL only
// the SQLite half runs.
func TestSearchRankingAcrossEngines(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	all := store.Visibility{All: true}
	ids := func(db *store.DB, text, lang string) []string {
		res, err := db.Search(ctx, all, store.SearchQuery{Text: text, Lang: lang, Limit: store.MaxPageSize})
		if err != nil {
			t.Fatalf("%q: %v", text, err)
		}
		var out []string
		for _, c := range res.Items {
			out = append(out, c.ID)
		}
		return out
	}
	// pair returns the SQLite database filled by fill and, when tests may
	// use PostgreSQL, a copy of it there.
	pair := func(name string, fill func(db *store.DB)) (lite, pg *store.DB) {
		lite = openSQLite(t, name)
		fill(lite)
		if os.Getenv(storetest.EnvURL) == "" {
			return lite, nil
		}
		var buf bytes.Buffer
		if _, err := lite.Dump(ctx, &buf); err != nil {
			t.Fatal(err)
		}
		pg = openPostgres(t)
		if _, err := pg.Restore(ctx, &buf, false); err != nil {
			t.Fatal(err)
		}
		return lite, pg
	}

	var f *searchFix
	lite, pg := pair("fixture.db", func(db *store.DB) { f = newSearchFix(t, db) })
	for _, q := range rankQueries {
		for _, db := range []*store.DB{lite, pg} {
			if db == nil {
				continue
			}
			got := ids(db, q.text, q.lang)
			if len(got) == 0 || f.names[got[0]] != q.top {
				t.Errorf("%s: %q ranks %s first, want %s", db.Engine(), q.text, f.names[first(got)], q.top)
			}
			if pg != nil && db == pg {
				if a := ids(lite, q.text, q.lang); sorted(a) != sorted(got) {
					t.Errorf("%q: SQLite finds %v, PostgreSQL %v", q.text, a, got)
				}
			}
		}
	}

	// 2,000 generated contributions: many matches per search, where the
	// two ranking functions can differ.
	var w *benchWorld
	lite, pg = pair("generated.db", func(db *store.DB) {
		w = newBenchWorld(t, db)
		if err := db.CreateContributions(actorCtx(w.admin), benchContributions(w, 0, 2000)); err != nil {
			t.Fatal(err)
		}
	})
	if pg == nil {
		t.Skipf("PostgreSQL half skipped: set %s to compare the engines", storetest.EnvURL)
	}
	var overlap, tau float64
	var firstSame, n int
	for _, m := range benchMix(w) {
		if m.q.Text == "" {
			continue
		}
		a, b := ids(lite, m.q.Text, m.q.Lang), ids(pg, m.q.Text, m.q.Lang)
		if len(a) < store.MaxPageSize && sorted(a) != sorted(b) {
			t.Errorf("%q: SQLite finds %d, PostgreSQL %d, not the same set", m.q.Text, len(a), len(b))
			continue
		}
		if len(a) == 0 {
			continue
		}
		n++
		o, k := topOverlap(a, b, 5), kendallTau(a, b)
		overlap += o
		tau += k
		if a[0] == b[0] {
			firstSame++
		}
		t.Logf("%-30q %4d matches, same first %-5v top-5 overlap %.2f, Kendall tau %.2f", m.q.Text, len(a), a[0] == b[0], o, k)
	}
	overlap, tau = overlap/float64(n), tau/float64(n)
	t.Logf("over %d searches: same first result %d, mean top-5 overlap %.2f, mean Kendall tau %.2f", n, firstSame, overlap, tau)
	if overlap < 0.4 || tau < 0.4 {
		t.Errorf("the engines rank too differently: top-5 overlap %.2f, tau %.2f", overlap, tau)
	}
}

func first(s []string) string {
	if len(s) == 0 {
		return ""
	}
	return s[0]
}

// topOverlap is the share of the first k of a that are in the first k of b.
func topOverlap(a, b []string, k int) float64 {
	k = min(k, len(a), len(b))
	if k == 0 {
		return 0
	}
	n := 0
	for _, x := range a[:k] {
		if slices.Contains(b[:k], x) {
			n++
		}
	}
	return float64(n) / float64(k)
}

// kendallTau compares the orders of the items a and b have in common: 1
// when they agree on every pair, -1 when on none.
func kendallTau(a, b []string) float64 {
	pos := map[string]int{}
	for i, x := range b {
		pos[x] = i
	}
	var common []int
	for _, x := range a {
		if p, ok := pos[x]; ok {
			common = append(common, p)
		}
	}
	var conc, disc int
	for i := range common {
		for j := i + 1; j < len(common); j++ {
			if common[i] < common[j] {
				conc++
			} else {
				disc++
			}
		}
	}
	if conc+disc == 0 {
		return 1
	}
	return float64(conc-disc) / float64(conc+disc)
}

// TestCountContributions: the count is Search's total for every viewer,
// with and without words and filters, from the cache or not, and follows
// a new contribution.
func TestCountContributions(t *testing.T) {
	t.Parallel()
	db := storetest.Open(t)
	f := newSearchFix(t, db)
	ctx := context.Background()
	queries := []store.SearchQuery{{}, {MeetingIDs: []string{f.m1}}, {MeetingIDs: []string{f.m2}}, {Text: "migrant"},
		{Statuses: []domain.Status{domain.StatusPublished}}, {MeetingIDs: []string{f.m1}, Langs: []string{"en"}}}
	for _, who := range []string{"admin", "secretariat", "author", "other", "observer", "outsider"} {
		for _, q := range queries {
			_, res := f.search(t, who, q)
			for range 2 { // computed, then cached
				n, err := db.CountContributions(ctx, f.vis(t, who), q)
				if err != nil || n != res.Total {
					t.Fatalf("%s counting %+v: %d %v, want %d", who, q, n, err, res.Total)
				}
			}
		}
	}
	q := store.SearchQuery{MeetingIDs: []string{f.m1}}
	before, err := db.CountContributions(ctx, f.vis(t, "admin"), q)
	if err != nil {
		t.Fatal(err)
	}
	c := &domain.Contribution{MeetingID: f.m1, Kind: domain.KindRecommendation, Status: domain.StatusPublished, Lang: "en",
		Title: "One more", Text: "Counted at once."}
	if err := db.CreateContribution(f.ctx, c); err != nil {
		t.Fatal(err)
	}
	if n, err := db.CountContributions(ctx, f.vis(t, "admin"), q); err != nil || n != before+1 {
		t.Fatalf("after a new contribution: %d %v, want %d", n, err, before+1)
	}
	if _, err := db.CountContributions(ctx, f.vis(t, "admin"), store.SearchQuery{Langs: []string{"xx"}}); domain.ErrorCode(err) != domain.EINVALID {
		t.Fatalf("an unknown language: %v", err)
	}
}

// TestIdenticalSearchesAreComputedOnce: fifty identical searches at once,
// on pages of their own, are computed in full far fewer times than fifty,
// and each gets its own page, as a search alone would.
func TestIdenticalSearchesAreComputedOnce(t *testing.T) {
	t.Parallel()
	db := storetest.Open(t)
	f := newSearchFix(t, db)
	ctx := context.Background()
	vis := f.vis(t, "admin")
	want := map[int][]string{}
	for off := range 3 {
		res, err := db.Search(ctx, vis, store.SearchQuery{Facets: true, Limit: 3, Offset: off * 3})
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range res.Items {
			want[off] = append(want[off], c.ID)
		}
	}
	db.ClearSearchCacheForTest()
	before := db.SearchesComputedForTest()
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range 50 {
		wg.Go(func() {
			<-start
			off := i % 3
			res, err := db.Search(ctx, vis, store.SearchQuery{Facets: true, Limit: 3, Offset: off * 3})
			if err != nil {
				t.Error(err)
				return
			}
			var got []string
			for _, c := range res.Items {
				got = append(got, c.ID)
			}
			if !slices.Equal(got, want[off]) || res.Total != 9 || len(res.Facets["lang"]) == 0 {
				t.Errorf("page %d: %v (total %d), want %v", off, got, res.Total, want[off])
			}
			res.Facets["lang"][0].Count = -1 // a caller's change stays its own
		})
	}
	close(start)
	wg.Wait()
	if n := db.SearchesComputedForTest() - before; n < 1 || n > 10 {
		t.Fatalf("50 identical searches computed %d times in full", n)
	}
	if res, err := db.Search(ctx, vis, store.SearchQuery{Facets: true, Limit: 3}); err != nil || res.Facets["lang"][0].Count < 0 {
		t.Fatalf("the cache holds a caller's change: %+v %v", res, err)
	}
}
