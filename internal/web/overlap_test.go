package web

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/plenary-org/plenary/internal/domain"
)

// The states x mechanisms page: the chart and its table, the states with
// their mechanisms, in the six languages (Arabic mirrored), the exports,
// the region filter, and a body page with its members.
func TestOverlapPage(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := f.adminCtx(t)
	for _, b := range []*domain.Body{
		{Name: "Regional Conference on Migration", Acronym: "RCM", Kind: domain.BodyRCP, Region: "North and Central America",
			Countries: []string{"MX", "GT", "US"}, Observers: []string{"CO"}, Joined: map[string]string{"MX": "1996"}, Website: "https://crmsv.org"},
		{Name: "Ibero-American Forum", Acronym: "FIBEMYD", Kind: domain.BodyIRF, Region: "Ibero-America", Countries: []string{"MX", "CO", "ES"}},
		{Name: "Economic Commission for Africa", Acronym: "ECA", Kind: domain.BodyUNRegionalComm, Countries: []string{"SN"}},
	} {
		if err := f.db.CreateBody(ctx, b); err != nil {
			t.Fatal(err)
		}
		f.ids[b.Acronym] = b.ID
	}
	for _, lang := range []string{"en", "fr", "es", "ar", "zh", "ru"} {
		rec := f.get(t, "observer", "/registry/overlap", lang)
		if rec.Code != http.StatusOK {
			t.Fatalf("%s: status %d", lang, rec.Code)
		}
		body := rec.Body.String()
		for _, want := range []string{`<svg`, `id="distribution-figure"`, `id="top-figure"`, `<table class="data overlap">`, "MEX", `href="/bodies/` + f.ids["RCM"] + `"`} {
			if !strings.Contains(body, want) {
				t.Errorf("%s: the page lacks %s", lang, want)
			}
		}
		if lang == "ar" && !strings.Contains(body, `dir="rtl"`) {
			t.Error("ar: the page is not right to left")
		}
		if strings.Contains(body, "Senegal") || strings.Contains(body, "SEN") {
			t.Errorf("%s: a state of a partner only (ECA) is counted among the mechanisms' states", lang)
		}
	}
	// Mexico sits in two mechanisms, Colombia in one and observes one.
	rec := f.get(t, "observer", "/registry/overlap?format=json", "en")
	var rows []map[string]string
	if err := json.Unmarshal(rec.Body.Bytes(), &rows); err != nil {
		t.Fatalf("JSON export: %v: %s", err, rec.Body.String())
	}
	got := map[string]string{}
	for _, r := range rows {
		got[r["alpha3"]] = r["members_of"] + "/" + r["observer_of"] + "/" + r["RCM"]
	}
	if got["MEX"] != "2/0/member" || got["COL"] != "1/1/observer" || got["ESP"] != "1/0/" || len(rows) != 5 {
		t.Errorf("JSON export = %v", got)
	}
	for _, format := range []string{"csv", "xlsx"} {
		rec := f.get(t, "observer", "/registry/overlap?format="+format, "en")
		if rec.Code != http.StatusOK || rec.Body.Len() == 0 || !strings.Contains(rec.Header().Get("Content-Disposition"), "states-mechanisms."+format) {
			t.Errorf("%s export: %d %q", format, rec.Code, rec.Header().Get("Content-Disposition"))
		}
	}
	rec = f.get(t, "observer", "/registry/overlap?chart=distribution&format=csv", "en")
	if !strings.Contains(rec.Body.String(), "\n1,") || !strings.Contains(rec.Body.String(), "\n2,1") {
		t.Errorf("distribution CSV = %q", rec.Body.String())
	}
	// Filtered by Europe, only Spain is left.
	rec = f.get(t, "observer", "/registry/overlap?region=150&format=json", "en")
	if err := json.Unmarshal(rec.Body.Bytes(), &rows); err != nil || len(rows) != 1 || rows[0]["alpha2"] != "ES" {
		t.Errorf("Europe's states = %v (%v)", rows, err)
	}
	if rec := f.get(t, "observer", "/registry/overlap?region=nowhere", "en"); rec.Code != http.StatusUnprocessableEntity {
		t.Errorf("an unknown region: %d", rec.Code)
	}
	if rec := f.get(t, "anonymous", "/registry/overlap", "en"); rec.Code == http.StatusOK {
		t.Error("the page is shown without an account")
	}
	rec = f.get(t, "observer", "/bodies/"+f.ids["RCM"], "es")
	for _, want := range []string{"México", "MEX", "1996", "Colombia", "https://crmsv.org", "América del Norte"} {
		if !strings.Contains(rec.Body.String(), want) {
			t.Errorf("the body page lacks %q", want)
		}
	}
}

// The regions page lists the regions, and to the secretariat the regions
// written as text that refer to none; mapping one makes it refer.
func TestRegionsPage(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	if err := f.db.CreateBody(f.adminCtx(t), &domain.Body{Name: "Atlantic forum", Kind: domain.BodyRCP, Region: "Atlantis"}); err != nil {
		t.Fatal(err)
	}
	rec := f.get(t, "secretariat", "/registry/regions", "fr")
	for _, want := range []string{"Amérique latine et Caraïbes", "Asie et Pacifique", "Atlantis", `action="/registry/regions/map"`} {
		if !strings.Contains(rec.Body.String(), want) {
			t.Errorf("the regions page lacks %q", want)
		}
	}
	if rec := f.get(t, "observer", "/registry/regions", "en"); strings.Contains(rec.Body.String(), "Atlantis") {
		t.Error("an observer sees the unmapped regions")
	}
	if rec := f.do(t, "secretariat", "POST", "/registry/regions/map", url.Values{"text": {"Atlantis"}, "region_id": {"002"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("map: %d", rec.Code)
	}
	if rec := f.get(t, "secretariat", "/registry/regions", "en"); strings.Contains(rec.Body.String(), "Atlantis") {
		t.Error("Atlantis is still unmapped")
	}
}
