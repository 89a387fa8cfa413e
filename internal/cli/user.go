package cli

import (
	"context"
	"errors"
	"flag"
)

var userCommand = &Command{
	Name:    "user",
	Usage:   "[flags]",
	Summary: "user (being built)",
	Run: func(ctx context.Context, env *Env, fs *flag.FlagSet, args []string) error {
		return errors.New("user: not built yet")
	},
}
