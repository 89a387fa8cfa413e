package domain

import (
	"slices"
	"strconv"
	"strings"
	"time"
)

// TextKind is the kind of record whose names and texts a secretariat
// types and translates (docs/TRANSLATION.md).
type TextKind string

// The kinds of translatable records. A meeting's sessions, parts, agenda
// items (objectives, guiding questions, issues), footnotes and breakout
// groups are written in the meeting's original language.
const (
	TextProcess  TextKind = "process"
	TextMeeting  TextKind = "meeting"
	TextSession  TextKind = "session"
	TextPart     TextKind = "part"
	TextItem     TextKind = "item"
	TextFootnote TextKind = "footnote"
	TextGroup    TextKind = "group"
	TextBody     TextKind = "body"
)

// TextFields lists, by kind, the fields that are translated, in the order
// a form shows them. Codes and acronyms ("GRCP 7") are not translated.
var TextFields = map[TextKind][]string{
	TextProcess:  {"name", "description"},
	TextMeeting:  {"title", "subtitle", "doc_title", "organisation", "details", "venue", "objectives_title", "objectives_intro", "issues_title", "issues_intro", "sessions_title"},
	TextSession:  {"title", "intro", "objectives_note", "questions_note"},
	TextPart:     {"title", "intro", "objectives_note", "questions_note"},
	TextItem:     {"text"},
	TextFootnote: {"text"},
	TextGroup:    {"name"},
	TextBody:     {"name"},
}

// Valid reports whether k is a kind of translatable record.
func (k TextKind) Valid() bool { _, ok := TextFields[k]; return ok }

// MeetingScoped reports whether records of kind k belong to a meeting and
// are written in its language.
func (k TextKind) MeetingScoped() bool { return k != TextProcess && k != TextBody }

// TextKey names one translatable text: a field of a record.
type TextKey struct {
	Kind  TextKind
	ID    string // the record's ID; a footnote's is FootnoteID
	Field string
}

// FootnoteID is the key of footnote n of a meeting, which has no ID of
// its own.
func FootnoteID(meetingID string, n int) string {
	return meetingID + "#" + strconv.Itoa(n)
}

// TextTranslation is one text in a language other than its record's
// original. Machine marks a machine translation and Unofficial one that is
// not an official text (a demonstration, a working translation); both are
// shown as such. Version guards concurrent edits.
type TextTranslation struct {
	TextKey
	Lang         string
	MeetingID    string // the meeting of a meeting-scoped record, else ""
	Text         string
	Machine      bool
	Unofficial   bool
	TranslatorID string
	Translator   string // the name of who gave it
	UpdatedAt    time.Time
	Version      int
}

// MaxTranslatedLen is the longest translated text, in characters: the
// longest field a secretariat types.
const MaxTranslatedLen = MaxText

// Validate checks a translation to be saved for a record written in
// original: a known kind, field and language other than the original, and
// a text of clean characters of at most the field's length. Names and
// titles are one line.
func (t *TextTranslation) Validate(original string) error {
	var errs Errors
	t.Text = strings.TrimSpace(t.Text)
	field := "text"
	switch {
	case !t.Kind.Valid():
		errs = append(errs, Invalid("kind", "error.text_kind", "unknown kind of text"))
	case !slices.Contains(TextFields[t.Kind], t.Field):
		errs = append(errs, Invalid("field", "error.text_field", "unknown field of text"))
	}
	switch {
	case !slices.Contains(Locales, t.Lang):
		errs = append(errs, Invalid("lang", "error.locale", "must be one of %s", strings.Join(Locales, ", ")))
	case t.Lang == original:
		errs = append(errs, Invalid("lang", "error.translation_same", "this is the language of the original"))
	}
	max := MaxTranslatedLen
	if OneLineField(t.Field) {
		max = MaxName * 2
	}
	checkText(&errs, field, t.Text, false, max)
	return errs.Err()
}

// OneLineField reports whether a translated field is a name or title of
// one line.
func OneLineField(field string) bool {
	switch field {
	case "name", "title", "subtitle", "doc_title", "venue", "objectives_title", "issues_title", "sessions_title", "objectives_note", "questions_note":
		return true
	}
	return false
}
