package agenda

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// ParseJSON reads a meeting in the JSON form produced by encoding/json (the
// field names are the json tags of Meeting and its parts) and checks it with
// [Meeting.Validate]. Unknown fields are rejected.
func ParseJSON(data []byte) (*Meeting, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var m Meeting
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("agenda: decode JSON: %w", err)
	}
	if dec.More() {
		return nil, fmt.Errorf("agenda: decode JSON: %w: data after the meeting object", ErrInvalid)
	}
	if err := m.Validate(); err != nil {
		return nil, err
	}
	return &m, nil
}

// Validate checks what Parse guarantees for a Meeting built another way (for
// example from JSON): a title; session numbers of 1 or more, each once; part
// titles unique within a session and kinds that match them; footnote
// numbers each once; item labels like "ii", "b" or "3"; every footnote an
// item references is defined and listed in its Footnotes. The error wraps
// ErrInvalid.
func (m *Meeting) Validate() error {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("agenda: %w: %s", ErrInvalid, fmt.Sprintf(format, args...))
	}
	if m.Title == "" {
		return bad("no title")
	}
	defined := map[int]bool{}
	for _, f := range m.Footnotes {
		if defined[f.Number] {
			return bad("footnote %d defined twice", f.Number)
		}
		defined[f.Number] = true
	}
	var items func(where string, list []Item) error
	items = func(where string, list []Item) error {
		for i, it := range list {
			if it.Label != "" && !labelOK.MatchString(it.Label) {
				return bad("%s item %d: label %q is not like \"ii\", \"b\" or \"3\"", where, i+1, it.Label)
			}
			refs := footnoteRefs(it.Text)
			if fmt.Sprint(refs) != fmt.Sprint(it.Footnotes) {
				return bad("%s item %d: footnotes %v do not match the references %v in the text", where, i+1, it.Footnotes, refs)
			}
			for _, n := range refs {
				if !defined[n] {
					return bad("%s item %d: footnote %d is referenced but not defined", where, i+1, n)
				}
			}
			if err := items(fmt.Sprintf("%s item %d:", where, i+1), it.Children); err != nil {
				return err
			}
		}
		return nil
	}
	if m.Objectives != nil {
		if err := items("meeting objectives", m.Objectives.Items); err != nil {
			return err
		}
	}
	if m.Issues != nil {
		if err := items("issues", m.Issues.Items); err != nil {
			return err
		}
	}
	seen := map[int]bool{}
	for _, s := range m.Sessions {
		if s.Number < 1 {
			return bad("session number %d is not 1 or more", s.Number)
		}
		if seen[s.Number] {
			return bad("session %d is repeated", s.Number)
		}
		seen[s.Number] = true
		where := fmt.Sprintf("session %d", s.Number)
		if err := items(where+" objectives", s.Objectives); err != nil {
			return err
		}
		if err := items(where+" questions", s.Questions); err != nil {
			return err
		}
		keys := map[string]bool{}
		for _, pt := range s.Parts {
			if keys[partKey(pt.Title)] {
				return bad("%s: part %q is repeated", where, pt.Title)
			}
			keys[partKey(pt.Title)] = true
			if pt.Kind != partKind(pt.Title) {
				return bad("%s: part %q has kind %q; expected %q", where, pt.Title, pt.Kind, partKind(pt.Title))
			}
			if err := items(where+" part "+pt.Title+" objectives", pt.Objectives); err != nil {
				return err
			}
			if err := items(where+" part "+pt.Title+" questions", pt.Questions); err != nil {
				return err
			}
		}
	}
	return nil
}
