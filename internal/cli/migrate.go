package cli

import (
	"context"
	"errors"
)

var migrateCommand = &Command{
	Name:    "migrate",
	Usage:   "[flags]",
	Summary: "migrate (being built)",
	Run: func(ctx context.Context, env *Env, args []string) error {
		return errors.New("migrate: not built yet")
	},
}
