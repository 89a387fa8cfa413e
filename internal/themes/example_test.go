package themes_test

import (
	"context"
	"fmt"

	"github.com/plenary-org/plenary/internal/themes"
)

// The chair's question: which conclusions are repeated across groups?
func ExampleCompute() {
	stmts := []themes.Statement{
		{ID: "a1", Group: "Africa", Text: "Improve the collection and sharing of migration data between states."},
		{ID: "b1", Group: "Asia", Text: "States should improve migration data collection and share the data regionally."},
		{ID: "c1", Group: "Americas", Text: "Protect migrant workers from abusive recruitment fees."},
		{ID: "d1", Group: "Europe", Text: "Protect migrant workers from abusive recruitment fees!"},
		{ID: "e1", Group: "Europe", Text: "Climate change and disaster displacement need early warning."},
	}
	res, err := themes.Compute(context.Background(), stmts, themes.Options{})
	if err != nil {
		panic(err)
	}
	for _, t := range res.Themes {
		fmt.Printf("in %d of %d groups: %s (%d statements)\n", len(t.Groups), res.Groups, t.Label, len(t.Members))
	}
	for _, l := range res.Links {
		fmt.Printf("%s ~ %s: %s\n", l.A, l.B, l.Kind)
	}
	// Output:
	// in 2 of 4 groups: Protect migrant workers from abusive recruitment fees. (2 statements)
	// in 2 of 4 groups: Improve the collection and sharing of migration data between states. (2 statements)
	// in 1 of 4 groups: Climate change and disaster displacement need early warning. (1 statements)
	// a1 ~ b1: lexical
	// c1 ~ d1: near-duplicate
}
