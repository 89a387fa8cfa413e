package web

import (
	"bytes"
	"context"
	"encoding/json"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/store"
)

// historyRow is an audit event as the history page shows it: who, in
// words (a name, or that the rule of non-attribution hides it), what was
// done to which named thing, and the fields that changed, each with its
// value before and after, in words rather than the stored JSON.
type historyRow struct {
	At      time.Time
	Who     string
	Hidden  bool // the actor is not named under non-attribution
	Verb    string
	Object  string // the kind of thing, translated
	Name    string // the thing's title or name, "" when it has none
	URL     string // its page, "" when there is none (or it is gone)
	Removed bool
	Changes []historyChange
}

// historyChange is one field's change. Long texts changed on both sides
// come as a word diff (Diff) when it is small enough to read, else as
// the two texts (Long).
type historyChange struct {
	Field         string
	Before, After string
	Diff          []diffPart
	Long          bool
}

// maxHistoryValue bounds a value shown in the history; the rest is cut
// with an ellipsis (the full value stays in the audit trail's export).
const maxHistoryValue = 300

// longText is the length from which a changed text is shown as a word
// diff rather than as two values.
const longText = 80

// historyNoise are bookkeeping fields that change with every write, or
// copies of what other fields say, and tell a reader nothing.
var historyNoise = map[string]bool{"version": true, "updated_at": true, "created_at": true, "id": true,
	"meeting_id": true, "process_id": true, "snapshot": true, "position": true}

// historyLinks are the pages of the things the history names, by object
// type; others are named without a link.
var historyLinks = map[string]string{
	"meeting": "/meetings/", "process": "/processes/", "body": "/bodies/", "framework": "/frameworks/",
	"contribution": "/contributions/", "group": "/groups/", "commitment": "/commitments/",
	"session": "/history/session/", "part": "/history/part/", "item": "/history/item/",
}

// publicID is the shape of the product's public IDs (ULIDs, lower case).
var publicID = regexp.MustCompile(`^[0-9a-hjkmnp-tv-z]{26}$`)

// historyNames knows what the IDs of a page of events stand for: the
// things still there by their current names, removed objects by their
// last snapshot.
type historyNames struct{ current, gone map[string]string }

// of names id, "" when it is unknown.
func (n historyNames) of(id string) string {
	if s, ok := n.current[id]; ok {
		return s
	}
	return n.gone[id]
}

// loadHistoryNames asks the store for the current name of every object
// and every ID the events speak of; an object removed since is named
// from the last snapshot of it in the trail. Extra IDs are named too.
func loadHistoryNames(ctx context.Context, db *store.DB, evs []domain.AuditEvent, extra ...string) (historyNames, error) {
	seen := map[string]bool{}
	var ids []string
	add := func(id string) {
		if publicID.MatchString(id) && !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	for _, id := range extra {
		add(id)
	}
	for _, e := range evs {
		add(e.ObjectID)
		for _, js := range []string{e.Before, e.After} {
			collectIDs(json.RawMessage(js), add)
		}
	}
	current, err := db.AuditNames(ctx, ids)
	if err != nil {
		return historyNames{}, err
	}
	names := historyNames{current: current, gone: map[string]string{}}
	// Removed objects: their last snapshot on this page, else in their
	// own trail.
	for _, e := range evs {
		if e.ObjectID == "" || names.of(e.ObjectID) != "" {
			continue
		}
		if n := snapshotName(e); n != "" {
			names.gone[e.ObjectID] = n
			continue
		}
		older, err := db.AuditEvents(ctx, store.AuditFilter{ObjectType: e.ObjectType, ObjectID: e.ObjectID, Limit: 100})
		if err != nil {
			return historyNames{}, err
		}
		names.gone[e.ObjectID] = ""
		for _, o := range older {
			if n := snapshotName(o); n != "" {
				names.gone[e.ObjectID] = n
				break
			}
		}
	}
	return names, nil
}

// collectIDs calls add with every string in a JSON value.
func collectIDs(raw json.RawMessage, add func(string)) {
	var v any
	if json.Unmarshal(raw, &v) != nil {
		return
	}
	var walk func(any)
	walk = func(v any) {
		switch x := v.(type) {
		case string:
			add(x)
		case []any:
			for _, y := range x {
				walk(y)
			}
		case map[string]any:
			for _, y := range x {
				walk(y)
			}
		}
	}
	walk(v)
}

// snapshotName is what an event's snapshot calls its object, "" when it
// says nothing of a name.
func snapshotName(e domain.AuditEvent) string {
	for _, js := range []string{e.After, e.Before} {
		m, ok := jsonFields(js)
		if !ok {
			continue
		}
		for _, k := range []string{"Title", "title", "Name", "name", "Text", "text", "Email", "email"} {
			var s string
			if json.Unmarshal(m[k], &s) == nil && strings.TrimSpace(s) != "" {
				return s
			}
		}
	}
	return ""
}

// historyRows describes each event for a reader of pg's language.
func historyRows(pg *Page, names historyNames, evs []domain.AuditEvent) []historyRow {
	rows := make([]historyRow, len(evs))
	for i, e := range evs {
		r := historyRow{At: e.At, Who: e.ActorName, Hidden: e.Concealed(),
			Verb: pg.T("history.action." + e.Action), Object: pg.T("object." + e.ObjectType)}
		switch {
		case r.Hidden:
			r.Who = pg.T("history.hidden")
		case r.Who == "":
			r.Who = pg.T("history.system")
		}
		if e.ObjectID != "" {
			r.Name = shortText(names.of(e.ObjectID))
			if _, there := names.current[e.ObjectID]; there {
				if link, ok := historyLinks[e.ObjectType]; ok {
					r.URL = link + e.ObjectID
				}
			} else if publicID.MatchString(e.ObjectID) {
				r.Removed = true
			}
		}
		r.Changes = historyChanges(pg, names, e.Before, e.After)
		rows[i] = r
	}
	return rows
}

// historyChanges compares two JSON snapshots of an object. Objects are
// compared field by field, nested objects flattened (only the fields that
// differ, bookkeeping and bare IDs left out, the IDs of other things
// replaced by their names); anything else is one change without a field
// name.
func historyChanges(pg *Page, names historyNames, before, after string) []historyChange {
	bm, bok := jsonFields(before)
	am, aok := jsonFields(after)
	if !bok || !aok {
		return oneChange(pg, names, "", "", json.RawMessage(before), json.RawMessage(after))
	}
	bf, af := map[string]json.RawMessage{}, map[string]json.RawMessage{}
	flatten(bf, nil, bm)
	flatten(af, nil, am)
	keys := make([]string, 0, len(bf)+len(af))
	for k := range bf {
		keys = append(keys, k)
	}
	for k := range af {
		if _, ok := bf[k]; !ok {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	var out []historyChange
	for _, k := range keys {
		path := strings.Split(k, "\x00")
		last := path[len(path)-1]
		if historyNoise[last] || slices.ContainsFunc(path, func(p string) bool { return historyNoise[p] }) {
			continue
		}
		out = append(out, oneChange(pg, names, k, last, bf[k], af[k])...)
	}
	return out
}

// oneChange describes the change of one field (path k, whose last part
// is name), nothing when it did not change or means nothing to a reader.
func oneChange(pg *Page, names historyNames, k, name string, before, after json.RawMessage) []historyChange {
	field := ""
	if k != "" {
		field = pathLabel(pg, k)
	}
	b, a := historyValue(pg, names, name, before), historyValue(pg, names, name, after)
	if b == a {
		return nil
	}
	c := historyChange{Field: field, Before: b, After: a}
	if b != "" && a != "" && (len([]rune(b)) > longText || len([]rune(a)) > longText) {
		c.Before, c.After = fullValue(pg, names, name, before), fullValue(pg, names, name, after)
		if c.Diff = wordDiff(c.Before, c.After); c.Diff == nil {
			c.Long = true
		}
	}
	return []historyChange{c}
}

// flatten puts the fields of m into out under their paths (parts joined
// by NUL, each in snake case): a nested object's fields are fields of
// their own.
func flatten(out map[string]json.RawMessage, path []string, m map[string]json.RawMessage) {
	for k, v := range m {
		p := append(slices.Clone(path), snake(k))
		if len(path) < 3 {
			if sub, ok := jsonFields(string(v)); ok && len(bytes.TrimSpace(v)) > 0 && v[0] == '{' {
				flatten(out, p, sub)
				continue
			}
		}
		out[strings.Join(p, "\x00")] = v
	}
}

// pathLabel names a flattened field: each part in the reader's language
// (a language code by the language's name), joined with ›.
func pathLabel(pg *Page, k string) string {
	parts := strings.Split(k, "\x00")
	for i, p := range parts {
		if len(p) == 2 && langName(p) != p {
			parts[i] = langName(p)
			continue
		}
		name := strings.TrimSuffix(p, "_id")
		if t := pg.T("report." + name); i > 0 && t != "report."+name {
			parts[i] = t // a section of a group report's texts
			continue
		}
		parts[i] = fieldLabel(pg, name)
	}
	return strings.Join(parts, " › ")
}

// jsonFields reads a JSON object's fields; an empty snapshot is an empty
// object (a creation has no before, a deletion no after).
func jsonFields(s string) (map[string]json.RawMessage, bool) {
	s = strings.TrimSpace(s)
	if s == "" || s == "null" {
		return map[string]json.RawMessage{}, true
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		return nil, false
	}
	return m, true
}

// historyValue is fullValue cut to maxHistoryValue characters.
func historyValue(pg *Page, names historyNames, field string, raw json.RawMessage) string {
	out := fullValue(pg, names, field, raw)
	if r := []rune(out); len(r) > maxHistoryValue {
		out = string(r[:maxHistoryValue]) + "…"
	}
	return out
}

// fullValue writes a JSON value of field for a reader: text as it is,
// the values of a kind, status, role, method or language in words, the
// IDs of things by their names (unknown IDs left out), lists joined,
// yes/no for booleans, times as the product writes them, nothing for
// empty values.
func fullValue(pg *Page, names historyNames, field string, raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	switch {
	case len(raw) == 0 || string(raw) == "null" || string(raw) == `""` || string(raw) == "[]" || string(raw) == "{}":
		return ""
	case raw[0] == '"':
		var s string
		_ = json.Unmarshal(raw, &s)
		return scalarWords(pg, names, field, s)
	case string(raw) == "true":
		return pg.T("history.yes")
	case string(raw) == "false":
		return pg.T("history.no")
	case raw[0] == '[':
		var list []json.RawMessage
		if json.Unmarshal(raw, &list) == nil {
			var words []string
			for _, v := range list {
				if w := fullValue(pg, names, field, v); w != "" {
					words = append(words, w)
				}
			}
			sep := ", "
			if slices.ContainsFunc(words, func(w string) bool { return strings.Contains(w, ",") }) {
				sep = "; "
			}
			return strings.Join(words, sep)
		}
	case raw[0] == '{':
		// An object deeper than flatten goes: its values, named.
		m, _ := jsonFields(string(raw))
		keys := slices.Sorted(func(yield func(string) bool) {
			for k := range m {
				if !yield(k) {
					return
				}
			}
		})
		var words []string
		for _, k := range keys {
			if w := fullValue(pg, names, snake(k), m[k]); w != "" {
				words = append(words, pathLabel(pg, snake(k))+": "+w)
			}
		}
		return strings.Join(words, "; ")
	}
	return string(raw) // a number
}

// scalarWords writes one string value of field in words.
func scalarWords(pg *Page, names historyNames, field, s string) string {
	if publicID.MatchString(s) {
		return shortText(names.of(s))
	}
	if s == "0001-01-01T00:00:00Z" { // a time never set
		return ""
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return pg.P.DateTime(t.UTC())
	}
	var keys []string
	switch field {
	case "lang", "locale", "language":
		return langName(s)
	case "kind":
		keys = []string{"contrib.kind." + s, "kind." + s, "item." + s, "part." + s}
	case "status":
		keys = []string{"contrib.status." + s, "report.status_" + s}
	case "role":
		keys = []string{"role." + s}
	case "method":
		keys = []string{"ranking.method_" + s}
	}
	for _, k := range keys {
		if t := pg.T(k); t != k {
			return t
		}
	}
	return s
}

// fieldLabel names a field in the reader's language when the catalogues
// know it ("field.<name>"), else by its stored name.
func fieldLabel(pg *Page, name string) string {
	if t := pg.T("field." + name); t != "field."+name {
		return t
	}
	return strings.ReplaceAll(name, "_", " ")
}

// snake turns a Go field name (ProcessID) or a JSON key (process_id) into
// the catalogues' form (process_id).
func snake(s string) string {
	var b strings.Builder
	rs := []rune(s)
	for i, r := range rs {
		if unicode.IsUpper(r) {
			if i > 0 && rs[i-1] != '_' && (unicode.IsLower(rs[i-1]) || (i+1 < len(rs) && unicode.IsLower(rs[i+1]))) {
				b.WriteByte('_')
			}
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
	}
	return b.String()
}

// diffPart is a run of words of a word diff: kept, removed or added.
type diffPart struct {
	Text     string
	Del, Ins bool
}

// maxDiffCells bounds the work of a word diff (words before times words
// after, once the common start and end are set aside); a larger change is
// shown as its two texts.
const maxDiffCells = 1 << 20

// wordDiff compares two texts word by word (a longest common
// subsequence), nil when the texts are too far apart to be worth it.
func wordDiff(before, after string) []diffPart {
	a, b := splitWords(before), splitWords(after)
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	ma, mb := a[pre:len(a)-suf], b[pre:len(b)-suf]
	if (len(ma)+1)*(len(mb)+1) > maxDiffCells {
		return nil
	}
	// lcs[i][j]: the longest common subsequence of ma[i:] and mb[j:].
	w := len(mb) + 1
	lcs := make([]int32, (len(ma)+1)*w)
	for i := len(ma) - 1; i >= 0; i-- {
		for j := len(mb) - 1; j >= 0; j-- {
			if ma[i] == mb[j] {
				lcs[i*w+j] = lcs[(i+1)*w+j+1] + 1
			} else {
				lcs[i*w+j] = max(lcs[(i+1)*w+j], lcs[i*w+j+1])
			}
		}
	}
	var out []diffPart
	put := func(s string, del, ins bool) {
		if n := len(out); n > 0 && out[n-1].Del == del && out[n-1].Ins == ins {
			out[n-1].Text += s
			return
		}
		out = append(out, diffPart{Text: s, Del: del, Ins: ins})
	}
	put(strings.Join(a[:pre], ""), false, false)
	i, j := 0, 0
	for i < len(ma) || j < len(mb) {
		switch {
		case i < len(ma) && j < len(mb) && ma[i] == mb[j]:
			put(ma[i], false, false)
			i, j = i+1, j+1
		case i < len(ma) && (j == len(mb) || lcs[(i+1)*w+j] >= lcs[i*w+j+1]):
			put(ma[i], true, false)
			i++
		default:
			put(mb[j], false, true)
			j++
		}
	}
	put(strings.Join(a[len(a)-suf:], ""), false, false)
	return slices.DeleteFunc(out, func(p diffPart) bool { return p.Text == "" })
}

// splitWords cuts a text into words and the runs of spaces between them,
// so that joining them gives the text back. A Chinese or Japanese
// character is a word of its own: those scripts put no spaces between
// words.
func splitWords(s string) []string {
	var out []string
	start := 0
	for i, r := range s {
		if i > start && (unicode.IsSpace(r) != unicode.IsSpace(rune(s[start])) || ideograph(r) || ideograph(prevRune(s, i))) {
			out = append(out, s[start:i])
			start = i
		}
	}
	if start < len(s) {
		out = append(out, s[start:])
	}
	return out
}

// ideograph reports whether r is written without spaces between words
// (Han, Hiragana, Katakana).
func ideograph(r rune) bool { return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana) }

// prevRune returns the rune that ends s[:i].
func prevRune(s string, i int) rune {
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return r
}
