package api

import (
	"cmp"
	"context"
	"fmt"
	"hash/fnv"
	"slices"
	"strings"
	"time"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/store"
	"github.com/plenary-org/plenary/internal/themes"
)

// maxThemeLabel is the longest label a person may give a theme (as on the
// plenary page).
const maxThemeLabel = 200

// checkThemeEdit reads an edit and checks it against the themes as they
// stand, with the page's rules and messages (web.themeEdit).
func checkThemeEdit(in themeEditInput, res *themes.Result) (themes.Edit, error) {
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
		if len([]rune(label)) > maxThemeLabel {
			return themes.Edit{}, domain.Invalid("label", "error.too_long", "must be at most %d characters", maxThemeLabel)
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
		return themes.Edit{Op: in.Op, Statements: []string{st}, To: splitThemeID(st, size)}, nil
	default:
		return themes.Edit{}, domain.Invalid("op", "plenary.error_op", "choose merge, split, rename or move")
	}
}

// splitThemeID names the theme a statement is split out into, as the page
// does (web.splitThemeID), so that both name it alike.
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

// addThemeEdit recomputes the themes with e applied and stores it, with
// who and when, at the version read.
func (s *Server) addThemeEdit(ctx context.Context, pp *plenaryPart, byID map[string]*domain.Statement, te *store.ThemeEdits, version int, e themes.Edit, userID string) error {
	e.By, e.At = userID, time.Now().UTC().Format(time.RFC3339)
	// The statements in the order the plenary page gives them: by group,
	// then as written.
	var in []themes.Statement
	for _, g := range pp.groups {
		var sts []*domain.Statement
		for _, st := range byID {
			if st.GroupID == g.ID {
				sts = append(sts, st)
			}
		}
		slices.SortFunc(sts, func(a, b *domain.Statement) int { return cmp.Compare(a.Seq, b.Seq) })
		for _, st := range sts {
			in = append(in, themes.Statement{ID: st.ID, Text: st.Text, Language: st.Lang, Group: g.Name, Region: g.Region})
		}
	}
	after, err := themes.Compute(ctx, in, themes.Options{Previous: te.Previous, Edits: append(slices.Clone(te.Edits), e), Translator: s.themes})
	if err != nil {
		return err
	}
	_, err = s.db.AddThemeEdit(ctx, pp.meeting.ID, pp.partID, version, e, after)
	return err
}
