package themes

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
)

// plenaryStatements are recommendations from four breakout groups: three
// say the same thing about data, two about skills recognition (one in
// French), one is a near-duplicate pasted by two bodies, one stands alone.
var plenaryStatements = []Statement{
	{ID: "a1", Group: "Africa", Region: "AF", Text: "Improve the collection and sharing of migration data between states."},
	{ID: "a2", Group: "Africa", Region: "AF", Text: "Recognise the skills and qualifications of migrant workers across borders."},
	{ID: "b1", Group: "Asia", Region: "AS", Text: "States should improve migration data collection and share the data regionally."},
	{ID: "b2", Group: "Asia", Region: "AS", Text: "Protect migrant workers from abusive recruitment fees charged by agencies."},
	{ID: "c1", Group: "Americas", Region: "AM", Text: "Better migration data: collection, sharing and comparability between states."},
	{ID: "c2", Group: "Americas", Region: "AM", Text: "Protect migrant workers from abusive recruitment fees charged by agencies!"},
	{ID: "d1", Group: "Europe", Region: "EU", Text: "Reconnaître les compétences et les qualifications des travailleurs migrants."},
	{ID: "d2", Group: "Europe", Region: "EU", Text: "Climate change and disaster displacement need regional early warning."},
}

func themeOf(t *testing.T, r *Result, id string) string {
	t.Helper()
	for _, a := range r.Statements {
		if a.ID == id {
			return a.Theme
		}
	}
	t.Fatalf("statement %s not in result", id)
	return ""
}

func findTheme(r *Result, id string) *Theme {
	for i := range r.Themes {
		if r.Themes[i].ID == id {
			return &r.Themes[i]
		}
	}
	return nil
}

func TestComputeGroupsRepeatedConclusions(t *testing.T) {
	r, err := Compute(context.Background(), plenaryStatements, Options{})
	if err != nil {
		t.Fatal(err)
	}
	data := themeOf(t, r, "a1")
	if themeOf(t, r, "b1") != data || themeOf(t, r, "c1") != data {
		t.Errorf("data statements split: a1=%s b1=%s c1=%s", data, themeOf(t, r, "b1"), themeOf(t, r, "c1"))
	}
	th := findTheme(r, data)
	if got := th.Groups; !slices.Equal(got, []string{"Africa", "Americas", "Asia"}) {
		t.Errorf("data theme groups = %v", got)
	}
	if r.Groups != 4 || r.Regions != 4 {
		t.Errorf("groups, regions = %d, %d; want 4, 4", r.Groups, r.Regions)
	}
	if r.Themes[0].ID != data {
		t.Errorf("first theme = %s (%s); want the one spanning most groups", r.Themes[0].ID, r.Themes[0].Label)
	}
	if themeOf(t, r, "b2") != themeOf(t, r, "c2") {
		t.Errorf("near-duplicates b2, c2 in different themes")
	}
	var dup *Link
	for i, l := range r.Links {
		if l.A == "b2" && l.B == "c2" {
			dup = &r.Links[i]
		}
	}
	if dup == nil || dup.Kind != LinkNearDuplicate || dup.Confidence < 0.95 {
		t.Errorf("b2-c2 link = %+v; want a near-duplicate with confidence >= 0.95", dup)
	}
	if a := r.Statements[5]; a.DuplicateOf != "b2" {
		t.Errorf("c2 duplicate_of = %q, want b2", a.DuplicateOf)
	}
	if themeOf(t, r, "d2") == data {
		t.Errorf("unrelated statement d2 joined the data theme")
	}
	for _, m := range th.Members {
		if m.Similarity <= 0 || m.Confidence <= 0 || m.Confidence > 1 {
			t.Errorf("member %+v: similarity and confidence must be in (0, 1]", m)
		}
	}
	if th.Label == "" || !slices.Contains(th.Terms, "data") {
		t.Errorf("label %q, terms %v; want a label and 'data' among the terms", th.Label, th.Terms)
	}
}

func TestComputeStableIDsWhenAStatementArrives(t *testing.T) {
	ctx := context.Background()
	first, err := Compute(ctx, plenaryStatements, Options{})
	if err != nil {
		t.Fatal(err)
	}
	more := append(slices.Clone(plenaryStatements),
		Statement{ID: "e1", Group: "Oceania", Text: "Share migration data between states and improve its collection."})
	second, err := Compute(ctx, more, Options{Previous: first})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range first.Statements {
		if got := themeOf(t, second, a.ID); got != a.Theme {
			t.Errorf("statement %s moved from theme %s to %s when e1 arrived", a.ID, a.Theme, got)
		}
	}
	if themeOf(t, second, "e1") != themeOf(t, second, "a1") {
		t.Errorf("e1 not in the data theme")
	}
	data := findTheme(second, themeOf(t, second, "a1"))
	if want := findTheme(first, themeOf(t, first, "a1")).Label; data.Label != want {
		t.Errorf("label changed from %q to %q", want, data.Label)
	}
	// Without the previous result, ids are still a function of the input.
	again, _ := Compute(ctx, plenaryStatements, Options{})
	for i := range first.Statements {
		if first.Statements[i] != again.Statements[i] {
			t.Errorf("run twice: %+v then %+v", first.Statements[i], again.Statements[i])
		}
	}
}

func TestComputeReappliesEdits(t *testing.T) {
	ctx := context.Background()
	first, err := Compute(ctx, plenaryStatements, Options{})
	if err != nil {
		t.Fatal(err)
	}
	data := themeOf(t, first, "a1")
	fees := themeOf(t, first, "b2")
	edits := []Edit{
		{Op: EditRename, Themes: []string{data}, Label: "Migration data", By: "secretariat"},
		{Op: EditMove, Statements: []string{"d2"}, To: fees},
		{Op: EditSplit, Statements: []string{"c1"}, To: "t-split"},
		{Op: EditMerge, Themes: []string{data, "t-gone"}},
		{Op: EditRename, Themes: []string{"t-gone"}, Label: "x"},
	}
	more := append(slices.Clone(plenaryStatements), Statement{ID: "e1", Text: "Share migration data between states."})
	r, err := Compute(ctx, more, Options{Previous: first, Edits: edits})
	if err != nil {
		t.Fatal(err)
	}
	if th := findTheme(r, data); th == nil || th.Label != "Migration data" || !th.LabelEdited {
		t.Errorf("renamed theme = %+v", th)
	}
	if got := themeOf(t, r, "d2"); got != fees {
		t.Errorf("moved d2 is in %s, want %s", got, fees)
	}
	if got := themeOf(t, r, "c1"); got != "t-split" {
		t.Errorf("split c1 is in %s, want t-split", got)
	}
	for _, m := range findTheme(r, fees).Members {
		if m.ID == "d2" && (!m.Pinned || m.Confidence != 1) {
			t.Errorf("moved member %+v: want pinned with confidence 1", m)
		}
	}
	want := []bool{true, true, true, true, false}
	for i, o := range r.Edits {
		if o.Applied != want[i] {
			t.Errorf("edit %d (%s) applied = %v, want %v (%s)", i, o.Edit.Op, o.Applied, want[i], o.Reason)
		}
	}
	if r.Edits[4].Reason == "" {
		t.Errorf("unapplied edit without a reason")
	}
}

func TestComputeTargetThemes(t *testing.T) {
	for _, target := range []int{2, 4, 8} {
		t.Run(fmt.Sprint(target), func(t *testing.T) {
			r, err := Compute(context.Background(), plenaryStatements, Options{TargetThemes: target})
			if err != nil {
				t.Fatal(err)
			}
			if len(r.Themes) != target {
				t.Errorf("%d themes, want %d", len(r.Themes), target)
			}
		})
	}
}

func TestComputeDuplicateID(t *testing.T) {
	_, err := Compute(context.Background(), []Statement{{ID: "x", Text: "a"}, {ID: "x", Text: "b"}}, Options{})
	if !errors.Is(err, ErrDuplicateID) {
		t.Errorf("err = %v, want ErrDuplicateID", err)
	}
}

func TestComputeEmptyAndBlank(t *testing.T) {
	r, err := Compute(context.Background(), nil, Options{})
	if err != nil || len(r.Themes) != 0 {
		t.Fatalf("empty input: %v, %+v", err, r)
	}
	r, err = Compute(context.Background(), []Statement{{Text: ""}, {Text: "   "}, {Text: "!!"}}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Statements) != 3 || r.Statements[0].ID != "1" || r.Statements[2].ID != "3" {
		t.Errorf("statements = %+v; want ids 1..3", r.Statements)
	}
}
