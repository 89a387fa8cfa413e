package web

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/plenary-org/plenary/internal/locale"
)

// TestDatesInEachLanguage: the history writes its dates as the reader's
// language writes them ("7 décembre 2026 à 14:05 UTC"), never as ISO text,
// and keeps the ISO form for machines in <time datetime>.
func TestDatesInEachLanguage(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	cat := locale.MustLoad()
	iso := regexp.MustCompile(`\b20\d\d-\d\d-\d\d \d\d:\d\d`)
	for _, l := range locale.Languages {
		today := time.Now().UTC()
		page := body(f.get(t, "secretariat", "/meetings/"+f.ids["meeting"]+"/audit", l.Code))
		text := visibleText(page)
		if want := cat.Printer(l.Code).Date(today); !strings.Contains(text, want) {
			t.Errorf("%s: the history lacks today's date written %q:\n%s", l.Code, want, text)
		}
		if s := iso.FindString(text); s != "" {
			t.Errorf("%s: the history shows an ISO date %q", l.Code, s)
		}
		if !strings.Contains(page, `<time datetime="`+today.Format("2006-01-02")+"T") {
			t.Errorf("%s: the history's dates have no machine-readable <time datetime>", l.Code)
		}
	}
}
