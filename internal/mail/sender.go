package mail

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"os"
	"sync"
	"time"

	"github.com/plenary-org/plenary/internal/store"
)

// SenderOptions tune a [Sender]; zero values take the defaults.
type SenderOptions struct {
	// Owner names this sender in the rows it claims: the host, the
	// process and a random part when empty.
	Owner string
	// Poll is how often the outbox is read when nobody wakes the
	// sender: 5 seconds.
	Poll time.Duration
	// Lease is how long a claimed message is this sender's: 2 minutes,
	// longer than a delivery may take.
	Lease time.Duration
	// BaseDelay is the wait after a first temporary failure, doubled at
	// each later one up to MaxDelay: 30 seconds and 6 hours.
	BaseDelay, MaxDelay time.Duration
	// MaxAttempts is how many deliveries are tried before a message is
	// marked failed: 20 (about three days with the default delays).
	MaxAttempts int
	// Batch is how many messages are claimed at once: 20.
	Batch int
	// DigestHour is the hour (UTC) of the daily digests: 7.
	DigestHour int
	Log        *slog.Logger
	// Now replaces the clock, for tests.
	Now func() time.Time
}

func (o SenderOptions) withDefaults() SenderOptions {
	if o.Owner == "" {
		host, _ := os.Hostname()
		b := make([]byte, 4)
		rand.Read(b)
		o.Owner = host + "/" + hex.EncodeToString(b)
	}
	if o.Poll <= 0 {
		o.Poll = 5 * time.Second
	}
	if o.Lease <= 0 {
		o.Lease = 2 * time.Minute
	}
	if o.BaseDelay <= 0 {
		o.BaseDelay = 30 * time.Second
	}
	if o.MaxDelay <= 0 {
		o.MaxDelay = 6 * time.Hour
	}
	if o.MaxAttempts <= 0 {
		o.MaxAttempts = 20
	}
	if o.Batch <= 0 {
		o.Batch = 20
	}
	if o.DigestHour <= 0 {
		o.DigestHour = 7
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return o
}

// Sender turns notifications into messages and delivers the outbox. Each
// server runs one ([Sender.Run]); several on one database share the work
// and never send a message twice.
type Sender struct {
	db   *store.DB
	t    Transport
	c    *Composer
	opt  SenderOptions
	wake chan struct{}
	mu   sync.Mutex // one pass at a time
}

// NewSender returns a sender delivering db's outbox through t, composing
// notifications' messages with c.
func NewSender(db *store.DB, t Transport, c *Composer, opt SenderOptions) *Sender {
	return &Sender{db: db, t: t, c: c, opt: opt.withDefaults(), wake: make(chan struct{}, 1)}
}

// Wake makes the sender read the outbox now rather than at its next poll.
func (s *Sender) Wake() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// Run delivers until ctx ends, reading the outbox every Poll and when
// woken. A delivery under way when ctx ends is cut short and tried again
// later (by this or another instance, when the lease ends).
func (s *Sender) Run(ctx context.Context) {
	t := time.NewTicker(s.opt.Poll)
	defer t.Stop()
	for {
		if _, err := s.Pass(ctx); err != nil && ctx.Err() == nil {
			s.opt.Log.Warn("mail: sending", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-s.wake:
		}
	}
}

// PassResult counts what a pass did.
type PassResult struct {
	Queued, Sent, Retrying, Failed int
}

// Pass makes the messages of the notifications due and delivers the
// messages due, once.
func (s *Sender) Pass(ctx context.Context) (PassResult, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var r PassResult
	var err error
	if r.Queued, err = s.dispatch(ctx); err != nil {
		return r, err
	}
	for {
		ms, err := s.db.ClaimMail(ctx, s.opt.Owner, s.opt.Lease, s.opt.Batch)
		if err != nil {
			return r, err
		}
		for _, m := range ms {
			if err := s.deliver(ctx, m, &r); err != nil {
				return r, err
			}
		}
		if len(ms) < s.opt.Batch {
			return r, nil
		}
	}
}

func (s *Sender) deliver(ctx context.Context, m *store.MailMessage, r *PassResult) error {
	sctx, cancel := context.WithTimeout(ctx, s.opt.Lease/2)
	id, err := s.t.Send(sctx, m)
	cancel()
	if err == nil {
		r.Sent++
		s.opt.Log.Info("mail: sent", "id", m.ID, "kind", m.Kind, "attempt", m.Attempts+1)
		return s.db.MarkMailSent(context.WithoutCancel(ctx), m.ID, s.opt.Owner, id)
	}
	if ctx.Err() != nil {
		// Stopping: the message is tried again when its lease ends.
		return ctx.Err()
	}
	var retry time.Time
	if !Permanent(err) && m.Attempts+1 < s.opt.MaxAttempts {
		retry = s.opt.Now().Add(s.backoff(m.Attempts))
		r.Retrying++
		s.opt.Log.Warn("mail: will retry", "id", m.ID, "kind", m.Kind, "attempt", m.Attempts+1, "at", retry, "err", err)
	} else {
		r.Failed++
		s.opt.Log.Error("mail: failed", "id", m.ID, "kind", m.Kind, "attempt", m.Attempts+1, "err", err)
	}
	return s.db.MarkMailFailed(ctx, m.ID, s.opt.Owner, err.Error(), retry)
}

// backoff is the wait after the failure of attempt n+1 (n tried before).
func (s *Sender) backoff(n int) time.Duration {
	d := s.opt.BaseDelay
	for range n {
		d *= 2
		if d >= s.opt.MaxDelay {
			return s.opt.MaxDelay
		}
	}
	return d
}

// digestCutoff is the start of the last digest period: notifications
// made before it and in digest mode go in today's digest.
func (s *Sender) digestCutoff() time.Time {
	now := s.opt.Now().UTC()
	cut := time.Date(now.Year(), now.Month(), now.Day(), s.opt.DigestHour, 0, 0, 0, time.UTC)
	if now.Before(cut) {
		cut = cut.AddDate(0, 0, -1)
	}
	return cut
}

// dispatch makes the messages of the notifications not e-mailed yet, by
// their recipients' preferences: one message each (immediately), one
// digest a day (the notifications made before the day's digest hour), or
// none (never). It returns how many messages it added.
func (s *Sender) dispatch(ctx context.Context) (int, error) {
	type person struct {
		r     Recipient
		off   bool
		modes map[string]string
	}
	people := map[string]*person{}
	digests := map[string][]*store.Notification{}
	cutoff := s.digestCutoff()
	added := 0
	after := ""
	for {
		ns, err := s.db.UnsentNotificationsAfter(ctx, after, 200)
		if err != nil {
			return added, err
		}
		for _, n := range ns {
			after = n.ID
			p := people[n.UserID]
			if p == nil {
				u, err := s.db.UserByID(ctx, n.UserID)
				if err != nil {
					return added, err
				}
				modes, err := s.db.MailPreferences(ctx, u.ID)
				if err != nil {
					return added, err
				}
				p = &person{r: Recipient{UserID: u.ID, Email: u.Email, Name: u.Name, Lang: u.Locale}, off: u.Disabled, modes: modes}
				people[n.UserID] = p
			}
			mode := p.modes[TopicOf(n.Kind)]
			switch {
			case p.off || mode == store.ModeNever:
				if _, err := s.db.MailNotifications(ctx, []string{n.ID}, nil); err != nil {
					return added, err
				}
			case mode == store.ModeDigest:
				if n.CreatedAt.Before(cutoff) {
					digests[n.UserID] = append(digests[n.UserID], n)
				}
			default:
				m, err := s.c.Notification(ctx, p.r, n)
				if err != nil {
					return added, err
				}
				ok, err := s.db.MailNotifications(ctx, []string{n.ID}, m)
				if err != nil {
					return added, err
				}
				if ok {
					added++
				}
			}
		}
		if len(ns) < 200 {
			break
		}
	}
	for userID, ns := range digests {
		m, err := s.c.Digest(ctx, people[userID].r, ns)
		if err != nil {
			return added, err
		}
		ids := make([]string, len(ns))
		for i, n := range ns {
			ids[i] = n.ID
		}
		ok, err := s.db.MailNotifications(ctx, ids, m)
		if err != nil {
			return added, err
		}
		if ok {
			added++
		}
	}
	return added, nil
}

// DeliverOne delivers the pending message id now, once, and returns it as
// the outbox then holds it (sent, pending with its error and next try, or
// failed), with the delivery's error.
func (s *Sender) DeliverOne(ctx context.Context, id string) (*store.MailMessage, error) {
	m, err := s.db.ClaimMailByID(ctx, s.opt.Owner, s.opt.Lease, id)
	if err != nil {
		return nil, err
	}
	var r PassResult
	sctx, cancel := context.WithTimeout(ctx, s.opt.Lease/2)
	_, sendErr := s.t.Send(sctx, m)
	cancel()
	if sendErr == nil {
		if err := s.db.MarkMailSent(ctx, m.ID, s.opt.Owner, ""); err != nil {
			return nil, err
		}
	} else {
		var retry time.Time
		if !Permanent(sendErr) && m.Attempts+1 < s.opt.MaxAttempts {
			retry = s.opt.Now().Add(s.backoff(m.Attempts))
			r.Retrying++
		}
		if err := s.db.MarkMailFailed(ctx, m.ID, s.opt.Owner, sendErr.Error(), retry); err != nil {
			return nil, err
		}
	}
	after, err := s.db.MailMessageByID(ctx, id)
	if err != nil {
		return nil, err
	}
	return after, sendErr
}
