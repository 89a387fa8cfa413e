package cli

import (
	"context"
	"flag"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/followup"
	"github.com/plenary-org/plenary/internal/locale"
	"github.com/plenary-org/plenary/internal/outcome/render"
)

// The review report of a closed review cycle (docs/FOLLOW-UP.md), and the
// reminders of reports due, from the command line.

const (
	exportReviewUsage = "review-report CYCLE_ID -format docx|pdf|md|html [-lang L] [-version N] [-o FILE]"
	exportReviewLong  = `"plenary export review-report CYCLE_ID -format pdf -lang fr -o review.pdf" writes a closed
review cycle's report: the latest version (or -version N) in one of the cycle's languages (its first by
default), with the outcome document's renderers. A version that is not final is watermarked DRAFT; the
final one prints its content hash. Without -o the file is named after the cycle, the version and the
language in the current directory; -o - writes to standard output.`
)

func runExportReviewReport(ctx context.Context, env *Env, fs *flag.FlagSet, args []string) error {
	dbURL := dbFlag(env, fs)
	format := fs.String("format", "", "docx, pdf, md or html (required)")
	lang := fs.String("lang", "", "language: one of the cycle's (default: its first)")
	version := fs.Int("version", 0, "version number (default: the latest)")
	outPath := fs.String("o", "", "file to write, - for standard output (default: the file's own name)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return Usagef("give one review cycle ID: plenary export %s", exportReviewUsage)
	}
	switch _, err := render.ByName(*format); {
	case *format == "":
		return Usagef("say which format with -format %s", strings.Join(render.FormatNames(), "|"))
	case err != nil:
		return Usagef("-format must be one of %s, not %q", strings.Join(render.FormatNames(), ", "), *format)
	case *lang != "" && !slices.Contains(domain.Locales, *lang):
		return Usagef("-lang must be one of %s, not %q", strings.Join(domain.Locales, ", "), *lang)
	case *version < 0:
		return Usagef("-version must be a version number from 1 (or 0 for the latest)")
	}
	db, err := openDB(ctx, *dbURL, false, newLogger(env, ""))
	if err != nil {
		return err
	}
	defer db.Close()
	e, err := followup.New(db).WithCatalog(locale.MustLoad()).ExportReviewReport(ctx, operator, followup.ReviewExportInput{Format: *format,
		ReviewReportInput: followup.ReviewReportInput{CycleID: fs.Arg(0), Lang: *lang, Version: *version}})
	if err != nil {
		return err
	}
	if *outPath == "-" {
		_, err = env.Stdout.Write(e.Data)
		return err
	}
	if *outPath == "" {
		*outPath = e.Name
	}
	if err := os.WriteFile(*outPath, e.Data, 0o644); err != nil {
		return err
	}
	state := "draft"
	if e.View.Final {
		state = "final, content hash " + e.View.Hash
	}
	fmt.Fprintf(env.Stderr, "wrote %s: version %d (%s) of the review report of %s, in %s, %s, %d bytes\n",
		*outPath, e.View.Version.Number, state, e.View.Cycle.Name, e.View.Report.Lang, e.Format.Name, len(e.Data))
	return nil
}

var remindCommand = &Command{
	Name:    "remind",
	Usage:   "[-days N]",
	Summary: "notify the owners of progress reports due within N days (14 by default) and of overdue ones",
	Long: `"plenary remind" runs what the secretariat's reminders page does, for every process: each delegate
and partner of a body that owes a progress report in an open review cycle is notified once per report
and occasion (due, then overdue), on their account page; running it again (from cron, say, daily)
notifies nobody twice. It prints how many notifications were new.`,
	Run: func(ctx context.Context, env *Env, fs *flag.FlagSet, args []string) error {
		dbURL := dbFlag(env, fs)
		days := fs.Int("days", followup.DefaultReminderDays, "how many days ahead a report counts as due (0 to 366)")
		if err := parseFlags(fs, args); err != nil {
			return err
		}
		if fs.NArg() != 0 {
			return Usagef("plenary remind takes no arguments, only -days N")
		}
		if *days < 0 || *days > followup.MaxReminderDays {
			return Usagef("-days must be from 0 to %d, not %d", followup.MaxReminderDays, *days)
		}
		db, err := openDB(ctx, *dbURL, false, newLogger(env, ""))
		if err != nil {
			return err
		}
		defer db.Close()
		n, err := followup.New(db).SweepReminders(ctx, *days)
		if err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "%d new notifications\n", n)
		return nil
	},
}
