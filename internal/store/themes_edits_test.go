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

// TestThemeEditsStored: edits stored for a part are read back in order,
// with the last result they were applied to (without its links); a stale
// version is a conflict; a part of another meeting is not found. (Their
// re-application to recomputed themes is synthesis's
// TestThemeEditsSurviveRecomputation.)
func TestThemeEditsStored(t *testing.T) {
	t.Parallel()
	w := newRankWorld(t)
	db, ctx, part := w.db, w.ctx, w.part
	m := &domain.Meeting{ID: w.meeting}
	te, err := db.ThemeEdits(ctx, m.ID, part)
	if err != nil || te.Version != 0 || len(te.Edits) != 0 || te.Previous != nil {
		t.Fatalf("no edits yet: %+v, %v", te, err)
	}
	edits := []themes.Edit{
		{Op: themes.EditMove, Statements: []string{"b2"}, To: "t1"},
		{Op: themes.EditRename, Themes: []string{"t1"}, Label: "Regular pathways and data"},
	}
	res := &themes.Result{Method: "lexical", Groups: 2,
		Themes:     []themes.Theme{{ID: "t1", Label: "Regular pathways and data", LabelEdited: true, Members: []themes.Member{{ID: "a1"}, {ID: "b2"}}}},
		Statements: []themes.Assignment{{ID: "a1", Theme: "t1"}, {ID: "b2", Theme: "t1"}},
		Links:      []themes.Link{{A: "a1", B: "b2", Similarity: 0.5}}}
	version := 0
	for _, e := range edits {
		if te, err = db.AddThemeEdit(ctx, m.ID, part, version, e, res); err != nil {
			t.Fatal(err)
		}
		version = te.Version
	}
	if _, err := db.AddThemeEdit(ctx, m.ID, part, 1, edits[0], res); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Fatalf("stale version: %v, want a conflict", err)
	}
	te, err = db.ThemeEdits(ctx, m.ID, part)
	if err != nil || te.Version != 2 || len(te.Edits) != 2 || te.Edits[0].Op != themes.EditMove || te.Edits[1].Label != "Regular pathways and data" {
		t.Fatalf("read back: %+v, %v", te, err)
	}
	if te.Previous == nil || len(te.Previous.Themes) != 1 || te.Previous.Themes[0].Label != "Regular pathways and data" || len(te.Previous.Statements) != 2 ||
		te.Previous.Links != nil {
		t.Fatalf("previous result read back: %+v", te.Previous)
	}
	if _, err := db.ThemeEdits(ctx, "no-such-meeting", part); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("part of another meeting: %v", err)
	}
}
