package cli

import (
	"context"
	"errors"
	"flag"
)

var serveCommand = &Command{
	Name:    "serve",
	Usage:   "[flags]",
	Summary: "serve (being built)",
	Run: func(ctx context.Context, env *Env, fs *flag.FlagSet, args []string) error {
		return errors.New("serve: not built yet")
	},
}
