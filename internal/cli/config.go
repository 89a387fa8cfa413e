package cli

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"strings"

	"github.com/plenary-org/plenary/internal/store"
)

// DefaultDatabase is the SQLite file used when nothing else is configured.
const DefaultDatabase = "plenary.db"

// dbFlag adds the -db flag, defaulting to PLENARY_DATABASE_URL (or
// PLENARY_DATABASE_URL_FILE, for a secret kept in a file) or plenary.db.
func dbFlag(env *Env, fs *flag.FlagSet) *string {
	def := env.Getenv("PLENARY_DATABASE_URL")
	if f := env.Getenv("PLENARY_DATABASE_URL_FILE"); def == "" && f != "" {
		if b, err := os.ReadFile(f); err == nil {
			def = strings.TrimSpace(string(b))
		}
	}
	if def == "" {
		def = DefaultDatabase
	}
	return fs.String("db", def, "database: a SQLite file path or a postgres:// URL (env PLENARY_DATABASE_URL)")
}

// openDB opens the database and makes sure its schema is current: it
// migrates when migrate is true, else it refuses an outdated schema.
func openDB(ctx context.Context, url string, migrate bool, log *slog.Logger) (*store.DB, error) {
	db, err := store.Open(ctx, url, store.Options{Logger: log})
	if err != nil {
		return nil, err
	}
	if migrate {
		applied, err := db.Migrate(ctx)
		if err != nil {
			db.Close()
			return nil, err
		}
		for _, a := range applied {
			log.Info("applied migration", "file", a)
		}
	}
	if err := db.CheckSchema(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

func newLogger(env *Env, format string) *slog.Logger {
	if format == "" {
		format = env.Getenv("PLENARY_LOG_FORMAT")
	}
	if format == "json" {
		return slog.New(slog.NewJSONHandler(env.Stderr, nil))
	}
	return slog.New(slog.NewTextHandler(env.Stderr, nil))
}

func envOr(env *Env, name, def string) string {
	if v := env.Getenv(name); v != "" {
		return v
	}
	return def
}

func fprintf(env *Env, format string, a ...any) { fmt.Fprintf(env.Stdout, format, a...) }

func openDBNoCheck(ctx context.Context, url string) (*store.DB, error) {
	return store.Open(ctx, url, store.Options{})
}
