// Package e2e drives a real plenary server, started through its own
// command, with a real browser (headless Chromium) and checks every page it
// visits with axe-core. The tests skip, saying why, when Chromium or
// axe-core is not installed; .ci/run installs both.
package e2e

import (
	"bufio"
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/plenary-org/plenary/internal/cli"
)

// server starts "plenary serve -demo" on a free port with a fresh SQLite
// database and returns its base URL. It stops when the test ends.
func server(t *testing.T, extraEnv map[string]string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	env := &cli.Env{Stdin: strings.NewReader(""), Stdout: pw, Stderr: io.Discard, Getenv: func(k string) string { return extraEnv[k] }}
	done := make(chan int, 1)
	db := filepath.Join(t.TempDir(), "plenary.db")
	go func() {
		done <- cli.Main(ctx, env, []string{"serve", "-demo", "-db", db, "-addr", "127.0.0.1:0"})
		pw.Close()
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case code := <-done:
			if code != 0 {
				t.Errorf("plenary serve exited with %d", code)
			}
		case <-time.After(30 * time.Second):
			t.Error("plenary serve did not stop within 30 s")
		}
	})
	re := regexp.MustCompile(`serving (http://\S+)`)
	sc := bufio.NewScanner(pr)
	urlc := make(chan string, 1)
	go func() {
		for sc.Scan() {
			if m := re.FindStringSubmatch(sc.Text()); m != nil {
				urlc <- m[1]
			}
		}
	}()
	select {
	case u := <-urlc:
		return u
	case code := <-done:
		t.Fatalf("plenary serve exited with %d before serving", code)
	case <-time.After(3 * time.Minute):
		// Loading the demo takes some 20 s on an idle machine of two
		// cores; a shared one under load, with the tests niced, takes
		// several times that.
		t.Fatal("plenary serve did not start within 3 minutes")
	}
	return ""
}

// repoRoot walks up from the package directory to the directory holding go.mod.
func repoRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test directory")
		}
		dir = parent
	}
}

func chromiumPath(t *testing.T) string {
	t.Helper()
	for _, name := range []string{os.Getenv("PLENARY_CHROMIUM"), "chromium", "chromium-browser", "google-chrome"} {
		if name == "" {
			continue
		}
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skip("browser tests skipped: no Chromium found (apt-get install chromium, or set PLENARY_CHROMIUM)")
	return ""
}

func axeSource(t *testing.T) string {
	t.Helper()
	p := filepath.Join(repoRoot(t), "node_modules", "axe-core", "axe.min.js")
	b, err := os.ReadFile(p)
	if err != nil {
		t.Skipf("browser tests skipped: axe-core is not installed (run npm ci in the repository root): %v", err)
	}
	return string(b)
}
