package cli

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/plenary-org/plenary/internal/opinion"
)

var analyzeCommand = &Command{
	Name:    "analyze",
	Usage:   "[flags] PATH",
	Summary: "find opinion groups, consensus and divisive statements in a vote file",
	Long: `PATH is a Pol.is export folder (votes.csv or participants-votes.csv, with
comments.csv for statement texts and moderation) or a plain votes CSV with
the columns participant, statement, vote (1 / -1 / 0 or agree / disagree /
pass) and an optional time; a header line is optional.

The default plenary mode is deterministic and reports how stable each group
and list entry is over bootstrap resamples; --mode polis reproduces Pol.is.
See docs/OPINION.md.`,
	Run: runAnalyze,
}

func runAnalyze(ctx context.Context, env *Env, fs *flag.FlagSet, args []string) error {
	format := fs.String("format", "text", "output `format`: text or json")
	mode := fs.String("mode", "plenary", "`mode`: plenary or polis")
	svg := fs.String("svg", "", "also draw the opinion map to this SVG `file`")
	maxGroups := fs.Int("max-groups", 0, "most opinion groups (plenary mode; 0 for the default, 5)")
	boot := fs.Int("bootstrap", 0, "bootstrap resamples for stability (plenary mode; 0 for the default, -1 for none)")
	seed := fs.Uint64("seed", 0, "seed for the plenary mode's pseudo-random choices")
	strict := fs.Bool("strict", false, "strict moderation: leave out statements not yet accepted (plenary mode)")
	timings := fs.Bool("timings", false, "print the time of each phase to standard error")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return Usagef("want one PATH, got %d arguments", fs.NArg())
	}
	if *format != "text" && *format != "json" {
		return Usagef("--format must be text or json, not %q", *format)
	}
	m := opinion.Mode(*mode)
	if m != opinion.ModePlenary && m != opinion.ModePolis {
		return Usagef("--mode must be plenary or polis, not %q", *mode)
	}
	path := fs.Arg(0)
	t0 := time.Now()
	pl := newProgressLine(env.Stderr, "reading votes")
	var progress func(done, total int64)
	if pl != nil {
		progress = pl.update
	}
	ds, err := opinion.ReadPathWith(path, opinion.ReadOptions{Progress: progress})
	pl.done()
	if err != nil {
		return fmt.Errorf("analyze: %w", err)
	}
	t1 := time.Now()
	mat, err := opinion.NewMatrix(ds.Votes)
	if err != nil {
		return fmt.Errorf("analyze %s: %w", path, err)
	}
	ds.Votes = nil // the matrix holds them now
	t2 := time.Now()
	res, err := opinion.Analyze(mat, opinion.Options{
		Mode: m, Statements: ds.Statements, StrictModeration: *strict,
		MaxGroups: *maxGroups, Bootstrap: *boot, Seed: *seed,
	})
	if err != nil {
		return fmt.Errorf("analyze %s: %w", path, err)
	}
	if *timings {
		fmt.Fprintf(env.Stderr, "read %.3f s, matrix %.3f s, analysis %.3f s (%d votes)\n",
			t1.Sub(t0).Seconds(), t2.Sub(t1).Seconds(), time.Since(t2).Seconds(), mat.NumVotes())
	}
	n := names{ds}
	if *svg != "" {
		if err := writeSVGFile(*svg, res, n); err != nil {
			return fmt.Errorf("analyze: %w", err)
		}
	}
	if *format == "json" {
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(jsonReport(path, mat, res, n))
	}
	return writeText(env.Stdout, path, mat, res, n)
}

func writeSVGFile(path string, res *opinion.Result, n names) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := opinion.WriteSVG(f, res, n.statementLabel); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// names turns the engine's integer ids back into the ids and texts of the
// input.
type names struct{ ds *opinion.Dataset }

func (n names) participant(id int64) string {
	if s, ok := n.ds.ParticipantNames[id]; ok {
		return s
	}
	return strconv.FormatInt(id, 10)
}

func (n names) statement(id int64) string {
	if s, ok := n.ds.StatementNames[id]; ok {
		return s
	}
	return strconv.FormatInt(id, 10)
}

func (n names) text(id int64) string { return n.ds.Texts[id] }

func (n names) statementLabel(id int64) string {
	if t := n.text(id); t != "" {
		return n.statement(id) + ": " + t
	}
	return n.statement(id)
}

// The JSON report: every id as given in the input.
type (
	reportJSON struct {
		Source       string             `json:"source"`
		Mode         opinion.Mode       `json:"mode"`
		Votes        int                `json:"votes"`
		Participants []participantJSON  `json:"participants"`
		Statements   []statementJSON    `json:"statements"`
		Groups       []groupJSON        `json:"groups"`
		KScores      []opinion.KScore   `json:"kScores"`
		Consensus    consensusJSON      `json:"consensus"`
		Divisive     []divisiveJSON     `json:"divisive"`
		PCA          pcaJSON            `json:"pca"`
		Stability    *opinion.Stability `json:"stability,omitempty"`
	}
	participantJSON struct {
		ID             string  `json:"id"`
		Group          *string `json:"group"`
		X              float64 `json:"x"`
		Y              float64 `json:"y"`
		InConversation bool    `json:"inConversation"`
		Votes          int     `json:"votes"`
	}
	statementJSON struct {
		ID                     string  `json:"id"`
		Text                   string  `json:"text,omitempty"`
		Excluded               bool    `json:"excluded,omitempty"`
		Agree                  int     `json:"agree"`
		Disagree               int     `json:"disagree"`
		Pass                   int     `json:"pass"`
		X                      float64 `json:"x"`
		Y                      float64 `json:"y"`
		Extremity              float64 `json:"extremity"`
		GroupInformedConsensus float64 `json:"groupInformedConsensus"`
		Priority               float64 `json:"priority"`
	}
	groupJSON struct {
		ID        string        `json:"id"`
		Size      int           `json:"size"`
		Center    [2]float64    `json:"center"`
		Stability *float64      `json:"stability,omitempty"`
		Repness   []repnessJSON `json:"representative"`
	}
	repnessJSON struct {
		Statement   string            `json:"statement"`
		Text        string            `json:"text,omitempty"`
		Direction   opinion.Direction `json:"direction"`
		NSuccess    float64           `json:"nSuccess"`
		NTrials     float64           `json:"nTrials"`
		PSuccess    float64           `json:"pSuccess"`
		PTest       float64           `json:"pTest"`
		Repness     float64           `json:"repness"`
		RepnessTest float64           `json:"repnessTest"`
		BestAgree   bool              `json:"bestAgree,omitempty"`
		Stability   *float64          `json:"stability,omitempty"`
	}
	consensusJSON struct {
		Agree    []consensusItemJSON `json:"agree"`
		Disagree []consensusItemJSON `json:"disagree"`
	}
	consensusItemJSON struct {
		Statement string   `json:"statement"`
		Text      string   `json:"text,omitempty"`
		NSuccess  float64  `json:"nSuccess"`
		NTrials   float64  `json:"nTrials"`
		PSuccess  float64  `json:"pSuccess"`
		PTest     float64  `json:"pTest"`
		Stability *float64 `json:"stability,omitempty"`
	}
	divisiveJSON struct {
		Statement string    `json:"statement"`
		Text      string    `json:"text,omitempty"`
		Spread    float64   `json:"spread"`
		ByGroup   []float64 `json:"byGroup"`
		Stability *float64  `json:"stability,omitempty"`
	}
	pcaJSON struct {
		Iterations  int       `json:"iterations"`
		Eigenvalues []float64 `json:"eigenvalues,omitempty"`
		Residuals   []float64 `json:"residuals,omitempty"`
		AngleBounds []float64 `json:"angleBounds,omitempty"`
	}
)

func jsonReport(path string, mat *opinion.Matrix, res *opinion.Result, n names) reportJSON {
	r := reportJSON{Source: path, Mode: res.Mode, Votes: mat.NumVotes(), KScores: res.KScores, Stability: res.Stability,
		PCA: pcaJSON{Iterations: res.PCA.Iterations, Eigenvalues: res.PCA.Eigenvalues, Residuals: res.PCA.Residuals, AngleBounds: res.PCA.AngleBounds}}
	for _, p := range res.Participants {
		pj := participantJSON{ID: n.participant(p.ID), X: p.X, Y: p.Y, InConversation: p.InConversation, Votes: p.Votes}
		if p.Group >= 0 {
			g := opinion.GroupName(p.Group)
			pj.Group = &g
		}
		r.Participants = append(r.Participants, pj)
	}
	for _, s := range res.Statements {
		r.Statements = append(r.Statements, statementJSON{ID: n.statement(s.ID), Text: n.text(s.ID), Excluded: s.Excluded,
			Agree: s.Agree, Disagree: s.Disagree, Pass: s.Pass, X: s.X, Y: s.Y, Extremity: s.Extremity,
			GroupInformedConsensus: s.GroupInformedConsensus, Priority: s.Priority})
	}
	r.Groups = []groupJSON{}
	for _, g := range res.Groups {
		gj := groupJSON{ID: opinion.GroupName(g.ID), Size: g.Size, Center: g.Center, Stability: g.Stability, Repness: []repnessJSON{}}
		for _, x := range g.Repness {
			gj.Repness = append(gj.Repness, repnessJSON{Statement: n.statement(x.Statement), Text: n.text(x.Statement), Direction: x.Direction,
				NSuccess: x.NSuccess, NTrials: x.NTrials, PSuccess: x.PSuccess, PTest: x.PTest, Repness: x.Repness, RepnessTest: x.RepnessTest,
				BestAgree: x.BestAgree, Stability: x.Stability})
		}
		r.Groups = append(r.Groups, gj)
	}
	cons := func(list []opinion.ConsensusStatement) []consensusItemJSON {
		out := []consensusItemJSON{}
		for _, c := range list {
			out = append(out, consensusItemJSON{Statement: n.statement(c.Statement), Text: n.text(c.Statement), NSuccess: c.NSuccess,
				NTrials: c.NTrials, PSuccess: c.PSuccess, PTest: c.PTest, Stability: c.Stability})
		}
		return out
	}
	r.Consensus = consensusJSON{Agree: cons(res.Consensus.Agree), Disagree: cons(res.Consensus.Disagree)}
	r.Divisive = []divisiveJSON{}
	for _, d := range res.Divisive {
		r.Divisive = append(r.Divisive, divisiveJSON{Statement: n.statement(d.Statement), Text: n.text(d.Statement), Spread: d.Spread, ByGroup: d.ByGroup, Stability: d.Stability})
	}
	return r
}

func writeText(w io.Writer, path string, mat *opinion.Matrix, res *opinion.Result, n names) error {
	in := 0
	for _, p := range res.Participants {
		if p.InConversation {
			in++
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%s mode)\n", path, res.Mode)
	fmt.Fprintf(&b, "%d participants (%d with enough votes to be grouped), %d statements, %d votes\n", mat.Rows(), in, mat.Cols(), mat.NumVotes())
	if res.Stability != nil {
		fmt.Fprintf(&b, "Stability over %d bootstrap resamples: same number of groups in %s, mean adjusted Rand index %.2f\n",
			res.Stability.Resamples, pct(res.Stability.KAgreement), res.Stability.MeanARI)
	}
	if res.Stability != nil && len(res.Groups) > 0 {
		mean := 0.0
		for _, g := range res.Groups {
			if g.Stability != nil {
				mean += *g.Stability
			}
		}
		mean /= float64(len(res.Groups))
		if res.Stability.KAgreement < 0.6 || res.Stability.MeanARI < 0.6 || mean < 0.6 {
			fmt.Fprintf(&b, "Caution: the groups are unstable (mean group stability %.2f): read them as tendencies, not settled camps.\n", mean)
		}
	}
	fmt.Fprintf(&b, "\nOpinion groups: %d\n", len(res.Groups))
	for _, g := range res.Groups {
		fmt.Fprintf(&b, "\nGroup %s: %d participants%s\n", opinion.GroupName(g.ID), g.Size, stab(g.Stability, "stable in"))
		if len(g.Repness) == 0 {
			fmt.Fprintln(&b, "  (no representative statement)")
		}
		for _, r := range g.Repness {
			fmt.Fprintf(&b, "  %-8s %3.0f%% of %.0f  %s%s\n", r.Direction, 100*r.NSuccess/max(r.NTrials, 1), r.NTrials,
				oneLine(n.statementLabel(r.Statement)), stab(r.Stability, "in"))
		}
	}
	list := func(title string, items []opinion.ConsensusStatement) {
		fmt.Fprintf(&b, "\n%s:\n", title)
		if len(items) == 0 {
			fmt.Fprintln(&b, "  (none)")
		}
		for _, c := range items {
			fmt.Fprintf(&b, "  %3.0f%% of %.0f  %s%s\n", 100*c.NSuccess/max(c.NTrials, 1), c.NTrials, oneLine(n.statementLabel(c.Statement)), stab(c.Stability, "in"))
		}
	}
	list("The room agrees", res.Consensus.Agree)
	list("The room disagrees", res.Consensus.Disagree)
	fmt.Fprintln(&b, "\nDivisive statements (net agreement by group):")
	if len(res.Divisive) == 0 {
		fmt.Fprintln(&b, "  (none)")
	}
	for _, d := range res.Divisive {
		var parts []string
		for g, v := range d.ByGroup {
			parts = append(parts, fmt.Sprintf("%s %+.0f%%", opinion.GroupName(g), 100*v))
		}
		fmt.Fprintf(&b, "  %s  [%s]%s\n", oneLine(n.statementLabel(d.Statement)), strings.Join(parts, ", "), stab(d.Stability, "in"))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func pct(x float64) string { return fmt.Sprintf("%.0f%%", 100*x) }

func stab(s *float64, verb string) string {
	if s == nil {
		return ""
	}
	if verb == "in" {
		return fmt.Sprintf("  (in %s of resamples)", pct(*s))
	}
	return fmt.Sprintf(" (stability %.2f)", *s)
}

func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > 110 {
		s = string(r[:109]) + "…"
	}
	return s
}
