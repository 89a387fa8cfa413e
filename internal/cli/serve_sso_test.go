package cli

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/plenary-org/plenary/internal/demoidp"
)

// TestServeDemoIdentityProvider: serve -demo offers the demo identity
// provider on the login page, and logging in there signs the demo's
// delegate in, linked by their address, and creates a visitor's account.
func TestServeDemoIdentityProvider(t *testing.T) {
	ctx := context.Background()
	base := startServe(t, "-demo", "-db", filepath.Join(t.TempDir(), "p.db"))
	if code, disc := get(t, http.DefaultClient, base+"/demo-idp/.well-known/openid-configuration", ""); code != 200 || !strings.Contains(disc, `"issuer":"`+base+`/demo-idp"`) {
		t.Fatalf("the demo identity provider's discovery: %d %s", code, disc)
	}
	logIn := func(email string) string {
		t.Helper()
		jar, _ := cookiejar.New(nil)
		c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		_, login := get(t, c, base+"/login", "")
		if !strings.Contains(login, "Log in with Demo identity provider") {
			t.Fatalf("the login page does not offer the demo identity provider:\n%s", login)
		}
		resp, err := c.Get(base + "/login/sso/demo?next=/account")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		back, err := demoidp.SignIn(ctx, resp.Header.Get("Location"), email, "plenary-demo")
		if err != nil {
			t.Fatal(err)
		}
		resp, err = c.Get(back.String())
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/account" {
			t.Fatalf("the return: status %d, location %q", resp.StatusCode, resp.Header.Get("Location"))
		}
		resp, err = c.Get(base + "/account")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return string(b)
	}
	if page := logIn("delegate@demo.plenary.local"); !strings.Contains(page, "delegate@demo.plenary.local") || !strings.Contains(page, "<td>Demo identity provider</td>") {
		t.Fatalf("the delegate's account page:\n%s", page)
	}
	if page := logIn("visitor@demo.plenary.local"); !strings.Contains(page, "Vera Visitor") {
		t.Fatalf("the visitor's account page:\n%s", page)
	}
}

// TestServeRefusesABadProvidersFile: a providers' file with a mistake
// stops serve at start, naming the provider and the field.
func TestServeRefusesABadProvidersFile(t *testing.T) {
	file := filepath.Join(t.TempDir(), "oidc.json")
	if err := os.WriteFile(file, []byte(`{"providers":[{"id":"entra","name":"UN","issuer":"http://login.example.org","client_id":"x"}]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	env := &Env{Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: &stderr,
		Getenv: func(k string) string {
			if k == "PLENARY_OIDC_PROVIDERS_FILE" {
				return file
			}
			return ""
		}}
	code := Main(context.Background(), env, []string{"serve", "-db", filepath.Join(t.TempDir(), "p.db"), "-addr", "127.0.0.1:0"})
	if code == 0 || !strings.Contains(stderr.String(), `provider "entra": issuer: must be https`) {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
}
