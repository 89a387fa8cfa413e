package cli

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/plenary-org/plenary/internal/deliberation"
	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/locale"
	"github.com/plenary-org/plenary/internal/outcome"
	"github.com/plenary-org/plenary/internal/outcome/render"
	"github.com/plenary-org/plenary/internal/store"
	"github.com/plenary-org/plenary/internal/synthesis"
)

// operator is whoever runs the command line on the server: they hold the
// database, so they read every meeting, as an administrator does.
var operator = &domain.Actor{User: &domain.User{Name: "plenary command line", Admin: true}}

// outcomes returns the outcome documents' use cases over db.
func outcomes(db *store.DB) *outcome.Service {
	return outcome.New(db, synthesis.New(db, nil, nil), deliberation.New(db, nil), locale.MustLoad())
}

var meetingsCommand = &Command{
	Name:    "meetings",
	Usage:   "[-format text|json]",
	Summary: "list the meetings with their dates and the state of their outcome documents",
	Long:    "The outcome document's state is none, draft, open (for amendments), adopted or published.",
	Run: func(ctx context.Context, env *Env, fs *flag.FlagSet, args []string) error {
		dbURL := dbFlag(env, fs)
		format := fs.String("format", "text", "text or json")
		if err := parseFlags(fs, args); err != nil {
			return err
		}
		if fs.NArg() != 0 || (*format != "text" && *format != "json") {
			return Usagef("plenary meetings [-format text|json]")
		}
		db, err := openDB(ctx, *dbURL, false, newLogger(env, ""))
		if err != nil {
			return err
		}
		defer db.Close()
		ms, err := outcomes(db).Meetings(ctx, operator)
		if err != nil {
			return err
		}
		if *format == "json" {
			enc := json.NewEncoder(env.Stdout)
			enc.SetIndent("", "  ")
			return enc.Encode(ms)
		}
		tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tSTARTS\tENDS\tOUTCOME\tTITLE")
		for _, m := range ms {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", m.ID, dash(m.StartsOn), dash(m.EndsOn), m.Outcome, m.Title)
		}
		return tw.Flush()
	},
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// errNotAdopted is the answer of verify to a file that is no adopted
// document: exit status 1.
var errNotAdopted = errors.New("the file is not an adopted outcome document")

var outcomeCommand = &Command{
	Name:    "outcome",
	Usage:   "verify FILE",
	Summary: "say whether a file is the adopted version of a meeting's outcome document",
	Long: "A JSON file of the document's text (as the API gives it) is hashed and compared with the adopted\n" +
		"versions' content hashes. Any other file is taken for an export (DOCX, PDF, HTML or Markdown, by its\n" +
		"first bytes): the adopted versions it names the content hash of (every adopted version when it names\n" +
		"none) are exported again in their original language and each translation and compared byte for byte,\n" +
		"so that a copy whose content was changed is not the adopted one even if it still prints the hash.\n" +
		"The output says which meeting, version, language and format the file is; the exit status is 0 for a\n" +
		"match, 1 when none matched.",
	Run: func(ctx context.Context, env *Env, fs *flag.FlagSet, args []string) error {
		dbURL := dbFlag(env, fs)
		if err := parseFlags(fs, args); err != nil {
			return err
		}
		if fs.NArg() != 2 || fs.Arg(0) != "verify" {
			return Usagef("plenary outcome verify FILE")
		}
		name := fs.Arg(1)
		data, err := os.ReadFile(name)
		if err != nil {
			return err
		}
		db, err := openDB(ctx, *dbURL, false, newLogger(env, ""))
		if err != nil {
			return err
		}
		defer db.Close()
		v, err := outcomes(db).Verify(ctx, operator, data)
		if err != nil {
			return err
		}
		exact := false
		for _, m := range v.Matches {
			if m.Exact {
				exact = true
				fmt.Fprintf(env.Stdout, "%s is version %d, adopted, of the outcome document of %s (meeting %s), in %s as %s; content hash %s\n",
					name, m.Version, m.Meeting, m.MeetingID, m.Lang, m.Format, m.Hash)
				continue
			}
			fmt.Fprintf(env.Stdout, "%s names the content hash of version %d, adopted, of the outcome document of %s (meeting %s), "+
				"but is no %s export of it in any of its languages: its content was changed, or it was made by another release of plenary\n",
				name, m.Version, m.Meeting, m.MeetingID, v.Format)
		}
		if !exact {
			if len(v.Matches) == 0 {
				fmt.Fprintf(env.Stdout, "%s (read as %s) matches no adopted outcome document\n", name, v.Format)
			}
			if v.Hash != "" {
				fmt.Fprintf(env.Stdout, "%s: content hash %s\n", name, v.Hash)
			}
			return errNotAdopted
		}
		return nil
	},
}

const (
	exportOutcomeUsage = "outcome MEETING_ID -format docx|pdf|md|html [-lang L] [-version N] -o FILE"
	exportOutcomeLong  = `"plenary export outcome MEETING_ID -format docx -lang fr -o report.docx" writes a meeting's
outcome document: the latest version (or -version N), in its original language or in -lang (blocks
not translated stay in the original), in Word, PDF, Markdown or a printable HTML page. Drafts are
watermarked DRAFT; the adopted version prints its content hash. -o - writes to standard output.`
)

// issueFormats are the export formats plenary offers, whichever this
// build renders.
var issueFormats = []string{"docx", "pdf", "md", "html"}

func runExportOutcome(ctx context.Context, env *Env, fs *flag.FlagSet, args []string) error {
	dbURL := dbFlag(env, fs)
	format := fs.String("format", "", "docx, pdf, md or html (required)")
	lang := fs.String("lang", "", "language: en, fr, es, ar, zh or ru (default: the document's original language)")
	version := fs.Int("version", 0, "version number (default: the latest)")
	outPath := fs.String("o", "", "file to write, - for standard output (required)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return Usagef("give one meeting ID: plenary export %s", exportOutcomeUsage)
	}
	f, err := render.ByName(*format)
	switch {
	case *format == "":
		return Usagef("say which format with -format %s", strings.Join(render.FormatNames(), "|"))
	case err != nil && slices.Contains(issueFormats, strings.ToLower(*format)):
		return Usagef("this build of plenary does not export %s yet: use -format %s", *format, strings.Join(render.FormatNames(), "|"))
	case err != nil:
		return Usagef("-format must be one of %s, not %q", strings.Join(render.FormatNames(), ", "), *format)
	case *lang != "" && !slices.Contains(domain.Locales, *lang):
		return Usagef("-lang must be one of %s, not %q", strings.Join(domain.Locales, ", "), *lang)
	case *version < 0:
		return Usagef("-version must be a version number from 1 (or 0 for the latest)")
	case *outPath == "":
		return Usagef("say where to write the file with -o FILE (or -o - for standard output)")
	}
	db, err := openDB(ctx, *dbURL, false, newLogger(env, ""))
	if err != nil {
		return err
	}
	defer db.Close()
	e, err := outcomes(db).Export(ctx, operator, outcome.ExportInput{Format: f.Name,
		TextInput: outcome.TextInput{MeetingID: fs.Arg(0), Version: *version, Lang: *lang}})
	if err != nil {
		return err
	}
	if *outPath == "-" {
		_, err = env.Stdout.Write(e.Data)
		return err
	}
	if err := os.WriteFile(*outPath, e.Data, 0o644); err != nil {
		return err
	}
	state := "draft"
	if e.Text.Adopted {
		state = "adopted, content hash " + e.Text.Hash
	}
	fmt.Fprintf(env.Stderr, "wrote %s: version %d (%s) of the outcome document of %s, in %s, %s, %d bytes\n",
		*outPath, e.Text.Version.Number, state, e.Text.Meeting.Name(), e.Text.Lang, f.Name, len(e.Data))
	return nil
}
