package rank

import (
	"math"
	"math/big"
	"slices"
)

// Result is the outcome of a count and the tally behind it.
type Result struct {
	Method Method `json:"method"`

	// Candidates is every candidate in order of Position. Tied candidates
	// are listed in the tie-break order (see [Options.TieBreak]), so the
	// first n entries are the top n under that rule; [Result.TopN] says
	// whether the rule was needed.
	Candidates []CandidateResult `json:"candidates"`

	// Ballots is the number of ballots counted and TotalWeight what they
	// weigh together (under [Options.EqualSay], the number of groups).
	Ballots     int     `json:"ballots"`
	TotalWeight float64 `json:"total_weight"`

	// Pairwise is the [Schulze] tally; nil for the other methods.
	Pairwise *Pairwise `json:"pairwise,omitempty"`
}

// CandidateResult is one candidate's place and tally.
type CandidateResult struct {
	ID string `json:"id"`

	// Position is 1 for the first place. Tied candidates share the best
	// position they cover and the next position skips as many places as
	// were shared, as in sport: 1, 2, 2, 4.
	Position int `json:"position"`

	// Value is the number the method ranks by: for [Schulze], how many
	// candidates this one beats by strongest paths; for [Borda], its
	// points; for [Approval], its approvals; for [Score], its sum or its
	// average according to [Options.ScoreBy]. All are weighted.
	Value float64 `json:"value"`

	// Exact is Value as an exact fraction ("194", "7/3"). Ranks and ties
	// are decided on the exact values; Value is rounded for display.
	Exact string `json:"exact"`

	// Sum, Scored and Average are the [Score] tally: the weighted sum of
	// the scores given, the weight of the ballots that scored the
	// candidate, and Sum/Scored (0 when nobody scored it). Zero for the
	// other methods.
	Sum     float64 `json:"sum,omitempty"`
	Scored  float64 `json:"scored,omitempty"`
	Average float64 `json:"average,omitempty"`
}

// Pairwise is the [Schulze] tally. Rows and columns follow Candidates, the
// order given to [Tally].
type Pairwise struct {
	Candidates []string `json:"candidates"`

	// D[i][j] is the weight of the ballots that rank candidate i above
	// candidate j. A ballot that ranks neither, or ranks them equal, counts
	// for neither.
	D [][]float64 `json:"d"`

	// P[i][j] is the strength of the strongest path from i to j: the
	// largest s such that a chain i = c0, c1, ..., ck = j exists where
	// every link beats the next (D[c][c'] > D[c'][c]) with D[c][c'] >= s;
	// 0 when no such chain exists. i is ranked above j when
	// P[i][j] > P[j][i].
	P [][]float64 `json:"p"`
}

// Ranking returns the candidate IDs grouped by position: Ranking()[0] holds
// the candidates in first place.
func (r *Result) Ranking() [][]string {
	var out [][]string
	for i, c := range r.Candidates {
		if i == 0 || c.Position != r.Candidates[i-1].Position {
			out = append(out, nil)
		}
		out[len(out)-1] = append(out[len(out)-1], c.ID)
	}
	return out
}

// Candidate returns the entry of the candidate with the given ID.
func (r *Result) Candidate(id string) (CandidateResult, bool) {
	for _, c := range r.Candidates {
		if c.ID == id {
			return c, true
		}
	}
	return CandidateResult{}, false
}

// Tally counts ballots with the given method. candidates lists every
// candidate ID once; a ballot may name no other.
//
// It returns [ValidationErrors] listing every problem when the method, the
// candidates, the options or any ballot is invalid, and then no result.
func Tally(method Method, candidates []string, ballots []Ballot, opt Options) (*Result, error) {
	c := newCounter(method, candidates, opt)
	classes, total := c.classes(ballots)
	var res *Result
	switch method {
	case Schulze:
		res = c.schulze(ballots, classes)
	case Borda:
		res = c.borda(ballots, classes)
	case Approval:
		res = c.approval(ballots, classes)
	case Score:
		res = c.score(ballots, classes)
	}
	if len(c.errs) > 0 {
		slices.SortStableFunc(c.errs, func(a, b *ValidationError) int { return a.Ballot - b.Ballot })
		return nil, c.errs
	}
	res.Method = method
	res.Ballots = len(ballots)
	res.TotalWeight = ratFloat(total)
	return res, nil
}

// counter holds what one count needs besides the ballots.
type counter struct {
	method   Method
	opt      Options
	ids      []string
	index    map[string]int
	tieRank  []int // tieRank[i] is candidate i's place in the tie-break order
	errs     ValidationErrors
	stamp    []uint32 // stamp[i] == cur: candidate i is on the current ballot
	cur      uint32
	level    []int32 // level[i]: the rank group of candidate i on the current ballot
	ranked   []int32 // candidates on the current ballot, in ballot order
	sizes    []int   // size of each rank group of the current ballot
	ratCache ratCache
}

func newCounter(method Method, candidates []string, opt Options) *counter {
	c := &counter{
		method:   method,
		opt:      opt,
		ids:      candidates,
		index:    make(map[string]int, len(candidates)),
		stamp:    make([]uint32, len(candidates)),
		level:    make([]int32, len(candidates)),
		ratCache: ratCache{},
	}
	if !slices.Contains(Methods(), method) {
		c.errs.add(NoBallot, "method", "", ReasonUnknownMethod)
	}
	for i, id := range candidates {
		switch _, dup := c.index[id]; {
		case id == "":
			c.errs.add(NoBallot, "candidates", "", ReasonEmptyID)
		case dup:
			c.errs.add(NoBallot, "candidates", id, ReasonDuplicate)
		default:
			c.index[id] = i
		}
	}
	c.tieRank = c.tieBreakOrder()
	if method == Score {
		lo, hi := opt.scoreRange()
		switch {
		case !finite(lo):
			c.errs.add(NoBallot, "ScoreMin", "", ReasonNotFinite)
		case !finite(hi):
			c.errs.add(NoBallot, "ScoreMax", "", ReasonNotFinite)
		case lo >= hi:
			c.errs.add(NoBallot, "ScoreMax", "", ReasonBadRange)
		}
		if by := opt.scoreBy(); by != ScoreSum && by != ScoreAverage {
			c.errs.add(NoBallot, "ScoreBy", "", ReasonUnknownScoreBy)
		}
	}
	return c
}

// tieBreakOrder validates Options.TieBreak and returns each candidate's
// place in the tie-break order.
func (c *counter) tieBreakOrder() []int {
	rank := make([]int, len(c.ids))
	for i := range rank {
		rank[i] = -1
	}
	next := 0
	for _, id := range c.opt.TieBreak {
		i, ok := c.index[id]
		switch {
		case !ok:
			c.errs.add(NoBallot, "TieBreak", id, ReasonUnknownCandidate)
		case rank[i] >= 0:
			c.errs.add(NoBallot, "TieBreak", id, ReasonDuplicate)
		default:
			rank[i] = next
			next++
		}
	}
	for i := range rank {
		if rank[i] < 0 {
			rank[i] = next
			next++
		}
	}
	return rank
}

func finite(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) }

// class is a set of ballots of the same effective weight. Each method counts
// a class in integers and multiplies by the weight once, which keeps the
// count exact and fast whatever the number of ballots.
type class struct {
	w       *big.Rat
	ballots []int
}

// classes validates weights and groups, computes each ballot's effective
// weight as an exact fraction and groups the ballots by it. It also returns
// the total weight.
func (c *counter) classes(ballots []Ballot) ([]class, *big.Rat) {
	one := big.NewRat(1, 1)
	valid := make([]bool, len(ballots))
	groupTotal := map[string]*big.Rat{}
	for i, b := range ballots {
		switch {
		case !finite(b.Weight):
			c.errs.add(i, "Weight", "", ReasonNotFinite)
			continue
		case b.Weight < 0:
			c.errs.add(i, "Weight", "", ReasonNegativeWeight)
			continue
		}
		if c.opt.EqualSay {
			if b.Group == "" {
				c.errs.add(i, "Group", "", ReasonNoGroup)
				continue
			}
			t, ok := groupTotal[b.Group]
			if !ok {
				t = new(big.Rat)
				groupTotal[b.Group] = t
			}
			t.Add(t, c.baseWeight(b.Weight, one))
		}
		valid[i] = true
	}

	type key struct {
		group  string
		weight float64
	}
	memo := map[key]int{}
	byValue := map[string]int{}
	// Invalid ballots go to a class of weight 0: they count for nothing
	// but their contents are still checked, so every problem is reported.
	out := []class{{w: new(big.Rat)}}
	for i, b := range ballots {
		if !valid[i] {
			out[0].ballots = append(out[0].ballots, i)
			continue
		}
		k := key{weight: b.Weight}
		if c.opt.EqualSay {
			k.group = b.Group
		}
		ci, ok := memo[k]
		if !ok {
			w := new(big.Rat).Set(c.baseWeight(b.Weight, one))
			if c.opt.EqualSay {
				w.Quo(w, groupTotal[b.Group])
			}
			s := w.RatString()
			if ci, ok = byValue[s]; !ok {
				ci = len(out)
				out = append(out, class{w: w})
				byValue[s] = ci
			}
			memo[k] = ci
		}
		out[ci].ballots = append(out[ci].ballots, i)
	}
	total := new(big.Rat)
	for _, cl := range out {
		n := new(big.Rat).SetInt64(int64(len(cl.ballots)))
		total.Add(total, n.Mul(n, cl.w))
	}
	return out, total
}

func (c *counter) baseWeight(w float64, one *big.Rat) *big.Rat {
	if w == 0 {
		return one
	}
	return c.ratCache.get(w)
}

// startBallot forgets the previous ballot's candidates.
func (c *counter) startBallot() {
	c.cur++
	if c.cur == 0 {
		clear(c.stamp)
		c.cur = 1
	}
	c.ranked = c.ranked[:0]
	c.sizes = c.sizes[:0]
}

// wrongFields records the ballot fields the method does not read.
func (c *counter) wrongFields(i int, b *Ballot) bool {
	ok := true
	if len(b.Ranks) > 0 && c.method != Schulze && c.method != Borda {
		c.errs.add(i, "Ranks", "", ReasonWrongField)
		ok = false
	}
	if len(b.Approved) > 0 && c.method != Approval {
		c.errs.add(i, "Approved", "", ReasonWrongField)
		ok = false
	}
	if len(b.Scores) > 0 && c.method != Score {
		c.errs.add(i, "Scores", "", ReasonWrongField)
		ok = false
	}
	return ok
}

// readRanks reads ballot i's Ranks into c.ranked, c.level and c.sizes and
// reports whether it is valid.
func (c *counter) readRanks(i int, b *Ballot) bool {
	c.startBallot()
	ok := c.wrongFields(i, b)
	for g, group := range b.Ranks {
		if len(group) == 0 {
			c.errs.add(i, "Ranks", "", ReasonEmptyRank)
			ok = false
		}
		c.sizes = append(c.sizes, len(group))
		for _, id := range group {
			j, known := c.index[id]
			switch {
			case !known:
				c.errs.add(i, "Ranks", id, ReasonUnknownCandidate)
				ok = false
			case c.stamp[j] == c.cur:
				c.errs.add(i, "Ranks", id, ReasonDuplicate)
				ok = false
			default:
				c.stamp[j] = c.cur
				c.level[j] = int32(g)
				c.ranked = append(c.ranked, int32(j))
			}
		}
	}
	return ok
}

// readApproved reads ballot i's Approved into c.ranked and reports whether
// it is valid.
func (c *counter) readApproved(i int, b *Ballot) bool {
	c.startBallot()
	ok := c.wrongFields(i, b)
	for _, id := range b.Approved {
		j, known := c.index[id]
		switch {
		case !known:
			c.errs.add(i, "Approved", id, ReasonUnknownCandidate)
			ok = false
		case c.stamp[j] == c.cur:
			c.errs.add(i, "Approved", id, ReasonDuplicate)
			ok = false
		default:
			c.stamp[j] = c.cur
			c.ranked = append(c.ranked, int32(j))
		}
	}
	return ok
}

// result builds a Result from each candidate's level (0 for the first
// place, ties share a level) and its value.
func (c *counter) result(level []int, value []*big.Rat) *Result {
	n := len(c.ids)
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(a, b int) int {
		if level[a] != level[b] {
			return level[a] - level[b]
		}
		return c.tieRank[a] - c.tieRank[b]
	})
	res := &Result{Candidates: make([]CandidateResult, n)}
	pos := 0
	for k, i := range idx {
		if k == 0 || level[i] != level[idx[k-1]] {
			pos = k + 1
		}
		v := value[i]
		if v == nil {
			v = new(big.Rat)
		}
		res.Candidates[k] = CandidateResult{
			ID:       c.ids[i],
			Position: pos,
			Value:    ratFloat(v),
			Exact:    v.RatString(),
		}
	}
	return res
}

// levelsByValue gives equal values equal levels, the largest value level 0
// and a nil value (nothing to rank by) the last level.
func levelsByValue(value []*big.Rat) []int {
	var distinct []*big.Rat
	for _, v := range value {
		if v != nil {
			distinct = append(distinct, v)
		}
	}
	slices.SortFunc(distinct, func(a, b *big.Rat) int { return b.Cmp(a) })
	distinct = slices.CompactFunc(distinct, func(a, b *big.Rat) bool { return a.Cmp(b) == 0 })
	level := make([]int, len(value))
	for i, v := range value {
		if v == nil {
			level[i] = len(distinct)
			continue
		}
		level[i], _ = slices.BinarySearchFunc(distinct, v, func(a, b *big.Rat) int { return b.Cmp(a) })
	}
	return level
}

// sums accumulates, per cell, exact sums of class weight × whole number. The
// class weights are put over one common denominator, so the sums are sums
// of integers and no fraction is reduced until the end.
type sums struct {
	den *big.Int
	num []*big.Int // num[c]/den is the weight of class c
	v   []big.Int
	tmp big.Int
}

func newSums(classes []class, cells int) *sums {
	s := &sums{den: big.NewInt(1), v: make([]big.Int, cells)}
	var g, q big.Int
	for _, cl := range classes {
		d := cl.w.Denom() // shared with cl.w: read only
		g.GCD(nil, nil, s.den, d)
		s.den.Mul(s.den, q.Quo(d, &g)) // lcm
	}
	for _, cl := range classes {
		n := new(big.Int).Quo(s.den, cl.w.Denom())
		s.num = append(s.num, n.Mul(n, cl.w.Num()))
	}
	return s
}

// add adds n times the weight of class c to cell k.
func (s *sums) add(k, c int, n int64) {
	if n == 0 {
		return
	}
	s.tmp.SetInt64(n)
	s.tmp.Mul(&s.tmp, s.num[c])
	s.v[k].Add(&s.v[k], &s.tmp)
}

// rat returns cell k as a fraction.
func (s *sums) rat(k int) *big.Rat {
	return new(big.Rat).SetFrac(&s.v[k], s.den)
}

// rats returns every cell as a fraction.
func (s *sums) rats() []*big.Rat {
	out := make([]*big.Rat, len(s.v))
	for k := range out {
		out[k] = s.rat(k)
	}
	return out
}
