// Package mail sends plenary's e-mail (docs/MAIL.md): the messages in the
// recipient's language (text and HTML), the per-person notification
// preferences with their one-click unsubscribe links, the sender that
// delivers the outbox through SMTP with retries, and the administrator's
// view of the outbox.
//
// Nothing here runs in a request: a use case adds a message to the
// outbox (in the transaction of the fact it announces where there is
// one, [Composer] makes its words), and the [Sender] started by the
// server delivers it.
package mail

import (
	"errors"
	"fmt"
	"net"
	"net/mail"
	"net/url"
	"strconv"
	"strings"
)

// TLS policies of a connection to the SMTP server.
const (
	// TLSStartTLS upgrades the connection with STARTTLS and refuses to
	// send without it (smtp://, the default).
	TLSStartTLS = "starttls"
	// TLSImplicit speaks TLS from the start (smtps://, port 465).
	TLSImplicit = "tls"
	// TLSOpportunistic uses STARTTLS when the server offers it
	// (?tls=opportunistic, and the default for a server on a loopback
	// address).
	TLSOpportunistic = "opportunistic"
	// TLSNone never encrypts (?tls=none): for a relay on the same host.
	TLSNone = "none"
)

// Config is how plenary reaches its SMTP server.
type Config struct {
	Host     string
	Port     int
	Username string
	Password string
	TLS      string
	// From is the sender's address, as a header ("Plenary
	// <no-reply@example.org>").
	From string
}

// String describes c without its password.
func (c *Config) String() string {
	u := ""
	if c.Username != "" {
		u = c.Username + "@"
	}
	return fmt.Sprintf("%s%s:%d (TLS: %s), from %s", u, c.Host, c.Port, c.TLS, c.From)
}

// Environment variables of the e-mail settings.
const (
	EnvURL          = "PLENARY_SMTP_URL"
	EnvPasswordFile = "PLENARY_SMTP_PASSWORD_FILE"
	EnvFrom         = "PLENARY_MAIL_FROM"
)

// ConfigFromEnv reads the settings from the environment: nil, and no
// error, when PLENARY_SMTP_URL is not set (e-mail off); an error naming
// the variable when a setting is wrong.
func ConfigFromEnv(getenv func(string) string, readFile func(string) ([]byte, error)) (*Config, error) {
	raw := strings.TrimSpace(getenv(EnvURL))
	if raw == "" {
		if getenv(EnvFrom) != "" || getenv(EnvPasswordFile) != "" {
			return nil, fmt.Errorf("%s is not set: set it (smtp://user@host:587) to send e-mail, or unset %s and %s", EnvURL, EnvFrom, EnvPasswordFile)
		}
		return nil, nil
	}
	c, err := ParseURL(raw)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", EnvURL, err)
	}
	if f := getenv(EnvPasswordFile); f != "" {
		b, err := readFile(f)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", EnvPasswordFile, err)
		}
		c.Password = strings.TrimRight(string(b), "\r\n")
		if c.Password == "" {
			return nil, fmt.Errorf("%s: the file %s is empty", EnvPasswordFile, f)
		}
	}
	if c.Password != "" && c.Username == "" {
		return nil, fmt.Errorf("%s: a password is given but %s names no user (smtp://user@host:587)", EnvPasswordFile, EnvURL)
	}
	if c.Username != "" && c.Password == "" {
		return nil, fmt.Errorf("%s names the user %q: give the password in the file that %s names", EnvURL, c.Username, EnvPasswordFile)
	}
	if c.Password != "" && c.TLS == TLSNone && !loopback(c.Host) {
		return nil, fmt.Errorf("%s: tls=none would send the password unencrypted to %s: use smtps:// or STARTTLS", EnvURL, c.Host)
	}
	from := strings.TrimSpace(getenv(EnvFrom))
	if from == "" {
		return nil, fmt.Errorf("%s is not set: give the sender's address (Plenary <no-reply@example.org>)", EnvFrom)
	}
	a, err := mail.ParseAddress(from)
	if err != nil {
		return nil, fmt.Errorf("%s: %q is not an e-mail address: %w", EnvFrom, from, err)
	}
	c.From = a.String()
	return c, nil
}

// ParseURL reads smtp://[user@]host[:port][?tls=starttls|opportunistic|none]
// and smtps://[user@]host[:port]. A password in the URL is refused: it
// belongs in a file (PLENARY_SMTP_PASSWORD_FILE), not in the environment.
func ParseURL(raw string) (*Config, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("not a URL: %w", err)
	}
	c := &Config{Host: u.Hostname()}
	switch u.Scheme {
	case "smtp":
		c.Port, c.TLS = 587, TLSStartTLS
		if loopback(c.Host) {
			c.TLS = TLSOpportunistic
		}
	case "smtps":
		c.Port, c.TLS = 465, TLSImplicit
	default:
		return nil, fmt.Errorf("want smtp://host:587 or smtps://host:465, not the scheme %q", u.Scheme)
	}
	if c.Host == "" {
		return nil, errors.New("no host: want smtp://user@host:587")
	}
	if u.User != nil {
		c.Username = u.User.Username()
		if _, ok := u.User.Password(); ok {
			return nil, errors.New("a password in the URL: put it in a file named by " + EnvPasswordFile)
		}
	}
	if p := u.Port(); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 65535 {
			return nil, fmt.Errorf("the port %q is not a number from 1 to 65535", p)
		}
		c.Port = n
	}
	if u.Path != "" && u.Path != "/" {
		return nil, fmt.Errorf("unexpected path %q", u.Path)
	}
	q := u.Query()
	for k := range q {
		if k != "tls" {
			return nil, fmt.Errorf("unknown setting %q (only tls=starttls, opportunistic or none)", k)
		}
	}
	if t := q.Get("tls"); t != "" {
		if c.TLS == TLSImplicit {
			return nil, errors.New("smtps:// is TLS already: tls= is for smtp://")
		}
		switch t {
		case TLSStartTLS, TLSOpportunistic, TLSNone:
			c.TLS = t
		default:
			return nil, fmt.Errorf("tls=%q: want starttls, opportunistic or none", t)
		}
	}
	return c, nil
}

func loopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
