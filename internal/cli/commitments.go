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
	"github.com/plenary-org/plenary/internal/followup"
	"github.com/plenary-org/plenary/internal/locale"
	"github.com/plenary-org/plenary/internal/store"
)

// The usage lines of the commitment subcommands, shown by import and
// export.
const (
	importCommitmentsUsage = "commitments [-process ID] [-format csv|xlsx|json] [-lang LANG] FILE"
	exportCommitmentsUsage = "commitments [-process ID] [-meeting ID] [-status S] [-objective CODE] [-body ID] [-region R] [-format csv|xlsx|json] [-o FILE]"
	commitmentsLong        = `"plenary import commitments FILE" records the commitments of a CSV, XLSX or JSON file, with
their indicators, in the process -process (the only one when the database has one), in the
layout of docs/FOLLOW-UP.md: all or nothing, each problem printed as "Row 7, column owner: ..."
in the language -lang.

"plenary export commitments -format xlsx -o out.xlsx" writes a process's commitments (those
-meeting, -status, -objective, -body and -region select) with their indicators and their latest
accepted values; the file imports again.`
)

// theProcess returns the process named, or the only one.
func theProcess(ctx context.Context, db *store.DB, id string) (string, error) {
	if id != "" {
		p, err := db.Process(ctx, id)
		if err != nil {
			return "", fmt.Errorf("process %s: %w", id, err)
		}
		return p.ID, nil
	}
	ps, err := db.Processes(ctx, "")
	if err != nil {
		return "", err
	}
	if len(ps) != 1 {
		return "", Usagef("say which process with -process ID: the database holds %d", len(ps))
	}
	return ps[0].ID, nil
}

func runImportCommitments(ctx context.Context, env *Env, fs *flag.FlagSet, args []string) error {
	dbURL := dbFlag(env, fs)
	process := fs.String("process", "", "ID of the process the commitments go into (default: the only one)")
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
	pid, err := theProcess(ctx, db, *process)
	if err != nil {
		return err
	}
	res, err := followup.New(db).Import(ctx, operator, pid, f, r)
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
	fmt.Fprintf(env.Stdout, "imported %d commitments with %d indicators from %s\n", res.Commitments, res.Indicators, name)
	return nil
}

func runExportCommitments(ctx context.Context, env *Env, fs *flag.FlagSet, args []string) error {
	dbURL := dbFlag(env, fs)
	process := fs.String("process", "", "ID of the process (default: the only one)")
	meeting := fs.String("meeting", "", "only the commitments made at this meeting")
	status := fs.String("status", "", "only this status: "+strings.Join(strs(domain.CommitmentStatuses), ", "))
	objective := fs.String("objective", "", "only those serving this objective or principle (O1 to O23, Pa to Pj)")
	body := fs.String("body", "", "only those this body owns, co-owns or supports")
	region := fs.String("region", "", "only those whose owner is of this region")
	format := fs.String("format", "", "csv, xlsx or json (default: the extension of -o, else csv)")
	out := fs.String("o", "", "write to this file instead of standard output")
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
	db, err := openDB(ctx, *dbURL, false, newLogger(env, ""))
	if err != nil {
		return err
	}
	defer db.Close()
	pid, err := theProcess(ctx, db, *process)
	if err != nil {
		return err
	}
	in := followup.ListInput{ProcessID: pid, MeetingID: *meeting, Status: domain.CommitmentStatus(*status), Objective: *objective, BodyID: *body, Region: *region}
	write := func(w io.Writer) (int, error) {
		return 0, followup.New(db).Export(ctx, operator, in, f, w)
	}
	if *out == "" {
		_, err := write(env.Stdout)
		return err
	}
	if _, err := writeFileAtomic(*out, write); err != nil {
		return err
	}
	fmt.Fprintf(env.Stderr, "exported the commitments to %s\n", *out)
	return nil
}
