// Package cli implements the plenary subcommands. Each subcommand lives in a
// file of its own and is listed in [commands]; main only calls [Main].
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
)

// Env is what a subcommand may touch of the outside world. Tests pass their
// own buffers and environment.
type Env struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	// Getenv reads an environment variable (PLENARY_*).
	Getenv func(string) string
}

// StdEnv returns the process's standard streams and environment.
func StdEnv() *Env {
	return &Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv}
}

// Command is one subcommand.
type Command struct {
	Name    string
	Usage   string // arguments after the name, e.g. "[flags] FILE"
	Summary string // one line for the command list
	Long    string // optional paragraphs shown by -h
	// Run executes the command. fs is a fresh flag set named after the
	// command, with its -h usage ready: Run declares its flags on it and
	// calls [parseFlags]. Usage errors should be returned as [UsageError]
	// so that Main prints a hint and exits with 2.
	Run func(ctx context.Context, env *Env, fs *flag.FlagSet, args []string) error
}

// UsageError reports a mistake in the command line.
type UsageError struct{ Msg string }

func (e *UsageError) Error() string { return e.Msg }

// Usagef returns a [UsageError].
func Usagef(format string, a ...any) error { return &UsageError{Msg: fmt.Sprintf(format, a...)} }

// commands lists every subcommand, in the order help shows them.
func commands() []*Command {
	return []*Command{
		serveCommand,
		migrateCommand,
		userCommand,
		importCommand,
		exportCommand,
		meetingsCommand,
		outcomeCommand,
		remindCommand,
		mailCommand,
		dumpCommand,
		restoreCommand,
		backupCommand,
		analyzeCommand,
		similarityCommand,
		themesCommand,
		loadtestCommand,
		versionCommand,
	}
}

// Main runs the subcommand named by args[0] and returns the process exit code.
func Main(ctx context.Context, env *Env, args []string) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" || args[0] == "-help" {
		if len(args) > 1 {
			if c := lookup(args[1]); c != nil {
				return Main(ctx, env, []string{c.Name, "-h"})
			}
		}
		printHelp(env.Stdout)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	c := lookup(args[0])
	if c == nil {
		fmt.Fprintf(env.Stderr, "plenary: unknown command %q\n\n", args[0])
		printHelp(env.Stderr)
		return 2
	}
	err := c.Run(ctx, env, newFlagSet(env, c), args[1:])
	if err == nil {
		return 0
	}
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	var ue *UsageError
	if errors.As(err, &ue) {
		fmt.Fprintf(env.Stderr, "plenary %s: %s\nRun 'plenary %s -h' for help.\n", c.Name, ue.Msg, c.Name)
		return 2
	}
	fmt.Fprintf(env.Stderr, "plenary %s: %v\n", c.Name, err)
	return 1
}

func lookup(name string) *Command {
	for _, c := range commands() {
		if c.Name == name {
			return c
		}
	}
	return nil
}

func printHelp(w io.Writer) {
	fmt.Fprintln(w, "plenary runs intergovernmental consultations from agenda to follow-up.")
	fmt.Fprintln(w, "\nUsage: plenary COMMAND [flags] [args]\n\nCommands:")
	cs := commands()
	width := 0
	for _, c := range cs {
		width = max(width, len(c.Name))
	}
	for _, c := range cs {
		fmt.Fprintf(w, "  %-*s  %s\n", width, c.Name, c.Summary)
	}
	fmt.Fprintln(w, "\nRun 'plenary COMMAND -h' for a command's flags.")
}

// newFlagSet returns a flag set whose -h output names the command, its
// arguments and its summary. Parse errors are returned, not fatal.
func newFlagSet(env *Env, c *Command) *flag.FlagSet {
	fs := flag.NewFlagSet("plenary "+c.Name, flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: plenary %s %s\n\n%s\n", c.Name, c.Usage, c.Summary)
		if c.Long != "" {
			fmt.Fprintf(fs.Output(), "\n%s\n", strings.TrimSpace(c.Long))
		}
		var names []string
		fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
		if len(names) > 0 {
			sort.Strings(names)
			fmt.Fprintln(fs.Output(), "\nFlags:")
			fs.PrintDefaults()
		}
	}
	return fs
}

// parseFlags parses args and turns a parse error into a [UsageError]; -h
// returns flag.ErrHelp after printing the usage.
func parseFlags(fs *flag.FlagSet, args []string) error {
	// Allow flags after positional arguments: "plenary analyze DIR --format json".
	var flags, pos []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			pos = append(pos, args[i+1:]...)
			break
		}
		if strings.HasPrefix(a, "-") && a != "-" {
			flags = append(flags, a)
			name := strings.TrimLeft(a, "-")
			if !strings.Contains(name, "=") {
				if f := fs.Lookup(name); f != nil {
					if bf, ok := f.Value.(interface{ IsBoolFlag() bool }); !ok || !bf.IsBoolFlag() {
						if i+1 < len(args) {
							flags = append(flags, args[i+1])
							i++
						}
					}
				}
			}
			continue
		}
		pos = append(pos, a)
	}
	if err := fs.Parse(append(flags, pos...)); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return &UsageError{Msg: err.Error()}
	}
	return nil
}
