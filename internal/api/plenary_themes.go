package api

import (
	"cmp"
	"context"
	"slices"
	"time"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/store"
	"github.com/plenary-org/plenary/internal/themes"
)

// checkThemeEdit checks an edit against the themes as they stand, with
// the page's rules and messages (store.CheckThemeEdit).
func checkThemeEdit(in themeEditInput, res *themes.Result) (themes.Edit, error) {
	return store.CheckThemeEdit(store.ThemeEditInput{Op: in.Op, Theme: in.Theme, Into: in.Into, Label: in.Label, Statement: in.Statement, To: in.To}, res)
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
