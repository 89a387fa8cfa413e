package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// TestDashboardPagesInABrowser opens the dashboard (unfiltered, filtered,
// in Arabic) and an indicator's chart in headless Chromium at 1366 px and
// runs axe-core on each: no serious or critical finding. It skips when
// Chromium or axe-core (npm ci) is missing. With PLENARY_SCREENSHOTS set
// to a directory, it saves a screenshot of each page there.
func TestDashboardPagesInABrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test")
	}
	exe := ""
	for _, name := range []string{os.Getenv("PLENARY_CHROMIUM"), "chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); name != "" && err == nil {
			exe = p
			break
		}
	}
	if exe == "" {
		t.Skip("no Chromium (apt-get install chromium, or set PLENARY_CHROMIUM)")
	}
	axe, err := os.ReadFile(filepath.Join("..", "..", "node_modules", "axe-core", "axe.min.js"))
	if err != nil {
		t.Skipf("axe-core is not installed (npm ci): %v", err)
	}
	p := newDashPages(t, 60, &dashPagesSnapshot)
	ts := httptest.NewServer(p.h)
	t.Cleanup(ts.Close)
	// Chromium may still be writing its profile for a moment after it is
	// told to quit (CI failed on it), so the profile is removed with
	// retries, not by t.TempDir.
	profile, err := os.MkdirTemp("", "plenary-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		for i := 0; i < 20 && os.RemoveAll(profile) != nil; i++ {
			time.Sleep(100 * time.Millisecond)
		}
	})
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(exe), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.UserDataDir(profile), chromedp.WindowSize(1366, 900))
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelB := chromedp.NewContext(actx)
	ctx, cancelC := context.WithTimeout(ctx, 3*time.Minute)
	t.Cleanup(func() { cancelC(); cancelB(); cancelA() })
	run := func(actions ...chromedp.Action) {
		t.Helper()
		if err := chromedp.Run(ctx, actions...); err != nil {
			t.Fatalf("browser: %v", err)
		}
	}
	run(chromedp.ActionFunc(func(ctx context.Context) error {
		return network.SetCookie(sessionCookie, p.cookies["secretariat"]).WithURL(ts.URL).Do(ctx)
	}))
	base := ts.URL + "/processes/" + p.w.ProcessID + "/dashboard"
	for i, page := range []struct{ name, url string }{
		{"dashboard", base + "?lang=en"},
		{"dashboard-filtered", base + "?lang=fr&status=on_track&cycle=" + p.w.CycleIDs[0]},
		{"dashboard-arabic", base + "?lang=ar"},
		{"dashboard-chinese", base + "?lang=zh"},
		{"indicator", ts.URL + "/indicators/" + p.w.IndicatorIDs[0] + "/chart?lang=en"},
		{"indicator-arabic", ts.URL + "/indicators/" + p.w.IndicatorIDs[0] + "/chart?lang=ar"},
	} {
		var raw string
		run(chromedp.Navigate(page.url), chromedp.WaitVisible("h1", chromedp.ByQuery),
			chromedp.Evaluate(string(axe), nil),
			chromedp.Evaluate(`axe.run(document, {resultTypes: ["violations"]}).then(r => JSON.stringify(r.violations))`, &raw,
				func(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }))
		var violations []struct {
			ID, Impact, Help string
			Nodes            []struct{ Target []any }
		}
		if err := json.Unmarshal([]byte(raw), &violations); err != nil {
			t.Fatalf("axe: %v", err)
		}
		for _, v := range violations {
			if v.Impact == "serious" || v.Impact == "critical" {
				t.Errorf("%s: %s (%s): %s at %v", page.name, v.ID, v.Impact, v.Help, v.Nodes)
			} else {
				t.Logf("%s: minor %s (%s): %s at %v", page.name, v.ID, v.Impact, v.Help, v.Nodes)
			}
		}
		if dir := os.Getenv("PLENARY_SCREENSHOTS"); dir != "" {
			var png []byte
			run(chromedp.FullScreenshot(&png, 100))
			if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("dash-%d-%s.png", i, page.name)), png, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}
