package agenda

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/plenary-org/plenary/internal/domain"
)

// InvalidError is a JSON agenda that decodes but does not describe a valid
// meeting. It wraps ErrInvalid.
type InvalidError struct {
	Path string // where, as a JSON path like "sessions[1].parts[0]"; empty for the whole meeting
	Msg  string // what is wrong, in English
	Key  string // the message's key in the catalogues ("agenda.err.json_…")
	Args []any  // the message's arguments, for Key
}

// Error returns the message prefixed with its path.
func (e *InvalidError) Error() string {
	if e.Path == "" {
		return "agenda: " + e.Msg
	}
	return "agenda: " + e.Path + ": " + e.Msg
}

// Unwrap returns ErrInvalid.
func (e *InvalidError) Unwrap() error { return ErrInvalid }

func invalid(path, key, format string, args ...any) error {
	return &InvalidError{Path: path, Key: "agenda.err.json_" + key, Args: args, Msg: fmt.Sprintf(format, args...)}
}

// ParseJSON reads a meeting in the JSON form produced by encoding/json (the
// field names are the json tags of Meeting and its parts) and checks it with
// [Meeting.Validate]. Unknown fields are rejected.
func ParseJSON(data []byte) (*Meeting, error) { return parseJSON(data, true) }

func parseJSON(data []byte, original bool) (*Meeting, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var m Meeting
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("agenda: decode JSON: %w", err)
	}
	if dec.More() {
		return nil, invalid("", "trailing", "data after the meeting object")
	}
	if errs, ok := domain.CheckStrings(&m).(domain.Errors); ok {
		return nil, invalid(errs[0].Field, "control_char", "a control character or invalid UTF-8; expected text without control characters")
	}
	if err := m.validate(original); err != nil {
		return nil, err
	}
	return &m, nil
}

// Validate checks what Parse guarantees for a Meeting built another way (for
// example from JSON): a title; session numbers of 1 or more, each once; part
// titles unique within a session and kinds that match them; footnote
// numbers each once; item labels like "ii", "b" or "3"; every footnote an
// item references is defined and listed in its Footnotes. The error is an
// *InvalidError (wrapping ErrInvalid) saying where, as a JSON path.
func (m *Meeting) Validate() error { return m.validate(true) }

// validate is Validate; for a translation (original false) a text may be
// left empty (not translated yet) and part titles and kinds are not
// checked, the meeting's own say what they are.
func (m *Meeting) validate(original bool) error {
	if original && m.Title == "" {
		return invalid("title", "no_title", "no title")
	}
	if m.TimeZone != "" && domain.CheckTimeZone(m.TimeZone) != nil {
		return invalid("timeZone", "time_zone", "unknown time zone %q; expected a name like Europe/Zurich", m.TimeZone)
	}
	defined := map[int]bool{}
	for i, f := range m.Footnotes {
		if defined[f.Number] {
			return invalid(fmt.Sprintf("footnotes[%d]", i), "footnote_twice", "footnote %d defined twice", f.Number)
		}
		defined[f.Number] = true
	}
	var items func(path string, list []Item) error
	items = func(path string, list []Item) error {
		for i, it := range list {
			at := fmt.Sprintf("%s[%d]", path, i)
			if it.Label != "" && !labelOK.MatchString(it.Label) {
				return invalid(at, "label", "label %q is not like \"ii\", \"b\" or \"3\"", it.Label)
			}
			refs := footnoteRefs(it.Text)
			if fmt.Sprint(refs) != fmt.Sprint(it.Footnotes) {
				return invalid(at, "footnotes", "footnotes %v do not match the references %v in the text", fmt.Sprint(it.Footnotes), fmt.Sprint(refs))
			}
			for _, n := range refs {
				if !defined[n] {
					return invalid(at, "footnote_undefined", "footnote %d is referenced but not defined", n)
				}
			}
			if err := items(at+".children", it.Children); err != nil {
				return err
			}
		}
		return nil
	}
	if m.Objectives != nil {
		if err := items("objectives.items", m.Objectives.Items); err != nil {
			return err
		}
	}
	if m.Issues != nil {
		if err := items("issues.items", m.Issues.Items); err != nil {
			return err
		}
	}
	seen := map[int]bool{}
	for si, s := range m.Sessions {
		at := fmt.Sprintf("sessions[%d]", si)
		if s.Number < 1 {
			return invalid(at+".number", "session_number", "session number %d is not 1 or more", s.Number)
		}
		if seen[s.Number] {
			return invalid(at+".number", "session_repeated", "session %d is repeated", s.Number)
		}
		seen[s.Number] = true
		if err := jsonTimes(at, s.StartsAt, s.EndsAt, [2]string{}); err != nil {
			return err
		}
		if err := items(at+".objectives", s.Objectives); err != nil {
			return err
		}
		if err := items(at+".questions", s.Questions); err != nil {
			return err
		}
		keys := map[string]bool{}
		for pi, pt := range s.Parts {
			pat := fmt.Sprintf("%s.parts[%d]", at, pi)
			if !original {
				if err := items(pat+".objectives", pt.Objectives); err != nil {
					return err
				}
				if err := items(pat+".questions", pt.Questions); err != nil {
					return err
				}
				continue
			}
			if keys[partKey(pt.Title)] {
				return invalid(pat+".title", "part_repeated", "part %q is repeated", pt.Title)
			}
			keys[partKey(pt.Title)] = true
			if err := jsonTimes(pat, pt.StartsAt, pt.EndsAt, [2]string{s.StartsAt, s.EndsAt}); err != nil {
				return err
			}
			if pt.Kind != partKind(pt.Title) {
				return invalid(pat+".kind", "part_kind", "part %q has kind %q; expected %q", pt.Title, string(pt.Kind), string(partKind(pt.Title)))
			}
			if err := items(pat+".objectives", pt.Objectives); err != nil {
				return err
			}
			if err := items(pat+".questions", pt.Questions); err != nil {
				return err
			}
		}
	}
	return nil
}

// jsonTimes checks the startsAt and endsAt of the session or part at path.
func jsonTimes(path, start, end string, within [2]string) error {
	key, format, args := timesProblem(start, end, within)
	switch key {
	case "":
		return nil
	case "time":
		return invalid(path+".startsAt", key, "expected startsAt and endsAt like \"2017-10-10T09:00\", both or neither")
	}
	return invalid(path+".startsAt", key, format, args...)
}
