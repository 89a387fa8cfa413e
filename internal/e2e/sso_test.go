package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestLogInWithTheDemoIdentityProvider clicks "Log in with Demo identity
// provider" on the login page of plenary serve -demo, logs in at the
// provider as the demo's observer, and lands logged in on plenary, where
// the account page lists the identity; a visitor without an account gets
// one. axe-core checks the login page (in English and Arabic), the
// provider's page and the account page.
func TestLogInWithTheDemoIdentityProvider(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	base := server(t, nil)
	b := newBrowserFor(t, base, 10*time.Minute)
	for _, lang := range []string{"en", "ar"} {
		b.run(chromedp.Navigate(base+"/login?lang="+lang), chromedp.WaitVisible("h1", chromedp.ByQuery))
		if b.count(`a[href^="/login/sso/demo"]`) != 1 {
			t.Fatalf("the login page (%s) has no demo identity provider's button: %s", lang, b.content("main"))
		}
		b.checkA11y("sso-login-" + lang)
	}
	b.loginSSO("observer@demo.plenary.local", true)
	b.run(chromedp.Navigate(base+"/account"), chromedp.WaitVisible("#identities", chromedp.ByQuery))
	if got := b.text("#identities tbody"); !strings.Contains(got, "Demo identity provider") || !strings.Contains(got, "observer@demo.plenary.local") {
		t.Fatalf("the account page lists the identities %q", got)
	}
	b.checkA11y("sso-account")

	v := b.incognito(50)
	v.loginSSO("visitor@demo.plenary.local", false)
	v.run(chromedp.Navigate(base+"/account"), chromedp.WaitVisible("#identities", chromedp.ByQuery))
	if got := v.text("main"); !strings.Contains(got, "Vera Visitor") {
		t.Fatalf("the visitor's account page: %q", got)
	}
}
