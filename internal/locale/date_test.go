package locale

import (
	"testing"
	"time"
)

func TestDates(t *testing.T) {
	c := MustLoad()
	at := time.Date(2026, time.December, 7, 14, 5, 9, 0, time.UTC)
	may := time.Date(2027, time.May, 1, 9, 0, 0, 0, time.UTC)
	geneva, err := time.LoadLocation("Europe/Zurich")
	if err != nil {
		t.Skip("no time zone database:", err)
	}
	for _, tc := range []struct {
		lang, date, dateTime, may, local string
	}{
		{"en", "7 December 2026", "7 December 2026, 14:05 UTC", "1 May 2027", "7 December 2026, 15:05 CET"},
		{"fr", "7 décembre 2026", "7 décembre 2026 à 14:05 UTC", "1 mai 2027", "7 décembre 2026 à 15:05 CET"},
		{"es", "7 de diciembre de 2026", "7 de diciembre de 2026, 14:05 UTC", "1 de mayo de 2027", "7 de diciembre de 2026, 15:05 CET"},
		{"ar", "7 ديسمبر 2026", "7 ديسمبر 2026، 14:05 UTC", "1 مايو 2027", "7 ديسمبر 2026، 15:05 CET"},
		{"zh", "2026年12月7日", "2026年12月7日 14:05 UTC", "2027年5月1日", "2026年12月7日 15:05 CET"},
		{"ru", "7 декабря 2026 г.", "7 декабря 2026 г., 14:05 UTC", "1 мая 2027 г.", "7 декабря 2026 г., 15:05 CET"},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			p := c.Printer(tc.lang)
			if got := p.Date(at); got != tc.date {
				t.Errorf("Date = %q, want %q", got, tc.date)
			}
			if got := p.DateTime(at); got != tc.dateTime {
				t.Errorf("DateTime = %q, want %q", got, tc.dateTime)
			}
			if got := p.Date(may); got != tc.may {
				t.Errorf("Date(1 May) = %q, want %q", got, tc.may)
			}
			if got := p.Day("2027-05-01"); got != tc.may {
				t.Errorf("Day(2027-05-01) = %q, want %q", got, tc.may)
			}
			if got := p.DateTime(at.In(geneva)); got != tc.local {
				t.Errorf("DateTime(Geneva) = %q, want %q", got, tc.local)
			}
			if p.Date(time.Time{}) != "" || p.DateTime(time.Time{}) != "" || p.Time(time.Time{}) != "" {
				t.Error("the zero time is not empty")
			}
			for _, s := range []string{"", "2027-05", "soon", "2027-02-30"} {
				if got := p.Day(s); got != s {
					t.Errorf("Day(%q) = %q, want it unchanged", s, got)
				}
			}
		})
	}
	// Every language of the menu has its table, and an unknown language
	// writes English.
	for _, l := range Languages {
		if _, ok := dateFormats[l.Code]; !ok {
			t.Errorf("%s: no date format", l.Code)
		}
	}
	if got := c.Printer("de").Date(at); got != "7 December 2026" {
		t.Errorf("unknown language: %q", got)
	}
}
