package opinion

import (
	"errors"
	"fmt"
	"math"
	"math/bits"
	"slices"
	"sync"
)

// Vote values, in the package's sign convention.
const (
	Agree    int8 = 1
	Disagree int8 = -1
	Pass     int8 = 0
)

// FromPolisSign converts a vote from Pol.is's internal sign (agree = -1,
// disagree = +1) to this package's (agree = +1).
func FromPolisSign(v int8) int8 { return -v }

// Vote is one participant's vote on one statement.
type Vote struct {
	// Participant and Statement are the caller's stable ids.
	Participant int64 `json:"participant"`
	Statement   int64 `json:"statement"`
	// Value is Agree (+1), Disagree (-1) or Pass (0).
	Value int8 `json:"vote"`
	// Time orders votes of one participant on one statement: the latest
	// counts. Votes with equal times are ordered by value, so the outcome
	// never depends on the order of the input.
	Time int64 `json:"time,omitempty"`
}

// ErrBadVote is returned for a vote value other than -1, 0 or +1.
var ErrBadVote = errors.New("opinion: vote value must be -1, 0 or +1")

// Matrix is the participants x statements vote matrix, stored by rows in
// compressed form: only cells with a vote are kept (a pass is a kept 0).
// Rows are participants in ascending id order, columns statements in
// ascending id order; a Matrix never changes after it is built.
type Matrix struct {
	participants []int64 // row index -> participant id
	statements   []int64 // column index -> statement id
	rowPtr       []int64 // len rows+1
	col          []int32
	val          []int8
}

// NewMatrix builds the matrix from votes. A later vote of a participant on
// a statement replaces an earlier one. Only participants and statements
// with at least one vote get a row or a column.
func NewMatrix(votes []Vote) (*Matrix, error) {
	r := scanVotes(votes)
	if r.bad >= 0 {
		i := r.bad
		return nil, fmt.Errorf("vote %d (participant %d, statement %d): %w", i, votes[i].Participant, votes[i].Statement, ErrBadVote)
	}
	pIdx, pIDs, sIdx, sIDs := indexBoth(votes, r)
	if len(sIDs) >= 1<<30 {
		return nil, fmt.Errorf("opinion: %d statements: at most %d", len(sIDs), 1<<30-1)
	}
	m := &Matrix{participants: pIDs, statements: sIDs}
	n := len(pIDs)
	// Counting sort by row, in fixed chunks of votes: each chunk counts
	// its votes per row, then places them after the earlier chunks' votes
	// of the same row, which keeps the input order within a row. Each
	// vote travels as its column and value packed in 32 bits (column << 2
	// | value + 1), with its input position beside it for repeated votes.
	const vchunks = 8
	nv := len(votes)
	rows := make([]int32, nv)
	packed := make([]uint32, nv)
	chunkCounts := make([][]int32, vchunks)
	var wg0 sync.WaitGroup
	for ch := 0; ch < vchunks; ch++ {
		wg0.Add(1)
		go func() {
			defer wg0.Done()
			cnt := make([]int32, n)
			for i := nv * ch / vchunks; i < nv*(ch+1)/vchunks; i++ {
				v := &votes[i]
				r := pIdx(v.Participant)
				rows[i] = r
				packed[i] = uint32(sIdx(v.Statement))<<2 | uint32(v.Value+1)
				cnt[r]++
			}
			chunkCounts[ch] = cnt
		}()
	}
	wg0.Wait()
	counts := make([]int64, n+1)
	for r := 0; r < n; r++ {
		c := counts[r]
		for ch := 0; ch < vchunks; ch++ {
			k := chunkCounts[ch][r]
			chunkCounts[ch][r] = int32(c) // becomes this chunk's next slot
			c += int64(k)
		}
		counts[r+1] = c
	}
	order := make([]int32, nv)
	byRow := make([]uint32, nv)
	for ch := 0; ch < vchunks; ch++ {
		wg0.Add(1)
		go func() {
			defer wg0.Done()
			next := chunkCounts[ch]
			for i := nv * ch / vchunks; i < nv*(ch+1)/vchunks; i++ {
				r := rows[i]
				order[next[r]] = int32(i)
				byRow[next[r]] = packed[i]
				next[r]++
			}
		}()
	}
	wg0.Wait()
	chunkCounts, packed = nil, nil
	// Put each row in column order, in parallel chunks of rows, writing
	// the cells where the row's votes were (a row's cells are at most its
	// votes); the input position breaks ties and the winner among equal
	// columns is chosen by time and value, so the outcome does not depend
	// on the input order.
	const chunks = 8
	m.col = rows // read for the last time above: 40 MB less at 10M votes
	m.val = make([]int8, nv)
	lens := make([]int64, n)
	var wg sync.WaitGroup
	for ch := 0; ch < chunks; ch++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r0, r1 := n*ch/chunks, n*(ch+1)/chunks
			size := counts[r1] - counts[r0]
			if bitmapRows(len(sIDs), int(size), r1-r0) {
				// Few statements: each row's columns are marked in a
				// bitmap and read back in ascending order (d/64 words a
				// row instead of a sort), the winner of each column kept
				// in win; the input order of the segment breaks ties as
				// the sort's key does.
				mark := make([]uint64, (len(sIDs)+63)/64)
				win := make([]int64, len(sIDs))
				for r := r0; r < r1; r++ {
					lo, hi := len(mark), 0
					for k := counts[r]; k < counts[r+1]; k++ {
						c := byRow[k] >> 2
						w, b := int(c>>6), uint64(1)<<(c&63)
						if mark[w]&b == 0 {
							mark[w] |= b
							win[c] = k
							lo, hi = min(lo, w), max(hi, w)
						} else if voteBefore(&votes[order[win[c]]], &votes[order[k]]) {
							win[c] = k
						}
					}
					out := counts[r]
					for w := lo; w <= hi; w++ {
						for x := mark[w]; x != 0; x &= x - 1 {
							c := w<<6 | bits.TrailingZeros64(x)
							m.col[out] = int32(c)
							m.val[out] = int8(byRow[win[c]]&3) - 1
							out++
						}
						mark[w] = 0
					}
					lens[r] = out - counts[r]
				}
				return
			}
			var keys []uint64
			for r := r0; r < r1; r++ {
				seg := byRow[counts[r]:counts[r+1]]
				keys = keys[:0]
				for k, pc := range seg {
					keys = append(keys, uint64(pc>>2)<<32|uint64(k))
				}
				slices.Sort(keys)
				out := counts[r]
				for a := 0; a < len(keys); {
					c := keys[a] >> 32
					win := uint32(keys[a])
					b := a + 1
					for ; b < len(keys) && keys[b]>>32 == c; b++ {
						if k := uint32(keys[b]); voteBefore(&votes[order[counts[r]+int64(win)]], &votes[order[counts[r]+int64(k)]]) {
							win = k
						}
					}
					m.col[out] = int32(c)
					m.val[out] = int8(seg[win]&3) - 1
					out++
					a = b
				}
				lens[r] = out - counts[r]
			}
		}()
	}
	wg.Wait()
	// Rows with repeated votes leave gaps: close them (in place, forward).
	m.rowPtr = make([]int64, n+1)
	for r := 0; r < n; r++ {
		at := m.rowPtr[r]
		if at != counts[r] {
			copy(m.col[at:at+lens[r]], m.col[counts[r]:counts[r]+lens[r]])
			copy(m.val[at:at+lens[r]], m.val[counts[r]:counts[r]+lens[r]])
		}
		m.rowPtr[r+1] = at + lens[r]
	}
	if total := m.rowPtr[n]; total < int64(nv)*7/8 {
		m.col = slices.Clone(m.col[:total])
		m.val = slices.Clone(m.val[:total])
	} else {
		m.col = slices.Clip(m.col[:total])
		m.val = slices.Clip(m.val[:total])
	}
	return m, nil
}

// bitmapRows reports whether rows of a chunk (rows of them, holding
// votes votes) are put in column order with a bitmap of the d columns
// (d/64 words read per row) rather than sorted (about log2 of the row's
// length steps per vote).
func bitmapRows(d, votes, rows int) bool {
	if rows == 0 {
		return false
	}
	perRow := float64(votes) / float64(rows)
	return float64(d)/64 <= 4*perRow*math.Log2(perRow+2)
}

// voteBefore reports whether a counts as earlier than b.
func voteBefore(a, b *Vote) bool {
	if a.Time != b.Time {
		return a.Time < b.Time
	}
	return a.Value < b.Value
}

// indexBoth is indexIDs for the participants and the statements, given
// the ranges of both ([scanVotes]), marking both at once when both are
// dense small ids (the usual case: each pass over 10 million votes reads
// 320 MB).
// voteScan is what one pass over the votes finds: the ranges of the ids
// and the first vote whose value is not -1, 0 or +1 (-1 for none).
type voteScan struct {
	plo, phi, slo, shi int64
	bad                int
}

// scanVotes is [voteScan] over the votes, in parallel chunks (the
// ranges and the first bad vote do not depend on the split).
func scanVotes(votes []Vote) voteScan {
	const chunks = 8
	parts := make([]voteScan, chunks)
	var wg sync.WaitGroup
	for ch := 0; ch < chunks; ch++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			a, b := len(votes)*ch/chunks, len(votes)*(ch+1)/chunks
			r := voteScan{plo: math.MaxInt64, phi: math.MinInt64, slo: math.MaxInt64, shi: math.MinInt64, bad: -1}
			for i := a; i < b; i++ {
				v := &votes[i]
				r.plo, r.phi = min(r.plo, v.Participant), max(r.phi, v.Participant)
				r.slo, r.shi = min(r.slo, v.Statement), max(r.shi, v.Statement)
				if (v.Value < -1 || v.Value > 1) && r.bad < 0 {
					r.bad = i
				}
			}
			parts[ch] = r
		}()
	}
	wg.Wait()
	r := parts[0]
	for _, p := range parts[1:] {
		r.plo, r.phi = min(r.plo, p.plo), max(r.phi, p.phi)
		r.slo, r.shi = min(r.slo, p.slo), max(r.shi, p.shi)
		if r.bad < 0 {
			r.bad = p.bad
		}
	}
	return r
}

func indexBoth(votes []Vote, r voteScan) (pIdx func(int64) int32, pIDs []int64, sIdx func(int64) int32, sIDs []int64) {
	if len(votes) == 0 {
		return func(int64) int32 { return 0 }, nil, func(int64) int32 { return 0 }, nil
	}
	limit := int64(4*len(votes) + 1024)
	if r.plo < 0 || r.phi >= limit || r.slo < 0 || r.shi >= limit {
		pIdx, pIDs = indexIDs(votes, func(v *Vote) int64 { return v.Participant })
		sIdx, sIDs = indexIDs(votes, func(v *Vote) int64 { return v.Statement })
		return pIdx, pIDs, sIdx, sIDs
	}
	// The two tables are marked at once, each by its own goroutine.
	pSeen := make([]int32, r.phi+1)
	sSeen := make([]int32, r.shi+1)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := range votes {
			sSeen[votes[i].Statement] = 1
		}
	}()
	for i := range votes {
		pSeen[votes[i].Participant] = 1
	}
	wg.Wait()
	dense := func(seen []int32) []int64 {
		var ids []int64
		for id, s := range seen {
			if s != 0 {
				seen[id] = int32(len(ids))
				ids = append(ids, int64(id))
			}
		}
		return ids
	}
	pIDs, sIDs = dense(pSeen), dense(sSeen)
	return func(id int64) int32 { return pSeen[id] }, pIDs, func(id int64) int32 { return sSeen[id] }, sIDs
}

// indexIDs returns a function from id to dense index in ascending id order,
// and the ids. Dense small ids use a table, others a map.
func indexIDs(votes []Vote, key func(*Vote) int64) (func(int64) int32, []int64) {
	if len(votes) == 0 {
		return func(int64) int32 { return 0 }, nil
	}
	lo, hi := key(&votes[0]), key(&votes[0])
	for i := range votes {
		k := key(&votes[i])
		lo, hi = min(lo, k), max(hi, k)
	}
	if lo >= 0 && hi < int64(4*len(votes)+1024) {
		seen := make([]int32, hi+1)
		for i := range votes {
			seen[key(&votes[i])] = 1
		}
		var ids []int64
		for id, s := range seen {
			if s != 0 {
				seen[id] = int32(len(ids))
				ids = append(ids, int64(id))
			}
		}
		return func(id int64) int32 { return seen[id] }, ids
	}
	idx := make(map[int64]int32)
	for i := range votes {
		idx[key(&votes[i])] = 0
	}
	ids := make([]int64, 0, len(idx))
	for id := range idx {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for i, id := range ids {
		idx[id] = int32(i)
	}
	return func(id int64) int32 { return idx[id] }, ids
}

// Participants returns the participant ids, one per row, ascending.
func (m *Matrix) Participants() []int64 { return m.participants }

// Statements returns the statement ids, one per column, ascending.
func (m *Matrix) Statements() []int64 { return m.statements }

// Rows returns the number of participants.
func (m *Matrix) Rows() int { return len(m.participants) }

// Cols returns the number of statements.
func (m *Matrix) Cols() int { return len(m.statements) }

// NumVotes returns the number of cells with a vote.
func (m *Matrix) NumVotes() int { return len(m.col) }

// row returns the columns and values of row r.
func (m *Matrix) row(r int) ([]int32, []int8) {
	a, b := m.rowPtr[r], m.rowPtr[r+1]
	return m.col[a:b], m.val[a:b]
}

// Votes returns the matrix as votes (one per cell), in row order.
func (m *Matrix) Votes() []Vote {
	out := make([]Vote, 0, len(m.col))
	for r := range m.participants {
		cs, vs := m.row(r)
		for k, c := range cs {
			out = append(out, Vote{Participant: m.participants[r], Statement: m.statements[c], Value: vs[k]})
		}
	}
	return out
}
