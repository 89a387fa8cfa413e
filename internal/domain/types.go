package domain

import (
	"github.com/plenary-org/plenary/internal/geo"
	"net/mail"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// BodyKind is the kind of a body: a consultation mechanism, a partner
// organisation or a state.
type BodyKind string

// The kinds of body.
const (
	BodyRCP            BodyKind = "rcp"
	BodyIRF            BodyKind = "irf"
	BodyGlobalProcess  BodyKind = "global_process"
	BodyUNRegionalComm BodyKind = "un_regional_commission"
	BodyREO            BodyKind = "regional_economic_organisation"
	BodyIGO            BodyKind = "igo"
	BodyNGO            BodyKind = "ngo"
	BodyAcademia       BodyKind = "academia"
	BodyPrivateSector  BodyKind = "private_sector"
	BodyState          BodyKind = "state"
)

// BodyKinds lists every body kind in display order.
var BodyKinds = []BodyKind{BodyRCP, BodyIRF, BodyGlobalProcess, BodyUNRegionalComm, BodyREO,
	BodyIGO, BodyNGO, BodyAcademia, BodyPrivateSector, BodyState}

// IsMechanism reports whether bodies of kind k are inter-state consultation
// mechanisms; the others are partners or states.
func (k BodyKind) IsMechanism() bool {
	return k == BodyRCP || k == BodyIRF || k == BodyGlobalProcess
}

// IsPartner reports whether bodies of kind k are partner organisations of
// the mechanisms (UN regional commissions, regional economic organisations,
// IGOs, NGOs, academia, the private sector): neither a mechanism nor a
// state.
func (k BodyKind) IsPartner() bool {
	return k.Valid() && !k.IsMechanism() && k != BodyState
}

// Valid reports whether k is a known kind.
func (k BodyKind) Valid() bool { return slices.Contains(BodyKinds, k) }

// Role is what a person may do in a process or meeting.
type Role string

// The roles. Instance administrators are marked on the user, not by a role.
const (
	RoleSecretariat Role = "secretariat"
	RoleChair       Role = "chair"
	RoleRapporteur  Role = "rapporteur"
	RoleDelegate    Role = "delegate"
	RolePartner     Role = "partner"
	RoleObserver    Role = "observer"
)

// Roles lists every role, most powerful first.
var Roles = []Role{RoleSecretariat, RoleChair, RoleRapporteur, RoleDelegate, RolePartner, RoleObserver}

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return slices.Contains(Roles, r) }

// PartKind says how a part of a session is run.
type PartKind string

// The kinds of session part.
const (
	PartBreakout   PartKind = "breakout"
	PartPlenary    PartKind = "plenary"
	PartDiscussion PartKind = "discussion"
)

// PartKinds lists the part kinds.
var PartKinds = []PartKind{PartBreakout, PartPlenary, PartDiscussion}

// Valid reports whether k is a known part kind.
func (k PartKind) Valid() bool { return slices.Contains(PartKinds, k) }

// ItemKind is the kind of an agenda item.
type ItemKind string

// The kinds of agenda item.
const (
	ItemObjective ItemKind = "objective"
	ItemQuestion  ItemKind = "question"
	ItemIssue     ItemKind = "issue"
)

// ItemKinds lists the item kinds.
var ItemKinds = []ItemKind{ItemObjective, ItemQuestion, ItemIssue}

// Valid reports whether k is a known item kind.
func (k ItemKind) Valid() bool { return slices.Contains(ItemKinds, k) }

// User is a person with an account.
type User struct {
	ID        string // public ID
	Email     string
	Name      string
	Locale    string // preferred interface language, "" for the browser's
	Admin     bool   // instance administrator
	Disabled  bool
	CreatedAt time.Time
	Version   int
}

// Body is a mechanism, a partner organisation or a state.
type Body struct {
	ID      string
	Name    string
	Acronym string
	Kind    BodyKind
	// PartnerType is a partner's type ([PartnerType] ID); by default the
	// one of its kind ([PartnerTypeOfKind]), "" for mechanisms and states.
	PartnerType string
	Region      string   // the region as written
	RegionID    string   // the region it refers to ([Region]), "" when none is known
	Established int      // year, 0 when unknown
	Secretariat string   // who hosts its secretariat
	Countries   []string // ISO 3166-1 alpha-2 codes of member states
	// Observers are the ISO 3166-1 alpha-2 codes of its observer states.
	Observers []string
	// Joined gives, by member or observer state, when it joined: a year
	// ("1996") or a date ("2014-11-28").
	Joined  map[string]string
	Website string
	// MembersNote says where the list of members comes from, and marks it
	// demonstration content where it is uncertain.
	MembersNote string
	Version     int
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// Label returns the acronym when there is one, else the name.
func (b *Body) Label() string {
	if b.Acronym != "" {
		return b.Acronym
	}
	return b.Name
}

// Process is a line of work of one or more mechanisms that holds meetings,
// for example "ISCM contributions to the GCM".
type Process struct {
	ID          string
	Name        string
	Description string
	Version     int
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// Meeting is one meeting of a process, with its agenda.
type Meeting struct {
	ID           string
	ProcessID    string
	Organisation []string // header lines naming the organiser
	Title        string
	Subtitle     string
	ShortName    string
	DocTitle     string
	Venue        string
	StartsOn     string // YYYY-MM-DD or ""
	EndsOn       string
	// TimeZone is the IANA name of the zone the meeting's times are
	// written in ("Europe/Geneva"); "" for the default, see [Meeting.Zone].
	TimeZone        string
	Details         []string // other header lines: venue, dates, as written
	ObjectivesTitle string   // heading of the meeting objectives, "Meeting Objective"
	ObjectivesIntro string
	IssuesTitle     string // heading of the issues, "Issues to be addressed during GRCP 7"
	IssuesIntro     string
	SessionsTitle   string // heading that introduces the sessions
	// NonAttribution holds what is written from now on under the
	// Chatham House rule; each record keeps the rule it was written under
	// (see [Attributed]).
	NonAttribution bool
	// NonAttributionMinBodies is k: how many participants a description of
	// a body must fit under the non-attribution rule (see [Describe]); 0
	// for the default, [DefaultMinDescribed].
	NonAttributionMinBodies int
	Version                 int
	CreatedAt               time.Time
	UpdatedAt               time.Time
}

// Name returns the short name when there is one, else the title.
func (m *Meeting) Name() string {
	if m.ShortName != "" {
		return m.ShortName
	}
	return m.Title
}

// Session is one session of a meeting.
type Session struct {
	ID             string
	MeetingID      string
	Number         int
	Title          string
	Intro          string
	ObjectivesNote string // "breakout groups and plenary discussion"
	QuestionsNote  string
	Position       int
	Version        int
	Times
}

// Part is a part of a session: a breakout, a plenary or a discussion.
type Part struct {
	ID             string
	SessionID      string
	Title          string
	Kind           PartKind
	Intro          string
	ObjectivesNote string
	QuestionsNote  string
	Position       int
	Version        int
	Times
}

// AgendaItem is an objective, a guiding question or an issue, placed in a
// meeting, a session or a part, possibly under a parent item.
type AgendaItem struct {
	ID        string
	MeetingID string
	SessionID string // "" for meeting-level items
	PartID    string // "" unless the item belongs to a part
	ParentID  string // "" for top-level items
	Kind      ItemKind
	Label     string // "(i)" and the like
	Text      string // inline Markdown
	Footnotes []int
	Position  int
	Version   int
}

// Footnote is a numbered note of a meeting's agenda.
type Footnote struct {
	Number int
	Text   string
}

// Group is a breakout group of a meeting.
type Group struct {
	ID        string
	MeetingID string
	Name      string
	Region    string // the region as written
	RegionID  string // the region it refers to ([Region]), "" when none is known
	Version   int
}

// Membership gives a user a role in a process (MeetingID == "") or in one of
// its meetings. Delegates and partners act on behalf of a body; rapporteurs
// and group members belong to a breakout group.
type Membership struct {
	ID        string
	UserID    string
	ProcessID string
	MeetingID string
	Role      Role
	BodyID    string
	GroupID   string
	CreatedAt time.Time
}

// Invitation lets the holder of a link join with a role until it expires.
type Invitation struct {
	ID         string
	Email      string
	ProcessID  string
	MeetingID  string
	Role       Role
	BodyID     string
	GroupID    string
	CreatedBy  string
	ExpiresAt  time.Time
	AcceptedAt time.Time
	CreatedAt  time.Time
}

// AuditEvent records one change by a person.
type AuditEvent struct {
	ID         int64
	At         time.Time
	ActorID    string // user public ID, "" for the system
	ActorName  string
	Action     string // create, update, delete, import, login...
	ObjectType string
	ObjectID   string
	MeetingID  string
	Before     string // JSON, "" when none
	After      string
	// Unattributed marks an event of a record written under the
	// non-attribution rule: its snapshots name no author, body or partner,
	// and it has no actor when [ConcealsActor] left them out.
	Unattributed bool
}

// Concealed reports whether the event's actor was left out under the
// non-attribution rule ([ConcealsActor]), rather than being the system.
func (e AuditEvent) Concealed() bool {
	return e.Unattributed && e.ActorID == "" && ConcealsActor(e.ObjectType, true)
}

// Limits on text lengths, in characters.
const (
	MaxName  = 300
	MaxText  = 10000
	MaxShort = 100
)

// checkText checks a text field: present when required, at most maxLen
// characters, and holding only the characters [CheckText] allows. Fields
// of at most 2*MaxName characters (names, titles, labels, notes) are one
// line: they refuse tab and line breaks too ([CheckLine]).
func checkText(errs *Errors, field, v string, required bool, maxLen int) {
	switch {
	case required && strings.TrimSpace(v) == "":
		*errs = append(*errs, Invalid(field, "error.required", "this field is required"))
	case utf8.RuneCountInString(v) > maxLen:
		*errs = append(*errs, Invalid(field, "error.too_long", "must be at most %d characters", maxLen))
	default:
		if e := badText(field, v, maxLen <= 2*MaxName); e != nil {
			*errs = append(*errs, e)
		}
	}
}

// Validate checks a user's fields.
func (u *User) Validate() error {
	var errs Errors
	checkText(&errs, "name", u.Name, true, MaxName)
	if a, err := mail.ParseAddress(u.Email); err != nil || a.Address != u.Email || len(u.Email) > MaxName || CheckLine("email", u.Email) != nil {
		errs = append(errs, Invalid("email", "error.email", "must be an e-mail address like name@example.org"))
	}
	if u.Locale != "" && !slices.Contains(Locales, u.Locale) {
		errs = append(errs, Invalid("locale", "error.locale", "must be one of %s", strings.Join(Locales, ", ")))
	}
	return errs.Err()
}

// EmailKey returns the form of an e-mail address under which accounts are
// found and compared: without surrounding space, in lower case. Two
// addresses name the same account exactly when their keys are equal.
func EmailKey(email string) string { return strings.ToLower(strings.TrimSpace(email)) }

// Locales lists the interface languages, the six official UN languages.
var Locales = []string{"en", "fr", "es", "ar", "zh", "ru"}

// Validate checks a body's fields and normalises its country codes.
func (b *Body) Validate() error {
	var errs Errors
	b.Name = strings.TrimSpace(b.Name)
	b.Acronym = strings.TrimSpace(b.Acronym)
	checkText(&errs, "name", b.Name, true, MaxName)
	checkText(&errs, "acronym", b.Acronym, false, MaxShort)
	checkText(&errs, "region", b.Region, false, MaxName)
	checkText(&errs, "secretariat", b.Secretariat, false, MaxName)
	if !b.Kind.Valid() {
		errs = append(errs, Invalid("kind", "error.body_kind", "choose one of the kinds of body"))
	}
	if b.Established != 0 && (b.Established < 1800 || b.Established > 2200) {
		errs = append(errs, Invalid("established", "error.year", "must be a year such as 1996"))
	}
	cs, bad := NormalizeCountries(b.Countries)
	if len(bad) > 0 {
		errs = append(errs, Invalid("countries", "error.countries", "unknown ISO 3166 country codes: %s", strings.Join(bad, ", ")))
	}
	b.Countries = cs
	obs, bad := NormalizeCountries(b.Observers)
	if len(bad) > 0 {
		errs = append(errs, Invalid("observers", "error.countries", "unknown ISO 3166 country codes: %s", strings.Join(bad, ", ")))
	}
	b.Observers = obs
	if both := slices.DeleteFunc(slices.Clone(obs), func(c string) bool { return !slices.Contains(cs, c) }); len(both) > 0 {
		errs = append(errs, Invalid("observers", "body.error_member_observer", "a state is a member or an observer, not both: %s", strings.Join(both, ", ")))
	}
	joined := map[string]string{}
	for c, d := range b.Joined {
		c, d = strings.ToUpper(strings.TrimSpace(c)), strings.TrimSpace(d)
		switch {
		case d == "":
		case !slices.Contains(cs, c) && !slices.Contains(obs, c):
			errs = append(errs, Invalid("joined", "body.error_joined_state", "%s is neither a member nor an observer", c))
		case !ValidJoinDate(d):
			errs = append(errs, Invalid("joined", "body.error_joined_date", "%s: %q is not a year (1996) or a date (1996-03-15)", c, d))
		default:
			joined[c] = d
		}
	}
	b.Joined = joined
	b.Website = strings.TrimSpace(b.Website)
	if b.Website != "" {
		if u, err := url.Parse(b.Website); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || len(b.Website) > 2000 || CheckLine("website", b.Website) != nil {
			errs = append(errs, Invalid("website", "error.link", "%s is not a web address starting with https:// or http://", b.Website))
		}
	}
	b.MembersNote = strings.TrimSpace(b.MembersNote)
	checkText(&errs, "members_note", b.MembersNote, false, MaxName)
	return errs.Err()
}

// ValidJoinDate reports whether s is a year from 1800 to 2200 ("1996"), a
// month ("1996-03") or a date ("1996-03-15").
func ValidJoinDate(s string) bool {
	for _, layout := range []string{"2006", "2006-01", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil && len(s) == len(layout) {
			return t.Year() >= 1800 && t.Year() <= 2200
		}
	}
	return false
}

// Validate checks a process's fields.
func (p *Process) Validate() error {
	var errs Errors
	p.Name = strings.TrimSpace(p.Name)
	checkText(&errs, "name", p.Name, true, MaxName)
	checkText(&errs, "description", p.Description, false, MaxText)
	return errs.Err()
}

// Validate checks a meeting's fields.
func (m *Meeting) Validate() error {
	var errs Errors
	m.Title = strings.TrimSpace(m.Title)
	checkText(&errs, "title", m.Title, true, MaxName*2)
	checkText(&errs, "subtitle", m.Subtitle, false, MaxName*2)
	checkText(&errs, "short_name", m.ShortName, false, MaxShort)
	checkText(&errs, "venue", m.Venue, false, MaxName)
	checkText(&errs, "objectives_title", m.ObjectivesTitle, false, MaxName)
	checkText(&errs, "issues_title", m.IssuesTitle, false, MaxName)
	checkText(&errs, "sessions_title", m.SessionsTitle, false, MaxName)
	checkText(&errs, "objectives_intro", m.ObjectivesIntro, false, MaxText)
	checkText(&errs, "issues_intro", m.IssuesIntro, false, MaxText)
	for _, f := range []struct{ name, v string }{{"starts_on", m.StartsOn}, {"ends_on", m.EndsOn}} {
		if f.v == "" {
			continue
		}
		if _, err := time.Parse(time.DateOnly, f.v); err != nil {
			errs = append(errs, Invalid(f.name, "error.date", "must be a date like 2017-10-10"))
		}
	}
	if m.StartsOn != "" && m.EndsOn != "" && m.EndsOn < m.StartsOn {
		errs = append(errs, Invalid("ends_on", "error.date_order", "must not be before the start date"))
	}
	if e, ok := CheckTimeZone(m.TimeZone).(*Error); ok {
		errs = append(errs, e)
	}
	if k := m.NonAttributionMinBodies; k != 0 && (k < 2 || k > MaxMinDescribed) {
		errs = append(errs, Invalid("non_attribution_min_bodies", "error.min_described", "must be a whole number from 2 to %d", MaxMinDescribed))
	}
	return errs.Err()
}

// Validate checks a session's fields.
func (s *Session) Validate() error {
	var errs Errors
	s.Title = strings.TrimSpace(s.Title)
	checkText(&errs, "title", s.Title, true, MaxName*2)
	checkText(&errs, "intro", s.Intro, false, MaxText)
	checkText(&errs, "objectives_note", s.ObjectivesNote, false, MaxName)
	checkText(&errs, "questions_note", s.QuestionsNote, false, MaxName)
	// An agenda numbers its sessions from 1 (docs/AGENDA-FORMAT.md), each
	// number once in a meeting (the store checks that): a session numbered
	// otherwise would be exported to an agenda that does not import.
	if s.Number < 1 || s.Number > 999 {
		errs = append(errs, Invalid("number", "error.session_number", "must be a number from 1 to 999"))
	}
	if es, ok := CheckTimes("", s.Times, nil, nil).(Errors); ok {
		errs = append(errs, es...)
	}
	return errs.Err()
}

// Validate checks a part's fields.
func (p *Part) Validate() error {
	var errs Errors
	p.Title = strings.TrimSpace(p.Title)
	checkText(&errs, "title", p.Title, true, MaxName*2)
	checkText(&errs, "intro", p.Intro, false, MaxText)
	checkText(&errs, "objectives_note", p.ObjectivesNote, false, MaxName)
	checkText(&errs, "questions_note", p.QuestionsNote, false, MaxName)
	if !p.Kind.Valid() {
		errs = append(errs, Invalid("kind", "error.part_kind", "choose breakout, plenary or discussion"))
	}
	if es, ok := CheckTimes("", p.Times, nil, nil).(Errors); ok {
		errs = append(errs, es...)
	}
	return errs.Err()
}

// Validate checks an agenda item's fields.
func (it *AgendaItem) Validate() error {
	var errs Errors
	it.Text = strings.TrimSpace(it.Text)
	checkText(&errs, "text", it.Text, true, MaxText)
	checkText(&errs, "label", it.Label, false, 20)
	if !it.Kind.Valid() {
		errs = append(errs, Invalid("kind", "error.item_kind", "choose objective, question or issue"))
	}
	return errs.Err()
}

// Validate checks a group's fields.
func (g *Group) Validate() error {
	var errs Errors
	g.Name = strings.TrimSpace(g.Name)
	checkText(&errs, "name", g.Name, true, MaxName)
	checkText(&errs, "region", g.Region, false, MaxName)
	return errs.Err()
}

// Validate checks a membership's consistency: a rapporteur needs a group,
// a delegate or partner needs a body, and a group needs a meeting.
func (m *Membership) Validate() error {
	var errs Errors
	if !m.Role.Valid() {
		errs = append(errs, Invalid("role", "error.role", "choose one of the roles"))
	}
	if m.Role == RoleRapporteur && m.GroupID == "" {
		errs = append(errs, Invalid("group", "error.rapporteur_group", "a rapporteur needs a breakout group"))
	}
	if (m.Role == RoleDelegate || m.Role == RolePartner) && m.BodyID == "" {
		errs = append(errs, Invalid("body", "error.delegate_body", "a delegate or partner acts on behalf of a body: choose one"))
	}
	if m.GroupID != "" && m.MeetingID == "" {
		errs = append(errs, Invalid("group", "error.group_meeting", "a breakout group belongs to a meeting: choose the meeting"))
	}
	return errs.Err()
}

// Framework is a reference framework to tag contributions against, such as
// the Global Compact's objectives and guiding principles.
type Framework struct {
	ID          string
	Code        string // short and stable: "gcm", "sdg"
	Name        string
	Description string
	Builtin     bool
	Version     int
	Items       []FrameworkItem
}

// FrameworkItem is one objective, principle or target of a framework.
type FrameworkItem struct {
	ID       string
	Code     string // stable within its framework: "O1", "Pa", "10.7"
	Kind     string
	Position int
	Labels   map[string]FrameworkLabel // by language code
}

// FrameworkLabel is an item's title and short label in one language.
type FrameworkLabel struct {
	Title      string
	ShortLabel string
	// Unofficial marks a translation that is not the framework's official
	// text in that language; pages say so.
	Unofficial bool
}

// Label returns the item's label in lang, else in English, else in any
// language (the one that sorts first).
func (it *FrameworkItem) Label(lang string) (FrameworkLabel, string) {
	if l, ok := it.Labels[lang]; ok {
		return l, lang
	}
	if l, ok := it.Labels["en"]; ok {
		return l, "en"
	}
	best := ""
	for k := range it.Labels {
		if best == "" || k < best {
			best = k
		}
	}
	return it.Labels[best], best
}

// ParseJoined reads the dates states joined a body, written one state a
// line or separated by commas or semicolons: an ISO 3166-1 alpha-2 or
// alpha-3 code and a year or date ("MX 1996", "COL 2000-05-12"). Codes are
// returned as alpha-2 codes in upper case; a line that is not of that form
// is EINVALID on "joined", naming the line.
func ParseJoined(s string) (map[string]string, error) {
	out := map[string]string{}
	var errs Errors
	for i, line := range strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == ';' || r == ',' }) {
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		code := strings.ToUpper(f[0])
		if len(code) == 3 {
			if a2, ok := geo.FromAlpha3(code); ok {
				code = a2
			}
		}
		if len(f) != 2 || !IsCountry(code) || !ValidJoinDate(f[1]) {
			errs = append(errs, Invalid("joined", "body.error_joined_line", "entry %d, %q: write a country code and a year or date, such as MX 1996", i+1, strings.TrimSpace(line)))
			if len(errs) >= 10 {
				break
			}
			continue
		}
		out[code] = f[1]
	}
	return out, errs.Err()
}

// FormatJoined writes dates of joining as ParseJoined reads them, one
// state a line, by code.
func FormatJoined(joined map[string]string) string {
	codes := make([]string, 0, len(joined))
	for c := range joined {
		codes = append(codes, c)
	}
	slices.Sort(codes)
	var b strings.Builder
	for _, c := range codes {
		b.WriteString(c + " " + joined[c] + "\n")
	}
	return b.String()
}
