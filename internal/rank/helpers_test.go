package rank

import (
	"reflect"
	"strings"
	"testing"
)

// ballots parses fixture text or fails the test.
func ballots(t testing.TB, text string) []Ballot {
	t.Helper()
	bs, err := ParseBallots(text)
	if err != nil {
		t.Fatalf("ParseBallots: %v", err)
	}
	return bs
}

// count tallies fixture text or fails the test.
func count(t testing.TB, m Method, candidates string, text string, opt Options) *Result {
	t.Helper()
	res, err := Tally(m, strings.Fields(candidates), ballots(t, text), opt)
	if err != nil {
		t.Fatalf("Tally(%s): %v", m, err)
	}
	return res
}

// ranking writes a result's order as "E > A > C = B > D".
func ranking(r *Result) string {
	var groups []string
	for _, g := range r.Ranking() {
		groups = append(groups, strings.Join(g, " = "))
	}
	return strings.Join(groups, " > ")
}

// values maps each candidate to its exact value.
func values(r *Result) map[string]string {
	out := map[string]string{}
	for _, c := range r.Candidates {
		out[c.ID] = c.Exact
	}
	return out
}

func checkRanking(t *testing.T, r *Result, want string) {
	t.Helper()
	if got := ranking(r); got != want {
		t.Errorf("ranking = %s, want %s", got, want)
	}
}

func checkValues(t *testing.T, r *Result, want map[string]string) {
	t.Helper()
	if got := values(r); !reflect.DeepEqual(got, want) {
		t.Errorf("values = %v, want %v", got, want)
	}
}

func checkMatrix(t *testing.T, name string, got [][]float64, want [][]float64) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s =\n%v\nwant\n%v", name, got, want)
	}
}

// sameOutcome compares what two counts decided and tallied, leaving out the
// number of ballots (which differs between a weighted ballot and its copies).
func sameOutcome(a, b *Result) bool {
	return reflect.DeepEqual(a.Candidates, b.Candidates) &&
		reflect.DeepEqual(a.Pairwise, b.Pairwise) &&
		a.TotalWeight == b.TotalWeight
}
