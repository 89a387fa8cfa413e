package demo

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/plenary-org/plenary/internal/auth"
	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/store"
	"github.com/plenary-org/plenary/internal/store/storetest"
	"github.com/plenary-org/plenary/internal/themes"
	"github.com/plenary-org/plenary/internal/themes/dict"
	"github.com/plenary-org/plenary/internal/themes/textproc"
	"github.com/plenary-org/plenary/internal/themes/wordvec"
)

var testParams = auth.Params{Memory: 1024, Time: 1, Threads: 1}

// loadDemo loads the demo into a fresh database and returns it with the
// contributions as stored, in the order they were planned.
func loadDemo(t *testing.T) (*store.DB, *Result, []demoPlan, []*domain.Contribution) {
	t.Helper()
	db := storetest.Open(t)
	ctx := context.Background()
	start := time.Now()
	res, err := Load(ctx, db, testParams)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	t.Logf("demo.Load on %s: %v", storetest.Engine(), time.Since(start))
	plan, err := demoContributions(ctx, db, res.MeetingID)
	if err != nil {
		t.Fatal(err)
	}
	ids := make([]string, len(plan))
	for i, p := range plan {
		ids[i] = p.C.ID
	}
	stored, err := db.ContributionsByID(ctx, ids)
	if err != nil {
		t.Fatal(err)
	}
	if len(stored) != len(plan) {
		t.Fatalf("%d contributions planned, %d stored under the same IDs: the plan is not deterministic", len(plan), len(stored))
	}
	return db, res, plan, stored
}

func TestDemoContributions(t *testing.T) {
	db, res, plan, stored := loadDemo(t)
	ctx := context.Background()

	groups, err := db.Groups(ctx, res.MeetingID)
	if err != nil {
		t.Fatal(err)
	}
	questions, err := db.GuidingQuestions(ctx, res.MeetingID)
	if err != nil {
		t.Fatal(err)
	}
	accounts := map[string]string{} // user ID → body ID of the account's membership
	for _, email := range demoAuthors {
		u, _, err := db.UserByEmail(ctx, email)
		if err != nil {
			t.Fatal(err)
		}
		ms, err := db.MembershipsOf(ctx, u.ID)
		if err != nil || len(ms) == 0 {
			t.Fatalf("memberships of %s: %v", email, err)
		}
		accounts[u.ID] = ms[0].BodyID
	}
	meetingOpens := time.Date(2017, 10, 10, 0, 0, 0, 0, time.UTC)

	n := len(stored)
	if n < 300 || n > 400 {
		t.Errorf("%d contributions, want 300 to 400", n)
	}
	kinds, practices, langs, statuses := map[domain.ContributionKind]int{}, map[domain.PracticeType]int{}, map[string]int{}, map[domain.Status]int{}
	publishedIn, questionsUsed, texts := map[string]int{}, map[string]int{}, map[string]bool{}
	translated := 0
	for i, c := range stored {
		p := plan[i]
		if c.Title != p.C.Title || c.Status != p.C.Status || c.Lang != p.C.Lang {
			t.Errorf("%s: stored %q/%s/%s, planned %q/%s/%s", c.ID, c.Title, c.Status, c.Lang, p.C.Title, p.C.Status, p.C.Lang)
		}
		if !c.Demo {
			t.Errorf("%s is not marked as demo content", c.ID)
		}
		v := *c
		if err := v.Validate(); err != nil {
			t.Errorf("%s %q does not validate: %v", c.ID, c.Title, err)
		}
		if texts[c.Text] {
			t.Errorf("the text of %q is used twice", c.Title)
		}
		texts[c.Text] = true
		kinds[c.Kind]++
		langs[c.Lang]++
		statuses[c.Status]++
		if c.Kind == domain.KindGoodPractice {
			practices[c.Practice]++
			for name, v := range map[string]string{"where": c.Where, "implementer": c.Implementer, "partners": c.Partners,
				"period_from": c.PeriodFrom, "results": c.Results, "replicability": c.Replicability} {
				if v == "" {
					t.Errorf("good practice %q has no %s", c.Title, name)
				}
			}
			if len(c.Links) == 0 {
				t.Errorf("good practice %q has no link", c.Title)
			}
		}
		for _, l := range c.Links {
			if !strings.HasPrefix(l, "https://example.org/") {
				t.Errorf("%q links to %s: demo links must be example.org placeholders", c.Title, l)
			}
		}
		var objectives, principles int
		for _, tag := range c.Tags {
			if code := codeOf(t, db, tag); strings.HasPrefix(code, "O") {
				objectives++
			} else {
				principles++
			}
		}
		if objectives < 1 || objectives > 3 || principles > 2 {
			t.Errorf("%q has %d objectives and %d principles, want 1-3 and 0-2", c.Title, objectives, principles)
		}
		if c.BodyID == "" || len(c.Regions) == 0 {
			t.Errorf("%q has no body or no region", c.Title)
		}
		if c.QuestionID != "" {
			questionsUsed[c.QuestionID]++
		}
		if c.Status == domain.StatusPublished {
			for _, r := range c.Regions {
				publishedIn[r]++
			}
		}
		switch c.Status {
		case domain.StatusDraft, domain.StatusReturned:
			if c.AuthorID == "" {
				t.Errorf("%s %q has no author: nobody but the secretariat would ever see it", c.Status, c.Title)
			}
		}
		if (c.Status == domain.StatusReturned) != (c.ReturnReason != "") {
			t.Errorf("%s %q has return reason %q", c.Status, c.Title, c.ReturnReason)
		}
		if c.AuthorID != "" && accounts[c.AuthorID] != c.BodyID {
			t.Errorf("%q is authored by an account that does not submit for its body", c.Title)
		}
		if !c.CreatedAt.Before(meetingOpens) || (!c.SubmittedAt.IsZero() && c.SubmittedAt.Before(c.CreatedAt)) ||
			(!c.PublishedAt.IsZero() && (c.PublishedAt.Before(c.SubmittedAt) || !c.PublishedAt.Before(meetingOpens))) {
			t.Errorf("%q: created %v, submitted %v, published %v: not in order before the meeting", c.Title, c.CreatedAt, c.SubmittedAt, c.PublishedAt)
		}
		if (c.Status == domain.StatusPublished) != !c.PublishedAt.IsZero() {
			t.Errorf("%s %q published at %v", c.Status, c.Title, c.PublishedAt)
		}
		if len(p.C.Translations) > 0 {
			full, err := db.Contribution(ctx, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			if len(full.Translations) != 1 {
				t.Fatalf("%q has %d translations stored, want 1", c.Title, len(full.Translations))
			}
			tr := full.Translations[0]
			if tr.Lang != "en" || tr.Machine || tr.Translator != "Demo secretariat" || tr.Title == "" || tr.Text == "" {
				t.Errorf("translation of %q: %+v", c.Title, tr)
			}
			if textproc.Detect(tr.Text) != "en" {
				t.Errorf("the English translation of %q does not read as English: %q", c.Title, tr.Text)
			}
			translated++
		}
		if c.Lang != "en" && textproc.Detect(c.Title+"\n"+c.Text) != c.Lang {
			t.Logf("%q: written in %s, detected as %q", c.Title, c.Lang, textproc.Detect(c.Title+"\n"+c.Text))
		}
	}
	t.Logf("%d contributions; kinds %v; practice types %v; languages %v; statuses %v; published per region %v; %d questions used; %d translated",
		n, kinds, practices, langs, statuses, publishedIn, len(questionsUsed), translated)

	for _, k := range domain.ContributionKinds {
		if kinds[k] < 10 {
			t.Errorf("%d contributions of kind %s, want at least 10", kinds[k], k)
		}
	}
	for _, pt := range domain.PracticeTypes {
		if practices[pt] < 2 {
			t.Errorf("%d good practices of type %s, want at least 2", practices[pt], pt)
		}
	}
	for _, l := range domain.Locales {
		if langs[l] < 5 {
			t.Errorf("%d contributions in %s, want at least 5", langs[l], l)
		}
	}
	if share := float64(n-langs["en"]) / float64(n); share < 0.15 {
		t.Errorf("%.0f%% of contributions are not in English, want at least 15%%", share*100)
	}
	if translated < 20 {
		t.Errorf("%d contributions have an English translation, want at least 20", translated)
	}
	if share := float64(statuses[domain.StatusPublished]) / float64(n); share < 0.7 || share > 0.9 {
		t.Errorf("%.0f%% published, want 70-90%%", share*100)
	}
	for s, least := range map[domain.Status]int{domain.StatusSubmitted: 15, domain.StatusDraft: 3, domain.StatusReturned: 3, domain.StatusWithdrawn: 3} {
		if statuses[s] < least {
			t.Errorf("%d contributions %s, want at least %d", statuses[s], s, least)
		}
	}
	for _, g := range groups {
		if publishedIn[g.Region] < 20 {
			t.Errorf("breakout group %s sees %d published inputs of its region %q, want at least 20", g.Name, publishedIn[g.Region], g.Region)
		}
	}
	perBody := map[string]int{}
	for _, c := range stored {
		perBody[c.BodyID]++
	}
	bodies, _, err := db.Bodies(ctx, store.BodyFilter{Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range bodies {
		if perBody[b.ID] < 3 {
			t.Errorf("%s submitted %d contributions, want at least 3 from every mechanism and partner", b.Label(), perBody[b.ID])
		}
	}
	if len(questionsUsed) < 10 {
		t.Errorf("%d of the %d guiding questions answered, want at least 10", len(questionsUsed), len(questions))
	}

	// The synthesis needs the same idea from several regions, in other
	// words and other languages, and some ideas that contradict others.
	type spread struct{ regions, langs map[string]bool }
	ideas := map[string]*spread{}
	for i, p := range plan {
		if p.Idea == "" || stored[i].Status != domain.StatusPublished {
			continue
		}
		s := ideas[p.Idea]
		if s == nil {
			s = &spread{map[string]bool{}, map[string]bool{}}
			ideas[p.Idea] = s
		}
		s.regions[p.Region] = true
		s.langs[stored[i].Lang] = true
	}
	repeated := 0
	for _, s := range ideas {
		if len(s.regions) >= 3 && len(s.langs) >= 2 {
			repeated++
		}
	}
	if repeated < 10 {
		t.Errorf("%d ideas are published by at least 3 regions in at least 2 languages, want at least 10", repeated)
	}
	if s := ideas["remittance-costs"]; s == nil || len(s.regions) < 4 {
		t.Errorf("the remittance cost recommendation is published by regions %v, want at least 4", s)
	}
	d, err := readDemoData()
	if err != nil {
		t.Fatal(err)
	}
	opposed := 0
	for _, it := range d.Ideas {
		if it.Opposes != "" && ideas[it.Key] != nil && ideas[it.Opposes] != nil {
			opposed++
		}
	}
	if opposed < 3 {
		t.Errorf("%d pairs of opposed ideas are both published, want at least 3", opposed)
	}
}

// TestDemoSearch checks that the demo gives search and filters something
// to find: the same idea in several regions and languages, every region,
// kind, practice type and language among the published inputs.
func TestDemoSearch(t *testing.T) {
	db, res, _, _ := loadDemo(t)
	ctx := context.Background()
	published := store.Visibility{PublishedIn: []string{res.MeetingID}}
	tests := []struct {
		name       string
		q          store.SearchQuery
		least      int
		facet      string
		facetLeast int // distinct values of the facet
	}{
		{"remittances in English", store.SearchQuery{Text: "remittance costs", Lang: "en"}, 8, "region", 4},
		{"remittances in Spanish", store.SearchQuery{Text: "remesas", Lang: "es"}, 2, "lang", 1},
		{"remittances in French", store.SearchQuery{Text: "transferts de fonds", Lang: "fr"}, 1, "lang", 1},
		{"remittances in Chinese", store.SearchQuery{Text: "汇款", Lang: "zh"}, 1, "lang", 1},
		{"migrants in Chinese", store.SearchQuery{Text: "移民", Lang: "zh"}, 5, "lang", 1},
		{"social security in Russian", store.SearchQuery{Text: "социальном обеспечении", Lang: "ru"}, 1, "lang", 1},
		{"migration in Arabic", store.SearchQuery{Text: "الهجرة", Lang: "ar"}, 3, "lang", 1},
		{"every language", store.SearchQuery{}, 250, "lang", 6},
		{"every region", store.SearchQuery{}, 250, "region", 6},
		{"every kind", store.SearchQuery{}, 250, "kind", 8},
		{"every practice type", store.SearchQuery{Kinds: []domain.ContributionKind{domain.KindGoodPractice}}, 30, "practice_type", 6},
		{"many questions", store.SearchQuery{}, 250, "question", 10},
		{"many objectives", store.SearchQuery{}, 250, "objective", 20},
		{"Africa's group", store.SearchQuery{Regions: []string{"Africa"}}, 20, "body", 8},
		{"global group", store.SearchQuery{Regions: []string{"Global"}}, 20, "body", 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := tt.q
			q.MeetingIDs, q.Facets, q.Limit = []string{res.MeetingID}, true, 500
			r, err := db.Search(ctx, published, q)
			if err != nil {
				t.Fatal(err)
			}
			if r.Total < tt.least {
				t.Errorf("%d found, want at least %d", r.Total, tt.least)
			}
			if got := len(r.Facets[tt.facet]); got < tt.facetLeast {
				t.Errorf("%d values of %s among the results %v, want at least %d", got, tt.facet, r.Facets[tt.facet], tt.facetLeast)
			}
			for _, c := range r.Items {
				if c.Status != domain.StatusPublished {
					t.Errorf("%q is %s but was found among published inputs", c.Title, c.Status)
				}
			}
		})
	}
}

// TestDemoThemes checks that the themes engine, given the published
// recommendations and commitments of the demo by breakout group, finds
// conclusions repeated across groups, as the plenary of session 2 asks.
func TestDemoThemes(t *testing.T) {
	_, _, plan, stored := loadDemo(t)
	ctx := context.Background()
	var stmts []themes.Statement
	idea := map[string]string{}
	for i, c := range stored {
		if c.Status != domain.StatusPublished || (c.Kind != domain.KindRecommendation && c.Kind != domain.KindCommitment) {
			continue
		}
		text, lang := c.Text, c.Lang
		if len(plan[i].C.Translations) > 0 {
			// The secretariat's English translation, as a rapporteur would read it.
			text, lang = plan[i].C.Translations[0].Text, "en"
		}
		stmts = append(stmts, themes.Statement{ID: c.ID, Text: text, Language: lang, Group: plan[i].Region, Region: plan[i].Region})
		idea[c.ID] = plan[i].Idea
	}
	r, err := themes.Compute(ctx, stmts, themes.Options{})
	if err != nil {
		t.Fatal(err)
	}
	across := 0
	remittances := 0
	for _, th := range r.Themes {
		if len(th.Groups) < 3 {
			continue
		}
		across++
		ideas := map[string]int{}
		for _, m := range th.Members {
			ideas[idea[m.ID]]++
		}
		if ideas["remittance-costs"] >= len(th.Members)/2 && len(th.Groups) > remittances {
			remittances = len(th.Groups)
		}
		t.Logf("in %d of %d groups (%d statements, ideas %v): %s", len(th.Groups), r.Groups, len(th.Members), ideas, th.Label)
	}
	if across < 5 {
		t.Errorf("%d themes span at least 3 of the %d groups among %d statements, want at least 5", across, r.Groups, len(stmts))
	}
	if remittances < 4 {
		t.Errorf("the remittance cost recommendation forms a theme in %d groups, want at least 4", remittances)
	}
}

func codeOf(t *testing.T, db *store.DB, itemID string) string {
	t.Helper()
	if gcmCodes == nil {
		fws, err := db.Frameworks(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		gcmCodes = map[string]string{}
		for _, f := range fws {
			full, err := db.Framework(context.Background(), f.ID)
			if err != nil {
				t.Fatal(err)
			}
			for _, it := range full.Items {
				gcmCodes[it.ID] = it.Code
			}
		}
	}
	code, ok := gcmCodes[itemID]
	if !ok {
		t.Fatalf("tag %s is not a framework item", itemID)
	}
	return code
}

var gcmCodes map[string]string

// TestDemoLoadTwice checks that loading the demo again into the same
// database fails before it changes anything, as serve -demo relies on.
func TestDemoLoadTwice(t *testing.T) {
	db, res, plan, _ := loadDemo(t)
	ctx := context.Background()
	if _, err := Load(ctx, db, testParams); err == nil {
		t.Fatal("a second Load succeeded")
	}
	m, err := db.Meeting(ctx, res.MeetingID)
	if err != nil {
		t.Fatal(err)
	}
	ms, err := db.Meetings(ctx, m.ProcessID, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != 2 || ms[0].ID != res.MeetingID || ms[1].ID != res.EarlierMeetingID {
		t.Fatalf("after a second Load there are %d meetings, want GRCP 7 and GRCP 6 only", len(ms))
	}
	again, err := demoContributions(ctx, db, res.MeetingID)
	if err != nil {
		t.Fatal(err)
	}
	for i := range plan {
		if again[i].C.ID != plan[i].C.ID || again[i].C.Text != plan[i].C.Text {
			t.Fatalf("contribution %d is planned differently the second time", i)
		}
	}
	ids := make([]string, len(plan))
	for i, p := range plan {
		ids[i] = p.C.ID
	}
	stored, err := db.ContributionsByID(ctx, ids)
	if err != nil {
		t.Fatal(err)
	}
	if len(stored) != len(plan) {
		t.Fatalf("%d contributions after a second Load, want %d", len(stored), len(plan))
	}
}

// TestDemoDataRefusesMistakes checks that the generator reports mistakes
// in the hand-written data rather than producing odd contributions.
func TestDemoDataRefusesMistakes(t *testing.T) {
	env := &genEnv{meetingID: "m", bodies: map[string]*domain.Body{"MIDWA": {ID: "b1", Kind: domain.BodyRCP}},
		questions: map[string]string{}, tags: map[string]string{"O1": "t1"}, authors: map[string]string{}}
	body := demoBody{Label: "MIDWA", Region: "Africa", Langs: []string{"fr"}}
	en := phrasing{Titles: []string{"T"}, Texts: []string{"Text."}, Why: []string{"Why."}}
	tests := []struct {
		name string
		d    demoData
		want string
	}{
		{"unknown body", demoData{Bodies: []demoBody{{Label: "XYZ", Region: "Africa"}}}, `body "XYZ" is not in the demo`},
		{"author without account", demoData{Bodies: []demoBody{{Label: "MIDWA", Region: "Africa", Author: "nobody@example.org"}}}, "not a demo account"},
		{"duplicate key", demoData{Bodies: []demoBody{body}, Ideas: []idea{{Key: "a", Kind: domain.KindIssue, Regions: []string{"Africa"}, Text: map[string]phrasing{"en": en}},
			{Key: "a", Kind: domain.KindIssue, Regions: []string{"Africa"}, Text: map[string]phrasing{"en": en}}}}, "used twice"},
		{"opposes nothing", demoData{Bodies: []demoBody{body}, Ideas: []idea{{Key: "a", Opposes: "b", Kind: domain.KindIssue, Text: map[string]phrasing{"en": en}}}}, "not an idea"},
		{"no English", demoData{Bodies: []demoBody{body}, Ideas: []idea{{Key: "a", Kind: domain.KindIssue, Regions: []string{"Africa"}, Text: map[string]phrasing{"fr": en}}}}, "no English"},
		{"misaligned translation", demoData{Bodies: []demoBody{body}, Ideas: []idea{{Key: "a", Kind: domain.KindIssue, Regions: []string{"Africa"},
			Text: map[string]phrasing{"en": en, "fr": {Titles: []string{"A", "B"}, Texts: []string{"x"}, Why: []string{"y"}}}}}}, "matching English"},
		{"region without body", demoData{Bodies: []demoBody{body}, Ideas: []idea{{Key: "a", Kind: domain.KindIssue, Regions: []string{"Americas"}, Text: map[string]phrasing{"en": en}}}}, "no body of the region"},
		{"too many repeats", demoData{Bodies: []demoBody{body}, Ideas: []idea{{Key: "a", Kind: domain.KindIssue, Objectives: []string{"O1"}, Regions: []string{"Africa", "Africa"}, Text: map[string]phrasing{"en": en}}}}, "is used already"},
		{"real-looking link", demoData{Bodies: []demoBody{body}, Practices: []practice{{Body: "MIDWA", Lang: "en", Type: domain.PracticePolicy, Title: "P", Text: "T",
			Links: []string{"https://www.example.gov/report"}}}}, "example.org"},
		{"language the body does not write", demoData{Bodies: []demoBody{body}, Practices: []practice{{Body: "MIDWA", Lang: "zh", Title: "P", Text: "T"}}}, "does not write"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := tt.d
			d.Provenance = map[string][]ml{}
			_, err := planContributions(&d, env)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %v, want an error containing %q", err, tt.want)
			}
		})
	}
}

// TestDemoDataFiles checks the hand-written building blocks themselves.
func TestDemoDataFiles(t *testing.T) {
	d, err := readDemoData()
	if err != nil {
		t.Fatal(err)
	}
	for role, ps := range d.Provenance {
		for i, p := range ps {
			if p["en"] == "" {
				t.Errorf("provenance %s %d has no English", role, i+1)
			}
			for lang, s := range p {
				if lang != "en" && lang != "zh" && textproc.Detect(s) != lang && len([]rune(s)) > 40 {
					t.Logf("provenance %s %d in %s reads as %q: %s", role, i+1, lang, textproc.Detect(s), s)
				}
			}
		}
	}
	regions := map[string]bool{}
	for _, g := range groups {
		regions[g.region] = true
	}
	for _, b := range d.Bodies {
		if !regions[b.Region] {
			t.Errorf("body %s: region %q is not a breakout group's", b.Label, b.Region)
		}
		for _, r := range b.Also {
			if !regions[r] {
				t.Errorf("body %s: region %q is not a breakout group's", b.Label, r)
			}
		}
	}
	for _, it := range d.Ideas {
		if !it.Kind.Valid() {
			t.Errorf("idea %s: kind %q", it.Key, it.Kind)
		}
		for _, r := range it.Regions {
			if !regions[r] {
				t.Errorf("idea %s: region %q is not a breakout group's", it.Key, r)
			}
		}
		if len(it.Objectives) < 1 || len(it.Objectives) > 3 || len(it.Principles) > 2 {
			t.Errorf("idea %s: %d objectives, %d principles", it.Key, len(it.Objectives), len(it.Principles))
		}
		for _, lang := range slices.Sorted(maps.Keys(it.Text)) {
			for _, s := range it.Text[lang].Texts {
				if got := textproc.Detect(s); got != lang {
					t.Errorf("idea %s: a %s text reads as %q: %s", it.Key, lang, got, s)
				}
			}
		}
	}
	for _, p := range d.Practices {
		if !p.Type.Valid() {
			t.Errorf("practice %q: type %q", p.Title, p.Type)
		}
		if got := textproc.Detect(p.Text); got != p.Lang {
			t.Errorf("practice %q in %s reads as %q", p.Title, p.Lang, got)
		}
		if p.Lang != "en" && p.English == nil {
			t.Logf("practice %q in %s has no English translation", p.Title, p.Lang)
		}
	}
}

// BenchmarkLoad measures how long serve -demo takes to fill an empty
// database (with cheap password hashing: the real costs add about the
// same fixed time with or without contributions).
func BenchmarkLoad(b *testing.B) {
	ctx := context.Background()
	for b.Loop() {
		b.StopTimer()
		db := storetest.Open(b)
		b.StartTimer()
		if _, err := Load(ctx, db, testParams); err != nil {
			b.Fatal(err)
		}
	}
}

// TestDemoThemesAcrossLanguages gives the themes engine the published
// recommendations and commitments of the demo in the languages they were
// written in, with the installed dictionaries, and checks that the same
// idea in two languages makes one theme: the Spanish and English
// statements on ending child detention, the French and English ones on
// recognising the consultation mechanisms (RCPs) in the compact.
func TestDemoThemesAcrossLanguages(t *testing.T) {
	tr, err := dict.Load(dict.SearchPath(nil))
	if err != nil {
		t.Skipf("skipping: %v (%s)", err, tr.Advice())
	}
	_, _, plan, stored := loadDemo(t)
	var stmts []themes.Statement
	idea := map[string]string{}
	for i, c := range stored {
		if c.Status != domain.StatusPublished || (c.Kind != domain.KindRecommendation && c.Kind != domain.KindCommitment) {
			continue
		}
		stmts = append(stmts, themes.Statement{ID: c.ID, Text: c.Text, Language: c.Lang, Group: plan[i].Region, Region: plan[i].Region})
		idea[c.ID] = plan[i].Idea
	}
	langOf := map[string]string{}
	for _, s := range stmts {
		langOf[s.ID] = s.Language
	}
	// As the server computes them: with the word vectors when installed.
	runs := map[string]themes.Options{"dictionaries": {Translator: tr}}
	if p := wordvec.Find(dict.SearchPath(nil)); p != "" {
		vecs, err := wordvec.Load(p, wordvec.DefaultWords, nil)
		if err != nil {
			t.Fatal(err)
		}
		runs["dictionaries and word vectors"] = themes.Options{Translator: tr, WordVectors: vecs}
	}
	for name, opts := range runs {
		t.Run(name, func(t *testing.T) { themesAcrossLanguages(t, stmts, opts, idea, langOf) })
	}
}

func themesAcrossLanguages(t *testing.T, stmts []themes.Statement, opts themes.Options, idea, langOf map[string]string) {
	r, err := themes.Compute(context.Background(), stmts, opts)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []struct{ idea, a, b string }{
		{"detention-alternatives", "es", "en"},
		{"rcp-role-gcm", "fr", "en"},
	} {
		found := false
		var seen []string
		for _, th := range r.Themes {
			langs := map[string]bool{}
			for _, m := range th.Members {
				if idea[m.ID] == want.idea {
					langs[langOf[m.ID]] = true
					seen = append(seen, fmt.Sprintf("%s:%s in %s", m.ID, langOf[m.ID], th.ID))
				}
			}
			if langs[want.a] && langs[want.b] {
				found = true
				t.Logf("%s: %s and %s in one theme of %d statements in %d groups: %s", want.idea, want.a, want.b, len(th.Members), len(th.Groups), th.Label)
			}
		}
		if !found {
			t.Errorf("%s: no theme holds both a %s and an %s statement; members: %v", want.idea, want.a, want.b, seen)
		}
	}
}
