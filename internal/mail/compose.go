package mail

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"errors"
	"html/template"
	"strings"
	"time"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/followup"
	"github.com/plenary-org/plenary/internal/locale"
	"github.com/plenary-org/plenary/internal/store"
)

//go:embed templates/*.html
var templateFS embed.FS

var htmlTemplate = template.Must(template.ParseFS(templateFS, "templates/*.html"))

// Topics are the kinds of notification a person chooses how to receive
// (immediately, in a daily digest, never), in the order the account page
// shows them.
var Topics = []string{"voting", "voting_closing", "reports_submitted", "inputs", "outcome", "followup"}

// allTopics is the unsubscribe token's kind that stops every topic (the
// daily digest's link).
const allTopics = "all"

// TopicOf returns the topic of a notification kind, "" for a kind no
// preference governs.
func TopicOf(kind string) string {
	switch kind {
	case "voting_opened":
		return "voting"
	case "voting_closing":
		return "voting_closing"
	case "report_submitted":
		return "reports_submitted"
	case "input_returned", "input_published":
		return "inputs"
	case "amendments_open", "amendment_decided":
		return "outcome"
	case "report_due", "report_overdue", "report_returned", "report_accepted":
		return "followup"
	}
	return ""
}

// NoticeText is a notification in words, in p's language: what the
// account page lists and what an e-mail says.
func NoticeText(p *locale.Printer, n *store.Notification) string {
	q := n.Params
	switch n.Kind {
	case "voting_opened":
		return p.T("notify.voting_opened", domain.LocalParam(q, "group", p.Lang.Code), q["meeting"])
	case "voting_closing":
		return p.T("notify.voting_closing", q["group"], q["meeting"], q["until"])
	case "report_submitted":
		return p.T("notify.report_submitted", q["body"], q["commitment"], q["period"])
	case "input_returned":
		return p.T("notify.input_returned", q["title"], q["reason"])
	case "input_published":
		return p.T("notify.input_published", q["title"])
	case "amendments_open":
		return p.T("notify.amendments_open", q["meeting"], q["until"])
	case "amendment_decided":
		switch q["status"] {
		case "accepted":
			return p.T("notify.amendment_accepted", q["number"], q["meeting"])
		case "accepted_with_changes":
			return p.T("notify.amendment_changed", q["number"], q["meeting"], q["reason"])
		}
		return p.T("notify.amendment_rejected", q["number"], q["meeting"], q["reason"])
	}
	return followup.NotificationText(p, n)
}

// Composer makes messages in their recipients' languages.
type Composer struct {
	cat     *locale.Catalog
	baseURL string
	secret  func(ctx context.Context) ([]byte, error)
}

// NewComposer returns a composer writing links under baseURL
// ("https://plenary.example.org") and signing unsubscribe links with the
// instance's shared secret from db.
func NewComposer(cat *locale.Catalog, db *store.DB, baseURL string) *Composer {
	return &Composer{cat: cat, baseURL: strings.TrimSuffix(baseURL, "/"), secret: func(ctx context.Context) ([]byte, error) {
		return db.InstanceSecret(ctx, "unsubscribe")
	}}
}

// BaseURL is the address links start with.
func (c *Composer) BaseURL() string { return c.baseURL }

// Link makes path absolute.
func (c *Composer) Link(path string) string {
	if strings.HasPrefix(path, "http://") || strings.HasPrefix(path, "https://") {
		return path
	}
	return c.baseURL + path
}

// part is a paragraph of a message, with an optional link.
type part struct {
	Text string
	Link string
	// Button is the link's label, shown as a button in HTML.
	Button string
}

type htmlView struct {
	Lang, Dir, Subject string
	Greeting           string
	Parts              []part
	Footer             []part
}

// build makes a message of parts in p's language.
func (c *Composer) build(p *locale.Printer, kind, userID, to, name, subject string, parts, footer []part) (*store.MailMessage, error) {
	var text strings.Builder
	greeting := p.T("mail.greeting_anonymous")
	if name != "" {
		greeting = p.T("mail.greeting", name)
	}
	text.WriteString(greeting + "\n\n")
	for _, pt := range parts {
		text.WriteString(pt.Text + "\n")
		if pt.Link != "" {
			text.WriteString(pt.Link + "\n")
		}
		text.WriteString("\n")
	}
	text.WriteString("-- \n")
	for _, pt := range footer {
		text.WriteString(pt.Text + "\n")
		if pt.Link != "" {
			text.WriteString(pt.Link + "\n")
		}
	}
	var html bytes.Buffer
	if err := htmlTemplate.ExecuteTemplate(&html, "message.html", htmlView{Lang: p.Lang.Code, Dir: p.Dir(), Subject: subject, Greeting: greeting, Parts: parts, Footer: footer}); err != nil {
		return nil, err
	}
	return &store.MailMessage{Kind: kind, UserID: userID, To: to, Lang: p.Lang.Code, Subject: subject, Text: text.String(), HTML: html.String()}, nil
}

// Invitation is the message of an invitation: who invites whom to what,
// as which role, and the link to accept it until expires.
type Invitation struct {
	To, Lang, Inviter, Where, Role, Link string
	Expires                              time.Time
}

// Invitation makes an invitation's message.
func (c *Composer) Invitation(in Invitation) (*store.MailMessage, error) {
	p := c.cat.Printer(in.Lang)
	role := p.T("role." + in.Role)
	return c.build(p, "invitation", "", in.To, "", p.T("mail.invitation_subject", in.Where), []part{
		{Text: p.T("mail.invitation_body", in.Inviter, in.Where, role)},
		{Text: p.T("mail.invitation_link", in.Expires.UTC().Format("2006-01-02 15:04 UTC")), Link: in.Link, Button: p.T("invite.title")},
	}, []part{{Text: p.T("mail.invitation_footer", in.To)}})
}

// PasswordReset makes the message with a password reset link, valid for
// minutes.
func (c *Composer) PasswordReset(lang, to, name, link string, minutes int) (*store.MailMessage, error) {
	p := c.cat.Printer(lang)
	return c.build(p, "password_reset", "", to, name, p.T("mail.reset_subject"), []part{
		{Text: p.N("mail.reset_body", minutes), Link: link, Button: p.T("reset.title")},
		{Text: p.T("mail.reset_ignore")},
	}, nil)
}

// Test makes the message of `plenary mail test`.
func (c *Composer) Test(lang, to string) (*store.MailMessage, error) {
	p := c.cat.Printer(lang)
	return c.build(p, "test", "", to, "", p.T("mail.test_subject"), []part{{Text: p.T("mail.test_body"), Link: c.Link("/")}}, nil)
}

// Recipient is the account a notification goes to.
type Recipient struct {
	UserID, Email, Name, Lang string
}

// Notification makes the message of one notification, with the
// one-click unsubscribe link of its topic.
func (c *Composer) Notification(ctx context.Context, r Recipient, n *store.Notification) (*store.MailMessage, error) {
	p := c.cat.Printer(r.Lang)
	text := NoticeText(p, n)
	topic := TopicOf(n.Kind)
	parts := []part{{Text: text, Link: c.Link(n.Link), Button: p.T("mail.open")}}
	m, err := c.withUnsubscribe(ctx, p, r, topic, func(footer []part) (*store.MailMessage, error) {
		return c.build(p, n.Kind, r.UserID, r.Email, r.Name, subjectOf(text), parts, footer)
	})
	return m, err
}

// Digest makes the daily digest of a person's notifications.
func (c *Composer) Digest(ctx context.Context, r Recipient, ns []*store.Notification) (*store.MailMessage, error) {
	p := c.cat.Printer(r.Lang)
	parts := []part{{Text: p.N("mail.digest_intro", len(ns))}}
	for _, n := range ns {
		parts = append(parts, part{Text: "• " + NoticeText(p, n), Link: c.Link(n.Link)})
	}
	return c.withUnsubscribe(ctx, p, r, allTopics, func(footer []part) (*store.MailMessage, error) {
		return c.build(p, "digest", r.UserID, r.Email, r.Name, p.N("mail.digest_subject", len(ns)), parts, footer)
	})
}

func (c *Composer) withUnsubscribe(ctx context.Context, p *locale.Printer, r Recipient, topic string, build func([]part) (*store.MailMessage, error)) (*store.MailMessage, error) {
	token, err := c.UnsubscribeToken(ctx, r.UserID, topic)
	if err != nil {
		return nil, err
	}
	link := c.Link("/unsubscribe/" + token)
	what := p.T("mail.topic." + topic)
	m, err := build([]part{
		{Text: p.T("mail.why", what)},
		{Text: p.T("mail.preferences"), Link: c.Link("/account#mail")},
		{Text: p.T("mail.unsubscribe", what), Link: link},
	})
	if err != nil {
		return nil, err
	}
	m.Headers = map[string]string{"List-Unsubscribe": "<" + link + ">", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
	return m, nil
}

// subjectOf makes a notification's text a subject: its first line, at
// most 150 characters.
func subjectOf(text string) string {
	text, _, _ = strings.Cut(text, "\n")
	r := []rune(text)
	if len(r) > 150 {
		return string(r[:149]) + "…"
	}
	return text
}

// UnsubscribeToken is the token of the link that stops topic ("all" for
// every topic) for userID, signed with the instance's secret: it needs no
// login and does nothing else.
func (c *Composer) UnsubscribeToken(ctx context.Context, userID, topic string) (string, error) {
	key, err := c.secret(ctx)
	if err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString([]byte(userID)) + "." + topic + "." + sign(key, userID, topic), nil
}

func sign(key []byte, userID, topic string) string {
	h := hmac.New(sha256.New, key)
	h.Write([]byte("unsubscribe\x00" + userID + "\x00" + topic))
	return base64.RawURLEncoding.EncodeToString(h.Sum(nil)[:18])
}

var errBadToken = errors.New("mail: not an unsubscribe token")

// parseUnsubscribe checks token and returns its person and topic.
func parseUnsubscribe(key []byte, token string) (userID, topic string, err error) {
	u, rest, ok := strings.Cut(token, ".")
	if !ok || len(token) > 300 {
		return "", "", errBadToken
	}
	topic, mac, ok := strings.Cut(rest, ".")
	if !ok {
		return "", "", errBadToken
	}
	id, err := base64.RawURLEncoding.DecodeString(u)
	if err != nil {
		return "", "", errBadToken
	}
	if topic != allTopics && !validTopic(topic) {
		return "", "", errBadToken
	}
	if !hmac.Equal([]byte(mac), []byte(sign(key, string(id), topic))) {
		return "", "", errBadToken
	}
	return string(id), topic, nil
}

func validTopic(t string) bool {
	for _, x := range Topics {
		if x == t {
			return true
		}
	}
	return false
}
