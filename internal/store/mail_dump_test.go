package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/plenary-org/plenary/internal/store"
)

// fillMail writes a row in every table of the e-mail migration: a sent
// message and a pending one, a preference, a reset link, the shared
// secret.
func fillMail(t testing.TB, db *store.DB, ctx context.Context, userID string) {
	t.Helper()
	for _, m := range []*store.MailMessage{
		{Kind: "invitation", To: "new.delegate@example.org", Lang: "fr", Subject: "Invitation : GRCP « 7 »", Text: "Bonjour,\n", HTML: "<p>Bonjour,</p>"},
		{Kind: "input_published", UserID: userID, To: "admin@demo.plenary.local", Subject: "Published", Text: "t", HTML: "<p>t</p>",
			Headers: map[string]string{"List-Unsubscribe": "<https://x/unsubscribe/t>"}},
	} {
		if err := db.EnqueueMail(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	ms, err := db.ClaimMail(ctx, "dump-test", time.Minute, 1)
	if err != nil || len(ms) != 1 {
		t.Fatalf("claim: %v", err)
	}
	if err := db.MarkMailSent(ctx, ms[0].ID, "dump-test", "<id@x>"); err != nil {
		t.Fatal(err)
	}
	if err := db.SetMailPreferences(ctx, userID, map[string]string{"voting": store.ModeDigest}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.CreatePasswordReset(ctx, userID, "reset-token-hash", time.Hour, 3, time.Hour,
		&store.MailMessage{Kind: "password_reset", To: "admin@demo.plenary.local", Subject: "Reset", Text: "t"}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.InstanceSecret(ctx, "unsubscribe"); err != nil {
		t.Fatal(err)
	}
}
