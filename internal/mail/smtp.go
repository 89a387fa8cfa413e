package mail

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"time"

	gomail "github.com/wneessen/go-mail"

	"github.com/plenary-org/plenary/internal/store"
)

// Transport delivers one message. Its error is temporary (tried again
// later) unless [Permanent] says otherwise.
type Transport interface {
	Send(ctx context.Context, m *store.MailMessage) (messageID string, err error)
}

// permanentError is a failure that trying again will not mend: the
// recipient refused (5xx), or a message that cannot be made.
type permanentError struct{ err error }

func (e *permanentError) Error() string { return e.err.Error() }
func (e *permanentError) Unwrap() error { return e.err }

// Permanent reports whether err says that sending again will fail again.
func Permanent(err error) bool {
	var p *permanentError
	return errors.As(err, &p)
}

// SMTP sends through an SMTP server with go-mail, one connection a
// message batch.
type SMTP struct {
	cfg Config
	// TLSConfig replaces the default (the host's name checked against
	// the system's roots), for tests.
	TLSConfig *tls.Config
	// Timeout bounds a connection and each command: 30 seconds when zero.
	Timeout time.Duration
}

// NewSMTP returns the transport of cfg.
func NewSMTP(cfg Config) *SMTP { return &SMTP{cfg: cfg} }

func (s *SMTP) client() (*gomail.Client, error) {
	timeout := s.Timeout
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	opts := []gomail.Option{gomail.WithPort(s.cfg.Port), gomail.WithTimeout(timeout)}
	switch s.cfg.TLS {
	case TLSImplicit:
		opts = append(opts, gomail.WithSSL())
	case TLSOpportunistic:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSOpportunistic))
	case TLSNone:
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
	default:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	}
	if s.TLSConfig != nil {
		opts = append(opts, gomail.WithTLSConfig(s.TLSConfig))
	}
	if s.cfg.Username != "" {
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthAutoDiscover), gomail.WithUsername(s.cfg.Username), gomail.WithPassword(s.cfg.Password))
	}
	return gomail.NewClient(s.cfg.Host, opts...)
}

// Build makes the MIME message of m from the sender from: multipart
// text and HTML, in UTF-8, with m's headers.
func Build(m *store.MailMessage, from string) (*gomail.Msg, error) {
	msg := gomail.NewMsg(gomail.WithNoDefaultUserAgent())
	if err := msg.From(from); err != nil {
		return nil, &permanentError{fmt.Errorf("sender %q: %w", from, err)}
	}
	if err := msg.To(m.To); err != nil {
		return nil, &permanentError{fmt.Errorf("recipient %q: %w", m.To, err)}
	}
	msg.Subject(m.Subject)
	msg.SetMessageID()
	msg.SetDate()
	msg.SetGenHeader("Content-Language", m.Lang)
	msg.SetGenHeader("Auto-Submitted", "auto-generated")
	for k, v := range m.Headers {
		msg.SetGenHeader(gomail.Header(k), v)
	}
	msg.SetBodyString(gomail.TypeTextPlain, m.Text)
	if m.HTML != "" {
		msg.AddAlternativeString(gomail.TypeTextHTML, m.HTML)
	}
	return msg, nil
}

// Send delivers m. A refusal by the server with a 5xx code is permanent;
// a 4xx code, a connection that fails or times out is temporary.
func (s *SMTP) Send(ctx context.Context, m *store.MailMessage) (string, error) {
	msg, err := Build(m, s.cfg.From)
	if err != nil {
		return "", err
	}
	c, err := s.client()
	if err != nil {
		return "", &permanentError{err}
	}
	if err := c.DialAndSendWithContext(ctx, msg); err != nil {
		var se *gomail.SendError
		if errors.As(err, &se) && !se.IsTemp() && se.ErrorCode() >= 500 {
			return "", &permanentError{err}
		}
		return "", err
	}
	return msg.GetMessageID(), nil
}
