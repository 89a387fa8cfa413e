package api

import (
	"context"
	"net/http"
	"testing"
)

func TestFrameworks(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	if err := f.db.EnsureBuiltinFrameworks(context.Background()); err != nil {
		t.Fatal(err)
	}
	fs, err := f.db.Frameworks(context.Background())
	if err != nil || len(fs) != 1 {
		t.Fatalf("frameworks: %v %v", fs, err)
	}
	f.ids["gcm"] = fs[0].ID
	f.run(t, []scenario{
		{name: "anonymous", method: "GET", url: "/api/v1/frameworks", status: http.StatusUnauthorized},
		{name: "any user lists them", method: "GET", url: "/api/v1/frameworks", as: "nobody", status: http.StatusOK,
			want: []string{`"code":"gcm"`, `"builtin":true`, `"item_count":33`}},
		{name: "items with titles by language", method: "GET", url: "/api/v1/frameworks/{gcm}", as: "observer", status: http.StatusOK,
			want: []string{`"code":"O1"`, `"en":{"title":"Collect and utilize accurate`, `"short_label":"Data","unofficial":false`, `"ar":{"title":"جمع واستخدام بيانات دقيقة`, `"code":"Pj"`}},
		{name: "unknown framework", method: "GET", url: "/api/v1/frameworks/nope", as: "observer", status: http.StatusNotFound},
	})
}
