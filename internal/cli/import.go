package cli

import (
	"context"
	"errors"
	"flag"
)

var importCommand = &Command{
	Name:    "import",
	Usage:   "[flags]",
	Summary: "import (being built)",
	Run: func(ctx context.Context, env *Env, fs *flag.FlagSet, args []string) error {
		return errors.New("import: not built yet")
	},
}
