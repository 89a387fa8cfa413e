package demo

import (
	"context"
	"log/slog"
	"strings"

	"github.com/plenary-org/plenary/internal/auth"
	"github.com/plenary-org/plenary/internal/demoidp"
	"github.com/plenary-org/plenary/internal/locale"
	"github.com/plenary-org/plenary/internal/store"
)

// IdentityProviderPath is where plenary serve -demo serves the demo
// identity provider, beside the pages.
const IdentityProviderPath = "/demo-idp"

// Visitor is the demo identity provider's person who has no account in
// the demo: their first log-in creates it, without any role.
const Visitor = "visitor@demo.plenary.local"

// IdentityProvider returns the demo identity provider of a plenary served
// at bases (its public address first, then others that reach it, such as
// http://localhost:8080 beside http://127.0.0.1:8080), and plenary's
// settings for it: "Demo identity provider", which links the demo's
// accounts by their verified addresses and creates the account of a
// visitor. Its people are the demo's accounts (the demo password) and
// Visitor; only demo.plenary.local addresses may log in with it.
func IdentityProvider(ctx context.Context, db *store.DB, bases []string, cat *locale.Catalog, log *slog.Logger) (*demoidp.Provider, auth.SSOProvider, error) {
	us, _, err := db.Users(ctx, store.UserFilter{Query: "@demo.plenary.local", Limit: 500})
	if err != nil {
		return nil, auth.SSOProvider{}, err
	}
	users := []demoidp.User{{Subject: "demo-visitor", Email: Visitor, Verified: true, Name: "Vera Visitor", Password: Password}}
	for _, u := range us {
		local, _, _ := strings.Cut(u.Email, "@")
		users = append(users, demoidp.User{Subject: "demo-" + local, Email: u.Email, Verified: true, Name: u.Name, Password: Password})
	}
	secret, _ := auth.NewToken()
	client := demoidp.Client{ID: "plenary-demo", Secret: secret}
	for _, b := range bases {
		client.RedirectURIs = append(client.RedirectURIs, strings.TrimSuffix(b, "/")+"/login/sso/demo/callback")
	}
	issuer := strings.TrimSuffix(bases[0], "/") + IdentityProviderPath
	p, err := demoidp.New(demoidp.Config{Issuer: issuer, Users: users, Clients: []demoidp.Client{client}, Catalog: cat, Log: log})
	if err != nil {
		return nil, auth.SSOProvider{}, err
	}
	return p, auth.SSOProvider{ID: "demo", Name: "Demo identity provider", Issuer: issuer, ClientID: client.ID, ClientSecret: secret,
		AllowedDomains: []string{"demo.plenary.local"}, CreateAccounts: true, LinkByEmail: true}, nil
}
