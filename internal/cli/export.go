package cli

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"strings"

	"github.com/plenary-org/plenary/internal/agenda"
	"github.com/plenary-org/plenary/internal/texts"
)

var exportCommand = &Command{
	Name:    "export",
	Usage:   "agenda [-format md|json] [-lang LANG] MEETING_ID | " + exportOutcomeUsage + " | " + exportReviewUsage + " | " + exportContributionsUsage + " | " + exportCommitmentsUsage + " | " + exportPartnershipsUsage + " | " + exportBodiesUsage + " | " + exportCalendarUsage,
	Summary: "write a meeting's agenda (Markdown or JSON), its outcome document or a review cycle's report (DOCX, PDF, Markdown, HTML), contributions, commitments, partnerships or bodies (CSV, XLSX or JSON), or a meeting's calendar (iCalendar)",
	Long:    "The Markdown is the canonical agenda format: importing it again gives the same meeting.\n\n" + exportOutcomeLong + "\n\n" + exportReviewLong + "\n\n" + contributionsLong + "\n\n" + commitmentsLong + "\n\n" + partnershipsLong + "\n\n" + bodiesLong + "\n\n" + exportCalendarLong,
	Run: func(ctx context.Context, env *Env, fs *flag.FlagSet, args []string) error {
		if len(args) > 0 && args[0] == "commitments" {
			return runExportCommitments(ctx, env, fs, args[1:])
		}
		if len(args) > 0 && args[0] == "partnerships" {
			return runExportPartnerships(ctx, env, fs, args[1:])
		}
		if len(args) > 0 && args[0] == "calendar" {
			return runExportCalendar(ctx, env, fs, args[1:])
		}
		if len(args) > 0 && args[0] == "bodies" {
			return runExportBodies(ctx, env, fs, args[1:])
		}
		if len(args) > 0 && args[0] == "contributions" {
			return runExportContributions(ctx, env, fs, args[1:])
		}
		if len(args) > 0 && args[0] == "outcome" {
			return runExportOutcome(ctx, env, fs, args[1:])
		}
		if len(args) > 0 && args[0] == "review-report" {
			return runExportReviewReport(ctx, env, fs, args[1:])
		}
		if len(args) == 0 || args[0] != "agenda" {
			if len(args) > 0 && strings.HasPrefix(args[0], "-h") {
				fs.Usage()
				return flag.ErrHelp
			}
			return Usagef("say what to export: plenary export agenda MEETING_ID, plenary export outcome MEETING_ID, plenary export review-report CYCLE_ID, plenary export contributions, plenary export commitments, plenary export partnerships, plenary export bodies or plenary export calendar MEETING_ID")
		}
		dbURL := dbFlag(env, fs)
		format := fs.String("format", "md", "md (Markdown) or json")
		lang := fs.String("lang", "", "write that language's version: its translations, the original where one is missing (en, fr, es, ar, zh or ru)")
		if err := parseFlags(fs, args[1:]); err != nil {
			return err
		}
		if fs.NArg() != 1 {
			return Usagef("give one meeting ID")
		}
		if *format != "md" && *format != "json" {
			return Usagef("-format must be md or json, not %q", *format)
		}
		db, err := openDB(ctx, *dbURL, false, newLogger(env, ""))
		if err != nil {
			return err
		}
		defer db.Close()
		a, err := db.Agenda(ctx, fs.Arg(0))
		if *lang != "" {
			var missing int
			a, missing, err = texts.New(db).AgendaIn(ctx, operator, fs.Arg(0), *lang)
			if err == nil && missing > 0 {
				fmt.Fprintf(env.Stderr, "%d texts have no %s translation and are written in the original\n", missing, *lang)
			}
		}
		if err != nil {
			return err
		}
		m := agenda.FromDomain(a)
		if *format == "json" {
			enc := json.NewEncoder(env.Stdout)
			enc.SetIndent("", "  ")
			return enc.Encode(m)
		}
		_, err = env.Stdout.Write(m.Markdown())
		return err
	},
}
