package themes

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
	"unicode/utf8"
)

// builder turns a partition into the [Result]: stable ids, edits, labels,
// members and links.
type builder struct {
	stmts []Statement
	pos   map[string]int
	model *Model
	vecs  []Vector
	links []link
	dups  map[[2]int32]float64
	res   *Result
	// sim gives the exact similarity of two statements.
	sim func(i, j int) float64
}

// theme is a theme under construction.
type theme struct {
	id          string
	members     []int
	label       string
	labelEdited bool
	medoid      int
	prevMedoid  string
	pinned      map[int]bool
}

func (b *builder) build(comm []int, opts Options) {
	n := len(b.stmts)
	groups := make([][]int, count(comm))
	for i, c := range comm {
		groups[c] = append(groups[c], i)
	}
	ths := b.stableIDs(groups, opts.Previous)
	ths = b.applyEdits(ths, opts.Edits)
	themeOf := make([]int, n)
	for t, th := range ths {
		for _, i := range th.members {
			themeOf[i] = t
		}
	}
	// Links inside each theme, per statement.
	intra := b.intraLinks(themeOf)
	out := make([]Theme, 0, len(ths))
	for _, th := range ths {
		out = append(out, b.theme(th, intra))
	}
	slices.SortStableFunc(out, func(a, c Theme) int {
		if x := cmp.Compare(len(c.Groups), len(a.Groups)); x != 0 {
			return x
		}
		if x := cmp.Compare(len(c.Members), len(a.Members)); x != 0 {
			return x
		}
		return strings.Compare(a.ID, c.ID)
	})
	b.res.Themes = out
	dupOf := make([]int, n)
	for i := range dupOf {
		dupOf[i] = -1
	}
	for _, l := range b.links {
		if l.dup && (dupOf[l.j] < 0 || int(l.i) < dupOf[l.j]) {
			dupOf[l.j] = int(l.i)
		}
	}
	b.res.Statements = make([]Assignment, n)
	for i, s := range b.stmts {
		a := Assignment{ID: s.ID, Theme: ths[themeOf[i]].id, Language: b.model.Langs[i]}
		if dupOf[i] >= 0 {
			a.DuplicateOf = b.stmts[dupOf[i]].ID
		}
		b.res.Statements[i] = a
	}
	b.res.Links = make([]Link, 0, len(b.links))
	for _, l := range b.links {
		kind := b.kind(int(l.i), int(l.j), l.dup)
		b.res.Links = append(b.res.Links, Link{
			A: b.stmts[l.i].ID, B: b.stmts[l.j].ID,
			Similarity: round3(float64(l.sim)), Confidence: linkConfidence(float64(l.sim), kind), Kind: kind,
		})
	}
}

func (b *builder) kind(i, j int, dup bool) string {
	switch {
	case dup:
		return LinkNearDuplicate
	case b.res.Method == "embedding":
		return LinkEmbedding
	case b.model.Langs[i] != b.model.Langs[j]:
		return LinkCrossLanguage
	}
	return LinkLexical
}

// stableIDs names each group: a group that holds most of a previous
// theme's (still present) members, or most of whose members were in it,
// takes that theme's id and label; the others get an id derived from their
// first member's id, so the same input always gives the same ids.
func (b *builder) stableIDs(groups [][]int, prev *Result) []*theme {
	ths := make([]*theme, len(groups))
	for g, members := range groups {
		ths[g] = &theme{members: members, medoid: -1}
	}
	used := map[string]bool{}
	if prev != nil {
		prevOf := make(map[string]string, len(prev.Statements))
		for _, a := range prev.Statements {
			prevOf[a.ID] = a.Theme
		}
		prevSize := map[string]int{}
		for _, s := range b.stmts {
			if t, ok := prevOf[s.ID]; ok {
				prevSize[t]++
			}
		}
		type cand struct {
			overlap, group int
			id             string
		}
		var cands []cand
		for g, members := range groups {
			overlap := map[string]int{}
			for _, i := range members {
				if t, ok := prevOf[b.stmts[i].ID]; ok {
					overlap[t]++
				}
			}
			for id, o := range overlap {
				if 2*o > len(members) || 2*o > prevSize[id] {
					cands = append(cands, cand{o, g, id})
				}
			}
		}
		slices.SortFunc(cands, func(a, c cand) int {
			if a.overlap != c.overlap {
				return c.overlap - a.overlap
			}
			if a.group != c.group {
				return a.group - c.group
			}
			return strings.Compare(a.id, c.id)
		})
		prevThemes := map[string]*Theme{}
		for t := range prev.Themes {
			prevThemes[prev.Themes[t].ID] = &prev.Themes[t]
		}
		for _, c := range cands {
			th := ths[c.group]
			if th.id != "" || used[c.id] {
				continue
			}
			th.id = c.id
			used[c.id] = true
			if pt := prevThemes[c.id]; pt != nil {
				th.label, th.labelEdited, th.prevMedoid = pt.Label, pt.LabelEdited, pt.Medoid
			}
		}
	}
	for _, th := range ths {
		if th.id == "" {
			th.id = newThemeID(b.stmts, th.members, used)
			used[th.id] = true
		}
	}
	return ths
}

// newThemeID derives an id from the smallest member id.
func newThemeID(stmts []Statement, members []int, used map[string]bool) string {
	first := stmts[members[0]].ID
	for _, i := range members[1:] {
		if stmts[i].ID < first {
			first = stmts[i].ID
		}
	}
	h := uint32(featureID(0, first))
	id := fmt.Sprintf("t%08x", h)
	for k := 2; used[id]; k++ {
		id = fmt.Sprintf("t%08x-%d", h, k)
	}
	return id
}

// theme computes the public view of one theme.
// linkIndex lists, per statement, the links (indexes into builder.links)
// inside its theme, in compressed rows: 8 bytes per link at a million
// statements instead of 32.
type linkIndex struct {
	off   []int32
	links []link
	idx   []int32
}

// of returns the links of statement i.
func (x *linkIndex) of(i int) []int32 { return x.idx[x.off[i]:x.off[i+1]] }

func (b *builder) intraLinks(themeOf []int) *linkIndex {
	n := len(b.stmts)
	x := &linkIndex{off: make([]int32, n+1), links: b.links}
	for _, l := range b.links {
		if themeOf[l.i] == themeOf[l.j] {
			x.off[l.i+1]++
			x.off[l.j+1]++
		}
	}
	for i := 1; i <= n; i++ {
		x.off[i] += x.off[i-1]
	}
	x.idx = make([]int32, x.off[n])
	fill := slices.Clone(x.off[:n])
	for k, l := range b.links {
		if themeOf[l.i] == themeOf[l.j] {
			x.idx[fill[l.i]] = int32(k)
			fill[l.i]++
			x.idx[fill[l.j]] = int32(k)
			fill[l.j]++
		}
	}
	return x
}

func (b *builder) theme(th *theme, intra *linkIndex) Theme {
	t := Theme{ID: th.id}
	// Medoid: the member with the largest total similarity to the others.
	best, bestScore := th.members[0], -1.0
	score := func(i int) float64 {
		var s float64
		for _, k := range intra.of(i) {
			s += float64(intra.links[k].sim)
		}
		return s
	}
	for _, i := range th.members {
		if s := score(i); s > bestScore {
			best, bestScore = i, s
		}
	}
	if p, ok := b.pos[th.prevMedoid]; ok && slices.Contains(th.members, p) && !th.labelEdited {
		best = p // keep the label people have seen
	}
	t.Medoid = b.stmts[best].ID
	switch {
	case th.labelEdited:
		t.Label, t.LabelEdited = th.label, true
	case th.prevMedoid == t.Medoid && th.label != "":
		t.Label = th.label
	default:
		t.Label = shorten(b.stmts[best].Text, 120)
	}
	var cohesion float64
	var nLinks int
	sets := [4]map[string]bool{{}, {}, {}, {}}
	for _, i := range th.members {
		s := b.stmts[i]
		m := Member{ID: s.ID, Pinned: th.pinned[i]}
		var sum, bestConf float64
		var cnt int
		cross := true
		for _, k := range intra.of(i) {
			l := intra.links[k]
			sum += float64(l.sim)
			cnt++
			bestConf = math.Max(bestConf, linkConfidence(float64(l.sim), b.kind(int(l.i), int(l.j), l.dup)))
			o := int(l.i)
			if o == i {
				o = int(l.j)
			}
			if b.model.Langs[o] == b.model.Langs[i] || l.dup {
				cross = false
			}
			if int(l.i) == i {
				cohesion += float64(l.sim)
				nLinks++
			}
		}
		kind := LinkLexical
		switch {
		case len(th.members) == 1:
			m.Similarity, m.Confidence = 1, 1
		case cnt > 0:
			m.Similarity = sum / float64(cnt)
		default:
			m.Similarity = math.Max(0, Dot(b.vecs[i], b.vecs[best]))
			cross = b.model.Langs[i] != b.model.Langs[best]
		}
		if len(th.members) > 1 {
			if b.res.Method == "embedding" {
				kind = LinkEmbedding
			} else if cross {
				kind = LinkCrossLanguage
			}
			if b.sim != nil && len(th.members) <= maxTrim {
				// Agreement with the theme as a whole: the mean
				// similarity to every other member, not the
				// strongest link (which a misplaced member also has,
				// inside its own sub-group).
				var sum float64
				cross = true
				for _, o := range th.members {
					if o != i {
						sum += b.sim(i, o)
						if b.model.Langs[o] == b.model.Langs[i] {
							cross = false
						}
					}
				}
				m.Similarity = sum / float64(len(th.members)-1)
				if b.res.Method != "embedding" {
					kind = LinkLexical
					if cross {
						kind = LinkCrossLanguage
					}
				}
				m.Confidence = linkConfidence(m.Similarity, kind)
			} else {
				// The strongest link says most about belonging.
				m.Confidence = math.Max(bestConf, linkConfidence(m.Similarity, kind))
			}
			if i == best {
				m.Similarity = math.Max(m.Similarity, 1e-9)
			}
			if th.pinned[i] {
				m.Confidence = 1 // a person put it here
			}
		}
		m.Similarity = round3(m.Similarity)
		t.Members = append(t.Members, m)
		for k, v := range [4]string{s.Group, s.Region, s.Body, b.model.Langs[i]} {
			if v != "" {
				sets[k][v] = true
			}
		}
	}
	if nLinks > 0 {
		t.Cohesion = round3(cohesion / float64(nLinks))
	} else if len(th.members) == 1 {
		t.Cohesion = 1
	}
	t.Groups, t.Regions, t.Bodies, t.Languages = sortedKeys(sets[0]), sortedKeys(sets[1]), sortedKeys(sets[2]), sortedKeys(sets[3])
	t.Terms = b.terms(th.members, 4)
	return t
}

// terms returns the words that best characterise members: frequent among
// them and rare overall.
func (b *builder) terms(members []int, k int) []string {
	type stat struct {
		n       int
		surface map[string]int
	}
	stats := map[string]*stat{}
	for _, i := range members {
		seen := map[string]bool{}
		for _, t := range b.model.tokens[i] {
			if seen[t.Stem] || utf8.RuneCountInString(t.Surface) < 2 {
				continue
			}
			seen[t.Stem] = true
			s := stats[t.Stem]
			if s == nil {
				s = &stat{surface: map[string]int{}}
				stats[t.Stem] = s
			}
			s.n++
			s.surface[t.Surface]++
		}
	}
	type scored struct {
		word  string
		score float64
	}
	var list []scored
	minCount := 1
	if len(members) > 1 {
		minCount = 2
	}
	for stem, s := range stats {
		if s.n < minCount {
			continue
		}
		var word string
		bestN := 0
		for w, c := range s.surface {
			if c > bestN || (c == bestN && w < word) {
				word, bestN = w, c
			}
		}
		list = append(list, scored{word, float64(s.n) * b.model.idf(featureID(blockWord, stem))})
	}
	slices.SortFunc(list, func(a, c scored) int {
		if a.score != c.score {
			return cmp.Compare(c.score, a.score)
		}
		return strings.Compare(a.word, c.word)
	})
	var out []string
	for _, s := range list[:min(k, len(list))] {
		out = append(out, s.word)
	}
	return out
}

// shorten cuts s to at most n runes at a word boundary, with an ellipsis.
func shorten(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)[:n]
	cut := string(r)
	if i := strings.LastIndexByte(cut, ' '); i > len(cut)/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,;:.") + "…"
}

func round3(x float64) float64 { return math.Round(x*1000) / 1000 }

func sortedKeys(m map[string]bool) []string {
	if len(m) == 0 {
		return nil
	}
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
