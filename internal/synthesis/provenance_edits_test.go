package synthesis_test

import (
	"slices"
	"testing"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/synthesis"
	"github.com/plenary-org/plenary/internal/themes"
)

// TestProvenanceFollowsThemeEdits: every candidate's provenance agrees
// with its theme as the chair's edits left it: after a merge, a split and
// a move, the statements it lists are the theme's members now and "in N
// of M groups" counts their groups. It used to list the statements the
// theme held when the candidate was drawn beside the groups of the theme
// now ("in 2 of 6 groups" over one statement, seen on the demo after a
// merge), and a candidate whose theme was merged into another lost its
// theme. A theme emptied by a move is gone: the provenance says so and
// lists the statements it held.
func TestProvenanceFollowsThemeEdits(t *testing.T) {
	t.Parallel()
	w := newOverallWorld(t)
	ctx, sec := w.ctx, w.actors["secretariat"]
	mk := func(group, text string) *domain.Statement {
		st := &domain.Statement{MeetingID: w.meeting, GroupID: group, PartID: w.part, Kind: domain.KindRecommendation, Lang: "en", Text: text}
		if err := w.db.CreateStatement(ctx, st); err != nil {
			t.Fatal(err)
		}
		return st
	}
	pA := mk(w.africa, "Expand regular pathways for labour migration between regions.")
	pB := mk(w.asia, "Expand regular pathways for labour migration between regions.")
	qA := mk(w.africa, "Share migration data between regional consultative processes.")
	mk(w.asia, "Share migration data between regional consultative processes.")
	r := mk(w.africa, "Fund the reintegration of returning migrants in their communities.")
	s := mk(w.asia, "Protect migrant children from immigration detention at borders.")

	current := func() *synthesis.PartThemes {
		t.Helper()
		pt, err := w.svc.PartThemes(ctx, sec, w.meeting, w.part)
		if err != nil {
			t.Fatal(err)
		}
		return pt
	}
	themeOf := func(pt *synthesis.PartThemes, st string) themes.Theme {
		t.Helper()
		for _, th := range pt.Result.Themes {
			for _, m := range th.Members {
				if m.ID == st {
					return th
				}
			}
		}
		t.Fatalf("statement %s in no theme", st)
		return themes.Theme{}
	}
	// A candidate from every theme.
	pt := current()
	var cands []string
	for _, th := range pt.Result.Themes {
		c, err := w.svc.AddCandidate(ctx, sec, synthesis.CandidateInput{PartRef: w.ref(), ThemeID: th.ID, Text: "From " + th.Label})
		if err != nil {
			t.Fatal(err)
		}
		cands = append(cands, c.ID)
	}
	if len(cands) < 3 {
		t.Fatalf("%d themes: the statements should make at least three", len(cands))
	}
	edit := func(in synthesis.ThemeEditInput) {
		t.Helper()
		in.MeetingID, in.PartID, in.Version = w.meeting, w.part, current().Edits.Version
		if _, err := w.svc.EditThemes(ctx, sec, in); err != nil {
			t.Fatalf("%s: %v", in.Op, err)
		}
	}
	// merged holds the candidates whose theme was merged into another:
	// they follow it.
	merged := map[string]bool{}
	check := func(step string) {
		t.Helper()
		pt := current()
		for _, id := range cands {
			p, err := w.svc.Provenance(ctx, sec, w.meeting, id)
			if err != nil {
				t.Fatal(err)
			}
			var listed []string
			groups := map[string]bool{}
			for _, st := range p.Statements {
				listed = append(listed, st.ID)
				groups[st.GroupID] = true
			}
			slices.Sort(listed)
			if !p.Theme.Exists {
				if merged[id] {
					t.Errorf("%s: candidate %q lost the theme it was merged into", step, p.Candidate.Text)
				}
				if want := slices.Sorted(slices.Values(p.Candidate.Statements)); !slices.Equal(listed, want) {
					t.Errorf("%s: candidate %q of a theme gone lists %v, want the statements drawn %v", step, p.Candidate.Text, listed, want)
				}
				continue
			}
			var th *themes.Theme
			for i := range pt.Result.Themes {
				if pt.Result.Themes[i].ID == p.Theme.ID {
					th = &pt.Result.Themes[i]
				}
			}
			if th == nil {
				t.Errorf("%s: candidate %q names theme %s, which the themes do not hold", step, p.Candidate.Text, p.Theme.ID)
				continue
			}
			var members []string
			for _, m := range th.Members {
				members = append(members, m.ID)
			}
			slices.Sort(members)
			if !slices.Equal(listed, members) || p.Theme.SizeNow != len(listed) || p.Theme.GroupsNow != len(groups) || p.Theme.GroupsNow != len(th.Groups) {
				t.Errorf("%s: candidate %q: in %d groups, %d statements now, lists %d statements of %d groups %v; the theme holds %v",
					step, p.Candidate.Text, p.Theme.GroupsNow, p.Theme.SizeNow, len(listed), len(groups), listed, members)
			}
		}
	}
	check("drawn")

	// Merge: the theme of r into the theme of the pathways.
	pt = current()
	into, from := themeOf(pt, pA.ID), themeOf(pt, r.ID)
	if into.ID == from.ID {
		t.Fatalf("the engine put %q and %q in one theme", pA.Text, r.Text)
	}
	for i, th := range pt.Result.Themes {
		if th.ID == from.ID {
			merged[cands[i]] = true
		}
	}
	edit(synthesis.ThemeEditInput{Op: themes.EditMerge, Theme: from.ID, Into: into.ID})
	check("after a merge")

	// Split: one of the pathways out into a theme of its own.
	edit(synthesis.ThemeEditInput{Op: themes.EditSplit, Statement: pB.ID})
	check("after a split")

	// Move: s into the theme of the data (s's theme, alone, is emptied).
	edit(synthesis.ThemeEditInput{Op: themes.EditMove, Statement: s.ID, To: themeOf(current(), qA.ID).ID})
	check("after a move")
}
