package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

type axeResult struct {
	Violations []struct {
		ID     string `json:"id"`
		Impact string `json:"impact"`
		Help   string `json:"help"`
		Nodes  []struct {
			Target []any `json:"target"`
		} `json:"nodes"`
	} `json:"violations"`
}

type browser struct {
	t    *testing.T
	ctx  context.Context
	base string
	axe  string
	shot int
}

func newBrowser(t *testing.T, base string) *browser {
	t.Helper()
	return newBrowserFor(t, base, 3*time.Minute)
}

// newBrowserFor is newBrowser whose every action must be done within
// limit of its start.
func newBrowserFor(t *testing.T, base string, limit time.Duration) *browser {
	t.Helper()
	exe := chromiumPath(t)
	axe := axeSource(t)
	// Chromium may still be writing its profile for a moment after it is
	// told to quit, so the profile is removed with retries, not by t.TempDir.
	profile, err := os.MkdirTemp("", "plenary-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		for i := 0; i < 20 && os.RemoveAll(profile) != nil; i++ {
			time.Sleep(100 * time.Millisecond)
		}
	})
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(1280, 1000),
	)
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelB := chromedp.NewContext(actx)
	ctx, cancelC := context.WithTimeout(ctx, limit)
	t.Cleanup(func() { cancelC(); cancelB(); cancelA() })
	return &browser{t: t, ctx: ctx, base: base, axe: axe}
}

func (b *browser) run(actions ...chromedp.Action) {
	b.t.Helper()
	if err := chromedp.Run(b.ctx, actions...); err != nil {
		b.t.Fatalf("browser: %v", err)
	}
}

// checkA11y runs axe-core on the current page and fails the test on any
// serious or critical violation. With PLENARY_SCREENSHOTS set to a
// directory, it also saves a full-page screenshot there.
func (b *browser) checkA11y(name string) {
	b.t.Helper()
	var res axeResult
	var raw string
	b.run(chromedp.Evaluate(b.axe, nil),
		chromedp.Evaluate(`axe.run(document, {resultTypes: ["violations"]}).then(r => JSON.stringify({violations: r.violations}))`, &raw,
			func(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }))
	if err := json.Unmarshal([]byte(raw), &res); err != nil {
		b.t.Fatalf("axe result: %v", err)
	}
	for _, v := range res.Violations {
		if v.Impact == "serious" || v.Impact == "critical" {
			b.t.Errorf("%s: accessibility violation %s (%s): %s, at %v", name, v.ID, v.Impact, v.Help, v.Nodes)
		} else {
			b.t.Logf("%s: minor accessibility finding %s (%s): %s, at %v", name, v.ID, v.Impact, v.Help, v.Nodes)
		}
	}
	if dir := os.Getenv("PLENARY_SCREENSHOTS"); dir != "" {
		var png []byte
		b.run(chromedp.FullScreenshot(&png, 100))
		b.shot++
		os.WriteFile(filepath.Join(dir, fmt.Sprintf("%02d-%s.png", b.shot, name)), png, 0o644)
	}
}

func (b *browser) text(sel string) string {
	b.t.Helper()
	var s string
	b.run(chromedp.Text(sel, &s, chromedp.ByQuery))
	return s
}

func (b *browser) attr(sel, name string) string {
	b.t.Helper()
	var v string
	var ok bool
	b.run(chromedp.AttributeValue(sel, name, &v, &ok, chromedp.ByQuery))
	return v
}

func (b *browser) login(email string) {
	b.t.Helper()
	b.run(chromedp.Navigate(b.base+"/login"),
		chromedp.WaitVisible("#f-email", chromedp.ByQuery),
		chromedp.SendKeys("#f-email", email, chromedp.ByQuery),
		chromedp.SendKeys("#f-password", "plenary-demo", chromedp.ByQuery),
		chromedp.Submit("#f-password", chromedp.ByQuery),
		chromedp.WaitNotPresent("#f-password", chromedp.ByQuery),
		chromedp.WaitVisible("h1", chromedp.ByQuery))
}

// loginSSO logs in through the demo identity provider: "Log in with Demo
// identity provider" on the login page, the provider's page (checked with
// axe-core when check is set), back on plenary logged in.
func (b *browser) loginSSO(email string, check bool) {
	b.t.Helper()
	b.run(chromedp.Navigate(b.base+"/login"),
		chromedp.WaitVisible(`a[href^="/login/sso/demo"]`, chromedp.ByQuery))
	if got := b.text(`a[href^="/login/sso/demo"]`); got != "Log in with Demo identity provider" {
		b.t.Fatalf("the login page's provider button says %q", got)
	}
	b.run(chromedp.Click(`a[href^="/login/sso/demo"]`, chromedp.ByQuery),
		chromedp.WaitVisible("#idp-email", chromedp.ByQuery))
	if !strings.Contains(b.text("p.demo"), "not a real identity provider") {
		b.t.Fatalf("the demo identity provider does not say it is a demonstration: %q", b.text("p.demo"))
	}
	if check {
		b.checkA11y("demo-identity-provider")
	}
	b.run(chromedp.SendKeys("#idp-email", email, chromedp.ByQuery),
		chromedp.SendKeys("#idp-password", "plenary-demo", chromedp.ByQuery),
		chromedp.Submit("#idp-password", chromedp.ByQuery),
		chromedp.WaitNotPresent("#idp-email", chromedp.ByQuery),
		chromedp.WaitVisible("h1", chromedp.ByQuery))
	var loc string
	b.run(chromedp.Location(&loc))
	if !strings.HasPrefix(loc, b.base+"/") || strings.Contains(loc, "/login") {
		b.t.Fatalf("after the demo identity provider the browser is at %s", loc)
	}
}

// TestSecretariatOpensTheSeedMeeting walks the first user story: log in,
// open GRCP 7, find session 2's plenary questions, switch to Arabic and get
// a right-to-left page, with axe-core clean on every page.
func TestSecretariatOpensTheSeedMeeting(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	base := server(t, nil)
	b := newBrowser(t, base)

	b.run(chromedp.Navigate(base+"/login"), chromedp.WaitVisible("#f-email", chromedp.ByQuery))
	b.checkA11y("login")
	b.login("secretariat@demo.plenary.local")
	if h := b.text("h1"); !strings.Contains(h, "processes and meetings") {
		t.Fatalf("home heading = %q", h)
	}
	b.checkA11y("home")

	b.run(chromedp.Click(`a[href^="/meetings/"]`, chromedp.ByQuery), chromedp.WaitVisible("article.agenda", chromedp.ByQuery))
	if h := b.text("h1"); !strings.Contains(h, "Global Compact for Safe, Orderly and Regular Migration") {
		t.Fatalf("meeting title = %q", h)
	}
	var plenary string
	b.run(chromedp.Evaluate(`[...document.querySelectorAll("section.part-plenary")].map(s => s.innerText).join("\n")`, &plenary))
	for _, want := range []string{
		"Plenary Discussion",
		"What five recommendations or actionable commitments were identified by each breakout group?",
		"Which conclusions are concurrent / repeated across the breakout groups?",
		"What are the five overall recommendations arising out of GRCP 7",
	} {
		if !strings.Contains(plenary, want) {
			t.Errorf("session 2's plenary part lacks %q; it reads:\n%s", want, plenary)
		}
	}
	b.checkA11y("meeting")
	var meetingURL string
	b.run(chromedp.Location(&meetingURL))

	for _, p := range []string{"/structure", "/groups", "/members"} {
		b.run(chromedp.Navigate(meetingURL+p), chromedp.WaitVisible("h1", chromedp.ByQuery))
		b.checkA11y(strings.TrimPrefix(p, "/"))
	}
	b.run(chromedp.Navigate(base+"/bodies"), chromedp.WaitVisible("table", chromedp.ByQuery))
	b.checkA11y("bodies")
	b.run(chromedp.Navigate(base+"/frameworks"), chromedp.WaitVisible("table", chromedp.ByQuery))
	b.checkA11y("frameworks")
	b.run(chromedp.Click(`td a[href^="/frameworks/"]`, chromedp.ByQuery), chromedp.WaitVisible("table code", chromedp.ByQuery))
	if txt := b.text("table"); !strings.Contains(txt, "O23") || !strings.Contains(txt, "Whole-of-society approach") {
		t.Fatalf("the Global Compact framework page lacks its items:\n%s", txt)
	}
	b.checkA11y("framework")

	// Switch the interface to Arabic with the language menu.
	b.run(chromedp.Navigate(meetingURL), chromedp.WaitVisible("#lang-select", chromedp.ByQuery),
		chromedp.SetValue("#lang-select", "ar", chromedp.ByQuery),
		chromedp.Submit("#lang-select", chromedp.ByQuery),
		chromedp.WaitVisible(`html[dir="rtl"]`, chromedp.ByQuery))
	if lang, dir := b.attr("html", "lang"), b.attr("html", "dir"); lang != "ar" || dir != "rtl" {
		t.Fatalf("after choosing Arabic: lang=%q dir=%q", lang, dir)
	}
	b.checkA11y("meeting-ar")
	// The choice is kept on the account: the next page is Arabic too.
	b.run(chromedp.Navigate(base+"/bodies"), chromedp.WaitVisible("table", chromedp.ByQuery))
	if dir := b.attr("html", "dir"); dir != "rtl" {
		t.Fatalf("the language choice was not kept: dir=%q", dir)
	}
}
