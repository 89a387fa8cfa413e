package api

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"
)

// setNonAttribution switches the meeting's non-attribution rule through
// the API, as its secretariat.
func (f *fixture) setNonAttribution(t *testing.T, on bool) {
	t.Helper()
	var m struct {
		Title   string `json:"title"`
		Version int    `json:"version"`
	}
	w := f.do(t, "GET", f.url(t, "/api/v1/meetings/{meetingA1}"), "secretariat", "")
	if w.Code != http.StatusOK || json.Unmarshal(w.Body.Bytes(), &m) != nil {
		t.Fatalf("read the meeting: %d %s", w.Code, w.Body)
	}
	body, _ := json.Marshal(map[string]any{"title": m.Title, "non_attribution": on, "version": m.Version})
	if w := f.do(t, "PUT", f.url(t, "/api/v1/meetings/{meetingA1}"), "secretariat", string(body)); w.Code != http.StatusOK {
		t.Fatalf("set non_attribution %v: %d %s", on, w.Code, w.Body)
	}
}

// unattribute has the secretariat translate the contributions named by
// keys while the meeting is held under the non-attribution rule: changed
// under it, they stay unattributed.
func (f *fixture) unattribute(t *testing.T, keys ...string) {
	t.Helper()
	for _, key := range keys {
		var c struct {
			Version int `json:"version"`
		}
		w := f.do(t, "GET", f.url(t, "/api/v1/contributions/{"+key+"}"), "secretariat", "")
		if err := json.Unmarshal(w.Body.Bytes(), &c); err != nil {
			t.Fatal(err)
		}
		w = f.do(t, "PUT", f.url(t, "/api/v1/contributions/{"+key+"}/translations/fr"), "secretariat",
			`{"title":"Une traduction","text":"Un texte.","version":`+strconv.Itoa(c.Version)+`}`)
		if w.Code != http.StatusOK {
			t.Fatalf("translate %s: %d %s", key, w.Code, w.Body)
		}
	}
}

// contribute has the delegate submit a contribution for their body and
// the secretariat publish it; it returns its ID.
func (f *fixture) contribute(t *testing.T, title string) string {
	t.Helper()
	body := f.url(t, `{"kind":"recommendation","title":"`+title+`","text":"Regular pathways should be widened.","lang":"en","body_id":"{body}","submit":true}`)
	w := f.do(t, "POST", f.url(t, "/api/v1/meetings/{meetingA1}/contributions"), "delegate", body)
	var c struct {
		ID      string `json:"id"`
		Version int    `json:"version"`
	}
	if w.Code != http.StatusCreated || json.Unmarshal(w.Body.Bytes(), &c) != nil {
		t.Fatalf("contribute %q: %d %s", title, w.Code, w.Body)
	}
	w = f.do(t, "POST", "/api/v1/contributions/"+c.ID+"/transition", "secretariat", `{"action":"publish","version":`+strconv.Itoa(c.Version)+`}`)
	if w.Code != http.StatusOK {
		t.Fatalf("publish %q: %d %s", title, w.Code, w.Body)
	}
	return c.ID
}

// TestNonAttributionHoldsForWhatWasWrittenUnderIt: what is written while a
// meeting is held under the non-attribution rule names neither its author
// nor its body, in any answer of the API (the contribution, its versions,
// search, export, the audit trail), once the secretariat has switched the
// rule off through the API; what is written after that is attributed, and
// switching the rule on again hides only what is written next.
func TestNonAttributionHoldsForWhatWasWrittenUnderIt(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.setNonAttribution(t, true)
	under := f.contribute(t, "Written under the rule")
	st := f.do(t, "POST", f.url(t, "/api/v1/groups/{groupG1}/statements?part={partP1}"), "rapporteur", `{"kind":"recommendation","text":"A statement under the rule.","lang":"en"}`)
	if st.Code != http.StatusCreated {
		t.Fatalf("statement: %d %s", st.Code, st.Body)
	}
	var statement struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal(st.Body.Bytes(), &statement); err != nil {
		t.Fatal(err)
	}
	f.setNonAttribution(t, false)
	after := f.contribute(t, "Written after the rule")

	hidden := []string{f.ids["body"], "Budapest", f.ids["user:delegate"], "User delegate", "delegate@example.org", `"body_id"`, `"author_id"`, `"actor_id":"` + f.ids["user:delegate"]}
	check := func(t *testing.T, what, got string, attributed bool) {
		t.Helper()
		if attributed {
			if !strings.Contains(got, "Budapest") {
				t.Errorf("%s: the body is not named: %s", what, got)
			}
			return
		}
		for _, s := range hidden {
			if strings.Contains(got, s) {
				t.Errorf("%s: %q in %s", what, s, got)
			}
		}
	}
	for _, as := range []string{"secretariat", "observer", "admin"} {
		t.Run(as, func(t *testing.T) {
			for id, attributed := range map[string]bool{under: false, after: true} {
				w := f.do(t, "GET", "/api/v1/contributions/"+id, as, "")
				check(t, "the contribution", w.Body.String(), attributed)
				if want := `"attributed":` + strconv.FormatBool(attributed); !strings.Contains(w.Body.String(), want) {
					t.Errorf("%s: lacks %s: %s", id, want, w.Body)
				}
				w = f.do(t, "GET", f.url(t, "/api/v1/contributions?meeting={meetingA1}&limit=100"), as, "")
				check(t, "search", item(t, w.Body.Bytes(), "items", "id", id), attributed)
				w = f.do(t, "GET", f.url(t, "/api/v1/contributions/export?format=json&meeting={meetingA1}"), as, "")
				check(t, "the export", item(t, w.Body.Bytes(), "", "id", id), attributed)
			}
			if as == "observer" {
				return
			}
			for _, p := range []string{"/api/v1/contributions/" + under + "/versions", "/api/v1/contributions/" + under + "/versions/1"} {
				w := f.do(t, "GET", p, as, "")
				if w.Code != http.StatusOK {
					t.Fatalf("%s: %d", p, w.Code)
				}
				check(t, p, w.Body.String(), false)
			}
			w := f.do(t, "GET", f.url(t, "/api/v1/meetings/{meetingA1}/audit?limit=200"), as, "")
			var trail struct {
				Items []map[string]any `json:"items"`
			}
			if err := json.Unmarshal(w.Body.Bytes(), &trail); err != nil {
				t.Fatalf("audit: %v: %s", err, w.Body)
			}
			seen := 0
			for _, e := range trail.Items {
				if e["object_id"] != under && e["object_id"] != statement.ID {
					continue
				}
				seen++
				b, _ := json.Marshal(e)
				check(t, "the audit trail", string(b), false)
				if e["object_id"] == statement.ID && e["actor_name"] != "" {
					t.Errorf("the statement's author is named: %s", b)
				}
			}
			if seen < 3 {
				t.Errorf("%d audit events of what was written under the rule", seen)
			}
		})
	}

	// On again: what was written in between stays attributed.
	f.setNonAttribution(t, true)
	again := f.contribute(t, "Written under the rule again")
	for id, attributed := range map[string]bool{under: false, after: true, again: false} {
		w := f.do(t, "GET", "/api/v1/contributions/"+id, "secretariat", "")
		check(t, "after switching on again", w.Body.String(), attributed)
	}
	// The author always sees their own.
	for _, id := range []string{under, after, again} {
		if w := f.do(t, "GET", "/api/v1/contributions/"+id, "delegate", ""); !strings.Contains(w.Body.String(), `"attributed":true`) || !strings.Contains(w.Body.String(), "Budapest") {
			t.Errorf("the author does not see their own body: %s", w.Body)
		}
	}
}

// item returns, as JSON, the element of a list (under key, or the whole
// document when key is "") whose field idKey is id.
func item(t *testing.T, body []byte, key, idKey, id string) string {
	t.Helper()
	var list []map[string]any
	if key == "" {
		if err := json.Unmarshal(body, &list); err != nil {
			t.Fatalf("%v: %s", err, body)
		}
	} else {
		var doc map[string]json.RawMessage
		if err := json.Unmarshal(body, &doc); err != nil || json.Unmarshal(doc[key], &list) != nil {
			t.Fatalf("%v: %s", err, body)
		}
	}
	for _, it := range list {
		if it[idKey] == id {
			b, _ := json.Marshal(it)
			return string(b)
		}
	}
	t.Fatalf("%s not in %s", id, body)
	return ""
}
