package api

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"

	"github.com/plenary-org/plenary/internal/store"
)

// TestIdentitiesAPI: a person lists their own linked identities and
// unlinks one, but not their last way to sign in nor another person's.
func TestIdentitiesAPI(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	link := func(role, subject string) *store.Identity {
		t.Helper()
		id := &store.Identity{Provider: "entra", Issuer: "https://login.example.org", Subject: subject, Email: role + "@example.org"}
		if err := f.db.LinkIdentity(ctx, f.ids["user:"+role], id); err != nil {
			t.Fatal(err)
		}
		return id
	}
	first, second := link("delegate", "d-1"), link("delegate", "d-2")
	theirs := link("secretariat", "s-1")
	listed := func(role string) []identityJSON {
		t.Helper()
		rec := f.do(t, "GET", "/api/v1/me/identities", role, "")
		if rec.Code != http.StatusOK {
			t.Fatalf("GET as %s: %d %s", role, rec.Code, rec.Body)
		}
		var out list[identityJSON]
		if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
			t.Fatal(err)
		}
		return out.Items
	}
	if got := listed("delegate"); len(got) != 2 || got[0].Issuer != "https://login.example.org" || got[0].ProviderName != "entra" || got[0].LinkedAt.IsZero() {
		t.Fatalf("the delegate's identities: %+v", got)
	}
	if got := listed("observer"); len(got) != 0 {
		t.Fatalf("the observer's identities: %+v", got)
	}
	if rec := f.do(t, "GET", "/api/v1/me/identities", "", ""); rec.Code != http.StatusUnauthorized {
		t.Fatalf("anonymous: %d", rec.Code)
	}
	// Another person's identity is not found, and stays.
	if rec := f.do(t, "DELETE", "/api/v1/me/identities/"+theirs.ID, "delegate", ""); rec.Code != http.StatusNotFound {
		t.Fatalf("unlink another's: %d %s", rec.Code, rec.Body)
	}
	if got := listed("secretariat"); len(got) != 1 {
		t.Fatalf("the secretariat's identity went: %+v", got)
	}
	if rec := f.do(t, "DELETE", "/api/v1/me/identities/"+first.ID, "delegate", ""); rec.Code != http.StatusNoContent {
		t.Fatalf("unlink: %d %s", rec.Code, rec.Body)
	}
	// The fixture's accounts have no password: the other identity is the
	// last way in.
	rec := f.do(t, "DELETE", "/api/v1/me/identities/"+second.ID, "delegate", "")
	if rec.Code != http.StatusUnprocessableEntity || !json.Valid(rec.Body.Bytes()) {
		t.Fatalf("unlink the last way in: %d %s", rec.Code, rec.Body)
	}
	if got := listed("delegate"); len(got) != 1 || got[0].ID != second.ID {
		t.Fatalf("after: %+v", got)
	}
	if rec := f.do(t, "DELETE", "/api/v1/me/identities/"+first.ID, "delegate", ""); rec.Code != http.StatusNotFound {
		t.Fatalf("unlink twice: %d", rec.Code)
	}
}
