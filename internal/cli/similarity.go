package cli

import (
	"context"
	"errors"
)

var similarityCommand = &Command{
	Name:    "similarity",
	Usage:   "[flags]",
	Summary: "similarity (being built)",
	Run: func(ctx context.Context, env *Env, args []string) error {
		return errors.New("similarity: not built yet")
	},
}
