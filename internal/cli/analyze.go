package cli

import (
	"context"
	"errors"
	"flag"
)

var analyzeCommand = &Command{
	Name:    "analyze",
	Usage:   "[flags]",
	Summary: "analyze (being built)",
	Run: func(ctx context.Context, env *Env, fs *flag.FlagSet, args []string) error {
		return errors.New("analyze: not built yet")
	},
}
