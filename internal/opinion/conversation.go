package opinion

import (
	"slices"
	"sync"
)

// Conversation keeps the votes of a growing conversation between
// analyses, for a caller that analyses it on every burst of votes (the
// web product). An update costs less than a full analysis from votes:
// only the participants who voted are re-merged into the matrix (no sort
// of all votes, no id maps), the principal components start from the
// previous ones, and an unchanged conversation returns the cached result.
// The result is that of [AnalyzeVotes] on all the votes, up to the PCA
// tolerance (see docs/OPINION.md).
//
// A Conversation is safe for concurrent use.
type Conversation struct {
	mu      sync.Mutex
	opts    Options
	pending []Vote
	// The current matrix with the time of every cell.
	m     *Matrix
	times []int64
	last  *Result
	// comps are the last analysis's leading components, by statement id.
	comps   [][]float64
	compIDs []int64
	// Products counts the matrix-vector products of the last analysis.
	products int
	// spareCol, spareVal and spareTimes are the previous matrix's cell
	// arrays, reused by the next merge.
	spareCol   []int32
	spareVal   []int8
	spareTimes []int64
	// acc holds the pair sums of the current matrix (plenary mode, when
	// they are worth keeping), updated for the rows that change.
	acc *coacc
}

// NewConversation returns an empty conversation analysed with opts.
func NewConversation(opts Options) *Conversation {
	return &Conversation{opts: opts}
}

// Add records votes; they count from the next [Conversation.Result].
func (c *Conversation) Add(votes ...Vote) error {
	for i := range votes {
		if v := votes[i].Value; v < -1 || v > 1 {
			return ErrBadVote
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.pending = append(c.pending, votes...)
	return nil
}

// SetOptions changes the options of later analyses.
func (c *Conversation) SetOptions(opts Options) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.opts = opts
	c.last = nil
}

// Matrix returns a copy of the current vote matrix, with the pending
// votes merged. (A copy: the conversation reuses its cell arrays.)
func (c *Conversation) Matrix() *Matrix {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.merge()
	if c.m == nil {
		return nil
	}
	m := *c.m
	m.col, m.val = slices.Clone(m.col), slices.Clone(m.val)
	return &m
}

// Products returns the number of matrix-vector products the last analysis
// needed for its principal components.
func (c *Conversation) Products() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.products
}

// Result analyses the conversation, or returns the last result if no vote
// came since.
func (c *Conversation) Result() (*Result, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.last != nil && len(c.pending) == 0 {
		return c.last, nil
	}
	c.merge()
	if c.m == nil {
		return nil, ErrNoVotes
	}
	opts := c.opts
	if opts.Mode == ModePlenary || opts.Mode == "" {
		if c.acc == nil && coaccWorthIt(c.m) {
			c.acc = newCoacc(c.m)
		}
		if c.acc != nil {
			opts.acc = c.acc
		} else {
			opts.warm = c.warmStart()
		}
	}
	res, err := Analyze(c.m, opts)
	if err != nil {
		return nil, err
	}
	c.last = res
	c.products = res.PCA.Iterations
	if opts.warm != nil || opts.Mode == ModePlenary || opts.Mode == "" {
		c.comps = res.pcaAll
		c.compIDs = res.PCA.Statements
	}
	return res, nil
}

// warmStart aligns the previous components with the current columns.
func (c *Conversation) warmStart() [][]float64 {
	if len(c.comps) == 0 {
		return nil
	}
	out := make([][]float64, len(c.comps))
	for i, comp := range c.comps {
		v := make([]float64, c.m.Cols())
		for col, id := range c.m.statements {
			if k, ok := slices.BinarySearch(c.compIDs, id); ok {
				v[col] = comp[k]
			}
		}
		out[i] = v
	}
	return out
}

// merge folds the pending votes into the matrix, touching only the rows
// of participants who voted (the others are copied).
func (c *Conversation) merge() {
	if len(c.pending) == 0 {
		return
	}
	delta := c.pending
	c.pending = nil
	old := c.m
	if old == nil {
		old = &Matrix{rowPtr: []int64{0}}
	}
	// Ids after the merge: the burst's distinct ids (indexIDs: a table for
	// dense ids) merged with the old ones.
	_, newP := indexIDs(delta, func(v *Vote) int64 { return v.Participant })
	_, newS := indexIDs(delta, func(v *Vote) int64 { return v.Statement })
	pids := mergeIDs(old.participants, newP)
	sids := mergeIDs(old.statements, newS)
	// Old column -> new column.
	remap := make([]int32, len(old.statements))
	same := true // old columns keep their index
	for k, id := range old.statements {
		j, _ := slices.BinarySearch(sids, id)
		remap[k] = int32(j)
		same = same && j == k
	}
	if c.acc != nil {
		if len(sids) > coaccMaxCols {
			c.acc = nil
		} else if len(sids) != c.acc.d {
			c.acc.remap(len(sids), remap)
		}
	}
	var oldRemapped []int32
	// Pending votes by participant, in order of arrival (a counting sort
	// by row: stable, linear).
	delta = groupByParticipant(delta, pids)
	m := &Matrix{participants: pids, statements: sids, rowPtr: make([]int64, len(pids)+1)}
	total := len(old.col) + len(delta)
	// The cells go into the arrays of the matrix before the current one
	// when they are large enough: fresh memory costs a page fault per 4
	// KiB (10 M votes: 130 MB, 30,000 faults, 0.2-0.4 s on this kind of
	// virtual machine), reused memory nothing.
	m.col = reuseBuf(c.spareCol, total)
	m.val = reuseBuf(c.spareVal, total)
	times := reuseBuf(c.spareTimes, total)
	c.spareCol, c.spareVal, c.spareTimes = nil, nil, nil
	oi, di := 0, 0
	type cell struct {
		col  int32
		val  int8
		time int64
	}
	var merged []cell
	colOf := func(id int64) int32 {
		j, _ := slices.BinarySearch(sids, id)
		return int32(j)
	}
	if n := len(sids); n > 0 && sids[0] >= 0 && sids[n-1] < int64(4*len(delta)+1024) {
		// Dense ids: a table from id to column.
		table := make([]int32, sids[n-1]+1)
		for j, id := range sids {
			table[id] = int32(j)
		}
		colOf = func(id int64) int32 { return table[id] }
	}
	for r := 0; r < len(pids); r++ {
		id := pids[r]
		if same && oi < len(old.participants) && old.participants[oi] == id && (di == len(delta) || delta[di].Participant != id) {
			// A run of old rows without new votes, up to the next voter
			// (every newcomer has a vote, so no new row is in between),
			// copied at once.
			end := len(old.participants)
			if di < len(delta) {
				end, _ = slices.BinarySearch(old.participants, delta[di].Participant)
			}
			a, b := old.rowPtr[oi], old.rowPtr[end]
			base := int64(len(m.col))
			m.col = append(m.col, old.col[a:b]...)
			m.val = append(m.val, old.val[a:b]...)
			times = append(times, c.times[a:b]...)
			for t := 1; t <= end-oi; t++ {
				m.rowPtr[r+t] = old.rowPtr[oi+t] - a + base
			}
			r += end - oi - 1
			oi = end
			continue
		}
		var oldCols []int32
		var oldVals []int8
		var oldTimes []int64
		if oi < len(old.participants) && old.participants[oi] == id {
			a, b := old.rowPtr[oi], old.rowPtr[oi+1]
			oldCols, oldVals, oldTimes = old.col[a:b], old.val[a:b], c.times[a:b]
			oi++
		}
		d0 := di
		for di < len(delta) && delta[di].Participant == id {
			di++
		}
		if d0 == di && same {
			m.col = append(m.col, oldCols...)
			m.val = append(m.val, oldVals...)
			times = append(times, oldTimes...)
			m.rowPtr[r+1] = int64(len(m.col))
			continue
		}
		// Old cells first, then the new votes in order of arrival; sort by
		// column (stable) and keep, per column, the vote that counts as
		// latest.
		merged = merged[:0]
		for k, col := range oldCols {
			merged = append(merged, cell{remap[col], oldVals[k], oldTimes[k]})
		}
		touched := d0 != di && c.acc != nil
		if touched {
			oldRemapped = oldRemapped[:0]
			for _, col := range oldCols {
				oldRemapped = append(oldRemapped, remap[col])
			}
			c.acc.addRow(oldRemapped, oldVals, -1)
		}
		for _, v := range delta[d0:di] {
			merged = append(merged, cell{colOf(v.Statement), v.Value, v.Time})
		}
		slices.SortStableFunc(merged, func(a, b cell) int { return int(a.col - b.col) })
		w := 0
		for k := 0; k < len(merged); {
			best := merged[k]
			e := k + 1
			for ; e < len(merged) && merged[e].col == best.col; e++ {
				cur := Vote{Value: best.val, Time: best.time}
				nv := Vote{Value: merged[e].val, Time: merged[e].time}
				if !voteBefore(&nv, &cur) {
					best = merged[e]
				}
			}
			merged[w] = best
			w++
			k = e
		}
		merged = merged[:w]
		a := len(m.col)
		for _, x := range merged {
			m.col = append(m.col, x.col)
			m.val = append(m.val, x.val)
			times = append(times, x.time)
		}
		if touched {
			c.acc.addRow(m.col[a:], m.val[a:], 1)
		}
		m.rowPtr[r+1] = int64(len(m.col))
	}
	// Nothing outside holds the old cell arrays (Matrix returns copies,
	// results copy what they keep): they are the next merge's.
	c.spareCol, c.spareVal, c.spareTimes = old.col, old.val, c.times
	c.m = m
	c.times = times
}

// mergeIDs returns the sorted union of two sorted id lists without
// duplicates.
func mergeIDs(a, b []int64) []int64 {
	out := make([]int64, 0, len(a)+len(b))
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case j == len(b) || (i < len(a) && a[i] < b[j]):
			out = append(out, a[i])
			i++
		case i == len(a) || b[j] < a[i]:
			out = append(out, b[j])
			j++
		default:
			out = append(out, a[i])
			i++
			j++
		}
	}
	return out
}

// groupByParticipant orders votes by participant (pids lists every one,
// ascending), keeping the order of arrival within a participant.
func groupByParticipant(votes []Vote, pids []int64) []Vote {
	row := make([]int32, len(votes))
	count := make([]int, len(pids)+1)
	rowOf := func(id int64) int {
		r, _ := slices.BinarySearch(pids, id)
		return r
	}
	if n := len(pids); n > 0 && pids[0] >= 0 && pids[n-1] < int64(4*len(votes)+1024) {
		// Dense ids: a table from id to row.
		table := make([]int32, pids[n-1]+1)
		for r, id := range pids {
			table[id] = int32(r)
		}
		rowOf = func(id int64) int { return int(table[id]) }
	}
	for i := range votes {
		r := rowOf(votes[i].Participant)
		row[i] = int32(r)
		count[r+1]++
	}
	for r := 1; r < len(count); r++ {
		count[r] += count[r-1]
	}
	out := make([]Vote, len(votes))
	for i := range votes {
		out[count[row[i]]] = votes[i]
		count[row[i]]++
	}
	return out
}

// reuseBuf returns buf emptied if it can hold n elements, else a new
// slice with room for n and an eighth more (later bursts grow the room).
func reuseBuf[T any](buf []T, n int) []T {
	if cap(buf) >= n {
		return buf[:0]
	}
	return make([]T, 0, n+n/8)
}
