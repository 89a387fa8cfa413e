// Package rank turns ballots into a ranking, for breakout groups and the
// plenary of a consultation that ranks candidate recommendations to pick a
// top five.
//
// It is pure: plain values in ([Ballot], [Options]), plain values out
// ([Result], [Top], [Robustness]), no database, no I/O, standard library
// only. The same ballots in any order give the same result.
//
// # Methods
//
//   - [Schulze] (beatpath). D[a][b] is the weight of the ballots ranking a
//     above b. A link a→b exists when D[a][b] > D[b][a] and its strength is
//     D[a][b] ("winning votes", Schulze's own choice). P[a][b] is the
//     strength of the strongest path from a to b, a path being as strong as
//     its weakest link. a is ranked above b when P[a][b] > P[b][a]. The
//     ranking takes first the candidates nobody beats, then those nobody
//     left beats, and so on; a Condorcet winner always comes first.
//   - [Borda]: of n candidates, a first place earns n-1 points, the last 0.
//     Candidates a ballot ranks equal share the points of the places they
//     cover, and the candidates it leaves out share the remaining points
//     equally as if tied below every ranked one: on "A > B" among A, B, C,
//     D, A gets 3, B 2, C and D 0.5 each. Every ballot so hands out the
//     same n(n-1)/2 points, and an empty ballot gives everyone (n-1)/2.
//   - [Approval]: each candidate gets the weight of the ballots approving it.
//   - [Score] (range voting): each ballot scores candidates within
//     [Options.ScoreMin, Options.ScoreMax], 0 to 5 by default. Candidates
//     are ranked by the weighted sum of their scores ([ScoreSum], the
//     default; an unscored candidate gets nothing from that ballot) or by
//     the weighted average over the ballots that scored them
//     ([ScoreAverage]); the tally reports sum, weight scored and average.
//
// Schulze and Borda read [Ballot.Ranks], Approval [Ballot.Approved], Score
// [Ballot.Scores]. For the two ranked methods, candidates a ballot leaves
// out are ranked together below those it ranks.
//
// # Weights and equal say
//
// Every ballot has a weight (zero means 1). With [Options.EqualSay] each
// ballot's weight is divided by its group's total, so every breakout group's
// ballots add up to exactly 1 and the plenary gives each group the same say
// however many members it has: a ballot of a group of 4 weighs 1/4.
//
// Counting is exact. A float64 weight or score is read as the fraction it
// was computed from when there is a simple one (1.0/3 is read as 1/3, 0.1 as
// 1/10: the first continued-fraction convergent with a denominator of at
// most one million whose float64 is exactly the value), else as its
// shortest decimal. Ballots of equal weight are counted in integers and
// the sums multiplied by the weight as fractions ([math/big.Rat]), so three
// ballots of 1/3 tie exactly with one ballot of 1, a ballot of weight 2
// counts exactly as two copies, and ties are real ties. The float64 values
// in a [Result] are those fractions rounded for display; [CandidateResult]
// has the exact value as text.
//
// # Ties
//
// Candidates with equal values (or, for Schulze, that nobody remaining
// beats) share a position. [Result.TopN] returns the top n and, when a tie
// crosses the cut, lists the tied candidates instead of picking silently;
// its Chosen field applies the documented tie-break, the order of
// [Options.TieBreak] (a lot drawn in public beforehand) and then the order
// the candidates were given in.
//
// # Robustness
//
// [LeaveOneOut] recounts without each group in turn and reports, per group,
// which candidates enter, leave or fall into a tie at the cut.
//
// docs/RANKING.md explains all this for secretariats.
package rank
