// Package ical writes iCalendar (RFC 5545) calendars of timed events: the
// sessions and parts of meetings. It is pure: plain values in, bytes out.
//
// Events whose times are in a zone other than UTC are written with a TZID
// parameter naming the IANA zone and a VTIMEZONE component describing that
// zone's offsets over the span of the events (each transition written out,
// without recurrence rules, so that any reader gets them right). Text is
// escaped (backslash, semicolon, comma, line breaks), control characters
// are dropped, and lines are folded at 75 octets without splitting a UTF-8
// character.
package ical

import (
	"bytes"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Calendar is a calendar to write.
type Calendar struct {
	// ProdID names the program that wrote it ("-//plenary//calendar//EN").
	ProdID string
	// Name is the calendar's name, shown by calendar applications.
	Name string
	// Description says what the calendar holds.
	Description string
	// Refresh, when positive, is how often a subscribed application
	// should fetch the calendar again (REFRESH-INTERVAL, X-PUBLISHED-TTL).
	Refresh time.Duration
	Events  []Event
}

// Event is one timed event (VEVENT).
type Event struct {
	// UID identifies the event for ever, across changes of its times.
	UID string
	// Start and End carry their location: an event in UTC is written in
	// UTC, any other with the location's name as TZID.
	Start, End time.Time
	Summary    string
	// Description and Location are optional.
	Description string
	Location    string
	URL         string
	// Sequence counts the changes of the event's times (SEQUENCE).
	Sequence int
	// Modified is when the event was last changed (DTSTAMP and
	// LAST-MODIFIED); zero writes Start's day at midnight UTC.
	Modified time.Time
	// Categories are written as CATEGORIES when not empty.
	Categories []string
}

// Bytes returns the calendar as iCalendar text.
func (c *Calendar) Bytes() []byte {
	var b bytes.Buffer
	_ = c.Encode(&b)
	return b.Bytes()
}

// Encode writes the calendar as iCalendar text.
func (c *Calendar) Encode(w io.Writer) error {
	e := &encoder{}
	e.line("BEGIN", "VCALENDAR")
	e.line("VERSION", "2.0")
	prod := c.ProdID
	if prod == "" {
		prod = "-//plenary//calendar//EN"
	}
	e.line("PRODID", Text(prod))
	e.line("CALSCALE", "GREGORIAN")
	if c.Name != "" {
		e.line("NAME", Text(c.Name))
		e.line("X-WR-CALNAME", Text(c.Name))
	}
	if c.Description != "" {
		e.line("X-WR-CALDESC", Text(c.Description))
	}
	if c.Refresh > 0 {
		d := duration(c.Refresh)
		e.line("REFRESH-INTERVAL;VALUE=DURATION", d)
		e.line("X-PUBLISHED-TTL", d)
	}
	for _, z := range zones(c.Events) {
		writeZone(e, z.loc, z.from, z.to)
	}
	for _, ev := range c.Events {
		e.line("BEGIN", "VEVENT")
		e.line("UID", Text(ev.UID))
		mod := ev.Modified
		if mod.IsZero() {
			y, m, d := ev.Start.UTC().Date()
			mod = time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
		}
		e.line("DTSTAMP", utc(mod))
		e.line("LAST-MODIFIED", utc(mod))
		e.line("SEQUENCE", fmt.Sprint(max(ev.Sequence, 0)))
		e.dateTime("DTSTART", ev.Start)
		e.dateTime("DTEND", ev.End)
		e.line("SUMMARY", Text(ev.Summary))
		if ev.Description != "" {
			e.line("DESCRIPTION", Text(ev.Description))
		}
		if ev.Location != "" {
			e.line("LOCATION", Text(ev.Location))
		}
		if ev.URL != "" && !strings.ContainsAny(ev.URL, "\r\n\t \"") {
			e.line("URL", ev.URL)
		}
		if len(ev.Categories) > 0 {
			cs := make([]string, len(ev.Categories))
			for i, c := range ev.Categories {
				cs[i] = Text(c)
			}
			e.line("CATEGORIES", strings.Join(cs, ","))
		}
		e.line("STATUS", "CONFIRMED")
		e.line("TRANSP", "OPAQUE")
		e.line("END", "VEVENT")
	}
	e.line("END", "VCALENDAR")
	_, err := w.Write(e.b.Bytes())
	return err
}

type encoder struct{ b bytes.Buffer }

// line writes "name:value" folded at 75 octets.
func (e *encoder) line(name, value string) {
	Fold(&e.b, name+":"+value)
}

func (e *encoder) dateTime(name string, t time.Time) {
	if isUTC(t.Location()) {
		e.line(name, utc(t))
		return
	}
	e.line(name+";TZID="+param(t.Location().String()), t.Format("20060102T150405"))
}

func isUTC(loc *time.Location) bool {
	return loc == time.UTC || loc.String() == "UTC" || loc.String() == "Etc/UTC"
}

func utc(t time.Time) string { return t.UTC().Format("20060102T150405Z") }

// param quotes a parameter value when it holds a character that ends one.
func param(v string) string {
	v = strings.Map(func(r rune) rune {
		if r == '"' || r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, v)
	if strings.ContainsAny(v, ":;,") {
		return `"` + v + `"`
	}
	return v
}

// duration writes a positive duration as "PT1H30M" (whole minutes; at
// least one).
func duration(d time.Duration) string {
	m := max(int(d/time.Minute), 1)
	s := "PT"
	if m >= 60 {
		s += fmt.Sprintf("%dH", m/60)
	}
	if m%60 != 0 {
		s += fmt.Sprintf("%dM", m%60)
	}
	return s
}

// Text escapes a TEXT value (RFC 5545 3.3.11): backslash, semicolon and
// comma get a backslash, line breaks become "\n", other control characters
// and invalid UTF-8 are dropped.
func Text(s string) string {
	s = strings.ToValidUTF8(s, "")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\\' || r == ';' || r == ',':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n' || r == '\r':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteByte(' ')
		case r < 0x20 || r == 0x7f:
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Fold writes a content line followed by CRLF, folded so that no line is
// longer than 75 octets: each continuation starts with a space, and a
// UTF-8 character is never split.
func Fold(b *bytes.Buffer, line string) {
	limit := 75
	for len(line) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(line[cut]) {
			cut--
		}
		b.WriteString(line[:cut])
		b.WriteString("\r\n ")
		line = line[cut:]
		limit = 74 // the leading space counts
	}
	b.WriteString(line)
	b.WriteString("\r\n")
}

type zoneSpan struct {
	loc      *time.Location
	from, to time.Time
}

// zones returns the locations the events use other than UTC, by name, with
// the span of their events.
func zones(evs []Event) []zoneSpan {
	by := map[string]*zoneSpan{}
	var names []string
	for _, ev := range evs {
		for _, t := range []time.Time{ev.Start, ev.End} {
			loc := t.Location()
			if isUTC(loc) {
				continue
			}
			z := by[loc.String()]
			if z == nil {
				z = &zoneSpan{loc: loc, from: t, to: t}
				by[loc.String()] = z
				names = append(names, loc.String())
			}
			if t.Before(z.from) {
				z.from = t
			}
			if t.After(z.to) {
				z.to = t
			}
		}
	}
	slices.Sort(names)
	out := make([]zoneSpan, len(names))
	for i, n := range names {
		out[i] = *by[n]
	}
	return out
}

// writeZone writes a VTIMEZONE for loc covering from..to with a year's
// margin on each side: the offset in force at its start, then every
// transition, each as a STANDARD or DAYLIGHT component of its own.
func writeZone(e *encoder, loc *time.Location, from, to time.Time) {
	start := from.AddDate(-1, 0, 0).UTC()
	end := to.AddDate(1, 0, 0).UTC()
	e.line("BEGIN", "VTIMEZONE")
	e.line("TZID", Text(loc.String()))
	name, off := start.In(loc).Zone()
	component(e, start.In(loc).IsDST(), start.In(loc), off, off, name)
	const step = 12 * time.Hour
	for t := start; t.Before(end); t = t.Add(step) {
		next := t.Add(step)
		_, o1 := t.In(loc).Zone()
		n2, o2 := next.In(loc).Zone()
		if o1 == o2 && t.In(loc).IsDST() == next.In(loc).IsDST() {
			continue
		}
		// The transition is in (t, next]: find its first second.
		lo, hi := t, next
		for hi.Sub(lo) > time.Second {
			mid := lo.Add(hi.Sub(lo) / 2).Truncate(time.Second)
			if _, om := mid.In(loc).Zone(); om == o1 && mid.In(loc).IsDST() == t.In(loc).IsDST() {
				lo = mid
			} else {
				hi = mid
			}
		}
		// DTSTART is the local time of the onset in the offset before it.
		local := hi.In(time.FixedZone("", o1))
		component(e, next.In(loc).IsDST(), local, o1, o2, n2)
	}
	e.line("END", "VTIMEZONE")
}

func component(e *encoder, dst bool, local time.Time, from, to int, name string) {
	kind := "STANDARD"
	if dst {
		kind = "DAYLIGHT"
	}
	e.line("BEGIN", kind)
	e.line("DTSTART", local.Format("20060102T150405"))
	e.line("TZOFFSETFROM", offset(from))
	e.line("TZOFFSETTO", offset(to))
	if name != "" && !strings.HasPrefix(name, "+") && !strings.HasPrefix(name, "-") {
		e.line("TZNAME", Text(name))
	}
	e.line("END", kind)
}

// offset writes seconds east of UTC as "+0100" (or "+053730" with
// seconds).
func offset(sec int) string {
	sign := "+"
	if sec < 0 {
		sign, sec = "-", -sec
	}
	s := fmt.Sprintf("%s%02d%02d", sign, sec/3600, sec/60%60)
	if sec%60 != 0 {
		s += fmt.Sprintf("%02d", sec%60)
	}
	return s
}
