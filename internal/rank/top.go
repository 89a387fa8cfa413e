package rank

// Top is the answer to "which n candidates come first", with any tie across
// the cut spelled out rather than silently settled.
type Top struct {
	N int `json:"n"`

	// Selected are the candidates in the top N whatever the tie-break:
	// every candidate placed strictly above the cut, in order.
	Selected []string `json:"selected"`

	// Tied are the candidates that share the position the cut falls in,
	// in tie-break order; empty when no tie crosses the cut. Only Seats of
	// them fit.
	Tied  []string `json:"tied,omitempty"`
	Seats int      `json:"seats,omitempty"`

	// Chosen is the top N with the tie-break applied: Selected followed by
	// the first Seats of Tied. Use it only where the meeting agreed to the
	// tie-break rule beforehand; otherwise put Tied to the meeting.
	Chosen []string `json:"chosen"`
}

// Decided reports whether the top N needs no tie-break.
func (t Top) Decided() bool { return len(t.Tied) == 0 }

// Status says where a candidate stands relative to a [Top].
type Status string

// The statuses of [Top.Status].
const (
	StatusIn   Status = "in"   // in Selected
	StatusTied Status = "tied" // in Tied: in or out depends on the tie-break
	StatusOut  Status = "out"  // below the cut
)

// Status returns where the candidate stands.
func (t Top) Status(id string) Status {
	for _, s := range t.Selected {
		if s == id {
			return StatusIn
		}
	}
	for _, s := range t.Tied {
		if s == id {
			return StatusTied
		}
	}
	return StatusOut
}

// TopN returns the first n candidates. When the candidates at places n and
// n+1 share a position, the tie crosses the cut: every candidate of that
// position goes to Tied, and Chosen takes from them in the tie-break order
// (see [Options.TieBreak]). n larger than the number of candidates takes
// them all; n <= 0 takes none.
func (r *Result) TopN(n int) Top {
	cs := r.Candidates
	n = max(0, min(n, len(cs)))
	t := Top{N: n, Selected: []string{}, Chosen: []string{}}
	for _, c := range cs[:n] {
		t.Chosen = append(t.Chosen, c.ID)
	}
	if n == 0 || n == len(cs) || cs[n].Position != cs[n-1].Position {
		t.Selected = append(t.Selected, t.Chosen...)
		return t
	}
	cut := cs[n-1].Position
	for _, c := range cs {
		switch {
		case c.Position < cut:
			t.Selected = append(t.Selected, c.ID)
		case c.Position == cut:
			t.Tied = append(t.Tied, c.ID)
		}
	}
	t.Seats = n - len(t.Selected)
	return t
}
