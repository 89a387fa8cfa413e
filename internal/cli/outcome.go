package cli

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"text/tabwriter"

	"github.com/plenary-org/plenary/internal/deliberation"
	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/locale"
	"github.com/plenary-org/plenary/internal/outcome"
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
// document's text: exit status 1.
var errNotAdopted = errors.New("the file is not the text of an adopted outcome document")

var outcomeCommand = &Command{
	Name:    "outcome",
	Usage:   "verify FILE",
	Summary: "say whether a file is the adopted version of a meeting's outcome document",
	Long: "A JSON file of the document's text (as the API gives it) is hashed and compared with the adopted\n" +
		"versions' content hashes: an exact match. Any other file (Markdown, HTML, DOCX, PDF) is matched by\n" +
		"the content hash it names, which says what it claims to be, not that its content is unchanged.\n" +
		"The exit status is 0 for an exact match, 1 otherwise.",
	Run: func(ctx context.Context, env *Env, fs *flag.FlagSet, args []string) error {
		dbURL := dbFlag(env, fs)
		if err := parseFlags(fs, args); err != nil {
			return err
		}
		if fs.NArg() != 2 || fs.Arg(0) != "verify" {
			return Usagef("plenary outcome verify FILE")
		}
		data, err := os.ReadFile(fs.Arg(1))
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
			how := "names the content hash of"
			if m.Exact {
				how, exact = "is", true
			}
			fmt.Fprintf(env.Stdout, "%s %s version %d, adopted, of the outcome document of %s (meeting %s; hash %s)\n",
				fs.Arg(1), how, m.Version, m.Meeting, m.MeetingID, domain.ShortHash(m.Hash))
		}
		if !exact {
			if v.Hash != "" {
				fmt.Fprintf(env.Stdout, "%s: content hash %s\n", fs.Arg(1), v.Hash)
			}
			return errNotAdopted
		}
		return nil
	},
}
