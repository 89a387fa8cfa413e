package api

import (
	"encoding/json"
	"github.com/plenary-org/plenary/internal/geo"
	"time"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/store"
)

// The types below are the API's JSON representations. They are separate
// from the domain types so that field names and what is shown stay stable
// when the domain changes.

type page[T any] struct {
	Items  []T `json:"items"`
	Total  int `json:"total"`
	Offset int `json:"offset"`
	Limit  int `json:"limit"`
}

type list[T any] struct {
	Items []T `json:"items"`
}

// mapSlice converts every element of in with f, giving [] rather than null
// for an empty list.
func mapSlice[S, T any](in []S, f func(S) T) []T {
	out := make([]T, 0, len(in))
	for _, v := range in {
		out = append(out, f(v))
	}
	return out
}

// orEmpty returns s, or an empty slice instead of nil so that JSON shows [].
func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

type userJSON struct {
	ID        string    `json:"id"`
	Email     string    `json:"email"`
	Name      string    `json:"name"`
	Locale    string    `json:"locale"`
	Admin     bool      `json:"admin"`
	Disabled  bool      `json:"disabled"`
	CreatedAt time.Time `json:"created_at"`
	Version   int       `json:"version"`
}

func userView(u *domain.User) userJSON {
	return userJSON{ID: u.ID, Email: u.Email, Name: u.Name, Locale: u.Locale, Admin: u.Admin,
		Disabled: u.Disabled, CreatedAt: u.CreatedAt, Version: u.Version}
}

type membershipJSON struct {
	ID        string    `json:"id"`
	UserID    string    `json:"user_id"`
	ProcessID string    `json:"process_id"`
	MeetingID string    `json:"meeting_id,omitempty"`
	Role      string    `json:"role"`
	BodyID    string    `json:"body_id,omitempty"`
	GroupID   string    `json:"group_id,omitempty"`
	CreatedAt time.Time `json:"created_at"`
}

func membershipView(m domain.Membership) membershipJSON {
	return membershipJSON{ID: m.ID, UserID: m.UserID, ProcessID: m.ProcessID, MeetingID: m.MeetingID,
		Role: string(m.Role), BodyID: m.BodyID, GroupID: m.GroupID, CreatedAt: m.CreatedAt}
}

type memberJSON struct {
	membershipJSON
	UserName  string `json:"user_name"`
	UserEmail string `json:"user_email,omitempty"` // shown to those who manage the meeting or process only
	BodyName  string `json:"body_name,omitempty"`
	GroupName string `json:"group_name,omitempty"`
}

func memberView(v store.MemberView, showEmail bool) memberJSON {
	m := memberJSON{membershipJSON: membershipView(v.Membership), UserName: v.UserName, BodyName: v.BodyName, GroupName: v.GroupName}
	if showEmail {
		m.UserEmail = v.UserEmail
	}
	return m
}

type meJSON struct {
	User        userJSON         `json:"user"`
	Memberships []membershipJSON `json:"memberships"`
}

type bodyJSON struct {
	ID          string   `json:"id"`
	Name        string   `json:"name"`
	Acronym     string   `json:"acronym"`
	Kind        string   `json:"kind"`
	PartnerType string   `json:"partner_type"`
	Region      string   `json:"region"`
	RegionID    string   `json:"region_id"`
	Established int      `json:"established"`
	Secretariat string   `json:"secretariat"`
	Website     string   `json:"website"`
	Countries   []string `json:"countries"`
	// Members are the member and observer states with their ISO 3166-1
	// alpha-3 codes and the dates they joined.
	Members     []memberStateJSON `json:"members"`
	MembersNote string            `json:"members_note"`
	Version     int               `json:"version"`
	CreatedAt   time.Time         `json:"created_at"`
	UpdatedAt   time.Time         `json:"updated_at"`
}

type memberStateJSON struct {
	Country string `json:"country"` // ISO 3166-1 alpha-2
	Alpha3  string `json:"alpha3"`
	Role    string `json:"role"` // member or observer
	Joined  string `json:"joined,omitempty"`
}

func bodyView(b *domain.Body) bodyJSON {
	members := []memberStateJSON{}
	for _, c := range b.Countries {
		members = append(members, memberStateJSON{Country: c, Alpha3: geo.Alpha3(c), Role: "member", Joined: b.Joined[c]})
	}
	for _, c := range b.Observers {
		members = append(members, memberStateJSON{Country: c, Alpha3: geo.Alpha3(c), Role: "observer", Joined: b.Joined[c]})
	}
	return bodyJSON{ID: b.ID, Name: b.Name, Acronym: b.Acronym, Kind: string(b.Kind), PartnerType: b.PartnerType, Region: b.Region, RegionID: b.RegionID,
		Established: b.Established, Secretariat: b.Secretariat, Website: b.Website, Countries: orEmpty(b.Countries),
		Members: members, MembersNote: b.MembersNote, Version: b.Version, CreatedAt: b.CreatedAt, UpdatedAt: b.UpdatedAt}
}

type processJSON struct {
	ID          string    `json:"id"`
	Name        string    `json:"name"`
	Description string    `json:"description"`
	Version     int       `json:"version"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

func processView(p *domain.Process) processJSON {
	return processJSON{ID: p.ID, Name: p.Name, Description: p.Description, Version: p.Version,
		CreatedAt: p.CreatedAt, UpdatedAt: p.UpdatedAt}
}

type meetingJSON struct {
	ID              string   `json:"id"`
	ProcessID       string   `json:"process_id"`
	Organisation    []string `json:"organisation"`
	Title           string   `json:"title"`
	Subtitle        string   `json:"subtitle"`
	ShortName       string   `json:"short_name"`
	DocTitle        string   `json:"doc_title"`
	Venue           string   `json:"venue"`
	StartsOn        string   `json:"starts_on"`
	EndsOn          string   `json:"ends_on"`
	TimeZone        string   `json:"time_zone"`
	Zone            string   `json:"zone"`
	Details         []string `json:"details"`
	ObjectivesTitle string   `json:"objectives_title"`
	ObjectivesIntro string   `json:"objectives_intro"`
	IssuesTitle     string   `json:"issues_title"`
	IssuesIntro     string   `json:"issues_intro"`
	SessionsTitle   string   `json:"sessions_title"`
	NonAttribution  bool     `json:"non_attribution"`
	// NonAttributionMinBodies is k (domain.Describe).
	NonAttributionMinBodies int       `json:"non_attribution_min_bodies"`
	Version                 int       `json:"version"`
	CreatedAt               time.Time `json:"created_at"`
	UpdatedAt               time.Time `json:"updated_at"`
}

func meetingView(m *domain.Meeting) meetingJSON {
	return meetingJSON{ID: m.ID, ProcessID: m.ProcessID, Organisation: orEmpty(m.Organisation), Title: m.Title,
		Subtitle: m.Subtitle, ShortName: m.ShortName, DocTitle: m.DocTitle, Venue: m.Venue, StartsOn: m.StartsOn,
		EndsOn: m.EndsOn, TimeZone: m.TimeZone, Zone: m.Zone(), ObjectivesIntro: m.ObjectivesIntro, IssuesIntro: m.IssuesIntro,
		Details: orEmpty(m.Details), ObjectivesTitle: m.ObjectivesTitle, IssuesTitle: m.IssuesTitle, SessionsTitle: m.SessionsTitle,
		NonAttribution: m.NonAttribution, NonAttributionMinBodies: m.MinDescribed(), Version: m.Version, CreatedAt: m.CreatedAt, UpdatedAt: m.UpdatedAt}
}

type sessionJSON struct {
	ID             string `json:"id"`
	MeetingID      string `json:"meeting_id"`
	Number         int    `json:"number"`
	Title          string `json:"title"`
	Intro          string `json:"intro"`
	ObjectivesNote string `json:"objectives_note"`
	QuestionsNote  string `json:"questions_note"`
	Position       int    `json:"position"`
	Version        int    `json:"version"`
	timesJSON
}

// timesJSON is when a session or part takes place, in its meeting's zone.
type timesJSON struct {
	StartsAt      string `json:"starts_at"`
	EndsAt        string `json:"ends_at"`
	TimesSequence int    `json:"times_sequence"`
}

func timesView(t domain.Times) timesJSON {
	return timesJSON{StartsAt: t.StartsAt, EndsAt: t.EndsAt, TimesSequence: t.Sequence}
}

func sessionView(s *domain.Session) sessionJSON {
	return sessionJSON{ID: s.ID, MeetingID: s.MeetingID, Number: s.Number, Title: s.Title, Intro: s.Intro,
		ObjectivesNote: s.ObjectivesNote, QuestionsNote: s.QuestionsNote, Position: s.Position, Version: s.Version, timesJSON: timesView(s.Times)}
}

type partJSON struct {
	ID             string `json:"id"`
	SessionID      string `json:"session_id"`
	Title          string `json:"title"`
	Kind           string `json:"kind"`
	Intro          string `json:"intro"`
	ObjectivesNote string `json:"objectives_note"`
	QuestionsNote  string `json:"questions_note"`
	Position       int    `json:"position"`
	Version        int    `json:"version"`
	timesJSON
}

func partView(p *domain.Part) partJSON {
	return partJSON{ID: p.ID, SessionID: p.SessionID, Title: p.Title, Kind: string(p.Kind), Intro: p.Intro,
		ObjectivesNote: p.ObjectivesNote, QuestionsNote: p.QuestionsNote, Position: p.Position, Version: p.Version, timesJSON: timesView(p.Times)}
}

type itemJSON struct {
	ID        string `json:"id"`
	MeetingID string `json:"meeting_id"`
	SessionID string `json:"session_id"`
	PartID    string `json:"part_id"`
	ParentID  string `json:"parent_id"`
	Kind      string `json:"kind"`
	Label     string `json:"label"`
	Text      string `json:"text"`
	Footnotes []int  `json:"footnotes"`
	Position  int    `json:"position"`
	Version   int    `json:"version"`
}

func itemView(it *domain.AgendaItem) itemJSON {
	return itemJSON{ID: it.ID, MeetingID: it.MeetingID, SessionID: it.SessionID, PartID: it.PartID, ParentID: it.ParentID,
		Kind: string(it.Kind), Label: it.Label, Text: it.Text, Footnotes: orEmpty(it.Footnotes), Position: it.Position, Version: it.Version}
}

type itemNodeJSON struct {
	itemJSON
	Children []itemNodeJSON `json:"children"`
}

func itemNodeView(n *domain.ItemNode) itemNodeJSON {
	return itemNodeJSON{itemJSON: itemView(&n.AgendaItem), Children: mapSlice(n.Children, itemNodeView)}
}

type footnoteJSON struct {
	Number int    `json:"number"`
	Text   string `json:"text"`
}

type partNodeJSON struct {
	partJSON
	Items []itemNodeJSON `json:"items"`
}

type sessionNodeJSON struct {
	sessionJSON
	Items []itemNodeJSON `json:"items"`
	Parts []partNodeJSON `json:"parts"`
}

type agendaJSON struct {
	Meeting   meetingJSON       `json:"meeting"`
	Items     []itemNodeJSON    `json:"items"`
	Footnotes []footnoteJSON    `json:"footnotes"`
	Sessions  []sessionNodeJSON `json:"sessions"`
}

func agendaView(a *domain.Agenda) agendaJSON {
	return agendaJSON{
		Meeting: meetingView(a.Meeting),
		Items:   mapSlice(a.Items, itemNodeView),
		Footnotes: mapSlice(a.Footnotes, func(f domain.Footnote) footnoteJSON {
			return footnoteJSON{Number: f.Number, Text: f.Text}
		}),
		Sessions: mapSlice(a.Sessions, func(s *domain.SessionNode) sessionNodeJSON {
			return sessionNodeJSON{
				sessionJSON: sessionView(&s.Session),
				Items:       mapSlice(s.Items, itemNodeView),
				Parts: mapSlice(s.Parts, func(p *domain.PartNode) partNodeJSON {
					return partNodeJSON{partJSON: partView(&p.Part), Items: mapSlice(p.Items, itemNodeView)}
				}),
			}
		}),
	}
}

type groupJSON struct {
	ID        string `json:"id"`
	MeetingID string `json:"meeting_id"`
	Name      string `json:"name"`
	Region    string `json:"region"`
	Version   int    `json:"version"`
}

func groupView(g *domain.Group) groupJSON {
	return groupJSON{ID: g.ID, MeetingID: g.MeetingID, Name: g.Name, Region: g.Region, Version: g.Version}
}

type auditJSON struct {
	ID         int64           `json:"id"`
	At         time.Time       `json:"at"`
	ActorID    string          `json:"actor_id"`
	ActorName  string          `json:"actor_name"`
	Action     string          `json:"action"`
	ObjectType string          `json:"object_type"`
	ObjectID   string          `json:"object_id"`
	MeetingID  string          `json:"meeting_id"`
	Before     json.RawMessage `json:"before"`
	After      json.RawMessage `json:"after"`
}

// rawOrNull returns s as raw JSON, or null when it is empty or not JSON.
func rawOrNull(s string) json.RawMessage {
	if s == "" || !json.Valid([]byte(s)) {
		return json.RawMessage("null")
	}
	return json.RawMessage(s)
}

func auditView(e domain.AuditEvent) auditJSON {
	return auditJSON{ID: e.ID, At: e.At, ActorID: e.ActorID, ActorName: e.ActorName, Action: e.Action,
		ObjectType: e.ObjectType, ObjectID: e.ObjectID, MeetingID: e.MeetingID, Before: rawOrNull(e.Before), After: rawOrNull(e.After)}
}

type auditPageJSON struct {
	Items []auditJSON `json:"items"`
	// NextBeforeID is the before_id that fetches the next, older page; 0
	// when this page is the last.
	NextBeforeID int64 `json:"next_before_id"`
}
