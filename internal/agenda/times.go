package agenda

import (
	"regexp"
	"strings"
	"time"

	"github.com/plenary-org/plenary/internal/domain"
)

// timeLine is a session's or part's time paragraph: "Time: 2017-10-10
// 09:00–12:30", or with the end's date when it ends another day
// ("Time: 2017-10-10 09:00 – 2017-10-11 12:30"). The dash may be an en
// dash, an em dash or a hyphen.
var timeLine = regexp.MustCompile(`^Time:\s*(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2})\s*[–—-]\s*(?:(\d{4}-\d{2}-\d{2})[ T])?(\d{2}:\d{2})$`)

// looksLikeTime reports whether a paragraph is meant as a time paragraph:
// "Time:" followed by a digit. Other paragraphs starting "Time:" are
// kept as text.
func looksLikeTime(text string) bool {
	rest, ok := strings.CutPrefix(text, "Time:")
	rest = strings.TrimSpace(rest)
	return ok && rest != "" && rest[0] >= '0' && rest[0] <= '9'
}

// parseTimeLine reads a time paragraph into start and end in
// [domain.TimeLayout]; ok is false when it is not one.
func parseTimeLine(text string) (start, end string, ok bool) {
	m := timeLine.FindStringSubmatch(text)
	if m == nil {
		return "", "", false
	}
	endDay := m[3]
	if endDay == "" {
		endDay = m[1]
	}
	return m[1] + "T" + m[2], endDay + "T" + m[4], true
}

// formatTimeLine writes the time paragraph of start and end.
func formatTimeLine(start, end string) string {
	s := "Time: " + strings.Replace(start, "T", " ", 1) + "–"
	if len(start) >= 10 && len(end) >= 10 && start[:10] == end[:10] {
		return s + end[11:]
	}
	return s + strings.Replace(end, "T", " ", 1)
}

// timesProblem says what is wrong with the times of a session or part, as
// the key (after "agenda.err." or "agenda.err.json_"), its English text
// and arguments; key is "" when they are right. within holds the session's
// times for a part.
func timesProblem(start, end string, within [2]string) (key, format string, args []any) {
	if start == "" && end == "" {
		return "", "", nil
	}
	s, err1 := time.Parse(domain.TimeLayout, start)
	e, err2 := time.Parse(domain.TimeLayout, end)
	if start == "" || end == "" || err1 != nil || err2 != nil {
		return "time", "expected a time like \"Time: 2017-10-10 09:00–12:30\"", nil
	}
	if !e.After(s) {
		return "time_order", "the end %s is not after the start %s", []any{strings.Replace(end, "T", " ", 1), strings.Replace(start, "T", " ", 1)}
	}
	if e.Sub(s) > domain.MaxScheduled {
		return "time_too_long", "a session or part lasts at most %d days", []any{int(domain.MaxScheduled / (24 * time.Hour))}
	}
	if within[0] != "" && within[1] != "" && (start < within[0] || end > within[1]) {
		return "time_in_session", "the part's time is not within its session's, %s", []any{formatTimeLine(within[0], within[1])[len("Time: "):]}
	}
	return "", "", nil
}
