package api

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"testing"

	"github.com/plenary-org/plenary/internal/domain"
)

// TestSearchPagesByCursor: the list gives next_cursor and prev_cursor,
// and the pages they lead to cover the list once each, in order, as the
// pages by offset do; a cursor that is not one is refused on its field.
func TestSearchPagesByCursor(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	actx := domain.NewContextWithActor(context.Background(), &domain.Actor{User: &domain.User{ID: f.ids["user:secretariat"], Admin: true}})
	for i := range 12 {
		c := &domain.Contribution{MeetingID: f.ids["meetingA1"], Kind: domain.KindRecommendation, Status: domain.StatusPublished,
			Title: fmt.Sprintf("Recommendation %d", i), Text: "Text.", Lang: "en"}
		if err := f.db.CreateContribution(actx, c); err != nil {
			t.Fatal(err)
		}
	}
	type page struct {
		Items []struct {
			ID string `json:"id"`
		} `json:"items"`
		Total int    `json:"total"`
		Next  string `json:"next_cursor"`
		Prev  string `json:"prev_cursor"`
	}
	get := func(query string) page {
		t.Helper()
		w := f.do(t, "GET", f.url(t, "/api/v1/contributions?meeting={meetingA1}&limit=5"+query), "secretariat", "")
		if w.Code != http.StatusOK {
			t.Fatalf("%s: %d %s", query, w.Code, w.Body)
		}
		var p page
		if err := json.Unmarshal(w.Body.Bytes(), &p); err != nil {
			t.Fatal(err)
		}
		return p
	}
	var byOffset, byCursor []string
	p := get("")
	if p.Prev != "" || p.Next == "" || p.Total < 12 {
		t.Fatalf("first page: %+v", p)
	}
	for off := 0; off < p.Total; off += 5 {
		for _, it := range get(fmt.Sprintf("&offset=%d", off)).Items {
			byOffset = append(byOffset, it.ID)
		}
	}
	var pages []page
	for {
		pages = append(pages, p)
		for _, it := range p.Items {
			byCursor = append(byCursor, it.ID)
		}
		if p.Next == "" {
			break
		}
		p = get("&cursor=" + url.QueryEscape(p.Next))
	}
	if !slices.Equal(byCursor, byOffset) || len(byCursor) != p.Total {
		t.Fatalf("by cursor %v, by offset %v", byCursor, byOffset)
	}
	back := get("&cursor=" + url.QueryEscape(pages[len(pages)-1].Prev))
	if !slices.EqualFunc(back.Items, pages[len(pages)-2].Items, func(a, b struct {
		ID string `json:"id"`
	}) bool {
		return a.ID == b.ID
	}) {
		t.Fatalf("back: %+v, want %+v", back.Items, pages[len(pages)-2].Items)
	}
	for _, bad := range []string{"&cursor=an.x.1", "&cursor=" + url.QueryEscape(pages[0].Next) + "&sort=title", "&cursor=" + url.QueryEscape(pages[0].Next) + "&q=text"} {
		w := f.do(t, "GET", f.url(t, "/api/v1/contributions?meeting={meetingA1}"+bad), "secretariat", "")
		if w.Code != http.StatusUnprocessableEntity && w.Code != http.StatusBadRequest {
			t.Errorf("%s: %d %s", bad, w.Code, w.Body)
		}
	}
}
