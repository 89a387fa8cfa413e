package rank

import (
	"fmt"
	"strings"
	"testing"
)

func TestHandChecked(t *testing.T) {
	tests := []struct {
		name       string
		method     Method
		candidates string
		ballots    string
		opt        Options
		ranking    string
		values     map[string]string
	}{
		{
			name:   "schulze cycle ties everyone",
			method: Schulze, candidates: "A B C",
			ballots: "A > B > C\nB > C > A\nC > A > B",
			ranking: "A = B = C",
			values:  map[string]string{"A": "0", "B": "0", "C": "0"},
		},
		{
			name:   "schulze truncated ballot ranks the named above the rest",
			method: Schulze, candidates: "A B C",
			ballots: "A",
			ranking: "A > B = C",
			values:  map[string]string{"A": "2", "B": "0", "C": "0"},
		},
		{
			name:   "schulze equal ranks count for neither",
			method: Schulze, candidates: "A B C",
			ballots: "A = B > C\nB > A",
			ranking: "B > A > C",
			values:  map[string]string{"B": "2", "A": "1", "C": "0"},
		},
		{
			name:   "schulze no ballots",
			method: Schulze, candidates: "A B C",
			ranking: "A = B = C",
			values:  map[string]string{"A": "0", "B": "0", "C": "0"},
		},
		{
			name:   "schulze empty ballots",
			method: Schulze, candidates: "A B",
			ballots: "3:\n1:",
			ranking: "A = B",
			values:  map[string]string{"A": "0", "B": "0"},
		},
		{
			name:   "schulze single candidate",
			method: Schulze, candidates: "A",
			ballots: "A",
			ranking: "A",
			values:  map[string]string{"A": "0"},
		},
		{
			name:   "borda truncated: the unranked share the remaining points",
			method: Borda, candidates: "A B C D",
			ballots: "A > B",
			ranking: "A > B > C = D",
			values:  map[string]string{"A": "3", "B": "2", "C": "1/2", "D": "1/2"},
		},
		{
			name:   "borda one named, three share 0+1+2",
			method: Borda, candidates: "A B C D",
			ballots: "A",
			ranking: "A > B = C = D",
			values:  map[string]string{"A": "3", "B": "1", "C": "1", "D": "1"},
		},
		{
			name:   "borda tied places share their points",
			method: Borda, candidates: "A B C D",
			ballots: "A = B > C > D",
			ranking: "A = B > C > D",
			values:  map[string]string{"A": "5/2", "B": "5/2", "C": "1", "D": "0"},
		},
		{
			name:   "borda empty ballot gives everyone the average",
			method: Borda, candidates: "A B C D",
			ballots: "2:",
			ranking: "A = B = C = D",
			values:  map[string]string{"A": "3", "B": "3", "C": "3", "D": "3"},
		},
		{
			name:   "borda all tied by symmetry",
			method: Borda, candidates: "A B C",
			ballots: "A > B > C\nB > C > A\nC > A > B",
			ranking: "A = B = C",
			values:  map[string]string{"A": "3", "B": "3", "C": "3"},
		},
		{
			name:   "borda single candidate",
			method: Borda, candidates: "A",
			ballots: "A\n",
			ranking: "A",
			values:  map[string]string{"A": "0"},
		},
		{
			name:   "approval",
			method: Approval, candidates: "A B C D",
			ballots: "{A, B}\n{A}\n{B, C}\n{}",
			ranking: "A = B > C > D",
			values:  map[string]string{"A": "2", "B": "2", "C": "1", "D": "0"},
		},
		{
			name:   "approval weighted",
			method: Approval, candidates: "A B",
			ballots: "2.5: {A}\n{B}\n0.5: {A, B}",
			ranking: "A > B",
			values:  map[string]string{"A": "3", "B": "3/2"},
		},
		{
			name:   "score sum: unscored adds nothing",
			method: Score, candidates: "A B C D",
			ballots: "[A:5, B:3]\n[A:1, B:3, C:5]\n[C:4]",
			ranking: "C > A = B > D",
			values:  map[string]string{"A": "6", "B": "6", "C": "9", "D": "0"},
		},
		{
			name:   "score average over those who scored; nobody scored D",
			method: Score, candidates: "A B C D",
			ballots: "[A:5, B:3]\n[A:1, B:3, C:5]\n[C:4]",
			opt:     Options{ScoreBy: ScoreAverage},
			ranking: "C > A = B > D",
			values:  map[string]string{"A": "3", "B": "3", "C": "9/2", "D": "0"},
		},
		{
			name:   "score fractions add exactly: 0.1 + 0.2 ties 0.3",
			method: Score, candidates: "A B",
			ballots: "[A:0.1]\n[A:0.2]\n[B:0.3]",
			opt:     Options{ScoreMax: 1},
			ranking: "A = B",
			values:  map[string]string{"A": "3/10", "B": "3/10"},
		},
		{
			name:   "score custom negative range",
			method: Score, candidates: "A B",
			ballots: "[A:-2, B:2]\n[A:-1]",
			opt:     Options{ScoreMin: -2, ScoreMax: 2},
			ranking: "B > A",
			values:  map[string]string{"A": "-3", "B": "2"},
		},
		{
			name:   "no candidates",
			method: Borda, candidates: "",
			ranking: "",
			values:  map[string]string{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := count(t, tt.method, tt.candidates, tt.ballots, tt.opt)
			checkRanking(t, res, tt.ranking)
			checkValues(t, res, tt.values)
		})
	}
}

func TestSchulzeTruncatedMatrix(t *testing.T) {
	res := count(t, Schulze, "A B C", "A\n2: B = C > A", Options{})
	checkMatrix(t, "D", res.Pairwise.D, [][]float64{
		{0, 1, 1},
		{2, 0, 0},
		{2, 0, 0},
	})
	checkMatrix(t, "P", res.Pairwise.P, [][]float64{
		{0, 0, 0},
		{2, 0, 0},
		{2, 0, 0},
	})
	checkRanking(t, res, "B = C > A")
}

func TestScoreTally(t *testing.T) {
	res := count(t, Score, "A B C D", "2: [A:5, B:3]\n[A:1, B:3.5, C:5]\n[C:4]", Options{ScoreBy: ScoreAverage})
	want := map[string][3]float64{ // sum, scored, average
		"A": {11, 3, 11.0 / 3},
		"B": {9.5, 3, 9.5 / 3},
		"C": {9, 2, 4.5},
		"D": {0, 0, 0},
	}
	for id, w := range want {
		c, _ := res.Candidate(id)
		if got := [3]float64{c.Sum, c.Scored, c.Average}; got != w {
			t.Errorf("%s: sum, scored, average = %v, want %v", id, got, w)
		}
	}
	checkRanking(t, res, "C > A > B > D")
	if c, _ := res.Candidate("A"); c.Exact != "11/3" {
		t.Errorf("A exact = %s, want 11/3", c.Exact)
	}
}

func TestWeightTwoEqualsTwoCopies(t *testing.T) {
	fixtures := map[Method][2]string{
		Schulze:  {"2: A > B = C\nC > A\nB", "A > B = C\nA > B = C\nC > A\nB"},
		Borda:    {"2: A > B = C\nC > A\nB", "A > B = C\nA > B = C\nC > A\nB"},
		Approval: {"2: {A, B}\n{C}", "{A, B}\n{A, B}\n{C}"},
		Score:    {"2: [A:4, B:1]\n[C:5]", "[A:4, B:1]\n[A:4, B:1]\n[C:5]"},
	}
	for _, m := range Methods() {
		t.Run(string(m), func(t *testing.T) {
			weighted := count(t, m, "A B C", fixtures[m][0], Options{})
			copies := count(t, m, "A B C", fixtures[m][1], Options{})
			if !sameOutcome(weighted, copies) {
				t.Errorf("weight 2:\n%+v\ntwo copies:\n%+v", weighted, copies)
			}
		})
	}
}

// TestEqualSayIsExact checks the case floats get wrong: a group of three
// weighs 1/3 a ballot, and three times 1/3 must tie a group of one exactly.
func TestEqualSayIsExact(t *testing.T) {
	text := `
@big A > B
@big A > B
@big A > B
@small B > A
`
	for _, m := range []Method{Schulze, Borda} {
		t.Run(string(m), func(t *testing.T) {
			plain := count(t, m, "A B", text, Options{})
			checkRanking(t, plain, "A > B")
			equal := count(t, m, "A B", text, Options{EqualSay: true})
			checkRanking(t, equal, "A = B")
			if equal.TotalWeight != 2 {
				t.Errorf("total weight = %v, want 2 (two groups)", equal.TotalWeight)
			}
		})
	}
	// The caller may also compute the weights; 1.0/3 is read as one third.
	bs := []Ballot{
		{Ranks: [][]string{{"A"}, {"B"}}, Weight: 1.0 / 3},
		{Ranks: [][]string{{"A"}, {"B"}}, Weight: 1.0 / 3},
		{Ranks: [][]string{{"A"}, {"B"}}, Weight: 1.0 / 3},
		{Ranks: [][]string{{"B"}, {"A"}}, Weight: 1},
	}
	res, err := Tally(Schulze, []string{"A", "B"}, bs, Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkRanking(t, res, "A = B")
	checkMatrix(t, "D", res.Pairwise.D, [][]float64{{0, 1}, {1, 0}})
}

func TestEqualSayApproval(t *testing.T) {
	text := `
@g1 {A}
@g1 {A}
@g1 {B}
@g2 2: {B}
@g3 {C}
@g3 3: {A, C}
`
	res := count(t, Approval, "A B C", text, Options{EqualSay: true})
	// g1: A 2/3, B 1/3; g2: B 1; g3 weights 1/4 and 3/4: C 1, A 3/4.
	checkValues(t, res, map[string]string{"A": "17/12", "B": "4/3", "C": "1"})
	checkRanking(t, res, "A > B > C")
}

func TestExactReading(t *testing.T) {
	tests := []struct {
		in   float64
		want string
	}{
		{1, "1"},
		{1.0 / 3, "1/3"},
		{2.0 / 7, "2/7"},
		{1.0 / 999_983, "1/999983"},
		{0.1, "1/10"},
		{0.42, "21/50"},
		{-2.5, "-5/2"},
		{1e-9, "1/1000000000"},
		{1234567.125, "9876537/8"},
		{0.1234567, "1234567/10000000"},
	}
	for _, tt := range tests {
		got := exact(tt.in)
		if got.RatString() != tt.want {
			t.Errorf("exact(%v) = %s, want %s", tt.in, got.RatString(), tt.want)
		}
		if f, _ := got.Float64(); f != tt.in {
			t.Errorf("exact(%v) reads back as %v", tt.in, f)
		}
	}
}

func TestTopN(t *testing.T) {
	// Positions 1, 2, 2, 2, 5.
	res := count(t, Approval, "A B C D E", "3: {A}\n2: {B, C, D}\n{E}", Options{})
	tests := []struct {
		n                      int
		selected, tied, chosen string
		seats                  int
	}{
		{n: 0},
		{n: 1, selected: "A", chosen: "A"},
		{n: 2, selected: "A", tied: "B C D", seats: 1, chosen: "A B"},
		{n: 3, selected: "A", tied: "B C D", seats: 2, chosen: "A B C"},
		{n: 4, selected: "A B C D", chosen: "A B C D"},
		{n: 5, selected: "A B C D E", chosen: "A B C D E"},
		{n: 9, selected: "A B C D E", chosen: "A B C D E"},
		{n: -1},
	}
	for _, tt := range tests {
		top := res.TopN(tt.n)
		got := [3]string{strings.Join(top.Selected, " "), strings.Join(top.Tied, " "), strings.Join(top.Chosen, " ")}
		want := [3]string{tt.selected, tt.tied, tt.chosen}
		if got != want || top.Seats != tt.seats {
			t.Errorf("TopN(%d) = selected %q tied %q chosen %q seats %d, want %q %q %q %d",
				tt.n, got[0], got[1], got[2], top.Seats, want[0], want[1], want[2], tt.seats)
		}
		if top.Decided() != (tt.tied == "") {
			t.Errorf("TopN(%d).Decided() = %v", tt.n, top.Decided())
		}
	}
	top := res.TopN(2)
	for id, want := range map[string]Status{"A": StatusIn, "B": StatusTied, "D": StatusTied, "E": StatusOut} {
		if got := top.Status(id); got != want {
			t.Errorf("Status(%s) = %s, want %s", id, got, want)
		}
	}
}

func TestTieBreakOrder(t *testing.T) {
	res := count(t, Approval, "A B C D E", "3: {A}\n2: {B, C, D}\n{E}", Options{TieBreak: []string{"D", "E", "B"}})
	checkRanking(t, res, "A > D = B = C > E")
	top := res.TopN(2)
	if strings.Join(top.Chosen, " ") != "A D" || strings.Join(top.Tied, " ") != "D B C" {
		t.Errorf("TopN(2) = %+v, want chosen A D, tied D B C", top)
	}
	var pos []int
	for _, c := range res.Candidates {
		pos = append(pos, c.Position)
	}
	if got := fmt.Sprint(pos); got != "[1 2 2 2 5]" {
		t.Errorf("positions = %s, want [1 2 2 2 5]", got)
	}
}
