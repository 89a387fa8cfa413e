package web

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/plenary-org/plenary/internal/domain"
)

// With more bodies than the member form offers at once, the secretariat
// is told how many are shown and can filter them; the body chosen in a
// refused form stays chosen.
func TestMemberFormFiltersManyBodies(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	for i := range maxBodyChoices + 5 {
		b := &domain.Body{Name: fmt.Sprintf("Ministry of Labour %03d", i), Kind: domain.BodyState, Region: "Europe"}
		if err := f.db.CreateBody(ctx, b); err != nil {
			t.Fatal(err)
		}
		if i == maxBodyChoices+4 {
			f.ids["lastbody"] = b.ID
		}
	}
	options := func(page string) int { return strings.Count(page, "<option value=\"01") }
	page := body(f.do(t, "secretariat", "GET", "/processes/{process}/members", nil))
	if !strings.Contains(page, `name="bodies"`) || !strings.Contains(page, fmt.Sprintf("offers %d of", maxBodyChoices)) {
		t.Fatalf("no filter nor count on a page with %d bodies", maxBodyChoices+5)
	}
	if strings.Contains(page, "Ministry of Labour 304") {
		t.Error("the last body is offered although the list is cut")
	}
	page = body(f.do(t, "secretariat", "GET", "/processes/{process}/members?bodies=Labour+304", nil))
	if !strings.Contains(page, "Ministry of Labour 304") || !strings.Contains(page, "offers 1 of 1") || options(page) != 1 {
		t.Errorf("filtered: want only Ministry of Labour 304 offered (%d body options)", options(page))
	}
	// A refused form keeps its body as a choice even when the list is cut.
	rec := f.do(t, "secretariat", "POST", "/processes/{process}/members", url.Values{"email": {"not-an-email"}, "role": {"delegate"}, "body": {"{lastbody}"}})
	if page := body(rec); !strings.Contains(page, `<option value="`+f.ids["lastbody"]+`" selected>`) {
		t.Errorf("status %d: the chosen body is no longer selected", rec.Code)
	}
	// A page with few bodies has no filter.
	if page := body(f.do(t, "delegate", "GET", "/processes/{process}/members", nil)); strings.Contains(page, `name="bodies"`) {
		t.Error("a delegate, who cannot add members, is offered the body filter")
	}
}
