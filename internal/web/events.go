package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/plenary-org/plenary/internal/store"
)

// heartbeat is how often an idle event stream sends a comment, so that
// proxies keep it open and a dead connection is noticed.
const heartbeat = 15 * time.Second

// meetingEvents streams a meeting's activity as server-sent events to its
// members. A reconnecting browser sends Last-Event-ID and first gets what
// it missed, from the audit trail. Under the non-attribution rule the
// stream does not name who made a change.
func (s *Server) meetingEvents(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if _, err := s.scope(r, "meeting", id, false); err != nil {
		s.fail(w, r, err)
		return
	}
	m, err := s.db.Meeting(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ch, unsubscribe := s.db.Subscribe(id)
	defer unsubscribe()

	rc := http.NewResponseController(w)
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)

	var last int64
	if v := r.Header.Get("Last-Event-ID"); v != "" {
		last, _ = strconv.ParseInt(v, 10, 64)
	}
	send := func(e store.Event) error {
		if e.ID <= last {
			return nil
		}
		last = e.ID
		if m.NonAttribution {
			e.ActorName = ""
		}
		b, _ := json.Marshal(e)
		rc.SetWriteDeadline(time.Now().Add(30 * time.Second))
		if _, err := fmt.Fprintf(w, "id: %d\nevent: activity\ndata: %s\n\n", e.ID, b); err != nil {
			return err
		}
		return rc.Flush()
	}
	if last > 0 {
		missed, err := s.db.EventsSince(r.Context(), id, last, 200)
		if err != nil {
			return
		}
		for _, e := range missed {
			if send(e) != nil {
				return
			}
		}
	}
	rc.SetWriteDeadline(time.Now().Add(30 * time.Second))
	fmt.Fprint(w, ": connected\n\n")
	rc.Flush()
	tick := time.NewTicker(heartbeat)
	defer tick.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-s.closing:
			return
		case e := <-ch:
			if send(e) != nil {
				return
			}
		case <-tick.C:
			rc.SetWriteDeadline(time.Now().Add(30 * time.Second))
			if _, err := fmt.Fprint(w, ": heartbeat\n\n"); err != nil || rc.Flush() != nil {
				return
			}
		}
	}
}
