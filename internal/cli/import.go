package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/web"
)

var importCommand = &Command{
	Name:    "import",
	Usage:   "agenda [-process ID | -new-process NAME] FILE",
	Summary: "import an agenda (Markdown like the GRCP 7 agenda, or JSON) as a new meeting",
	Long: `Reads FILE ("-" for standard input) and creates a meeting with its sessions, parts,
objectives, guiding questions, issues and footnotes, all in one transaction: a malformed agenda
is reported with its line number and nothing is stored. The format is described in
docs/AGENDA-FORMAT.md. The meeting goes into the process given by -process; with -new-process a
process is created; when the database has exactly one process, that one is used.`,
	Run: runImport,
}

func runImport(ctx context.Context, env *Env, fs *flag.FlagSet, args []string) error {
	if len(args) == 0 || args[0] != "agenda" {
		if len(args) > 0 && strings.HasPrefix(args[0], "-h") {
			fs.Usage()
			return flag.ErrHelp
		}
		return Usagef("say what to import: plenary import agenda FILE")
	}
	dbURL := dbFlag(env, fs)
	processID := fs.String("process", "", "ID of the process that holds the meeting")
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
	data, err := io.ReadAll(io.LimitReader(r, web.MaxAgendaSize+1))
	if err != nil {
		return err
	}
	if len(data) > web.MaxAgendaSize {
		return fmt.Errorf("%s: the agenda is larger than 2 MB", fs.Arg(0))
	}
	am, err := web.ParseAgendaUpload(data)
	if err != nil {
		return fmt.Errorf("%s: %w", fs.Arg(0), err)
	}
	db, err := openDB(ctx, *dbURL, true, newLogger(env, ""))
	if err != nil {
		return err
	}
	defer db.Close()
	pid := *processID
	switch {
	case pid != "" && *newProcess != "":
		return Usagef("give -process or -new-process, not both")
	case *newProcess != "":
		p := &domain.Process{Name: *newProcess}
		if err := db.CreateProcess(ctx, p); err != nil {
			return err
		}
		pid = p.ID
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
	a := am.ToDomain()
	a.Meeting.ProcessID = pid
	if err := db.CreateMeetingWithAgenda(ctx, a); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "imported meeting %s: %s (%d sessions)\n", a.Meeting.ID, a.Meeting.Name(), len(a.Sessions))
	return nil
}
