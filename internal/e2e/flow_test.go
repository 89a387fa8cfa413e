package e2e

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"

	"github.com/plenary-org/plenary/internal/locale"
)

// TestWholeFlowOfGRCP7 walks the whole consultation on the GRCP 7 demo,
// each person in a browser context of their own: in two breakout groups of
// session 2 (Africa; Americas and the Caribbean) the members write
// statements, vote agree, disagree or pass, watch their live view find what
// they agree on, rank the candidates, and the rapporteurs write the
// follow-up mechanisms and submit the group reports. The chair then reads
// the plenary synthesis (each group's five, agreement and disagreement,
// themes in N of M groups) and the endorsed practices ranked by regions,
// draws candidate overall recommendations from the themes, members of both
// groups rank them, the chair reads the tally with each group's equal say
// and its robustness and confirms five. The projector view shows the
// groups' fives and follows a new vote without a reload. The key pages are
// then read in all six languages. Last, the outcome document: the
// secretariat drafts it and opens a round, one delegation amends a
// paragraph, another supports, the secretariat accepts and closes the
// round, the chair adopts, the secretariat publishes, and a visitor without
// an account reads and downloads it, and GRCP 6's published one. Then a
// partnership proposal becomes a partnership (walkPartnership). And the
// follow-up: the reminders the server sent when it started (the
// secretariat's list, the owner's notifications, the e-mails in the demo
// mailbox), a commitment read in its French and Arabic translations, the
// commitments imported from a CSV fixed after its error was shown
// (walkFollowUpDemo); the secretariat reads the demo's review cycles and opens one,
// the owner of a commitment reports progress with an indicator value, the
// secretariat accepts it and closes the cycle, whose review report
// downloads as DOCX and PDF (walkFollowUp).
// axe-core checks every page visited;
// PLENARY_SCREENSHOTS keeps a screenshot of each.
func TestWholeFlowOfGRCP7(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	start := time.Now()
	base := server(t, nil)
	chair := newBrowserFor(t, base, 30*time.Minute)
	chair.run(chromedp.Navigate(base+"/login"), chromedp.WaitVisible("#f-email", chromedp.ByQuery))
	chair.checkPage("flow-login")
	chair.login("chair@demo.plenary.local")
	chair.run(chromedp.Click(`a[href^="/meetings/"]`, chromedp.ByQuery), chromedp.WaitVisible("article.agenda", chromedp.ByQuery))
	chair.checkPage("flow-meeting")
	var meetingURL string
	chair.run(chromedp.Location(&meetingURL))
	meetingURL = strings.SplitN(meetingURL, "?", 2)[0]

	// Session 2's breakout part: the plenary page opens on the meeting's
	// first breakout part and links its projector with the part's id.
	var projectorHref string
	chair.run(chromedp.Navigate(meetingURL+"/plenary"), chromedp.WaitVisible("#themes", chromedp.ByQuery),
		chromedp.AttributeValue(`a[href*="/projector?part="]`, "href", &projectorHref, nil, chromedp.ByQuery))
	m := regexp.MustCompile(`part=([^&]+)`).FindStringSubmatch(projectorHref)
	if m == nil {
		t.Fatalf("no part in the projector link %q", projectorHref)
	}
	part := m[1]
	if sel := chair.content("main nav [aria-current]"); sel != "" && !strings.HasPrefix(sel, "Session 2") {
		t.Fatalf("the plenary opens on %q, not on session 2", sel)
	}

	// Everyone in a browser context of their own.
	type member struct {
		email string
		b     *browser
	}
	people := map[string]*member{}
	shot := 100
	for _, email := range []string{"rapporteur", "delegate2", "partner", "rapporteur2", "delegate", "delegate3"} {
		mb := &member{email: email + "@demo.plenary.local", b: chair.incognito(shot)}
		shot += 100
		if email == "delegate" {
			// delegate@ logs in with their organisation's account: the
			// demo identity provider, linked to theirs by its verified
			// address, which their account page then lists.
			mb.b.loginSSO(mb.email, true)
			mb.b.run(chromedp.Navigate(base+"/account"), chromedp.WaitVisible("#identities", chromedp.ByQuery))
			if got := mb.b.content("#identities tbody"); !strings.Contains(got, "Demo identity provider") || !strings.Contains(got, mb.email) {
				t.Fatalf("delegate@'s account page lists the identities %q", got)
			}
			mb.b.checkPage("flow-account-identities")
		} else {
			mb.b.login(mb.email)
		}
		people[email] = mb
	}
	africa, americas := people["rapporteur"].b.yourGroup(), people["rapporteur2"].b.yourGroup()
	if africa == americas {
		t.Fatalf("both rapporteurs lead the group %s", africa)
	}
	if g := people["delegate"].b.yourGroup(); g != americas {
		t.Fatalf("delegate@ is in %s, not in the Americas group %s", g, americas)
	}
	q := "?part=" + part

	t.Logf("step 1 at %v", time.Since(start).Round(time.Second))
	// 1. Statements, then votes, in both groups.
	plans := []groupPlan{
		{"Africa", africa, "rapporteur", []string{"rapporteur", "delegate2", "partner"}, map[string][]string{
			"rapporteur": {
				"Open regular pathways for seasonal labour migration between neighbouring states.",
				"Share labour migration data through the regional consultative process every year.",
				"Fund the reintegration of returning migrants from a common regional fund.",
				"Protect the rights of migrant domestic workers in national labour law.",
				"Require migrant workers to leave the region as soon as their contract ends.",
			},
			"delegate2": {"Recognise the skills and diplomas of migrant workers across the region."},
			"partner":   {"Train border officials to identify victims of trafficking."},
		}},
		{"Americas and the Caribbean", americas, "rapporteur2", []string{"rapporteur2", "delegate", "delegate3"}, map[string][]string{
			"rapporteur2": {
				"Expand regular pathways for seasonal labour migration between states.",
				"Share labour migration data through the regional consultative process each year.",
				"Issue identity documents through consulates to migrants who lack them.",
				"Ensure that migrant children can go to school wherever they live.",
			},
			"delegate":  {"Recognise the skills and diplomas of migrant workers in the region."},
			"delegate3": {"Protect the rights of migrant domestic workers in labour law."},
		}},
	}
	// axe-core checks each page once for each kind of member (the pages
	// differ by role, not by who is looking).
	checked := map[string]bool{}
	once := func(b *browser, page, who string) {
		t.Helper()
		key := page + "/" + strings.TrimRight(who, "0123456789")
		if !checked[key] {
			checked[key] = true
			b.checkPage("flow-" + page + "-" + who)
		}
	}
	for _, g := range plans {
		for _, who := range g.members {
			for i, text := range g.statements[who] {
				b := people[who].b
				b.run(chromedp.Navigate(base+g.path+q), chromedp.WaitVisible("#f-text", chromedp.ByQuery))
				once(b, "workspace", who)
				if who == "rapporteur" && i == 0 {
					// Drawn from an input of the region: the statement keeps
					// it as its source, which the provenance page shows.
					b.clickAndLoad("ul.inputs a.button", "form.statement-form p.notice")
					once(b, "workspace-from-input", who)
				}
				b.run(chromedp.SetValue("#f-text", text, chromedp.ByQuery),
					chromedp.SetValue("#f-kind", "recommendation", chromedp.ByQuery),
					chromedp.SetValue("#f-lang", "en", chromedp.ByQuery),
					chromedp.Submit("#f-text", chromedp.ByQuery),
					chromedp.WaitVisible(".flash", chromedp.ByQuery))
			}
		}
	}
	// How each member votes: everyone agrees on seasonal pathways and on
	// domestic workers' rights and Africa rejects sending workers home at
	// the end of their contract; the common fund and the border training
	// divide Africa; identity documents divide the Americas; the rest is
	// mostly agreed, with a pass here and there.
	vote := func(who, text string) string {
		switch {
		case strings.Contains(text, "contract ends"):
			return "disagree"
		case strings.Contains(text, "common regional fund"):
			if who == "rapporteur" {
				return "agree"
			}
			return "disagree"
		case strings.Contains(text, "border officials"):
			if who == "delegate2" {
				return "disagree"
			}
			return "agree"
		case strings.Contains(text, "identity documents"):
			if who == "delegate" {
				return "agree"
			}
			return "disagree"
		case strings.Contains(text, "migration data") && (who == "partner" || who == "delegate3"):
			return "pass"
		}
		return "agree"
	}
	for _, g := range plans {
		for i, who := range g.members {
			b := people[who].b
			b.run(chromedp.Navigate(base+g.path+"/vote"+q), chromedp.WaitVisible("form[data-vote]", chromedp.ByQuery))
			once(b, "vote", who)
			n := b.voteAll(func(text string) string { return vote(who, text) })
			if n != g.size() {
				t.Errorf("%s voted on %d statements of %s, want %d", who, n, g.name, g.size())
			}
			if i == 0 {
				// The rapporteur watches the live view while the others vote.
				b.run(chromedp.Navigate(base+g.path+"/live"), chromedp.WaitVisible("#live-body", chromedp.ByQuery),
					chromedp.Evaluate(`window.stillTheSamePage = true`, nil))
				b.waitText(".live-counts", "1 participant", 10*time.Second)
				once(b, "live-first", who)
			}
		}
		b := people[g.rapporteur].b
		b.waitText(".live-counts", "3 participants", 10*time.Second)
		b.waitText(".live-counts", fmt.Sprintf("%d votes", 3*g.size()), 10*time.Second)
		b.waitText("section:has(#h-consensus)", "3 of 3 agree", 10*time.Second)
		var same bool
		b.run(chromedp.Evaluate(`window.stillTheSamePage === true`, &same))
		if !same {
			t.Errorf("%s: the live view reloaded instead of following its events", g.name)
		}
		if c := b.text("section:has(#h-consensus)"); !strings.Contains(c, "seasonal labour migration") {
			t.Errorf("%s: the live view's agreement lacks the seasonal pathways: %q", g.name, c)
		}
		once(b, "live", g.rapporteur)
	}

	t.Logf("step 2 at %v", time.Since(start).Round(time.Second))
	// 2. Every member ranks the group's candidates, each a little
	// differently; the rapporteur answers the part's first guiding question, writes the
	// points of agreement and submits.
	ranks := map[string][]string{
		"rapporteur":  {"seasonal", "domestic", "diplomas", "data", "fund", "border"},
		"delegate2":   {"seasonal", "diplomas", "domestic", "border", "data", "fund"},
		"partner":     {"domestic", "seasonal", "border", "diplomas", "data", "fund"},
		"rapporteur2": {"seasonal", "children", "domestic", "diplomas", "data", "identity"},
		"delegate":    {"children", "seasonal", "identity", "diplomas", "domestic", "data"},
		"delegate3":   {"domestic", "seasonal", "children", "data", "diplomas", "identity"},
	}
	for _, g := range plans {
		for _, who := range g.members {
			b := people[who].b
			b.run(chromedp.Navigate(base+g.path+"/rank"+q), chromedp.WaitVisible("ol.candidates select", chromedp.ByQuery))
			once(b, "rank", who)
			b.rankAndSubmit(ranks[who])
		}
		b := people[g.rapporteur].b
		b.run(chromedp.Navigate(base+g.path+"/results"+q), chromedp.WaitVisible("table.matrix", chromedp.ByQuery))
		if m := b.text("main .muted"); !strings.Contains(m, "3 ballots") {
			t.Errorf("%s: results header = %q", g.name, m)
		}
		once(b, "results", g.rapporteur)
		b.run(chromedp.Navigate(base+g.path+"/report"+q), chromedp.WaitVisible(firstAnswer, chromedp.ByQuery))
		once(b, "report-draft", g.rapporteur)
		b.run(chromedp.SetValue(firstAnswer, "The "+g.name+" consultative processes review the commitments at their yearly ministerial meeting.", chromedp.ByQuery),
			chromedp.SetValue("#f-agreement_en", "RCPs convene the states, keep the record and report to the regional review.", chromedp.ByQuery),
			chromedp.Submit(firstAnswer, chromedp.ByQuery), chromedp.WaitVisible(".flash", chromedp.ByQuery),
			chromedp.Evaluate(`window.confirm = () => true`, nil))
		b.clickAndLoad(`form[action$="/report/submit"] button`, "ol.top")
		if st := b.text("main .status"); st != "Submitted" {
			t.Fatalf("%s: report status = %q", g.name, st)
		}
		if n := b.count("ol.top > li"); n != 5 {
			t.Errorf("%s: the submitted report froze %d recommendations, want 5", g.name, n)
		}
		once(b, "report-submitted", g.rapporteur)
	}

	t.Logf("step 3 at %v", time.Since(start).Round(time.Second))
	// 3. The chair reads the plenary: each group's five, agreement and
	// disagreement, the themes across groups, and the endorsed practices.
	// The summary comes first; each group's detail opens from its row of
	// the summary's table (a link to the group, no script needed).
	chair.run(chromedp.Navigate(meetingURL+"/plenary"+q), chromedp.WaitVisible("#themes", chromedp.ByQuery))
	if n := chair.count("table.glance tbody tr"); n != len(plans) {
		t.Errorf("the plenary's summary lists %d groups, want the %d that wrote", n, len(plans))
	}
	if txt := chair.text(".empty-groups"); !strings.Contains(txt, "No statements yet in 4 groups") {
		t.Errorf("the groups that wrote nothing are not folded: %q", txt)
	}
	for _, g := range plans {
		id := strings.TrimPrefix(g.path, "/groups/")
		chair.run(chromedp.Click(fmt.Sprintf(`table.glance a[href="#g-%s"]`, id), chromedp.ByQuery),
			chromedp.WaitVisible(fmt.Sprintf(`[id="g-%s"] ol.top`, id), chromedp.ByQuery))
		col := fmt.Sprintf(`details.group-detail:has([id="g-%s"])`, id)
		txt := chair.text(col)
		for _, want := range []string{"Report submitted", "yearly ministerial meeting", "3 of 3 agree", "seasonal labour migration"} {
			if !strings.Contains(txt, want) {
				t.Errorf("plenary column of %s lacks %q:\n%s", g.name, want, txt)
			}
		}
		if n := chair.count(col + " ol.top > li"); n != 5 {
			t.Errorf("plenary column of %s lists %d recommendations, want 5", g.name, n)
		}
		if g.name == "Africa" && !strings.Contains(txt, "3 of 3 disagree") {
			t.Errorf("plenary column of %s shows no disagreement:\n%s", g.name, txt)
		}
	}
	themes := chair.text("section:has(#themes)")
	if n := strings.Count(themes, "in 2 of 6 groups"); n < 2 {
		t.Errorf("%d themes in 2 of 6 groups, want at least 2:\n%s", n, themes)
	}
	chair.run(chromedp.Evaluate(`document.querySelectorAll("details").forEach(d => d.open = true)`, nil))
	chair.checkPage("flow-plenary")
	chair.clickAndLoad(`main a[href$="/endorsements"]`, "ol.endorsed")
	var regions []int
	chair.run(chromedp.Evaluate(`Array.from(document.querySelectorAll("ol.endorsed > li strong")).map(s => parseInt(s.textContent.replace(/\D+/g, ""), 10))`, &regions))
	if len(regions) < 2 || regions[0] < 4 {
		t.Errorf("endorsed practices by regions = %v, want the first endorsed by 4 regions", regions)
	}
	for i := 1; i < len(regions); i++ {
		if regions[i] > regions[i-1] {
			t.Errorf("endorsed practices are not ranked by regions: %v", regions)
			break
		}
	}
	chair.checkPage("flow-endorsements")

	t.Logf("step 4 at %v", time.Since(start).Round(time.Second))
	// 4. The chair draws six candidates from the themes.
	overall := meetingURL + "/overall" + q
	chair.run(chromedp.Navigate(overall), chromedp.WaitVisible("#candidates", chromedp.ByQuery))
	chair.checkPage("flow-overall-empty")
	// Seasonal pathways first: it is the theme whose provenance is read
	// at the end.
	for _, word := range []string{"seasonal", "domestic", "diplomas", "migration data", "children", "common regional fund"} {
		var found bool
		chair.run(chromedp.Evaluate(`(w => {
			const f = Array.from(document.querySelectorAll('form[action$="/overall/candidates"]')).find(f => f.querySelector("textarea").value.includes(w));
			if (!f) return false;
			document.documentElement.setAttribute("data-leaving", "1");
			f.querySelector("button[type=submit]").click();
			return true;
		})(`+jsString(word)+`)`, &found))
		if !found {
			t.Fatalf("no theme offered about %q:\n%s", word, chair.content("section:has(#candidates)"))
		}
		chair.run(chromedp.WaitNotPresent("html[data-leaving]", chromedp.ByQuery), chromedp.WaitVisible("#candidates", chromedp.ByQuery))
	}
	if n := chair.count(`section:has(#candidates) > ol > li`); n != 6 {
		t.Fatalf("%d candidates drawn, want 6", n)
	}
	chair.checkPage("flow-overall-candidates")
	// Members of both groups rank them: Africa's three, two of the
	// Americas; each ranks the candidates in the order listed, but one
	// African swaps the last two and one American the middle two.
	overallOrder := map[string][]int{
		"rapporteur": {0, 1, 2, 3, 4, 5},
		"delegate2":  {0, 1, 2, 3, 5, 4},
		"partner":    {0, 1, 2, 3, 4, 5},
		"delegate":   {0, 1, 2, 3, 4, 5},
		"delegate3":  {0, 1, 3, 2, 4, 5},
	}
	for _, who := range []string{"rapporteur", "delegate2", "partner", "delegate", "delegate3"} {
		b := people[who].b
		b.run(chromedp.Navigate(overall), chromedp.WaitVisible("form.ranking-form select", chromedp.ByQuery))
		once(b, "overall-ballot", who)
		b.rankPositions(overallOrder[who])
	}
	chair.run(chromedp.Navigate(overall), chromedp.WaitVisible("#top-title", chromedp.ByQuery))
	weights := chair.text("section:has(#h-equal) table")
	for _, want := range []string{"Africa\t3\t1/3\t1", "Americas and the Caribbean\t2\t1/2\t1"} {
		if !strings.Contains(weights, want) {
			t.Errorf("equal-say weights lack %q:\n%s", want, weights)
		}
	}
	if m := chair.text("main .muted"); !strings.Contains(m, "5 ballots") {
		t.Errorf("overall header = %q", m)
	}
	robust := chair.text("section:has(#robust-title)")
	for _, want := range []string{"No single group changes the top five", "Africa (3 ballots)", "Americas and the Caribbean (2 ballots)"} {
		if !strings.Contains(robust, want) {
			t.Errorf("robustness lacks %q:\n%s", want, robust)
		}
	}
	var cells []string
	chair.run(chromedp.Evaluate(`Array.from(document.querySelectorAll("table.matrix tbody td")).map(td => td.textContent.trim())`, &cells))
	cellRE := regexp.MustCompile(`^(–|\d+(\.\d\d?)?)$`)
	for _, c := range cells {
		if !cellRE.MatchString(c) {
			t.Errorf("a cell of the head-to-head matrix reads %q, want a weight to two decimals at most", c)
			break
		}
	}
	if len(cells) != 36 {
		t.Errorf("the head-to-head matrix has %d cells, want 6×6", len(cells))
	}
	if n := chair.count("section:has(#top-title) ol.top > li"); n != 5 {
		t.Errorf("the overall top five lists %d", n)
	}
	chair.checkPage("flow-overall-tally")
	if n := chair.count(`form[action$="/overall/confirm"] input[name=selected]:checked`); n != 5 {
		t.Fatalf("%d candidates ticked in advance for confirmation, want the top five", n)
	}
	chair.clickAndLoad(`form[action$="/overall/confirm"] button[type=submit]`, "#confirmed")
	if n := chair.count("section:has(#confirmed) ol.top > li"); n != 5 {
		t.Fatalf("%d overall recommendations confirmed, want 5", n)
	}
	chair.checkPage("flow-overall-confirmed")

	// The provenance of the first: its theme, the groups' statements with
	// their votes and places, and the input one of them was drawn from.
	first := "section:has(#confirmed) ol.top > li:first-child"
	if txt := chair.text(first); !strings.Contains(txt, "seasonal labour migration") {
		t.Fatalf("the first confirmed recommendation is %q, want the seasonal pathways", txt)
	}
	chair.clickAndLoad(first+` a[href*="/overall/candidates/"]`, "#h-inputs")
	var provenanceURL string
	chair.run(chromedp.Location(&provenanceURL))
	provenanceURL = strings.SplitN(provenanceURL, "?", 2)[0]
	if txt := chair.text("section:has(#h-recommendation)"); !strings.Contains(txt, "Confirmed as overall recommendation no. 1") {
		t.Errorf("provenance: the recommendation reads %q", txt)
	}
	if txt := chair.text("section:has(#h-plenary)"); !strings.Contains(txt, "Place 1 of 6 candidates in the plenary's count. Within the top five.") {
		t.Errorf("provenance: the plenary ranking reads %q", txt)
	}
	if txt := chair.text("section:has(#h-theme)"); !strings.Contains(txt, "in 2 of 6 groups") {
		t.Errorf("provenance: the theme reads %q", txt)
	}
	var rows [][]string
	chair.run(chromedp.Evaluate(`Array.from(document.querySelectorAll("section:has(#h-statements) tbody tr")).map(r => Array.from(r.cells).map(c => c.innerText.trim()))`, &rows))
	groupsSeen := map[string]bool{}
	for _, r := range rows {
		if len(r) != 7 {
			t.Errorf("provenance: statement row %q", r)
			continue
		}
		groupsSeen[strings.SplitN(r[1], "\n", 2)[0]] = true
		if !strings.Contains(r[0], "regular pathways for seasonal labour migration") || r[2] != "3" || r[3] != "0" || r[4] != "0" || r[6] != "Yes" {
			t.Errorf("provenance: statement row %q, want a seasonal pathways statement agreed 3-0-0 and among the group's five", r)
		}
	}
	if !groupsSeen["Africa"] || !groupsSeen["Americas and the Caribbean"] {
		t.Errorf("provenance: statements from %v, want Africa and the Americas", groupsSeen)
	}
	if n := chair.count(`section:has(#h-inputs) li.card a[href^="/contributions/"]`); n != 1 {
		t.Errorf("provenance lists %d original inputs, want the one the Africa statement was drawn from:\n%s", n, chair.text("section:has(#h-inputs)"))
	}
	chair.checkPage("flow-provenance")

	t.Logf("step 5 at %v", time.Since(start).Round(time.Second))
	// 5. The projector shows the groups' fives and follows a new vote
	// without reloading.
	projector := meetingURL + "/projector" + q
	chair.run(chromedp.Navigate(projector), chromedp.WaitVisible("main#projector .p-col", chromedp.ByQuery),
		chromedp.Evaluate(`window.stillTheSamePage = true`, nil))
	for _, g := range plans {
		col := fmt.Sprintf(`article.p-col:has(h3[id="pg-%s"])`, strings.TrimPrefix(g.path, "/groups/"))
		if n := chair.count(col + " ol.p-top > li"); n != 5 {
			t.Errorf("projector: %s shows %d recommendations, want 5", g.name, n)
		}
		chair.waitContent(col+" .p-count", fmt.Sprintf("%d votes", 3*g.size()), 10*time.Second)
	}
	if th := chair.content("main#projector"); !strings.Contains(th, "in 2 of 6 groups") {
		t.Errorf("projector shows no theme in 2 of 6 groups:\n%s", th)
	}
	// The five overall recommendations the chair confirmed, on the first
	// slide, and the candidates no longer.
	if n := chair.count("section.slide:first-of-type ol.p-overall > li"); n != 5 {
		t.Errorf("projector: %d confirmed overall recommendations on the first slide, want 5:\n%s", n, chair.content("main#projector"))
	}
	if txt := chair.content("ol.p-overall > li:first-child"); !strings.Contains(txt, "seasonal labour migration") {
		t.Errorf("projector: the first overall recommendation is %q, want the seasonal pathways", txt)
	}
	if txt := chair.content("main#projector"); strings.Contains(txt, "Candidate overall recommendations") {
		t.Error("projector: the candidates are still listed once the five are confirmed")
	}
	chair.fitsWidth("projector")
	chair.settle()
	chair.checkPage("flow-projector")
	d := people["delegate"].b
	d.run(chromedp.Navigate(base+americas+q), chromedp.WaitVisible("#f-text", chromedp.ByQuery),
		chromedp.SendKeys("#f-text", "Open consular services to migrants at the borders on weekends.", chromedp.ByQuery),
		chromedp.SetValue("#f-kind", "recommendation", chromedp.ByQuery),
		chromedp.SetValue("#f-lang", "en", chromedp.ByQuery),
		chromedp.Submit("#f-text", chromedp.ByQuery),
		chromedp.WaitVisible(".flash", chromedp.ByQuery),
		chromedp.Navigate(base+americas+"/vote"+q), chromedp.WaitVisible("form[data-vote]", chromedp.ByQuery))
	d.voteAll(func(string) string { return "agree" })
	amCount := fmt.Sprintf(`article.p-col:has(h3[id="pg-%s"]) .p-count`, strings.TrimPrefix(americas, "/groups/"))
	chair.waitContent(amCount, fmt.Sprintf("%d votes", 3*plans[1].size()+1), 10*time.Second)
	var same bool
	chair.run(chromedp.Evaluate(`window.stillTheSamePage === true`, &same))
	if !same {
		t.Error("the projector reloaded instead of following its events")
	}

	t.Logf("step 6 at %v", time.Since(start).Round(time.Second))
	// 6. The key pages in all six languages, axe-clean. The voting page
	// has a statement left to vote on for the Americas' rapporteur.
	cat := locale.MustLoad()
	voter := people["rapporteur2"].b
	for _, lang := range []string{"en", "fr", "es", "ar", "ru", "zh"} {
		p := cat.Printer(lang)
		dir := "ltr"
		if lang == "ar" {
			dir = "rtl"
		}
		lq := q + "&lang=" + lang
		pages := []struct {
			b         *browser
			name, url string
			wait, sel string
			want      string
		}{
			{chair, "plenary", meetingURL + "/plenary" + lq, "#themes", "h1", p.T("plenary.title")},
			{chair, "overall", meetingURL + "/overall" + lq, "#confirmed", "h1", p.T("overall.title")},
			{chair, "projector", meetingURL + "/projector" + lq, ".p-col", ".p-head p", p.T("projector.title")},
			{chair, "provenance", provenanceURL + lq, "#h-inputs", "#h-theme", p.T("provenance.theme_title")},
			{voter, "vote", base + americas + "/vote" + lq, "form[data-vote]", "h1", p.T("breakout.vote_title", demoGroupName(lang))},
			// Which states sit in which mechanisms (docs/REGISTRY.md).
			{chair, "overlap", base + "/registry/overlap" + lq, "#distribution-figure", "h1", p.T("overlap.title")},
			{chair, "partner types", base + "/registry/partner-types" + lq, "#type-academia", "h1", p.T("partner_types.title")},
			// The ranked statements, English ones among them: each isolated
			// in its own direction (docs/I18N.md).
			{voter, "results", base + americas + "/results" + lq, "table.matrix", "#top-title", p.T("ranking.top_title")},
			// An address with no page: the layout, in the reader's language.
			{chair, "notfound", base + "/no/such/page?lang=" + lang, "main h1", "main h1", p.T("status.404")},
		}
		for _, pg := range pages {
			if pg.name == "overlap" && lang != "en" && lang != "ar" {
				continue // a long page: the six languages are checked in internal/web (TestOverlapPage)
			}
			if (pg.name == "results" || pg.name == "notfound") && lang != "ar" {
				continue // right to left is what they check; the other languages are checked in internal/web (TestNoRoute)
			}
			pg.b.run(chromedp.Navigate(pg.url), chromedp.WaitVisible(pg.wait, chromedp.ByQuery))
			if l, dr := pg.b.attr("html", "lang"), pg.b.attr("html", "dir"); l != lang || dr != dir {
				t.Errorf("%s in %s: lang=%q dir=%q", pg.name, lang, l, dr)
			}
			if h := pg.b.content(pg.sel); !strings.Contains(h, pg.want) {
				t.Errorf("%s in %s: %s = %q, want %q", pg.name, lang, pg.sel, h, pg.want)
			}
			if pg.name == "projector" {
				pg.b.fitsWidth("projector in " + lang)
			}
			if pg.name == "results" && lang == "ar" {
				// An English statement in the Arabic list keeps its full
				// stop at its end: it is laid out left to right.
				var dirs []string
				pg.b.run(chromedp.Evaluate(`Array.from(document.querySelectorAll('ol.top bdi[lang="en"], table bdi[lang="en"]')).map(e => getComputedStyle(e).direction)`, &dirs))
				if len(dirs) == 0 || slices.Contains(dirs, "rtl") {
					t.Errorf("results in Arabic: English statements' directions %q, want each ltr", dirs)
				}
			}
			if lang != "en" || pg.name == "overlap" { // English was checked on the way
				pg.b.settle()
				pg.b.checkPage("flow-" + pg.name + "-" + lang)
			}
		}
	}
	// The agenda, the group names and the bodies in Arabic.
	walkTranslations(t, chair, meetingURL)
	t.Logf("step 7 at %v", time.Since(start).Round(time.Second))
	// 7. The outcome document, from the first draft to the public page.
	walkOutcome(t, chair, people["delegate"].b, people["delegate2"].b, meetingURL)
	t.Logf("step 8 at %v", time.Since(start).Round(time.Second))
	// 8. A partnership proposal becomes a partnership.
	walkPartnership(t, chair, meetingURL)
	t.Logf("step 9 at %v", time.Since(start).Round(time.Second))
	// 9. The follow-up: the reminders the server sent on its start, a
	// commitment's translations, the commitments import from the page
	// (walkFollowUpDemo); a review cycle, a progress report, its review
	// and the cycle's review report (walkFollowUp).
	walkFollowUpDemo(t, chair, people["delegate"].b)
	walkFollowUp(t, chair)
	t.Logf("step 10 at %v", time.Since(start).Round(time.Second))
	// 10. Times and calendars: the meeting's .ics, the delegate's
	// subscription, a session moved by the secretariat (walkCalendar).
	sec := chair.incognito(shot)
	sec.login("secretariat@demo.plenary.local")
	walkCalendar(t, sec, people["delegate"].b, meetingURL)
	t.Logf("step 11 at %v", time.Since(start).Round(time.Second))
	// 11. E-mail: an invitation by e-mail, read in the demo mailbox, and
	// a password reset from the login page.
	walkMail(t, chair)
	t.Logf("the whole flow took %v", time.Since(start).Round(time.Second))
}

// incognito opens a browser context of its own (its own cookies) in the
// same Chromium, which is much lighter than a second Chromium.
//
// chromedp.WithNewBrowserContext asks for the new tab with newWindow
// false, which this Chromium refuses in a fresh browser context ("no
// browser is open"), so the context and its first window are made here.
func (b *browser) incognito(shot int) *browser {
	b.t.Helper()
	c := chromedp.FromContext(b.ctx)
	exec := cdp.WithExecutor(b.ctx, c.Browser)
	bc, err := target.CreateBrowserContext().WithDisposeOnDetach(true).Do(exec)
	if err != nil {
		b.t.Fatalf("new browser context: %v", err)
	}
	tid, err := target.CreateTarget("about:blank").WithBrowserContextID(bc).WithNewWindow(true).Do(exec)
	if err != nil {
		b.t.Fatalf("new window: %v", err)
	}
	ctx, cancel := chromedp.NewContext(b.ctx, chromedp.WithTargetID(tid))
	b.t.Cleanup(cancel)
	return &browser{t: b.t, ctx: ctx, base: b.base, axe: b.axe, shot: shot}
}

// yourGroup opens the meeting and returns the path of the breakout group
// the page links as the user's own.
func (b *browser) yourGroup() string {
	b.t.Helper()
	var href string
	b.run(chromedp.Navigate(b.base+"/"), chromedp.Click(`a[href^="/meetings/"]`, chromedp.ByQuery), chromedp.WaitVisible("article.agenda", chromedp.ByQuery),
		chromedp.AttributeValue("a.your-group", "href", &href, nil, chromedp.ByQuery))
	return strings.SplitN(href, "?", 2)[0]
}

// settle waits until no animation runs, so that axe-core does not measure
// colours halfway through a fade.
func (b *browser) settle() {
	b.t.Helper()
	var ok bool
	b.run(chromedp.Poll(`document.getAnimations().every(a => a.playState !== "running")`, &ok, chromedp.WithPollingTimeout(5*time.Second)))
}

// checkPage checks the current page with axe-core, and that no message on
// it was badly formatted (a catalogue string given the wrong arguments
// prints "%!d(MISSING)" or "%!(EXTRA int=5)").
func (b *browser) checkPage(name string) {
	b.t.Helper()
	if txt := b.content("body"); strings.Contains(txt, "%!") {
		i := strings.Index(txt, "%!")
		b.t.Errorf("%s: a badly formatted message: %q", name, txt[max(0, i-80):min(len(txt), i+40)])
	}
	b.checkA11y(name)
}

// fitsWidth fails if anything on the page reaches past either side of the
// window (on the projector, what is cut off is lost to the room).
func (b *browser) fitsWidth(name string) {
	b.t.Helper()
	var over []string
	b.run(chromedp.Evaluate(`(() => {
		const w = document.documentElement.clientWidth, out = [];
		if (document.documentElement.scrollWidth > w) out.push("the page is " + document.documentElement.scrollWidth + " px wide");
		document.querySelectorAll("body *").forEach(e => {
			const r = e.getBoundingClientRect();
			if (r.width > 0 && (r.left < -1 || r.right > w + 1)) out.push(e.tagName + "." + e.className + " from " + Math.round(r.left) + " to " + Math.round(r.right));
		});
		return out.slice(0, 10);
	})()`, &over))
	if len(over) > 0 {
		b.t.Errorf("%s does not fit the window's width: %v", name, over)
	}
}

// count returns how many elements match sel.
func (b *browser) count(sel string) int {
	b.t.Helper()
	var n int
	b.run(chromedp.Evaluate(`document.querySelectorAll(`+jsString(sel)+`).length`, &n))
	return n
}

// content is the text of sel, hidden parts included (the projector hides
// the slides it is not showing).
func (b *browser) content(sel string) string {
	b.t.Helper()
	var s string
	b.run(chromedp.Evaluate(`(document.querySelector(`+jsString(sel)+`) || {}).textContent || ""`, &s))
	return s
}

// waitContent waits until the text of sel, hidden or not, contains want.
func (b *browser) waitContent(sel, want string, timeout time.Duration) {
	b.t.Helper()
	var ok bool
	err := chromedp.Run(b.ctx, chromedp.Poll(`(function () { var e = document.querySelector(`+jsString(sel)+`); return !!e && e.textContent.indexOf(`+jsString(want)+`) >= 0; })()`, &ok,
		chromedp.WithPollingTimeout(timeout)))
	if err != nil || !ok {
		b.t.Fatalf("%s does not show %q within %v; it reads %q (%v)", sel, want, timeout, b.content(sel), err)
	}
}

// voteAll votes on every statement the voting page offers, choosing each
// vote from the statement's text, and returns how many it voted on. With
// JavaScript the next statement replaces the one voted on.
func (b *browser) voteAll(choose func(text string) string) int {
	b.t.Helper()
	n := 0
	for ; n < 50; n++ {
		var before string
		var done bool
		b.run(chromedp.Evaluate(`!!document.querySelector(".vote-done")`, &done))
		if done {
			return n
		}
		b.run(chromedp.Text("#vote-text", &before, chromedp.ByQuery))
		b.run(chromedp.Click("button.vote-"+choose(before), chromedp.ByQuery))
		var changed bool
		b.run(chromedp.Poll(`(function () { var e = document.getElementById("vote-text"); return !!e && e.innerText !== `+jsString(before)+`; })()`, &changed,
			chromedp.WithPollingTimeout(10*time.Second)))
		if !changed {
			b.t.Fatalf("vote %d: the next statement did not come", n+1)
		}
	}
	b.t.Fatal("the voting page never says all is voted")
	return n
}

// rankAndSubmit places the candidates whose text contains each of order's
// words in that order, leaves the others unranked, and casts the ballot.
func (b *browser) rankAndSubmit(order []string) {
	b.t.Helper()
	var placed int
	b.run(chromedp.Evaluate(fmt.Sprintf(`(order => { let n = 0; document.querySelectorAll("ol.candidates li.candidate").forEach(li => {
		const t = li.querySelector(".candidate-text").textContent;
		const i = order.findIndex(w => t.includes(w));
		li.querySelector("select").value = i >= 0 ? String(i + 1) : "";
		if (i >= 0) n++;
	}); return n; })(%s)`, jsStrings(order)), &placed))
	if placed != len(order) {
		b.t.Fatalf("only %d of the candidates %v are on the ballot", placed, order)
	}
	b.submitBallot()
}

// rankPositions puts the candidate listed pos[k]-th at place k+1 and casts
// the ballot.
func (b *browser) rankPositions(pos []int) {
	b.t.Helper()
	js := `(pos => { const s = document.querySelectorAll("form.ranking-form ol.candidates select"); s.forEach(x => x.value = ""); pos.forEach((p, k) => s[p].value = String(k + 1)); return s.length; })(` + jsInts(pos) + `)`
	var n int
	b.run(chromedp.Evaluate(js, &n))
	if n != len(pos) {
		b.t.Fatalf("%d candidates on the ballot, want %d", n, len(pos))
	}
	b.submitBallot()
}

func (b *browser) submitBallot() {
	b.t.Helper()
	b.run(chromedp.Evaluate(`document.documentElement.setAttribute("data-leaving", "1")`, nil),
		chromedp.Submit("form.ranking-form select", chromedp.ByQuery),
		chromedp.WaitNotPresent("html[data-leaving]", chromedp.ByQuery),
		chromedp.WaitVisible(".flash", chromedp.ByQuery))
	if f := b.text(".flash"); !strings.Contains(f, "ballot was saved") {
		b.t.Fatalf("flash after ranking = %q", f)
	}
}

func jsStrings(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = jsString(s)
	}
	return "[" + strings.Join(q, ",") + "]"
}

func jsInts(ns []int) string {
	q := make([]string, len(ns))
	for i, n := range ns {
		q[i] = strconv.Itoa(n)
	}
	return "[" + strings.Join(q, ",") + "]"
}

// groupPlan is what a breakout group does in TestWholeFlowOfGRCP7.
type groupPlan struct {
	name       string
	path       string
	rapporteur string
	members    []string
	statements map[string][]string // who writes what
}

// size is the number of statements the group writes.
func (g groupPlan) size() int {
	n := 0
	for _, ss := range g.statements {
		n += len(ss)
	}
	return n
}
