package web

import (
	"context"
	"net/http"
	"strings"
	"time"
)

// sseHeartbeat is how often an open event stream sends a comment, so that
// proxies keep it open and a dead connection is noticed.
const sseHeartbeat = 15 * time.Second

// sseWriteTimeout is how long one write to an event stream may take: a
// client that stops reading is dropped after it instead of holding its
// handler.
const sseWriteTimeout = 30 * time.Second

// sseStream is one server-sent events response: the pages' event streams
// (a meeting's activity, a group's live view, the projector) all write
// through it, so that they share headers, write deadlines, heartbeats and
// the end of the stream at shutdown.
type sseStream struct {
	w            http.ResponseWriter
	rc           *http.ResponseController
	ctx          context.Context
	cancel       context.CancelFunc
	tick         *time.Ticker
	writeTimeout time.Duration
}

// sseOptions are the timings of a stream and the channel that closes it.
type sseOptions struct {
	heartbeat    time.Duration
	writeTimeout time.Duration
	closing      <-chan struct{} // closed when the server shuts down
}

// startSSE answers r with an event stream that ends when the client leaves
// or the server shuts down (Server.CloseStreams). The caller defers Close.
func (s *Server) startSSE(w http.ResponseWriter, r *http.Request) (*sseStream, error) {
	return openSSE(w, r, sseOptions{heartbeat: sseHeartbeat, writeTimeout: sseWriteTimeout, closing: s.closing})
}

// openSSE sends the stream's headers and a first comment (": connected"),
// which tells the client that the stream is open.
func openSSE(w http.ResponseWriter, r *http.Request, o sseOptions) (*sseStream, error) {
	ctx, cancel := context.WithCancel(r.Context())
	go func() {
		select {
		case <-o.closing:
			cancel()
		case <-ctx.Done():
		}
	}()
	st := &sseStream{w: w, rc: http.NewResponseController(w), ctx: ctx, cancel: cancel, tick: time.NewTicker(o.heartbeat), writeTimeout: o.writeTimeout}
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	if err := st.Comment("connected"); err != nil {
		st.Close()
		return nil, err
	}
	return st, nil
}

// Done is closed when the client has left or the server shuts down; the
// stream's loop then returns.
func (st *sseStream) Done() <-chan struct{} { return st.ctx.Done() }

// Heartbeat ticks when the stream is due a heartbeat; the loop then calls
// Beat.
func (st *sseStream) Heartbeat() <-chan time.Time { return st.tick.C }

// Beat sends the heartbeat comment.
func (st *sseStream) Beat() error { return st.Comment("heartbeat") }

// Comment sends a comment line, which clients ignore.
func (st *sseStream) Comment(text string) error {
	return st.write(": " + text + "\n\n")
}

// Send sends one event: its id (for Last-Event-ID), its name and its data,
// one "data:" line for each line of data.
func (st *sseStream) Send(id, event string, data []byte) error {
	var b strings.Builder
	b.WriteString("id: " + id + "\nevent: " + event + "\n")
	for line := range strings.SplitSeq(string(data), "\n") {
		b.WriteString("data: ")
		b.WriteString(strings.TrimRight(line, "\r"))
		b.WriteString("\n")
	}
	b.WriteString("\n")
	return st.write(b.String())
}

// write writes and flushes s within the write timeout.
func (st *sseStream) write(s string) error {
	// A ResponseWriter without deadlines (a test's recorder) still streams.
	_ = st.rc.SetWriteDeadline(time.Now().Add(st.writeTimeout))
	if _, err := st.w.Write([]byte(s)); err != nil {
		return err
	}
	return st.rc.Flush()
}

// Close stops the heartbeat and releases the stream.
func (st *sseStream) Close() {
	st.tick.Stop()
	st.cancel()
}
