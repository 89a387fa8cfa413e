package mail

import (
	"context"
	"strings"
	"testing"

	"github.com/plenary-org/plenary/internal/locale"
	"github.com/plenary-org/plenary/internal/store"
)

// TestKindsHaveTopicAndText: every kind of notification the product makes
// has a topic a person's preference governs and a sentence in each of
// the six languages, holding the facts it is made of.
func TestKindsHaveTopicAndText(t *testing.T) {
	cat := locale.MustLoad()
	cases := []struct {
		kind, topic string
		params      map[string]string
		want        []string // facts the text shows, in every language
	}{
		{"voting_opened", "voting", map[string]string{"group": "Afrique", "meeting": "GRCP 7"}, []string{"Afrique", "GRCP 7"}},
		{"voting_closing", "voting_closing", map[string]string{"group": "Afrique", "meeting": "GRCP 7", "until": "2026-05-04 15:00 (Europe/Zurich)"}, []string{"Afrique", "GRCP 7", "2026-05-04 15:00 (Europe/Zurich)"}},
		{"amendments_open", "outcome", map[string]string{"meeting": "GRCP 7", "until": "2026-05-06 09:00 UTC"}, []string{"GRCP 7", "2026-05-06 09:00 UTC"}},
		{"amendment_decided", "outcome", map[string]string{"number": "A3", "meeting": "GRCP 7", "status": "accepted"}, []string{"A3", "GRCP 7"}},
		{"amendment_decided", "outcome", map[string]string{"number": "A4", "meeting": "GRCP 7", "status": "accepted_with_changes", "reason": "Shorter."}, []string{"A4", "GRCP 7", "Shorter."}},
		{"amendment_decided", "outcome", map[string]string{"number": "A5", "meeting": "GRCP 7", "status": "rejected", "reason": "Covered by A1."}, []string{"A5", "GRCP 7", "Covered by A1."}},
		{"input_returned", "inputs", map[string]string{"title": "Pathways", "reason": "Sources?"}, []string{"Pathways", "Sources?"}},
		{"input_published", "inputs", map[string]string{"title": "Pathways"}, []string{"Pathways"}},
	}
	for _, c := range cases {
		if got := TopicOf(c.kind); got != c.topic {
			t.Errorf("TopicOf(%s) = %q, want %q", c.kind, got, c.topic)
		}
		texts := map[string]string{}
		for _, lang := range []string{"en", "fr", "es", "ar", "zh", "ru"} {
			text := NoticeText(cat.Printer(lang), &store.Notification{Kind: c.kind, Params: c.params})
			if strings.HasPrefix(text, "notify.") || strings.Contains(text, "%!") {
				t.Errorf("%s in %s: %q", c.kind, lang, text)
			}
			for _, w := range c.want {
				if !strings.Contains(text, w) {
					t.Errorf("%s in %s: %q lacks %q", c.kind, lang, text, w)
				}
			}
			texts[lang] = text
		}
		if texts["en"] == texts["fr"] {
			t.Errorf("%s: the same in English and French: %q", c.kind, texts["en"])
		}
	}
	// Each decision reads differently.
	p := cat.Printer("en")
	seen := map[string]bool{}
	for _, st := range []string{"accepted", "accepted_with_changes", "rejected"} {
		text := NoticeText(p, &store.Notification{Kind: "amendment_decided", Params: map[string]string{"number": "A1", "meeting": "M", "status": st, "reason": "R"}})
		if seen[text] {
			t.Errorf("two decisions read %q", text)
		}
		seen[text] = true
	}
}

// TestNewKindsFollowPreferences: "voting closes soon" has its own
// preference, apart from "voting opened": set to never, its notice is not
// sent while an amendment's decision (the outcome topic) is, in the
// person's language.
func TestNewKindsFollowPreferences(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	u := r.user(t, "amina@example.org", "Amina", "fr")
	if err := r.db.SetMailPreferences(ctx, u.ID, map[string]string{"voting_closing": store.ModeNever}); err != nil {
		t.Fatal(err)
	}
	if _, err := r.db.AddNotifications(ctx, []*store.Notification{
		{UserID: u.ID, Kind: "voting_closing", Dedupe: "c1", Link: "/groups/g1/rank?part=p1", Params: map[string]string{"group": "Afrique", "meeting": "GRCP 7", "until": "2026-05-04 17:00 (Africa/Nairobi)"}},
		{UserID: u.ID, Kind: "amendment_decided", Dedupe: "d1", Link: "/meetings/m1/outcome#amendments", Params: map[string]string{"number": "A3", "meeting": "GRCP 7", "status": "rejected", "reason": "Déjà couvert."}},
	}); err != nil {
		t.Fatal(err)
	}
	if res, err := r.sender(t, "a").Pass(ctx); err != nil || res.Sent != 1 {
		t.Fatalf("pass = %+v, %v: want only the decision's message", res, err)
	}
	got := r.mb.Messages()
	if len(got) != 1 {
		t.Fatalf("%d messages", len(got))
	}
	if p := parseOne(t, got[0]); !strings.Contains(p.Subject, "A3") || !strings.Contains(p.Subject, "rejeté") {
		t.Errorf("subject %q: want the French decision", p.Subject)
	}
	if ns, _ := r.db.UnsentNotificationsAfter(ctx, "", 10); len(ns) != 0 {
		t.Errorf("%d notifications left unsent", len(ns))
	}
}
