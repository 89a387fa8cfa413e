// Package texts holds the use cases of the names and texts a secretariat
// types (docs/TRANSLATION.md): a process's, a meeting's and its
// structure's (sessions, parts, objectives, guiding questions, issues,
// footnotes, breakout groups) and a body's, each written in an original
// language and translated into the other UN languages.
//
// Each operation is one method of [Service] that takes the acting person
// ([domain.Actor]). A meeting's texts are read and changed by those who
// manage the meeting ([domain.Actor.CanManageMeeting]); a process's by
// those who manage the process; bodies' by those who manage bodies.
// Others get [domain.ENOTFOUND] when they may not see the record and
// [domain.EFORBIDDEN] when they may see but not change it. Keys of records
// of another meeting are refused. Pages read translations through
// [Reader], for records the page has shown already.
package texts

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/store"
)

// Service runs the use cases of translated texts over one database.
type Service struct {
	db *store.DB
}

// New returns the use cases over db.
func New(db *store.DB) *Service { return &Service{db: db} }

// Entry is one translatable text: its key, where it sits (Label: "Session
// 2", "Session 2 / Breakout groups"), its original and its translations
// by language.
type Entry struct {
	domain.TextKey
	Where    string
	Session  int    // the number of the session it sits in, 0 for none
	Part     string // the title of the part it sits in, "" for none
	Original string
	// Lang is the original's language when it is not the record's (each
	// body's name has its own), else "".
	Lang         string
	Translations map[string]domain.TextTranslation
}

// OriginalLang is the language of the entry's original.
func (e Entry) OriginalLang(recordLang string) string {
	if e.Lang != "" {
		return e.Lang
	}
	return recordLang
}

// Texts are the translatable texts of one record and what it holds (a
// meeting with its structure), with the original language.
type Texts struct {
	Kind     domain.TextKind
	ID       string
	Name     string // the record's name in its original language
	Lang     string // the original language
	Entries  []Entry
	Missing  map[string]int // by language: how many entries lack one
	Needed   map[string]int // by language: how many entries are in another language
	Machine  map[string]int // by language: machine translations
	Unoff    map[string]int // by language: unofficial translations
	Complete map[string]bool
}

// Others returns the languages other than the original, in the order of
// [domain.Locales], and the record's own when an entry's original is in
// another language (a body named in French needs an English name).
func (t *Texts) Others() []string {
	var out []string
	for _, l := range domain.Locales {
		if l != t.Lang || slices.ContainsFunc(t.Entries, func(e Entry) bool { return e.Lang != "" && e.Lang != l }) {
			out = append(out, l)
		}
	}
	return out
}

func (s *Service) meetingScope(ctx context.Context, a *domain.Actor, meetingID string, manage bool) (*domain.Agenda, error) {
	if !a.LoggedIn() {
		return nil, domain.Unauthorized()
	}
	sc, err := s.db.ScopeOf(ctx, "meeting", meetingID)
	if err != nil {
		return nil, err
	}
	if !a.CanViewMeeting(sc.ProcessID, sc.MeetingID) {
		return nil, domain.NotFound("meeting")
	}
	if manage && !a.CanManageMeeting(sc.ProcessID, sc.MeetingID) {
		return nil, domain.Forbidden()
	}
	return s.db.Agenda(ctx, meetingID)
}

// MeetingTexts returns every text of a meeting and its structure that has
// an original, in agenda order, with its translations and counts of what
// is missing by language: the secretariat's translation form and status
// view.
func (s *Service) MeetingTexts(ctx context.Context, a *domain.Actor, meetingID string) (*Texts, error) {
	ag, err := s.meetingScope(ctx, a, meetingID, true)
	if err != nil {
		return nil, err
	}
	return s.meetingTexts(ctx, ag)
}

func (s *Service) meetingTexts(ctx context.Context, ag *domain.Agenda) (*Texts, error) {
	lang, err := s.db.OriginalLang(ctx, domain.TextMeeting, ag.Meeting.ID)
	if err != nil {
		return nil, err
	}
	groups, err := s.db.Groups(ctx, ag.Meeting.ID)
	if err != nil {
		return nil, err
	}
	trs, err := s.db.MeetingTexts(ctx, ag.Meeting.ID, "")
	if err != nil {
		return nil, err
	}
	t := &Texts{Kind: domain.TextMeeting, ID: ag.Meeting.ID, Name: ag.Meeting.Name(), Lang: lang, Entries: AgendaEntries(ag, groups)}
	t.fill(trs)
	return t, nil
}

func (t *Texts) fill(trs []domain.TextTranslation) {
	by := map[domain.TextKey]map[string]domain.TextTranslation{}
	for _, tr := range trs {
		if by[tr.TextKey] == nil {
			by[tr.TextKey] = map[string]domain.TextTranslation{}
		}
		by[tr.TextKey][tr.Lang] = tr
	}
	t.Missing, t.Needed, t.Machine, t.Unoff, t.Complete = map[string]int{}, map[string]int{}, map[string]int{}, map[string]int{}, map[string]bool{}
	others := t.Others()
	for i := range t.Entries {
		e := &t.Entries[i]
		e.Translations = by[e.TextKey]
		if e.Translations == nil {
			e.Translations = map[string]domain.TextTranslation{}
		}
		// Each entry counts against its own original's language.
		own := e.OriginalLang(t.Lang)
		delete(e.Translations, own)
		for _, l := range others {
			if l == own {
				continue
			}
			t.Needed[l]++
			tr, ok := e.Translations[l]
			switch {
			case !ok:
				t.Missing[l]++
			case tr.Machine:
				t.Machine[l]++
			case tr.Unofficial:
				t.Unoff[l]++
			}
		}
	}
	for _, l := range others {
		t.Complete[l] = t.Missing[l] == 0
	}
}

// AgendaEntries lists the texts of an agenda and its groups that have an
// original, in agenda order, without translations.
func AgendaEntries(ag *domain.Agenda, groups []*domain.Group) []Entry {
	var out []Entry
	session, part := 0, ""
	add := func(kind domain.TextKind, id, field, where, original string) {
		if strings.TrimSpace(original) == "" {
			return
		}
		out = append(out, Entry{TextKey: domain.TextKey{Kind: kind, ID: id, Field: field}, Where: where, Session: session, Part: part, Original: original})
	}
	m := ag.Meeting
	for _, f := range domain.TextFields[domain.TextMeeting] {
		add(domain.TextMeeting, m.ID, f, "", MeetingField(m, f))
	}
	var items func(nodes []*domain.ItemNode, where string)
	items = func(nodes []*domain.ItemNode, where string) {
		for _, n := range nodes {
			add(domain.TextItem, n.ID, "text", where, n.Text)
			items(n.Children, where)
		}
	}
	items(ag.Items, "")
	for _, sn := range ag.Sessions {
		session, part = sn.Number, ""
		where := "session " + strconv.Itoa(sn.Number)
		for _, f := range domain.TextFields[domain.TextSession] {
			add(domain.TextSession, sn.ID, f, where, SessionField(&sn.Session, f))
		}
		items(sn.Items, where)
		for _, pn := range sn.Parts {
			pw := where + " / " + pn.Title
			part = pn.Title
			for _, f := range domain.TextFields[domain.TextPart] {
				add(domain.TextPart, pn.ID, f, pw, PartField(&pn.Part, f))
			}
			items(pn.Items, pw)
		}
		part = ""
	}
	session = 0
	for _, fn := range ag.Footnotes {
		add(domain.TextFootnote, domain.FootnoteID(m.ID, fn.Number), "text", "", fn.Text)
	}
	for _, g := range groups {
		add(domain.TextGroup, g.ID, "name", "", g.Name)
	}
	return out
}

// MeetingField returns a meeting's text field by its name in
// [domain.TextFields].
func MeetingField(m *domain.Meeting, f string) string {
	switch f {
	case "title":
		return m.Title
	case "subtitle":
		return m.Subtitle
	case "doc_title":
		return m.DocTitle
	case "organisation":
		return strings.Join(m.Organisation, "\n")
	case "details":
		return strings.Join(m.Details, "\n")
	case "venue":
		return m.Venue
	case "objectives_title":
		return m.ObjectivesTitle
	case "objectives_intro":
		return m.ObjectivesIntro
	case "issues_title":
		return m.IssuesTitle
	case "issues_intro":
		return m.IssuesIntro
	case "sessions_title":
		return m.SessionsTitle
	}
	return ""
}

// SessionField returns a session's text field.
func SessionField(s *domain.Session, f string) string {
	switch f {
	case "title":
		return s.Title
	case "intro":
		return s.Intro
	case "objectives_note":
		return s.ObjectivesNote
	case "questions_note":
		return s.QuestionsNote
	}
	return ""
}

// PartField returns a part's text field.
func PartField(p *domain.Part, f string) string {
	switch f {
	case "title":
		return p.Title
	case "intro":
		return p.Intro
	case "objectives_note":
		return p.ObjectivesNote
	case "questions_note":
		return p.QuestionsNote
	}
	return ""
}

// Edit is one translation to save: the text ("" removes it), its marks,
// and the version of the translation the person saw (0 when there was
// none).
type Edit struct {
	domain.TextKey
	Lang       string
	Text       string
	Machine    bool
	Unofficial bool
	Version    int
}

// SaveResult says how many translations a save changed.
type SaveResult struct {
	Changed int
}

// SaveMeetingTexts saves translations of a meeting's texts. Every key must
// be a text of the meeting with an original (else EINVALID naming it); a
// translation into the original language is refused; an edit based on a
// version that is no longer the stored one refuses the whole save with
// ECONFLICT.
func (s *Service) SaveMeetingTexts(ctx context.Context, a *domain.Actor, meetingID string, edits []Edit) (SaveResult, error) {
	ag, err := s.meetingScope(ctx, a, meetingID, true)
	if err != nil {
		return SaveResult{}, err
	}
	groups, err := s.db.Groups(ctx, meetingID)
	if err != nil {
		return SaveResult{}, err
	}
	lang, err := s.db.OriginalLang(ctx, domain.TextMeeting, meetingID)
	if err != nil {
		return SaveResult{}, err
	}
	return s.save(ctx, a, meetingID, domain.TextMeeting, meetingID, lang, AgendaEntries(ag, groups), edits)
}

func (s *Service) save(ctx context.Context, a *domain.Actor, scope string, objKind domain.TextKind, objID, lang string, entries []Entry, edits []Edit) (SaveResult, error) {
	known := map[domain.TextKey]bool{}
	for _, e := range entries {
		known[e.TextKey] = true
	}
	if len(edits) > MaxEdits {
		return SaveResult{}, domain.Invalid("texts", "error.too_many", "at most %d", MaxEdits)
	}
	var errs domain.Errors
	out := make([]store.TextEdit, 0, len(edits))
	for _, e := range edits {
		if !known[e.TextKey] {
			errs = append(errs, domain.Invalid("texts", "error.text_unknown", "%s %s %s is not a text of this record", e.Kind, e.ID, e.Field))
			continue
		}
		t := domain.TextTranslation{TextKey: e.TextKey, Lang: e.Lang, Text: e.Text}
		if err := t.Validate(lang); err != nil {
			var list domain.Errors
			var one *domain.Error
			switch {
			case errors.As(err, &list):
				for _, x := range list {
					x.Field = FieldName(e.TextKey, e.Lang)
					errs = append(errs, x)
				}
			case errors.As(err, &one):
				one.Field = FieldName(e.TextKey, e.Lang)
				errs = append(errs, one)
			default:
				return SaveResult{}, err
			}
			continue
		}
		out = append(out, store.TextEdit{TextKey: e.TextKey, Lang: e.Lang, Text: t.Text, Machine: e.Machine, Unofficial: e.Unofficial, Version: e.Version})
	}
	if err := errs.Err(); err != nil {
		return SaveResult{}, err
	}
	n, err := s.db.SaveTexts(domain.NewContextWithActor(ctx, a), scope, objKind, objID, out)
	return SaveResult{Changed: n}, err
}

// MaxEdits is the most translations one save may change: a large agenda
// (500 texts) in five languages.
const MaxEdits = 5000

// FieldName is the name of a translation's field in forms and in the
// errors of a save: "t.KIND.ID.FIELD.LANG".
func FieldName(k domain.TextKey, lang string) string {
	return "t." + string(k.Kind) + "." + k.ID + "." + k.Field + "." + lang
}

// ParseFieldName reads a name made by [FieldName].
func ParseFieldName(name string) (domain.TextKey, string, bool) {
	rest, ok := strings.CutPrefix(name, "t.")
	if !ok {
		return domain.TextKey{}, "", false
	}
	parts := strings.Split(rest, ".")
	if len(parts) != 4 {
		return domain.TextKey{}, "", false
	}
	k := domain.TextKey{Kind: domain.TextKind(parts[0]), ID: parts[1], Field: parts[2]}
	if !k.Kind.Valid() || !slices.Contains(domain.Locales, parts[3]) {
		return domain.TextKey{}, "", false
	}
	return k, parts[3], true
}

// SetMeetingLanguage changes the original language of a meeting and its
// structure, for those who manage the meeting. Translations into the new
// original language are removed.
func (s *Service) SetMeetingLanguage(ctx context.Context, a *domain.Actor, meetingID, lang string) error {
	if _, err := s.meetingScope(ctx, a, meetingID, true); err != nil {
		return err
	}
	if !slices.Contains(domain.Locales, lang) {
		return domain.Invalid("lang", "error.locale", "must be one of %s", strings.Join(domain.Locales, ", "))
	}
	return s.db.SetOriginalLang(domain.NewContextWithActor(ctx, a), domain.TextMeeting, meetingID, lang)
}
