package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"net/http"
	"os"
	"time"

	"github.com/plenary-org/plenary/internal/themes"
	"github.com/plenary-org/plenary/internal/themes/dict"
	"github.com/plenary-org/plenary/internal/themes/eval"
	"github.com/plenary-org/plenary/internal/themes/textproc"
)

var similarityCommand = &Command{
	Name:    "similarity",
	Usage:   "[flags] FILE",
	Summary: "score the similarity of tab-separated sentence pairs",
	Long: `Reads FILE ("-" for standard input): one pair per line, the two texts
separated by a tab, optionally followed by a tab and a score given by people.
Writes one similarity (0-1) per line, in order. When every line has a score,
also prints the Spearman correlation with those scores (x100) to standard
error, so the engine can be checked against any labelled set.

The similarity is the lexical engine's (word and character n-gram TF-IDF,
weighted over all the texts of the file), or the embedding service's when
--embed-url or PLENARY_EMBED_URL is set. With --dict, words of different
languages are matched through the installed bilingual dictionaries (see
docs/THEMES.md).`,
	Run: runSimilarity,
}

// themesEmbedFlags are the flags that configure an embedding service.
type themesEmbedFlags struct {
	url, model string
}

func (e *themesEmbedFlags) declare(fs *flag.FlagSet) {
	fs.StringVar(&e.url, "embed-url", "", "embedding service endpoint (`URL` of a /v1/embeddings API); default $PLENARY_EMBED_URL")
	fs.StringVar(&e.model, "embed-model", "", "model name sent to the embedding service; default $PLENARY_EMBED_MODEL")
}

// embedder returns the configured embedder, or nil. The API key is read
// from PLENARY_EMBED_KEY, or from the file named by PLENARY_EMBED_KEY_FILE.
func (e *themesEmbedFlags) embedder(env *Env) (themes.Embedder, error) {
	url, model := e.url, e.model
	if url == "" {
		url = envValue(env, "PLENARY_EMBED_URL")
	}
	if url == "" {
		return nil, nil
	}
	if model == "" {
		model = envValue(env, "PLENARY_EMBED_MODEL")
	}
	key := envValue(env, "PLENARY_EMBED_KEY")
	if f := envValue(env, "PLENARY_EMBED_KEY_FILE"); f != "" && key == "" {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, fmt.Errorf("reading embedding key: %w", err)
		}
		key = string(themesTrimNL(b))
	}
	return &themes.HTTPEmbedder{URL: url, Model: model, APIKey: key, Client: &http.Client{Timeout: 2 * time.Minute}}, nil
}

func themesTrimNL(b []byte) []byte {
	for len(b) > 0 && (b[len(b)-1] == '\n' || b[len(b)-1] == '\r') {
		b = b[:len(b)-1]
	}
	return b
}

func envValue(env *Env, k string) string {
	if env.Getenv == nil {
		return ""
	}
	return env.Getenv(k)
}

// loadDictionaries loads the installed dictionaries for the languages
// present, telling on stderr what to install for the missing ones. It
// returns nil when none is needed or found.
func themesDictionaries(env *Env, langs map[string]bool) themes.Translator {
	var want []string
	for _, src := range dict.Sources {
		if langs[src.Lang] {
			want = append(want, src.Lang)
		}
	}
	if len(want) == 0 {
		return nil
	}
	set, err := dict.Load(dict.SearchPath(env.Getenv), want...)
	if adv := set.Advice(); adv != "" {
		fmt.Fprintf(env.Stderr, "note: %s\n", adv)
	}
	if err != nil {
		if !errors.Is(err, dict.ErrNone) {
			fmt.Fprintf(env.Stderr, "note: %v\n", err)
		}
		return nil
	}
	return set
}

// openInput opens FILE, or standard input for "-".
func themesOpenInput(env *Env, name string) (io.ReadCloser, error) {
	if name == "-" {
		return io.NopCloser(env.Stdin), nil
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	return f, nil
}

func runSimilarity(ctx context.Context, env *Env, fs *flag.FlagSet, args []string) error {
	var ef themesEmbedFlags
	ef.declare(fs)
	lang := fs.String("lang", "", "language of all the texts (`code`: ar, zh, en, fr, ru, es); detected per text when empty")
	useDict := fs.Bool("dict", false, "match words across languages through the installed dictionaries")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return Usagef("want one FILE, got %d arguments", fs.NArg())
	}
	in, err := themesOpenInput(env, fs.Arg(0))
	if err != nil {
		return err
	}
	pairs, err := themes.ReadPairs(in)
	in.Close()
	if err != nil {
		return err
	}
	emb, err := ef.embedder(env)
	if err != nil {
		return err
	}
	var tr themes.Translator
	if *useDict && emb == nil {
		langs := map[string]bool{}
		for _, p := range pairs {
			for _, s := range []string{p.A, p.B} {
				l := *lang
				if l == "" {
					l = textproc.Detect(s)
				}
				langs[l] = true
			}
		}
		tr = themesDictionaries(env, langs)
	}
	sims, err := themes.Similarities(ctx, pairs, *lang, tr, emb)
	if err != nil {
		return fmt.Errorf("scoring: %w", err)
	}
	scored := len(pairs) > 1
	want := make([]float64, len(pairs))
	for i, p := range pairs {
		scored = scored && p.HasScore
		want[i] = p.Score
	}
	for _, s := range sims {
		if _, err := fmt.Fprintf(env.Stdout, "%.4f\n", s); err != nil {
			return err
		}
	}
	if scored {
		rho := eval.Spearman(sims, want)
		if !math.IsNaN(rho) {
			fmt.Fprintf(env.Stderr, "Spearman x100: %.1f over %d pairs\n", 100*rho, len(pairs))
		}
	}
	return nil
}
