package cli

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/plenary-org/plenary/internal/themes"
	"github.com/plenary-org/plenary/internal/themes/dict"
	"github.com/plenary-org/plenary/internal/themes/textproc"
	"github.com/plenary-org/plenary/internal/themes/wordvec"
)

var themesCommand = &Command{
	Name:    "themes",
	Usage:   "[flags] FILE",
	Summary: "group statements that say the same thing into themes",
	Long: `Reads statements from FILE ("-" for standard input): either a CSV (or
tab-separated) table with a header naming a "text" column and optionally
"id", "group", "language", "region" and "body"; or one statement per line.
A statement without an id is known by its line number.

Prints the themes, those repeated in the most groups first, with their
label, key terms, the groups they span ("in 4 of 6 groups") and every
member with its similarity to the theme and the confidence of the match.
--format json prints the full result (every statement with its id and theme
id, themes, links), which --previous accepts back so that theme ids stay
stable; --edits applies a JSON list of edits (merge, split, rename, move).

Statements in different languages are matched through the installed
bilingual dictionaries when present, and English statements are compared on
the installed word vectors too (see docs/THEMES.md); an embedding service is
used instead when --embed-url or PLENARY_EMBED_URL is set.`,
	Run: runThemes,
}

func runThemes(ctx context.Context, env *Env, fs *flag.FlagSet, args []string) error {
	var ef themesEmbedFlags
	ef.declare(fs)
	format := fs.String("format", "text", "output `format`: text or json")
	granularity := fs.Float64("granularity", 1, "more (>1) or fewer (<1) themes than chosen by default")
	target := fs.Int("themes", 0, "number of themes wanted; 0 chooses")
	minSim := fs.Float64("min-similarity", 0, "lowest similarity that links two statements; 0 uses the default")
	lang := fs.String("lang", "", "language (`code`) of statements that do not give one; detected when empty")
	prevPath := fs.String("previous", "", "previous JSON result (`FILE`), to keep theme ids stable")
	editsPath := fs.String("edits", "", "JSON list of edits (`FILE`) to re-apply")
	noDict := fs.Bool("no-dict", false, "do not match across languages through dictionaries")
	noVectors := fs.Bool("no-vectors", false, "do not compare English statements on word vectors")
	showLinks := fs.Bool("links", false, "text format: list the links inside each theme")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return Usagef("want one FILE, got %d arguments", fs.NArg())
	}
	if *format != "text" && *format != "json" {
		return Usagef("unknown format %q (want text or json)", *format)
	}
	if *granularity <= 0 || *target < 0 || *minSim < 0 || *minSim >= 1 {
		return Usagef("--granularity must be > 0, --themes >= 0, --min-similarity in [0, 1)")
	}
	in, err := themesOpenInput(env, fs.Arg(0))
	if err != nil {
		return err
	}
	stmts, err := themes.ReadStatements(in)
	in.Close()
	if err != nil {
		return err
	}
	opts := themes.Options{Granularity: *granularity, TargetThemes: *target, MinSimilarity: *minSim}
	if *prevPath != "" {
		opts.Previous = new(themes.Result)
		if err := themesReadJSON(*prevPath, opts.Previous); err != nil {
			return fmt.Errorf("reading --previous: %w", err)
		}
	}
	if *editsPath != "" {
		if err := themesReadJSON(*editsPath, &opts.Edits); err != nil {
			return fmt.Errorf("reading --edits: %w", err)
		}
	}
	if opts.Embedder, err = ef.embedder(env); err != nil {
		return err
	}
	langs := map[string]bool{}
	for i := range stmts {
		if stmts[i].Language == "" {
			stmts[i].Language = *lang
		}
		if stmts[i].Language == "" {
			// Only a reliable detection counts: the engine gives a
			// statement with no clear evidence the language of the
			// others, never dictionary matching on a guess.
			if l, ok := textproc.DetectReliable(stmts[i].Text); ok {
				stmts[i].Language = l
			}
		}
		if stmts[i].Language != "" {
			langs[stmts[i].Language] = true
		}
	}
	if len(langs) > 1 && !*noDict && opts.Embedder == nil {
		opts.Translator = themesDictionaries(env, langs)
	}
	if !*noVectors && opts.Embedder == nil && len(stmts) <= themes.MaxLinkage && (langs["en"] || len(langs) == 0 || len(langs) < len(stmts)) {
		if v := themesWordVectors(env, stmts); v != nil {
			opts.WordVectors = v
		}
	}
	res, err := themes.Compute(ctx, stmts, opts)
	if err != nil {
		return err
	}
	for _, w := range res.Warnings {
		fmt.Fprintf(env.Stderr, "warning: %s\n", w)
	}
	for _, e := range res.Edits {
		if !e.Applied {
			fmt.Fprintf(env.Stderr, "warning: edit %s %v%v not applied: %s\n", e.Edit.Op, e.Edit.Themes, e.Edit.Statements, e.Reason)
		}
	}
	if *format == "json" {
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(res)
	}
	return printThemes(env.Stdout, stmts, res, *showLinks)
}

func themesReadJSON(path string, v any) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

// printThemes writes the result for a person to read.
func printThemes(w io.Writer, stmts []themes.Statement, res *themes.Result, showLinks bool) error {
	byID := make(map[string]themes.Statement, len(stmts))
	for i, s := range stmts {
		if s.ID == "" {
			s.ID = fmt.Sprint(i + 1)
		}
		byID[s.ID] = s
	}
	ew := &themesWriter{w: w}
	repeated := 0
	for _, t := range res.Themes {
		if len(t.Members) > 1 {
			repeated++
		}
	}
	ew.printf("%d statements, %d themes (%d with more than one statement)", len(res.Statements), len(res.Themes), repeated)
	if res.Groups > 0 {
		ew.printf(", %d groups", res.Groups)
	}
	if res.Regions > 0 {
		ew.printf(", %d regions", res.Regions)
	}
	ew.printf("; similarity: %s\n", res.Method)
	inTheme := map[string]map[[2]string]bool{}
	if showLinks {
		for _, a := range res.Statements {
			inTheme[a.ID] = nil
		}
	}
	themeOf := map[string]string{}
	for _, a := range res.Statements {
		themeOf[a.ID] = a.Theme
	}
	for n, t := range res.Themes {
		ew.printf("\n%d. %s", n+1, t.ID)
		if res.Groups > 0 {
			ew.printf("  in %d of %d groups", len(t.Groups), res.Groups)
			if len(t.Groups) > 0 {
				ew.printf(" (%s)", strings.Join(t.Groups, ", "))
			}
		}
		if res.Regions > 0 && len(t.Regions) > 0 {
			ew.printf(", %d of %d regions", len(t.Regions), res.Regions)
		}
		ew.printf(", %d statement%s", len(t.Members), themesPlural(len(t.Members)))
		if len(t.Members) > 1 {
			ew.printf(", cohesion %.2f", t.Cohesion)
		}
		ew.printf("\n   %s\n", t.Label)
		if len(t.Terms) > 0 && len(t.Members) > 1 {
			ew.printf("   terms: %s\n", strings.Join(t.Terms, ", "))
		}
		for _, m := range t.Members {
			s := byID[m.ID]
			var tags []string
			for _, x := range []string{s.Group, s.Language} {
				if x != "" {
					tags = append(tags, x)
				}
			}
			ew.printf("   - %s", m.ID)
			if len(tags) > 0 {
				ew.printf(" [%s]", strings.Join(tags, ", "))
			}
			ew.printf(" %s", themesShorten(s.Text, 100))
			if len(t.Members) > 1 {
				ew.printf("  (similarity %.2f, confidence %.2f%s)", m.Similarity, m.Confidence, themesPinned(m.Pinned))
			}
			ew.printf("\n")
		}
		if showLinks && len(t.Members) > 1 {
			for _, l := range res.Links {
				if themeOf[l.A] == t.ID && themeOf[l.B] == t.ID {
					ew.printf("     %s ~ %s  %.2f %s, confidence %.2f\n", l.A, l.B, l.Similarity, l.Kind, l.Confidence)
				}
			}
		}
	}
	return ew.err
}

func themesPlural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

func themesPinned(p bool) string {
	if p {
		return ", placed by hand"
	}
	return ""
}

func themesShorten(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

// themesWriter keeps the first write error, so printing code stays flat.
type themesWriter struct {
	w   io.Writer
	err error
}

func (e *themesWriter) printf(format string, a ...any) {
	if e.err == nil {
		_, e.err = fmt.Fprintf(e.w, format, a...)
	}
}

// themesWordVectors loads the installed word vectors of the statements'
// words, or says on standard error that there are none and how to install
// them.
func themesWordVectors(env *Env, stmts []themes.Statement) themes.WordVectors {
	path := wordvec.Find(dict.SearchPath(env.Getenv))
	if path == "" {
		fmt.Fprintf(env.Stderr, "note: no word vectors installed: English statements are compared on their words alone (to install them: %s)\n", wordvec.Install)
		return nil
	}
	words := map[string]bool{}
	for _, s := range stmts {
		for _, w := range textproc.Words(textproc.Normalize(s.Text)) {
			words[w] = true
		}
	}
	v, err := wordvec.Load(path, wordvec.DefaultWords, func(w string) bool { return words[w] })
	if err != nil {
		fmt.Fprintf(env.Stderr, "note: word vectors not read: %v\n", err)
		return nil
	}
	return v
}
