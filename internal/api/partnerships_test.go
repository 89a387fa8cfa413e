package api

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/partnership"
)

// partnershipFixture adds a second body (IOM, "bodyIOM"), the delegate's
// published partnership proposal in meeting A1 ("proposal") and a
// partnership of process A between the two bodies ("partnership",
// version 1).
func partnershipFixture(t testing.TB) *fixture {
	t.Helper()
	f := newFixture(t)
	ctx := context.Background()
	admin, _, err := f.db.UserByEmail(ctx, "admin@example.org")
	if err != nil {
		t.Fatal(err)
	}
	a := &domain.Actor{User: admin}
	actx := domain.NewContextWithActor(ctx, a)
	iom := &domain.Body{Name: "International Organization for Migration", Acronym: "IOM", Kind: domain.BodyIGO}
	if err := f.db.CreateBody(actx, iom); err != nil {
		t.Fatal(err)
	}
	c := &domain.Contribution{MeetingID: f.ids["meetingA1"], Kind: domain.KindPartnership, Status: domain.StatusPublished, Title: "Data observatory",
		Text: "Pool labour migration data.", BodyID: f.ids["body"], AuthorID: f.ids["user:delegate"], Lang: "en"}
	if err := f.db.CreateContribution(actx, c); err != nil {
		t.Fatal(err)
	}
	p := &domain.Partnership{ProcessID: f.ids["processA"], Title: "Joint training", Purpose: "Train officials.", Phase: domain.PhaseImplementation,
		Mechanism: domain.CollabTechnical, Parties: []string{f.ids["body"], iom.ID}, Objectives: []string{"O1"}}
	if _, err := partnership.New(f.db, nil).Create(ctx, a, p); err != nil {
		t.Fatal(err)
	}
	f.ids["bodyIOM"], f.ids["proposal"], f.ids["partnership"] = iom.ID, c.ID, p.ID
	return f
}

func TestPartnershipRoleMatrix(t *testing.T) {
	t.Parallel()
	const (
		ok   = http.StatusOK
		new  = http.StatusCreated
		del  = http.StatusNoContent
		anon = http.StatusUnauthorized
		hid  = http.StatusNotFound
		no   = http.StatusForbidden
	)
	two := `"parties":["{body}","{bodyIOM}"]`
	for _, row := range []matrixRow{
		{method: "GET", url: "/api/v1/processes/{processA}/partnerships", want: [8]int{anon, hid, ok, ok, ok, hid, ok, ok}},
		{method: "POST", url: "/api/v1/processes/{processA}/partnerships", body: `{"title":"T","purpose":"P","phase":"preparation","mechanism":"funding",` + two + `}`,
			want: [8]int{anon, hid, no, no, no, hid, new, new}},
		{method: "GET", url: "/api/v1/partnerships/{partnership}", want: [8]int{anon, hid, ok, ok, ok, hid, ok, ok}},
		{method: "PUT", url: "/api/v1/partnerships/{partnership}", body: `{"version":1,"title":"T","purpose":"P","phase":"preparation","mechanism":"funding","status":"agreed",` + two + `}`,
			want: [8]int{anon, hid, no, no, no, hid, ok, ok}},
		{method: "DELETE", url: "/api/v1/partnerships/{partnership}?version=1", want: [8]int{anon, hid, no, no, no, hid, del, del}},
		{method: "POST", url: "/api/v1/contributions/{proposal}/partnership", body: `{"title":"T","purpose":"P","phase":"preparation","mechanism":"funding",` + two + `}`,
			want: [8]int{anon, hid, no, no, no, hid, new, new}},
		{method: "GET", url: "/api/v1/contributions/{proposal}/matches", want: [8]int{anon, hid, no, no, no, hid, ok, ok}},
		{method: "GET", url: "/api/v1/processes/{processA}/bodies/{body}/engagement", want: [8]int{anon, hid, ok, ok, ok, hid, ok, ok}},
	} {
		t.Run(row.method+" "+row.url, func(t *testing.T) {
			t.Parallel()
			for i, role := range matrixRoles {
				f := partnershipFixture(t)
				body := strings.NewReplacer("{body}", f.ids["body"], "{bodyIOM}", f.ids["bodyIOM"]).Replace(row.body)
				w := f.do(t, row.method, f.url(t, row.url), role, body)
				if w.Code != row.want[i] {
					t.Errorf("as %q: status %d, want %d; body: %s", role, w.Code, row.want[i], w.Body)
				}
				checkWellFormed(t, w)
			}
		})
	}
}

func TestPartnershipScenarios(t *testing.T) {
	t.Parallel()
	f := partnershipFixture(t)
	two := `"parties":["{body}","{bodyIOM}"]`
	f.run(t, []scenario{
		{name: "one party", method: "POST", url: "/api/v1/processes/{processA}/partnerships", as: "secretariat",
			body:   `{"title":"T","purpose":"P","phase":"preparation","mechanism":"funding","parties":["{body}"]}`,
			status: http.StatusUnprocessableEntity, want: []string{`"parties"`, "at least two bodies"}},
		{name: "unknown objective", method: "POST", url: "/api/v1/processes/{processA}/partnerships", as: "secretariat",
			body:   `{"title":"T","purpose":"P","phase":"preparation","mechanism":"funding","objectives":["O42"],` + two + `}`,
			status: http.StatusUnprocessableEntity, want: []string{`"objectives"`}},
		{name: "NUL in the title", method: "POST", url: "/api/v1/processes/{processA}/partnerships", as: "secretariat",
			body: `{"title":"T\u0000","purpose":"P","phase":"preparation","mechanism":"funding",` + two + `}`, status: http.StatusUnprocessableEntity},
		{name: "made from the proposal", method: "POST", url: "/api/v1/contributions/{proposal}/partnership", as: "secretariat",
			body:   `{"title":"Data observatory","purpose":"Pool data.","phase":"implementation","mechanism":"data_sharing",` + two + `}`,
			status: http.StatusCreated, want: []string{`"made_from":"` + f.ids["proposal"] + `"`, `"status":"proposed"`}},
		{name: "made twice", method: "POST", url: "/api/v1/contributions/{proposal}/partnership", as: "admin",
			body: `{"title":"Again","purpose":"P","phase":"implementation","mechanism":"other",` + two + `}`, status: http.StatusConflict},
		{name: "stale update", method: "PUT", url: "/api/v1/partnerships/{partnership}", as: "secretariat",
			body: `{"version":7,"title":"T","purpose":"P","phase":"preparation","mechanism":"funding","status":"agreed",` + two + `}`, status: http.StatusConflict},
		{name: "version required", method: "PUT", url: "/api/v1/partnerships/{partnership}", as: "secretariat",
			body: `{"title":"T","purpose":"P","phase":"preparation","mechanism":"funding","status":"agreed",` + two + `}`, status: http.StatusUnprocessableEntity},
		{name: "filtered by the second body", method: "GET", url: "/api/v1/processes/{processA}/partnerships?body={bodyIOM}", as: "observer",
			status: http.StatusOK, want: []string{`"total":2`, "Joint training", "Data observatory"}},
		{name: "engagement", method: "GET", url: "/api/v1/processes/{processA}/bodies/{body}/engagement", as: "observer",
			status: http.StatusOK, want: []string{`"took_part":true`, `"partnerships":2`}},
	})
	// The 409 of a second proposal names the partnership made.
	w := f.do(t, "POST", f.url(t, "/api/v1/contributions/{proposal}/partnership"), "secretariat",
		strings.NewReplacer("{body}", f.ids["body"], "{bodyIOM}", f.ids["bodyIOM"]).Replace(`{"title":"A","purpose":"P","phase":"implementation","mechanism":"other",`+two+`}`))
	if w.Code != http.StatusConflict || !strings.HasPrefix(w.Header().Get("Location"), "/api/v1/partnerships/") {
		t.Errorf("second proposal: %d, Location %q", w.Code, w.Header().Get("Location"))
	}
}

// TestPartnershipDocumentsAPI: the secretariat uploads a document
// (multipart/form-data, field "file"); whoever sees the partnership lists
// and downloads it, others are told it does not exist; only the
// secretariat removes it.
func TestPartnershipDocumentsAPI(t *testing.T) {
	t.Parallel()
	f := partnershipFixture(t)
	docs := f.url(t, "/api/v1/processes/{processA}/partnerships")
	docs = strings.Replace(docs, "/processes/"+f.ids["processA"]+"/partnerships", "/partnerships/"+f.ids["partnership"]+"/documents", 1)
	body, ct := multipartFile("file", "mou.txt", []byte("Memorandum of understanding.\n"))
	if w := f.doWith(t, "POST", docs, "delegate", ct, body, nil); w.Code != http.StatusForbidden {
		t.Errorf("the delegate uploads: %d %s", w.Code, w.Body)
	}
	bad, badCT := multipartFile("file", "mou.pdf", []byte("<script>alert(1)</script>"))
	if w := f.doWith(t, "POST", docs, "secretariat", badCT, bad, nil); w.Code != http.StatusUnprocessableEntity {
		t.Errorf("a script named .pdf: %d %s", w.Code, w.Body)
	}
	w := f.doWith(t, "POST", docs, "secretariat", ct, body, nil)
	if w.Code != http.StatusCreated {
		t.Fatalf("upload: %d %s", w.Code, w.Body)
	}
	var a attachmentJSON
	decodeBody(t, w, &a)
	one := docs + "/" + a.ID
	if loc := w.Header().Get("Location"); !strings.HasSuffix(one, loc[len("/api/v1"):]) {
		t.Errorf("Location %q for %q", loc, one)
	}
	if w := f.do(t, "GET", docs, "observer", ""); w.Code != http.StatusOK || !strings.Contains(w.Body.String(), `"name":"mou.txt"`) {
		t.Errorf("the observer lists them: %d %s", w.Code, w.Body)
	}
	if w := f.do(t, "GET", one, "observer", ""); w.Code != http.StatusOK || w.Body.String() != "Memorandum of understanding.\n" ||
		w.Header().Get("X-Content-Type-Options") != "nosniff" || !strings.HasPrefix(w.Header().Get("Content-Disposition"), "attachment") {
		t.Errorf("the observer downloads it: %d %v", w.Code, w.Header())
	}
	for _, role := range []string{"nobody", "outsider"} {
		if w := f.do(t, "GET", one, role, ""); w.Code != http.StatusNotFound {
			t.Errorf("%s (outside the process) downloads it: %d", role, w.Code)
		}
		if w := f.do(t, "GET", docs, role, ""); w.Code != http.StatusNotFound {
			t.Errorf("%s (outside the process) lists them: %d", role, w.Code)
		}
	}
	if w := f.do(t, "DELETE", one, "observer", ""); w.Code != http.StatusForbidden {
		t.Errorf("the observer removes it: %d", w.Code)
	}
	if w := f.do(t, "DELETE", one, "secretariat", ""); w.Code != http.StatusNoContent {
		t.Fatalf("remove: %d %s", w.Code, w.Body)
	}
	if w := f.do(t, "GET", one, "observer", ""); w.Code != http.StatusNotFound {
		t.Errorf("after the removal: %d", w.Code)
	}
}
