package rank

// Method names a counting method. The values are the words used in
// configuration and JSON.
type Method string

// The counting methods. See the package documentation for what each counts.
const (
	Schulze  Method = "schulze"
	Borda    Method = "borda"
	Approval Method = "approval"
	Score    Method = "score"
)

// Methods returns every method, in the order a form should offer them.
func Methods() []Method { return []Method{Schulze, Borda, Approval, Score} }

// Ballot is one participant's ballot. Which field is read depends on the
// method: Ranks for [Schulze] and [Borda], Approved for [Approval], Scores for
// [Score]. Setting a field the method does not read is an error, so that a
// ballot collected on the wrong form is not silently counted as empty.
type Ballot struct {
	// Group is the breakout group the ballot comes from. It is required by
	// [Options.EqualSay] and [LeaveOneOut] and ignored otherwise.
	Group string `json:"group,omitempty"`

	// Ranks is an ordering with ties: Ranks[0] holds the most preferred
	// candidates, equal among themselves, Ranks[1] the next, and so on.
	// Candidates that appear nowhere are ranked together below every
	// candidate that appears. No candidate may appear twice and no group may
	// be empty.
	Ranks [][]string `json:"ranks,omitempty"`

	// Approved is the set of approved candidates, without repetition.
	Approved []string `json:"approved,omitempty"`

	// Scores gives candidates a score within [Options.ScoreMin,
	// Options.ScoreMax]. A candidate without a score has not been scored by
	// this ballot (see [ScoreBy]).
	Scores map[string]float64 `json:"scores,omitempty"`

	// Weight is what the ballot counts for. Zero means 1, so that a ballot
	// written without a weight counts once; negative weights are invalid.
	// The weight is read as an exact fraction (see the package
	// documentation), so that 1.0/3 counts as exactly one third.
	Weight float64 `json:"weight,omitempty"`
}

// ScoreBy says how [Score] turns scores into a ranking.
type ScoreBy string

const (
	// ScoreSum ranks by the weighted sum of the scores given. A ballot that
	// leaves a candidate unscored adds nothing to it. This is the default.
	ScoreSum ScoreBy = "sum"
	// ScoreAverage ranks by the weighted average over the ballots that
	// scored the candidate; a candidate nobody scored comes last.
	ScoreAverage ScoreBy = "average"
)

// Options adjusts a count. The zero value is a plain count: every ballot
// counts with its own weight, scores run from 0 to 5 and are summed, and ties
// are broken, where a caller asks for it, by the order of the candidates.
type Options struct {
	// EqualSay gives every group the same say: each ballot's weight is
	// divided by the total weight of its group, so that each group's
	// ballots add up to exactly 1 whatever the group's size. Every ballot
	// must then name its Group.
	EqualSay bool `json:"equal_say,omitempty"`

	// ScoreMin and ScoreMax bound the scores of a [Score] ballot,
	// inclusively. When both are zero the range is 0 to 5.
	ScoreMin float64 `json:"score_min,omitempty"`
	ScoreMax float64 `json:"score_max,omitempty"`

	// ScoreBy chooses between the sum and the average for [Score]. Empty
	// means [ScoreSum].
	ScoreBy ScoreBy `json:"score_by,omitempty"`

	// TieBreak is the order used to list tied candidates, and so to break
	// a tie when a strict top N must be chosen (see [Result.TopN]). It is
	// typically a lot drawn in public before the vote. Candidates it leaves
	// out follow, in the order they were given to [Tally]. Empty means the
	// order they were given to [Tally].
	TieBreak []string `json:"tie_break,omitempty"`
}

func (o Options) scoreRange() (lo, hi float64) {
	if o.ScoreMin == 0 && o.ScoreMax == 0 {
		return 0, 5
	}
	return o.ScoreMin, o.ScoreMax
}

func (o Options) scoreBy() ScoreBy {
	if o.ScoreBy == "" {
		return ScoreSum
	}
	return o.ScoreBy
}
