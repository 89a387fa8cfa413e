package mail

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"strings"
	"sync"
	"time"

	"encoding/base64"

	"github.com/emersion/go-smtp"
)

// Mailbox is a small SMTP server that keeps what it receives in memory:
// the demo's mailbox (serve -demo without PLENARY_SMTP_URL), whose
// messages the administrator reads exactly as they were sent, and the
// server the tests send to.
type Mailbox struct {
	mu   sync.Mutex
	msgs []Received
	// refuse, when set, answers each message's recipient; an error
	// refuses it (an *smtp.SMTPError with its code).
	refuse func(to string) error
	srv    *smtp.Server
	ln     net.Listener
	max    int
}

// Received is a message as the mailbox received it.
type Received struct {
	From string
	To   []string
	Raw  []byte
	At   time.Time
}

// StartMailbox listens on addr ("127.0.0.1:0") and keeps the last max
// messages it receives (1,000 when max is 0).
func StartMailbox(addr string, max int) (*Mailbox, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("mailbox: %w", err)
	}
	if max <= 0 {
		max = 1000
	}
	mb := &Mailbox{ln: ln, max: max}
	s := smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) { return &mailboxSession{mb: mb}, nil }))
	s.Domain = "mailbox.plenary.local"
	s.ReadTimeout, s.WriteTimeout = 30*time.Second, 30*time.Second
	s.MaxMessageBytes = 10 << 20
	s.MaxRecipients = 50
	mb.srv = s
	go s.Serve(ln)
	return mb, nil
}

// Addr is the address the mailbox listens on.
func (mb *Mailbox) Addr() string { return mb.ln.Addr().String() }

// Close stops the server.
func (mb *Mailbox) Close() error { return mb.srv.Close() }

// Refuse makes the mailbox answer each recipient with fn (nil accepts
// every one): for tests of a server that refuses mail for a while.
func (mb *Mailbox) Refuse(fn func(to string) error) {
	mb.mu.Lock()
	mb.refuse = fn
	mb.mu.Unlock()
}

// Messages returns the messages received, newest first.
func (mb *Mailbox) Messages() []Received {
	mb.mu.Lock()
	defer mb.mu.Unlock()
	out := make([]Received, len(mb.msgs))
	for i, m := range mb.msgs {
		out[len(mb.msgs)-1-i] = m
	}
	return out
}

// TempFailure is a 4xx answer of a server that cannot take mail now.
func TempFailure() error {
	return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "Try again later"}
}

// PermFailure is a 5xx answer refusing a recipient for good.
func PermFailure() error {
	return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "No such user here"}
}

type mailboxSession struct {
	mb   *Mailbox
	from string
	to   []string
}

func (s *mailboxSession) Reset()        { s.from, s.to = "", nil }
func (s *mailboxSession) Logout() error { return nil }
func (s *mailboxSession) Mail(from string, _ *smtp.MailOptions) error {
	s.from = from
	return nil
}
func (s *mailboxSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.mb.mu.Lock()
	refuse := s.mb.refuse
	s.mb.mu.Unlock()
	if refuse != nil {
		if err := refuse(to); err != nil {
			return err
		}
	}
	s.to = append(s.to, to)
	return nil
}
func (s *mailboxSession) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.mb.mu.Lock()
	defer s.mb.mu.Unlock()
	s.mb.msgs = append(s.mb.msgs, Received{From: s.from, To: s.to, Raw: b, At: time.Now().UTC()})
	if n := len(s.mb.msgs); n > s.mb.max {
		s.mb.msgs = append([]Received(nil), s.mb.msgs[n-s.mb.max:]...)
	}
	return nil
}

// Parsed is a received message read back: its headers decoded, its text
// and HTML parts.
type Parsed struct {
	Header mail.Header
	// Subject, From, To are decoded.
	Subject, From, To string
	Text, HTML        string
}

var errNoMessage = errors.New("mail: not a message")

// ParseMessage reads a MIME message as plenary sends it (text, or
// multipart/alternative of text and HTML, possibly inside
// multipart/mixed), decoding headers and bodies.
func ParseMessage(raw []byte) (*Parsed, error) {
	m, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return nil, errNoMessage
	}
	dec := new(mime.WordDecoder)
	p := &Parsed{Header: m.Header}
	p.Subject, _ = dec.DecodeHeader(m.Header.Get("Subject"))
	p.From, _ = dec.DecodeHeader(m.Header.Get("From"))
	p.To, _ = dec.DecodeHeader(m.Header.Get("To"))
	if err := p.readPart(m.Header.Get("Content-Type"), m.Header.Get("Content-Transfer-Encoding"), m.Body, 0); err != nil {
		return nil, err
	}
	return p, nil
}

func (p *Parsed) readPart(ctype, enc string, body io.Reader, depth int) error {
	if depth > 5 {
		return errNoMessage
	}
	mt, params, err := mime.ParseMediaType(ctype)
	if err != nil {
		mt = "text/plain"
	}
	if strings.HasPrefix(mt, "multipart/") {
		mr := multipart.NewReader(body, params["boundary"])
		for {
			part, err := mr.NextRawPart()
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return errNoMessage
			}
			if err := p.readPart(part.Header.Get("Content-Type"), part.Header.Get("Content-Transfer-Encoding"), part, depth+1); err != nil {
				return err
			}
		}
	}
	var r io.Reader = body
	switch strings.ToLower(enc) {
	case "quoted-printable":
		r = quotedprintable.NewReader(body)
	case "base64":
		r = base64.NewDecoder(base64.StdEncoding, &crlfStripper{r: body})
	}
	b, err := io.ReadAll(io.LimitReader(r, 10<<20))
	if err != nil {
		return errNoMessage
	}
	switch mt {
	case "text/plain":
		p.Text = string(b)
	case "text/html":
		p.HTML = string(b)
	}
	return nil
}

// crlfStripper drops line ends from base64 text.
type crlfStripper struct{ r io.Reader }

func (c *crlfStripper) Read(b []byte) (int, error) {
	n, err := c.r.Read(b)
	j := 0
	for _, x := range b[:n] {
		if x != '\r' && x != '\n' {
			b[j] = x
			j++
		}
	}
	return j, err
}
