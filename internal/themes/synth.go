package themes

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// SynthConfig describes a synthetic consultation for [Synthesize].
type SynthConfig struct {
	// Statements is how many statements to make.
	Statements int
	// PerTheme is the mean number of statements per planted theme; 0
	// means 20.
	PerTheme int
	// Groups is the number of breakout groups; 0 means 6.
	Groups int
	// Duplicates is the share of statements that copy another with a
	// light edit; 0 means none.
	Duplicates float64
	Seed       uint64
}

// Synthesize makes statements for benchmarks and tests at any scale:
// planted themes, each with its own key words drawn from a large invented
// vocabulary, written by different groups with different wording (each
// statement uses some of its theme's key words, common words, and noise).
// It returns the statements and the planted theme of each.
func Synthesize(cfg SynthConfig) ([]Statement, []int) {
	if cfg.PerTheme <= 0 {
		cfg.PerTheme = 20
	}
	if cfg.Groups <= 0 {
		cfg.Groups = 6
	}
	r := rand.New(rand.NewPCG(cfg.Seed, 0x5eed))
	nThemes := max(1, cfg.Statements/cfg.PerTheme)
	syll := []string{"ba", "ko", "ri", "te", "sa", "mu", "ne", "lo", "vi", "da", "pe", "gu", "fa", "zo", "chi", "ran", "tel", "mor", "sin", "qua"}
	word := func() string {
		n := 2 + r.IntN(3)
		var b strings.Builder
		for range n {
			b.WriteString(syll[r.IntN(len(syll))])
		}
		return b.String()
	}
	common := make([]string, 3000)
	for i := range common {
		common[i] = word()
	}
	const keysPerTheme = 10
	keys := make([][]string, nThemes)
	for t := range keys {
		keys[t] = make([]string, keysPerTheme)
		for k := range keys[t] {
			keys[t][k] = word()
		}
	}
	stmts := make([]Statement, cfg.Statements)
	truth := make([]int, cfg.Statements)
	for i := range stmts {
		g := r.IntN(cfg.Groups)
		s := Statement{ID: fmt.Sprintf("s%d", i), Group: fmt.Sprintf("group-%d", g), Region: fmt.Sprintf("region-%d", g%3), Language: "en"}
		if i > 0 && r.Float64() < cfg.Duplicates {
			j := r.IntN(i)
			s.Text = stmts[j].Text + " " + common[r.IntN(len(common))]
			truth[i] = truth[j]
			stmts[i] = s
			continue
		}
		t := r.IntN(nThemes)
		var words []string
		for _, k := range r.Perm(keysPerTheme)[:4+r.IntN(3)] {
			words = append(words, keys[t][k])
		}
		for range 3 + r.IntN(5) {
			words = append(words, common[int(float64(len(common))*r.Float64()*r.Float64())]) // skewed: some are frequent
		}
		r.Shuffle(len(words), func(a, b int) { words[a], words[b] = words[b], words[a] })
		s.Text = strings.ToUpper(words[0][:1]) + words[0][1:] + " " + strings.Join(words[1:], " ") + "."
		stmts[i] = s
		truth[i] = t
	}
	return stmts, truth
}
