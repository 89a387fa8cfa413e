package domain

import "testing"

func TestShowVotes(t *testing.T) {
	tests := []struct {
		name                  string
		agree, disagree, pass int
		want                  VoteFigures
	}{
		{"nobody voted", 0, 0, 0, VoteFigures{Few: true}},
		{"one voter", 1, 0, 0, VoteFigures{Few: true}},
		{"two voters who disagree with each other", 1, 1, 0, VoteFigures{Few: true}},
		{"two passes", 0, 0, 2, VoteFigures{Few: true}},
		{"three voters: the minimum", 1, 1, 1, VoteFigures{Agree: 1, Disagree: 1, Pass: 1}},
		{"three who agree", 3, 0, 0, VoteFigures{Agree: 3}},
		{"many", 40, 12, 3, VoteFigures{Agree: 40, Disagree: 12, Pass: 3}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ShowVotes(tt.agree, tt.disagree, tt.pass); got != tt.want {
				t.Errorf("ShowVotes(%d, %d, %d) = %+v, want %+v", tt.agree, tt.disagree, tt.pass, got, tt.want)
			}
		})
	}
}

func TestFiguresShown(t *testing.T) {
	for n, want := range map[int]bool{0: false, 1: false, MinVoters - 1: false, MinVoters: true, MinVoters + 1: true, 1000: true} {
		if got := FiguresShown(n); got != want {
			t.Errorf("FiguresShown(%d) = %v, want %v", n, got, want)
		}
	}
}
