package cli

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"strconv"
	"strings"
	"time"

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

// poolFlags adds the flags of the PostgreSQL connection pool, defaulting
// to their environment variables; options returns them, checked, as
// store.Options.
func poolFlags(env *Env, fs *flag.FlagSet) (options func(log *slog.Logger) (store.Options, error)) {
	maxConns := fs.String("db-max-conns", env.Getenv("PLENARY_DB_MAX_CONNS"),
		fmt.Sprintf("PostgreSQL: the most connections this instance opens (default %d; env PLENARY_DB_MAX_CONNS)", store.DefaultMaxConns))
	idleConns := fs.String("db-idle-conns", env.Getenv("PLENARY_DB_IDLE_CONNS"),
		"PostgreSQL: connections kept open while unused (default: as many as -db-max-conns; env PLENARY_DB_IDLE_CONNS)")
	idleTime := fs.String("db-conn-idle-time", env.Getenv("PLENARY_DB_CONN_IDLE_TIME"),
		fmt.Sprintf("PostgreSQL: how long an unused connection stays open (default %s; env PLENARY_DB_CONN_IDLE_TIME)", store.DefaultConnIdleTime))
	return func(log *slog.Logger) (store.Options, error) {
		opt := store.Options{Logger: log, Warm: true}
		if *maxConns != "" {
			n, err := strconv.Atoi(*maxConns)
			if err != nil || n < 1 || n > 10000 {
				return opt, fmt.Errorf("PLENARY_DB_MAX_CONNS (-db-max-conns): want a number of connections from 1 to 10000, not %q", *maxConns)
			}
			opt.MaxConns = n
		}
		if *idleConns != "" {
			n, err := strconv.Atoi(*idleConns)
			if err != nil || n < 1 || n > 10000 {
				return opt, fmt.Errorf("PLENARY_DB_IDLE_CONNS (-db-idle-conns): want a number of connections from 1 to 10000, not %q", *idleConns)
			}
			opt.IdleConns = n
		}
		if *idleTime != "" {
			d, err := time.ParseDuration(*idleTime)
			if err != nil || d < time.Second {
				return opt, fmt.Errorf("PLENARY_DB_CONN_IDLE_TIME (-db-conn-idle-time): want a duration of a second or more such as 5m, not %q", *idleTime)
			}
			opt.ConnIdleTime = d
		}
		return opt, nil
	}
}

// openDB opens the database and makes sure its schema is current: it
// migrates when migrate is true, else it refuses an outdated schema.
func openDB(ctx context.Context, url string, migrate bool, log *slog.Logger) (*store.DB, error) {
	return openDBWith(ctx, url, migrate, store.Options{Logger: log})
}

// openDBWith is openDB with the store's options.
func openDBWith(ctx context.Context, url string, migrate bool, opt store.Options) (*store.DB, error) {
	log := opt.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	db, err := store.Open(ctx, url, opt)
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

// voteWriterSettings reads the vote writer's settings from the
// environment: PLENARY_VOTE_WRITERS and PLENARY_VOTE_INTERVAL.
func voteWriterSettings(env *Env) (store.VoteWriterOptions, error) {
	var opt store.VoteWriterOptions
	if v := env.Getenv("PLENARY_VOTE_WRITERS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 64 {
			return opt, fmt.Errorf("PLENARY_VOTE_WRITERS: want a number of writers from 1 to 64, not %q", v)
		}
		opt.Writers = n
	}
	if v := env.Getenv("PLENARY_VOTE_INTERVAL"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d < 0 || d > time.Second {
			return opt, fmt.Errorf("PLENARY_VOTE_INTERVAL: want a duration from 0 to 1s such as 5ms, not %q", v)
		}
		opt.Interval = d
		if d == 0 {
			opt.Interval = -1 // none
		}
	}
	return opt, nil
}
