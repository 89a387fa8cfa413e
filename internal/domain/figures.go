package domain

// MinVoters is the fewest people whose votes a view shows as figures: a
// statement's totals, an opinion group's own figures (what sets it apart,
// its side of a divisive statement), a share such as "8 of 9 agree". With
// fewer, whoever knows who took part could tell how each of them voted, so
// pages, the API, live views and exports show that there were too few
// voters instead of the figures. It is one rule for every view.
const MinVoters = 3

// FiguresShown reports whether figures about n people's votes may be
// shown: n is at least [MinVoters].
func FiguresShown(n int) bool { return n >= MinVoters }

// VoteFigures are a statement's vote totals as people may see them: the
// counts when at least [MinVoters] people voted; otherwise Few is true and
// the counts are zero, whatever they are.
type VoteFigures struct {
	Agree, Disagree, Pass int
	Few                   bool
}

// ShowVotes returns the figures of a statement that counts agree, disagree
// and pass votes (one a person).
func ShowVotes(agree, disagree, pass int) VoteFigures {
	if !FiguresShown(agree + disagree + pass) {
		return VoteFigures{Few: true}
	}
	return VoteFigures{Agree: agree, Disagree: disagree, Pass: pass}
}
