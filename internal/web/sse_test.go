package web

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// sseServer serves one event stream with the given options at /; serve
// runs the stream's loop after openSSE and its result is sent on ended.
func sseServer(t *testing.T, o sseOptions, serve func(st *sseStream) error) (*httptest.Server, <-chan error) {
	t.Helper()
	ended := make(chan error, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		st, err := openSSE(w, r, o)
		if err != nil {
			ended <- err
			return
		}
		defer st.Close()
		ended <- serve(st)
	}))
	t.Cleanup(srv.Close)
	return srv, ended
}

// heartbeats is a stream's loop that only sends heartbeats.
func heartbeats(st *sseStream) error {
	for {
		select {
		case <-st.Done():
			return nil
		case <-st.Heartbeat():
			if err := st.Beat(); err != nil {
				return err
			}
		}
	}
}

// readLines returns the body's lines as they come.
func readLines(body io.ReadCloser) <-chan string {
	lines := make(chan string, 100)
	go func() {
		defer body.Close()
		sc := bufio.NewScanner(body)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	return lines
}

func TestSSEHeadersAndHeartbeat(t *testing.T) {
	t.Parallel()
	const every = 100 * time.Millisecond
	closing := make(chan struct{})
	srv, _ := sseServer(t, sseOptions{heartbeat: every, writeTimeout: time.Second, closing: closing}, heartbeats)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL, nil)
	res, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range []struct{ name, want string }{
		{"Content-Type", "text/event-stream"},
		{"Cache-Control", "no-store"},
		{"X-Accel-Buffering", "no"},
	} {
		if got := res.Header.Get(h.name); got != h.want {
			t.Errorf("%s = %q, want %q", h.name, got, h.want)
		}
	}
	lines := readLines(res.Body)
	if l := <-lines; l != ": connected" {
		t.Fatalf("the stream opened with %q", l)
	}
	start := time.Now()
	for beats := 0; beats < 2; {
		select {
		case l := <-lines:
			if l == ": heartbeat" {
				beats++
			} else if l != "" {
				t.Fatalf("unexpected line %q", l)
			}
		case <-time.After(20 * every):
			t.Fatalf("no heartbeat within %v", 20*every)
		}
	}
	if d := time.Since(start); d < every {
		t.Errorf("two heartbeats within %v, sooner than every %v", d, every)
	}
}

func TestSSESendWritesOneEvent(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, id, event, data, want string
	}{
		{"one line", "7", "activity", `{"id":7}`, "id: 7\nevent: activity\ndata: {\"id\":7}\n\n"},
		{"several lines", "12", "snapshot", "<p>\r\n  a\n</p>\n", "id: 12\nevent: snapshot\ndata: <p>\ndata:   a\ndata: </p>\ndata: \n\n"},
		{"empty", "1", "projector", "", "id: 1\nevent: projector\ndata: \n\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			st, err := openSSE(rec, httptest.NewRequest("GET", "/", nil), sseOptions{heartbeat: time.Hour, writeTimeout: time.Second})
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			if err := st.Send(tc.id, tc.event, []byte(tc.data)); err != nil {
				t.Fatal(err)
			}
			if got, want := rec.Body.String(), ": connected\n\n"+tc.want; got != want {
				t.Errorf("wrote %q, want %q", got, want)
			}
			if !rec.Flushed {
				t.Error("the event was not flushed")
			}
		})
	}
}

// A client that stops reading does not hold its handler: the write
// deadline ends the stream.
func TestSSEStalledClientIsDropped(t *testing.T) {
	t.Parallel()
	const timeout = 200 * time.Millisecond
	big := []byte(strings.Repeat("x", 64<<10))
	srv, ended := sseServer(t, sseOptions{heartbeat: time.Hour, writeTimeout: timeout, closing: make(chan struct{})}, func(st *sseStream) error {
		for i := 0; ; i++ {
			if err := st.Send(fmt.Sprint(i), "big", big); err != nil {
				return err
			}
		}
	})
	conn, err := net.Dial("tcp", srv.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "GET / HTTP/1.1\r\nHost: %s\r\n\r\n", srv.Listener.Addr())
	// The client reads nothing.
	select {
	case err := <-ended:
		if err == nil {
			t.Fatal("the stream ended without an error")
		}
	case <-time.After(30 * time.Second):
		t.Fatal("a client that reads nothing still holds the handler")
	}
}

// Shutdown (Server.CloseStreams) and a client that leaves both end the
// stream.
func TestSSEEnds(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		end  func(closing chan struct{}, cancel context.CancelFunc)
	}{
		{"on shutdown", func(closing chan struct{}, _ context.CancelFunc) { close(closing) }},
		{"when the client leaves", func(_ chan struct{}, cancel context.CancelFunc) { cancel() }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			closing := make(chan struct{})
			srv, ended := sseServer(t, sseOptions{heartbeat: time.Hour, writeTimeout: time.Second, closing: closing}, heartbeats)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL, nil)
			res, err := srv.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			lines := readLines(res.Body)
			if l := <-lines; l != ": connected" {
				t.Fatalf("the stream opened with %q", l)
			}
			tc.end(closing, cancel)
			select {
			case err := <-ended:
				if err != nil {
					t.Fatalf("the stream ended with %v", err)
				}
			case <-time.After(10 * time.Second):
				t.Fatal("the stream is still open")
			}
		})
	}
	t.Run("the client sees the end at shutdown", func(t *testing.T) {
		closing := make(chan struct{})
		srv, _ := sseServer(t, sseOptions{heartbeat: time.Hour, writeTimeout: time.Second, closing: closing}, heartbeats)
		res, err := srv.Client().Get(srv.URL)
		if err != nil {
			t.Fatal(err)
		}
		lines := readLines(res.Body)
		<-lines
		close(closing)
		timeout := time.After(10 * time.Second)
		for {
			select {
			case _, ok := <-lines:
				if !ok {
					return
				}
			case <-timeout:
				t.Fatal("the client's stream did not end")
			}
		}
	})
}
