package demo

import (
	"context"
	_ "embed"
	"fmt"

	"github.com/plenary-org/plenary/internal/agenda"
	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/store"
	"github.com/plenary-org/plenary/internal/texts"
)

// GRCP 7's agenda in Arabic and French: demonstration translations, not
// IOM's, marked unofficial. Some texts are left untranslated (in Arabic,
// the objectives and questions of session 3's partner engagement
// discussion and two footnotes; in French, session 3's parts), so that
// pages show the English original in their place, marked, and the
// translation status view has something to show.
var (
	//go:embed data/grcp7-agenda.ar.json
	grcp7Arabic []byte
	//go:embed data/grcp7-agenda.fr.json
	grcp7French []byte
)

// groupNames are demonstration translations of the breakout groups'
// names; "Inter-regional and global processes" has no Arabic one.
var groupNames = map[string]map[string]string{
	"Africa":                              {"ar": "أفريقيا", "fr": "Afrique"},
	"Americas and the Caribbean":          {"ar": "الأمريكتان ومنطقة البحر الكاريبي", "fr": "Amériques et Caraïbes"},
	"Asia and the Pacific":                {"ar": "آسيا والمحيط الهادئ", "fr": "Asie et Pacifique"},
	"Europe and Central Asia":             {"ar": "أوروبا وآسيا الوسطى", "fr": "Europe et Asie centrale"},
	"Middle East and North Africa":        {"ar": "الشرق الأوسط وشمال أفريقيا", "fr": "Moyen-Orient et Afrique du Nord"},
	"Inter-regional and global processes": {"fr": "Processus interrégionaux et mondiaux"},
}

// bodyNames are demonstration translations of some bodies' names, by
// acronym; the others stay in English.
var bodyNames = map[string]map[string]string{
	"RCM":   {"ar": "المؤتمر الإقليمي المعني بالهجرة (عملية بويبلا)", "fr": "Conférence régionale sur les migrations (Processus de Puebla)"},
	"SACM":  {"ar": "مؤتمر أمريكا الجنوبية المعني بالهجرة", "fr": "Conférence sud-américaine sur les migrations"},
	"MIDWA": {"ar": "حوار الهجرة لغرب أفريقيا", "fr": "Dialogue sur la migration pour l'Afrique de l'Ouest"},
	"MIDSA": {"ar": "حوار الهجرة للجنوب الأفريقي", "fr": "Dialogue sur la migration pour l'Afrique australe"},
	"ARCP":  {"ar": "العملية التشاورية الإقليمية العربية حول الهجرة وشؤون اللاجئين", "fr": "Processus consultatif régional arabe sur les migrations et les réfugiés"},
	"ECA":   {"ar": "اللجنة الاقتصادية لأفريقيا", "fr": "Commission économique pour l'Afrique"},
	"ESCWA": {"ar": "اللجنة الاقتصادية والاجتماعية لغربي آسيا", "fr": "Commission économique et sociale pour l'Asie occidentale"},
	"IOM":   {"ar": "المنظمة الدولية للهجرة", "fr": "Organisation internationale pour les migrations"},
}

// loadTranslations gives GRCP 7's agenda, groups and some bodies their
// demonstration translations, through the use cases as the secretariat.
func loadTranslations(ctx context.Context, db *store.DB, meetingID string, bodies map[string]*domain.Body) error {
	a := domain.ActorFromContext(ctx)
	svc := texts.New(db)
	for _, tr := range []struct {
		lang string
		data []byte
	}{{"ar", grcp7Arabic}, {"fr", grcp7French}} {
		am, err := agenda.ParseTranslation(tr.data)
		if err != nil {
			return fmt.Errorf("demo: %s agenda: %w", tr.lang, err)
		}
		if _, err := svc.ImportAgenda(ctx, a, meetingID, tr.lang, am.ToDomain(), texts.ImportOptions{Unofficial: true}); err != nil {
			return fmt.Errorf("demo: %s agenda: %w", tr.lang, err)
		}
	}
	gs, err := db.Groups(ctx, meetingID)
	if err != nil {
		return err
	}
	var edits []texts.Edit
	for _, g := range gs {
		for lang, name := range groupNames[g.Name] {
			edits = append(edits, texts.Edit{TextKey: domain.TextKey{Kind: domain.TextGroup, ID: g.ID, Field: "name"}, Lang: lang, Text: name, Unofficial: true})
		}
	}
	if _, err := svc.SaveMeetingTexts(ctx, a, meetingID, edits); err != nil {
		return fmt.Errorf("demo: group names: %w", err)
	}
	edits = nil
	for acr, names := range bodyNames {
		b, ok := bodies[acr]
		if !ok {
			return fmt.Errorf("demo: no body %s", acr)
		}
		for lang, name := range names {
			edits = append(edits, texts.Edit{TextKey: domain.TextKey{Kind: domain.TextBody, ID: b.ID, Field: "name"}, Lang: lang, Text: name, Unofficial: true})
		}
	}
	if _, err := svc.SaveBodyTexts(ctx, a, edits); err != nil {
		return fmt.Errorf("demo: body names: %w", err)
	}
	return nil
}
