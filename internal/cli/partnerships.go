package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/plenary-org/plenary/internal/contribio"
	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/locale"
	"github.com/plenary-org/plenary/internal/partnership"
)

// The usage lines of the partnership subcommands, shown by import and
// export.
const (
	importPartnershipsUsage = "partnerships [-process ID] [-format csv|xlsx|json] [-lang LANG] FILE"
	exportPartnershipsUsage = "partnerships [-process ID] [-format csv|xlsx|json] [-o FILE]"
	partnershipsLong        = `"plenary import partnerships FILE" records the partnerships of a CSV, XLSX or JSON file in
the process -process (the only one when the database has one), in the layout of
docs/REGISTRY.md: all or nothing, each problem printed as "Row 7, column parties: ..." in the
language -lang. "plenary export partnerships -format xlsx -o out.xlsx" writes a process's
partnerships; the file imports again (each row a new partnership).`
)

func runImportPartnerships(ctx context.Context, env *Env, fs *flag.FlagSet, args []string) error {
	dbURL := dbFlag(env, fs)
	process := fs.String("process", "", "ID of the process the partnerships go into (default: the only one)")
	format := fs.String("format", "", "csv, xlsx or json (default: the file's extension)")
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
	data, err := io.ReadAll(io.LimitReader(r, partnership.MaxFileBytes+1))
	if err != nil {
		return err
	}
	db, err := openDB(ctx, *dbURL, true, newLogger(env, ""))
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.EnsureBuiltinFrameworks(ctx); err != nil {
		return err
	}
	pid, err := theProcess(ctx, db, *process)
	if err != nil {
		return err
	}
	n, err := partnership.New(db, nil).Import(ctx, operator, partnership.ImportInput{ProcessID: pid, Format: f, Data: data})
	var es contribio.CellErrors
	if errors.As(err, &es) {
		p := locale.MustLoad().Printer(*lang)
		for _, e := range es {
			fmt.Fprintf(env.Stderr, "%s: %s\n", name, e.Localize(p))
		}
		return fmt.Errorf("%s: %d problems; nothing was imported", name, len(es))
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "imported %d partnerships from %s\n", n, name)
	return nil
}

func runExportPartnerships(ctx context.Context, env *Env, fs *flag.FlagSet, args []string) error {
	dbURL := dbFlag(env, fs)
	process := fs.String("process", "", "ID of the process (default: the only one)")
	format := fs.String("format", "", "csv, xlsx or json (default: the extension of -o, else csv)")
	out := fs.String("o", "", "write to this file instead of standard output")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return Usagef("unexpected arguments %q", fs.Args())
	}
	f := contribio.CSV
	if *format != "" || *out != "" {
		var err error
		if f, err = fileFormat(*format, *out); err != nil {
			return err
		}
	}
	db, err := openDB(ctx, *dbURL, false, newLogger(env, ""))
	if err != nil {
		return err
	}
	defer db.Close()
	pid, err := theProcess(ctx, db, *process)
	if err != nil {
		return err
	}
	write := func(w io.Writer) (int, error) {
		return 0, partnership.New(db, nil).Export(ctx, operator, partnership.ExportInput{ProcessID: pid, Format: f}, w)
	}
	if *out == "" {
		_, err := write(env.Stdout)
		return err
	}
	if _, err := writeFileAtomic(*out, write); err != nil {
		return err
	}
	fmt.Fprintf(env.Stderr, "exported the partnerships to %s\n", *out)
	return nil
}
