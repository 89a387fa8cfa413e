package cli

import (
	"context"
	"errors"
	"flag"
)

var exportCommand = &Command{
	Name:    "export",
	Usage:   "[flags]",
	Summary: "export (being built)",
	Run: func(ctx context.Context, env *Env, fs *flag.FlagSet, args []string) error {
		return errors.New("export: not built yet")
	},
}
