package cli

import (
	"context"
	"errors"
	"flag"
)

var restoreCommand = &Command{
	Name:    "restore",
	Usage:   "[flags]",
	Summary: "restore (being built)",
	Run: func(ctx context.Context, env *Env, fs *flag.FlagSet, args []string) error {
		return errors.New("restore: not built yet")
	},
}
