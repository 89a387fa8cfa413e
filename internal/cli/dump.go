package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/plenary-org/plenary/internal/store"
)

var dumpCommand = &Command{
	Name:    "dump",
	Usage:   "[-db URL] [-o FILE]",
	Summary: "write the whole database as an archive that 'plenary restore' loads on SQLite or PostgreSQL",
	Long: `Writes every table (accounts, sessions, meetings, memberships, invitations, the audit
trail...) as gzip-compressed JSON lines, the same on both engines, from one consistent
snapshot: the server may keep running. 'plenary restore' loads the archive into SQLite or
PostgreSQL, keeping every ID; this is how a deployment moves from one engine to the other.
The archive is written to standard output unless -o names a file. It holds password hashes
and session token hashes: keep it as safe as the database.`,
	Run: func(ctx context.Context, env *Env, fs *flag.FlagSet, args []string) error {
		dbURL := dbFlag(env, fs)
		out := fs.String("o", "", "write the archive to `FILE` instead of standard output")
		if err := parseFlags(fs, args); err != nil {
			return err
		}
		if fs.NArg() > 0 {
			return Usagef("unexpected argument %q (use -o FILE to name the output)", fs.Arg(0))
		}
		if err := mustExist(*dbURL); err != nil {
			return err
		}
		db, err := openDB(ctx, *dbURL, false, newLogger(env, ""))
		if err != nil {
			return err
		}
		defer db.Close()
		if *out == "" {
			stats, err := db.Dump(ctx, env.Stdout)
			if err != nil {
				return err
			}
			fmt.Fprintf(env.Stderr, "dumped %d rows (schema version %d)\n", stats.Total(), stats.Header.SchemaVersion)
			return nil
		}
		// Written beside the target and renamed when complete, so that a
		// failed dump leaves no file that looks whole.
		f, err := os.CreateTemp(filepath.Dir(*out), "."+filepath.Base(*out)+".tmp-*")
		if err != nil {
			return fmt.Errorf("create %s: %w", *out, err)
		}
		defer os.Remove(f.Name())
		stats, err := db.Dump(ctx, f)
		if err == nil {
			err = f.Sync()
		}
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return err
		}
		if err := os.Rename(f.Name(), *out); err != nil {
			return fmt.Errorf("dump: %w", err)
		}
		fmt.Fprintf(env.Stderr, "dumped %d rows (schema version %d) to %s\n", stats.Total(), stats.Header.SchemaVersion, *out)
		return nil
	},
}

// mustExist refuses a SQLite database file that does not exist, which
// opening would create empty.
func mustExist(url string) error {
	if store.IsPostgresURL(url) {
		return nil
	}
	path := strings.TrimPrefix(strings.TrimPrefix(url, "sqlite:"), "file:")
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("no database at %s (give -db FILE or set PLENARY_DATABASE_URL)", path)
	} else if err != nil {
		return err
	}
	return nil
}
