package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestPlenarySynthesis walks the plenary's synthesis on the GRCP 7 demo:
// members of two breakout groups write candidate recommendations, and the
// chair reads the groups side by side and the themes across them, renames
// a theme, and reads the page on a phone in English and Arabic. axe-core
// checks every page; PLENARY_SCREENSHOTS keeps a screenshot of each.
func TestPlenarySynthesis(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	base := server(t, nil)
	write := func(email string, texts ...string) {
		b := newBrowser(t, base)
		b.login(email)
		var groupPath string
		b.run(chromedp.Click(`a[href^="/meetings/"]`, chromedp.ByQuery), chromedp.WaitVisible("article.agenda", chromedp.ByQuery),
			chromedp.Click(`a.your-group`, chromedp.ByQuery), chromedp.WaitVisible("#f-text", chromedp.ByQuery), chromedp.Location(&groupPath))
		for _, text := range texts {
			b.run(chromedp.Navigate(groupPath), chromedp.WaitVisible("#f-text", chromedp.ByQuery),
				chromedp.SendKeys("#f-text", text, chromedp.ByQuery),
				chromedp.SetValue("#f-kind", "recommendation", chromedp.ByQuery),
				chromedp.SetValue("#f-lang", "en", chromedp.ByQuery),
				chromedp.Submit("#f-text", chromedp.ByQuery),
				chromedp.WaitVisible(".flash", chromedp.ByQuery))
		}
	}
	write("rapporteur@demo.plenary.local",
		"Open regular pathways for seasonal labour migration between neighbouring states.",
		"Fund the reintegration of returning migrants from a common regional fund.")
	write("delegate@demo.plenary.local",
		"Expand regular pathways for seasonal labour migration between states.",
		"Share labour migration data through the regional consultative process every year.")

	b := newBrowser(t, base)
	b.login("chair@demo.plenary.local")
	b.run(chromedp.Click(`a[href^="/meetings/"]`, chromedp.ByQuery), chromedp.WaitVisible("article.agenda", chromedp.ByQuery),
		chromedp.Click(`a[href$="/plenary"]`, chromedp.ByQuery), chromedp.WaitVisible("#themes", chromedp.ByQuery))
	if sum := b.text(".plenary-summary"); !strings.Contains(sum, "Provisional") || !strings.Contains(sum, "Expand regular pathways") || !strings.Contains(sum, "Conclusions repeated across groups") {
		t.Errorf("summary = %q", sum)
	}
	themes := b.text("section:has(#themes)")
	if !strings.Contains(themes, "in 2 of") || !strings.Contains(themes, "Open regular pathways") {
		t.Fatalf("themes = %q", themes)
	}
	b.checkA11y("plenary")

	// The chair renames the theme the two groups share.
	b.run(chromedp.Evaluate(`(() => { const a = Array.from(document.querySelectorAll("article.theme")).find(a => a.textContent.includes("in 2 of")); const d = a.querySelector(":scope > details"); d.open = true; const i = d.querySelector('input[name="label"]'); i.value = "Regular pathways for seasonal work"; i.form.submit(); })()`, nil),
		chromedp.WaitVisible(".flash", chromedp.ByQuery))
	if f := b.text(".flash"); !strings.Contains(f, "themes were changed") {
		t.Fatalf("flash after renaming = %q", f)
	}
	if h := b.text("section:has(#themes) article.theme h3"); !strings.Contains(h, "Regular pathways for seasonal work") {
		t.Errorf("first theme after renaming = %q", h)
	}

	// On a phone, in English and in Arabic, the page does not scroll
	// sideways and stays accessible.
	var scrollWidth int
	b.run(chromedp.EmulateViewport(360, 780), chromedp.Reload(), chromedp.WaitVisible("#themes", chromedp.ByQuery),
		chromedp.Evaluate(`document.documentElement.scrollWidth`, &scrollWidth))
	if scrollWidth > 360 {
		t.Errorf("the plenary page is %d px wide on a 360 px screen", scrollWidth)
	}
	// With every edit form open, so that axe checks them too.
	b.run(chromedp.Evaluate(`document.querySelectorAll("details").forEach(d => d.open = true)`, nil))
	b.checkA11y("plenary-phone")
	b.run(chromedp.SetValue("#lang-select", "ar", chromedp.ByQuery), chromedp.Submit("#lang-select", chromedp.ByQuery),
		chromedp.WaitVisible(`html[dir="rtl"] #themes`, chromedp.ByQuery),
		chromedp.Evaluate(`document.documentElement.scrollWidth`, &scrollWidth))
	if scrollWidth > 360 {
		t.Errorf("the Arabic plenary page is %d px wide on a 360 px screen", scrollWidth)
	}
	if h := b.text("h1"); h != "خلاصة الجلسة العامة" {
		t.Errorf("Arabic title = %q", h)
	}
	b.run(chromedp.Evaluate(`document.querySelectorAll("details").forEach(d => d.open = true)`, nil))
	b.checkA11y("plenary-phone-ar")

	// An observer reads the same page without the edit forms.
	o := newBrowser(t, base)
	o.login("observer@demo.plenary.local")
	var forms int
	o.run(chromedp.Navigate(base+"/"), chromedp.Click(`a[href^="/meetings/"]`, chromedp.ByQuery), chromedp.WaitVisible("article.agenda", chromedp.ByQuery),
		chromedp.Click(`a[href$="/plenary"]`, chromedp.ByQuery), chromedp.WaitVisible("#themes", chromedp.ByQuery),
		chromedp.Evaluate(`document.querySelectorAll('form[action$="/plenary/themes"]').length`, &forms))
	if forms != 0 {
		t.Errorf("the observer sees %d edit forms", forms)
	}
}
