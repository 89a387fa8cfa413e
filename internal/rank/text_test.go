package rank

import (
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
)

func TestParseBallots(t *testing.T) {
	text := `
# comment

5: A > C > B = E > D
A>B
2:
:
{A, C}
{}
[A:4, B:2.5]
@africa 0.5: B > A
@asia
`
	want := []Ballot{
		{Weight: 5, Ranks: [][]string{{"A"}, {"C"}, {"B", "E"}, {"D"}}},
		{Ranks: [][]string{{"A"}, {"B"}}},
		{Weight: 2},
		{},
		{Approved: []string{"A", "C"}},
		{Approved: []string{}},
		{Scores: map[string]float64{"A": 4, "B": 2.5}},
		{Group: "africa", Weight: 0.5, Ranks: [][]string{{"B"}, {"A"}}},
		{Group: "asia"},
	}
	got, err := ParseBallots(text)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ParseBallots =\n%+v\nwant\n%+v", got, want)
	}
	var lines []string
	for _, b := range got {
		line, err := FormatBallot(b)
		if err != nil {
			t.Fatal(err)
		}
		lines = append(lines, line)
	}
	wantLines := []string{
		"5: A > C > B = E > D", "A > B", "2:", ":", "{A, C}", "{}", "[A:4, B:2.5]", "@africa 0.5: B > A", "@asia",
	}
	if !slices.Equal(lines, wantLines) {
		t.Errorf("FormatBallot = %q, want %q", lines, wantLines)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		text string
		line int
	}{
		{"A > B\nx: A", 2},
		{"A > > B", 1},
		{"A = ", 1},
		{"{A, }", 1},
		{"{A", 1},
		{"[A:1, A:2]", 1},
		{"[A:x]", 1},
		{"[A]", 1},
		{"\n\n@ A", 3},
		{"NaN: A", 1},
		{"A:3", 1},
		{"{A} B", 1},
	}
	for _, tt := range tests {
		_, err := ParseBallots(tt.text)
		var pe *ParseError
		if !errors.As(err, &pe) || pe.Line != tt.line {
			t.Errorf("ParseBallots(%q) error = %v, want a ParseError on line %d", tt.text, err, tt.line)
		}
	}
}

func TestFormatBallotRefuses(t *testing.T) {
	for _, b := range []Ballot{
		{Ranks: [][]string{{"A"}}, Approved: []string{"A"}},
		{Ranks: [][]string{{"A B"}}},
		{Approved: []string{"A>B"}},
		{Ranks: [][]string{{}}},
		{Group: "a b"},
	} {
		if line, err := FormatBallot(b); err == nil {
			t.Errorf("FormatBallot(%+v) = %q, want an error", b, line)
		}
	}
}

// FuzzTally parses ballot text, checks that formatting reads back the same,
// and counts the ballots with every method: a count either fails validation
// or gives a well-formed result, the same whatever the ballot order.
func FuzzTally(f *testing.F) {
	for _, seed := range []string{
		schulzeExample1, tennessee,
		"A > B = C\n2: C\n{A}\n[A:1]",
		"@g 0.5: A > B\n@h {B, C}\n@h [B:5, C:0.1]\n",
		"3:\n1e-3: Z\n",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, text string) {
		bs, err := ParseBallots(text)
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) || pe.Line < 1 {
				t.Fatalf("error %v is not a ParseError with a line", err)
			}
			return
		}
		var lines []string
		seen := map[string]bool{}
		for _, b := range bs {
			line, err := FormatBallot(b)
			if err != nil {
				t.Fatalf("FormatBallot(%+v): %v", b, err)
			}
			lines = append(lines, line)
			for _, g := range b.Ranks {
				for _, id := range g {
					seen[id] = true
				}
			}
			for _, id := range b.Approved {
				seen[id] = true
			}
			for id := range b.Scores {
				seen[id] = true
			}
		}
		again, err := ParseBallots(strings.Join(lines, "\n"))
		if err != nil || !reflect.DeepEqual(again, bs) {
			t.Fatalf("round trip: %v\n%+v\n%+v", err, bs, again)
		}
		if len(seen) > 40 {
			return
		}
		var candidates []string
		for id := range seen {
			candidates = append(candidates, id)
		}
		slices.Sort(candidates)
		reversed := slices.Clone(bs)
		slices.Reverse(reversed)
		for _, m := range Methods() {
			for _, opt := range []Options{{}, {EqualSay: true, ScoreBy: ScoreAverage}} {
				res, err := Tally(m, candidates, bs, opt)
				if err != nil {
					if !IsValidation(err) {
						t.Fatalf("%s: error %v is not a validation error", m, err)
					}
					continue
				}
				checkWellFormed(t, res, len(candidates))
				rev, err := Tally(m, candidates, reversed, opt)
				if err != nil || !reflect.DeepEqual(res, rev) {
					t.Fatalf("%s: reversing the ballots changed the result: %v", m, err)
				}
			}
		}
	})
}

// checkWellFormed checks what holds for every result: one entry per
// candidate, positions that start at 1 and count places, and a TopN that
// adds up.
func checkWellFormed(t *testing.T, res *Result, n int) {
	t.Helper()
	if len(res.Candidates) != n {
		t.Fatalf("%d candidates in the result, want %d", len(res.Candidates), n)
	}
	for i, c := range res.Candidates {
		want := i + 1
		if i > 0 && c.Position == res.Candidates[i-1].Position {
			want = c.Position
		}
		if c.Position != want {
			t.Fatalf("candidate %d (%s) at position %d, want %d", i, c.ID, c.Position, want)
		}
	}
	for k := 0; k <= n+1; k++ {
		top := res.TopN(k)
		if len(top.Chosen) != min(k, n) || len(top.Selected)+top.Seats != len(top.Chosen) || top.Seats > len(top.Tied) {
			t.Fatalf("TopN(%d) does not add up: %+v", k, top)
		}
		if len(top.Tied) > 0 && top.Seats == 0 {
			t.Fatalf("TopN(%d) reports a tie that takes no seat: %+v", k, top)
		}
	}
}
