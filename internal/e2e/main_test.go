package e2e

import (
	"flag"
	"os"
	"testing"
	"time"
)

// browserTimeout replaces go test's default limit of 10 minutes for this
// package: its walks run one after the other, each with a server of its
// own loading the demo and a browser, and together they take 8 to 25
// minutes on two cores depending on what else runs (the whole flow alone
// took 10 minutes at load 10). go test passes its default to the test
// binary as if it were given, so a limit of exactly 10 minutes is taken
// for the default; any other -timeout, -timeout 0 included, is kept.
const browserTimeout = 45 * time.Minute

func TestMain(m *testing.M) {
	flag.Parse()
	if f := flag.Lookup("test.timeout"); f != nil {
		if d, err := time.ParseDuration(f.Value.String()); err == nil && d == 10*time.Minute {
			if err := f.Value.Set(browserTimeout.String()); err != nil {
				panic(err)
			}
		}
	}
	os.Exit(m.Run())
}
