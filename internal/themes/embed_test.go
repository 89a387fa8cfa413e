package themes

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/plenary-org/plenary/internal/themes/embedtest"
)

func TestHTTPEmbedder(t *testing.T) {
	h := &embedtest.Handler{}
	srv := httptest.NewServer(h)
	defer srv.Close()
	e := &HTTPEmbedder{URL: srv.URL + "/v1/embeddings", BatchSize: 2}
	texts := []string{"migration data", "protect workers", "migration data", "x"}
	vecs, err := e.Embed(context.Background(), texts)
	if err != nil {
		t.Fatal(err)
	}
	if len(vecs) != 4 || h.Requests.Load() != 2 {
		t.Fatalf("%d vectors in %d requests, want 4 in 2", len(vecs), h.Requests.Load())
	}
	if denseDot(denseToVector(vecs[0]), denseToVector(vecs[2])) < 0.999 {
		t.Errorf("same text, different vectors: the response order was not undone")
	}
}

func TestHTTPEmbedderErrors(t *testing.T) {
	tests := []struct {
		name    string
		handler http.HandlerFunc
		want    string
	}{
		{"status", func(w http.ResponseWriter, r *http.Request) { http.Error(w, "busy", http.StatusServiceUnavailable) }, "503"},
		{"not json", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("<html>")) }, "decoding"},
		{"too few", func(w http.ResponseWriter, r *http.Request) {
			w.Write([]byte(`{"data":[{"index":0,"embedding":[1,2]}]}`))
		}, "1 embeddings for 2 texts"},
		{"bad index", func(w http.ResponseWriter, r *http.Request) {
			w.Write([]byte(`{"data":[{"index":0,"embedding":[1,2]},{"index":0,"embedding":[1,2]}]}`))
		}, "repeated index"},
		{"ragged", func(w http.ResponseWriter, r *http.Request) {
			w.Write([]byte(`{"data":[{"index":0,"embedding":[1,2]},{"index":1,"embedding":[1]}]}`))
		}, "dimensions"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			srv := httptest.NewServer(tc.handler)
			defer srv.Close()
			_, err := (&HTTPEmbedder{URL: srv.URL}).Embed(context.Background(), []string{"a", "b"})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want it to mention %q", err, tc.want)
			}
		})
	}
}

func TestComputeWithEmbedder(t *testing.T) {
	h := &embedtest.Handler{}
	srv := httptest.NewServer(h)
	defer srv.Close()
	stmts := []Statement{
		{ID: "en", Group: "A", Text: "Improve the collection and sharing of migration data between states."},
		{ID: "es", Group: "B", Text: "Mejorar la recopilación de datos sobre migración y compartir entre estados."},
		{ID: "fr", Group: "C", Text: "Améliorer la collecte et le partage des données sur les migrations entre états."},
		{ID: "other", Group: "D", Text: "Climate change and disaster displacement need early warning."},
	}
	r, err := Compute(context.Background(), stmts, Options{Embedder: &HTTPEmbedder{URL: srv.URL}})
	if err != nil {
		t.Fatal(err)
	}
	if r.Method != "embedding" {
		t.Fatalf("method = %s, want embedding", r.Method)
	}
	if themeOf(t, r, "es") != themeOf(t, r, "en") || themeOf(t, r, "fr") != themeOf(t, r, "en") {
		t.Errorf("embedder did not group the three languages: %+v", r.Statements)
	}
	if themeOf(t, r, "other") == themeOf(t, r, "en") {
		t.Errorf("unrelated statement joined")
	}
	for _, l := range r.Links {
		if l.Kind != LinkEmbedding && l.Kind != LinkNearDuplicate {
			t.Errorf("link %+v: want kind embedding", l)
		}
	}

	h.Fail = true
	r, err = Compute(context.Background(), stmts, Options{Embedder: &HTTPEmbedder{URL: srv.URL}})
	if err != nil {
		t.Fatal(err)
	}
	if r.Method != "lexical" || len(r.Warnings) != 1 || !strings.Contains(r.Warnings[0], "503") {
		t.Errorf("failing embedder: method %s, warnings %q; want lexical with a warning", r.Method, r.Warnings)
	}
}
