package cli

import (
	"context"
	"errors"
	"flag"
)

var dumpCommand = &Command{
	Name:    "dump",
	Usage:   "[flags]",
	Summary: "dump (being built)",
	Run: func(ctx context.Context, env *Env, fs *flag.FlagSet, args []string) error {
		return errors.New("dump: not built yet")
	},
}
