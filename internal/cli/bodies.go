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
	"github.com/plenary-org/plenary/internal/registry"
)

const (
	exportBodiesUsage = "bodies [-format csv|xlsx|json] [-o FILE]"
	importBodiesUsage = "bodies [-format csv|xlsx|json] [-lang LANG] FILE"
	bodiesLong        = `"plenary export bodies" writes every body with its member and observer states (ISO 3166-1
alpha-3 codes), the dates they joined and its region (as written, and its region ID), in the
columns of docs/REGISTRY.md. "plenary import bodies FILE" reads such a file: a row whose id or
name is a body's replaces it, the others are created; all or nothing, each problem printed with
its row and column.`
)

func runExportBodies(ctx context.Context, env *Env, fs *flag.FlagSet, args []string) error {
	dbURL := dbFlag(env, fs)
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
	rs, err := registry.New(db).ExportBodies(ctx, operator)
	if err != nil {
		return err
	}
	write := func(w io.Writer) (int, error) { return len(rs), registry.WriteBodies(w, f, rs) }
	if *out == "" {
		_, err := write(env.Stdout)
		return err
	}
	if _, err := writeFileAtomic(*out, write); err != nil {
		return err
	}
	fmt.Fprintf(env.Stderr, "exported %d bodies to %s\n", len(rs), *out)
	return nil
}

func runImportBodies(ctx context.Context, env *Env, fs *flag.FlagSet, args []string) error {
	dbURL := dbFlag(env, fs)
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
	db, err := openDB(ctx, *dbURL, true, newLogger(env, ""))
	if err != nil {
		return err
	}
	defer db.Close()
	res, err := registry.New(db).ImportBodies(ctx, operator, f, r)
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
	fmt.Fprintf(env.Stdout, "imported %s: %d bodies created, %d updated\n", name, res.Created, res.Updated)
	return nil
}
