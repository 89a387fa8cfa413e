package cli

import (
	"context"
	"errors"
	"flag"
)

var migrateCommand = &Command{
	Name:    "migrate",
	Usage:   "[flags]",
	Summary: "migrate (being built)",
	Run: func(ctx context.Context, env *Env, fs *flag.FlagSet, args []string) error {
		return errors.New("migrate: not built yet")
	},
}
