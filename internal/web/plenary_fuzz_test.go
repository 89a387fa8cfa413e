package web

import (
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/store"
	"github.com/plenary-org/plenary/internal/themes"
)

// FuzzThemeEdit: whatever the form says, themeEdit either refuses it with
// a field error or returns an edit that names only themes and statements
// that stand, with a label of at most store.MaxThemeLabel characters.
func FuzzThemeEdit(f *testing.F) {
	res := &themes.Result{Statements: []themes.Assignment{{ID: "s1", Theme: "t1"}, {ID: "s2", Theme: "t1"}, {ID: "s3", Theme: "t2"}}}
	for _, seed := range [][6]string{
		{"rename", "t1", "", "Pathways", "", ""},
		{"merge", "t1", "t2", "", "", ""},
		{"move", "", "", "", "s3", "t1"},
		{"split", "", "", "", "s1", ""},
		{"split", "", "", "", "s3", ""},
		{"rename", "t1", "", " \t ", "", ""},
		{"merge", "t1", "t1", "", "", ""},
		{"explode", "", "", "", "", ""},
	} {
		f.Add(seed[0], seed[1], seed[2], seed[3], seed[4], seed[5])
	}
	known := func(id string) bool { return id == "t1" || id == "t2" }
	f.Fuzz(func(t *testing.T, op, theme, into, label, statement, to string) {
		form := url.Values{"op": {op}, "theme": {theme}, "into": {into}, "label": {label}, "statement": {statement}, "to": {to}}
		r := httptest.NewRequest("POST", "/", strings.NewReader(form.Encode()))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		e, err := themeEdit(r, res)
		if err != nil {
			if domain.ErrorCode(err) != domain.EINVALID {
				t.Fatalf("error %v is not a field error", err)
			}
			return
		}
		for _, th := range e.Themes {
			if !known(th) {
				t.Fatalf("edit names unknown theme %q", th)
			}
		}
		for _, s := range e.Statements {
			if !slices.Contains([]string{"s1", "s2", "s3"}, s) {
				t.Fatalf("edit names unknown statement %q", s)
			}
		}
		if e.Op == themes.EditMove && !known(e.To) {
			t.Fatalf("move to unknown theme %q", e.To)
		}
		if e.Op == themes.EditSplit && (known(e.To) || e.To == "") {
			t.Fatalf("split into %q", e.To)
		}
		if e.Op == themes.EditRename && (strings.TrimSpace(e.Label) == "" || len([]rune(e.Label)) > store.MaxThemeLabel) {
			t.Fatalf("label %q", e.Label)
		}
	})
}
