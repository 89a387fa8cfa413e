package calendar_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/plenary-org/plenary/internal/calendar"
	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/store"
	"github.com/plenary-org/plenary/internal/store/storetest"
)

// world is GRCP 7 (10-11 October 2017 in Geneva) with two sessions, the
// second with a breakout part and a plenary part, two breakout groups, and
// a meeting of another process; one actor of each role.
type world struct {
	ctx     context.Context
	db      *store.DB
	svc     *calendar.Service
	meeting *domain.Meeting
	other   *domain.Meeting
	ag      *domain.Agenda
	actors  map[string]*domain.Actor
	groups  []*domain.Group
}

func newWorld(t *testing.T) *world {
	t.Helper()
	ctx := context.Background()
	db := storetest.Open(t)
	w := &world{ctx: ctx, db: db, svc: calendar.New(db), actors: map[string]*domain.Actor{}}
	p := &domain.Process{Name: "ISCM"}
	q := &domain.Process{Name: "Another process"}
	for _, x := range []*domain.Process{p, q} {
		if err := db.CreateProcess(ctx, x); err != nil {
			t.Fatal(err)
		}
	}
	w.ag = &domain.Agenda{Meeting: &domain.Meeting{ProcessID: p.ID, Title: "Global Meeting of Chairs and Secretariats of RCPs", ShortName: "GRCP 7",
		Venue: "Palais des Nations, Geneva", StartsOn: "2017-10-10", EndsOn: "2017-10-11"},
		Sessions: []*domain.SessionNode{
			{Session: domain.Session{Number: 1, Title: "Global processes"}},
			{Session: domain.Session{Number: 2, Title: "Regional perspectives"}, Parts: []*domain.PartNode{
				{Part: domain.Part{Title: "Breakout Groups", Kind: domain.PartBreakout}},
				{Part: domain.Part{Title: "Plenary discussion", Kind: domain.PartPlenary}},
			}},
		}}
	if err := db.CreateMeetingWithAgenda(ctx, w.ag); err != nil {
		t.Fatal(err)
	}
	w.meeting = w.ag.Meeting
	oa := &domain.Agenda{Meeting: &domain.Meeting{ProcessID: q.ID, Title: "Other meeting", TimeZone: "America/New_York"},
		Sessions: []*domain.SessionNode{{Session: domain.Session{Number: 1, Title: "Elsewhere", Times: domain.Times{StartsAt: "2018-03-01T10:00", EndsAt: "2018-03-01T11:00"}}}}}
	if err := db.CreateMeetingWithAgenda(ctx, oa); err != nil {
		t.Fatal(err)
	}
	w.other = oa.Meeting
	body := &domain.Body{Name: "Budapest Process", Kind: domain.BodyIRF}
	if err := db.CreateBody(ctx, body); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"Group A", "Group B"} {
		g := &domain.Group{MeetingID: w.meeting.ID, Name: name}
		if err := db.CreateGroup(ctx, g); err != nil {
			t.Fatal(err)
		}
		w.groups = append(w.groups, g)
	}
	type ms struct {
		process *domain.Process
		meeting string
		role    domain.Role
		group   string
	}
	for _, who := range []struct {
		key   string
		admin bool
		list  []ms
	}{
		{"secretariat", false, []ms{{p, "", domain.RoleSecretariat, ""}}},
		{"chair", false, []ms{{p, w.meeting.ID, domain.RoleChair, ""}}},
		{"delegate", false, []ms{{p, w.meeting.ID, domain.RoleDelegate, w.groups[0].ID}}},
		{"observer", false, []ms{{p, w.meeting.ID, domain.RoleObserver, ""}}},
		{"outsider", false, []ms{{q, "", domain.RoleSecretariat, ""}}},
		{"admin", true, nil},
	} {
		u := &domain.User{Email: who.key + "@example.org", Name: "Person " + who.key, Admin: who.admin}
		if err := db.CreateUser(ctx, u, ""); err != nil {
			t.Fatal(err)
		}
		a := &domain.Actor{User: u}
		for _, m := range who.list {
			dm := &domain.Membership{UserID: u.ID, ProcessID: m.process.ID, MeetingID: m.meeting, Role: m.role, GroupID: m.group}
			if m.role == domain.RoleDelegate {
				dm.BodyID = body.ID
			}
			if err := db.AddMembership(ctx, dm); err != nil {
				t.Fatal(err)
			}
			a.Memberships = append(a.Memberships, *dm)
		}
		w.actors[who.key] = a
	}
	return w
}

func (w *world) version(t *testing.T) int {
	t.Helper()
	m, err := w.db.Meeting(w.ctx, w.meeting.ID)
	if err != nil {
		t.Fatal(err)
	}
	return m.Version
}

// schedule is a full schedule of GRCP 7 in Geneva.
func (w *world) schedule(t *testing.T) calendar.ScheduleInput {
	s1, s2 := w.ag.Sessions[0], w.ag.Sessions[1]
	return calendar.ScheduleInput{MeetingID: w.meeting.ID, Version: w.version(t), TimeZone: "Europe/Zurich",
		Sessions: map[string]calendar.Span{s1.ID: {"2017-10-10 09:00", "2017-10-10 12:30"}, s2.ID: {"2017-10-10T14:00", "2017-10-10T17:30"}},
		Parts:    map[string]calendar.Span{s2.Parts[0].ID: {"2017-10-10 14:00", "2017-10-10 16:00"}, s2.Parts[1].ID: {"2017-10-10 16:00", "2017-10-10 17:30"}}}
}

func code(err error) string {
	if err == nil {
		return ""
	}
	return domain.ErrorCode(err)
}

func TestSetScheduleRoles(t *testing.T) {
	w := newWorld(t)
	for _, tc := range []struct {
		who, want string
	}{
		{"anonymous", domain.EUNAUTHORIZED},
		{"outsider", domain.ENOTFOUND},
		{"chair", domain.EFORBIDDEN},
		{"delegate", domain.EFORBIDDEN},
		{"observer", domain.EFORBIDDEN},
		{"secretariat", ""},
		{"admin", ""},
	} {
		t.Run(tc.who, func(t *testing.T) {
			if got := code(w.svc.SetSchedule(w.ctx, w.actors[tc.who], w.schedule(t))); got != tc.want {
				t.Errorf("SetSchedule: %q, want %q", got, tc.want)
			}
		})
	}
	// A session of another meeting is not found, even to an administrator.
	in := w.schedule(t)
	in.Sessions[w.other.ID] = calendar.Span{}
	ag, _ := w.db.Agenda(w.ctx, w.other.ID)
	in.Sessions = map[string]calendar.Span{ag.Sessions[0].ID: {"2017-10-10 09:00", "2017-10-10 10:00"}}
	if got := code(w.svc.SetSchedule(w.ctx, w.actors["admin"], in)); got != domain.ENOTFOUND {
		t.Errorf("another meeting's session: %q, want not found", got)
	}
	// The outsider, secretariat of the other process, cannot set GRCP 7's
	// times with its own meeting's ID either.
	in = w.schedule(t)
	in.MeetingID = w.other.ID
	if got := code(w.svc.SetSchedule(w.ctx, w.actors["secretariat"], in)); got != domain.ENOTFOUND {
		t.Errorf("secretariat on another process's meeting: %q, want not found", got)
	}
}

func TestSetScheduleValidation(t *testing.T) {
	w := newWorld(t)
	s1, s2 := w.ag.Sessions[0], w.ag.Sessions[1]
	p1 := s2.Parts[0]
	for _, tc := range []struct {
		name       string
		edit       func(in *calendar.ScheduleInput)
		field, key string
	}{
		{"unknown zone", func(in *calendar.ScheduleInput) { in.TimeZone = "Europe/Geneva" }, "time_zone", "error.time_zone"},
		{"Local zone", func(in *calendar.ScheduleInput) { in.TimeZone = "Local" }, "time_zone", "error.time_zone"},
		{"path as zone", func(in *calendar.ScheduleInput) { in.TimeZone = "../../etc/passwd" }, "time_zone", "error.time_zone"},
		{"end before start", func(in *calendar.ScheduleInput) {
			in.Sessions[s1.ID] = calendar.Span{"2017-10-10 12:00", "2017-10-10 09:00"}
		},
			"session." + s1.ID + ".ends_at", "error.time_order"},
		{"end equal to start", func(in *calendar.ScheduleInput) {
			in.Sessions[s1.ID] = calendar.Span{"2017-10-10 12:00", "2017-10-10 12:00"}
		},
			"session." + s1.ID + ".ends_at", "error.time_order"},
		{"start only", func(in *calendar.ScheduleInput) { in.Sessions[s1.ID] = calendar.Span{"2017-10-10 12:00", ""} },
			"session." + s1.ID + ".ends_at", "error.time_pair"},
		{"not a time", func(in *calendar.ScheduleInput) { in.Sessions[s1.ID] = calendar.Span{"10 Oct 9am", "2017-10-10 12:00"} },
			"session." + s1.ID + ".starts_at", "error.time"},
		{"control character", func(in *calendar.ScheduleInput) {
			in.Sessions[s1.ID] = calendar.Span{"2017-10-10 09:00\x00", "2017-10-10 12:00"}
		},
			"session." + s1.ID + ".starts_at", "error.time"},
		{"before the meeting", func(in *calendar.ScheduleInput) {
			in.Sessions[s1.ID] = calendar.Span{"2017-10-09 09:00", "2017-10-10 12:00"}
		},
			"session." + s1.ID + ".starts_at", "error.time_outside"},
		{"after the meeting", func(in *calendar.ScheduleInput) {
			in.Sessions[s1.ID] = calendar.Span{"2017-10-11 22:00", "2017-10-12 01:00"}
		},
			"session." + s1.ID + ".ends_at", "error.time_outside"},
		{"part outside its session", func(in *calendar.ScheduleInput) {
			in.Parts[p1.ID] = calendar.Span{"2017-10-10 13:00", "2017-10-10 15:00"}
		},
			"part." + p1.ID + ".starts_at", "error.time_in_session"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := w.schedule(t)
			tc.edit(&in)
			err := w.svc.SetSchedule(w.ctx, w.actors["secretariat"], in)
			var de *domain.Error
			if !errors.As(err, &de) || de.Code != domain.EINVALID {
				t.Fatalf("got %v, want invalid", err)
			}
			var found bool
			for _, e := range err.(domain.Errors) {
				found = found || e.Field == tc.field && e.Key == tc.key
			}
			if !found {
				t.Errorf("got %v, want %s on %s", err, tc.key, tc.field)
			}
		})
	}
	// Midnight after the last day is still within the meeting.
	in := w.schedule(t)
	in.Sessions[s1.ID] = calendar.Span{"2017-10-11 20:00", "2017-10-12 00:00"}
	in.Parts = nil
	if err := w.svc.SetSchedule(w.ctx, w.actors["secretariat"], in); err != nil {
		t.Errorf("ending at midnight after the last day: %v", err)
	}
	// A stale version is a conflict.
	in = w.schedule(t)
	in.Version--
	if got := code(w.svc.SetSchedule(w.ctx, w.actors["secretariat"], in)); got != domain.ECONFLICT {
		t.Errorf("stale version: %q, want conflict", got)
	}
}

// parse reads a calendar back with an independent parser and returns its
// events by UID.
func parse(t *testing.T, data []byte) map[string]*ics.VEvent {
	t.Helper()
	cal, err := ics.ParseCalendar(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("%v\n%s", err, data)
	}
	out := map[string]*ics.VEvent{}
	for _, ev := range cal.Events() {
		out[ev.Id()] = ev
	}
	return out
}

func prop(ev *ics.VEvent, p ics.ComponentProperty) string {
	if x := ev.GetProperty(p); x != nil {
		return ics.FromText(x.Value)
	}
	return ""
}

func TestMeetingCalendar(t *testing.T) {
	w := newWorld(t)
	sec := w.actors["secretariat"]
	if err := w.svc.SetSchedule(w.ctx, sec, w.schedule(t)); err != nil {
		t.Fatal(err)
	}
	data, err := w.svc.MeetingCalendar(w.ctx, w.actors["observer"], w.meeting.ID, "https://plenary.example.org")
	if err != nil {
		t.Fatal(err)
	}
	evs := parse(t, data)
	s1, s2 := w.ag.Sessions[0], w.ag.Sessions[1]
	if len(evs) != 4 {
		t.Fatalf("%d events, want 4 (2 sessions, 2 parts)\n%s", len(evs), data)
	}
	ev := evs["session-"+s1.ID+"@plenary"]
	if ev == nil {
		t.Fatalf("no event for session 1:\n%s", data)
	}
	start, _ := ev.GetStartAt()
	if want := time.Date(2017, 10, 10, 7, 0, 0, 0, time.UTC); !start.Equal(want) {
		t.Errorf("session 1 starts %v, want %v (09:00 in Geneva)", start.UTC(), want)
	}
	if got := prop(ev, ics.ComponentPropertySummary); got != "GRCP 7 · Session 1. Global processes" {
		t.Errorf("summary %q", got)
	}
	if got := prop(ev, ics.ComponentPropertyLocation); got != "Palais des Nations, Geneva" {
		t.Errorf("location %q", got)
	}
	if got := prop(ev, ics.ComponentPropertyUrl); got != "https://plenary.example.org/meetings/"+w.meeting.ID {
		t.Errorf("URL %q", got)
	}
	if got := prop(ev, ics.ComponentPropertySequence); got != "1" {
		t.Errorf("sequence %q, want 1 after the times were set", got)
	}
	if !strings.Contains(string(data), "DTSTART;TZID=Europe/Zurich:20171010T090000\r\n") || !strings.Contains(string(data), "BEGIN:VTIMEZONE\r\nTZID:Europe/Zurich\r\n") {
		t.Errorf("no TZID or VTIMEZONE for Europe/Zurich:\n%s", data)
	}
	if evs["part-"+s2.Parts[0].ID+"@plenary"] == nil {
		t.Error("no event for the breakout part in the meeting's calendar")
	}

	// Moving session 1 counts a change for it alone; saving the same times
	// again counts none; a new zone counts one for every timed event.
	in := w.schedule(t)
	in.Sessions[s1.ID] = calendar.Span{"2017-10-10 09:30", "2017-10-10 12:30"}
	if err := w.svc.SetSchedule(w.ctx, sec, in); err != nil {
		t.Fatal(err)
	}
	if err := w.svc.SetSchedule(w.ctx, sec, func() calendar.ScheduleInput { x := w.schedule(t); x.Sessions[s1.ID] = in.Sessions[s1.ID]; return x }()); err != nil {
		t.Fatal(err)
	}
	data, _ = w.svc.MeetingCalendar(w.ctx, sec, w.meeting.ID, "")
	evs = parse(t, data)
	if got := prop(evs["session-"+s1.ID+"@plenary"], ics.ComponentPropertySequence); got != "2" {
		t.Errorf("moved session: sequence %q, want 2", got)
	}
	if got := prop(evs["session-"+s2.ID+"@plenary"], ics.ComponentPropertySequence); got != "1" {
		t.Errorf("unchanged session: sequence %q, want 1", got)
	}
	in = w.schedule(t)
	in.TimeZone = "Europe/Paris"
	in.Sessions, in.Parts = nil, nil
	if err := w.svc.SetSchedule(w.ctx, sec, in); err != nil {
		t.Fatal(err)
	}
	data, _ = w.svc.MeetingCalendar(w.ctx, sec, w.meeting.ID, "")
	evs = parse(t, data)
	if got := prop(evs["session-"+s2.ID+"@plenary"], ics.ComponentPropertySequence); got != "2" {
		t.Errorf("after a new zone: sequence %q, want 2", got)
	}
	if !strings.Contains(string(data), "TZID=Europe/Paris:") {
		t.Errorf("the new zone is not used:\n%s", data)
	}
	// Clearing a part's times removes its event.
	in = w.schedule(t)
	in.TimeZone = "Europe/Paris"
	in.Sessions = nil
	in.Parts = map[string]calendar.Span{s2.Parts[1].ID: {}}
	if err := w.svc.SetSchedule(w.ctx, sec, in); err != nil {
		t.Fatal(err)
	}
	data, _ = w.svc.MeetingCalendar(w.ctx, sec, w.meeting.ID, "")
	if evs = parse(t, data); len(evs) != 3 {
		t.Errorf("%d events after clearing a part, want 3", len(evs))
	}

	for who, want := range map[string]string{"anonymous": domain.EUNAUTHORIZED, "outsider": domain.ENOTFOUND, "delegate": "", "admin": ""} {
		if _, err := w.svc.MeetingCalendar(w.ctx, w.actors[who], w.meeting.ID, ""); code(err) != want {
			t.Errorf("%s: %q, want %q", who, code(err), want)
		}
	}
	// The audit trail has each change of the schedule.
	evsA, err := w.db.AuditEvents(w.ctx, store.AuditFilter{MeetingID: w.meeting.ID, ObjectType: "meeting"})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range evsA {
		if e.Action == store.ScheduleAction {
			n++
		}
	}
	if n != 5 {
		t.Errorf("%d schedule events audited, want 5", n)
	}
}

func TestPersonCalendarAndFeed(t *testing.T) {
	w := newWorld(t)
	if err := w.svc.SetSchedule(w.ctx, w.actors["secretariat"], w.schedule(t)); err != nil {
		t.Fatal(err)
	}
	s2 := w.ag.Sessions[1]
	breakout, plenary := "part-"+s2.Parts[0].ID+"@plenary", "part-"+s2.Parts[1].ID+"@plenary"
	// The delegate is in group A: the breakout part names it.
	data, err := w.svc.PersonCalendar(w.ctx, w.actors["delegate"], "")
	if err != nil {
		t.Fatal(err)
	}
	evs := parse(t, data)
	if len(evs) != 4 || evs[breakout] == nil || !strings.HasSuffix(prop(evs[breakout], ics.ComponentPropertySummary), "Breakout Groups (Group A)") {
		t.Errorf("delegate's calendar: %d events\n%s", len(evs), data)
	}
	// The observer is in no group: no breakout part, the plenary part kept.
	data, _ = w.svc.PersonCalendar(w.ctx, w.actors["observer"], "")
	if evs = parse(t, data); len(evs) != 3 || evs[breakout] != nil || evs[plenary] == nil {
		t.Errorf("observer's calendar: %d events\n%s", len(evs), data)
	}
	// The outsider sees the other process's meeting only; the
	// administrator, in no meeting, an empty calendar.
	data, _ = w.svc.PersonCalendar(w.ctx, w.actors["outsider"], "")
	if evs = parse(t, data); len(evs) != 1 || !strings.Contains(string(data), "TZID=America/New_York:20180301T100000") {
		t.Errorf("outsider's calendar:\n%s", data)
	}
	data, _ = w.svc.PersonCalendar(w.ctx, w.actors["admin"], "")
	if evs = parse(t, data); len(evs) != 0 {
		t.Errorf("admin's calendar has %d events", len(evs))
	}
	if _, err := w.svc.PersonCalendar(w.ctx, nil, ""); code(err) != domain.EUNAUTHORIZED {
		t.Errorf("anonymous: %v", err)
	}

	// The secret address: made, replaced, revoked.
	del := w.actors["delegate"]
	token, err := w.svc.CreateFeed(w.ctx, del)
	if err != nil {
		t.Fatal(err)
	}
	if cs, _ := w.svc.Settings(w.ctx, del); cs.FeedCreatedAt.IsZero() {
		t.Error("the settings do not say a feed exists")
	}
	data, err = w.svc.FeedCalendar(w.ctx, token, "")
	if err != nil || len(parse(t, data)) != 4 {
		t.Fatalf("feed: %v\n%s", err, data)
	}
	for _, bad := range []string{"", "x", strings.Repeat("a", 200), token + "x"} {
		if _, err := w.svc.FeedCalendar(w.ctx, bad, ""); code(err) != domain.ENOTFOUND {
			t.Errorf("token %q: %v, want not found", bad, err)
		}
	}
	token2, err := w.svc.CreateFeed(w.ctx, del)
	if err != nil || token2 == token {
		t.Fatal("a new address is not new", err)
	}
	if _, err := w.svc.FeedCalendar(w.ctx, token, ""); code(err) != domain.ENOTFOUND {
		t.Errorf("the replaced address still works: %v", err)
	}
	if _, err := w.svc.FeedCalendar(w.ctx, token2, ""); err != nil {
		t.Errorf("the new address: %v", err)
	}
	// A disabled account's address stops working.
	u := *del.User
	u.Disabled = true
	if err := w.db.UpdateUser(w.ctx, &u); err != nil {
		t.Fatal(err)
	}
	if _, err := w.svc.FeedCalendar(w.ctx, token2, ""); code(err) != domain.ENOTFOUND {
		t.Errorf("a disabled account's address still works: %v", err)
	}
	u.Disabled = false
	if err := w.db.UpdateUser(w.ctx, &u); err != nil {
		t.Fatal(err)
	}
	if err := w.svc.RevokeFeed(w.ctx, del); err != nil {
		t.Fatal(err)
	}
	if _, err := w.svc.FeedCalendar(w.ctx, token2, ""); code(err) != domain.ENOTFOUND {
		t.Errorf("the revoked address still works: %v", err)
	}
	if cs, _ := w.svc.Settings(w.ctx, del); !cs.FeedCreatedAt.IsZero() {
		t.Error("the settings still say a feed exists")
	}
	if _, err := w.svc.CreateFeed(w.ctx, nil); code(err) != domain.EUNAUTHORIZED {
		t.Errorf("anonymous feed: %v", err)
	}
}

func TestReaderZone(t *testing.T) {
	w := newWorld(t)
	obs := w.actors["observer"]
	// GRCP 7 has no zone chosen: its venue in Geneva gives Europe/Zurich.
	loc, err := w.svc.ReaderZone(w.ctx, obs, w.meeting)
	if err != nil || loc.String() != "Europe/Zurich" {
		t.Fatalf("reader zone %v %v, want the venue's", loc, err)
	}
	if err := w.svc.SetTimeZone(w.ctx, obs, "Asia/Bangkok"); err != nil {
		t.Fatal(err)
	}
	if loc, _ = w.svc.ReaderZone(w.ctx, obs, w.meeting); loc.String() != "Asia/Bangkok" {
		t.Errorf("reader zone %v, want the reader's", loc)
	}
	if loc, _ = w.svc.ReaderZone(w.ctx, nil, w.meeting); loc.String() != "Europe/Zurich" {
		t.Errorf("anonymous reader zone %v", loc)
	}
	for _, bad := range []string{"Mars/Olympus", "Local", "Europe/Zurich\x00", strings.Repeat("A", 100)} {
		if err := w.svc.SetTimeZone(w.ctx, obs, bad); code(err) != domain.EINVALID {
			t.Errorf("zone %q: %v, want invalid", bad, err)
		}
	}
	if err := w.svc.SetTimeZone(w.ctx, nil, "UTC"); code(err) != domain.EUNAUTHORIZED {
		t.Errorf("anonymous: %v", err)
	}
	if err := w.svc.SetTimeZone(w.ctx, obs, ""); err != nil {
		t.Fatal(err)
	}
	if loc, _ = w.svc.ReaderZone(w.ctx, obs, w.meeting); loc.String() != "Europe/Zurich" {
		t.Errorf("reader zone %v after going back to the meeting's", loc)
	}
}
