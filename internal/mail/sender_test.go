package mail

import (
	"context"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/locale"
	"github.com/plenary-org/plenary/internal/store"
	"github.com/plenary-org/plenary/internal/store/storetest"
)

// rig is a database, a real SMTP server (the mailbox) and a sender
// delivering to it without TLS.
type rig struct {
	db  *store.DB
	mb  *Mailbox
	c   *Composer
	svc *Service
	now atomic.Int64 // the senders' clock, unix ms
}

func newRig(t *testing.T) *rig {
	t.Helper()
	db := storetest.Open(t)
	mb, err := StartMailbox("127.0.0.1:0", 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { mb.Close() })
	r := &rig{db: db, mb: mb, c: NewComposer(locale.MustLoad(), db, "https://plenary.example.org")}
	r.svc = NewService(db, r.c, nil)
	r.now.Store(time.Now().UnixMilli())
	return r
}

func (r *rig) transport(t *testing.T) Transport {
	t.Helper()
	cfg, err := ParseURL("smtp://" + r.mb.Addr() + "?tls=none")
	if err != nil {
		t.Fatal(err)
	}
	cfg.From = "Plenary <no-reply@plenary.example.org>"
	s := NewSMTP(*cfg)
	s.Timeout = 5 * time.Second
	return s
}

func (r *rig) sender(t *testing.T, owner string) *Sender {
	return NewSender(r.db, r.transport(t), r.c, SenderOptions{Owner: owner, BaseDelay: time.Millisecond, MaxDelay: 10 * time.Millisecond, MaxAttempts: 5,
		Now: func() time.Time { return time.UnixMilli(r.now.Load()) }})
}

func (r *rig) user(t *testing.T, email, name, lang string) *domain.User {
	t.Helper()
	u := &domain.User{Email: email, Name: name, Locale: lang}
	if err := r.db.CreateUser(context.Background(), u, "x"); err != nil {
		t.Fatal(err)
	}
	return u
}

func parseOne(t *testing.T, rc Received) *Parsed {
	t.Helper()
	p, err := ParseMessage(rc.Raw)
	if err != nil {
		t.Fatalf("parse: %v\n%s", err, rc.Raw)
	}
	return p
}

// TestNotificationDelivered checks a notification's message as the
// server received it: headers, both parts, the recipient's language and
// the one-click unsubscribe link, which works once without a login.
func TestNotificationDelivered(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	u := r.user(t, "amina@example.org", "Amina", "fr")
	if _, err := r.db.AddNotifications(ctx, []*store.Notification{{UserID: u.ID, Kind: "input_published", Dedupe: "p1", Link: "/contributions/c1",
		Params: map[string]string{"title": "Guichets uniques « migrants »"}}}); err != nil {
		t.Fatal(err)
	}
	res, err := r.sender(t, "a").Pass(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if res.Queued != 1 || res.Sent != 1 {
		t.Fatalf("pass = %+v, want one queued and sent", res)
	}
	got := r.mb.Messages()
	if len(got) != 1 || len(got[0].To) != 1 || got[0].To[0] != "amina@example.org" {
		t.Fatalf("received %+v", got)
	}
	p := parseOne(t, got[0])
	if !strings.Contains(p.Subject, "Guichets uniques « migrants »") || !strings.Contains(p.Subject, "publiée") {
		t.Errorf("subject %q: want the French notice", p.Subject)
	}
	if p.Header.Get("Content-Language") != "fr" {
		t.Errorf("Content-Language %q", p.Header.Get("Content-Language"))
	}
	if !strings.HasPrefix(p.Text, "Bonjour Amina,") || !strings.Contains(p.Text, "https://plenary.example.org/contributions/c1") {
		t.Errorf("text part:\n%s", p.Text)
	}
	if !strings.Contains(p.HTML, `<html lang="fr" dir="ltr">`) || !strings.Contains(p.HTML, `href="https://plenary.example.org/contributions/c1"`) ||
		!strings.Contains(p.HTML, "Guichets uniques « migrants »") {
		t.Errorf("HTML part:\n%s", p.HTML)
	}
	lu := p.Header.Get("List-Unsubscribe")
	if p.Header.Get("List-Unsubscribe-Post") != "List-Unsubscribe=One-Click" || !strings.HasPrefix(lu, "<https://plenary.example.org/unsubscribe/") {
		t.Fatalf("List-Unsubscribe %q, -Post %q", lu, p.Header.Get("List-Unsubscribe-Post"))
	}
	token := strings.TrimSuffix(strings.TrimPrefix(lu, "<https://plenary.example.org/unsubscribe/"), ">")
	if !strings.Contains(p.Text, "/unsubscribe/"+token) {
		t.Errorf("the text part lacks the unsubscribe link")
	}
	// A forged or altered token stops nothing.
	for _, bad := range []string{token + "x", strings.Replace(token, ".inputs.", ".voting.", 1), "", "a.b.c"} {
		if _, err := r.svc.Unsubscribe(ctx, bad); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Errorf("Unsubscribe(%q) = %v, want not found", bad, err)
		}
	}
	un, err := r.svc.Unsubscribe(ctx, token)
	if err != nil || un.Topic != "inputs" || un.Email != u.Email {
		t.Fatalf("Unsubscribe = %+v, %v", un, err)
	}
	prefs, _ := r.db.MailPreferences(ctx, u.ID)
	if prefs["inputs"] != store.ModeNever || len(prefs) != 1 {
		t.Fatalf("preferences after unsubscribing: %v", prefs)
	}
	// The next notification of that topic is not sent; another topic is.
	r.db.AddNotifications(ctx, []*store.Notification{
		{UserID: u.ID, Kind: "input_returned", Dedupe: "r1", Link: "/contributions/c2", Params: map[string]string{"title": "T", "reason": "R"}},
		{UserID: u.ID, Kind: "voting_opened", Dedupe: "v1", Link: "/groups/g1", Params: map[string]string{"group": "Afrique", "meeting": "GRCP"}},
	})
	if res, err := r.sender(t, "a").Pass(ctx); err != nil || res.Sent != 1 {
		t.Fatalf("pass = %+v, %v: want only the vote's message", res, err)
	}
	if p := parseOne(t, r.mb.Messages()[0]); !strings.Contains(p.Subject, "Afrique") {
		t.Errorf("second message %q", p.Subject)
	}
	if ns, _ := r.db.UnsentNotificationsAfter(ctx, "", 10); len(ns) != 0 {
		t.Errorf("%d notifications left unsent", len(ns))
	}
}

// TestOutageLosesNothing: a server that answers 4xx for a while makes
// the messages wait and be retried with growing delays; once it accepts,
// every message arrives, once.
func TestOutageLosesNothing(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	var refusals atomic.Int32
	r.mb.Refuse(func(string) error { refusals.Add(1); return TempFailure() })
	for i := range 3 {
		if _, err := r.svc.EnqueueTest(ctx, "ops"+string(rune('a'+i))+"@example.org", "en"); err != nil {
			t.Fatal(err)
		}
	}
	// The store's clock is the real one: delays of 300 ms and 600 ms.
	s := NewSender(r.db, r.transport(t), r.c, SenderOptions{Owner: "a", BaseDelay: 300 * time.Millisecond, MaxDelay: time.Minute, MaxAttempts: 5})
	res, err := s.Pass(ctx)
	if err != nil || res.Retrying != 3 || res.Sent != 0 {
		t.Fatalf("pass during the outage = %+v, %v", res, err)
	}
	page, _ := r.svc.Outbox(ctx, admin(), store.MailFilter{Status: store.MailPending})
	for _, m := range page.Messages {
		if m.Attempts != 1 || !strings.Contains(m.LastError, "451") {
			t.Errorf("after one refusal: attempts %d, error %q", m.Attempts, m.LastError)
		}
	}
	// Not due again before the delay.
	if res, _ := s.Pass(ctx); res.Retrying+res.Sent != 0 {
		t.Errorf("retried before the delay: %+v", res)
	}
	time.Sleep(350 * time.Millisecond)
	if res, _ := s.Pass(ctx); res.Retrying != 3 {
		t.Errorf("second try: %+v", res)
	}
	r.mb.Refuse(nil)
	if res, _ := s.Pass(ctx); res.Sent != 0 {
		t.Errorf("sent before the second, longer delay: %+v", res)
	}
	time.Sleep(650 * time.Millisecond)
	res, err = s.Pass(ctx)
	if err != nil || res.Sent != 3 {
		t.Fatalf("after the outage: %+v, %v", res, err)
	}
	if n := len(r.mb.Messages()); n != 3 || refusals.Load() != 6 {
		t.Fatalf("received %d, refused %d", n, refusals.Load())
	}
	c, _ := r.db.OutboxCounts(ctx)
	if c != (store.MailCounts{Sent: 3}) {
		t.Errorf("counts %+v", c)
	}
}

func admin() *domain.Actor { return &domain.Actor{User: &domain.User{ID: "admin", Admin: true}} }

// TestPermanentFailure: a 5xx refusal marks the message failed at once,
// with its error, for the administrator to see; retrying it sends it.
func TestPermanentFailure(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	r.mb.Refuse(func(string) error { return PermFailure() })
	m, err := r.svc.EnqueueTest(ctx, "nobody@example.org", "en")
	if err != nil {
		t.Fatal(err)
	}
	s := r.sender(t, "a")
	if res, err := s.Pass(ctx); err != nil || res.Failed != 1 {
		t.Fatalf("pass = %+v, %v", res, err)
	}
	page, err := r.svc.Outbox(ctx, admin(), store.MailFilter{Status: store.MailFailed})
	if err != nil || page.Total != 1 || !strings.Contains(page.Messages[0].LastError, "550") || page.Counts.Failed != 1 {
		t.Fatalf("failed page = %+v, %v", page, err)
	}
	for name, a := range map[string]*domain.Actor{"anonymous": nil, "not admin": {User: &domain.User{ID: "u"}}} {
		if _, err := r.svc.Outbox(ctx, a, store.MailFilter{}); err == nil {
			t.Errorf("%s read the outbox", name)
		}
		if _, err := r.svc.Retry(ctx, a, m.ID); err == nil {
			t.Errorf("%s retried a message", name)
		}
	}
	r.mb.Refuse(nil)
	if _, err := r.svc.Retry(ctx, admin(), m.ID); err != nil {
		t.Fatal(err)
	}
	if res, _ := s.Pass(ctx); res.Sent != 1 {
		t.Fatalf("after retry: %+v", res)
	}
	if _, err := r.svc.Retry(ctx, admin(), m.ID); domain.ErrorCode(err) != domain.EINVALID {
		t.Errorf("retrying a sent message: %v", err)
	}
}

// TestTwoSendersNoDuplicate: two senders (two instances) on one database
// deliver 40 messages at once; each arrives exactly once.
func TestTwoSendersNoDuplicate(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	const n = 40
	for i := range n {
		if _, err := r.svc.EnqueueTest(ctx, "p"+strings.Repeat("x", i)+"@example.org", "en"); err != nil {
			t.Fatal(err)
		}
	}
	var wg sync.WaitGroup
	for _, owner := range []string{"one", "two"} {
		s := r.sender(t, owner)
		wg.Go(func() {
			if _, err := s.Pass(ctx); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	seen := map[string]int{}
	for _, m := range r.mb.Messages() {
		seen[m.To[0]]++
	}
	if len(seen) != n {
		t.Errorf("%d distinct recipients, want %d", len(seen), n)
	}
	for to, k := range seen {
		if k != 1 {
			t.Errorf("%s received %d copies", to, k)
		}
	}
}

// TestDigest: notifications of a topic in digest mode wait for the day's
// digest hour and then go in one message; those made after it wait for
// the next day.
func TestDigest(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	u := r.user(t, "li@example.org", "Li", "zh")
	actx := domain.NewContextWithActor(ctx, &domain.Actor{User: u})
	if err := r.svc.SetPreferences(actx, &domain.Actor{User: u}, map[string]string{"followup": store.ModeDigest}); err != nil {
		t.Fatal(err)
	}
	for _, d := range []string{"a", "b"} {
		r.db.AddNotifications(ctx, []*store.Notification{{UserID: u.ID, Kind: "report_accepted", Dedupe: d, Link: "/reports/" + d,
			Params: map[string]string{"commitment": "C-" + d, "period": "2025"}}})
	}
	// Before the next digest hour: nothing.
	made := time.Now().UTC()
	s := r.sender(t, "a")
	s.opt.DigestHour = (made.Hour() + 1) % 24
	if made.Hour() == 23 {
		s.opt.DigestHour = 1
	}
	r.now.Store(made.UnixMilli())
	if res, _ := s.Pass(ctx); res.Queued != 0 {
		t.Fatalf("sent before the digest hour: %+v", res)
	}
	r.now.Store(made.Add(25 * time.Hour).UnixMilli())
	if res, _ := s.Pass(ctx); res.Queued != 1 || res.Sent != 1 {
		t.Fatalf("digest pass: %+v", res)
	}
	p := parseOne(t, r.mb.Messages()[0])
	if !strings.Contains(p.Text, "C-a") || !strings.Contains(p.Text, "C-b") || p.Header.Get("Content-Language") != "zh" {
		t.Errorf("digest:\n%s\n%s", p.Subject, p.Text)
	}
	if !strings.Contains(p.Header.Get("List-Unsubscribe"), ".all.") {
		t.Errorf("digest's List-Unsubscribe %q", p.Header.Get("List-Unsubscribe"))
	}
	// Wrong input is refused.
	for _, bad := range []map[string]string{{}, {"nope": "never"}, {"voting": "sometimes"}} {
		if err := r.svc.SetPreferences(actx, &domain.Actor{User: u}, bad); domain.ErrorCode(err) != domain.EINVALID {
			t.Errorf("SetPreferences(%v) = %v", bad, err)
		}
	}
	if err := r.svc.SetPreferences(ctx, nil, map[string]string{"voting": "never"}); domain.ErrorCode(err) != domain.EUNAUTHORIZED {
		t.Errorf("anonymous SetPreferences = %v", err)
	}
}

// TestSenderStops: Run returns when its context ends.
func TestSenderStops(t *testing.T) {
	r := newRig(t)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	s := r.sender(t, "a")
	go func() { s.Run(ctx); close(done) }()
	r.svc.EnqueueTest(context.Background(), "x@example.org", "ru")
	s.Wake()
	deadline := time.Now().Add(10 * time.Second)
	for len(r.mb.Messages()) == 0 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	cancel()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not stop")
	}
	if len(r.mb.Messages()) != 1 {
		t.Fatal("the woken sender sent nothing")
	}
}
