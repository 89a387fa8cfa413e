package demoidp

import (
	"crypto/sha256"
	"encoding/base64"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/plenary-org/plenary/internal/locale"
)

// TestSignInPage: the provider's page says in the visitor's language that
// it is a demonstration, its style is the one its policy allows, and a
// wrong password is refused on the page.
func TestSignInPage(t *testing.T) {
	srv := httptest.NewUnstartedServer(nil)
	issuer := "http://" + srv.Listener.Addr().String() + "/demo-idp"
	p, err := New(Config{Issuer: issuer, Catalog: locale.MustLoad(),
		Users: []User{{Subject: "s1", Email: "a@example.org", Verified: true, Name: "A", Password: "pw"}}})
	if err != nil {
		t.Fatal(err)
	}
	srv.Config.Handler = p
	srv.Start()
	defer srv.Close()
	get := func(lang string) (*http.Response, string) {
		req, _ := http.NewRequest("GET", issuer+"/login?authRequestID=x", nil)
		req.Header.Set("Accept-Language", lang)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp, string(b)
	}
	for lang, want := range map[string]string{"en": "not a real identity provider", "ar": "ليس مزوّد هوية حقيقيًا", "zh": "这不是真正的身份提供方"} {
		resp, body := get(lang)
		if resp.StatusCode != 200 || !strings.Contains(body, want) || !strings.Contains(body, `<html lang="`+lang+`"`) || !strings.Contains(body, `id="idp-password"`) {
			t.Fatalf("%s: status %d:\n%s", lang, resp.StatusCode, body)
		}
		style := regexp.MustCompile(`(?s)<style>(.*)</style>`).FindStringSubmatch(body)
		sum := sha256.Sum256([]byte(style[1]))
		if h := "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"; !strings.Contains(resp.Header.Get("Content-Security-Policy"), h) {
			t.Fatalf("the policy %q does not allow the page's style %s", resp.Header.Get("Content-Security-Policy"), h)
		}
	}
	resp, err := http.PostForm(issuer+"/login", url.Values{"id": {"x"}, "username": {"a@example.org"}, "password": {"wrong"}})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized || !strings.Contains(string(b), "The e-mail address or password is not right.") {
		t.Fatalf("a wrong password: status %d:\n%s", resp.StatusCode, b)
	}
}
