package e2e

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// TestTranslationPagesInSixLanguages runs axe-core on the secretariat's
// translation pages (docs/TRANSLATION.md) in each of the six languages of
// the interface: a meeting's status view and its form of what the
// language lacks, a process's and the bodies' status views. One page load
// per language and page.
func TestTranslationPagesInSixLanguages(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	base := server(t, nil)
	b := newBrowserFor(t, base, 15*time.Minute)
	b.login("secretariat@demo.plenary.local")
	var meetingURL string
	b.run(chromedp.Navigate(base+"/"), chromedp.WaitVisible(`a[href^="/meetings/"]`, chromedp.ByQuery))
	b.run(chromedp.Click(`a[href^="/meetings/"]`, chromedp.ByQuery), chromedp.WaitVisible("article.agenda", chromedp.ByQuery), chromedp.Location(&meetingURL))
	meetingURL = strings.SplitN(meetingURL, "?", 2)[0]
	var processPath string
	b.run(chromedp.Evaluate(`(document.querySelector('a[href^="/processes/"]') || {}).getAttribute ? document.querySelector('a[href^="/processes/"]').getAttribute("href") : ""`, &processPath))
	if processPath == "" {
		t.Fatal("the meeting page links to no process")
	}
	processPath = strings.SplitN(processPath, "?", 2)[0]
	for _, lang := range []string{"en", "fr", "es", "ar", "zh", "ru"} {
		// The interface's language is the cookie's (the account has no
		// saved one); the form's ?lang= names the language it fills in,
		// which is also the interface's then.
		b.run(chromedp.ActionFunc(func(ctx context.Context) error {
			return network.SetCookie("plenary_lang", lang).WithURL(base).Do(ctx)
		}))
		pages := []struct{ name, url, wait string }{
			{"meeting-status", meetingURL + "/translations", "table.translations-matrix"},
			{"process-status", base + processPath + "/translations", "table.translations-matrix"},
			{"bodies-status", base + "/bodies/translations", "table.translations-matrix"},
		}
		if lang != "en" {
			pages = append(pages, struct{ name, url, wait string }{"meeting-form", meetingURL + "/translations/edit?lang=" + lang + "&missing=1", "main h1"})
		}
		for _, p := range pages {
			b.run(chromedp.Navigate(p.url), chromedp.WaitVisible(p.wait, chromedp.ByQuery))
			if got := b.attr("html", "lang"); got != lang {
				t.Errorf("%s in %s: the page is in %q", p.name, lang, got)
			}
			b.checkPage("translations-" + p.name + "-" + lang)
		}
	}
}
