package synthesis

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/themes"
)

// checkResult is a part's themes: t1 holds s1 and s2, t2 holds s3.
func checkResult() *themes.Result {
	return &themes.Result{Statements: []themes.Assignment{{ID: "s1", Theme: "t1"}, {ID: "s2", Theme: "t1"}, {ID: "s3", Theme: "t2"}}}
}

// TestCheckThemeEdit: the edits that fit the themes as they stand come out
// ready to store; the others are refused naming the field at fault, with
// the message the page and the API show.
func TestCheckThemeEdit(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		in    ThemeEditInput
		want  themes.Edit
		field string // "" when the edit is accepted
		key   string
	}{
		{name: "rename", in: ThemeEditInput{Op: "rename", Theme: "t1", Label: "  Regular \t pathways "}, want: themes.Edit{Op: "rename", Themes: []string{"t1"}, Label: "Regular pathways"}},
		{name: "rename without a label", in: ThemeEditInput{Op: "rename", Theme: "t1", Label: " \t "}, field: "label", key: "plenary.error_label"},
		{name: "rename with a label too long", in: ThemeEditInput{Op: "rename", Theme: "t1", Label: strings.Repeat("x", MaxThemeLabel+1)}, field: "label", key: "error.too_long"},
		{name: "rename an unknown theme", in: ThemeEditInput{Op: "rename", Theme: "t9", Label: "X"}, field: "theme", key: "plenary.error_theme"},
		{name: "merge", in: ThemeEditInput{Op: "merge", Theme: "t2", Into: "t1"}, want: themes.Edit{Op: "merge", Themes: []string{"t1", "t2"}}},
		{name: "merge into itself", in: ThemeEditInput{Op: "merge", Theme: "t1", Into: "t1"}, field: "into", key: "plenary.error_same_theme"},
		{name: "merge into nothing", in: ThemeEditInput{Op: "merge", Theme: "t1"}, field: "into", key: "plenary.error_theme"},
		{name: "move", in: ThemeEditInput{Op: "move", Statement: "s3", To: "t1"}, want: themes.Edit{Op: "move", Statements: []string{"s3"}, To: "t1"}},
		{name: "move to its own theme", in: ThemeEditInput{Op: "move", Statement: "s1", To: "t1"}, field: "to", key: "plenary.error_same_theme"},
		{name: "move an unknown statement", in: ThemeEditInput{Op: "move", Statement: "s9", To: "t1"}, field: "statement", key: "plenary.error_statement"},
		{name: "split", in: ThemeEditInput{Op: "split", Statement: "s1"}, want: themes.Edit{Op: "split", Statements: []string{"s1"}, To: splitThemeID("s1", nil)}},
		{name: "split a statement alone", in: ThemeEditInput{Op: "split", Statement: "s3"}, field: "statement", key: "plenary.error_alone"},
		{name: "unknown op", in: ThemeEditInput{Op: "explode"}, field: "op", key: "plenary.error_op"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, err := checkThemeEdit(tt.in, checkResult())
			if tt.field == "" {
				if err != nil {
					t.Fatal(err)
				}
				if e.Op != tt.want.Op || !slices.Equal(e.Themes, tt.want.Themes) || !slices.Equal(e.Statements, tt.want.Statements) || e.To != tt.want.To || e.Label != tt.want.Label {
					t.Fatalf("edit %+v, want %+v", e, tt.want)
				}
				return
			}
			var de *domain.Error
			if !errors.As(err, &de) || de.Code != domain.EINVALID || de.Field != tt.field || de.Key != tt.key {
				t.Fatalf("error %v, want EINVALID on %s (%s)", err, tt.field, tt.key)
			}
		})
	}
}

// FuzzThemeEdit: whatever a person sends, checkThemeEdit either refuses it
// with a field error or returns an edit that names only themes and
// statements that stand, with a label of at most MaxThemeLabel characters.
func FuzzThemeEdit(f *testing.F) {
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
		e, err := checkThemeEdit(ThemeEditInput{Op: op, Theme: theme, Into: into, Label: label, Statement: statement, To: to}, checkResult())
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
		if e.Op == themes.EditRename && (strings.TrimSpace(e.Label) == "" || len([]rune(e.Label)) > MaxThemeLabel) {
			t.Fatalf("label %q", e.Label)
		}
	})
}
