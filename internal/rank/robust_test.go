package rank

import (
	"reflect"
	"strings"
	"testing"
)

func TestLeaveOneOut(t *testing.T) {
	// With everyone: A 2, B 2, C 3, D 1, so C is in and A, B tie for the
	// second place.
	text := `
@x {A, B}
@x {A, C}
@y {B}
@z {C}
@z {C, D}
`
	rob, err := LeaveOneOut(Approval, strings.Fields("A B C D"), ballots(t, text), 2, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := rob.Full; !reflect.DeepEqual(got.Selected, []string{"C"}) || !reflect.DeepEqual(got.Tied, []string{"A", "B"}) {
		t.Errorf("full top 2 = %+v, want C in, A B tied", got)
	}
	want := []GroupEffect{
		{
			// A 0, B 1, C 2, D 1.
			Group: "x", Ballots: 2, Changed: true,
			Changes: []Change{{"A", StatusTied, StatusOut}, {"D", StatusOut, StatusTied}},
		},
		{
			// A 2, B 1, C 3, D 1.
			Group: "y", Ballots: 1, Changed: true,
			Changes: []Change{{"A", StatusTied, StatusIn}, {"B", StatusTied, StatusOut}},
		},
		{
			// A 2, B 2, C 1, D 0.
			Group: "z", Ballots: 2, Changed: true,
			Changes: []Change{{"A", StatusTied, StatusIn}, {"B", StatusTied, StatusIn}, {"C", StatusIn, StatusOut}},
		},
	}
	if len(rob.Groups) != len(want) {
		t.Fatalf("%d groups, want %d", len(rob.Groups), len(want))
	}
	for i, w := range want {
		g := rob.Groups[i]
		if g.Group != w.Group || g.Ballots != w.Ballots || g.Changed != w.Changed || !reflect.DeepEqual(g.Changes, w.Changes) {
			t.Errorf("group %s: %+v, want %+v", w.Group, g, w)
		}
	}
	if rob.Stable {
		t.Error("Stable = true, want false")
	}
	if got := strings.Join(rob.Groups[0].Top.Tied, " "); got != "B D" {
		t.Errorf("without x, tied = %s, want B D", got)
	}
}

func TestLeaveOneOutStable(t *testing.T) {
	text := `
@x A > B > C
@y B > A > C
@z A > B > C
@z C > A > B
`
	rob, err := LeaveOneOut(Schulze, strings.Fields("A B C"), ballots(t, text), 2, Options{EqualSay: true})
	if err != nil {
		t.Fatal(err)
	}
	if !rob.Stable {
		t.Errorf("Stable = false: %+v", rob.Groups)
	}
	for _, g := range rob.Groups {
		if got := strings.Join(g.Top.Chosen, " "); g.Changed || (got != "A B" && got != "B A") {
			t.Errorf("without %s: %+v", g.Group, g)
		}
	}
}

func TestLeaveOneOutNeedsGroups(t *testing.T) {
	bs := []Ballot{{Group: "x", Ranks: [][]string{{"A"}}}, {Ranks: [][]string{{"Z"}}}}
	_, err := LeaveOneOut(Borda, []string{"A"}, bs, -1, Options{})
	errs, ok := err.(ValidationErrors)
	if !ok {
		t.Fatalf("error %v is not ValidationErrors", err)
	}
	var got []string
	for _, e := range errs {
		got = append(got, e.Error())
	}
	want := []string{`ballot 1: Ranks "Z": unknown candidate`, "n: negative number of places", "ballot 1: Group: group missing"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("errors = %q, want %q", got, want)
	}
}
