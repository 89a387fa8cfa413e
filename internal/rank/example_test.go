package rank_test

import (
	"fmt"

	"github.com/plenary-org/plenary/internal/rank"
)

// A plenary of two breakout groups of unequal size ranks three
// recommendations with Borda. Counted ballot by ballot, the group of three
// decides; with equal say each group weighs 1, a ballot of the larger group
// weighs 1/3, and the order turns around.
func ExampleTally() {
	ballots, _ := rank.ParseBallots(`
@americas R1 > R2 > R3
@americas R1 > R3 > R2
@americas R2 > R1 > R3
@europe   R3 > R2 > R1
`)
	candidates := []string{"R1", "R2", "R3"}
	for _, opt := range []rank.Options{{}, {EqualSay: true}} {
		res, err := rank.Tally(rank.Borda, candidates, ballots, opt)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println("equal say:", opt.EqualSay)
		for _, c := range res.Candidates {
			fmt.Printf("  %d. %s %s points\n", c.Position, c.ID, c.Exact)
		}
		top := res.TopN(2)
		fmt.Println("  top 2:", top.Chosen, "decided:", top.Decided())
	}
	// Output:
	// equal say: false
	//   1. R1 5 points
	//   2. R2 4 points
	//   3. R3 3 points
	//   top 2: [R1 R2] decided: true
	// equal say: true
	//   1. R3 7/3 points
	//   2. R2 2 points
	//   3. R1 5/3 points
	//   top 2: [R3 R2] decided: true
}
