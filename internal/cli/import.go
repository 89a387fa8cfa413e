package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/plenary-org/plenary/internal/agenda"
	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/reference"
	"github.com/plenary-org/plenary/internal/structure"
	"github.com/plenary-org/plenary/internal/texts"
)

var importCommand = &Command{
	Name:    "import",
	Usage:   "agenda [-process ID | -new-process NAME] FILE | agenda -meeting ID -lang LANG [-unofficial] [-machine] FILE | framework -code CODE [-name NAME] [-lang LANG] FILE | " + importContributionsUsage + " | " + importCommitmentsUsage + " | " + importPartnershipsUsage + " | " + importBodiesUsage,
	Summary: "import an agenda as a new meeting, a reference framework (or its titles in another language), contributions, commitments, partnerships or bodies",
	Long: `Reads FILE ("-" for standard input) and creates a meeting with its sessions, parts,
objectives, guiding questions, issues and footnotes, all in one transaction: a malformed agenda
is reported with its line number and nothing is stored. The format is described in
docs/AGENDA-FORMAT.md. The meeting goes into the process given by -process; with -new-process a
process is created; when the database has exactly one process, that one is used.

"plenary import agenda -meeting ID -lang ar FILE" takes FILE as the Arabic version of an
existing meeting instead (docs/TRANSLATION.md): its sessions, parts, objectives, questions,
issues and footnotes must be the meeting's, in the same order, or the error says where they
differ and nothing is stored; each text it gives becomes that text's Arabic translation
(-unofficial or -machine marks them). "plenary export agenda -format json -lang ar ID" writes
a meeting's Arabic version to translate or review.

"plenary import framework -code sdg -name 'SDG targets' FILE" imports a reference framework
to tag contributions against, from a CSV or TSV table whose header names the columns code
and title (short_label and kind are optional). When a framework with that code exists, the
table gives its titles in the language -lang instead. Every row is checked first; a table
with any problem is imported not at all, and each problem is listed with its row and column.

` + contributionsLong + "\n\n" + commitmentsLong + "\n\n" + partnershipsLong + "\n\n" + bodiesLong,
	Run: runImport,
}

func runImport(ctx context.Context, env *Env, fs *flag.FlagSet, args []string) error {
	if len(args) > 0 && args[0] == "framework" {
		return runImportFramework(ctx, env, fs, args[1:])
	}
	if len(args) > 0 && args[0] == "contributions" {
		return runImportContributions(ctx, env, fs, args[1:])
	}
	if len(args) > 0 && args[0] == "partnerships" {
		return runImportPartnerships(ctx, env, fs, args[1:])
	}
	if len(args) > 0 && args[0] == "commitments" {
		return runImportCommitments(ctx, env, fs, args[1:])
	}
	if len(args) > 0 && args[0] == "bodies" {
		return runImportBodies(ctx, env, fs, args[1:])
	}
	if len(args) == 0 || args[0] != "agenda" {
		if len(args) > 0 && strings.HasPrefix(args[0], "-h") {
			fs.Usage()
			return flag.ErrHelp
		}
		return Usagef("say what to import: plenary import agenda FILE, plenary import framework -code CODE FILE, plenary import contributions FILE, plenary import commitments FILE, plenary import partnerships FILE or plenary import bodies FILE")
	}
	dbURL := dbFlag(env, fs)
	processID := fs.String("process", "", "ID of the process that holds the meeting")
	meetingID := fs.String("meeting", "", "with -lang: the meeting whose agenda the file translates")
	lang := fs.String("lang", "", "with -meeting: the language the file is written in (fr, es, ar, zh, ru or en)")
	unofficial := fs.Bool("unofficial", false, "with -lang: mark the translations unofficial")
	machine := fs.Bool("machine", false, "with -lang: mark the translations as machine translations")
	newProcess := fs.String("new-process", "", "create a process with this name for the meeting")
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return Usagef("give one agenda file (or - for standard input)")
	}
	var r io.Reader = env.Stdin
	if name := fs.Arg(0); name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return err
		}
		defer f.Close()
		r = f
	}
	data, err := io.ReadAll(io.LimitReader(r, agenda.MaxSize+1))
	if err != nil {
		return err
	}
	if (*meetingID == "") != (*lang == "") {
		return Usagef("give -meeting and -lang together to import a translated agenda")
	}
	if *meetingID != "" {
		return importAgendaTranslation(ctx, env, *dbURL, *meetingID, *lang, fs.Arg(0), data, texts.ImportOptions{Unofficial: *unofficial, Machine: *machine})
	}
	am, err := agenda.ParseAny(data)
	if err != nil {
		return fmt.Errorf("%s: %w", fs.Arg(0), err)
	}
	db, err := openDB(ctx, *dbURL, true, newLogger(env, ""))
	if err != nil {
		return err
	}
	defer db.Close()
	a := am.ToDomain()
	pid := *processID
	switch {
	case pid != "" && *newProcess != "":
		return Usagef("give -process or -new-process, not both")
	case *newProcess != "":
		// One transaction: a failed import leaves no empty process behind.
		if err := db.CreateProcessWithAgenda(ctx, &domain.Process{Name: *newProcess}, a); err != nil {
			return err
		}
		return reportImportedAgenda(env, a)
	case pid == "":
		ps, err := db.Processes(ctx, "")
		if err != nil {
			return err
		}
		if len(ps) != 1 {
			var b strings.Builder
			for _, p := range ps {
				fmt.Fprintf(&b, "\n  %s  %s", p.ID, p.Name)
			}
			if len(ps) == 0 {
				return Usagef("the database has no process yet: give -new-process NAME")
			}
			return Usagef("choose the process with -process ID; the processes are:%s", b.String())
		}
		pid = ps[0].ID
	default:
		if _, err := db.Process(ctx, pid); err != nil {
			return err
		}
	}
	a.Meeting.ProcessID = pid
	if err := structure.New(db).ImportAgenda(ctx, operator, a); err != nil {
		return err
	}
	return reportImportedAgenda(env, a)
}

// importAgendaTranslation takes a translated agenda as language lang's
// version of a meeting (docs/TRANSLATION.md).
func importAgendaTranslation(ctx context.Context, env *Env, dbURL, meetingID, lang, name string, data []byte, opt texts.ImportOptions) error {
	am, err := agenda.ParseTranslation(data)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	db, err := openDB(ctx, dbURL, true, newLogger(env, ""))
	if err != nil {
		return err
	}
	defer db.Close()
	res, err := texts.New(db).ImportAgenda(ctx, operator, meetingID, lang, am.ToDomain(), opt)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	_, err = fmt.Fprintf(env.Stdout, "imported the %s version of meeting %s: %d texts changed\n", lang, meetingID, res.Changed)
	return err
}

func reportImportedAgenda(env *Env, a *domain.Agenda) error {
	_, err := fmt.Fprintf(env.Stdout, "imported meeting %s: %s (%d sessions)\n", a.Meeting.ID, a.Meeting.Name(), len(a.Sessions))
	return err
}

func runImportFramework(ctx context.Context, env *Env, fs *flag.FlagSet, args []string) error {
	dbURL := dbFlag(env, fs)
	code := fs.String("code", "", "the framework's code, e.g. sdg (required)")
	name := fs.String("name", "", "the framework's name, for a new framework")
	lang := fs.String("lang", "en", "the language of the titles: en, fr, es, ar, zh or ru")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return Usagef("give one table file (or - for standard input)")
	}
	if *code == "" {
		return Usagef("-code is required")
	}
	var r io.Reader = env.Stdin
	if fs.Arg(0) != "-" {
		f, err := os.Open(fs.Arg(0))
		if err != nil {
			return err
		}
		defer f.Close()
		r = f
	}
	items, err := reference.ParseTable(r)
	if err != nil {
		var re reference.RowErrors
		if errors.As(err, &re) {
			var b strings.Builder
			fmt.Fprintf(&b, "%s: %d problems; nothing was imported:", fs.Arg(0), len(re))
			for _, e := range re {
				fmt.Fprintf(&b, "\n  %s", e.Error())
			}
			return errors.New(b.String())
		}
		return fmt.Errorf("%s: %w", fs.Arg(0), err)
	}
	db, err := openDB(ctx, *dbURL, true, newLogger(env, ""))
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.EnsureBuiltinFrameworks(ctx); err != nil {
		return err
	}
	fws, err := db.Frameworks(ctx)
	if err != nil {
		return err
	}
	for _, f := range fws {
		if f.Code == strings.ToLower(*code) {
			if err := db.SetFrameworkLabels(ctx, f.ID, *lang, items); err != nil {
				return err
			}
			fmt.Fprintf(env.Stdout, "set %d titles in %s for framework %s\n", len(items), *lang, f.Code)
			return nil
		}
	}
	if *name == "" {
		return Usagef("there is no framework %q yet: give -name to create it", *code)
	}
	f, err := db.ImportFramework(ctx, reference.Framework{Code: *code, Name: *name, Lang: *lang, Items: items}, false)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "imported framework %s (%s) with %d items\n", f.Code, f.ID, len(items))
	return nil
}
