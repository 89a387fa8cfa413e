package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"maps"
	"os"
	"slices"
	"time"

	"github.com/plenary-org/plenary/internal/store"
)

var restoreCommand = &Command{
	Name:    "restore",
	Usage:   "[-db URL] [-replace] FILE",
	Summary: "load an archive written by 'plenary dump' into a SQLite or PostgreSQL database",
	Long: `Reads the whole archive and checks it first, then loads it in one transaction: either
everything is restored, with every ID as it was, or nothing changes. The database is
created or migrated to this plenary's schema if needed; the archive must have the same
schema version. A database that holds data is refused unless -replace is given, which
deletes its contents, audit trail included, before loading the archive. Stop the servers
using the database while it runs.

A line of the archive (a row) may be at most 32 MiB long. Text that holds NUL, which
SQLite kept before plenary refused it and PostgreSQL cannot store, is restored with each
NUL replaced by U+FFFD, and a warning names the columns concerned.`,
	Run: func(ctx context.Context, env *Env, fs *flag.FlagSet, args []string) error {
		dbURL := dbFlag(env, fs)
		replace := fs.Bool("replace", false, "replace the contents of a database that is not empty")
		if err := parseFlags(fs, args); err != nil {
			return err
		}
		if fs.NArg() != 1 {
			return Usagef("give one archive file, written by 'plenary dump'")
		}
		name := fs.Arg(0)
		// Check the archive before touching the database.
		f, err := os.Open(name)
		if err != nil {
			return err
		}
		defer f.Close()
		if _, err := store.VerifyDump(f); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		if _, err := f.Seek(0, 0); err != nil {
			return err
		}
		db, err := openDB(ctx, *dbURL, true, newLogger(env, ""))
		if err != nil {
			return err
		}
		defer db.Close()
		stats, err := db.Restore(ctx, f, *replace)
		if errors.Is(err, store.ErrNotEmpty) {
			return fmt.Errorf("%w: use -replace to replace its contents", err)
		}
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		cols := slices.Sorted(maps.Keys(stats.Cleaned))
		for _, col := range cols {
			fmt.Fprintf(env.Stderr, "warning: %s: %d values held NUL, which text may not hold; each NUL was replaced by U+FFFD\n", col, stats.Cleaned[col])
		}
		h := stats.Header
		fmt.Fprintf(env.Stdout, "restored %d rows into %s from a dump of a %s database made %s (schema version %d)\n",
			stats.Total(), describeDB(*dbURL), h.Engine, h.CreatedAt.UTC().Format(time.RFC3339), h.SchemaVersion)
		return nil
	},
}
