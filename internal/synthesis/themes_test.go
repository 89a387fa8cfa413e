package synthesis_test

import (
	"testing"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/synthesis"
	"github.com/plenary-org/plenary/internal/themes"
)

// themeOf returns the theme of a statement in res, "" when none.
func themeOf(res *themes.Result, id string) string {
	for _, a := range res.Statements {
		if a.ID == id {
			return a.Theme
		}
	}
	return ""
}

// TestThemeEditsSurviveRecomputation: the chair moves a statement into
// the pathways theme and renames it; both edits hold when new statements
// make the themes recompute; a stale version is a conflict; only the chair
// and the secretariat edit.
func TestThemeEditsSurviveRecomputation(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := w.ctx
	statement := func(group, text string) *domain.Statement {
		st := &domain.Statement{MeetingID: w.meeting, GroupID: group, PartID: w.part, Kind: domain.KindRecommendation, Lang: "en", Text: text}
		if err := w.db.CreateStatement(ctx, st); err != nil {
			t.Fatal(err)
		}
		return st
	}
	e1 := statement(w.otherGroup, "Expand regular pathways for labour migration.")
	statement(w.otherGroup, "Share migration data between states every year.")
	pt, err := w.svc.PartThemes(ctx, w.admin, w.meeting, w.part)
	if err != nil {
		t.Fatal(err)
	}
	pathways := themeOf(pt.Result, w.a.ID)
	if pathways == "" || themeOf(pt.Result, e1.ID) != pathways || themeOf(pt.Result, w.c.ID) == pathways {
		t.Fatalf("the two pathway statements are not one theme, or reintegration is in it: %+v", pt.Result.Statements)
	}
	member := &domain.Actor{User: w.users[0], Memberships: []domain.Membership{{ProcessID: w.process, MeetingID: w.meeting, Role: domain.RoleDelegate, GroupID: w.group}}}
	edit := synthesis.ThemeEditInput{MeetingID: w.meeting, PartID: w.part, Op: themes.EditMove, Statement: w.c.ID, To: pathways}
	if _, err := w.svc.EditThemes(ctx, member, edit); domain.ErrorCode(err) != domain.EFORBIDDEN {
		t.Fatalf("a delegate edits the themes: %v", err)
	}
	if _, err := w.svc.EditThemes(ctx, w.admin, edit); err != nil {
		t.Fatal(err)
	}
	rename := synthesis.ThemeEditInput{MeetingID: w.meeting, PartID: w.part, Op: themes.EditRename, Theme: pathways, Label: "Regular pathways and reintegration"}
	if _, err := w.svc.EditThemes(ctx, w.admin, rename); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Fatalf("an edit at version 0 after one edit: %v, want a conflict", err)
	}
	rename.Version = 1
	after, err := w.svc.EditThemes(ctx, w.admin, rename)
	if err != nil {
		t.Fatal(err)
	}
	if after.Edits.Version != 2 || len(after.Edits.Edits) != 2 || after.Edits.Edits[1].By != w.admin.User.ID {
		t.Fatalf("edits stored: %+v", after.Edits)
	}
	// New statements: the themes are recomputed with them and the edits.
	c1 := statement(w.otherGroup, "Create regular pathways for labour migration now.")
	statement(w.otherGroup, "Protect the wages of migrant domestic workers.")
	pt, err = w.svc.PartThemes(ctx, w.admin, w.meeting, w.part)
	if err != nil {
		t.Fatal(err)
	}
	th := themeOf(pt.Result, w.a.ID)
	if themeOf(pt.Result, w.c.ID) != th || themeOf(pt.Result, c1.ID) != th {
		t.Fatalf("after recomputation the moved statement or the new one left the theme: %+v", pt.Result.Statements)
	}
	for _, x := range pt.Result.Themes {
		if x.ID == th && (x.Label != "Regular pathways and reintegration" || !x.LabelEdited || len(x.Groups) != 2) {
			t.Fatalf("theme after recomputation: %+v", x)
		}
	}
	for _, o := range pt.Result.Edits {
		if !o.Applied {
			t.Fatalf("edit not re-applied: %+v", o)
		}
	}
}
