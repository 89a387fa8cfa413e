package locale

import (
	"strconv"
	"time"
)

// Dates are written as each language writes them in running text, after the
// long date and short time patterns of the Unicode CLDR (version 46,
// cldr.unicode.org, "gregorian" calendar, format-wide month names; English
// follows en-001, the English of international organisations):
//
//	en  7 December 2026, 14:05 UTC          d MMMM y, HH:mm
//	fr  7 décembre 2026 à 14:05 UTC         d MMMM y 'à' HH:mm
//	es  7 de diciembre de 2026, 14:05 UTC   d 'de' MMMM 'de' y, HH:mm
//	ar  7 ديسمبر 2026، 14:05 UTC            d MMMM y، HH:mm
//	zh  2026年12月7日 14:05 UTC             y年M月d日 HH:mm
//	ru  7 декабря 2026 г., 14:05 UTC        d MMMM y 'г'., HH:mm
//
// Every language uses the 24-hour clock with two-digit hours (CLDR's
// Spanish H:mm would write 9:05; the schedules write 09:05), as the United Nations' meeting
// schedules do in all six languages. Arabic keeps the digits 0-9, as
// Number does (see number.go). golang.org/x/text formats numbers but not
// dates, so the month names are a table copied from CLDR (dateNames in
// datetime.go, which also writes full dates with their weekday and spans of
// time).
type dateFormat struct {
	date     func(d, month, y string) string // month: as dateNames writes it in a date
	joinTime string                          // between the date and the time
}

var dateFormats = map[string]dateFormat{
	"en": {
		date:     func(d, m, y string) string { return d + " " + m + " " + y },
		joinTime: ", ",
	},
	"fr": {
		date:     func(d, m, y string) string { return d + " " + m + " " + y },
		joinTime: " à ",
	},
	"es": {
		date:     func(d, m, y string) string { return d + " de " + m + " de " + y },
		joinTime: ", ",
	},
	"ar": {
		date:     func(d, m, y string) string { return d + " " + m + " " + y },
		joinTime: "، ",
	},
	"zh": {
		date:     func(d, m, y string) string { return y + "年" + m + d + "日" },
		joinTime: " ",
	},
	"ru": {
		date:     func(d, m, y string) string { return d + " " + m + " " + y + " г." },
		joinTime: ", ",
	},
}

func (p *Printer) dateFormat() dateFormat {
	if f, ok := dateFormats[p.Lang.Code]; ok {
		return f
	}
	return dateFormats["en"]
}

// Date writes the calendar day of t, in t's location, as the printer's
// language writes a date: "7 December 2026", "7 de diciembre de 2026",
// "2026年12月7日". The zero time gives "".
func (p *Printer) Date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	n, ok := dateNames[p.Lang.Code]
	if !ok {
		n = dateNames["en"]
	}
	return p.dateFormat().date(strconv.Itoa(t.Day()), n.months[t.Month()-1], strconv.Itoa(t.Year()))
}

// Time writes the time of day of t, in t's location, on the 24-hour clock
// with the zone's abbreviation: "14:05 UTC", "09:30 CET". A zone without an
// abbreviation is written as its offset ("+03").
func (p *Printer) Time(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("15:04 MST")
}

// DateTime writes t, in t's location, as a date and a time of day:
// "7 December 2026, 14:05 UTC", "7 décembre 2026 à 14:05 UTC". The zero
// time gives "".
func (p *Printer) DateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return p.Date(t) + p.dateFormat().joinTime + p.Time(t)
}

// Day writes an ISO calendar date ("2026-12-07", as forms and the store
// keep days) as Date does; text that is not such a date is returned as it
// is, so a partial or unusual value stays visible rather than lost.
func (p *Printer) Day(iso string) string {
	t, err := time.Parse(time.DateOnly, iso)
	if err != nil {
		return iso
	}
	return p.Date(t)
}
