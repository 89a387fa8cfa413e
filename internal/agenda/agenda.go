// Package agenda parses meeting agendas written in Markdown, like the GRCP 7
// seed agenda, into a plain tree (meeting, sessions, parts, items, footnotes)
// and renders such a tree back to canonical Markdown.
//
// The parser is line-oriented and recognises headings by what they say
// (Objectives, Guiding questions, Session N, Issues, Footnotes) rather than by
// their level; levels are only used to decide what nests in what. The
// accepted format is described in docs/AGENDA-FORMAT.md. Every rendered
// agenda parses back to an identical tree.
package agenda

import (
	"errors"
	"fmt"
)

// ErrInvalid is wrapped by every error that reports an agenda that cannot be
// accepted, so callers can test for it with errors.Is.
var ErrInvalid = errors.New("invalid agenda")

// ParseError reports an agenda that cannot be accepted, with the 1-based line
// where the problem was found and what was expected there.
type ParseError struct {
	Line int    // 1-based line number
	Msg  string // what was found and what was expected, in English
	Key  string // the message's key in the catalogues ("agenda.err.…")
	Args []any  // the message's arguments, for Key
}

// Error returns the message prefixed with the line number, like
// "line 42: expected ...".
func (e *ParseError) Error() string {
	return fmt.Sprintf("line %d: %s", e.Line, e.Msg)
}

// Unwrap returns ErrInvalid.
func (e *ParseError) Unwrap() error { return ErrInvalid }

// PartKind says how a part of a session is run.
type PartKind string

// The kinds of session parts. A part is a breakout when its title mentions a
// breakout, a plenary when it mentions a plenary, and a discussion otherwise.
const (
	KindBreakout   PartKind = "breakout"
	KindPlenary    PartKind = "plenary"
	KindDiscussion PartKind = "discussion"
)

// Meeting is a parsed agenda. Slices keep document order.
type Meeting struct {
	// Organization holds the plain paragraphs before the title, such as
	// "International Organization for Migration (IOM)".
	Organization []string `json:"organization,omitempty"`
	// Title is the meeting title: the first bold paragraph or "# " heading.
	Title string `json:"title"`
	// Subtitle is the first italic paragraph after the title.
	Subtitle string `json:"subtitle,omitempty"`
	// ShortName is the text in the parentheses that end the subtitle, such
	// as "GRCP 7".
	ShortName string `json:"shortName,omitempty"`
	// DocumentTitle is the first bold paragraph after the title, such as
	// "SESSION OBJECTIVES AND GUIDING QUESTIONS FOR DISCUSSION".
	DocumentTitle string `json:"documentTitle,omitempty"`
	// Details holds other header paragraphs after the title (venue, dates),
	// as written.
	Details []string `json:"details,omitempty"`
	// TimeZone is the IANA time zone the times of the sessions and parts
	// are written in ("Europe/Zurich"), from a "Time zone: ..." paragraph
	// after the title.
	TimeZone string `json:"timeZone,omitempty"`
	// Objectives is the meeting objectives section, if any.
	Objectives *Section `json:"objectives,omitempty"`
	// Issues is the "Issues to be addressed" section, if any.
	Issues *Section `json:"issues,omitempty"`
	// Footnotes are the footnote definitions, in document order.
	Footnotes []Footnote `json:"footnotes,omitempty"`
	// SessionsTitle is the heading that introduces the sessions, such as
	// "Session Objectives and Guiding questions for Discussions", if any.
	SessionsTitle string `json:"sessionsTitle,omitempty"`
	// Sessions are the sessions in document order.
	Sessions []Session `json:"sessions,omitempty"`
}

// Section is a meeting-level section: a heading, introductory paragraphs and
// a list of items.
type Section struct {
	// Title is the heading text, such as "Meeting Objective".
	Title string `json:"title"`
	// Intro holds the section's paragraphs, separated by blank lines
	// ("\n\n"), such as "... (GRCP 7) aims to:".
	Intro string `json:"intro,omitempty"`
	// Items are the section's list items.
	Items []Item `json:"items,omitempty"`
}

// Footnote is a numbered footnote definition.
type Footnote struct {
	// Number is N in "[^N]: text" or "<sup>N</sup> text".
	Number int `json:"number"`
	// Text is the footnote text with inline Markdown kept.
	Text string `json:"text"`
}

// Session is a numbered session with its own objectives and guiding
// questions and, possibly, parts (breakout groups, plenary discussion...).
type Session struct {
	// Number is N in "Session N. Title"; it is 1 or more and unique.
	Number int `json:"number"`
	// Title is the heading text after "Session N.".
	Title string `json:"title"`
	// StartsAt and EndsAt are when the session takes place, as
	// "2017-10-10T09:00" in the meeting's time zone, from a
	// "Time: 2017-10-10 09:00–12:30" paragraph right under its heading.
	StartsAt string `json:"startsAt,omitempty"`
	EndsAt   string `json:"endsAt,omitempty"`
	// Intro holds paragraphs written directly in the session, separated by
	// "\n\n".
	Intro string `json:"intro,omitempty"`
	// ObjectivesNote is the parenthesised note of the objectives heading,
	// as in "Objectives (breakout groups and plenary discussion)".
	ObjectivesNote string `json:"objectivesNote,omitempty"`
	// Objectives are the session-level objectives.
	Objectives []Item `json:"objectives,omitempty"`
	// QuestionsNote is the parenthesised note of the guiding questions
	// heading.
	QuestionsNote string `json:"questionsNote,omitempty"`
	// Questions are the session-level guiding questions.
	Questions []Item `json:"questions,omitempty"`
	// Parts are the session's parts, in order of first appearance. A part
	// that appears several times (once under Objectives, once under Guiding
	// questions) is merged into one.
	Parts []Part `json:"parts,omitempty"`
}

// Part is a part of a session, such as a breakout group or a plenary
// discussion.
type Part struct {
	// Title is the heading text without a leading "Session N" of its
	// session, such as "Breakout Groups".
	Title string `json:"title"`
	// Kind is derived from the title.
	Kind PartKind `json:"kind"`
	// StartsAt and EndsAt are when the part takes place, written as the
	// session's.
	StartsAt string `json:"startsAt,omitempty"`
	EndsAt   string `json:"endsAt,omitempty"`
	// Intro holds paragraphs written in the part, separated by "\n\n".
	Intro string `json:"intro,omitempty"`
	// ObjectivesNote is the parenthesised note of an objectives heading
	// inside the part.
	ObjectivesNote string `json:"objectivesNote,omitempty"`
	// Objectives are the part's objectives, from every place the part
	// appears.
	Objectives []Item `json:"objectives,omitempty"`
	// QuestionsNote is the parenthesised note of a guiding questions
	// heading inside the part.
	QuestionsNote string `json:"questionsNote,omitempty"`
	// Questions are the part's guiding questions, from every place the part
	// appears.
	Questions []Item `json:"questions,omitempty"`
}

// Item is a list item: an objective, a guiding question or an issue.
type Item struct {
	// Label is the enumeration the item starts with, without parentheses:
	// "ii" for "(ii) collect and review ...".
	Label string `json:"label,omitempty"`
	// Text is the item text with inline Markdown kept; footnote references
	// are written "[^N]" (an HTML "<sup>N</sup>" is converted).
	Text string `json:"text"`
	// Footnotes are the footnote numbers referenced in Text, in order of
	// first reference.
	Footnotes []int `json:"footnotes,omitempty"`
	// Children are the nested items.
	Children []Item `json:"children,omitempty"`
}
