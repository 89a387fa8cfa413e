package agenda

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/plenary-org/plenary/internal/domain"
)

// Parse reads a Markdown agenda and returns its structure. An agenda that
// cannot be accepted gives a *ParseError naming the line and what was
// expected there; docs/AGENDA-FORMAT.md lists what is accepted.
func Parse(r io.Reader) (*Meeting, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("agenda: read: %w", err)
	}
	return ParseBytes(data)
}

// ParseBytes is like Parse for an agenda held in memory.
func ParseBytes(data []byte) (*Meeting, error) {
	p := &parser{m: &Meeting{}, part: -1}
	lines := strings.Split(string(data), "\n")
	for i, line := range lines {
		if err := p.line(i+1, line); err != nil {
			return nil, err
		}
	}
	if err := p.finish(); err != nil {
		return nil, err
	}
	return p.m, nil
}

// section is where the parser is in the document.
type section int

const (
	inHeader section = iota
	inObjectives
	inIssues
	inFootnotes
	inSessions
	inSession
)

// kindCtx is an open "Objectives" or "Guiding questions" heading.
type kindCtx struct {
	class headingClass // classObjectives or classQuestions; classOther if none
	level int
}

// frame is an open list item: its indentation and index among its siblings.
type frame struct {
	indent, index int
}

// refUse is a footnote reference and the line of its item.
type refUse struct{ number, line int }

type parser struct {
	m        *Meeting
	sec      section
	anyHead  bool // a section heading has been seen: the header is over
	titleAt  int
	sessAt   map[int]int // session number -> line
	sessLvl  int
	part     int // index of the open part in the current session, or -1
	partLvl  int
	kind     kindCtx
	partKeys map[string]int

	para     []string
	paraLine int

	target    *[]Item // list the open list belongs to
	stack     []frame
	lastItem  bool     // the previous line was an item or its continuation
	blank     bool     // a blank line followed the last item
	itemParts []string // lines of the open item, nil when none
	fnParts   []string // lines of the open footnote
	itemLine  int
	pendingFn int // index+1 of a footnote taking continuation lines

	fnAt map[int]int // footnote number -> line of its definition
	refs []refUse
}

// errorf returns a ParseError at line; key names the message in the
// catalogues ("agenda.err."+key), format is its English text.
func (p *parser) errorf(line int, key, format string, args ...any) error {
	return &ParseError{Line: line, Key: "agenda.err." + key, Args: args, Msg: fmt.Sprintf(format, args...)}
}

func (p *parser) line(n int, raw string) error {
	if !utf8.ValidString(raw) {
		return p.errorf(n, "utf8", "invalid UTF-8; expected UTF-8 text")
	}
	if i, r := domain.FirstBadRune(raw); i >= 0 {
		return p.errorf(n, "control_char", "a control character (%U); expected text without control characters", r)
	}
	raw = normalizeLine(raw)
	t := strings.TrimSpace(raw)
	indent := len(raw) - len(strings.TrimLeft(raw, " "))
	switch {
	case t == "":
		if err := p.flush(); err != nil {
			return err
		}
		p.endFootnote()
		if p.lastItem {
			p.blank = true
		}
		return nil
	case ruleRe.MatchString(t):
		p.endFootnote()
		p.endList()
		return p.flush()
	}
	if m := headingRe.FindStringSubmatch(t); m != nil {
		p.endFootnote()
		p.endList()
		if err := p.flush(); err != nil {
			return err
		}
		return p.heading(n, len(m[1]), cleanHeading(m[2]))
	}
	if m := fnDefRe.FindStringSubmatch(t); m != nil {
		p.endItem()
		p.lastItem = false
		if err := p.flush(); err != nil {
			return err
		}
		return p.footnote(n, m[1]+m[2], m[3])
	}
	if m := listRe.FindStringSubmatch(t); m != nil {
		p.endFootnote()
		if err := p.flush(); err != nil {
			return err
		}
		return p.item(n, indent, m[2])
	}
	// Running text: continues an item, a footnote or a paragraph.
	if p.lastItem && (!p.blank || indent >= 2) {
		p.blank = false
		return p.continueItem(t)
	}
	if p.pendingFn > 0 && len(p.para) == 0 {
		p.fnParts = append(p.fnParts, t)
		return nil
	}
	p.endList()
	if len(p.para) == 0 {
		p.paraLine = n
	}
	p.para = append(p.para, t)
	return nil
}

// endList closes the open list, so that the next item starts a new one.
func (p *parser) endList() {
	p.endItem()
	p.stack = p.stack[:0]
	p.lastItem = false
	p.blank = false
}

func (p *parser) footnote(line int, num, text string) error {
	p.endFootnote()
	n, _ := strconv.Atoi(num)
	if at, ok := p.fnAt[n]; ok {
		return p.errorf(line, "footnote_twice", "footnote %d is defined twice (first at line %d); expected each footnote number once", n, at)
	}
	p.m.Footnotes = append(p.m.Footnotes, Footnote{Number: n})
	p.fnParts = []string{text}
	if p.fnAt == nil {
		p.fnAt = map[int]int{}
	}
	p.fnAt[n] = line
	p.pendingFn = len(p.m.Footnotes)
	return nil
}

// flush places the pending paragraph.
func (p *parser) flush() error {
	if len(p.para) == 0 {
		return nil
	}
	text := collapse(strings.Join(p.para, " "))
	line := p.paraLine
	p.para = p.para[:0]
	p.endFootnote()
	switch p.sec {
	case inHeader:
		return p.headerParagraph(line, text)
	case inObjectives:
		addIntro(&p.m.Objectives.Intro, inline(text))
	case inIssues:
		addIntro(&p.m.Issues.Intro, inline(text))
	case inFootnotes:
		return p.errorf(line, "footnote_expected", "expected a footnote (\"[^1]: text\") under the footnotes heading")
	case inSessions:
		return p.errorf(line, "session_before_paragraph", "expected a session heading (\"Session N. Title\") before this paragraph")
	case inSession:
		if c, ok := p.boldHeading(text); ok {
			return p.heading(line, boldLevel, c)
		}
		s := p.session()
		if looksLikeTime(text) {
			start, end, within := &s.StartsAt, &s.EndsAt, [2]string{}
			if p.part >= 0 {
				start, end, within = &s.Parts[p.part].StartsAt, &s.Parts[p.part].EndsAt, [2]string{s.StartsAt, s.EndsAt}
			}
			if *start == "" {
				a, b, ok := parseTimeLine(text)
				if !ok {
					return p.errorf(line, "time", "expected a time like \"Time: 2017-10-10 09:00–12:30\"")
				}
				if key, format, args := timesProblem(a, b, within); key != "" {
					return p.errorf(line, key, format, args...)
				}
				*start, *end = a, b
				return nil
			}
		}
		if p.part >= 0 {
			addIntro(&s.Parts[p.part].Intro, inline(text))
		} else {
			addIntro(&s.Intro, inline(text))
		}
	}
	return nil
}

func addIntro(dst *string, text string) {
	if *dst != "" {
		*dst += "\n\n"
	}
	*dst += text
}

// headerParagraph places a paragraph that comes before the first section.
func (p *parser) headerParagraph(line int, text string) error {
	m := p.m
	if m.Title == "" {
		if in, ok := bold(text); ok {
			m.Title = in
			p.titleAt = line
			return nil
		}
		m.Organization = append(m.Organization, text)
		return nil
	}
	if in, ok := italic(text); ok && m.Subtitle == "" {
		m.Subtitle = in
		m.ShortName = shortName(in)
		return nil
	}
	if in, ok := bold(text); ok && m.DocumentTitle == "" {
		m.DocumentTitle = in
		return nil
	}
	if zone, ok := strings.CutPrefix(text, "Time zone:"); ok && m.TimeZone == "" {
		zone = strings.TrimSpace(zone)
		if domain.CheckTimeZone(zone) != nil || zone == "" {
			return p.errorf(line, "time_zone", "unknown time zone %q; expected a name like Europe/Zurich", zone)
		}
		m.TimeZone = zone
		return nil
	}
	m.Details = append(m.Details, text)
	return nil
}

func (p *parser) session() *Session { return &p.m.Sessions[len(p.m.Sessions)-1] }

// heading handles a heading of the given level with cleaned text.
func (p *parser) heading(line, level int, text string) error {
	if text == "" {
		return p.errorf(line, "empty_heading", "empty heading; expected heading text")
	}
	class, num, rest := classify(text)
	if !p.anyHead && p.m.Title == "" && level == 1 && class == classOther {
		p.m.Title = text
		p.titleAt = line
		return nil
	}
	if p.m.Title == "" {
		return p.errorf(line, "title_before_section", "expected a title (a bold paragraph like **Title** or a \"# Title\" heading) before the first section")
	}
	p.anyHead = true
	if p.sec == inSession {
		s := p.session()
		if class == classSession && num == s.Number && level > p.sessLvl {
			return p.openPart(line, level, rest)
		}
		if class != classSession && level > p.sessLvl {
			switch class {
			case classObjectives, classQuestions:
				return p.openKind(level, class, rest)
			case classFootnotes:
			default:
				return p.openPart(line, level, text)
			}
		}
	}
	p.part = -1
	p.kind = kindCtx{}
	switch class {
	case classSession:
		if num < 1 {
			return p.errorf(line, "session_number", "session number %d; expected a session number of 1 or more", num)
		}
		if at, ok := p.sessAt[num]; ok {
			return p.errorf(line, "session_repeated", "session %d is repeated (first at line %d); expected each session number once", num, at)
		}
		if p.sessAt == nil {
			p.sessAt = map[int]int{}
		}
		p.sessAt[num] = line
		p.m.Sessions = append(p.m.Sessions, Session{Number: num, Title: rest})
		p.sec, p.sessLvl, p.partKeys = inSession, level, map[string]int{}
	case classFootnotes:
		p.sec = inFootnotes
	case classObjectives:
		if num < 0 {
			return p.sessions(line, text)
		}
		if p.m.Objectives != nil {
			return p.errorf(line, "second_objectives", "a second meeting objectives section; expected one, or a session heading (\"Session N. Title\") before session objectives")
		}
		p.m.Objectives = &Section{Title: text}
		p.sec = inObjectives
	case classQuestions:
		if num < 0 {
			return p.sessions(line, text)
		}
		return p.errorf(line, "session_before_questions", "expected a session heading (\"Session N. Title\") before guiding questions")
	case classIssues:
		if p.m.Issues != nil {
			return p.errorf(line, "second_issues", "a second issues section; expected one")
		}
		p.m.Issues = &Section{Title: text}
		p.sec = inIssues
	case classSessions:
		return p.sessions(line, text)
	default:
		return p.errorf(line, "unexpected_heading", "unexpected heading %q; expected meeting objectives, issues, footnotes or a session heading (\"Session N. Title\")", text)
	}
	return nil
}

// sessions handles the heading that introduces the sessions.
func (p *parser) sessions(line int, text string) error {
	if p.m.SessionsTitle != "" {
		return p.errorf(line, "second_sessions_heading", "a second heading introducing the sessions; expected a session heading (\"Session N. Title\")")
	}
	p.m.SessionsTitle = text
	p.sec = inSessions
	return nil
}

// openKind opens an Objectives or Guiding questions heading in a session,
// inside the open part when it is nested deeper than the part.
func (p *parser) openKind(level int, class headingClass, note string) error {
	s := p.session()
	if p.part >= 0 && level <= p.partLvl {
		p.part = -1
	}
	p.kind = kindCtx{class: class, level: level}
	on, qn := &s.ObjectivesNote, &s.QuestionsNote
	if p.part >= 0 {
		on, qn = &s.Parts[p.part].ObjectivesNote, &s.Parts[p.part].QuestionsNote
	}
	if note != "" {
		if class == classObjectives {
			*on = note
		} else {
			*qn = note
		}
	}
	return nil
}

// openPart opens (or reopens, merging) a part of the current session. A
// part nested under an Objectives or Guiding questions heading takes its
// items from it.
func (p *parser) openPart(line, level int, title string) error {
	s := p.session()
	if p.kind.class != classOther && p.kind.level > level {
		p.kind = kindCtx{}
	}
	key := partKey(title)
	i, ok := p.partKeys[key]
	if !ok {
		s.Parts = append(s.Parts, Part{Title: title, Kind: partKind(title)})
		i = len(s.Parts) - 1
		p.partKeys[key] = i
	}
	p.part, p.partLvl = i, level
	return nil
}

// listTarget returns the list that items at this point belong to.
func (p *parser) listTarget(line int) (*[]Item, error) {
	switch p.sec {
	case inObjectives:
		return &p.m.Objectives.Items, nil
	case inIssues:
		return &p.m.Issues.Items, nil
	case inFootnotes:
		return nil, p.errorf(line, "footnote_not_list", "expected a footnote (\"[^1]: text\") under the footnotes heading, not a list item")
	case inSession:
		s := p.session()
		var o, q *[]Item = &s.Objectives, &s.Questions
		if p.part >= 0 {
			o, q = &s.Parts[p.part].Objectives, &s.Parts[p.part].Questions
		}
		switch p.kind.class {
		case classObjectives:
			return o, nil
		case classQuestions:
			return q, nil
		}
		return nil, p.errorf(line, "list_needs_part_heading", "expected an \"Objectives\" or \"Guiding questions\" heading before this list item")
	case inSessions:
		return nil, p.errorf(line, "list_needs_session", "expected a session heading (\"Session N. Title\") before this list item")
	}
	return nil, p.errorf(line, "list_needs_section", "expected a section heading (such as \"## Meeting objectives\") before this list item")
}

// item adds a list item with the given indentation.
func (p *parser) item(line, indent int, raw string) error {
	p.endItem()
	target, err := p.listTarget(line)
	if err != nil {
		return err
	}
	if target != p.target {
		p.target = target
		p.stack = p.stack[:0]
	}
	for len(p.stack) > 0 && p.stack[len(p.stack)-1].indent >= indent {
		p.stack = p.stack[:len(p.stack)-1]
	}
	list := p.target
	for _, f := range p.stack {
		list = &(*list)[f.index].Children
	}
	*list = append(*list, Item{})
	p.stack = append(p.stack, frame{indent: indent, index: len(*list) - 1})
	p.lastItem, p.blank = true, false
	p.itemParts, p.itemLine = []string{raw}, line
	return nil
}

// endItem sets the label, text and footnotes of the open item from its
// lines, once they are all read.
func (p *parser) endItem() {
	if p.itemParts == nil {
		return
	}
	it := p.lastItemPtr()
	it.Label, it.Text = splitItem(strings.Join(p.itemParts, " "))
	it.Footnotes = footnoteRefs(it.Text)
	for _, n := range it.Footnotes {
		p.refs = append(p.refs, refUse{number: n, line: p.itemLine})
	}
	p.itemParts = nil
}

// endFootnote sets the text of the open footnote from its lines.
func (p *parser) endFootnote() {
	if p.pendingFn > 0 {
		p.m.Footnotes[p.pendingFn-1].Text = inline(strings.Join(p.fnParts, " "))
	}
	p.pendingFn, p.fnParts = 0, nil
}

// lastItemPtr returns the item added last.
func (p *parser) lastItemPtr() *Item {
	it := &(*p.target)[p.stack[0].index]
	for _, f := range p.stack[1:] {
		it = &it.Children[f.index]
	}
	return it
}

// continueItem adds a continuation line to the open item.
func (p *parser) continueItem(t string) error {
	p.itemParts = append(p.itemParts, t)
	return nil
}

// finish checks the whole document once every line has been read.
func (p *parser) finish() error {
	p.endItem()
	p.endFootnote()
	if err := p.flush(); err != nil {
		return err
	}
	m := p.m
	if m.Title == "" {
		if len(m.Organization) == 0 && len(m.Footnotes) == 0 {
			return p.errorf(1, "empty", "empty document; expected an agenda starting with a title")
		}
		return p.errorf(1, "title_expected", "expected a title (a bold paragraph like **Title** or a \"# Title\" heading)")
	}
	defined := map[int]bool{}
	for _, f := range m.Footnotes {
		defined[f.Number] = true
	}
	for _, r := range p.refs {
		if !defined[r.number] {
			return p.errorf(r.line, "footnote_undefined", "footnote %d is referenced but not defined; expected a definition like \"[^%d]: text\"", r.number, r.number)
		}
	}
	return nil
}

// boldLevel is the level given to a bold paragraph read as a heading: deeper
// than any Markdown heading.
const boldLevel = 7

// boldHeading reports whether a paragraph in a session is a bold line that
// stands for a heading: Objectives, Guiding questions, or a part that names
// the session ("Session 2 Breakout Groups") or says breakout or plenary.
func (p *parser) boldHeading(text string) (string, bool) {
	in, ok := bold(text)
	if !ok {
		return "", false
	}
	c := cleanHeading(in)
	switch class, n, _ := classify(c); class {
	case classObjectives, classQuestions:
		return c, true
	case classSession:
		return c, n == p.session().Number
	case classOther:
		return c, partKind(c) != KindDiscussion
	}
	return "", false
}
