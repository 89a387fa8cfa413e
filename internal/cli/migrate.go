package cli

import (
	"context"
	"flag"
	"fmt"
)

var migrateCommand = &Command{
	Name:    "migrate",
	Usage:   "[-db URL] [-status]",
	Summary: "bring the database schema up to date",
	Long:    "Applies the schema migrations this plenary knows, each in a transaction, and records them. It refuses a database whose schema is newer than this program. 'plenary serve' migrates by itself unless PLENARY_AUTO_MIGRATE=false.",
	Run: func(ctx context.Context, env *Env, fs *flag.FlagSet, args []string) error {
		dbURL := dbFlag(env, fs)
		status := fs.Bool("status", false, "only print the schema version")
		if err := parseFlags(fs, args); err != nil {
			return err
		}
		if fs.NArg() > 0 {
			return Usagef("unexpected argument %q", fs.Arg(0))
		}
		db, err := openDBNoCheck(ctx, *dbURL)
		if err != nil {
			return err
		}
		defer db.Close()
		if *status {
			cur, known, err := db.SchemaVersion(ctx)
			if err != nil {
				return err
			}
			fmt.Fprintf(env.Stdout, "schema version %d; this plenary knows up to %d\n", cur, known)
			return nil
		}
		applied, err := db.Migrate(ctx)
		if err != nil {
			return err
		}
		for _, a := range applied {
			fmt.Fprintf(env.Stdout, "applied %s\n", a)
		}
		cur, _, err := db.SchemaVersion(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "the schema is at version %d\n", cur)
		return nil
	},
}
