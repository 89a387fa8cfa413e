package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/plenary-org/plenary/internal/contribio"
	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/locale"
	"github.com/plenary-org/plenary/internal/store"
)

// The usage lines of the contribution subcommands, shown by import and
// export.
const (
	importContributionsUsage = "contributions [-meeting ID] [-format csv|xlsx|json] [-valid-only] [-lang LANG] FILE"
	exportContributionsUsage = "contributions [-meeting ID] [-status S,...] [-kind K,...] [-q WORDS] [-format csv|xlsx|json] [-o FILE] | contributions -template [-format F] [-lang LANG] [-o FILE]"
	contributionsLong        = `"plenary import contributions -meeting ID FILE" imports contributions from a CSV, XLSX
or JSON file in the layout of docs/IMPORT-EXPORT.md (the format is the file's extension unless
-format says it). Every row is checked first; each problem is printed as "Row 7, column kind:
..." in the language -lang, and nothing is imported unless -valid-only asks for the valid rows.
The command exits with 1 whenever a row is refused.

"plenary export contributions -format xlsx -o out.xlsx" writes the contributions that
-meeting, -status, -kind and -q select (all of them without filters); an export imports into
another instance holding the same meetings, bodies and accounts unchanged.
"plenary export contributions -template -format xlsx -o template.xlsx" writes the template to
fill in, with a sheet that explains every column.`
)

func runImportContributions(ctx context.Context, env *Env, fs *flag.FlagSet, args []string) error {
	dbURL := dbFlag(env, fs)
	meeting := fs.String("meeting", "", "ID of the meeting the contributions go into (otherwise the file's meeting column)")
	format := fs.String("format", "", "csv, xlsx or json (default: the file's extension)")
	validOnly := fs.Bool("valid-only", false, "import the valid rows even when others have problems")
	lang := fs.String("lang", "en", "language of the messages: en, fr, es, ar, zh or ru")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return Usagef("give one file (or - for standard input, with -format)")
	}
	name := fs.Arg(0)
	f, err := fileFormat(*format, name)
	if err != nil {
		return err
	}
	if !locale.Supported(*lang) {
		return Usagef("-lang must be one of %s", strings.Join(domain.Locales, ", "))
	}
	var r io.Reader = env.Stdin
	if name != "-" {
		file, err := os.Open(name)
		if err != nil {
			return err
		}
		defer file.Close()
		r = file
	}
	db, err := openDB(ctx, *dbURL, true, newLogger(env, ""))
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.EnsureBuiltinFrameworks(ctx); err != nil {
		return err
	}
	if *meeting != "" {
		if _, err := db.Meeting(ctx, *meeting); err != nil {
			return fmt.Errorf("meeting %s: %w", *meeting, err)
		}
	}
	p := locale.MustLoad().Printer(*lang)
	rows, problems, err := contribio.Read(ctx, f, r, db, contribio.Options{MeetingID: *meeting})
	if err != nil {
		return err
	}
	for _, e := range problems {
		fmt.Fprintf(env.Stderr, "%s: %s\n", name, e.Localize(p))
	}
	refused := len(problems.Rows())
	if len(problems) > 0 && (!*validOnly || len(rows) == 0) {
		return fmt.Errorf("%s: %d problems; nothing was imported", name, len(problems))
	}
	if err := contribio.Create(ctx, db, rows); err != nil {
		var es contribio.CellErrors
		if errors.As(err, &es) {
			for _, e := range es {
				fmt.Fprintf(env.Stderr, "%s: %s\n", name, e.Localize(p))
			}
			return fmt.Errorf("%s: a row was refused; nothing was imported", name)
		}
		return err
	}
	fmt.Fprintf(env.Stdout, "imported %d contributions from %s\n", len(rows), name)
	if refused > 0 || len(problems) > 0 {
		return fmt.Errorf("%s: %d rows were refused (%d problems)", name, refused, len(problems))
	}
	return nil
}

// fileFormat returns the format given by flag, or else by the file's extension.
func fileFormat(flagValue, name string) (contribio.Format, error) {
	if flagValue != "" {
		f, err := contribio.ParseFormat(flagValue)
		if err != nil {
			return "", Usagef("-format must be csv, xlsx or json, not %q", flagValue)
		}
		return f, nil
	}
	if f, ok := contribio.FormatOf(name); ok {
		return f, nil
	}
	return "", Usagef("say the format with -format csv, xlsx or json: %q has no extension that tells", name)
}

func runExportContributions(ctx context.Context, env *Env, fs *flag.FlagSet, args []string) error {
	dbURL := dbFlag(env, fs)
	meeting := fs.String("meeting", "", "only the contributions of this meeting")
	statuses := fs.String("status", "", "only these statuses, comma-separated: "+strings.Join(strs(domain.Statuses), ", "))
	kinds := fs.String("kind", "", "only these kinds, comma-separated: "+strings.Join(strs(domain.ContributionKinds), ", "))
	query := fs.String("q", "", "only the contributions these words find (full-text search)")
	format := fs.String("format", "", "csv, xlsx or json (default: the extension of -o, else csv)")
	out := fs.String("o", "", "write to this file instead of standard output")
	template := fs.Bool("template", false, "write the template to fill in instead of contributions")
	lang := fs.String("lang", "en", "language of the template's help sheet")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return Usagef("unexpected arguments %q: filters are flags", fs.Args())
	}
	f := contribio.CSV
	if *format != "" || *out != "" {
		var err error
		if f, err = fileFormat(*format, *out); err != nil {
			return err
		}
	}
	if !locale.Supported(*lang) {
		return Usagef("-lang must be one of %s", strings.Join(domain.Locales, ", "))
	}
	filter := store.ContributionFilter{}
	if *meeting != "" {
		filter.MeetingIDs = []string{*meeting}
	}
	for _, s := range splitFlag(*statuses) {
		if !domain.Status(s).Valid() {
			return Usagef("-status: %q is not one of %s", s, strings.Join(strs(domain.Statuses), ", "))
		}
		filter.Statuses = append(filter.Statuses, domain.Status(s))
	}
	for _, k := range splitFlag(*kinds) {
		if !domain.ContributionKind(k).Valid() {
			return Usagef("-kind: %q is not one of %s", k, strings.Join(strs(domain.ContributionKinds), ", "))
		}
		filter.Kinds = append(filter.Kinds, domain.ContributionKind(k))
	}
	write := func(w io.Writer) (int, error) {
		if *template {
			return 0, contribio.Template(w, f, locale.MustLoad().Printer(*lang))
		}
		db, err := openDB(ctx, *dbURL, false, newLogger(env, ""))
		if err != nil {
			return 0, err
		}
		defer db.Close()
		ids, err := exportIDs(ctx, db, filter, *query)
		if err != nil {
			return 0, err
		}
		cs, err := db.ContributionsFull(ctx, ids)
		if err != nil {
			return 0, err
		}
		return len(cs), contribio.Write(ctx, w, f, cs, db)
	}
	if *out == "" {
		_, err := write(env.Stdout)
		return err
	}
	n, err := writeFileAtomic(*out, write)
	if err != nil {
		return err
	}
	if *template {
		fmt.Fprintf(env.Stderr, "wrote the %s template to %s\n", f, *out)
	} else {
		fmt.Fprintf(env.Stderr, "exported %d contributions to %s\n", n, *out)
	}
	return nil
}

// exportIDs lists what an export writes: through full-text search when
// there are words to find (every contribution visible, as to an
// administrator), else by the filters alone, oldest first.
func exportIDs(ctx context.Context, db *store.DB, f store.ContributionFilter, words string) ([]string, error) {
	if strings.TrimSpace(words) == "" {
		return db.ContributionIDs(ctx, f)
	}
	q := store.SearchQuery{Text: words, MeetingIDs: f.MeetingIDs, Kinds: f.Kinds, Statuses: f.Statuses, Sort: store.SortOldest, Limit: 500}
	var ids []string
	for {
		res, err := db.Search(ctx, store.Visibility{All: true}, q)
		if err != nil {
			return nil, fmt.Errorf("search: %w", err)
		}
		for _, c := range res.Items {
			ids = append(ids, c.ID)
		}
		q.Offset += len(res.Items)
		if len(res.Items) == 0 || q.Offset >= res.Total {
			return ids, nil
		}
	}
}

// writeFileAtomic writes a file through a temporary one in the same
// directory, so that a failed export leaves no half-written file.
func writeFileAtomic(path string, write func(io.Writer) (int, error)) (int, error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".plenary-export-*")
	if err != nil {
		return 0, err
	}
	defer os.Remove(tmp.Name())
	n, err := write(tmp)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), 0o644)
	}
	if err != nil {
		return 0, err
	}
	return n, os.Rename(tmp.Name(), path)
}

func splitFlag(v string) []string {
	var out []string
	for s := range strings.SplitSeq(v, ",") {
		if s = strings.TrimSpace(s); s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

func strs[T ~string](vs []T) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return out
}
