package cli

import (
	"context"
	"flag"
	"fmt"
	"runtime/debug"
)

// Version is set at build time with -ldflags "-X .../internal/cli.Version=v1.2.3".
var Version = "dev"

var versionCommand = &Command{
	Name:    "version",
	Usage:   "",
	Summary: "print the version of plenary",
	Run: func(ctx context.Context, env *Env, fs *flag.FlagSet, args []string) error {
		if err := parseFlags(fs, args); err != nil {
			return err
		}
		v := Version
		if bi, ok := debug.ReadBuildInfo(); ok && v == "dev" {
			for _, s := range bi.Settings {
				if s.Key == "vcs.revision" && len(s.Value) >= 12 {
					v = "dev-" + s.Value[:12]
				}
			}
		}
		fmt.Fprintf(env.Stdout, "plenary %s\n", v)
		return nil
	},
}
