package cli

import (
	"context"
	"errors"
)

var serveCommand = &Command{
	Name:    "serve",
	Usage:   "[flags]",
	Summary: "serve (being built)",
	Run: func(ctx context.Context, env *Env, args []string) error {
		return errors.New("serve: not built yet")
	},
}
