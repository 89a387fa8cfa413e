package web

import (
	"context"
	"testing"
	"time"

	"github.com/plenary-org/plenary/internal/auth"
	"github.com/plenary-org/plenary/internal/locale"
	"github.com/plenary-org/plenary/internal/mail"
	"github.com/plenary-org/plenary/internal/store"
)

// addMail gives the fixture a password reset link and an unsubscribe
// link of the delegate, and a message in the outbox.
func (f *fixture) addMail(t *testing.T, ctx context.Context, userID string) {
	t.Helper()
	tok, hash := auth.NewToken()
	if _, err := f.db.CreatePasswordReset(ctx, userID, hash, time.Hour, 3, time.Hour,
		&store.MailMessage{Kind: "password_reset", To: "delegate@example.org", Subject: "Reset", Text: "t"}); err != nil {
		t.Fatal(err)
	}
	un, err := mail.NewComposer(locale.MustLoad(), f.db, "").UnsubscribeToken(ctx, userID, "voting")
	if err != nil {
		t.Fatal(err)
	}
	ms, _, err := f.db.Outbox(ctx, store.MailFilter{})
	if err != nil || len(ms) == 0 {
		t.Fatalf("outbox: %v", err)
	}
	f.ids["reset_token"], f.ids["unsubscribe_token"], f.ids["mail"] = tok, un, ms[0].ID
}
