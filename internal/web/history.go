package web

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"unicode"

	"github.com/plenary-org/plenary/internal/domain"
)

// historyRow is an audit event as the history page shows it: the fields
// that changed, each with its value before and after, in words rather than
// the stored JSON.
type historyRow struct {
	domain.AuditEvent
	Changes  []historyChange
	Was, Now []historyField // the changes' two sides, for the page's columns
}

type historyField struct{ Field, Value string }

type historyChange struct {
	Field         string
	Before, After string
}

// maxHistoryValue bounds a value shown in the history; the rest is cut
// with an ellipsis (the full value stays in the audit trail's export).
const maxHistoryValue = 300

// historyNoise are bookkeeping fields that change with every write and say
// nothing a reader needs.
var historyNoise = map[string]bool{"version": true, "updated_at": true, "created_at": true, "id": true}

// historyRows describes each event's change field by field.
func historyRows(pg *Page, evs []domain.AuditEvent) []historyRow {
	rows := make([]historyRow, len(evs))
	for i, e := range evs {
		rows[i] = historyRow{AuditEvent: e, Changes: historyChanges(pg, e.Before, e.After)}
		var was, now bool // whether each side says anything
		for _, c := range rows[i].Changes {
			was, now = was || c.Before != "", now || c.After != ""
		}
		for _, c := range rows[i].Changes {
			if was {
				rows[i].Was = append(rows[i].Was, historyField{c.Field, c.Before})
			}
			if now {
				rows[i].Now = append(rows[i].Now, historyField{c.Field, c.After})
			}
		}
	}
	return rows
}

// historyChanges compares two JSON snapshots of an object. Objects are
// compared field by field (only the fields that differ, bookkeeping
// left out); anything else is one change without a field name.
func historyChanges(pg *Page, before, after string) []historyChange {
	bm, bok := jsonFields(before)
	am, aok := jsonFields(after)
	if !bok || !aok {
		b, a := historyValue(pg, json.RawMessage(before)), historyValue(pg, json.RawMessage(after))
		if b == a {
			return nil
		}
		return []historyChange{{Before: b, After: a}}
	}
	keys := make([]string, 0, len(bm)+len(am))
	for k := range bm {
		keys = append(keys, k)
	}
	for k := range am {
		if _, ok := bm[k]; !ok {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	var out []historyChange
	for _, k := range keys {
		name := snake(k)
		// Identifiers mean nothing to a reader; the page says which
		// object changed.
		if historyNoise[name] || strings.HasSuffix(name, "_id") {
			continue
		}
		b, a := historyValue(pg, bm[k]), historyValue(pg, am[k])
		if b == a {
			continue
		}
		out = append(out, historyChange{Field: fieldLabel(pg, name), Before: b, After: a})
	}
	return out
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

// historyValue writes a JSON value for a reader: text as it is, lists
// joined, yes/no for booleans, nothing for empty values; other structures
// compactly. Long values are cut.
func historyValue(pg *Page, raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	var out string
	switch {
	case len(raw) == 0 || string(raw) == "null" || string(raw) == `""` || string(raw) == "[]" || string(raw) == "{}":
		return ""
	case raw[0] == '"':
		_ = json.Unmarshal(raw, &out)
		if out == "0001-01-01T00:00:00Z" { // a time never set
			return ""
		}
	case string(raw) == "true":
		out = pg.T("history.yes")
	case string(raw) == "false":
		out = pg.T("history.no")
	case raw[0] == '[':
		var list []string
		if json.Unmarshal(raw, &list) == nil {
			out = strings.Join(list, ", ")
			break
		}
		fallthrough
	default:
		var buf bytes.Buffer
		if json.Compact(&buf, raw) == nil {
			out = buf.String()
		} else {
			out = string(raw)
		}
	}
	if r := []rune(out); len(r) > maxHistoryValue {
		out = string(r[:maxHistoryValue]) + "…"
	}
	return out
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
