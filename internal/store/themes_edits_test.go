package store_test

import (
	"context"
	"testing"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/store"
	"github.com/plenary-org/plenary/internal/themes"
)

// breakoutPart returns the meeting's first breakout part.
func breakoutPart(t testing.TB, db *store.DB, ctx context.Context, meetingID string) string {
	t.Helper()
	a, err := db.Agenda(ctx, meetingID)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range a.Sessions {
		for _, p := range s.Parts {
			if p.Kind == domain.PartBreakout {
				return p.ID
			}
		}
	}
	t.Fatal("no breakout part")
	return ""
}

// fillThemeEdits gives the dump tests a rename of a theme.
func fillThemeEdits(t testing.TB, db *store.DB, ctx context.Context, m *domain.Meeting) {
	t.Helper()
	part := breakoutPart(t, db, ctx, m.ID)
	res := &themes.Result{Method: "lexical", Groups: 1, Themes: []themes.Theme{{ID: "t00000001", Label: "Voies « régulières » — 数据"}}}
	if _, err := db.AddThemeEdit(ctx, m.ID, part, 0, themes.Edit{Op: themes.EditRename, Themes: []string{"t00000001"}, Label: "Voies régulières"}, res); err != nil {
		t.Fatal(err)
	}
}

// TestThemeEditsSurviveRecomputation: edits stored for a part are read
// back in order and, re-applied to themes recomputed after new statements,
// still hold; a stale version is a conflict; a part of another meeting is
// not found.
func TestThemeEditsSurviveRecomputation(t *testing.T) {
	t.Parallel()
	w := newRankWorld(t)
	db, ctx, part := w.db, w.ctx, w.part
	m := &domain.Meeting{ID: w.meeting}
	te, err := db.ThemeEdits(ctx, m.ID, part)
	if err != nil || te.Version != 0 || len(te.Edits) != 0 {
		t.Fatalf("no edits yet: %+v, %v", te, err)
	}
	stmts := []themes.Statement{
		{ID: "a1", Text: "Open more regular pathways for labour migration.", Group: "Africa"},
		{ID: "b1", Text: "Expand regular pathways for labour migration.", Group: "Asia"},
		{ID: "a2", Text: "Fund the reintegration of returning migrants.", Group: "Africa"},
		{ID: "b2", Text: "Share migration data between states every year.", Group: "Asia"},
	}
	res, err := themes.Compute(ctx, stmts, themes.Options{})
	if err != nil {
		t.Fatal(err)
	}
	themeOf := func(r *themes.Result, id string) string {
		for _, a := range r.Statements {
			if a.ID == id {
				return a.Theme
			}
		}
		return ""
	}
	pathways := themeOf(res, "a1")
	if pathways == "" || themeOf(res, "b1") != pathways {
		t.Fatalf("the two pathway statements are not one theme: %+v", res.Statements)
	}
	// Move the data statement into the pathways theme, then rename it.
	edits := []themes.Edit{
		{Op: themes.EditMove, Statements: []string{"b2"}, To: pathways},
		{Op: themes.EditRename, Themes: []string{pathways}, Label: "Regular pathways and data"},
	}
	version := 0
	for i, e := range edits {
		res, err = themes.Compute(ctx, stmts, themes.Options{Previous: te.Previous, Edits: edits[:i+1]})
		if err != nil {
			t.Fatal(err)
		}
		if te, err = db.AddThemeEdit(ctx, m.ID, part, version, e, res); err != nil {
			t.Fatal(err)
		}
		version = te.Version
	}
	if _, err := db.AddThemeEdit(ctx, m.ID, part, 1, edits[0], res); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Fatalf("stale version: %v, want a conflict", err)
	}
	// Read back and recompute with new statements.
	te, err = db.ThemeEdits(ctx, m.ID, part)
	if err != nil || te.Version != 2 || len(te.Edits) != 2 || te.Edits[1].Label != "Regular pathways and data" || te.Previous == nil {
		t.Fatalf("read back: %+v, %v", te, err)
	}
	more := append(stmts,
		themes.Statement{ID: "c1", Text: "Create regular pathways for labour migration now.", Group: "Americas"},
		themes.Statement{ID: "c2", Text: "Protect the wages of migrant domestic workers.", Group: "Americas"})
	res2, err := themes.Compute(ctx, more, themes.Options{Previous: te.Previous, Edits: te.Edits})
	if err != nil {
		t.Fatal(err)
	}
	th := themeOf(res2, "a1")
	if themeOf(res2, "b2") != th || themeOf(res2, "c1") != th {
		t.Fatalf("after recomputation the moved statement or the new one left the theme: %+v", res2.Statements)
	}
	for _, x := range res2.Themes {
		if x.ID == th && (x.Label != "Regular pathways and data" || len(x.Groups) != 3) {
			t.Fatalf("theme after recomputation: %+v", x)
		}
	}
	for _, o := range res2.Edits {
		if !o.Applied {
			t.Fatalf("edit not re-applied: %+v", o)
		}
	}
	if _, err := db.ThemeEdits(ctx, "no-such-meeting", part); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("part of another meeting: %v", err)
	}
}
