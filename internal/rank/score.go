package rank

import (
	"math"
	"math/big"
	"slices"
	"strings"
)

// wholeLimit bounds the scores added as integers; larger or fractional
// scores are added as fractions.
const wholeLimit = 1 << 30

// score sums the scores given to each candidate, with the weight of the
// ballots that gave them, and ranks by the sum or the average.
func (c *counter) score(ballots []Ballot, classes []class) *Result {
	n := len(c.ids)
	lo, hi := c.opt.scoreRange()
	wholeSum, scoredSum := newSums(classes, n), newSums(classes, n)
	fracSum := make([]*big.Rat, n) // weighted fractional scores, nil if none
	whole := make([]int64, n)
	frac := make([]*big.Rat, n) // fractional scores of the class, nil if none
	count := make([]int64, n)
	tmp := new(big.Rat)
	var bad ValidationErrors
	for ci, cl := range classes {
		clear(whole)
		clear(frac)
		clear(count)
		for _, bi := range cl.ballots {
			b := &ballots[bi]
			c.startBallot()
			ok := c.wrongFields(bi, b)
			bad = bad[:0]
			for id, s := range b.Scores {
				j, known := c.index[id]
				switch {
				case !known:
					bad.add(bi, "Scores", id, ReasonUnknownCandidate)
				case !finite(s):
					bad.add(bi, "Scores", id, ReasonNotFinite)
				case s < lo || s > hi:
					bad.add(bi, "Scores", id, ReasonOutOfRange)
				default:
					c.ranked = append(c.ranked, int32(j))
				}
			}
			if len(bad) > 0 {
				// Map order is random; report in candidate order.
				slices.SortFunc(bad, func(a, b *ValidationError) int { return strings.Compare(a.Candidate, b.Candidate) })
				c.errs = append(c.errs, bad...)
				ok = false
			}
			if !ok || len(c.errs) > 0 {
				continue
			}
			for _, j := range c.ranked {
				s := b.Scores[c.ids[j]]
				count[j]++
				if s == math.Trunc(s) && math.Abs(s) < wholeLimit {
					whole[j] += int64(s)
					continue
				}
				if frac[j] == nil {
					frac[j] = new(big.Rat)
				}
				frac[j].Add(frac[j], c.ratCache.get(s))
			}
		}
		for j := range n {
			wholeSum.add(j, ci, whole[j])
			scoredSum.add(j, ci, count[j])
			if frac[j] != nil {
				if fracSum[j] == nil {
					fracSum[j] = new(big.Rat)
				}
				fracSum[j].Add(fracSum[j], tmp.Mul(frac[j], cl.w))
			}
		}
	}
	if len(c.errs) > 0 {
		return nil
	}
	sum, scored := wholeSum.rats(), scoredSum.rats()
	for j, f := range fracSum {
		if f != nil {
			sum[j].Add(sum[j], f)
		}
	}

	avg := make([]*big.Rat, n)
	for j := range n {
		if scored[j].Sign() > 0 {
			avg[j] = new(big.Rat).Quo(sum[j], scored[j])
		}
	}
	value := sum
	if c.opt.scoreBy() == ScoreAverage {
		value = avg
	}
	res := c.result(levelsByValue(value), value)
	for k := range res.Candidates {
		cr := &res.Candidates[k]
		j := c.index[cr.ID]
		cr.Sum = ratFloat(sum[j])
		cr.Scored = ratFloat(scored[j])
		if avg[j] != nil {
			cr.Average = ratFloat(avg[j])
		}
	}
	return res
}
