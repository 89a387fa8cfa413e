package store_test

import (
	"context"
	"strings"
	"testing"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/reference"
	"github.com/plenary-org/plenary/internal/store/storetest"
)

func TestFrameworks(t *testing.T) {
	t.Parallel()
	db := storetest.Open(t)
	ctx := context.Background()
	for i := 0; i < 2; i++ {
		if err := db.EnsureBuiltinFrameworks(ctx); err != nil {
			t.Fatalf("ensure %d: %v", i, err)
		}
	}
	fs, err := db.Frameworks(ctx)
	if err != nil || len(fs) != 1 || fs[0].Code != "gcm" || !fs[0].Builtin || len(fs[0].Items) != 33 {
		t.Fatalf("frameworks after ensuring twice: %+v, %v", fs, err)
	}
	gcm, err := db.Framework(ctx, fs[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if it := gcm.Items[0]; it.Code != "O1" || it.Labels["en"].ShortLabel != "Data" {
		t.Fatalf("first item = %+v", it)
	}

	// The titles come in the six languages, the shipped translations
	// marked unofficial.
	shipped := gcm.Items[0].Labels["fr"]
	if len(gcm.Items[0].Labels) != 6 || !shipped.Unofficial || gcm.Items[0].Labels["en"].Unofficial || gcm.Items[17].Labels["ar"].ShortLabel != "تنمية المهارات والاعتراف بها" {
		t.Fatalf("labels of O1: %+v; O18 in Arabic: %+v", gcm.Items[0].Labels, gcm.Items[17].Labels["ar"])
	}

	// Labels in another language; unknown codes change nothing.
	err = db.SetFrameworkLabels(ctx, gcm.ID, "fr", []reference.Item{{Code: "O1", Title: "Collecter et utiliser des données exactes et ventilées", ShortLabel: "Données"}, {Code: "O99", Title: "x"}})
	if domain.ErrorCode(err) != domain.EINVALID || !strings.Contains(err.Error(), "O99") {
		t.Fatalf("unknown code: %v", err)
	}
	if g, _ := db.Framework(ctx, gcm.ID); g.Items[0].Labels["fr"] != shipped {
		t.Fatalf("a refused label import changed labels: %+v", g.Items[0].Labels)
	}
	if err := db.SetFrameworkLabels(ctx, gcm.ID, "fr", []reference.Item{{Code: "O1", Title: "Collecter et utiliser des données", ShortLabel: "Données"}}); err != nil {
		t.Fatal(err)
	}
	g, _ := db.Framework(ctx, gcm.ID)
	if l, lang := g.Items[0].Label("fr"); lang != "fr" || l.ShortLabel != "Données" || l.Title != "Collecter et utiliser des données" || l.Unofficial {
		t.Fatalf("French label = %+v (%s)", l, lang)
	}
	if l, lang := g.Items[1].Label("fr"); lang != "fr" || l.ShortLabel != "Facteurs négatifs" || !l.Unofficial {
		t.Fatalf("shipped label = %+v (%s)", l, lang)
	}
	// Ensuring again keeps the title a secretariat gave.
	if err := db.EnsureBuiltinFrameworks(ctx); err != nil {
		t.Fatal(err)
	}
	if g, _ := db.Framework(ctx, gcm.ID); g.Items[0].Labels["fr"].Title != "Collecter et utiliser des données" {
		t.Fatalf("ensuring replaced a given title: %+v", g.Items[0].Labels["fr"])
	}

	// Another framework to tag against.
	sdg := reference.Framework{Code: "sdg", Name: "SDG targets", Lang: "en", Items: []reference.Item{{Code: "10.7", Title: "Facilitate orderly, safe, regular and responsible migration"}}}
	if _, err := db.ImportFramework(ctx, sdg, false); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ImportFramework(ctx, sdg, false); domain.ErrorCode(err) != domain.EINVALID {
		t.Fatalf("a second framework with the code sdg: %v", err)
	}
	bad := sdg
	bad.Code, bad.Name = "Bad Code!", ""
	err = func() error { _, err := db.ImportFramework(ctx, bad, false); return err }()
	var es domain.Errors
	if !asErrors(err, &es) || len(es) != 2 {
		t.Fatalf("bad framework: %v", err)
	}
}

func asErrors(err error, es *domain.Errors) bool {
	e, ok := err.(domain.Errors)
	*es = e
	return ok
}
