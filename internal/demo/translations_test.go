package demo

import (
	"context"
	"testing"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/texts"
)

// The demo meeting has its agenda, groups and some bodies in Arabic and
// French, marked unofficial, with some texts left in English.
func TestDemoTranslations(t *testing.T) {
	db, res, _, _ := loadDemo(t)
	ctx := context.Background()
	sec, err := actorFor(ctx, db, "secretariat@demo.plenary.local")
	if err != nil {
		t.Fatal(err)
	}
	tx, err := texts.New(db).MeetingTexts(ctx, sec, res.MeetingID)
	if err != nil {
		t.Fatal(err)
	}
	n := len(tx.Entries)
	for _, c := range []struct {
		lang       string
		minD, maxD int // how many are missing
	}{{"ar", 5, 20}, {"fr", 5, 25}, {"zh", n, n}} {
		if m := tx.Missing[c.lang]; m < c.minD || m > c.maxD {
			t.Errorf("%s: %d of %d missing, want %d to %d", c.lang, m, n, c.minD, c.maxD)
		}
	}
	if tx.Unoff["ar"] != n-tx.Missing["ar"] {
		t.Errorf("Arabic: %d unofficial of %d translated", tx.Unoff["ar"], n-tx.Missing["ar"])
	}
	groups := 0
	for _, e := range tx.Entries {
		if e.Kind == domain.TextGroup {
			if _, ok := e.Translations["ar"]; ok {
				groups++
			}
		}
	}
	if groups != 5 {
		t.Errorf("%d groups in Arabic, want 5 of 6", groups)
	}
}
