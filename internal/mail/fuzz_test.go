package mail

import (
	"strings"
	"testing"

	"github.com/plenary-org/plenary/internal/store"
)

// FuzzParseURL: any PLENARY_SMTP_URL is read or refused, never accepted
// without a host, a port in range and a known TLS policy.
func FuzzParseURL(f *testing.F) {
	for _, s := range []string{"smtp://user@host:587", "smtps://mail.example.org", "smtp://127.0.0.1:2525?tls=none", "smtp://u:p@h", "http://x", "smtp://h:0", "smtp://h?tls=maybe", "smtp://[::1]:25"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		c, err := ParseURL(raw)
		if err != nil {
			return
		}
		if c.Host == "" || c.Port < 1 || c.Port > 65535 {
			t.Fatalf("%q: accepted %+v", raw, c)
		}
		switch c.TLS {
		case TLSStartTLS, TLSImplicit, TLSOpportunistic, TLSNone:
		default:
			t.Fatalf("%q: TLS %q", raw, c.TLS)
		}
	})
}

// FuzzParseMessage: the mailbox reader never panics, and reads back what
// Build wrote.
func FuzzParseMessage(f *testing.F) {
	m := &store.MailMessage{To: "a@example.org", Lang: "ar", Subject: "مرحبا «x»", Text: "نص\nhttps://x/y", HTML: "<p>نص</p>"}
	msg, err := Build(m, "Plenary <no-reply@example.org>")
	if err != nil {
		f.Fatal(err)
	}
	var b strings.Builder
	if _, err := msg.WriteTo(&b); err != nil {
		f.Fatal(err)
	}
	p, err := ParseMessage([]byte(b.String()))
	if err != nil || p.Subject != m.Subject || !strings.Contains(p.Text, "https://x/y") || !strings.Contains(p.HTML, "<p>نص</p>") {
		f.Fatalf("read back %+v, %v", p, err)
	}
	f.Add([]byte(b.String()))
	f.Add([]byte("Subject: x\r\nContent-Type: multipart/alternative; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nhi\r\n--b--\r\n"))
	f.Add([]byte("not a message"))
	f.Fuzz(func(t *testing.T, raw []byte) {
		ParseMessage(raw)
	})
}
