package store

import (
	"strconv"
	"strings"

	"github.com/plenary-org/plenary/internal/domain"
)

// A cursor names a place in a list of contributions sorted newest,
// oldest or last changed first: the sort key (creation or change time)
// and seq of a row, and whether the page wanted is after it or before it.
// The next page is read from the index that holds the list in its order,
// from that row on (keyset pagination), instead of counting the rows
// before it: a page deep in the list costs what the first does, and a row
// added or changed between two requests neither repeats nor hides one of
// the rows that were there.
//
// Written "a" (after) or "b" (before), then "n" (newest), "o" (oldest) or
// "u" (updated), then ".key.seq": "an.1483228800000.1234".
type cursor struct {
	before bool
	sort   string
	key    int64
	seq    int64
}

var cursorSorts = map[byte]string{'n': SortNewest, 'o': SortOldest, 'u': SortUpdated}

// parseCursor reads a cursor; an empty text is no cursor.
func parseCursor(s string) (*cursor, error) {
	if s == "" {
		return nil, nil
	}
	bad := domain.Invalid("cursor", "error.cursor", "is not a place in this list: open the list again from its first page")
	parts := strings.Split(s, ".")
	if len(parts) != 3 || len(parts[0]) != 2 || len(s) > 64 {
		return nil, bad
	}
	c := &cursor{}
	switch parts[0][0] {
	case 'a':
	case 'b':
		c.before = true
	default:
		return nil, bad
	}
	var ok bool
	if c.sort, ok = cursorSorts[parts[0][1]]; !ok {
		return nil, bad
	}
	var err error
	if c.key, err = strconv.ParseInt(parts[1], 10, 64); err != nil || c.key < 0 || parts[1] != strconv.FormatInt(c.key, 10) {
		return nil, bad
	}
	if c.seq, err = strconv.ParseInt(parts[2], 10, 64); err != nil || c.seq < 0 || parts[2] != strconv.FormatInt(c.seq, 10) {
		return nil, bad
	}
	return c, nil
}

func (c cursor) String() string {
	dir := "a"
	if c.before {
		dir = "b"
	}
	return dir + c.sort[:1] + "." + strconv.FormatInt(c.key, 10) + "." + strconv.FormatInt(c.seq, 10)
}

// keysetColumn is the time column a sort orders by, "" for sorts that
// have no cursor.
func keysetColumn(sort string) string {
	switch sort {
	case SortNewest, SortOldest:
		return "c.created_at"
	case SortUpdated:
		return "c.updated_at"
	}
	return ""
}

// orderIndex is the index that holds a list in the order of sort, for
// one meeting or across meetings; "" when there is none that holds every
// column the list reads.
func orderIndex(sort string, oneMeeting bool) string {
	switch {
	case oneMeeting && (sort == SortNewest || sort == SortOldest):
		return "contributions_meeting_created"
	case oneMeeting && sort == SortUpdated:
		return "contributions_meeting_updated"
	case sort == SortNewest || sort == SortOldest:
		return "contributions_created"
	}
	return ""
}
