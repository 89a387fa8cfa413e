package rank

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"
)

// The ballot text format writes one ballot a line, for test fixtures,
// worked examples and pasted results:
//
//	# a comment; blank lines are skipped
//	5: A > C > B = E > D      ranked, weight 5, B and E equal
//	A > B                     ranked, weight omitted (counts once)
//	2:                        an empty ranked ballot of weight 2
//	:                         an empty ranked ballot (a weight may be left empty)
//	{A, C}                    approval
//	[A:4, B:2.5]              scores
//	@africa 0.5: B > A        a ballot of group "africa"
//
// A candidate or group ID is a run of characters other than white space and
// the punctuation > = , : { } [ ] @ #. Spaces between tokens are optional.

// ParseError is a line of ballot text that does not parse.
type ParseError struct {
	Line   int    // 1-based
	Reason string // what is wrong
}

func (e *ParseError) Error() string {
	return fmt.Sprintf("rank: line %d: %s", e.Line, e.Reason)
}

// ParseBallots reads ballots in the text format described above. It checks
// the syntax only; [Tally] checks the ballots against the candidates.
func ParseBallots(text string) ([]Ballot, error) {
	var out []Ballot
	for n, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || line[0] == '#' {
			continue
		}
		b, reason := parseLine(line)
		if reason != "" {
			return nil, &ParseError{Line: n + 1, Reason: reason}
		}
		out = append(out, b)
	}
	return out, nil
}

// FormatBallot writes b as one line of the text format. It fails when b sets
// more than one of Ranks, Approved and Scores, when an ID cannot be written
// in the format, or when a number is not finite.
func FormatBallot(b Ballot) (string, error) {
	kinds := 0
	for _, set := range []bool{b.Ranks != nil, b.Approved != nil, b.Scores != nil} {
		if set {
			kinds++
		}
	}
	if kinds > 1 {
		return "", fmt.Errorf("rank: format ballot: more than one of Ranks, Approved, Scores")
	}
	var s strings.Builder
	if b.Group != "" {
		if !validID(b.Group) {
			return "", fmt.Errorf("rank: format ballot: group %q cannot be written", b.Group)
		}
		s.WriteString("@" + b.Group + " ")
	}
	if b.Weight != 0 {
		if !finite(b.Weight) {
			return "", fmt.Errorf("rank: format ballot: weight %v", b.Weight)
		}
		s.WriteString(strconv.FormatFloat(b.Weight, 'g', -1, 64) + ": ")
	}
	ids := func(list []string, sep string) error {
		for i, id := range list {
			if !validID(id) {
				return fmt.Errorf("rank: format ballot: candidate %q cannot be written", id)
			}
			if i > 0 {
				s.WriteString(sep)
			}
			s.WriteString(id)
		}
		return nil
	}
	switch {
	case b.Scores != nil:
		keys := make([]string, 0, len(b.Scores))
		for id := range b.Scores {
			keys = append(keys, id)
		}
		slices.Sort(keys)
		s.WriteString("[")
		for i, id := range keys {
			v := b.Scores[id]
			if !validID(id) || !finite(v) {
				return "", fmt.Errorf("rank: format ballot: score %q %v cannot be written", id, v)
			}
			if i > 0 {
				s.WriteString(", ")
			}
			s.WriteString(id + ":" + strconv.FormatFloat(v, 'g', -1, 64))
		}
		s.WriteString("]")
	case b.Approved != nil:
		s.WriteString("{")
		if err := ids(b.Approved, ", "); err != nil {
			return "", err
		}
		s.WriteString("}")
	default:
		for g, group := range b.Ranks {
			if len(group) == 0 {
				return "", fmt.Errorf("rank: format ballot: empty rank")
			}
			if g > 0 {
				s.WriteString(" > ")
			}
			if err := ids(group, " = "); err != nil {
				return "", err
			}
		}
	}
	line := strings.TrimRight(s.String(), " ")
	if line == "" {
		line = ":" // an empty ballot; an empty line would be skipped
	}
	return line, nil
}

const punctuation = ">=,:{}[]@#"

func validID(id string) bool {
	return id != "" && !strings.ContainsFunc(id, notIDRune)
}

func notIDRune(r rune) bool {
	return strings.ContainsRune(punctuation, r) || isSpace(r)
}

// isSpace is the white space strings.TrimSpace removes.
func isSpace(r rune) bool { return unicode.IsSpace(r) }

// parseLine parses one trimmed, non-empty line. It returns a reason when
// the line is invalid.
func parseLine(line string) (Ballot, string) {
	var b Ballot
	if line[0] == '@' {
		end := strings.IndexFunc(line, isSpace)
		if end < 0 {
			end = len(line)
		}
		b.Group = line[1:end]
		if !validID(b.Group) {
			return b, fmt.Sprintf("bad group %q", b.Group)
		}
		line = strings.TrimSpace(line[end:])
	}
	colon := strings.IndexByte(line, ':')
	bracket := strings.IndexAny(line, "[{")
	if colon >= 0 && (bracket < 0 || colon < bracket) {
		if ws := strings.TrimSpace(line[:colon]); ws != "" {
			w, err := strconv.ParseFloat(ws, 64)
			if err != nil || !finite(w) {
				return b, fmt.Sprintf("bad weight %q", ws)
			}
			b.Weight = w
		}
		line = strings.TrimSpace(line[colon+1:])
	}
	var reason string
	switch {
	case strings.HasPrefix(line, "{"):
		b.Approved, reason = parseList(line, '{', '}')
	case strings.HasPrefix(line, "["):
		b.Scores, reason = parseScores(line)
	case line != "":
		b.Ranks, reason = parseRanks(line)
	}
	return b, reason
}

// parseList parses "{A, B}" into its IDs; "{}" is an empty, non-nil list.
func parseList(s string, open, close byte) ([]string, string) {
	items, reason := parseListRaw(s, open, close)
	if reason != "" {
		return nil, reason
	}
	out := make([]string, 0, len(items))
	for _, id := range items {
		if !validID(id) {
			return nil, fmt.Sprintf("bad candidate %q", id)
		}
		out = append(out, id)
	}
	return out, ""
}

func parseScores(s string) (map[string]float64, string) {
	items, reason := parseListRaw(s, '[', ']')
	if reason != "" {
		return nil, reason
	}
	out := make(map[string]float64, len(items))
	for _, item := range items {
		id, val, ok := strings.Cut(item, ":")
		id, val = strings.TrimSpace(id), strings.TrimSpace(val)
		if !ok || !validID(id) {
			return nil, fmt.Sprintf("bad score %q", item)
		}
		v, err := strconv.ParseFloat(val, 64)
		if err != nil || !finite(v) {
			return nil, fmt.Sprintf("bad score %q", item)
		}
		if _, dup := out[id]; dup {
			return nil, fmt.Sprintf("candidate %q scored twice", id)
		}
		out[id] = v
	}
	return out, ""
}

// parseListRaw splits "[a, b]" into its trimmed, non-empty items.
func parseListRaw(s string, open, close byte) ([]string, string) {
	if len(s) < 2 || s[0] != open || s[len(s)-1] != close {
		return nil, fmt.Sprintf("expected %c...%c", open, close)
	}
	inner := strings.TrimSpace(s[1 : len(s)-1])
	if inner == "" {
		return nil, ""
	}
	items := strings.Split(inner, ",")
	for i := range items {
		items[i] = strings.TrimSpace(items[i])
		if items[i] == "" {
			return nil, "empty item"
		}
	}
	return items, ""
}

func parseRanks(s string) ([][]string, string) {
	var out [][]string
	for _, group := range strings.Split(s, ">") {
		var ids []string
		for _, id := range strings.Split(group, "=") {
			id = strings.TrimSpace(id)
			if !validID(id) {
				return nil, fmt.Sprintf("bad candidate %q", id)
			}
			ids = append(ids, id)
		}
		out = append(out, ids)
	}
	return out, ""
}
