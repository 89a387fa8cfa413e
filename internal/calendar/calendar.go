// Package calendar holds the use cases of meeting times and calendars: a
// secretariat sets a meeting's time zone and the start and end of its
// sessions and parts; anyone who may see a meeting downloads its calendar
// (iCalendar, RFC 5545); a person sets the time zone they read times in and
// makes (or revokes) the secret address of their own calendar, which
// calendar applications fetch without logging in (docs/CALENDAR.md).
package calendar

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/plenary-org/plenary/internal/auth"
	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/ical"
	"github.com/plenary-org/plenary/internal/store"
)

// Service runs the calendar use cases.
type Service struct {
	db *store.DB
}

// New returns the calendar use cases over db.
func New(db *store.DB) *Service { return &Service{db: db} }

// ProdID names plenary in the calendars it writes.
const ProdID = "-//plenary//calendar//EN"

// Refresh is how often calendar applications are asked to fetch a
// subscription again.
const Refresh = time.Hour

// Span is a start and an end as a person types them ("2017-10-10 09:00"
// or "2017-10-10T09:00"), both empty to clear.
type Span struct {
	StartsAt string `json:"starts_at"`
	EndsAt   string `json:"ends_at"`
}

// ScheduleInput is a meeting's time zone and the times of its sessions
// and parts, by ID. A session or part not named keeps its times.
type ScheduleInput struct {
	MeetingID string
	Version   int    // the meeting's version the change is based on
	TimeZone  string // IANA name; "" for the default of the venue
	Sessions  map[string]Span
	Parts     map[string]Span
}

// scope returns the meeting when the actor may see it: EUNAUTHORIZED for
// an anonymous actor, ENOTFOUND for a meeting they may not see.
func (s *Service) scope(ctx context.Context, a *domain.Actor, meetingID string) (store.Scope, error) {
	if !a.LoggedIn() {
		return store.Scope{}, domain.Unauthorized()
	}
	sc, err := s.db.ScopeOf(ctx, "meeting", meetingID)
	if err != nil {
		return sc, err
	}
	if !a.CanViewMeeting(sc.ProcessID, sc.MeetingID) {
		return sc, domain.NotFound("meeting")
	}
	return sc, nil
}

// Schedule returns the meeting's agenda for its secretariat to set its
// times; EFORBIDDEN for anyone else who may see it.
func (s *Service) Schedule(ctx context.Context, a *domain.Actor, meetingID string) (*domain.Agenda, error) {
	sc, err := s.scope(ctx, a, meetingID)
	if err != nil {
		return nil, err
	}
	if !a.CanManageMeeting(sc.ProcessID, sc.MeetingID) {
		return nil, domain.Forbidden()
	}
	return s.db.Agenda(ctx, meetingID)
}

// SetSchedule saves a meeting's time zone and the times of its sessions
// and parts: the secretariat of the meeting (or of its process) and
// administrators only. Each time must be a date and time, the end after
// the start and at most 14 days later, within the meeting's dates when it
// has them, and a part within its session when both have times; sessions
// and parts of another meeting are not found. Every problem is returned at
// once, each on its field ("session.ID.starts_at", "part.ID.ends_at",
// "time_zone"). Calendar applications see the change: each session or
// part whose times change counts one more change (SEQUENCE).
func (s *Service) SetSchedule(ctx context.Context, a *domain.Actor, in ScheduleInput) error {
	ag, err := s.Schedule(ctx, a, in.MeetingID)
	if err != nil {
		return err
	}
	var errs domain.Errors
	in.TimeZone = strings.TrimSpace(in.TimeZone)
	if e, ok := domain.CheckTimeZone(in.TimeZone).(*domain.Error); ok {
		errs = append(errs, e)
	}
	m := *ag.Meeting
	m.TimeZone = in.TimeZone
	change := store.ScheduleChange{MeetingID: in.MeetingID, Version: in.Version, TimeZone: in.TimeZone,
		Sessions: map[string]domain.Times{}, Parts: map[string]domain.Times{}}
	known := map[string]bool{}
	for _, sn := range ag.Sessions {
		known["s"+sn.ID] = true
		for _, p := range sn.Parts {
			known["p"+p.ID] = true
		}
	}
	for id := range in.Sessions {
		if !known["s"+id] {
			return domain.NotFound("session")
		}
	}
	for id := range in.Parts {
		if !known["p"+id] {
			return domain.NotFound("part")
		}
	}
	times := func(sp Span, ok bool, was domain.Times) (domain.Times, error) {
		if !ok {
			return was, nil
		}
		t := domain.Times{StartsAt: domain.NormalizeTime(sp.StartsAt), EndsAt: domain.NormalizeTime(sp.EndsAt)}
		return t, domain.CheckStrings(&t)
	}
	for _, sn := range ag.Sessions {
		sp, ok := in.Sessions[sn.ID]
		st, err := times(sp, ok, sn.Times)
		field := "session." + sn.ID + "."
		if err != nil {
			errs = append(errs, domain.Invalid(field+"starts_at", "error.time", "must be a date and time like 2017-10-10 09:00"))
			continue
		}
		if es, bad := domain.CheckTimes(field, st, &m, nil).(domain.Errors); bad {
			errs = append(errs, es...)
			continue
		}
		if ok {
			change.Sessions[sn.ID] = st
		}
		for _, p := range sn.Parts {
			pp, pok := in.Parts[p.ID]
			pt, err := times(pp, pok, p.Times)
			field := "part." + p.ID + "."
			if err != nil {
				errs = append(errs, domain.Invalid(field+"starts_at", "error.time", "must be a date and time like 2017-10-10 09:00"))
				continue
			}
			if es, bad := domain.CheckTimes(field, pt, &m, &st).(domain.Errors); bad {
				errs = append(errs, es...)
				continue
			}
			if pok {
				change.Parts[p.ID] = pt
			}
		}
	}
	if len(errs) > 0 {
		return errs
	}
	return s.db.SaveSchedule(domain.NewContextWithActor(ctx, a), change)
}

// MeetingCalendar returns the calendar of a meeting's sessions and parts
// that have times, for anyone who may see the meeting. base is the public
// address of the site ("https://plenary.example.org"), for the events'
// links; "" writes none.
func (s *Service) MeetingCalendar(ctx context.Context, a *domain.Actor, meetingID, base string) ([]byte, error) {
	if _, err := s.scope(ctx, a, meetingID); err != nil {
		return nil, err
	}
	ag, err := s.db.Agenda(ctx, meetingID)
	if err != nil {
		return nil, err
	}
	c := &ical.Calendar{ProdID: ProdID, Name: ag.Meeting.Name(), Refresh: Refresh,
		Description: ag.Meeting.Title + " (" + ag.Meeting.Zone() + ")"}
	c.Events = events(ag, nil, base)
	return c.Bytes(), nil
}

// events turns the timed sessions and parts of a meeting into events. With
// groups set (a person's calendar), a breakout part is kept only when the
// person is in one of the meeting's breakout groups, and names them.
func events(ag *domain.Agenda, groups []string, base string) []ical.Event {
	m := ag.Meeting
	loc := m.Location()
	var out []ical.Event
	url := ""
	if base != "" {
		url = strings.TrimSuffix(base, "/") + "/meetings/" + m.ID
	}
	for _, sn := range ag.Sessions {
		head := fmt.Sprintf("Session %d", sn.Number)
		if st, en, ok := sn.In(loc); ok {
			title := head
			if sn.Title != "" {
				title += ". " + sn.Title
			}
			out = append(out, ical.Event{UID: "session-" + sn.ID + "@plenary", Start: st, End: en, Sequence: sn.Sequence, Modified: sn.TimesChangedAt,
				Summary: m.Name() + " · " + title, Description: sn.Intro, Location: m.Venue, URL: url, Categories: []string{m.Name()}})
		}
		for _, p := range sn.Parts {
			st, en, ok := p.In(loc)
			if !ok {
				continue
			}
			summary := m.Name() + " · " + head + " · " + p.Title
			if groups != nil && p.Kind == domain.PartBreakout {
				if len(groups) == 0 {
					continue
				}
				summary += " (" + strings.Join(groups, ", ") + ")"
			}
			out = append(out, ical.Event{UID: "part-" + p.ID + "@plenary", Start: st, End: en, Sequence: p.Sequence, Modified: p.TimesChangedAt,
				Summary: summary, Description: p.Intro, Location: m.Venue, URL: url, Categories: []string{m.Name()}})
		}
	}
	return out
}

// PersonCalendar returns the calendar of a person: the timed sessions and
// parts of every meeting they have a role in (through the process or the
// meeting itself), the breakout parts only of meetings where they are in a
// breakout group. An administrator's calendar holds their own meetings, not
// every meeting of the instance.
func (s *Service) PersonCalendar(ctx context.Context, a *domain.Actor, base string) ([]byte, error) {
	if !a.LoggedIn() {
		return nil, domain.Unauthorized()
	}
	meetings := map[string]bool{}
	groups := map[string]bool{}
	var processes []string
	for _, ms := range a.Memberships {
		switch {
		case ms.MeetingID != "":
			meetings[ms.MeetingID] = true
		case !slices.Contains(processes, ms.ProcessID):
			processes = append(processes, ms.ProcessID)
		}
		if ms.GroupID != "" {
			groups[ms.GroupID] = true
		}
	}
	byProcess, err := s.db.MeetingsOfProcesses(ctx, processes, "")
	if err != nil {
		return nil, err
	}
	for _, ms := range byProcess {
		for _, m := range ms {
			meetings[m.ID] = true
		}
	}
	ids := make([]string, 0, len(meetings))
	for id := range meetings {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	c := &ical.Calendar{ProdID: ProdID, Name: "plenary · " + a.User.Name, Refresh: Refresh}
	var evs []ical.Event
	for _, id := range ids {
		ag, err := s.db.Agenda(ctx, id)
		if domain.ErrorCode(err) == domain.ENOTFOUND {
			continue // deleted meanwhile
		}
		if err != nil {
			return nil, err
		}
		gs, err := s.db.Groups(ctx, id)
		if err != nil {
			return nil, err
		}
		mine := []string{}
		for _, g := range gs {
			if groups[g.ID] {
				mine = append(mine, g.Name)
			}
		}
		evs = append(evs, events(ag, mine, base)...)
	}
	slices.SortStableFunc(evs, func(x, y ical.Event) int { return cmp.Compare(x.Start.Unix(), y.Start.Unix()) })
	c.Events = evs
	return c.Bytes(), nil
}

// FeedCalendar returns the calendar of the person whose subscription has
// this secret token; ENOTFOUND for a token that is unknown or revoked, or
// whose account is disabled.
func (s *Service) FeedCalendar(ctx context.Context, token, base string) ([]byte, error) {
	if token == "" || len(token) > 100 {
		return nil, domain.NotFound("calendar")
	}
	u, err := s.db.CalendarFeedUser(ctx, auth.HashToken(token))
	if err != nil {
		return nil, err
	}
	ms, err := s.db.MembershipsOf(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	return s.PersonCalendar(ctx, &domain.Actor{User: u, Memberships: ms}, base)
}

// Settings returns the actor's calendar settings.
func (s *Service) Settings(ctx context.Context, a *domain.Actor) (store.CalendarSettings, error) {
	if !a.LoggedIn() {
		return store.CalendarSettings{}, domain.Unauthorized()
	}
	return s.db.CalendarSettings(ctx, a.User.ID)
}

// SetTimeZone saves the time zone the actor reads times in: an IANA name,
// or "" to read each meeting's times in its own zone.
func (s *Service) SetTimeZone(ctx context.Context, a *domain.Actor, zone string) error {
	if !a.LoggedIn() {
		return domain.Unauthorized()
	}
	zone = strings.TrimSpace(zone)
	if err := domain.CheckTimeZone(zone); err != nil {
		return err
	}
	return s.db.SetCalendarTimeZone(domain.NewContextWithActor(ctx, a), a.User.ID, zone)
}

// CreateFeed makes the secret address of the actor's calendar and returns
// its token, to be shown once (only its hash is kept). It replaces the one
// before, which stops working.
func (s *Service) CreateFeed(ctx context.Context, a *domain.Actor) (string, error) {
	if !a.LoggedIn() {
		return "", domain.Unauthorized()
	}
	token, hash := auth.NewToken()
	if err := s.db.SetCalendarFeed(domain.NewContextWithActor(ctx, a), a.User.ID, hash); err != nil {
		return "", err
	}
	return token, nil
}

// RevokeFeed ends the secret address of the actor's calendar.
func (s *Service) RevokeFeed(ctx context.Context, a *domain.Actor) error {
	if !a.LoggedIn() {
		return domain.Unauthorized()
	}
	return s.db.SetCalendarFeed(domain.NewContextWithActor(ctx, a), a.User.ID, "")
}

// ReaderZone returns the zone a person reads a meeting's times in: theirs
// when they chose one, else the meeting's. An anonymous reader gets the
// meeting's.
func (s *Service) ReaderZone(ctx context.Context, a *domain.Actor, m *domain.Meeting) (*time.Location, error) {
	if a.LoggedIn() {
		cs, err := s.db.CalendarSettings(ctx, a.User.ID)
		if err != nil {
			return nil, err
		}
		if cs.TimeZone != "" {
			if loc, err := domain.LoadZone(cs.TimeZone); err == nil {
				return loc, nil
			}
		}
	}
	return m.Location(), nil
}
