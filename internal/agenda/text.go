package agenda

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"
)

var (
	headingRe  = regexp.MustCompile(`^(#{1,6})(?:\s+(.*))?$`)
	ruleRe     = regexp.MustCompile(`^(?:(?:-\s*){3,}|(?:\*\s*){3,}|(?:_\s*){3,})$`)
	listRe     = regexp.MustCompile(`^(->|[-*+•⇒→]|\d{1,9}[.)])(?:\s+(.*))?$`)
	fnDefRe    = regexp.MustCompile(`^(?:\[\^(\d{1,6})\]:|<sup>\s*(\d{1,6})\s*</sup>)\s*(.*)$`)
	supRe      = regexp.MustCompile(`<sup>\s*(\d{1,6})\s*</sup>`)
	fnRefRe    = regexp.MustCompile(`\[\^(\d{1,6})\]`)
	labelRe    = regexp.MustCompile(`^(?:\(((?i)[ivxlcdm]+|[a-z]|\d{1,3})\)|((?i)[ivxlcdm]+)\))\s+(\S.*)$`)
	sessionRe  = regexp.MustCompile(`^(?i:session)\s+(\d{1,4})\b\s*[.:\-–—]?\s*(.*)$`)
	closingRe  = regexp.MustCompile(`\s+#+$`)
	noteRe     = regexp.MustCompile(`^(.*?)\s*\((.*)\)$`)
	shortRe    = regexp.MustCompile(`\(([^()]*[^()\s][^()]*)\)$`)
	footHeadRe = regexp.MustCompile(`^(?i)(?:foot)?notes$`)
	issuesRe   = regexp.MustCompile(`^(?i)issues\b`)
	sessionsRe = regexp.MustCompile(`^(?i)sessions?\b`)
	labelOK    = regexp.MustCompile(`^(?:(?i)[ivxlcdm]+|[a-z]|\d{1,3})$`)
	breakoutRe = regexp.MustCompile(`(?i)\bbreak[- ]?out`)
	plenaryRe  = regexp.MustCompile(`(?i)\bplenary\b`)
)

// normalizeLine turns every Unicode space into an ASCII space and expands
// tabs, so that regular expressions and strings.Fields agree on what a space
// is.
func normalizeLine(s string) string {
	s = strings.TrimSuffix(s, "\r")
	if !strings.ContainsFunc(s, func(r rune) bool { return r != ' ' && unicode.IsSpace(r) }) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\t':
			b.WriteString("    ")
		case unicode.IsSpace(r):
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// collapse joins the words of s with single spaces.
func collapse(s string) string { return strings.Join(strings.Fields(s), " ") }

// inline normalises running text: whitespace collapsed (which also removes
// Markdown hard line breaks) and HTML footnote references turned into
// Markdown ones.
func inline(s string) string {
	return supRe.ReplaceAllString(collapse(s), "[^$1]")
}

// footnoteRefs returns the footnote numbers referenced in s, each once, in
// order of first reference, or nil.
func footnoteRefs(s string) []int {
	var out []int
	for _, m := range fnRefRe.FindAllStringSubmatch(s, -1) {
		n, _ := strconv.Atoi(m[1])
		seen := false
		for _, o := range out {
			seen = seen || o == n
		}
		if !seen {
			out = append(out, n)
		}
	}
	return out
}

// cleanHeading removes emphasis, closing hashes and trailing colons or
// periods from heading text. It is idempotent.
func cleanHeading(s string) string {
	s = collapse(strings.ReplaceAll(s, "*", ""))
	for {
		prev := s
		s = strings.TrimRight(s, ".: ")
		s = closingRe.ReplaceAllString(s, "")
		if len(s) >= 2 && s[0] == '_' && s[len(s)-1] == '_' {
			s = strings.TrimSpace(s[1 : len(s)-1])
		}
		if s == prev {
			return s
		}
	}
}

// splitItem extracts the arrow bullets and the label that start an item.
func splitItem(raw string) (label, text string) {
	text = inline(raw)
	for {
		t := strings.TrimLeft(text, " ")
		for _, p := range []string{"⇒", "→", "•", "->"} {
			t = strings.TrimPrefix(t, p)
		}
		t = strings.TrimLeft(t, " ")
		if t == text {
			break
		}
		text = t
	}
	if m := labelRe.FindStringSubmatch(text); m != nil {
		label = m[1] + m[2]
		text = m[3]
	}
	return label, text
}

// headingClass says what a cleaned heading means.
type headingClass int

const (
	classOther headingClass = iota
	classSession
	classFootnotes
	classObjectives
	classQuestions
	classIssues
	classSessions
)

// classify says what a cleaned heading means; for a session heading it also
// returns the number and the title, and for objectives or questions the
// parenthesised note.
func classify(s string) (c headingClass, n int, rest string) {
	if m := sessionRe.FindStringSubmatch(s); m != nil {
		n, _ = strconv.Atoi(m[1])
		return classSession, n, sessionTitle(n, m[2])
	}
	if footHeadRe.MatchString(s) {
		return classFootnotes, 0, ""
	}
	words := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) })
	for i, w := range words {
		if i == 3 {
			break
		}
		kind := classOther
		switch w {
		case "objective", "objectives":
			kind = classObjectives
		case "question", "questions":
			kind = classQuestions
		}
		if kind != classOther {
			note := ""
			if m := noteRe.FindStringSubmatch(s); m != nil {
				note = strings.TrimSpace(m[2])
			}
			if sessionsRe.MatchString(s) {
				// "Session objectives and guiding questions" introduces the
				// sessions at the top level; inside a session it is read as
				// this kind (see parser.heading).
				return kind, -1, note
			}
			return kind, 0, note
		}
	}
	if issuesRe.MatchString(s) {
		return classIssues, 0, ""
	}
	if sessionsRe.MatchString(s) {
		return classSessions, 0, ""
	}
	return classOther, 0, ""
}

// partKind derives a part's kind from its title.
func partKind(title string) PartKind {
	switch {
	case breakoutRe.MatchString(title):
		return KindBreakout
	case plenaryRe.MatchString(title):
		return KindPlenary
	}
	return KindDiscussion
}

// partKey is the key under which parts with the same title are merged.
func partKey(title string) string {
	return strings.Join(strings.FieldsFunc(strings.ToLower(title), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}), " ")
}

// bold returns the inner text of a paragraph wrapped in ** or __.
func bold(p string) (string, bool) {
	for _, d := range []string{"**", "__"} {
		if len(p) > 4 && strings.HasPrefix(p, d) && strings.HasSuffix(p, d) {
			in := strings.TrimSpace(p[2 : len(p)-2])
			if in != "" && !strings.Contains(in, d) {
				return in, true
			}
		}
	}
	return "", false
}

// italic returns the inner text of a paragraph wrapped in * or _.
func italic(p string) (string, bool) {
	for _, d := range []string{"*", "_"} {
		if len(p) > 2 && strings.HasPrefix(p, d) && strings.HasSuffix(p, d) {
			in := strings.TrimSpace(p[1 : len(p)-1])
			if in != "" && !strings.HasPrefix(in, d) && !strings.HasSuffix(in, d) {
				return in, true
			}
		}
	}
	return "", false
}

// shortName returns the text in the parentheses that end a subtitle.
func shortName(subtitle string) string {
	if m := shortRe.FindStringSubmatch(subtitle); m != nil {
		return strings.TrimSpace(m[1])
	}
	return ""
}

// sessionTitle returns the title after "Session N." in the form that
// survives rendering as "Session N. title" and cleaning again.
func sessionTitle(n int, title string) string {
	for range 8 {
		m := sessionRe.FindStringSubmatch(cleanHeading("Session " + strconv.Itoa(n) + ". " + title))
		if m == nil || m[2] == title {
			break
		}
		title = m[2]
	}
	return title
}
