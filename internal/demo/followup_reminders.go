package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/followup"
)

// What the demo's follow-up shows beyond its commitments and reports: a
// commitment's translations, and reports due soon and overdue, so that
// the reminders the server sends when it starts (docs/FOLLOW-UP.md,
// "Reminders") have something to tell.
//
// Both review cycles below ask the Regional Conference on Migration
// (which delegate@demo.plenary.local reports for) for a report on 2025:
//
//   - "Americas regional review 2026 (demonstration)", on its commitment on
//     regular pathways for labour migration (owned with the Central
//     American Commission of Migration Directors), whose deadline passed
//     fuOverdueDays days before the demo was loaded: overdue;
//   - "Remittances stocktaking 2026 (demonstration)", on its commitment on
//     digital remittances, due fuDueSoonDays days after: due soon.
//
// Neither has a report, so that serve's first sweep of reminders, right
// after the demo is loaded, tells the owners' delegates and partners of
// both (their notifications on their account page, and e-mails in the
// demo mailbox), and the secretariat's reminders page lists them.
const (
	fuOverdueCycle = "Americas regional review 2026 (demonstration)"
	fuDueSoonCycle = "Remittances stocktaking 2026 (demonstration)"
	fuOverdueDays  = 4
	fuDueSoonDays  = 9
)

// fuTranslated is the GRCP 7 commitment the demo translates into French
// and Arabic (unofficial demonstration translations); its other
// languages, and the other commitments, are left untranslated, so that a
// page in Arabic shows one in Arabic and the others in English, marked.
const fuTranslated = "digital-remittances"

// fuTranslator is who the demo's commitment translations say made them.
const fuTranslator = "Demonstration translation (unofficial)"

// fuTranslations are the French and Arabic of fuTranslated.
var fuTranslations = []domain.Translation{
	{Lang: "fr", Title: "Engagement sur les transferts de fonds numériques et l'inclusion financière",
		Text: "Les banques centrales de la région s'engagent à publier chaque trimestre le prix des transferts de fonds par corridor et à agréer les opérateurs numériques selon des règles proportionnées."},
	{Lang: "ar", Title: "التزام بشأن التحويلات المالية الرقمية والشمول المالي",
		Text: "تلتزم المصارف المركزية في المنطقة بأن تنشر كل ثلاثة أشهر أسعار التحويلات المالية حسب الممر، وبأن ترخّص لمقدّمي الخدمات الرقمية وفق قواعد متناسبة."},
}

// loadFollowUpExtras translates fuTranslated and opens the review cycles
// whose reports are overdue and due soon.
func loadFollowUpExtras(ctx context.Context, made *fuMade) error {
	svc, sec := made.svc, made.secretariat
	c := made.commitments[fuTranslated]
	for _, tr := range fuTranslations {
		var err error
		if c, err = svc.PutTranslation(ctx, sec, followup.TranslationInput{ID: c.ID, Version: c.Version, Lang: tr.Lang, Title: tr.Title, Text: tr.Text,
			Translator: fuTranslator}); err != nil {
			return fmt.Errorf("demo: follow-up %s: translation into %s: %w", fuTranslated, tr.Lang, err)
		}
	}
	made.commitments[fuTranslated] = c

	now := time.Now().UTC()
	defer svc.SetClock(time.Now)
	for _, y := range []struct {
		name       string
		key        string
		opens, due time.Time
	}{
		{fuOverdueCycle, "pathways", now.AddDate(0, 0, -60), now.AddDate(0, 0, -fuOverdueDays)},
		{fuDueSoonCycle, "digital-remittances", now.AddDate(0, 0, -20), now.AddDate(0, 0, fuDueSoonDays)},
	} {
		svc.SetClock(func() time.Time { return y.opens })
		if _, err := svc.OpenCycle(ctx, sec, followup.CycleInput{ProcessID: made.processID, Name: y.name, OpensOn: y.opens.Format(time.DateOnly),
			Deadline: y.due.Format(time.DateOnly), Languages: []string{"en", "fr", "ar"}, CommitmentIDs: []string{made.commitments[y.key].ID}}); err != nil {
			return fmt.Errorf("demo: follow-up: cycle %s: %w", y.name, err)
		}
	}
	return nil
}
