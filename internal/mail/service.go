package mail

import (
	"context"
	"maps"
	"net/mail"
	"strings"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/store"
)

// Service holds the use cases of e-mail: a person's notification
// preferences, the unsubscribe links, the administrator's outbox.
type Service struct {
	db *store.DB
	c  *Composer
	// wake, when set, tells the sender that the outbox has a new
	// message.
	wake func()
}

// NewService returns the e-mail use cases; wake (may be nil) is called
// when a message is added.
func NewService(db *store.DB, c *Composer, wake func()) *Service {
	if wake == nil {
		wake = func() {}
	}
	return &Service{db: db, c: c, wake: wake}
}

// Composer is the service's message maker.
func (s *Service) Composer() *Composer { return s.c }

// Wake tells the sender to read the outbox now.
func (s *Service) Wake() { s.wake() }

// Preference is how a person receives one topic.
type Preference struct {
	Topic string
	Mode  string
}

// Modes are the modes a person chooses from, in the order shown.
var Modes = []string{store.ModeImmediate, store.ModeDigest, store.ModeNever}

// Preferences returns the acting person's mode of every topic.
func (s *Service) Preferences(ctx context.Context, a *domain.Actor) ([]Preference, error) {
	if !a.LoggedIn() {
		return nil, domain.Unauthorized()
	}
	modes, err := s.db.MailPreferences(ctx, a.User.ID)
	if err != nil {
		return nil, err
	}
	out := make([]Preference, len(Topics))
	for i, t := range Topics {
		out[i] = Preference{Topic: t, Mode: store.ModeImmediate}
		if m := modes[t]; m != "" {
			out[i].Mode = m
		}
	}
	return out, nil
}

// SetPreferences sets the acting person's modes of the topics in modes;
// an unknown topic or mode is refused and nothing changes.
func (s *Service) SetPreferences(ctx context.Context, a *domain.Actor, modes map[string]string) error {
	if !a.LoggedIn() {
		return domain.Unauthorized()
	}
	if len(modes) == 0 {
		return domain.Invalid("modes", "mail.error_no_topic", "choose how to receive at least one kind of notification")
	}
	for t, m := range modes {
		if !validTopic(t) {
			return domain.Invalid(t, "mail.error_topic", "%q is not a kind of notification", t)
		}
		if m != store.ModeImmediate && m != store.ModeDigest && m != store.ModeNever {
			return domain.Invalid(t, "mail.error_mode", "choose immediately, daily digest or never")
		}
	}
	return s.db.SetMailPreferences(ctx, a.User.ID, maps.Clone(modes))
}

// Unsubscribed is what an unsubscribe link stops.
type Unsubscribed struct {
	// Topic is the topic stopped, "all" for every one.
	Topic string
	Email string
}

func errBadLink() error {
	return domain.Errorf(domain.ENOTFOUND, "unsubscribe.invalid", "this unsubscribe link is not valid")
}

// CheckUnsubscribe returns what the link of token would stop, without
// changing anything (the page that asks to confirm).
func (s *Service) CheckUnsubscribe(ctx context.Context, token string) (*Unsubscribed, error) {
	key, err := s.c.secret(ctx)
	if err != nil {
		return nil, err
	}
	userID, topic, err := parseUnsubscribe(key, token)
	if err != nil {
		return nil, errBadLink()
	}
	u, err := s.db.UserByID(ctx, userID)
	if err != nil {
		return nil, errBadLink()
	}
	return &Unsubscribed{Topic: topic, Email: u.Email}, nil
}

// Unsubscribe stops the topic of an unsubscribe link for its person (every
// topic for "all"): no login is needed, the signed link is the authority,
// and it can do nothing else. Using it twice changes nothing more.
func (s *Service) Unsubscribe(ctx context.Context, token string) (*Unsubscribed, error) {
	un, err := s.CheckUnsubscribe(ctx, token)
	if err != nil {
		return nil, err
	}
	key, _ := s.c.secret(ctx)
	userID, _, _ := parseUnsubscribe(key, token)
	modes := map[string]string{}
	if un.Topic == allTopics {
		for _, t := range Topics {
			modes[t] = store.ModeNever
		}
	} else {
		modes[un.Topic] = store.ModeNever
	}
	if err := s.db.SetMailPreferences(ctx, userID, modes); err != nil {
		return nil, err
	}
	return un, nil
}

func requireAdmin(a *domain.Actor) error {
	if !a.LoggedIn() {
		return domain.Unauthorized()
	}
	if !a.User.Admin {
		return domain.Forbidden()
	}
	return nil
}

// OutboxPage is a page of the outbox.
type OutboxPage struct {
	Messages []*store.MailMessage
	Total    int
	Counts   store.MailCounts
}

// Outbox lists the outbox for an instance administrator, newest first;
// status chooses one state ("" for all).
func (s *Service) Outbox(ctx context.Context, a *domain.Actor, f store.MailFilter) (*OutboxPage, error) {
	if err := requireAdmin(a); err != nil {
		return nil, err
	}
	switch f.Status {
	case "", store.MailPending, store.MailSent, store.MailFailed:
	default:
		return nil, domain.Invalid("status", "mail.error_status", "choose pending, sent or failed")
	}
	ms, total, err := s.db.Outbox(ctx, f)
	if err != nil {
		return nil, err
	}
	c, err := s.db.OutboxCounts(ctx)
	if err != nil {
		return nil, err
	}
	return &OutboxPage{Messages: ms, Total: total, Counts: c}, nil
}

// Retry makes a failed (or waiting) message due now: an instance
// administrator, once the cause is mended. It is audited.
func (s *Service) Retry(ctx context.Context, a *domain.Actor, id string) (*store.MailMessage, error) {
	if err := requireAdmin(a); err != nil {
		return nil, err
	}
	m, err := s.db.RetryMail(ctx, id)
	if err != nil {
		return nil, err
	}
	s.wake()
	return m, nil
}

// EnqueueTest adds the test message of `plenary mail test` for to, in
// lang, and returns it.
func (s *Service) EnqueueTest(ctx context.Context, to, lang string) (*store.MailMessage, error) {
	a, err := mail.ParseAddress(strings.TrimSpace(to))
	if err != nil || strings.ContainsAny(to, "\r\n\x00") {
		return nil, domain.Invalid("to", "error.email", "must be an e-mail address like name@example.org")
	}
	m, err := s.c.Test(lang, a.Address)
	if err != nil {
		return nil, err
	}
	if err := s.db.EnqueueMail(ctx, m); err != nil {
		return nil, err
	}
	s.wake()
	return m, nil
}
