package rank

import (
	"math/big"
	"slices"
)

// schulze counts pairwise preferences, finds the strongest paths and ranks
// by them.
func (c *counter) schulze(ballots []Ballot, classes []class) *Result {
	n := len(c.ids)
	sum := newSums(classes, n*n)
	count := make([]int64, n*n)
	lv := make([]int32, n)
	for ci, cl := range classes {
		clear(count)
		for _, bi := range cl.ballots {
			b := &ballots[bi]
			if !c.readRanks(bi, b) {
				continue
			}
			unranked := int32(len(b.Ranks))
			for j := range lv {
				lv[j] = unranked
			}
			for _, j := range c.ranked {
				lv[j] = c.level[j]
			}
			for i, li := range lv {
				if li == unranked {
					continue // an unranked candidate is above nobody
				}
				row := count[i*n : (i+1)*n]
				for j, lj := range lv {
					if li < lj {
						row[j]++
					}
				}
			}
		}
		for k, v := range count {
			sum.add(k, ci, v)
		}
	}
	if len(c.errs) > 0 {
		return nil
	}

	// Every cell shares the denominator sum.den, so the numerators compare
	// as the values do.
	q, strength := strongestPaths(sum.v, n)
	level := schulzeLevels(q, n)
	wins := make([]*big.Rat, n)
	for a := range n {
		w := int64(0)
		for b := range n {
			if q[a*n+b] > q[b*n+a] {
				w++
			}
		}
		wins[a] = big.NewRat(w, 1)
	}
	res := c.result(level, wins)
	pw := &Pairwise{Candidates: append([]string(nil), c.ids...), D: make([][]float64, n), P: make([][]float64, n)}
	pStrength := make([]float64, len(strength))
	for k, s := range strength {
		pStrength[k] = ratFloat(new(big.Rat).SetFrac(s, sum.den))
	}
	for i := range n {
		pw.D[i] = make([]float64, n)
		pw.P[i] = make([]float64, n)
		for j := range n {
			pw.D[i][j] = ratFloat(sum.rat(i*n + j))
			pw.P[i][j] = pStrength[q[i*n+j]]
		}
	}
	res.Pairwise = pw
	return res
}

// strongestPaths computes the strongest paths from the pairwise matrix d
// (n×n, row-major) with winning votes as the strength of a link. The
// widest-path search only takes minima and maxima, so it runs on the ranks
// of the distinct link strengths, small integers: exact, and as fast as
// integers. It returns the rank q of each path's strength (0 for no path)
// and strength[r], the value of rank r.
func strongestPaths(d []big.Int, n int) (q []int32, strength []*big.Int) {
	beats := func(i, j int) bool { return i != j && d[i*n+j].Cmp(&d[j*n+i]) > 0 }
	var links []*big.Int
	for i := range n {
		for j := range n {
			if beats(i, j) {
				links = append(links, &d[i*n+j])
			}
		}
	}
	slices.SortFunc(links, (*big.Int).Cmp)
	strength = []*big.Int{new(big.Int)}
	for _, l := range links {
		if l.Cmp(strength[len(strength)-1]) != 0 {
			strength = append(strength, l)
		}
	}

	q = make([]int32, n*n)
	for i := range n {
		for j := range n {
			if beats(i, j) {
				r, _ := slices.BinarySearchFunc(strength, &d[i*n+j], (*big.Int).Cmp)
				q[i*n+j] = int32(r)
			}
		}
	}
	for k := range n {
		for i := range n {
			qik := q[i*n+k]
			if i == k || qik == 0 {
				continue
			}
			row, via := q[i*n:(i+1)*n], q[k*n:(k+1)*n]
			for j := range n {
				if j == i || j == k {
					continue
				}
				if s := min(qik, via[j]); s > row[j] {
					row[j] = s
				}
			}
		}
	}
	return q, strength
}

// schulzeLevels ranks by the strongest paths: the first level is the
// candidates nobody beats (q[b][a] > q[a][b]), the next those nobody left
// beats, and so on. Schulze proves the relation transitive, so every round
// finds someone; the guard only keeps a bug from looping.
func schulzeLevels(q []int32, n int) []int {
	level := make([]int, n)
	remaining := make([]int, n)
	for i := range remaining {
		remaining[i] = i
	}
	for l := 0; len(remaining) > 0; l++ {
		var top, rest []int
		for _, a := range remaining {
			beaten := false
			for _, b := range remaining {
				if q[b*n+a] > q[a*n+b] {
					beaten = true
					break
				}
			}
			if beaten {
				rest = append(rest, a)
			} else {
				top = append(top, a)
			}
		}
		if len(top) == 0 {
			top, rest = remaining, nil
		}
		for _, a := range top {
			level[a] = l
		}
		remaining = rest
	}
	return level
}

// borda gives n-1 points for a first place down to 0 for the last; tied
// candidates, and the unranked ones together, share the points of the places
// they cover. Points are counted in halves, which are always whole.
func (c *counter) borda(ballots []Ballot, classes []class) *Result {
	n := len(c.ids)
	sum := newSums(classes, n)
	half := make([]int64, n)
	var below []int64
	for ci, cl := range classes {
		clear(half)
		var base int64 // half points every candidate gets from every ballot of the class
		for _, bi := range cl.ballots {
			b := &ballots[bi]
			if !c.readRanks(bi, b) {
				continue
			}
			unranked := int64(n - len(c.ranked))
			below = below[:0]
			for range c.sizes {
				below = append(below, 0)
			}
			acc := unranked
			for g := len(c.sizes) - 1; g >= 0; g-- {
				below[g] = acc
				acc += int64(c.sizes[g])
			}
			// Unranked candidates share 0..unranked-1 points: (unranked-1)/2
			// each, unranked-1 halves. Give that to everyone and correct the
			// ranked ones, so a ballot costs what it ranks.
			share := max(unranked-1, 0)
			base += share
			for _, j := range c.ranked {
				g := c.level[j]
				half[j] += 2*below[g] + int64(c.sizes[g]) - 1 - share
			}
		}
		for j := range half {
			sum.add(j, ci, half[j]+base)
		}
	}
	if len(c.errs) > 0 {
		return nil
	}
	points := sum.rats()
	for _, p := range points {
		p.Quo(p, big.NewRat(2, 1))
	}
	return c.result(levelsByValue(points), points)
}

// approval counts the weight of the ballots approving each candidate.
func (c *counter) approval(ballots []Ballot, classes []class) *Result {
	n := len(c.ids)
	sum := newSums(classes, n)
	count := make([]int64, n)
	for ci, cl := range classes {
		clear(count)
		for _, bi := range cl.ballots {
			if !c.readApproved(bi, &ballots[bi]) {
				continue
			}
			for _, j := range c.ranked {
				count[j]++
			}
		}
		for j, v := range count {
			sum.add(j, ci, v)
		}
	}
	if len(c.errs) > 0 {
		return nil
	}
	approvals := sum.rats()
	return c.result(levelsByValue(approvals), approvals)
}
