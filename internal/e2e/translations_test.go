package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/plenary-org/plenary/internal/reference"
)

// TestMeetingInArabic reads the demo meeting in Arabic (walkTranslations)
// on its own: the whole-flow test walks the same after its plenary.
func TestMeetingInArabic(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	base := server(t, nil)
	b := newBrowserFor(t, base, 10*time.Minute)
	b.login("chair@demo.plenary.local")
	var meetingURL string
	b.run(chromedp.Click(`a[href^="/meetings/"]`, chromedp.ByQuery), chromedp.WaitVisible("article.agenda", chromedp.ByQuery), chromedp.Location(&meetingURL))
	walkTranslations(t, b, strings.SplitN(meetingURL, "?", 2)[0])
}

// demoGroupName is the demo's name of the Americas' breakout group in a
// language: its demonstration translation in Arabic and French, English
// elsewhere (internal/demo/translations.go).
func demoGroupName(lang string) string {
	switch lang {
	case "ar":
		return "الأمريكتان ومنطقة البحر الكاريبي"
	case "fr":
		return "Amériques et Caraïbes"
	}
	return "Americas and the Caribbean"
}

// walkTranslations reads GRCP 7 in Arabic (docs/TRANSLATION.md): the
// agenda, the group names and the bodies in Arabic where the demo has a
// translation, with lang="ar" for a screen reader's voice, and in English
// where it has none, marked "(English)" with lang="en"; the contributions
// page's filters give the Global Compact's objectives in Arabic; the
// secretariat's translation status shows what is missing and its form
// opens on it. axe-core checks every page.
func walkTranslations(t *testing.T, chair *browser, meetingURL string) {
	t.Helper()
	chair.run(chromedp.Navigate(meetingURL+"?lang=ar"), chromedp.WaitVisible("article.agenda", chromedp.ByQuery))
	for _, c := range []struct{ sel, want string }{
		{`article.agenda h1 span[lang="ar"][dir="rtl"]`, "آليات التشاور بين الدول بشأن الهجرة"},
		{`article.agenda h3 span[lang="ar"]`, "مدخلات العمليات العالمية المعنية بالهجرة"},
		{`article.agenda section.part h4 span[lang="ar"]`, "مجموعات العمل"},
		{`article.agenda li span[lang="en"][dir="ltr"]`, "to identify ISCM partners' recommendations to the GCM."},
		{`article.agenda small.tx-fallback[lang="en"]`, "(English)"},
		{`#tx-legend`, "ترجمة غير رسمية"},
	} {
		if got := chair.content(c.sel); !strings.Contains(got, c.want) {
			t.Errorf("the Arabic agenda: %s = %q, want %q", c.sel, got, c.want)
		}
	}
	chair.settle()
	chair.checkPage("translations-agenda-ar")

	chair.run(chromedp.Navigate(meetingURL+"/groups?lang=ar"), chromedp.WaitVisible("main h2", chromedp.ByQuery))
	if got := chair.content("main"); !strings.Contains(got, "أفريقيا") || !strings.Contains(got, "Inter-regional and global processes (English)") {
		t.Errorf("the Arabic groups page: %q", got)
	}
	if n := chair.count(`main h2 span[lang="ar"]`); n != 5 {
		t.Errorf("%d group names in Arabic, want 5", n)
	}
	chair.checkPage("translations-groups-ar")

	chair.run(chromedp.Navigate(chair.base+"/bodies?lang=ar"), chromedp.WaitVisible("main table", chromedp.ByQuery))
	if got := chair.content(`main table a span[lang="ar"]`); got == "" {
		t.Error("no body's name in Arabic")
	}
	if got := chair.content("main table"); !strings.Contains(got, "المؤتمر الإقليمي المعني بالهجرة (عملية بويبلا)") || !strings.Contains(got, "Colombo Process (English)") {
		t.Errorf("the Arabic bodies page: %q", got)
	}
	chair.checkPage("translations-bodies-ar")

	// The finding: the Arabic contributions page showed the
	// objectives in English ("Skills development and recognition O18").
	chair.run(chromedp.Navigate(meetingURL+"/contributions?lang=ar"), chromedp.WaitVisible("section.facets", chromedp.ByQuery))
	got := chair.content("section.facets")
	for _, it := range reference.GCM().Items {
		if strings.Contains(got, it.Code+" "+it.ShortLabel+" (") {
			t.Errorf("the Arabic contributions filters give %s in English", it.Code)
		}
	}
	if n := chair.count(`section.facets span[lang="ar"]`); n < 10 || !strings.Contains(got, "O1 البيانات") {
		t.Errorf("the Arabic contributions filters: %d labels in Arabic: %q", n, got)
	}
	chair.checkPage("translations-contributions-ar")

	// The secretariat's status view and the form of what Arabic lacks.
	sec := chair.incognito(900)
	sec.login("secretariat@demo.plenary.local")
	sec.run(chromedp.Navigate(meetingURL+"/translations"), chromedp.WaitVisible("table.translations-matrix", chromedp.ByQuery))
	if got := sec.content(`a[href$="/translations/edit?lang=ar&missing=1"]`); got == "" {
		t.Error("the status view has no link to fill in the Arabic texts")
	}
	sec.checkPage("translations-status")
	sec.run(chromedp.Navigate(meetingURL+"/translations/edit?lang=ar&missing=1"), chromedp.WaitVisible("fieldset.translation textarea", chromedp.ByQuery))
	if got := sec.content("main form"); !strings.Contains(got, "to identify ISCM partners' recommendations to the GCM.") {
		t.Errorf("the form of missing Arabic texts lacks the partner engagement objectives")
	}
	if n := sec.count(`fieldset.translation textarea[lang="ar"][dir="rtl"]`); n == 0 {
		t.Error("no Arabic field")
	}
	sec.checkPage("translations-form-ar")
}
