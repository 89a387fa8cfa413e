package web

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// TestVoteRouteAsTheMux checks that the vote's short way to its handler
// takes only requests the mux would route to "POST /statements/{id}/vote",
// with the same id, and the votes browsers send; other methods, other
// addresses and paths the mux would clean or redirect go through the mux
// as before, and so does an id written with escapes that matter (%2F),
// which the mux routes itself.
func TestVoteRouteAsTheMux(t *testing.T) {
	mux := http.NewServeMux()
	const pattern = "POST /statements/{id}/vote"
	mux.HandleFunc(pattern, func(http.ResponseWriter, *http.Request) {})
	mux.HandleFunc("POST /statements/{id}/edit", func(http.ResponseWriter, *http.Request) {})
	tests := []struct {
		method, target string
		want           bool
	}{
		{"POST", "/statements/01HX/vote", true},
		{"POST", "/statements/a%20b/vote", true},
		{"POST", "/statements/%C3%A9/vote", true},
		{"GET", "/statements/01HX/vote", false},
		{"PUT", "/statements/01HX/vote", false},
		{"POST", "/statements//vote", false},
		{"POST", "/statements/./vote", false},
		{"POST", "/statements/../vote", false},
		{"POST", "/statements/a/b/vote", false},
		{"POST", "/statements/a%2Fb/vote", false},
		{"POST", "/statements/01HX/vote/", false},
		{"POST", "/statements/01HX/votes", false},
		{"POST", "/statements/01HX/edit", false},
		{"POST", "/x/statements/01HX/vote", false},
		{"POST", "/statements/vote", false},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.target, func(t *testing.T) {
			r := httptest.NewRequest(tt.method, tt.target, nil)
			id, ok := voteRoute(r)
			if ok != tt.want {
				t.Fatalf("voteRoute: %v, want %v", ok, tt.want)
			}
			// What the mux does with the same request.
			m := httptest.NewRequest(tt.method, tt.target, nil)
			var routed bool
			var muxID string
			mux2 := http.NewServeMux()
			mux2.HandleFunc(pattern, func(_ http.ResponseWriter, r *http.Request) { routed, muxID = true, r.PathValue("id") })
			mux2.HandleFunc("POST /statements/{id}/edit", func(http.ResponseWriter, *http.Request) {})
			mux2.ServeHTTP(httptest.NewRecorder(), m)
			_, p := mux.Handler(m)
			if ok && (p != pattern || !routed) {
				t.Fatalf("voteRoute says %v, the mux routes it to %q (handler run: %v)", ok, p, routed)
			}
			if ok && id != muxID {
				t.Fatalf("id %q, the mux's %q", id, muxID)
			}
		})
	}
}
