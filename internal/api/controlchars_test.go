package api

import (
	"encoding/json"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"testing"

	"github.com/plenary-org/plenary/internal/httperr"
)

// nul is a text with a NUL byte, as JSON writes it.
const nul = `a\u0000b`

// TestCreateWithNULRefused sends a NUL byte in a text field to the create
// endpoints, as the administrator and the secretariat: each answers 422
// naming the field, on SQLite as on PostgreSQL (which used to answer 500),
// and stores nothing.
func TestCreateWithNULRefused(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	tests := []struct {
		name, url, as, body, field string
	}{
		{"body", "/api/v1/bodies", "admin", `{"name":"` + nul + `","kind":"state"}`, "name"},
		{"process", "/api/v1/processes", "admin", `{"name":"P","description":"` + nul + `"}`, "description"},
		{"meeting", "/api/v1/processes/{processA}/meetings", "secretariat", `{"title":"` + nul + `"}`, "title"},
		{"session", "/api/v1/meetings/{meetingA1}/sessions", "secretariat", `{"number":5,"title":"` + nul + `"}`, "title"},
		{"part", "/api/v1/sessions/{sessionS1}/parts", "secretariat", `{"title":"Plenary","kind":"plenary","intro":"` + nul + `"}`, "intro"},
		{"item", "/api/v1/meetings/{meetingA1}/items", "secretariat", `{"kind":"objective","text":"` + nul + `"}`, "text"},
		{"group", "/api/v1/meetings/{meetingA1}/groups", "secretariat", `{"name":"Africa","region":"` + nul + `"}`, "region"},
		{"contribution", "/api/v1/meetings/{meetingA1}/contributions", "secretariat", `{"kind":"recommendation","title":"T","text":"` + nul + `"}`, "text"},
		{"statement", "/api/v1/groups/{groupG1}/statements?part={partP1}", "secretariat", `{"text":"` + nul + `","kind":"recommendation"}`, "text"},
		{"user", "/api/v1/users", "admin", `{"email":"a@example.org","name":"` + nul + `"}`, "name"},
		{"escape character", "/api/v1/bodies", "admin", `{"name":"a\u001b[31m","kind":"state"}`, "name"},
		{"C1 control", "/api/v1/bodies", "admin", `{"name":"a\u0085","kind":"state"}`, "name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := f.do(t, "POST", f.url(t, tt.url), tt.as, f.url(t, tt.body))
			var e httperr.Body
			json.Unmarshal(w.Body.Bytes(), &e)
			if w.Code != http.StatusUnprocessableEntity || e.Error.Keys[tt.field] != "error.control_char" {
				t.Fatalf("status %d, want 422 with error.control_char on %s: %s", w.Code, tt.field, w.Body)
			}
		})
	}
	// Tab and line breaks are text where the field is more than one line;
	// CR LF is stored as LF.
	w := f.do(t, "POST", f.url(t, "/api/v1/processes"), "admin", `{"name":"P","description":"one\r\ntwo\tthree"}`)
	if w.Code != http.StatusCreated || !strings.Contains(w.Body.String(), `"description":"one\ntwo\tthree"`) {
		t.Fatalf("multi-line description: status %d: %s", w.Code, w.Body)
	}
	w = f.do(t, "POST", f.url(t, "/api/v1/processes"), "admin", `{"name":"one\ntwo"}`)
	if w.Code != http.StatusUnprocessableEntity || !strings.Contains(w.Body.String(), `"name":"error.one_line"`) {
		t.Fatalf("a name of two lines: status %d: %s", w.Code, w.Body)
	}
}

// TestQueryAndPathWithNULRefused sends a NUL byte in every string query
// parameter of every GET operation the OpenAPI document lists, and in a
// path: 422 on the parameter, 404 for the path, never 500.
func TestQueryAndPathWithNULRefused(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	var doc struct {
		Paths      map[string]map[string]json.RawMessage `json:"paths"`
		Components struct {
			Parameters map[string]openAPIParameter `json:"parameters"`
		} `json:"components"`
	}
	if err := json.Unmarshal(openAPIDoc, &doc); err != nil {
		t.Fatal(err)
	}
	ids := map[string]string{"{id}": f.ids["meetingA1"], "{cid}": f.ids["candidateC1"], "{n}": "1", "{lang}": "fr"}
	paths := make([]string, 0, len(doc.Paths))
	for p := range doc.Paths {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	checked := 0
	for _, p := range paths {
		raw, ok := doc.Paths[p]["get"]
		if !ok {
			continue
		}
		var op struct {
			Parameters []struct {
				openAPIParameter
				Schema struct {
					Type  string `json:"type"`
					Items struct {
						Type string   `json:"type"`
						Enum []string `json:"enum"`
					} `json:"items"`
				} `json:"schema"`
			} `json:"parameters"`
		}
		json.Unmarshal(raw, &op)
		u := p
		for k, v := range ids {
			u = strings.ReplaceAll(u, k, v)
		}
		for _, prm := range op.Parameters {
			if prm.Ref != "" {
				prm.openAPIParameter = doc.Components.Parameters[strings.TrimPrefix(prm.Ref, "#/components/parameters/")]
			}
			if prm.In != "query" {
				continue
			}
			checked++
			t.Run(p+"?"+prm.Name, func(t *testing.T) {
				w := f.do(t, "GET", u+"?"+prm.Name+"="+url.QueryEscape("a\x00b"), "admin", "")
				if w.Code != http.StatusUnprocessableEntity || !strings.Contains(w.Body.String(), `"`+prm.Name+`":"error.control_char"`) {
					t.Fatalf("status %d, want 422 on %s: %s", w.Code, prm.Name, w.Body)
				}
			})
		}
	}
	if checked < 10 {
		t.Fatalf("only %d query parameters found in the document", checked)
	}
	for _, p := range []string{"/api/v1/contributions/a%00b", "/api/v1/meetings/%00/agenda", "/api/v1/users/%1b"} {
		if w := f.do(t, "GET", p, "admin", ""); w.Code != http.StatusNotFound {
			t.Errorf("GET %s: status %d, want 404: %s", p, w.Code, w.Body)
		}
	}
}
