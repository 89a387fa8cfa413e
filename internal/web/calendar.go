package web

import (
	"net/http"
	"strings"
	"time"

	"github.com/plenary-org/plenary/internal/calendar"
	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/locale"
	"github.com/plenary-org/plenary/internal/store"
)

func (s *Server) calendarRoutes() []route {
	return []route{
		{"GET /meetings/{id}/schedule", s.scheduleForm},
		{"POST /meetings/{id}/schedule", s.saveSchedule},
		{"GET /meetings/{id}/calendar.ics", s.meetingCalendar},
		{"GET /account/calendar.ics", s.personCalendar},
		{"POST /account/calendar/zone", s.setReaderZone},
		{"POST /account/calendar/feed", s.createFeed},
		{"POST /account/calendar/feed/revoke", s.revokeFeed},
		{"GET /calendar/feed/{file}", s.feedCalendar},
	}
}

// publicBase is the site's public address: the configured one, else the
// request's.
func (s *Server) publicBase(r *http.Request) string {
	base := s.cfg.BaseURL
	if base == "" {
		scheme := "http"
		if r.TLS != nil {
			scheme = "https"
		}
		base = scheme + "://" + r.Host
	}
	return strings.TrimSuffix(base, "/")
}

// commonZones are offered as suggestions where a time zone is typed; any
// IANA name is accepted.
var commonZones = []string{"UTC", "Africa/Addis_Ababa", "Africa/Cairo", "Africa/Casablanca", "Africa/Dakar", "Africa/Johannesburg",
	"Africa/Lagos", "Africa/Nairobi", "America/Argentina/Buenos_Aires", "America/Bogota", "America/Costa_Rica", "America/Lima",
	"America/Mexico_City", "America/New_York", "America/Panama", "America/Santiago", "America/Sao_Paulo", "America/Toronto",
	"Asia/Amman", "Asia/Bangkok", "Asia/Beirut", "Asia/Dhaka", "Asia/Dubai", "Asia/Jakarta", "Asia/Kathmandu", "Asia/Kolkata",
	"Asia/Manila", "Asia/Riyadh", "Asia/Shanghai", "Asia/Tokyo", "Australia/Sydney", "Europe/Berlin", "Europe/Brussels",
	"Europe/Istanbul", "Europe/London", "Europe/Madrid", "Europe/Moscow", "Europe/Paris", "Europe/Rome", "Europe/Vienna",
	"Europe/Zurich", "Pacific/Auckland", "Pacific/Fiji"}

// shownTime is a session's or a part's time as a page shows it: in the
// venue's zone and, when the reader reads another, in theirs.
type shownTime struct {
	Start     string // RFC 3339, for <time datetime>
	Venue     string // "Tuesday 10 October 2017, 09:00–12:30"
	VenueZone string
	Reader    string // "" when the reader's zone is the venue's
	ReaderTZ  string
}

// shownTimes writes the times of a meeting's sessions and parts, by ID.
func shownTimes(p *locale.Printer, a *domain.Agenda, reader *time.Location) map[string]shownTime {
	out := map[string]shownTime{}
	loc := a.Meeting.Location()
	add := func(id string, t domain.Times) {
		start, end, ok := t.In(loc)
		if !ok {
			return
		}
		st := shownTime{Start: start.Format(time.RFC3339), Venue: p.TimeRange(start, end), VenueZone: loc.String()}
		if reader != nil && reader.String() != loc.String() {
			// A zone of another name with the same offsets then reads the
			// same: it is not repeated.
			_, o1 := start.Zone()
			_, o2 := start.In(reader).Zone()
			_, o3 := end.Zone()
			_, o4 := end.In(reader).Zone()
			if o1 != o2 || o3 != o4 {
				st.Reader, st.ReaderTZ = p.TimeRange(start.In(reader), end.In(reader)), reader.String()
			}
		}
		out[id] = st
	}
	for _, sn := range a.Sessions {
		add(sn.ID, sn.Times)
		for _, pt := range sn.Parts {
			add(pt.ID, pt.Times)
		}
	}
	return out
}

// timeField is one time of the schedule form: the page, the field's name
// and its label's key.
type timeField struct {
	P    *Page
	F, L string
}

type scheduleView struct {
	Agenda *domain.Agenda
	Zones  []string
	// Values are the times as typed, by field ("session.ID.starts_at"),
	// so that a form with a problem shows what was sent.
	Values   map[string]string
	TimeZone string
	Version  int
}

// V returns the value of a field of the form.
func (v *scheduleView) V(field string) string { return v.Values[field] }

func (s *Server) scheduleForm(w http.ResponseWriter, r *http.Request) {
	a, err := s.cal.Schedule(r.Context(), actor(r), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := &scheduleView{Agenda: a, Zones: commonZones, Values: map[string]string{}, TimeZone: a.Meeting.TimeZone, Version: a.Meeting.Version}
	for _, sn := range a.Sessions {
		v.Values["session."+sn.ID+".starts_at"], v.Values["session."+sn.ID+".ends_at"] = sn.StartsAt, sn.EndsAt
		for _, p := range sn.Parts {
			v.Values["part."+p.ID+".starts_at"], v.Values["part."+p.ID+".ends_at"] = p.StartsAt, p.EndsAt
		}
	}
	pg := s.page(r, "", v)
	pg.Title = pg.T("schedule.title")
	s.render(w, r, http.StatusOK, "schedule", pg)
}

func (s *Server) saveSchedule(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	a, err := s.cal.Schedule(r.Context(), actor(r), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	in := calendar.ScheduleInput{MeetingID: id, TimeZone: r.PostFormValue("time_zone"), Sessions: map[string]calendar.Span{}, Parts: map[string]calendar.Span{}}
	v := &scheduleView{Agenda: a, Zones: commonZones, Values: map[string]string{}, TimeZone: in.TimeZone}
	span := func(prefix string) (calendar.Span, bool) {
		st, en := r.PostForm[prefix+"starts_at"], r.PostForm[prefix+"ends_at"]
		if st == nil && en == nil {
			return calendar.Span{}, false
		}
		sp := calendar.Span{StartsAt: r.PostFormValue(prefix + "starts_at"), EndsAt: r.PostFormValue(prefix + "ends_at")}
		v.Values[prefix+"starts_at"], v.Values[prefix+"ends_at"] = sp.StartsAt, sp.EndsAt
		return sp, true
	}
	for _, sn := range a.Sessions {
		if sp, ok := span("session." + sn.ID + "."); ok {
			in.Sessions[sn.ID] = sp
		}
		for _, p := range sn.Parts {
			if sp, ok := span("part." + p.ID + "."); ok {
				in.Parts[p.ID] = sp
			}
		}
	}
	in.Version, err = formInt(r, "version")
	v.Version = in.Version
	if err == nil {
		err = s.cal.SetSchedule(r.Context(), actor(r), in)
	}
	if err != nil {
		pg := s.page(r, "", v)
		pg.Title = pg.T("schedule.title")
		s.formFailure(w, r, err, "schedule", pg)
		return
	}
	s.redirect(w, r, "/meetings/"+id, "flash.saved")
}

// writeCalendar sends an iCalendar file; download names the file for a
// browser that saves it.
func writeCalendar(w http.ResponseWriter, data []byte, name string, download bool) {
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Header().Set("Cache-Control", "private, no-cache")
	if download {
		w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	} else {
		w.Header().Set("Content-Disposition", `inline; filename="`+name+`"`)
	}
	w.Write(data)
}

func (s *Server) meetingCalendar(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	data, err := s.cal.MeetingCalendar(r.Context(), actor(r), id, s.publicBase(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeCalendar(w, data, "meeting-"+id+".ics", true)
}

func (s *Server) personCalendar(w http.ResponseWriter, r *http.Request) {
	data, err := s.cal.PersonCalendar(r.Context(), actor(r), s.publicBase(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeCalendar(w, data, "plenary.ics", true)
}

// feedCalendar answers calendar applications at the secret address, with
// no session: an unknown or revoked address is a plain 404.
func (s *Server) feedCalendar(w http.ResponseWriter, r *http.Request) {
	token, ok := strings.CutSuffix(r.PathValue("file"), ".ics")
	if !ok {
		http.NotFound(w, r)
		return
	}
	data, err := s.cal.FeedCalendar(r.Context(), token, s.publicBase(r))
	if err != nil {
		if domain.ErrorCode(err) == domain.ENOTFOUND {
			http.NotFound(w, r)
			return
		}
		s.fail(w, r, err)
		return
	}
	w.Header().Set("X-Robots-Tag", "noindex")
	w.Header().Set("Referrer-Policy", "no-referrer")
	writeCalendar(w, data, "plenary.ics", false)
}

func (s *Server) renderAccountWith(w http.ResponseWriter, r *http.Request, status int, extra accountExtra, formErr error) {
	s.renderAccountFull(w, r, status, "", extra, formErr)
}

func (s *Server) setReaderZone(w http.ResponseWriter, r *http.Request) {
	if err := s.cal.SetTimeZone(r.Context(), actor(r), r.PostFormValue("time_zone")); err != nil {
		if domain.ErrorCode(err) == domain.EINVALID {
			s.renderAccountWith(w, r, http.StatusUnprocessableEntity, accountExtra{ZoneTyped: r.PostFormValue("time_zone")}, err)
			return
		}
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/account#calendar", "flash.saved")
}

func (s *Server) createFeed(w http.ResponseWriter, r *http.Request) {
	token, err := s.cal.CreateFeed(r.Context(), actor(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderAccountWith(w, r, http.StatusOK, accountExtra{FeedURL: s.publicBase(r) + "/calendar/feed/" + token + ".ics"}, nil)
}

func (s *Server) revokeFeed(w http.ResponseWriter, r *http.Request) {
	if err := s.cal.RevokeFeed(r.Context(), actor(r)); err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/account#calendar", "flash.feed_revoked")
}

// accountExtra is what an action of the account page's calendar section
// shows once.
type accountExtra struct {
	FeedURL   string // the secret address just made
	ZoneTyped string // a time zone that was refused, as typed
}

// calendarAccount is the account page's calendar section.
type calendarAccount struct {
	Settings store.CalendarSettings
	Zones    []string
	FeedURL  string
	// Webcal is FeedURL for calendar applications (webcal://).
	Webcal    string
	ZoneTyped string
}

func (s *Server) calendarAccount(r *http.Request, extra accountExtra) (*calendarAccount, error) {
	cs, err := s.cal.Settings(r.Context(), actor(r))
	if err != nil {
		return nil, err
	}
	c := &calendarAccount{Settings: cs, Zones: commonZones, FeedURL: extra.FeedURL, ZoneTyped: cs.TimeZone}
	if extra.ZoneTyped != "" {
		c.ZoneTyped = extra.ZoneTyped
	}
	if rest, ok := strings.CutPrefix(c.FeedURL, "https://"); ok {
		c.Webcal = "webcal://" + rest
	} else if rest, ok := strings.CutPrefix(c.FeedURL, "http://"); ok {
		c.Webcal = "webcal://" + rest
	}
	return c, nil
}

// readerTimes returns the times of a meeting's sessions and parts as the
// reader reads them.
func (s *Server) readerTimes(r *http.Request, pg *Page, a *domain.Agenda) (map[string]shownTime, error) {
	loc, err := s.cal.ReaderZone(r.Context(), actor(r), a.Meeting)
	if err != nil {
		return nil, err
	}
	return shownTimes(pg.P, a, loc), nil
}
