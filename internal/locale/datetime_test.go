package locale

import (
	"testing"
	"time"
)

func TestDateTime(t *testing.T) {
	c := MustLoad()
	start := time.Date(2017, 10, 10, 9, 0, 0, 0, time.UTC)
	end := time.Date(2017, 10, 10, 12, 30, 0, 0, time.UTC)
	next := time.Date(2017, 10, 11, 9, 30, 0, 0, time.UTC)
	for _, tc := range []struct{ lang, same, across string }{
		{"en", "Tuesday 10 October 2017, 09:00–12:30", "Tuesday 10 October 2017, 09:00 – Wednesday 11 October 2017, 09:30"},
		{"fr", "mardi 10 octobre 2017, 09:00–12:30", "mardi 10 octobre 2017, 09:00 – mercredi 11 octobre 2017, 09:30"},
		{"es", "martes, 10 de octubre de 2017, 09:00–12:30", "martes, 10 de octubre de 2017, 09:00 – miércoles, 11 de octubre de 2017, 09:30"},
		{"ar", "الثلاثاء، 10 أكتوبر 2017، 09:00–12:30", "الثلاثاء، 10 أكتوبر 2017، 09:00 – الأربعاء، 11 أكتوبر 2017، 09:30"},
		{"zh", "2017年10月10日星期二 09:00–12:30", "2017年10月10日星期二 09:00 – 2017年10月11日星期三 09:30"},
		{"ru", "вторник, 10 октября 2017 г., 09:00–12:30", "вторник, 10 октября 2017 г., 09:00 – среда, 11 октября 2017 г., 09:30"},
	} {
		p := c.Printer(tc.lang)
		if got := p.TimeRange(start, end); got != tc.same {
			t.Errorf("%s: %q, want %q", tc.lang, got, tc.same)
		}
		if got := p.TimeRange(start, next); got != tc.across {
			t.Errorf("%s: %q, want %q", tc.lang, got, tc.across)
		}
	}
	for _, l := range Languages {
		if _, ok := dateNames[l.Code]; !ok {
			t.Errorf("no month and weekday names in %s", l.Code)
		}
	}
}
