package cli

import (
	"context"
	"flag"
	"fmt"

	"github.com/plenary-org/plenary/internal/store"
)

var backupCommand = &Command{
	Name:    "backup",
	Usage:   "[-db FILE] OUT",
	Summary: "copy a live SQLite database to a new file, consistently, without stopping the server",
	Long: `Writes a compacted copy of the SQLite database to OUT, which must not exist yet. The copy
holds every change committed before the backup began and is itself a plenary database: to
restore it, stop the server, put the copy in place of the database file (remove the -wal and
-shm files beside it) and start the server again. For PostgreSQL, use pg_dump and
pg_restore (see docs/DEPLOYMENT.md); 'plenary dump' works on both engines.`,
	Run: func(ctx context.Context, env *Env, fs *flag.FlagSet, args []string) error {
		dbURL := dbFlag(env, fs)
		if err := parseFlags(fs, args); err != nil {
			return err
		}
		if fs.NArg() != 1 {
			return Usagef("give one output file: plenary backup OUT")
		}
		if store.IsPostgresURL(*dbURL) {
			return store.ErrBackupPostgres
		}
		if err := mustExist(*dbURL); err != nil {
			return err
		}
		db, err := openDBNoCheck(ctx, *dbURL)
		if err != nil {
			return err
		}
		defer db.Close()
		if err := db.Backup(ctx, fs.Arg(0)); err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "backed up %s to %s\n", *dbURL, fs.Arg(0))
		return nil
	},
}
