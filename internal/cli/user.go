package cli

import (
	"context"
	"errors"
)

var userCommand = &Command{
	Name:    "user",
	Usage:   "[flags]",
	Summary: "user (being built)",
	Run: func(ctx context.Context, env *Env, args []string) error {
		return errors.New("user: not built yet")
	},
}
