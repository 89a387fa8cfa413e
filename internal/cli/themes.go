package cli

import (
	"context"
	"errors"
)

var themesCommand = &Command{
	Name:    "themes",
	Usage:   "[flags]",
	Summary: "themes (being built)",
	Run: func(ctx context.Context, env *Env, args []string) error {
		return errors.New("themes: not built yet")
	},
}
