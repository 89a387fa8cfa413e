package cli

import (
	"context"
	"errors"
	"flag"
)

var themesCommand = &Command{
	Name:    "themes",
	Usage:   "[flags]",
	Summary: "themes (being built)",
	Run: func(ctx context.Context, env *Env, fs *flag.FlagSet, args []string) error {
		return errors.New("themes: not built yet")
	},
}
