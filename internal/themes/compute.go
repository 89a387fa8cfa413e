package themes

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
)

// DefaultMinSimilarity is the lowest lexical similarity that links two
// statements when Options.MinSimilarity is 0. Below it, word and character
// n-gram cosines mostly come from shared common words.
const DefaultMinSimilarity = 0.2

// DefaultEmbeddingMinSimilarity is the default for embeddings, whose
// cosines run higher.
const DefaultEmbeddingMinSimilarity = 0.5

// resolution is the Louvain resolution at granularity 1 for n statements.
// Themes are meant to hold statements that say the same thing, finer than
// topics: on the banking77 train split (10k queries) 2 gave about as many
// themes as intents. Modularity merges more as graphs grow (its
// "resolution limit"), so the resolution grows slowly with n: 1.25 for a
// handful of statements, 2 at 10k, 2.5 at a million.
func resolution(n int) float64 {
	r := 1 + math.Log10(float64(max(n, 10)))/4
	if n > resolutionRef {
		r *= math.Sqrt(float64(n) / resolutionRef)
	}
	return r
}

const resolutionRef = 10_000

// crossMinFactor lowers the link threshold for pairs in different
// languages: their similarity rests on partial dictionaries and runs lower
// for the same meaning. Such links carry a lower confidence.
const crossMinFactor = 0.6

// ErrDuplicateID is returned when two statements share an id.
var ErrDuplicateID = errors.New("themes: duplicate statement id")

// Compute groups statements into themes. It returns an error only for bad
// input (duplicate ids) or when ctx ends; an embedder that fails is
// reported in Result.Warnings and the lexical engine is used instead.
func Compute(ctx context.Context, stmts []Statement, opts Options) (*Result, error) {
	stmts = withIDs(stmts)
	pos := make(map[string]int, len(stmts))
	for i, s := range stmts {
		if _, dup := pos[s.ID]; dup {
			return nil, fmt.Errorf("%w: %q", ErrDuplicateID, s.ID)
		}
		pos[s.ID] = i
	}
	res := &Result{Method: "lexical", Themes: []Theme{}, Statements: []Assignment{}, Links: []Link{}}
	if opts.Translator != nil {
		res.Method = "lexical+dictionaries"
	}
	texts := make([]TextInput, len(stmts))
	raw := make([]string, len(stmts))
	for i, s := range stmts {
		texts[i] = TextInput{Text: s.Text, Lang: s.Language}
		raw[i] = s.Text
	}
	model, err := NewModel(ctx, texts, opts.Translator)
	if err != nil {
		return nil, err
	}
	k := opts.Neighbors
	if k <= 0 {
		k = 10
	}
	minSim := opts.MinSimilarity
	vecs := model.Vectors
	var dense []Vector
	if opts.Embedder != nil && len(stmts) > 0 {
		embs, err := opts.Embedder.Embed(ctx, raw)
		if err == nil && len(embs) != len(stmts) {
			err = fmt.Errorf("embedder returned %d vectors for %d statements", len(embs), len(stmts))
		}
		if err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			res.Warnings = append(res.Warnings, fmt.Sprintf("embedder failed, lexical similarity used instead: %v", err))
		} else {
			dense = make([]Vector, len(embs))
			for i, e := range embs {
				dense[i] = denseToVector(e)
			}
			res.Method = "embedding"
		}
	}
	if minSim <= 0 {
		minSim = DefaultMinSimilarity
		if dense != nil {
			minSim = DefaultEmbeddingMinSimilarity
		}
	}
	var nbrs [][]neighbor
	if dense != nil {
		// Lexical neighbours (a wider net) are the candidates for large
		// sets; small sets are compared in full.
		lp := defaultKNN(4*k, 0.05)
		lp.df = model.docFreq
		lex, err := nearestNeighbors(ctx, vecs, lp)
		if err != nil {
			return nil, err
		}
		nbrs, err = denseNeighbors(ctx, dense, lex, k, minSim)
		if err != nil {
			return nil, err
		}
		vecs = dense
	} else {
		p := defaultKNN(k, minSim)
		p.df = model.docFreq
		if opts.Translator != nil {
			p.score = model.Similarity
			p.crossMin = func(i, j int) float64 {
				if model.Langs[i] != model.Langs[j] {
					return crossMinFactor * minSim
				}
				return minSim
			}
		}
		nbrs, err = nearestNeighbors(ctx, vecs, p)
		if err != nil {
			return nil, err
		}
	}
	dups, err := nearDuplicates(ctx, raw, 8)
	if err != nil {
		return nil, err
	}
	links := collectLinks(nbrs, dups)
	g := buildGraph(len(stmts), links)

	gran := opts.Granularity
	if gran <= 0 {
		gran = 1
	}
	// The similarity used to cluster and to judge members: exact, with
	// near-duplicates at least their estimated overlap.
	sim := func(i, j int) float64 {
		if dense != nil {
			return math.Max(0, denseDot(dense[i], dense[j]))
		}
		if opts.Translator != nil && model.Langs[i] != model.Langs[j] {
			// Translated similarities run lower for the same meaning.
			return math.Min(1, model.Similarity(i, j)/crossJoinFactor)
		}
		return model.Similarity(i, j)
	}
	dupSim := func(i, j int) float64 {
		a, b := int32(min(i, j)), int32(max(i, j))
		if jac, ok := dups[[2]int32{a, b}]; ok {
			return jac
		}
		return 0
	}
	var wv [][]float32
	if dense == nil && opts.WordVectors != nil && len(stmts) <= maxLinkage {
		wv = meanWordVectors(model, opts.WordVectors)
	}
	lexical := sim
	if wv != nil {
		sim = func(i, j int) float64 {
			s := lexical(i, j)
			if wv[i] == nil || wv[j] == nil {
				return s
			}
			return (1-wordVectorWeight)*s + wordVectorWeight*float64(dot32(wv[i], wv[j]))
		}
	}
	exact := func(i, j int) float64 { return math.Max(sim(i, j), dupSim(i, j)) }
	join := opts.JoinSimilarity
	if join <= 0 {
		join = DefaultJoinSimilarity
		if dense != nil {
			join = DefaultEmbeddingJoinSimilarity
		} else if wv != nil {
			join = DefaultWordVectorJoinSimilarity
		}
	}
	// Granularity g raises the join to the power 1/√g: 0.25 gives 0.13,
	// 4 gives 0.6 from the default. The power 1/g (0.017 at 0.25) joined
	// almost everything into one theme at low granularity.
	join = math.Pow(join, 1/math.Sqrt(gran))
	var comm []int
	judged := exact // the similarity members are judged by when trimming
	if n := len(stmts); n <= maxLinkage {
		tri, err := pairSimilarities(ctx, n, exact)
		if err != nil {
			return nil, err
		}
		var raised map[[2]int32]bool
		if dense == nil && opts.Translator != nil {
			if raised = joinTranslations(tri, model.Langs, join); len(raised) > 0 {
				// A translation joined by its margin is not taken out
				// again for its low dictionary similarity.
				judged = func(i, j int) float64 {
					if raised[[2]int32{int32(min(i, j)), int32(max(i, j))}] {
						return math.Max(exact(i, j), (1+join)/2)
					}
					return exact(i, j)
				}
			}
		}
		localScale(tri, n, localK)
		for p := range raised {
			// A translation joined by its margin stays joined.
			tri.set(int(p[0]), int(p[1]), max(tri.at(int(p[0]), int(p[1])), float32((1+join)/2)))
		}
		comm = cutMerges(n, averageLinkage(tri, n), join, opts.TargetThemes)
	} else {
		var init []int
		if opts.Previous != nil {
			init = previousPartition(stmts, opts.Previous)
		}
		gamma := gran * resolution(len(stmts))
		comm = louvain(g, gamma, init)
		if opts.TargetThemes > 0 {
			comm = toTarget(g, vecs, gamma, init, comm, opts.TargetThemes)
		}
	}
	if opts.TargetThemes == 0 {
		floor := trimFactor * join
		if len(stmts) > maxLinkage {
			// Louvain's themes are broader than a join at the linkage
			// threshold: only members that hardly agree with theirs
			// are left out.
			floor = louvainTrim
		}
		comm = trimMembers(comm, judged, floor)
	}
	res.Groups, res.Regions = countDistinct(stmts)
	b := &builder{stmts: stmts, pos: pos, model: model, vecs: vecs, links: links, res: res, dups: dups, sim: exact}
	b.build(comm, opts)
	return res, nil
}

// DefaultJoinSimilarity is the lowest mean lexical similarity, locally
// scaled ([localScale]), at which two groups of statements join one theme
// (see Options.JoinSimilarity). Chosen precision first on simulated
// meetings from banking77 (docs/THEMES.md): 0.77 of the pairs of statements
// from different groups it puts in one theme share an intent, at recall
// 0.21; below it, themes that span groups hold different requests more
// often.
const DefaultJoinSimilarity = 0.36

// DefaultWordVectorJoinSimilarity is the default join when word vectors
// are mixed in (Options.WordVectors), chosen as DefaultJoinSimilarity was:
// on the banking77 meetings, precision 0.770 at recall 0.236 (0.756 at
// 0.195 on meetings from the train split, where the lexical default gives
// 0.733 at 0.172).
const DefaultWordVectorJoinSimilarity = 0.38

// wordVectorWeight is the share of the word vectors' cosine in the
// similarity of two English statements when word vectors are given.
const wordVectorWeight = 0.3

// meanWordVectors returns, for each English statement with at least one
// known content word, the mean of its words' vectors, less the mean of
// those over the statements (what every statement of a meeting shares
// says nothing about which of them agree), scaled to unit length; nil for
// the others, and nil altogether when fewer than three statements have one.
func meanWordVectors(model *Model, vecs WordVectors) [][]float32 {
	n := len(model.Langs)
	out := make([][]float32, n)
	var mean []float64
	count := 0
	for i := 0; i < n; i++ {
		if model.Langs[i] != "en" {
			continue
		}
		var sum []float64
		for _, t := range model.tokens[i] {
			v := vecs.Vector(t.Surface)
			if v == nil {
				continue
			}
			if sum == nil {
				sum = make([]float64, len(v))
			}
			if len(v) != len(sum) {
				continue
			}
			for k, x := range v {
				sum[k] += float64(x)
			}
		}
		if sum == nil {
			continue
		}
		if mean == nil {
			mean = make([]float64, len(sum))
		}
		if len(sum) != len(mean) {
			continue
		}
		var norm float64
		for _, x := range sum {
			norm += x * x
		}
		if norm == 0 {
			continue
		}
		norm = math.Sqrt(norm)
		v := make([]float32, len(sum))
		for k, x := range sum {
			v[k] = float32(x / norm)
			mean[k] += x / norm
		}
		out[i] = v
		count++
	}
	if count < 3 {
		return nil
	}
	for _, v := range out {
		if v == nil {
			continue
		}
		var norm float64
		for k := range v {
			v[k] -= float32(mean[k] / float64(count))
			norm += float64(v[k]) * float64(v[k])
		}
		if norm == 0 {
			continue
		}
		inv := float32(1 / math.Sqrt(norm))
		for k := range v {
			v[k] *= inv
		}
	}
	return out
}

func dot32(a, b []float32) float32 {
	var s float32
	for k := range a {
		s += a[k] * b[k]
	}
	return s
}

// DefaultEmbeddingJoinSimilarity is the default for embeddings.
const DefaultEmbeddingJoinSimilarity = 0.5

// crossJoinFactor scales up similarities between statements in different
// languages when clustering, since dictionary translations give lower
// scores for the same meaning (as crossMinFactor does for links).
const crossJoinFactor = 0.6

// crossMargin is how far a pair of statements in different languages must
// stand above each one's best other match to count as one idea written in
// two languages (see [joinTranslations]).
const crossMargin = 1.5

// crossNear is how close to a statement's best match in another language a
// pair must be (a share of it) to count as that best match: a statement
// and its duplicate are both the best match of their translation.
const crossNear = 0.8

// crossFloor is the least similarity (as scaled for clustering) of a pair
// in different languages taken for a translation: the link threshold of
// such pairs (crossMinFactor × DefaultMinSimilarity, scaled up by
// crossJoinFactor). Below it, a match rests on a word or two.
const crossFloor = crossMinFactor * DefaultMinSimilarity / crossJoinFactor

// joinTranslations raises to halfway between join and 1 the similarity of
// pairs of statements in different languages that are each other's best
// match in the other's language (duplicates included) and that stand out:
// at least crossMargin times the best similarity each statement has to
// another statement of the other's language that says something else (not
// joined to its match). This is a margin, as used to mine translations
// from parallel text: dictionary similarities across languages run low and
// vary with the words the dictionaries know, so how far a match stands out
// says more than its value; the same idea written in two languages then
// makes one theme. A pair already above the join is raised too (unless it
// is at the raised level already): in average linkage, one pair above the
// join does not bring the two statements' themes together.
// It returns the pairs raised.
func joinTranslations(s simTriangle, langs []string, join float64) map[[2]int32]bool {
	n := len(langs)
	var names []string
	idx := make([]int, n)
	for i, l := range langs {
		k := slices.Index(names, l)
		if k < 0 {
			k = len(names)
			names = append(names, l)
		}
		idx[i] = k
	}
	if len(names) < 2 {
		return nil
	}
	L := len(names)
	best := make([]float32, n*L) // best similarity of i in language l
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			if l := idx[j]; l != idx[i] {
				best[i*L+l] = max(best[i*L+l], s.at(i, j))
			}
		}
	}
	// other returns a's best similarity to a statement in b's language
	// that is not b nor joined to it.
	other := func(a, b int) float32 {
		var o float32
		for k := 0; k < n; k++ {
			if idx[k] == idx[b] && k != b && float64(s.at(b, k)) < join {
				o = max(o, s.at(a, k))
			}
		}
		return o
	}
	type raise struct{ i, j int }
	var raises []raise
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			li, lj := idx[i], idx[j]
			if li == lj {
				continue
			}
			v := s.at(i, j)
			if float64(v) < crossFloor || float64(v) >= (1+join)/2 || v < crossNear*best[i*L+lj] || v < crossNear*best[j*L+li] {
				continue
			}
			if float64(v) >= crossMargin*float64(other(i, j)) && float64(v) >= crossMargin*float64(other(j, i)) {
				raises = append(raises, raise{i, j})
			}
		}
	}
	// Halfway between the join and 1, so that the statements joined
	// to each side (their duplicates, other phrasings) follow.
	out := make(map[[2]int32]bool, len(raises))
	for _, r := range raises {
		s.set(r.i, r.j, float32((1+join)/2))
		out[[2]int32{int32(r.i), int32(r.j)}] = true
	}
	return out
}

// localK is the size of the neighbourhood that [localScale] measures each
// statement's general similarity over.
const localK = 20

// localScale rescales every pair's similarity by how similar its two
// statements are to their neighbourhoods in general: it subtracts the mean
// of the two statements' mean similarity to their k most similar others
// and adds back that mean's average over all statements, so that the scale
// (and the join) stays where it was for a typical statement. A statement
// written in the common words of a meeting ("my card", "the payment") is
// close to many others without saying the same thing as any of them; it
// no longer pulls unrelated statements into its theme, while a statement
// close to a few others and to nothing else joins them more readily. This
// is cross-domain similarity local scaling (CSLS, Conneau et al. 2018,
// "Word translation without parallel data"), the hubness reduction of
// nearest-neighbour retrieval, and the same idea as the margin that
// [joinTranslations] applies across languages. It changes only the
// clustering; members are judged, and their confidence set, on their
// similarities as they were.
func localScale(s simTriangle, n, k int) {
	if n < 3 {
		return
	}
	k = min(k, n-1)
	r := make([]float64, n)
	_ = parallel(context.Background(), n, func(i int) {
		// The k largest of row i, kept in falling order: most values are
		// below the k-th and cost one comparison.
		top := make([]float32, 0, k)
		for j := 0; j < n; j++ {
			if j == i {
				continue
			}
			v := s.at(i, j)
			if len(top) == k && v <= top[k-1] {
				continue
			}
			at, _ := slices.BinarySearchFunc(top, v, func(a, b float32) int { return cmp.Compare(b, a) })
			if len(top) < k {
				top = append(top, 0)
			}
			copy(top[at+1:], top[at:len(top)-1])
			top[at] = v
		}
		var sum float64
		for _, v := range top {
			sum += float64(v)
		}
		r[i] = sum / float64(k)
	})
	var mean float64
	for _, v := range r {
		mean += v
	}
	mean /= float64(n)
	for i := 1; i < n; i++ {
		base := i * (i - 1) / 2
		for j := 0; j < i; j++ {
			s[base+j] = float32(float64(s[base+j]) - (r[i]+r[j])/2 + mean)
		}
	}
}

// trimFactor times the join similarity is the least mean similarity a
// member must have to the rest of its theme; below it, the member is left
// out (a theme of its own) rather than counted in a claim that it says the
// same thing.
const trimFactor = 0.8

// louvainTrim is the least mean similarity to the rest of its theme a
// member needs in sets clustered by Louvain.
var louvainTrim = 0.15

// maxTrim is the largest theme whose members are checked one against all
// the others; larger themes (only in sets of many thousands) are kept as
// they are.
const maxTrim = 300

// trimMembers removes from each theme, one at a time and worst first, the
// members whose mean similarity to the other members is below floor, and
// gives each its own theme. It returns the new partition.
func trimMembers(comm []int, sim func(i, j int) float64, floor float64) []int {
	groups := make([][]int, count(comm))
	for i, c := range comm {
		groups[c] = append(groups[c], i)
	}
	out := slices.Clone(comm)
	next := len(groups)
	for _, members := range groups {
		if len(members) < 2 || len(members) > maxTrim {
			continue
		}
		m := len(members)
		s := make([]float64, m*m)
		sum := make([]float64, m)
		for x := 0; x < m; x++ {
			for y := 0; y < x; y++ {
				v := sim(members[x], members[y])
				s[x*m+y], s[y*m+x] = v, v
				sum[x] += v
				sum[y] += v
			}
		}
		in := make([]bool, m)
		for x := range in {
			in[x] = true
		}
		left := m
		for left > 1 {
			worst, wv := -1, 0.0
			for x := 0; x < m; x++ {
				if in[x] {
					if a := sum[x] / float64(left-1); worst < 0 || a < wv {
						worst, wv = x, a
					}
				}
			}
			if wv >= floor {
				break
			}
			in[worst] = false
			left--
			for x := 0; x < m; x++ {
				if in[x] {
					sum[x] -= s[x*m+worst]
				}
			}
			out[members[worst]] = next
			next++
		}
		if left == 1 {
			for x := 0; x < m; x++ {
				if in[x] {
					out[members[x]] = next
					next++
				}
			}
		}
	}
	return renumber(out)
}

// withIDs returns stmts with empty ids replaced by 1-based positions.
func withIDs(stmts []Statement) []Statement {
	need := false
	for _, s := range stmts {
		if s.ID == "" {
			need = true
			break
		}
	}
	if !need {
		return stmts
	}
	out := slices.Clone(stmts)
	for i := range out {
		if out[i].ID == "" {
			out[i].ID = strconv.Itoa(i + 1)
		}
	}
	return out
}

// link is an internal link between statements i < j.
type link struct {
	i, j int32
	sim  float32
	dup  bool
}

// collectLinks merges neighbour lists and near-duplicate pairs into one
// list of undirected links, each once, ordered by (i, j). Sorting instead of
// a map keeps memory low at a million statements.
func collectLinks(nbrs [][]neighbor, dups map[[2]int32]float64) []link {
	total := len(dups)
	for _, list := range nbrs {
		total += len(list)
	}
	out := make([]link, 0, total)
	for i, list := range nbrs {
		for _, nb := range list {
			a, b := int32(i), nb.j
			if a > b {
				a, b = b, a
			}
			out = append(out, link{a, b, nb.sim, false})
		}
	}
	for k, jac := range dups {
		out = append(out, link{k[0], k[1], float32(jac), true})
	}
	slices.SortFunc(out, func(x, y link) int {
		if x.i != y.i {
			return int(x.i - y.i)
		}
		return int(x.j - y.j)
	})
	merged := out[:0]
	for _, l := range out {
		if n := len(merged); n > 0 && merged[n-1].i == l.i && merged[n-1].j == l.j {
			merged[n-1].sim = max(merged[n-1].sim, l.sim)
			merged[n-1].dup = merged[n-1].dup || l.dup
			continue
		}
		merged = append(merged, l)
	}
	return slices.Clip(merged)
}

func buildGraph(n int, links []link) *wgraph {
	g := &wgraph{adj: make([][]wedge, n), self: make([]float64, n)}
	for _, l := range links {
		w := l.sim
		g.adj[l.i] = append(g.adj[l.i], wedge{l.j, w})
		g.adj[l.j] = append(g.adj[l.j], wedge{l.i, w})
	}
	return g
}

// toTarget returns a partition with exactly target communities (or all
// statements apart, if fewer): it raises the resolution until Louvain
// gives at least target communities, keeps the target largest and moves
// every other statement to the most similar kept community (by centroid),
// then refines by two rounds of spherical k-means.
func toTarget(g *wgraph, vecs []Vector, gamma float64, init, comm []int, target int) []int {
	n := len(vecs)
	if target >= n {
		out := make([]int, n)
		for i := range out {
			out[i] = i
		}
		return out
	}
	for count(comm) < target && gamma < 1e4 {
		gamma *= 1.5
		comm = louvain(g, gamma, init)
	}
	sizes := make([]int, count(comm))
	for _, c := range comm {
		sizes[c]++
	}
	order := make([]int, len(sizes))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return sizes[b] - sizes[a] })
	keep := make(map[int]int, target)
	for r, c := range order[:target] {
		keep[c] = r
	}
	assign := make([]int, n)
	for i, c := range comm {
		if r, ok := keep[c]; ok {
			assign[i] = r
		} else {
			assign[i] = -1
		}
	}
	for round := 0; round < 3; round++ {
		cents := centroids(vecs, assign, target, 300)
		next := nearestCentroid(vecs, cents)
		for i := range assign {
			if round == 0 && assign[i] >= 0 {
				continue // first round: only place the statements left out
			}
			if next[i] >= 0 {
				assign[i] = next[i]
			}
		}
	}
	for i := range assign {
		if assign[i] < 0 {
			assign[i] = 0
		}
	}
	return renumber(assign)
}

func count(comm []int) int {
	c := 0
	for _, x := range comm {
		c = max(c, x+1)
	}
	return c
}

// centroids returns the unit mean vector of each community, cut to its
// top features.
func centroids(vecs []Vector, assign []int, k, top int) []Vector {
	sums := make([]map[uint32]float64, k)
	for i := range sums {
		sums[i] = map[uint32]float64{}
	}
	for i, c := range assign {
		if c < 0 {
			continue
		}
		for f, id := range vecs[i].IDs {
			sums[c][id] += float64(vecs[i].W[f])
		}
	}
	out := make([]Vector, k)
	for c, m := range sums {
		v := Vector{}
		for id, w := range m {
			v.IDs = append(v.IDs, id)
			v.W = append(v.W, float32(w))
		}
		v = sortVector(v)
		if len(v.IDs) > top {
			idx := topFeatures(v, top)
			var cut Vector
			for _, f := range idx {
				cut.IDs = append(cut.IDs, v.IDs[f])
				cut.W = append(cut.W, v.W[f])
			}
			v = sortVector(cut)
		}
		if nrm := v.norm2(); nrm > 0 {
			v.scale(1 / nrm)
		}
		out[c] = v
	}
	return out
}

// nearestCentroid returns the index of the most similar centroid for each
// vector, or -1 when it shares no feature with any.
func nearestCentroid(vecs []Vector, cents []Vector) []int {
	type posting struct {
		c int32
		w float32
	}
	index := map[uint32][]posting{}
	for c, v := range cents {
		for f, id := range v.IDs {
			index[id] = append(index[id], posting{int32(c), v.W[f]})
		}
	}
	out := make([]int, len(vecs))
	acc := make([]float64, len(cents))
	for i, v := range vecs {
		clear(acc)
		for f, id := range v.IDs {
			for _, p := range index[id] {
				acc[p.c] += float64(v.W[f] * p.w)
			}
		}
		best, bestSim := -1, 0.0
		for c, s := range acc {
			if s > bestSim {
				best, bestSim = c, s
			}
		}
		out[i] = best
	}
	return out
}

// linkConfidence maps a similarity to a 0-1 confidence: a logistic curve
// centred where, on the STS data, pairs judged "roughly equivalent" begin
// (about 0.45 lexical, 0.25 across languages), scaled down for cross-language links, which rest
// on dictionary translations.
func linkConfidence(sim float64, kind string) float64 {
	centre, width := 0.45, 0.1
	switch kind {
	case LinkNearDuplicate:
		return math.Max(0.95, sim)
	case LinkEmbedding:
		centre = 0.7
	case LinkCrossLanguage:
		centre = 0.25 // translated similarities run lower (see crossMinFactor)
	}
	c := 1 / (1 + math.Exp(-(sim-centre)/width))
	if kind == LinkCrossLanguage {
		c *= 0.6
	}
	return math.Round(c*1000) / 1000
}

func countDistinct(stmts []Statement) (groups, regions int) {
	gs, rs := map[string]bool{}, map[string]bool{}
	for _, s := range stmts {
		if s.Group != "" {
			gs[s.Group] = true
		}
		if s.Region != "" {
			rs[s.Region] = true
		}
	}
	return len(gs), len(rs)
}
