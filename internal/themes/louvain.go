package themes

// wgraph is an undirected weighted graph; every edge is stored in both
// directions, and self[i] holds the weight of edges folded into node i
// (counted in both directions, as the modularity formula wants).
type wgraph struct {
	adj  [][]wedge
	self []float64
}

type wedge struct {
	to int32
	w  float32
}

// louvain partitions g by greedy modularity optimisation (Blondel et al.
// 2008) with resolution gamma: higher gamma gives more, smaller
// communities. Nodes are visited in index order, so the result is
// deterministic. init, when not nil, is the partition to start from (one
// community number per node, any numbering), which keeps a recomputation
// close to the previous one. It returns a community number per node,
// numbered 0.. in order of first node.
func louvain(g *wgraph, gamma float64, init []int) []int {
	n := len(g.adj)
	member := make([]int, n) // original node -> current node
	for i := range member {
		member[i] = i
	}
	cur := g
	start := init
	for level := 0; level < 20; level++ {
		comm, moved := localMoves(cur, gamma, start)
		start = nil
		for i := range member {
			member[i] = comm[member[i]]
		}
		if !moved && level > 0 {
			break
		}
		next := aggregate(cur, comm)
		if len(next.adj) == len(cur.adj) {
			break
		}
		cur = next
	}
	return renumber(member)
}

// stickiness is the extra weight a node gives its links to the community it
// started in, when starting from a previous partition.
const stickiness = 0.5

// localMoves moves nodes between communities while modularity improves and
// returns the communities numbered 0..c-1.
func localMoves(g *wgraph, gamma float64, init []int) ([]int, bool) {
	n := len(g.adj)
	comm := make([]int, n)
	k := make([]float64, n)
	tot := make([]float64, n)
	var m2 float64
	for i := range g.adj {
		k[i] = g.self[i]
		for _, e := range g.adj[i] {
			k[i] += float64(e.w)
		}
		m2 += k[i]
	}
	if init != nil {
		copy(comm, renumber(init))
	} else {
		for i := range comm {
			comm[i] = i
		}
	}
	for i := range comm {
		tot[comm[i]] += k[i]
	}
	if m2 == 0 {
		return renumber(comm), false
	}
	wc := make([]float64, n)
	var touched []int
	moved := false
	for pass := 0; pass < 20; pass++ {
		moves := 0
		for i := 0; i < n; i++ {
			ci := comm[i]
			touched = touched[:0]
			for _, e := range g.adj[i] {
				c := comm[e.to]
				if wc[c] == 0 {
					touched = append(touched, c)
				}
				wc[c] += float64(e.w)
			}
			tot[ci] -= k[i]
			stay := wc[ci]
			if init != nil {
				// Starting from the previous partition, a statement
				// leaves its theme only for a clearly better one, so
				// that one more statement does not reshuffle the view.
				stay *= 1 + stickiness
			}
			best, bestGain := ci, stay-gamma*tot[ci]*k[i]/m2
			for _, c := range touched {
				if gain := wc[c] - gamma*tot[c]*k[i]/m2; gain > bestGain+1e-12 {
					best, bestGain = c, gain
				}
			}
			for _, c := range touched {
				wc[c] = 0
			}
			tot[best] += k[i]
			if best != ci {
				comm[i] = best
				moves++
			}
		}
		if moves == 0 {
			break
		}
		moved = true
	}
	return renumber(comm), moved
}

// aggregate builds the graph whose nodes are the communities of g.
func aggregate(g *wgraph, comm []int) *wgraph {
	c := 0
	for _, x := range comm {
		c = max(c, x+1)
	}
	members := make([][]int32, c)
	for i, x := range comm {
		members[x] = append(members[x], int32(i))
	}
	out := &wgraph{adj: make([][]wedge, c), self: make([]float64, c)}
	acc := make([]float64, c)
	var touched []int
	for x := range members {
		touched = touched[:0]
		for _, i := range members[x] {
			out.self[x] += g.self[i]
			for _, e := range g.adj[i] {
				y := comm[e.to]
				if y == x {
					out.self[x] += float64(e.w)
					continue
				}
				if acc[y] == 0 {
					touched = append(touched, y)
				}
				acc[y] += float64(e.w)
			}
		}
		edges := make([]wedge, 0, len(touched))
		for _, y := range touched {
			edges = append(edges, wedge{int32(y), float32(acc[y])})
			acc[y] = 0
		}
		out.adj[x] = edges
	}
	return out
}

// renumber maps community labels to 0.. in order of first appearance.
func renumber(comm []int) []int {
	seen := make(map[int]int)
	out := make([]int, len(comm))
	for i, c := range comm {
		x, ok := seen[c]
		if !ok {
			x = len(seen)
			seen[c] = x
		}
		out[i] = x
	}
	return out
}
