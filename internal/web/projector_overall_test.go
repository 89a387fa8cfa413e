package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/plenary-org/plenary/internal/store"
)

// TestProjectorShowsTheOverallRecommendations: while the plenary ranks,
// the screen lists the candidate overall recommendations, a new one as
// soon as the chair adds it; once the chair confirms, it shows the
// confirmed overall recommendations in their order, live and on the page
// without JavaScript. The projector used to show neither.
func TestProjectorShowsTheOverallRecommendations(t *testing.T) {
	f, _ := plenaryFixture(t)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	const candidates, confirmed = "Candidate overall recommendations", "The plenary&#39;s overall recommendations"
	first := "Widen regular pathways." // the fixture's candidate
	events := openProjectorStream(t, f, ctx, "observer", "lang=en&part="+f.ids["part"])
	waitEvent(t, events, 5*time.Second, candidates, "R1", first)

	second := &store.OverallCandidate{MeetingID: f.ids["meeting"], PartID: f.ids["part"], ThemeID: "t00000002", Text: "Share migration data every year."}
	if err := f.db.AddOverallCandidate(ctx, second); err != nil {
		t.Fatal(err)
	}
	waitEvent(t, events, 5*time.Second, candidates, "R2", second.Text)

	rec := f.do(t, "chair", http.MethodPost, "/meetings/{meeting}/overall/confirm",
		url.Values{"part": {"{part}"}, "selected": {second.ID, f.ids["overall_candidate"]}})
	mustStatus(t, rec, http.StatusSeeOther, "chair confirms")
	body := waitEvent(t, events, 5*time.Second, confirmed, first, second.Text)
	if strings.Contains(body, candidates) {
		t.Error("the screen still lists the candidates once the five are confirmed")
	}

	page := f.get(t, "observer", "/meetings/{meeting}/projector?part={part}&lang=en", "en").Body.String()
	at, bt := strings.Index(page, first), strings.Index(page, second.Text)
	if !strings.Contains(page, confirmed) || at < 0 || bt < 0 {
		t.Fatalf("the page without JavaScript lacks the confirmed recommendations:\n%s", page)
	}
	if strings.Index(page, confirmed) > strings.Index(page, "Each group&#39;s five") {
		t.Error("the confirmed recommendations do not come first")
	}
}
