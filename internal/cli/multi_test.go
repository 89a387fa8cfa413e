package cli

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/plenary-org/plenary/internal/store/storetest"
)

// startServe runs "plenary serve" with args and returns its base URL; it
// stops when the test ends.
func startServe(t *testing.T, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	env := &Env{Stdin: strings.NewReader(""), Stdout: pw, Stderr: io.Discard, Getenv: func(string) string { return "" }}
	done := make(chan int, 1)
	go func() {
		done <- Main(ctx, env, append([]string{"serve", "-addr", "127.0.0.1:0"}, args...))
		pw.Close()
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case <-done:
		case <-time.After(20 * time.Second):
			t.Error("serve did not stop")
		}
	})
	re := regexp.MustCompile(`serving (http://\S+)`)
	sc := bufio.NewScanner(pr)
	for sc.Scan() {
		if m := re.FindStringSubmatch(sc.Text()); m != nil {
			go io.Copy(io.Discard, pr)
			return m[1]
		}
	}
	t.Fatalf("serve %v did not start", args)
	return ""
}

func get(t *testing.T, c *http.Client, u, cookie string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest("GET", u, nil)
	req.AddCookie(&http.Cookie{Name: "plenary_session", Value: cookie})
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// TestTwoInstancesShareOnePostgreSQL starts two real servers on one
// PostgreSQL database: a login on one is valid on the other, a change made
// through one is seen through the other, and an event published on one
// reaches a browser connected to the other.
func TestTwoInstancesShareOnePostgreSQL(t *testing.T) {
	if storetest.Engine() != "postgres" {
		t.Skip("needs PostgreSQL: set " + storetest.EnvURL + " (for example postgres://postgres@127.0.0.1:5432/test?sslmode=disable)")
	}
	dbURL := storetest.URL(t)
	a := startServe(t, "-demo", "-db", dbURL)
	b := startServe(t, "-db", dbURL)
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }, Timeout: 10 * time.Second}

	resp, err := noRedirect.PostForm(a+"/login", url.Values{"email": {"secretariat@demo.plenary.local"}, "password": {"plenary-demo"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	var cookie string
	for _, c := range resp.Cookies() {
		if c.Name == "plenary_session" {
			cookie = c.Value
		}
	}
	if cookie == "" {
		t.Fatalf("login on A: status %d, no session cookie", resp.StatusCode)
	}
	code, home := get(t, noRedirect, b+"/", cookie)
	if code != http.StatusOK || !strings.Contains(home, "GRCP 7") {
		t.Fatalf("the login on A is not valid on B: status %d", code)
	}
	meeting := regexp.MustCompile(`/meetings/([0-9a-z]+)`).FindStringSubmatch(home)[1]

	// A browser on B listens to the meeting's activity.
	req, _ := http.NewRequest("GET", b+"/meetings/"+meeting+"/events", nil)
	req.AddCookie(&http.Cookie{Name: "plenary_session", Value: cookie})
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	stream, err := http.DefaultClient.Do(req.WithContext(ctx))
	if err != nil {
		t.Fatal(err)
	}
	defer stream.Body.Close()
	lines := make(chan string, 100)
	go func() {
		sc := bufio.NewScanner(stream.Body)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	if l := <-lines; l != ": connected" {
		t.Fatalf("event stream opened with %q", l)
	}

	// A change through A.
	form := url.Values{"title": {"Renamed through instance A"}, "short_name": {"GRCP 7"}, "version": {"1"}}
	req, _ = http.NewRequest("POST", a+"/meetings/"+meeting, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.AddCookie(&http.Cookie{Name: "plenary_session", Value: cookie})
	resp, err = noRedirect.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit on A: status %d", resp.StatusCode)
	}
	if _, page := get(t, noRedirect, b+"/meetings/"+meeting, cookie); !strings.Contains(page, "Renamed through instance A") {
		t.Fatal("B does not show the change made through A")
	}
	deadline := time.After(5 * time.Second)
	for {
		select {
		case l, ok := <-lines:
			if !ok {
				t.Fatal("the event stream on B ended")
			}
			if strings.HasPrefix(l, "data: ") && strings.Contains(l, `"action":"update"`) && strings.Contains(l, `"object_type":"meeting"`) {
				return
			}
		case <-deadline:
			t.Fatal("the change made through A did not reach the browser on B within 5 s")
		}
	}
}
