package api

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/plenary-org/plenary/internal/httperr"
)

// jsonSeeds are request bodies, good and bad, to start fuzzing from.
var jsonSeeds = []string{
	`{"name":"Colombo Process","kind":"rcp","countries":["LK"]}`,
	`{"kind":"question","text":"Which practices?","part_id":"x","footnotes":[1,2]}`,
	`{"title":"T","version":1}`,
	`{"version":null}`,
	`{"footnotes":[1e400]}`,
	`{"established":1.5}`,
	`{"countries":"LK"}`,
	`{"name":"\ud800"}`,
	`{"a":1}`,
	`{"version":2,"text":{"language":"en","title":"T","sections":[{"key":"k","heading":"H","blocks":[{"id":"p1","kind":"table","rows":[["a","b"]]}]}]}}`,
	`{"version":1,"deadline":"2030-01-01T00:00:00Z","silence":true}`,
	`{"version":1,"status":"machine","blocks":[{"id":"title","text":"T","rows":[[""]]}]}`,
	`[]`, `null`, `""`, `0`, `{`, `}`, `{}{}`, `{} x`,
	"{\"name\":\"\xff\xfe\"}",
	`{"name":` + strings.Repeat("[", 20000) + `}`,
}

// FuzzDecodeJSON feeds arbitrary bytes to the request decoder for every
// input type: it must not panic, and a refusal must be a 4xx with a message.
func FuzzDecodeJSON(f *testing.F) {
	for _, s := range jsonSeeds {
		f.Add([]byte(s))
	}
	targets := []func() any{
		func() any { return new(bodyUpdate) }, func() any { return new(meetingUpdate) },
		func() any { return new(itemInput) }, func() any { return new(itemUpdate) },
		func() any { return new(memberInput) }, func() any { return new(userInput) },
		func() any { return new(outcomeEditInput) }, func() any { return new(outcomeRoundInput) },
		func() any { return new(amendmentDecisionInput) }, func() any { return new(outcomeTranslationInput) },
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		for _, target := range targets {
			err := decodeJSON(bytes.NewReader(body), target())
			if err == nil {
				continue
			}
			status, e := httperr.Response(err, nil)
			if status < 400 || status > 499 || e.Message == "" || e.Code == "" {
				t.Fatalf("decode %q into %T: status %d %+v", body, target(), status, e)
			}
		}
	})
}

// FuzzCreateItem sends arbitrary bodies through the whole API, as the
// secretariat, to an endpoint that validates and stores: the answer must
// be a creation or a well-formed 4xx error, never a 5xx.
func FuzzCreateItem(f *testing.F) {
	for _, s := range jsonSeeds {
		f.Add([]byte(s))
	}
	fx := newFixture(f)
	url := fx.url(f, "/api/v1/meetings/{meetingA1}/items")
	f.Fuzz(func(t *testing.T, body []byte) {
		r := httptest.NewRequest("POST", url, bytes.NewReader(body))
		r.Header.Set("Authorization", "Bearer "+fx.tokens["secretariat"])
		r.Header.Set("Content-Type", "application/json")
		w := serve(fx.h, r)
		if w.Code != http.StatusCreated && (w.Code < 400 || w.Code > 499) {
			t.Fatalf("body %q: status %d: %s", body, w.Code, w.Body)
		}
		checkWellFormed(t, w)
	})
}
