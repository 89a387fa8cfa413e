package auth

import (
	"errors"
	"strings"
	"testing"
)

func TestParseSSOConfig(t *testing.T) {
	secrets := map[string]string{"/run/secrets/entra": "s3cret\n"}
	read := func(p string) ([]byte, error) {
		if s, ok := secrets[p]; ok {
			return []byte(s), nil
		}
		return nil, errors.New("no such file")
	}
	tests := []struct {
		name, json string
		wantErr    string // part of the error; "" for none
	}{
		{"entra and keycloak", `{"providers":[
			{"id":"entra","name":"UN Entra ID","issuer":"https://login.microsoftonline.com/tenant/v2.0","client_id":"abc","client_secret_file":"/run/secrets/entra","allowed_domains":["UN.org"],"link_by_email":true},
			{"id":"keycloak","name":"Keycloak","issuer":"https://id.example.org/realms/un","client_id":"plenary","create_accounts":true}]}`, ""},
		{"a loopback issuer over http", `{"providers":[{"id":"local","name":"Local","issuer":"http://127.0.0.1:5556/dex","client_id":"p"}]}`, ""},
		{"no providers", `{"providers":[]}`, ""},
		{"an http issuer elsewhere", `{"providers":[{"id":"x","name":"X","issuer":"http://id.example.org","client_id":"p"}]}`, "must be https"},
		{"a bad id", `{"providers":[{"id":"Entra ID","name":"X","issuer":"https://id.example.org","client_id":"p"}]}`, "id: want"},
		{"an id twice", `{"providers":[{"id":"a","name":"A","issuer":"https://id.example.org","client_id":"p"},{"id":"a","name":"B","issuer":"https://id.example.org","client_id":"q"}]}`, "used twice"},
		{"no name", `{"providers":[{"id":"a","name":" ","issuer":"https://id.example.org","client_id":"p"}]}`, "name"},
		{"a name on two lines", `{"providers":[{"id":"a","name":"A\nB","issuer":"https://id.example.org","client_id":"p"}]}`, "name"},
		{"no client id", `{"providers":[{"id":"a","name":"A","issuer":"https://id.example.org"}]}`, "client_id"},
		{"an issuer with a query", `{"providers":[{"id":"a","name":"A","issuer":"https://id.example.org/?x=1","client_id":"p"}]}`, "issuer"},
		{"a missing secret file", `{"providers":[{"id":"a","name":"A","issuer":"https://id.example.org","client_id":"p","client_secret_file":"/nowhere"}]}`, "client_secret_file"},
		{"a secret in the file itself", `{"providers":[{"id":"a","name":"A","issuer":"https://id.example.org","client_id":"p","client_secret":"x"}]}`, "unknown field"},
		{"an address as a domain", `{"providers":[{"id":"a","name":"A","issuer":"https://id.example.org","client_id":"p","allowed_domains":["me@un.org"]}]}`, "allowed_domains"},
		{"not JSON", `providers: []`, "not valid"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps, err := ParseSSOConfig(strings.NewReader(tt.json), read)
			if tt.wantErr == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("error = %v, want one with %q (%+v)", err, tt.wantErr, ps)
			}
		})
	}
	ps, err := ParseSSOConfig(strings.NewReader(tests[0].json), read)
	if err != nil {
		t.Fatal(err)
	}
	if ps[0].ClientSecret != "s3cret" || ps[0].AllowedDomains[0] != "un.org" || !ps[0].LinkByEmail || ps[1].ClientSecret != "" || !ps[1].CreateAccounts {
		t.Fatalf("providers = %+v", ps)
	}
}

func TestDomainAllowed(t *testing.T) {
	p := SSOProvider{AllowedDomains: []string{"un.org", "iom.int"}}
	for email, want := range map[string]bool{
		"a@un.org": true, "A@UN.ORG": true, "b@iom.int": true, "c@sub.un.org": false, "d@un.org.evil.example": false, "e@evil.example": false, "un.org": false,
	} {
		if got := p.DomainAllowed(email); got != want {
			t.Errorf("DomainAllowed(%q) = %v, want %v", email, got, want)
		}
	}
	if !(&SSOProvider{}).DomainAllowed("anyone@anywhere.example") {
		t.Error("a provider without domains refuses an address")
	}
}

func FuzzParseSSOConfig(f *testing.F) {
	f.Add(`{"providers":[{"id":"entra","name":"UN","issuer":"https://login.example.org/t/v2.0","client_id":"abc","allowed_domains":["un.org"]}]}`)
	f.Add(`{"providers":[{"id":"a","name":"A\u0000","issuer":"http://[::1]:1/x","client_id":"p"}]}`)
	f.Add(`{}`)
	f.Fuzz(func(t *testing.T, s string) {
		ps, err := ParseSSOConfig(strings.NewReader(s), func(string) ([]byte, error) { return []byte("secret"), nil })
		if err != nil {
			return
		}
		for _, p := range ps {
			if err := p.Check(); err != nil {
				t.Fatalf("a provider accepted fails its check: %v", err)
			}
		}
	})
}
