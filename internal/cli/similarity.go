package cli

import (
	"context"
	"errors"
	"flag"
)

var similarityCommand = &Command{
	Name:    "similarity",
	Usage:   "[flags]",
	Summary: "similarity (being built)",
	Run: func(ctx context.Context, env *Env, fs *flag.FlagSet, args []string) error {
		return errors.New("similarity: not built yet")
	},
}
