package rank

import (
	"testing"
)

// schulzeExample1 is example 1 of Markus Schulze, "A new monotonic,
// clone-independent, reversal symmetric, and Condorcet-consistent
// single-winner election method", Social Choice and Welfare 36 (2011)
// 267-303, section 3.1, which the English Wikipedia article "Schulze method"
// (section "Example") uses too: 45 voters, 5 candidates.
const schulzeExample1 = `
5: A > C > B > E > D
5: A > D > E > C > B
8: B > E > D > A > C
3: C > A > B > E > D
7: C > A > E > B > D
2: C > B > A > D > E
7: D > C > E > B > A
8: E > B > A > D > C
`

func TestSchulzePaperExample1(t *testing.T) {
	res := count(t, Schulze, "A B C D E", schulzeExample1, Options{})

	// The matrix of pairwise preferences d[X,Y] as published.
	checkMatrix(t, "D", res.Pairwise.D, [][]float64{
		{0, 20, 26, 30, 22},
		{25, 0, 16, 33, 18},
		{19, 29, 0, 17, 24},
		{15, 12, 28, 0, 14},
		{23, 27, 21, 31, 0},
	})
	// The strengths of the strongest paths p[X,Y] as published.
	checkMatrix(t, "P", res.Pairwise.P, [][]float64{
		{0, 28, 28, 30, 24},
		{25, 0, 28, 33, 24},
		{25, 29, 0, 29, 24},
		{25, 28, 28, 0, 24},
		{25, 28, 28, 31, 0},
	})
	// "Therefore, the Schulze ranking is E > A > C > B > D."
	checkRanking(t, res, "E > A > C > B > D")
	checkValues(t, res, map[string]string{"E": "4", "A": "3", "C": "2", "B": "1", "D": "0"})
	if res.Ballots != 8 || res.TotalWeight != 45 {
		t.Errorf("ballots, weight = %d, %v, want 8, 45", res.Ballots, res.TotalWeight)
	}

	// The same 45 voters one ballot each give the same tally.
	var spelled string
	for _, b := range ballots(t, schulzeExample1) {
		line, _ := FormatBallot(Ballot{Ranks: b.Ranks})
		for range int(b.Weight) {
			spelled += line + "\n"
		}
	}
	one := count(t, Schulze, "A B C D E", spelled, Options{})
	if !sameOutcome(res, one) || one.Ballots != 45 {
		t.Errorf("45 single ballots differ from 8 weighted ones")
	}
}

// tennessee is the "Tennessee capital" example of the English Wikipedia
// articles "Borda count" and "Condorcet method" (and electowiki's "Effects of
// different voting systems under similar circumstances"): the share of the
// voters, in percent, living near each city, each ranking by distance.
const tennessee = `
42: Memphis > Nashville > Chattanooga > Knoxville
26: Nashville > Chattanooga > Knoxville > Memphis
15: Chattanooga > Knoxville > Nashville > Memphis
17: Knoxville > Chattanooga > Nashville > Memphis
`

const tennesseeCities = "Memphis Nashville Chattanooga Knoxville"

func TestBordaTennessee(t *testing.T) {
	// Wikipedia, "Borda count": with 3, 2, 1 and 0 points per 100 voters,
	// Nashville 194, Chattanooga 173, Memphis 126, Knoxville 107.
	res := count(t, Borda, tennesseeCities, tennessee, Options{})
	checkRanking(t, res, "Nashville > Chattanooga > Memphis > Knoxville")
	checkValues(t, res, map[string]string{
		"Nashville": "194", "Chattanooga": "173", "Memphis": "126", "Knoxville": "107",
	})
	if top := res.TopN(1); !top.Decided() || top.Chosen[0] != "Nashville" {
		t.Errorf("TopN(1) = %+v, want Nashville", top)
	}
}

func TestBordaTennesseeAsFractions(t *testing.T) {
	// The same shares written as fractions of 1: the points are those of
	// the published example divided by 100, exactly.
	text := `
0.42: Memphis > Nashville > Chattanooga > Knoxville
0.26: Nashville > Chattanooga > Knoxville > Memphis
0.15: Chattanooga > Knoxville > Nashville > Memphis
0.17: Knoxville > Chattanooga > Nashville > Memphis
`
	res := count(t, Borda, tennesseeCities, text, Options{})
	checkValues(t, res, map[string]string{
		"Nashville": "97/50", "Chattanooga": "173/100", "Memphis": "63/50", "Knoxville": "107/100",
	})
	if c, _ := res.Candidate("Nashville"); c.Value != 1.94 {
		t.Errorf("Nashville value = %v, want 1.94", c.Value)
	}
	if res.TotalWeight != 1 {
		t.Errorf("total weight = %v, want 1", res.TotalWeight)
	}
}

func TestSchulzeTennessee(t *testing.T) {
	// Wikipedia, "Condorcet method" and "Schulze method": Nashville is the
	// Condorcet winner and the order is Nashville > Chattanooga >
	// Knoxville > Memphis; every candidate beats Memphis 58 to 42.
	res := count(t, Schulze, tennesseeCities, tennessee, Options{})
	checkRanking(t, res, "Nashville > Chattanooga > Knoxville > Memphis")
	checkMatrix(t, "D", res.Pairwise.D, [][]float64{
		{0, 42, 42, 42},
		{58, 0, 68, 68},
		{58, 32, 0, 83},
		{58, 32, 17, 0},
	})
}
