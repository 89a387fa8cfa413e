package agenda

import (
	"bytes"
	"fmt"
	"strings"
)

// Markdown renders the meeting as a canonical agenda: the header as
// paragraphs, "##" sections, footnotes as "[^N]: text", sessions with their
// objectives, guiding questions and parts as nested headings, and items as
// "-" lists indented by two spaces per level. Parse reads the result back to
// an identical Meeting for any Meeting that Parse returned.
func (m *Meeting) Markdown() []byte {
	var b bytes.Buffer
	para := func(s string) {
		if s == "" {
			return
		}
		if b.Len() > 0 {
			b.WriteString("\n")
		}
		b.WriteString(s)
		b.WriteString("\n")
	}
	for _, o := range m.Organization {
		para(o)
	}
	para("**" + m.Title + "**")
	if sub := m.Subtitle; sub != "" || m.ShortName != "" {
		if m.ShortName != "" && shortName(sub) != m.ShortName {
			sub = strings.TrimSpace(sub + " (" + m.ShortName + ")")
		}
		if strings.HasPrefix(sub, "*") || strings.HasSuffix(sub, "*") {
			para("_" + sub + "_")
		} else {
			para("*" + sub + "*")
		}
	}
	if m.DocumentTitle != "" {
		para("**" + m.DocumentTitle + "**")
	}
	for _, d := range m.Details {
		para(d)
	}
	if m.TimeZone != "" {
		para("Time zone: " + m.TimeZone)
	}
	section := func(s *Section, fallback string) {
		if s == nil {
			return
		}
		title := s.Title
		if title == "" {
			title = fallback
		}
		para("## " + title)
		intro(para, s.Intro)
		list(&b, s.Items)
	}
	section(m.Objectives, "Meeting objectives")
	section(m.Issues, "Issues to be addressed")
	if len(m.Footnotes) > 0 {
		para("---")
		for _, f := range m.Footnotes {
			para(strings.TrimSpace(fmt.Sprintf("[^%d]: %s", f.Number, f.Text)))
		}
	}
	level := "##"
	if m.SessionsTitle != "" {
		para("## " + m.SessionsTitle)
		level = "###"
	}
	for _, s := range m.Sessions {
		head := fmt.Sprintf("Session %d", s.Number)
		if s.Title != "" {
			head += ". " + s.Title
		}
		para(level + " " + head)
		if s.StartsAt != "" {
			para(formatTimeLine(s.StartsAt, s.EndsAt))
		}
		intro(para, s.Intro)
		kinds(para, &b, level+"#", s.ObjectivesNote, s.Objectives, s.QuestionsNote, s.Questions)
		for _, pt := range s.Parts {
			title := pt.Title
			if c, _, _ := classify(title); title == "" || c != classOther || cleanHeading(title) != title {
				title = strings.TrimSpace(head[:strings.Index(head+".", ".")] + ". " + title)
			}
			para(level + "# " + title)
			if pt.StartsAt != "" {
				para(formatTimeLine(pt.StartsAt, pt.EndsAt))
			}
			intro(para, pt.Intro)
			kinds(para, &b, level+"##", pt.ObjectivesNote, pt.Objectives, pt.QuestionsNote, pt.Questions)
		}
	}
	return b.Bytes()
}

func intro(para func(string), s string) {
	for _, p := range strings.Split(s, "\n\n") {
		para(p)
	}
}

// kinds renders the objectives and guiding questions of a session or part.
func kinds(para func(string), b *bytes.Buffer, level, oNote string, o []Item, qNote string, q []Item) {
	one := func(name, note string, items []Item) {
		if note == "" && len(items) == 0 {
			return
		}
		if note != "" {
			name += " (" + note + ")"
		}
		para(level + " " + name)
		list(b, items)
	}
	one("Objectives", oNote, o)
	one("Guiding questions", qNote, q)
}

// list renders items as a "-" list, preceded by a blank line.
func list(b *bytes.Buffer, items []Item) {
	if len(items) == 0 {
		return
	}
	b.WriteString("\n")
	var walk func(items []Item, depth int)
	walk = func(items []Item, depth int) {
		for _, it := range items {
			line := strings.Repeat("  ", depth) + "-"
			if it.Label != "" {
				line += " (" + it.Label + ")"
			}
			if it.Text != "" {
				line += " " + it.Text
			}
			b.WriteString(line + "\n")
			walk(it.Children, depth+1)
		}
	}
	walk(items, 0)
}
