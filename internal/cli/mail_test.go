package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/plenary-org/plenary/internal/mail"
	"github.com/plenary-org/plenary/internal/store/storetest"
)

// runEnv is run with environment variables.
func runEnv(t *testing.T, vars map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	env := &Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Getenv: func(k string) string { return vars[k] }}
	code := Main(context.Background(), env, args)
	return code, out.String(), errb.String()
}

// TestMailTest: plenary mail test delivers through a real SMTP server and
// says so; a server refusing for good is reported and the message marked
// failed; wrong settings are named.
func TestMailTest(t *testing.T) {
	url := storetest.MigratedURL(t)
	mb, err := mail.StartMailbox("127.0.0.1:0", 0)
	if err != nil {
		t.Fatal(err)
	}
	defer mb.Close()
	vars := map[string]string{mail.EnvURL: "smtp://" + mb.Addr() + "?tls=none", mail.EnvFrom: "Plenary <no-reply@example.org>"}
	code, out, stderr := runEnv(t, vars, "mail", "test", "-db", url, "-to", "ops@example.org", "-lang", "fr")
	if code != 0 || !strings.Contains(out, "Sent: the server accepted it.") {
		t.Fatalf("mail test: %d %q %q", code, out, stderr)
	}
	msgs := mb.Messages()
	if len(msgs) != 1 {
		t.Fatalf("%d messages received", len(msgs))
	}
	if p, err := mail.ParseMessage(msgs[0].Raw); err != nil || p.Subject != "Message de test de plenary" {
		t.Fatalf("received %+v, %v", p, err)
	}
	mb.Refuse(func(string) error { return mail.PermFailure() })
	code, _, stderr = runEnv(t, vars, "mail", "test", "-db", url, "-to", "gone@example.org")
	if code != 1 || !strings.Contains(stderr, "failed for good") || !strings.Contains(stderr, "550") {
		t.Fatalf("refused: %d %q", code, stderr)
	}
	pw := filepath.Join(t.TempDir(), "pw")
	os.WriteFile(pw, []byte("secret\n"), 0o600)
	for _, tc := range []struct {
		vars map[string]string
		want string
	}{
		{map[string]string{}, "PLENARY_SMTP_URL is not set"},
		{map[string]string{mail.EnvURL: "http://x"}, "want smtp://host:587"},
		{map[string]string{mail.EnvURL: "smtp://u:p@x"}, "a password in the URL"},
		{map[string]string{mail.EnvURL: "smtp://x"}, "PLENARY_MAIL_FROM is not set"},
		{map[string]string{mail.EnvURL: "smtp://x", mail.EnvFrom: "not an address"}, "is not an e-mail address"},
		{map[string]string{mail.EnvURL: "smtp://u@x", mail.EnvFrom: "a@b.org"}, "give the password"},
		{map[string]string{mail.EnvURL: "smtp://u@x.example.org?tls=none", mail.EnvFrom: "a@b.org", mail.EnvPasswordFile: pw}, "unencrypted"},
		{map[string]string{mail.EnvURL: "smtp://x", mail.EnvFrom: "a@b.org", mail.EnvPasswordFile: "/nonexistent"}, "PLENARY_SMTP_PASSWORD_FILE"},
	} {
		code, _, stderr := runEnv(t, tc.vars, "mail", "test", "-db", url, "-to", "a@example.org")
		if code == 0 || !strings.Contains(stderr, tc.want) {
			t.Errorf("%v: %d %q, want %q", tc.vars, code, stderr, tc.want)
		}
	}
	if code, _, stderr := run(t, "", "mail", "test", "-db", url); code != 2 || !strings.Contains(stderr, "-to ADDRESS") {
		t.Errorf("without -to: %d %q", code, stderr)
	}
}
