package e2e

import (
	"archive/zip"
	"bytes"
	"encoding/base64"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// The demo's commitment walkFollowUp reports on, owned by the Regional
// Conference on Migration, which delegate@ acts for.
const fuCommitment = "Commitment on digital remittances and financial inclusion"

// walkFollowUp is the follow-up of the demo, each person in a browser
// context of their own (made from root): the secretariat reads the
// process's review cycles (the closed regional review of 2024 with its
// review report, the open IMRF 2026) and opens a review cycle of its own
// for one commitment; the owner (delegate@, for the Regional Conference on
// Migration) finds the report it owes on its account page and reports
// progress with an indicator value; the secretariat accepts it, the
// cycle, the commitment's page and the dashboard (the cycle's reporting,
// the indicator's chart) show it, and closing the cycle makes its review report, which downloads as
// DOCX and PDF with the commitment and the value in it.
// axe-core checks every page, the review report in Arabic too.
func walkFollowUp(t *testing.T, root *browser) {
	t.Helper()
	start := time.Now()
	base := root.base
	sec := root.incognito(2000)
	sec.login("secretariat@demo.plenary.local")

	// The process's review cycles.
	sec.run(chromedp.Navigate(base+"/"), chromedp.WaitVisible("h1", chromedp.ByQuery))
	proc := sec.attr(`main h2 a[href^="/processes/"]`, "href")
	if proc == "" {
		t.Fatal("the home page links no process")
	}
	sec.run(chromedp.Navigate(base+proc+"/cycles"), chromedp.WaitVisible("#h-cycles", chromedp.ByQuery))
	cycles := sec.text("table")
	for _, want := range []string{"Regional review 2024 (demonstration)", "IMRF 2026 (demonstration)"} {
		if !strings.Contains(cycles, want) {
			t.Errorf("the cycles page does not list %q:\n%s", want, cycles)
		}
	}
	sec.checkPage("followup-cycles")

	// The open cycle shows where each commitment's reporting stands; the
	// commitment walked is still to be reported on.
	sec.clickAndLoad(sec.linkWithText("IMRF 2026 (demonstration)"), "#h-lines")
	sec.checkPage("followup-cycle-open")
	var commitment string
	sec.run(chromedp.Evaluate(`(Array.from(document.querySelectorAll("#h-lines ~ div a[href^='/commitments/']")).find(a => a.textContent.startsWith(`+jsString(fuCommitment)+`)) || {}).pathname || ""`, &commitment))
	if commitment == "" {
		t.Fatalf("the open cycle does not list %q", fuCommitment)
	}
	commitmentID := strings.TrimPrefix(commitment, "/commitments/")

	// The closed cycle links its review report.
	sec.run(chromedp.Navigate(base+proc+"/cycles"), chromedp.WaitVisible("#h-cycles", chromedp.ByQuery))
	sec.clickAndLoad(sec.linkWithText("Regional review 2024 (demonstration)"), "#h-lines")
	if n := sec.count("tr.late"); n < 3 {
		t.Errorf("the closed cycle shows %d late lines, want 3 or more", n)
	}
	sec.checkPage("followup-cycle-closed")
	sec.clickAndLoad(`main a.button[href$="/report"]`, "article.doc")
	sec.checkPage("followup-review-report-2024")
	var report2024 string
	sec.run(chromedp.Location(&report2024))
	t.Logf("follow-up: the demo's cycles read at %v", time.Since(start).Round(time.Second))

	// The secretariat opens a cycle of its own for the commitment.
	const name = "Regional review 2026 (browser test)"
	deadline := time.Now().AddDate(0, 0, 30).Format(time.DateOnly)
	sec.run(chromedp.Navigate(base+proc+"/cycles"), chromedp.WaitVisible("#f-name", chromedp.ByQuery),
		chromedp.SendKeys("#f-name", name, chromedp.ByQuery),
		chromedp.SetValue("#f-deadline", deadline, chromedp.ByQuery),
		chromedp.SetValue("#f-commitments", commitmentID, chromedp.ByQuery),
		chromedp.Evaluate(`document.querySelector("input[name=languages][value=en]").checked = true`, nil))
	sec.clickAndLoad(`form[action$="/cycles"] button[type=submit]`, ".flash")
	sec.flashIs("The review cycle is open: the owners see the reports they owe.")
	var cycleURL string
	sec.run(chromedp.Location(&cycleURL))
	if h := sec.text("h1"); h != name {
		t.Errorf("the new cycle is titled %q", h)
	}
	sec.checkPage("followup-cycle-new")

	t.Logf("follow-up: a cycle opened at %v", time.Since(start).Round(time.Second))
	// The owner finds the report it owes on its account page and writes
	// it, with a value of the commitment's indicator.
	owner := root.incognito(2100)
	owner.login("delegate@demo.plenary.local")
	owner.run(chromedp.Navigate(base+"/account"), chromedp.WaitVisible("#notifications", chromedp.ByQuery))
	var found bool
	owner.run(chromedp.Evaluate(`(() => {
		const li = Array.from(document.querySelectorAll("#notifications li")).find(li => li.textContent.includes(`+jsString(name)+`));
		const a = li && li.querySelector("a");
		if (a) a.setAttribute("data-chosen", "");
		return !!a;
	})()`, &found))
	if !found {
		t.Fatalf("delegate@'s account page does not list the report owed in %q:\n%s", name, owner.text("#notifications"))
	}
	owner.checkPage("followup-account")
	owner.clickAndLoad("a[data-chosen]", "#f-narrative")
	if got := owner.attr("#f-cycle option[selected]", "value"); got == "" {
		t.Errorf("the report form does not answer the cycle it was opened from")
	}
	owner.checkPage("followup-report-form")
	var indicatorID string
	const narrative = "The central banks of five member States licensed mobile money providers for remittances. (Browser test.)"
	owner.run(chromedp.SetValue("#f-period_from", "2026-01-01", chromedp.ByQuery),
		chromedp.SetValue("#f-period_to", "2026-11-30", chromedp.ByQuery),
		chromedp.SendKeys("#f-period_label", "2026", chromedp.ByQuery),
		chromedp.SendKeys("#f-narrative", narrative, chromedp.ByQuery),
		chromedp.Evaluate(`(() => { const s = document.getElementById("f-values.0.indicator"); s.value = s.options[1].value; return s.value; })()`, &indicatorID),
		chromedp.SetValue(`[id="f-values.0.on"]`, "2026-11-30", chromedp.ByQuery),
		chromedp.SendKeys(`[id="f-values.0.value"]`, "63.5", chromedp.ByQuery))
	owner.clickAndLoad(`form[action$="/reports"] button[type=submit]`, ".flash")
	owner.flashIs("The report is saved.")
	var reportURL string
	owner.run(chromedp.Location(&reportURL))
	owner.clickAndLoad(`form[action$="/submit"] button[type=submit]`, ".flash")
	owner.flashIs("The report is submitted to the secretariat.")
	if txt := owner.text("main"); !strings.Contains(txt, narrative) || !strings.Contains(txt, "63.5") {
		t.Errorf("the submitted report lacks its narrative or its value:\n%s", txt)
	}
	owner.checkPage("followup-report-submitted")

	t.Logf("follow-up: the report submitted at %v", time.Since(start).Round(time.Second))
	// The secretariat accepts it; the cycle shows it.
	sec.run(chromedp.Navigate(reportURL), chromedp.WaitVisible(`form[action$="/accept"]`, chromedp.ByQuery))
	sec.checkPage("followup-report-review")
	sec.clickAndLoad(`form[action$="/accept"] button[type=submit]`, ".flash")
	sec.flashIs("The report is accepted; the commitment's status is updated.")
	sec.run(chromedp.Navigate(cycleURL), chromedp.WaitVisible("#h-lines", chromedp.ByQuery))
	if txt := sec.text("main"); !strings.Contains(txt, "Report accepted") || !strings.Contains(txt, "Reporting rate: 100%") {
		t.Errorf("the cycle does not show the accepted report:\n%s", txt)
	}
	// The commitment's page, linked from the cycle, gives the value as
	// its indicator's latest.
	sec.clickAndLoad(`#h-lines ~ div a[href^="/commitments/"]`, "#indicators")
	if txt := sec.text("main"); !strings.Contains(txt, "63.5") {
		t.Errorf("the commitment's page does not give the accepted value:\n%s", txt)
	}
	sec.checkPage("followup-commitment")
	sec.run(chromedp.Navigate(cycleURL), chromedp.WaitVisible("#h-lines", chromedp.ByQuery))

	// The dashboard shows it: the cycle's reporting, and the indicator's
	// values over time.
	cycleID := strings.TrimPrefix(strings.SplitN(cycleURL, "?", 2)[0], base+"/cycles/")
	sec.run(chromedp.Navigate(base+proc), chromedp.WaitVisible("h1", chromedp.ByQuery))
	sec.clickAndLoad(`main a[href$="/dashboard"]`, "#f-cycle")
	sec.run(chromedp.SetValue("#f-cycle", cycleID, chromedp.ByQuery))
	sec.clickAndLoad(`form.filters button[type=submit]`, "#chart-reporting-figure")
	var cells []string
	sec.run(chromedp.Evaluate(`Array.from(document.querySelectorAll("#chart-reporting-figure table tbody tr:first-child > *")).map(c => c.textContent.trim())`, &cells))
	if len(cells) != 4 || cells[1] != "1 (100%)" || cells[2] != "0 (0%)" || cells[3] != "0 (0%)" {
		t.Errorf("the dashboard's reporting of %q reads %q, want one reported on time, none late, none missing", name, cells)
	}
	sec.checkPage("followup-dashboard")
	sec.run(chromedp.Navigate(base+"/indicators/"+indicatorID+"/chart"), chromedp.WaitVisible("figure.chart", chromedp.ByQuery))
	if txt := sec.content("figure.chart table"); !strings.Contains(txt, "63.5") {
		t.Errorf("the indicator's chart does not give the value reported:\n%s", txt)
	}
	sec.checkPage("followup-indicator-chart")
	sec.run(chromedp.Navigate(cycleURL), chromedp.WaitVisible("#h-lines", chromedp.ByQuery))

	// Closing the cycle makes its review report, which exports.
	sec.clickAndLoad(`form[action$="/close"] button[type=submit]`, ".flash")
	sec.flashIs("The cycle is closed and its review report made.")
	if txt := sec.text("article.doc"); !strings.Contains(txt, fuCommitment) || !strings.Contains(txt, "63.5") {
		t.Errorf("the review report lacks the commitment or its value:\n%s", txt)
	}
	sec.checkPage("followup-review-report")
	sec.reviewExports(fuCommitment, "63.5")
	t.Logf("follow-up: the review report exported at %v", time.Since(start).Round(time.Second))

	// The 2024 review report in Arabic, in an Arabic page.
	sec.run(chromedp.Navigate(report2024+"?lang=ar"), chromedp.WaitVisible(`html[dir="rtl"]`, chromedp.ByQuery), chromedp.WaitVisible(`article.doc[lang="ar"]`, chromedp.ByQuery))
	sec.settle()
	sec.checkPage("followup-review-report-2024-ar")
}

// linkWithText marks the first link of the page's main part whose text is
// text and returns a selector for it.
func (b *browser) linkWithText(text string) string {
	b.t.Helper()
	var found bool
	b.run(chromedp.Evaluate(`(() => {
		document.querySelectorAll("[data-link-chosen]").forEach(e => e.removeAttribute("data-link-chosen"));
		const a = Array.from(document.querySelectorAll("main a[href]")).find(a => a.textContent.trim() === `+jsString(text)+`);
		if (a) a.setAttribute("data-link-chosen", "");
		return !!a;
	})()`, &found))
	if !found {
		b.t.Fatalf("the page links no %q", text)
	}
	return "a[data-link-chosen]"
}

// reviewExports downloads the review report on the page as DOCX and PDF
// (with the secretariat's session) and checks that each holds every one
// of want: the DOCX's document part, the PDF's text as pdftotext reads
// it.
func (b *browser) reviewExports(want ...string) {
	b.t.Helper()
	var got []struct {
		Href, Type, Data string
		Status           int
	}
	b.run(chromedp.Evaluate(`Promise.all(Array.from(document.querySelectorAll('a[href*="/report/export?format="]')).filter(a => /format=(docx|pdf)/.test(a.href)).map(a =>
		fetch(a.href).then(r => r.arrayBuffer().then(buf => {
			let s = ""; new Uint8Array(buf).forEach(c => s += String.fromCharCode(c));
			return {href: a.getAttribute("href"), status: r.status, type: r.headers.get("content-type") || "", data: btoa(s)};
		}))))`, &got, func(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }))
	seen := map[string]bool{}
	for _, d := range got {
		data, err := base64.StdEncoding.DecodeString(d.Data)
		if err != nil || d.Status != 200 || len(data) == 0 {
			b.t.Errorf("%s answers %d with %d bytes (%v)", d.Href, d.Status, len(data), err)
			continue
		}
		var text string
		switch {
		case strings.Contains(d.Href, "format=docx"):
			seen["docx"] = true
			text = docxText(b.t, data)
		case strings.Contains(d.Href, "format=pdf"):
			seen["pdf"] = true
			if _, err := exec.LookPath("pdftotext"); err != nil {
				b.t.Logf("pdftotext is not installed: the PDF's text is not read")
				continue
			}
			name := filepath.Join(b.t.TempDir(), "review.pdf")
			if err := os.WriteFile(name, data, 0o644); err != nil {
				b.t.Fatal(err)
			}
			out, err := exec.Command("pdftotext", "-enc", "UTF-8", name, "-").Output()
			if err != nil {
				b.t.Fatalf("pdftotext: %v", err)
			}
			// The PDF sets "fi" and "fl" as ligatures, which pdftotext
			// gives back as one character.
			text = strings.NewReplacer("\ufb01", "fi", "\ufb02", "fl", "\ufb00", "ff", "\ufb03", "ffi", "\ufb04", "ffl").Replace(strings.Join(strings.Fields(string(out)), " "))
		}
		for _, w := range want {
			if !strings.Contains(text, w) {
				b.t.Errorf("%s does not hold %q; it reads:\n%s", d.Href, w, text[:min(len(text), 3000)])
			}
		}
	}
	for _, f := range []string{"docx", "pdf"} {
		if !seen[f] {
			b.t.Errorf("the review report has no %s download", f)
		}
	}
}

// docxText is the text of a DOCX's document part, its XML tags dropped.
func docxText(t *testing.T, data []byte) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("the DOCX is not a zip: %v", err)
	}
	for _, f := range zr.File {
		if f.Name != "word/document.xml" {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		defer rc.Close()
		x, err := io.ReadAll(rc)
		if err != nil {
			t.Fatal(err)
		}
		var sb strings.Builder
		in := false
		for _, r := range string(x) {
			switch {
			case r == '<':
				in = true
			case r == '>':
				in = false
			case !in:
				sb.WriteRune(r)
			}
		}
		return sb.String()
	}
	t.Fatal("the DOCX has no word/document.xml")
	return ""
}
