package opinion

import (
	"errors"
	"testing"
)

// TestEdgeCases runs both modes on degenerate rooms: they must not fail
// and must list every participant and statement.
func TestEdgeCases(t *testing.T) {
	unanimous := func(n, d int) []Vote {
		var v []Vote
		for p := 0; p < n; p++ {
			for s := 0; s < d; s++ {
				v = append(v, Vote{Participant: int64(p), Statement: int64(s), Value: Agree})
			}
		}
		return v
	}
	tests := []struct {
		name  string
		votes []Vote
	}{
		{"one vote", []Vote{{Participant: 1, Statement: 1, Value: Agree}}},
		{"two participants", []Vote{{Participant: 1, Statement: 1, Value: Agree}, {Participant: 2, Statement: 1, Value: Disagree}}},
		{"unanimous room", unanimous(30, 10)},
		{"one statement", unanimous(40, 1)},
		{"passes only", []Vote{{Participant: 1, Statement: 1}, {Participant: 2, Statement: 2}, {Participant: 3, Statement: 1}}},
		{"huge ids", []Vote{{Participant: 1 << 60, Statement: -5, Value: Agree}, {Participant: -(1 << 60), Statement: 1 << 62, Value: Disagree}}},
	}
	for _, tt := range tests {
		for _, mode := range []Mode{ModePlenary, ModePolis} {
			t.Run(tt.name+"/"+string(mode), func(t *testing.T) {
				m, err := NewMatrix(tt.votes)
				if err != nil {
					t.Fatal(err)
				}
				res, err := Analyze(m, Options{Mode: mode})
				if err != nil {
					t.Fatal(err)
				}
				if len(res.Participants) != m.Rows() || len(res.Statements) != m.Cols() {
					t.Fatalf("%d participants, %d statements; want %d, %d", len(res.Participants), len(res.Statements), m.Rows(), m.Cols())
				}
			})
		}
	}
	if _, err := AnalyzeVotes(nil, Options{}); !errors.Is(err, ErrNoVotes) {
		t.Errorf("no votes: %v, want ErrNoVotes", err)
	}
}

// FuzzAnalyze turns bytes into small vote sets (participant, statement,
// vote from each byte triple) and checks that both modes finish with a
// complete result.
func FuzzAnalyze(f *testing.F) {
	f.Add([]byte{1, 1, 2, 2, 1, 0, 3, 2, 1})
	f.Add([]byte{0, 0, 0, 0, 0, 0})
	f.Add([]byte("the quick brown fox jumps over the lazy dog, again and again"))
	f.Fuzz(func(t *testing.T, b []byte) {
		var votes []Vote
		for i := 0; i+2 < len(b) && i < 3*400; i += 3 {
			votes = append(votes, Vote{Participant: int64(b[i] % 40), Statement: int64(b[i+1] % 12), Value: int8(b[i+2]%3) - 1, Time: int64(i)})
		}
		if len(votes) == 0 {
			return
		}
		m, err := NewMatrix(votes)
		if err != nil {
			t.Fatal(err)
		}
		for _, mode := range []Mode{ModePlenary, ModePolis} {
			res, err := Analyze(m, Options{Mode: mode, Bootstrap: 3})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Participants) != m.Rows() || len(res.Statements) != m.Cols() {
				t.Fatalf("%s: incomplete result", mode)
			}
			for _, p := range res.Participants {
				if p.X != p.X || p.Y != p.Y {
					t.Fatalf("%s: participant %d at NaN", mode, p.ID)
				}
			}
		}
	})
}
