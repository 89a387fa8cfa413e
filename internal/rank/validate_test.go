package rank

import (
	"errors"
	"math"
	"reflect"
	"testing"
)

func TestValidation(t *testing.T) {
	abc := []string{"A", "B", "C"}
	tests := []struct {
		name       string
		method     Method
		candidates []string
		ballots    []Ballot
		opt        Options
		want       []ValidationError
	}{
		{
			name: "unknown method", method: "instant-runoff", candidates: abc,
			want: []ValidationError{{Ballot: NoBallot, Field: "method", Reason: ReasonUnknownMethod}},
		},
		{
			name: "candidate listed twice and an empty id", method: Borda, candidates: []string{"A", "", "A"},
			want: []ValidationError{
				{Ballot: NoBallot, Field: "candidates", Reason: ReasonEmptyID},
				{Ballot: NoBallot, Field: "candidates", Candidate: "A", Reason: ReasonDuplicate},
			},
		},
		{
			name: "unknown candidate in ranks", method: Schulze, candidates: abc,
			ballots: []Ballot{{Ranks: [][]string{{"A"}}}, {Ranks: [][]string{{"A", "Z"}, {"B"}}}},
			want:    []ValidationError{{Ballot: 1, Field: "Ranks", Candidate: "Z", Reason: ReasonUnknownCandidate}},
		},
		{
			name: "duplicate across ranks", method: Borda, candidates: abc,
			ballots: []Ballot{{Ranks: [][]string{{"A"}, {"B", "A"}}}},
			want:    []ValidationError{{Ballot: 0, Field: "Ranks", Candidate: "A", Reason: ReasonDuplicate}},
		},
		{
			name: "empty rank group", method: Schulze, candidates: abc,
			ballots: []Ballot{{Ranks: [][]string{{"A"}, {}, {"B"}}}},
			want:    []ValidationError{{Ballot: 0, Field: "Ranks", Reason: ReasonEmptyRank}},
		},
		{
			name: "duplicate approval", method: Approval, candidates: abc,
			ballots: []Ballot{{Approved: []string{"B", "B"}}},
			want:    []ValidationError{{Ballot: 0, Field: "Approved", Candidate: "B", Reason: ReasonDuplicate}},
		},
		{
			name: "ranked ballot in an approval count", method: Approval, candidates: abc,
			ballots: []Ballot{{Ranks: [][]string{{"A"}}}},
			want:    []ValidationError{{Ballot: 0, Field: "Ranks", Reason: ReasonWrongField}},
		},
		{
			name: "scores out of range, reported in candidate order", method: Score, candidates: abc,
			ballots: []Ballot{{Scores: map[string]float64{"C": 5.5, "A": -1, "B": 5}}},
			want: []ValidationError{
				{Ballot: 0, Field: "Scores", Candidate: "A", Reason: ReasonOutOfRange},
				{Ballot: 0, Field: "Scores", Candidate: "C", Reason: ReasonOutOfRange},
			},
		},
		{
			name: "score not a number", method: Score, candidates: abc,
			ballots: []Ballot{{Scores: map[string]float64{"A": math.NaN()}}},
			want:    []ValidationError{{Ballot: 0, Field: "Scores", Candidate: "A", Reason: ReasonNotFinite}},
		},
		{
			name: "empty score range", method: Score, candidates: abc,
			opt:  Options{ScoreMin: 3, ScoreMax: 1},
			want: []ValidationError{{Ballot: NoBallot, Field: "ScoreMax", Reason: ReasonBadRange}},
		},
		{
			name: "unknown score aggregation", method: Score, candidates: abc,
			opt:  Options{ScoreBy: "median"},
			want: []ValidationError{{Ballot: NoBallot, Field: "ScoreBy", Reason: ReasonUnknownScoreBy}},
		},
		{
			name: "negative and infinite weights", method: Borda, candidates: abc,
			ballots: []Ballot{{Weight: 1}, {Weight: -0.5}, {Weight: math.Inf(1)}},
			want: []ValidationError{
				{Ballot: 1, Field: "Weight", Reason: ReasonNegativeWeight},
				{Ballot: 2, Field: "Weight", Reason: ReasonNotFinite},
			},
		},
		{
			name: "a bad weight does not hide a bad candidate", method: Schulze, candidates: abc,
			ballots: []Ballot{{Ranks: [][]string{{"B"}}}, {Weight: -1, Ranks: [][]string{{"Z"}}}},
			want: []ValidationError{
				{Ballot: 1, Field: "Weight", Reason: ReasonNegativeWeight},
				{Ballot: 1, Field: "Ranks", Candidate: "Z", Reason: ReasonUnknownCandidate},
			},
		},
		{
			name: "equal say needs groups", method: Approval, candidates: abc,
			ballots: []Ballot{{Group: "g", Approved: []string{"A"}}, {Approved: []string{"A"}}},
			opt:     Options{EqualSay: true},
			want:    []ValidationError{{Ballot: 1, Field: "Group", Reason: ReasonNoGroup}},
		},
		{
			name: "tie-break names an unknown candidate", method: Approval, candidates: abc,
			opt: Options{TieBreak: []string{"B", "X", "B"}},
			want: []ValidationError{
				{Ballot: NoBallot, Field: "TieBreak", Candidate: "X", Reason: ReasonUnknownCandidate},
				{Ballot: NoBallot, Field: "TieBreak", Candidate: "B", Reason: ReasonDuplicate},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := Tally(tt.method, tt.candidates, tt.ballots, tt.opt)
			if res != nil {
				t.Errorf("result %+v with an error", res)
			}
			var errs ValidationErrors
			if !errors.As(err, &errs) {
				t.Fatalf("error %v is not ValidationErrors", err)
			}
			var got []ValidationError
			for _, e := range errs {
				got = append(got, *e)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("errors = %+v, want %+v", got, tt.want)
			}
			var one *ValidationError
			if !errors.As(err, &one) || !IsValidation(err) {
				t.Errorf("errors.As cannot find a *ValidationError in %v", err)
			}
		})
	}
}

func TestValidationMessage(t *testing.T) {
	_, err := Tally(Approval, []string{"A"}, []Ballot{{}, {Approved: []string{"Z"}}, {Weight: -1}}, Options{})
	want := `rank: ballot 1: Approved "Z": unknown candidate (and 1 more)`
	if err == nil || err.Error() != want {
		t.Errorf("error = %v, want %s", err, want)
	}
}
