package domain

import (
	"strings"
	"time"
	"unicode/utf8"

	// The zone database goes into the program, so that time zones work on
	// a machine without one (a container, Windows).
	_ "time/tzdata"
)

// TimeLayout is how a session's or a part's start and end are written: a
// wall-clock time in the meeting's time zone, as an HTML datetime-local
// field gives it.
const TimeLayout = "2006-01-02T15:04"

// MaxScheduled is the longest a session or a part may last.
const MaxScheduled = 14 * 24 * time.Hour

// Times is when a session or a part takes place, in its meeting's time
// zone. Both are "" when it has no time yet.
type Times struct {
	StartsAt string // "2017-10-10T09:00"
	EndsAt   string
	// Sequence counts the changes of the times (RFC 5545 SEQUENCE), so
	// that calendar applications replace what they showed.
	Sequence int
	// TimesChangedAt is when the times were last set or changed.
	TimesChangedAt time.Time
}

// Scheduled reports whether the times are set.
func (t Times) Scheduled() bool { return t.StartsAt != "" && t.EndsAt != "" }

// In returns the start and end in loc; ok is false when the times are not
// set or not valid.
func (t Times) In(loc *time.Location) (start, end time.Time, ok bool) {
	if !t.Scheduled() || loc == nil {
		return time.Time{}, time.Time{}, false
	}
	s, err1 := time.ParseInLocation(TimeLayout, t.StartsAt, loc)
	e, err2 := time.ParseInLocation(TimeLayout, t.EndsAt, loc)
	return s, e, err1 == nil && err2 == nil
}

// NormalizeTime reads a time as a person types it ("2017-10-10 09:00",
// "2017-10-10T09:00", "2017-10-10T09:00:00" as some browsers send) into
// [TimeLayout]; what is not a time is returned trimmed, for the
// validation to refuse.
func NormalizeTime(s string) string {
	s = strings.TrimSpace(s)
	if len(s) == len("2006-01-02 15:04") && s[10] == ' ' {
		s = s[:10] + "T" + s[11:]
	}
	if len(s) == len("2006-01-02T15:04:05") && strings.HasSuffix(s, ":00") {
		s = s[:len(TimeLayout)]
	}
	return s
}

// venueZones names the time zone of the cities where intergovernmental
// meetings are often held, for a meeting whose zone was not chosen.
var venueZones = map[string]string{
	"addis ababa": "Africa/Addis_Ababa", "bangkok": "Asia/Bangkok", "beirut": "Asia/Beirut",
	"berlin": "Europe/Berlin", "brussels": "Europe/Brussels", "buenos aires": "America/Argentina/Buenos_Aires",
	"cairo": "Africa/Cairo", "dakar": "Africa/Dakar", "geneva": "Europe/Zurich", "genève": "Europe/Zurich", "zurich": "Europe/Zurich",
	"ginebra": "Europe/Zurich", "jakarta": "Asia/Jakarta", "lima": "America/Lima", "london": "Europe/London",
	"marrakech": "Africa/Casablanca", "mexico city": "America/Mexico_City", "nairobi": "Africa/Nairobi",
	"new york": "America/New_York", "panama": "America/Panama", "paris": "Europe/Paris", "rabat": "Africa/Casablanca",
	"rome": "Europe/Rome", "san josé": "America/Costa_Rica", "santiago": "America/Santiago", "vienna": "Europe/Vienna",
	"washington": "America/New_York",
}

// VenueZone guesses the time zone of a venue written as text ("Palais des
// Nations, Geneva"); "" when no city it knows is named.
func VenueZone(venue string) string {
	v := strings.ToLower(venue)
	best, at := "", -1
	for city, zone := range venueZones {
		if i := strings.LastIndex(v, city); i > at {
			best, at = zone, i
		}
	}
	return best
}

// Zone returns the meeting's time zone: the one chosen, else the one of its
// venue, else UTC.
func (m *Meeting) Zone() string {
	if m.TimeZone != "" {
		return m.TimeZone
	}
	if z := VenueZone(m.Venue); z != "" {
		return z
	}
	return "UTC"
}

// Location returns the meeting's time zone as a location (UTC when its name
// is not known to this machine).
func (m *Meeting) Location() *time.Location {
	if loc, err := LoadZone(m.Zone()); err == nil {
		return loc
	}
	return time.UTC
}

// LoadZone checks an IANA time zone name ("Europe/Zurich") and loads it.
// "Local" and names of files outside the zone database are refused.
func LoadZone(name string) (*time.Location, error) {
	bad := func() (*time.Location, error) {
		return nil, Invalid("time_zone", "error.time_zone", "unknown time zone; expected a name like Europe/Zurich")
	}
	if name == "" || name == "Local" || len(name) > 64 || !utf8.ValidString(name) || strings.HasPrefix(name, "/") || strings.Contains(name, "..") {
		return bad()
	}
	for _, r := range name {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("/_-+", r)) {
			return bad()
		}
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return bad()
	}
	return loc, nil
}

// CheckTimeZone validates a time zone name; "" (the default) is valid.
func CheckTimeZone(name string) error {
	if name == "" {
		return nil
	}
	_, err := LoadZone(name)
	return err
}

// CheckTimes validates the times of a session or a part of meeting m:
// both or neither, each a time like 2017-10-10T09:00, the end after the
// start and at most [MaxScheduled] later, and both within the meeting's
// dates when it has them; within, when given, is the session a part must
// fall in. field prefixes the fields of the errors ("sessions[0]." gives
// "sessions[0].starts_at").
func CheckTimes(field string, t Times, m *Meeting, within *Times) error {
	var errs Errors
	if t.StartsAt == "" && t.EndsAt == "" {
		return nil
	}
	if t.StartsAt == "" || t.EndsAt == "" {
		f := "starts_at"
		if t.StartsAt != "" {
			f = "ends_at"
		}
		return Errors{Invalid(field+f, "error.time_pair", "give both the start and the end, or neither")}
	}
	start, err1 := time.Parse(TimeLayout, t.StartsAt)
	if err1 != nil {
		errs = append(errs, Invalid(field+"starts_at", "error.time", "must be a date and time like 2017-10-10 09:00"))
	}
	end, err2 := time.Parse(TimeLayout, t.EndsAt)
	if err2 != nil {
		errs = append(errs, Invalid(field+"ends_at", "error.time", "must be a date and time like 2017-10-10 09:00"))
	}
	if len(errs) > 0 {
		return errs
	}
	switch {
	case !end.After(start):
		return Errors{Invalid(field+"ends_at", "error.time_order", "must be after the start")}
	case end.Sub(start) > MaxScheduled:
		return Errors{Invalid(field+"ends_at", "error.time_too_long", "must be at most %d days after the start", int(MaxScheduled/(24*time.Hour)))}
	}
	if m != nil {
		if m.StartsOn != "" && t.StartsAt[:10] < m.StartsOn {
			errs = append(errs, Invalid(field+"starts_at", "error.time_outside", "must be within the meeting's dates, %s to %s", m.StartsOn, meetingEnd(m)))
		}
		if e := meetingEnd(m); m.EndsOn != "" || m.StartsOn != "" {
			// The end may be midnight after the last day.
			last := t.EndsAt[:10]
			if t.EndsAt[11:] == "00:00" {
				last = end.Add(-time.Minute).Format(time.DateOnly)
			}
			if last > e {
				errs = append(errs, Invalid(field+"ends_at", "error.time_outside", "must be within the meeting's dates, %s to %s", m.StartsOn, e))
			}
		}
	}
	if len(errs) > 0 {
		return errs
	}
	if within != nil && within.Scheduled() && (t.StartsAt < within.StartsAt || t.EndsAt > within.EndsAt) {
		return Errors{Invalid(field+"starts_at", "error.time_in_session", "must be within the session's times, %s to %s",
			strings.Replace(within.StartsAt, "T", " ", 1), strings.Replace(within.EndsAt, "T", " ", 1))}
	}
	return nil
}

// meetingEnd is the last day of a meeting with dates: its end, or its
// start when it has none.
func meetingEnd(m *Meeting) string {
	if m.EndsOn != "" {
		return m.EndsOn
	}
	return m.StartsOn
}
