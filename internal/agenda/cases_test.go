package agenda

import (
	"errors"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

const hdr = "**Meeting**\n\n"

// variationCases are agendas written in the ways real documents vary; get
// picks the part of the result that the case is about.
var variationCases = []struct {
	name string
	src  string
	get  func(m *Meeting) any
	want any
}{
	{
		name: "title from a level-one heading and organisation lines",
		src:  "IOM\n\n---\n\nThe UN Migration Agency\n\n# The *Meeting*\n\n_Seventh meeting (GRCP 7)_\n\n__AGENDA__\n\nGeneva, 4 October\n",
		get: func(m *Meeting) any {
			return []any{m.Organization, m.Title, m.Subtitle, m.ShortName, m.DocumentTitle, m.Details}
		},
		want: []any{[]string{"IOM", "The UN Migration Agency"}, "The Meeting", "Seventh meeting (GRCP 7)", "GRCP 7", "AGENDA", []string{"Geneva, 4 October"}},
	},
	{
		name: "header paragraphs joined across hard line breaks",
		src:  "**Line one  \nline two**\n\n*Sub  \n(S 1)*\n",
		get:  func(m *Meeting) any { return []string{m.Title, m.Subtitle, m.ShortName} },
		want: []string{"Line one line two", "Sub (S 1)", "S 1"},
	},
	{
		name: "arrow and bullet markers",
		src:  hdr + "## Issues\n\n⇒ one\n-> two\n→ three\n• four\n* ⇒ five\n+ six\n1. seven\n2) eight\n",
		get: func(m *Meeting) any {
			var out []string
			for _, it := range m.Issues.Items {
				out = append(out, it.Text)
			}
			return out
		},
		want: []string{"one", "two", "three", "four", "five", "six", "seven", "eight"},
	},
	{
		name: "roman, letter and number labels",
		src:  hdr + "## Objectives\n\n- (i) a\n- (IV) b\n- ii) c\n- (b) d\n- (3) e\n- (i)\n- (x)y\n",
		get: func(m *Meeting) any {
			var out []string
			for _, it := range m.Objectives.Items {
				out = append(out, it.Label+"|"+it.Text)
			}
			return out
		},
		want: []string{"i|a", "IV|b", "ii|c", "b|d", "3|e", "|(i)", "|(x)y"},
	},
	{
		name: "nested items, blank lines inside a list and continuation lines",
		src:  hdr + "## Issues\n\n- a\n  - a1\n    continued\n\n  - a2\n- b\nlazy\n\n    - b1\n\nnot an item\n",
		get:  func(m *Meeting) any { return []any{m.Issues.Items, m.Issues.Intro} },
		want: []any{[]Item{
			{Text: "a", Children: []Item{{Text: "a1 continued"}, {Text: "a2"}}},
			{Text: "b lazy", Children: []Item{{Text: "b1"}}},
		}, "not an item"},
	},
	{
		name: "footnotes as HTML and as Markdown, with continuation lines",
		src:  hdr + "## Issues\n\n- x<sup>1</sup> and y[^2] and x again[^1]\n\n<sup>1</sup> First\nnote.\n[^2]: Second.\n",
		get:  func(m *Meeting) any { return []any{m.Issues.Items, m.Footnotes} },
		want: []any{
			[]Item{{Text: "x[^1] and y[^2] and x again[^1]", Footnotes: []int{1, 2}}},
			[]Footnote{{1, "First note."}, {2, "Second."}},
		},
	},
	{
		name: "footnotes under a heading after the sessions",
		src:  hdr + "## Session 1. A\n\n### Objectives\n\n- o[^1]\n\n## Notes\n\n[^1]: n\n",
		get:  func(m *Meeting) any { return []any{m.Sessions[0].Objectives, m.Footnotes} },
		want: []any{[]Item{{Text: "o[^1]", Footnotes: []int{1}}}, []Footnote{{1, "n"}}},
	},
	{
		name: "session headings at different levels with emphasis, colons and periods",
		src: hdr + "## **Sessions.**\n\n### **Session 1. First:**\n\n#### **Objectives:**\n\n- o1\n\n" +
			"## SESSION 2 - Second.\n\n### _Guiding questions for discussion_\n\n- q2\n\n#### Session 3: Third ##\n\n##### Key objectives\n\n- o3\n",
		get: func(m *Meeting) any {
			var out []string
			for _, s := range m.Sessions {
				out = append(out, s.Title)
				for _, it := range append(s.Objectives, s.Questions...) {
					out = append(out, it.Text)
				}
			}
			return []any{m.SessionsTitle, out}
		},
		want: []any{"Sessions", []string{"First", "o1", "Second", "q2", "Third", "o3"}},
	},
	{
		name: "parts nested under objectives and questions are merged",
		src: hdr + "### Session 3. S\n\n#### Objectives:\n\n#### Session 3 Follow up\n\n- o1\n\n#### Session 3. Partner engagement\n\n- o2\n\n" +
			"#### Guiding questions:\n\n#### Session 3 follow-up\n\n- q1\n\n#### Session 3. Partner engagement\n\n- q2\n",
		get: func(m *Meeting) any { return m.Sessions[0].Parts },
		want: []Part{
			{Title: "Follow up", Kind: KindDiscussion, Objectives: []Item{{Text: "o1"}}, Questions: []Item{{Text: "q1"}}},
			{Title: "Partner engagement", Kind: KindDiscussion, Objectives: []Item{{Text: "o2"}}, Questions: []Item{{Text: "q2"}}},
		},
	},
	{
		name: "parts with their own objectives and questions, kinds from titles",
		src: hdr + "## Session 2. S\n\nChair: X.\n\n### Objectives (all)\n\n- so\n\n### Break-out groups\n\nBy region.\n\n#### Guiding questions\n\n- bq\n\n" +
			"### *Plenary*\n\n#### Objectives\n\n- po\n\n#### Questions (short)\n\n- pq\n",
		get: func(m *Meeting) any { return m.Sessions[0] },
		want: Session{
			Number: 2, Title: "S", Intro: "Chair: X.", ObjectivesNote: "all", Objectives: []Item{{Text: "so"}},
			Parts: []Part{
				{Title: "Break-out groups", Kind: KindBreakout, Intro: "By region.", Questions: []Item{{Text: "bq"}}},
				{Title: "Plenary", Kind: KindPlenary, Objectives: []Item{{Text: "po"}}, QuestionsNote: "short", Questions: []Item{{Text: "pq"}}},
			},
		},
	},
	{
		name: "session-level questions after a part close the part",
		src:  hdr + "## Session 1\n\n### Objectives\n\n### Breakout\n\n- bo\n\n### Guiding questions\n\n- q\n",
		get:  func(m *Meeting) any { return m.Sessions[0] },
		want: Session{Number: 1, Questions: []Item{{Text: "q"}}, Parts: []Part{{Title: "Breakout", Kind: KindBreakout, Objectives: []Item{{Text: "bo"}}}}},
	},
	{
		name: "bold paragraphs as headings inside a session",
		src: hdr + "## Session 2. S\n\n**Objectives:**\n\n**Session 2 Breakout groups**\n\n- bo\n\n**Chair: X**\n\n" +
			"**Guiding questions**\n\n- q\n\n**Plenary discussion.**\n\n- pq\n",
		get: func(m *Meeting) any { return m.Sessions[0] },
		want: Session{Number: 2, Title: "S", Questions: []Item{{Text: "q"}}, Parts: []Part{
			{Title: "Breakout groups", Kind: KindBreakout, Intro: "**Chair: X**", Objectives: []Item{{Text: "bo"}}},
			{Title: "Plenary discussion", Kind: KindPlenary, Questions: []Item{{Text: "pq"}}},
		}},
	},
	{
		name: "CRLF line endings, tabs and no-break spaces",
		src:  "**T**\r\n\r\n## Issues\r\n\r\n-\u00a0a\r\n\t- b\r\n",
		get:  func(m *Meeting) any { return m.Issues.Items },
		want: []Item{{Text: "a", Children: []Item{{Text: "b"}}}},
	},
}

func TestVariations(t *testing.T) {
	for _, tc := range variationCases {
		t.Run(tc.name, func(t *testing.T) {
			m := mustParse(t, tc.src)
			if got := tc.get(m); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got  %#v\nwant %#v", got, tc.want)
			}
			assertRoundTrip(t, m)
		})
	}
}

// errorCases are agendas that must be refused, with the line and a part of
// the message.
var errorCases = []struct {
	name string
	src  string
	line int
	msg  string
}{
	{"empty document", " \n\n---\n", 1, "empty document"},
	{"unknown time zone", hdr + "Time zone: Europe/Geneva\n", 3, `unknown time zone "Europe/Geneva"`},
	{"time not a time", hdr + "## Session 1. A\n\nTime: 2017-10-10 9h\n", 5, "expected a time like \"Time: 2017-10-10 09:00–12:30\""},
	{"time's end before its start", hdr + "## Session 1. A\n\nTime: 2017-10-10 12:00–09:00\n", 5, "the end 2017-10-10 09:00 is not after the start 2017-10-10 12:00"},
	{"time too long", hdr + "## Session 1. A\n\nTime: 2017-10-10 12:00 – 2017-11-10 09:00\n", 5, "at most 14 days"},
	{"part's time outside its session's", hdr + "## Session 1. A\n\nTime: 2017-10-10 09:00–12:00\n\n### Breakout groups\n\nTime: 2017-10-10 11:00–13:00\n", 9,
		"the part's time is not within its session's, 2017-10-10 09:00–12:00"},
	{"no title before a section", "IOM\n\n## Issues\n", 3, "expected a title"},
	{"no title at all", "IOM\n", 1, "expected a title"},
	{"guiding questions outside a session", hdr + "## Issues\n\n- i\n\n## Guiding questions\n\n- q\n", 7, "expected a session heading (\"Session N. Title\") before guiding questions"},
	{"list item in a session before objectives or questions", hdr + "## Session 1. A\n\n- x\n", 5, "expected an \"Objectives\" or \"Guiding questions\" heading"},
	{"list item in a part before objectives or questions", hdr + "## Session 1. A\n\n### Breakout\n\n- x\n", 7, "expected an \"Objectives\" or \"Guiding questions\" heading"},
	{"session number repeated", hdr + "## Session 1. A\n\n## Session 2. B\n\n## Session 1. C\n", 7, "session 1 is repeated (first at line 3)"},
	{"session number zero", hdr + "## Session 0. A\n", 3, "session number of 1 or more"},
	{"unknown heading", hdr + "## Background\n", 3, "unexpected heading \"Background\""},
	{"list item in the header", hdr + "- x\n", 3, "expected a section heading"},
	{"paragraph between the sessions heading and a session", hdr + "## Sessions\n\nText.\n", 5, "expected a session heading"},
	{"paragraph under footnotes", hdr + "## Footnotes\n\nText.\n", 5, "expected a footnote"},
	{"footnote defined twice", hdr + "[^1]: a\n\n[^1]: b\n", 5, "footnote 1 is defined twice (first at line 3)"},
	{"footnote not defined", hdr + "## Issues\n\n- a\n- b<sup>2</sup>\n", 6, "footnote 2 is referenced but not defined"},
	{"second meeting objectives section", hdr + "## Objectives\n\n## Objectives\n", 5, "a second meeting objectives section"},
	{"empty heading", hdr + "## **:**\n", 3, "empty heading"},
	{"invalid UTF-8", hdr + "## Issues\n\n- \xff\n", 5, "invalid UTF-8"},
}

func TestErrors(t *testing.T) {
	for _, tc := range errorCases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseBytes([]byte(tc.src))
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("got %v, want a *ParseError", err)
			}
			if pe.Line != tc.line || !strings.Contains(pe.Msg, tc.msg) {
				t.Errorf("got %q, want line %d with %q", err, tc.line, tc.msg)
			}
			if !errors.Is(err, ErrInvalid) {
				t.Errorf("%v does not wrap ErrInvalid", err)
			}
			if want := "line " + itoa(tc.line) + ": "; !strings.HasPrefix(err.Error(), want) {
				t.Errorf("Error() = %q, want prefix %q", err.Error(), want)
			}
		})
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
