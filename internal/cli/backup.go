package cli

import (
	"context"
	"errors"
	"flag"
)

var backupCommand = &Command{
	Name:    "backup",
	Usage:   "[flags]",
	Summary: "backup (being built)",
	Run: func(ctx context.Context, env *Env, fs *flag.FlagSet, args []string) error {
		return errors.New("backup: not built yet")
	},
}
