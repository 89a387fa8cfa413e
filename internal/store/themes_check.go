package store

import (
	"fmt"
	"hash/fnv"
	"strings"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/themes"
)

// MaxThemeLabel is the longest label a person may give a theme.
const MaxThemeLabel = 200

// ThemeEditInput is one edit of the themes as a person asks for it, from
// the plenary page's form or the API: which fields count depends on Op.
type ThemeEditInput struct {
	Op        string // themes.EditRename, EditMerge, EditMove or EditSplit
	Theme     string // rename, merge: the theme edited
	Into      string // merge: the theme it joins
	Label     string // rename: the new label
	Statement string // move, split: the statement moved
	To        string // move: the theme it goes to
}

// CheckThemeEdit checks an edit against the themes as they stand (res) and
// returns it ready to store, or an EINVALID naming the field at fault.
// The page and the API both go through it, so they accept and refuse the
// same edits with the same messages.
func CheckThemeEdit(in ThemeEditInput, res *themes.Result) (themes.Edit, error) {
	themeOf := map[string]string{}
	size := map[string]int{}
	for _, a := range res.Statements {
		themeOf[a.ID] = a.Theme
		size[a.Theme]++
	}
	theme := func(field, id string) (string, error) {
		if _, ok := size[id]; !ok || id == "" {
			return "", domain.Invalid(field, "plenary.error_theme", "choose one of the themes shown")
		}
		return id, nil
	}
	statement := func(id string) (string, error) {
		if _, ok := themeOf[id]; !ok || id == "" {
			return "", domain.Invalid("statement", "plenary.error_statement", "choose one of the statements shown")
		}
		return id, nil
	}
	switch in.Op {
	case themes.EditRename:
		th, err := theme("theme", in.Theme)
		if err != nil {
			return themes.Edit{}, err
		}
		label := strings.Join(strings.Fields(in.Label), " ")
		if label == "" {
			return themes.Edit{}, domain.Invalid("label", "plenary.error_label", "give the theme a label")
		}
		if len([]rune(label)) > MaxThemeLabel {
			return themes.Edit{}, domain.Invalid("label", "error.too_long", "must be at most %d characters", MaxThemeLabel)
		}
		return themes.Edit{Op: in.Op, Themes: []string{th}, Label: label}, nil
	case themes.EditMerge:
		th, err := theme("theme", in.Theme)
		if err != nil {
			return themes.Edit{}, err
		}
		into, err := theme("into", in.Into)
		if err != nil {
			return themes.Edit{}, err
		}
		if into == th {
			return themes.Edit{}, domain.Invalid("into", "plenary.error_same_theme", "choose another theme")
		}
		return themes.Edit{Op: in.Op, Themes: []string{into, th}}, nil
	case themes.EditMove:
		st, err := statement(in.Statement)
		if err != nil {
			return themes.Edit{}, err
		}
		to, err := theme("to", in.To)
		if err != nil {
			return themes.Edit{}, err
		}
		if themeOf[st] == to {
			return themes.Edit{}, domain.Invalid("to", "plenary.error_same_theme", "choose another theme")
		}
		return themes.Edit{Op: in.Op, Statements: []string{st}, To: to}, nil
	case themes.EditSplit:
		st, err := statement(in.Statement)
		if err != nil {
			return themes.Edit{}, err
		}
		if size[themeOf[st]] < 2 {
			return themes.Edit{}, domain.Invalid("statement", "plenary.error_alone", "this statement is already alone in its theme")
		}
		// The new theme's id is chosen here and stored with the edit, so
		// that later edits naming it still find it after recomputations.
		return themes.Edit{Op: in.Op, Statements: []string{st}, To: splitThemeID(st, size)}, nil
	default:
		return themes.Edit{}, domain.Invalid("op", "plenary.error_op", "choose merge, split, rename or move")
	}
}

// splitThemeID names the theme a statement is split out into: derived from
// the statement, unlike any theme that stands.
func splitThemeID(statementID string, used map[string]int) string {
	h := fnv.New32a()
	h.Write([]byte("split/" + statementID))
	base := fmt.Sprintf("t%08x", h.Sum32())
	id := base
	for k := 2; used[id] > 0; k++ {
		id = fmt.Sprintf("%s-%d", base, k)
	}
	return id
}
