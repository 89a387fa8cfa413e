package cli

import (
	"io"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/plenary-org/plenary/internal/store/storetest"
)

// proxy forwards TCP connections to a PostgreSQL server and can cut them
// all, as a restart of the server would, then let them through again.
type proxy struct {
	t      *testing.T
	target string
	addr   string
	mu     sync.Mutex
	ln     net.Listener
	conns  []net.Conn
}

func newProxy(t *testing.T, target string) *proxy {
	p := &proxy{t: t, target: target}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p.addr = ln.Addr().String()
	p.serve(ln)
	t.Cleanup(p.cut)
	return p
}

func (p *proxy) serve(ln net.Listener) {
	p.mu.Lock()
	p.ln = ln
	p.mu.Unlock()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			up, err := net.Dial("tcp", p.target)
			if err != nil {
				c.Close()
				continue
			}
			p.mu.Lock()
			p.conns = append(p.conns, c, up)
			p.mu.Unlock()
			go func() { io.Copy(up, c); up.Close() }()
			go func() { io.Copy(c, up); c.Close() }()
		}
	}()
}

// cut closes the listener and every connection: the database is gone.
func (p *proxy) cut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ln != nil {
		p.ln.Close()
		p.ln = nil
	}
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
}

// restore listens again on the same address: the database is back.
func (p *proxy) restore() {
	var ln net.Listener
	var err error
	for i := 0; i < 50; i++ {
		if ln, err = net.Listen("tcp", p.addr); err == nil {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if err != nil {
		p.t.Fatalf("proxy: listen again on %s: %v", p.addr, err)
	}
	p.serve(ln)
}

// TestDatabaseOutage cuts the server off its PostgreSQL database: requests
// fail with a clear 503, the server recovers by itself when the database is
// back, and what was acknowledged before the outage is still there.
func TestDatabaseOutage(t *testing.T) {
	if storetest.Engine() != "postgres" {
		t.Skip("needs PostgreSQL: set " + storetest.EnvURL)
	}
	dbURL := storetest.URL(t)
	u, err := url.Parse(dbURL)
	if err != nil {
		t.Fatal(err)
	}
	px := newProxy(t, u.Host)
	u.Host = px.addr
	base := startServe(t, "-demo", "-db", u.String())
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }, Timeout: 10 * time.Second}
	resp, err := c.PostForm(base+"/login", url.Values{"email": {"secretariat@demo.plenary.local"}, "password": {"plenary-demo"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	cookie := resp.Cookies()[0].Value
	_, home := get(t, c, base+"/", cookie)
	meeting := regexp.MustCompile(`/meetings/([0-9a-z]+)`).FindStringSubmatch(home)[1]

	post := func(path string, form url.Values) int {
		req, _ := http.NewRequest("POST", base+path, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.AddCookie(&http.Cookie{Name: "plenary_session", Value: cookie})
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if code := post("/meetings/"+meeting+"/groups", url.Values{"name": {"Acknowledged before the outage"}}); code != http.StatusSeeOther {
		t.Fatalf("create group: status %d", code)
	}

	px.cut()
	for _, path := range []string{"/meetings/" + meeting, "/readyz"} {
		code, body := get(t, c, base+path, cookie)
		if code != http.StatusServiceUnavailable || !strings.Contains(body, "unavailable") {
			t.Fatalf("GET %s with the database gone: status %d, want 503 saying so (%q)", path, code, body)
		}
	}
	if code := post("/meetings/"+meeting+"/groups", url.Values{"name": {"During the outage"}}); code != http.StatusServiceUnavailable {
		t.Fatalf("a write with the database gone: status %d, want 503", code)
	}

	px.restore()
	deadline := time.Now().Add(15 * time.Second)
	for {
		code, body := get(t, c, base+"/meetings/"+meeting+"/groups", cookie)
		if code == http.StatusOK {
			if !strings.Contains(body, "Acknowledged before the outage") {
				t.Fatal("a group acknowledged before the outage is gone")
			}
			if strings.Contains(body, "During the outage") {
				t.Fatal("a write refused with 503 was stored anyway")
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the server did not recover within 15 s: last status %d", code)
		}
		time.Sleep(200 * time.Millisecond)
	}
	if code, _ := get(t, c, base+"/readyz", ""); code != http.StatusOK {
		t.Fatalf("readyz after recovery: %d", code)
	}
}
