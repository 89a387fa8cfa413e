package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/plenary-org/plenary/internal/domain"
)

// TestGroupRegionPicker: a group's region is picked from the regions
// (named in the reader's language), not typed; a group whose region was
// written as text before regions were data keeps that text until one is
// picked, and renaming a group keeps its region.
func TestGroupRegionPicker(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	rec := f.get(t, "secretariat", "/meetings/"+f.ids["meeting"]+"/groups", "fr")
	if body := rec.Body.String(); !strings.Contains(body, `<select id="f-region" name="region_id"`) || !strings.Contains(body, `<option value="002">Afrique (M49 002)</option>`) {
		t.Fatalf("the new group form has no region picker in French")
	}
	if rec := f.do(t, "secretariat", "POST", "/meetings/"+f.ids["meeting"]+"/groups", url.Values{"name": {"Sahel"}, "region_id": {"002"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("create: %d", rec.Code)
	}
	if rec := f.do(t, "secretariat", "POST", "/meetings/"+f.ids["meeting"]+"/groups", url.Values{"name": {"Nowhere"}, "region_id": {"999"}}); rec.Code != http.StatusUnprocessableEntity {
		t.Errorf("an unknown region: %d, want 422", rec.Code)
	}
	gs, err := f.db.Groups(f.adminCtx(t), f.ids["meeting"])
	if err != nil {
		t.Fatal(err)
	}
	var sahel *domain.Group
	for _, g := range gs {
		if g.Name == "Sahel" {
			sahel = g
		}
	}
	if sahel == nil || sahel.RegionID != "002" || sahel.Region != "Africa" {
		t.Fatalf("the group made: %+v, want region 002 named Africa", sahel)
	}
	// Renamed with its region picked again: the region stays.
	if rec := f.do(t, "secretariat", "POST", "/groups/"+sahel.ID, url.Values{"name": {"Sahel and West Africa"}, "region_id": {"002"}, "version": {"1"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("rename: %d", rec.Code)
	}
	if g, _ := f.db.Group(f.adminCtx(t), sahel.ID); g.RegionID != "002" || g.Name != "Sahel and West Africa" {
		t.Errorf("after the rename: %+v", g)
	}
	// A region as written before: shown as such, kept on a rename, and
	// replaced once a region is picked.
	g := &domain.Group{MeetingID: f.ids["meeting"], Name: "Atlantic", Region: "Atlantis"}
	if err := f.db.CreateGroup(f.adminCtx(t), g); err != nil {
		t.Fatal(err)
	}
	rec = f.get(t, "secretariat", "/groups/"+g.ID+"/members", "en")
	if body := rec.Body.String(); !strings.Contains(body, "Atlantis (as written: refers to no region)") || !strings.Contains(body, `name="region" value="Atlantis"`) {
		i := strings.Index(body, "f-region")
		t.Fatalf("the region as written is not shown: %s", body[max(i-200, 0):min(i+900, len(body))])
	}
	if rec := f.do(t, "secretariat", "POST", "/groups/"+g.ID, url.Values{"name": {"Atlantic rim"}, "region_id": {""}, "region": {"Atlantis"}, "version": {"1"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("rename: %d", rec.Code)
	}
	if got, _ := f.db.Group(f.adminCtx(t), g.ID); got.Region != "Atlantis" || got.RegionID != "" {
		t.Errorf("the region as written is lost on a rename: %+v", got)
	}
	if rec := f.do(t, "secretariat", "POST", "/groups/"+g.ID, url.Values{"name": {"Atlantic rim"}, "region_id": {"150"}, "region": {"Atlantis"}, "version": {"2"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("pick: %d", rec.Code)
	}
	if got, _ := f.db.Group(f.adminCtx(t), g.ID); got.RegionID != "150" || got.Region != "Europe" {
		t.Errorf("after picking Europe: %+v", got)
	}
	// An observer gets no form.
	if body := f.get(t, "observer", "/meetings/"+f.ids["meeting"]+"/groups", "en").Body.String(); strings.Contains(body, `name="region_id"`) {
		t.Error("an observer gets the group form")
	}
}
