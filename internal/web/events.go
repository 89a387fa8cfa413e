package web

import (
	"encoding/json"
	"net/http"
	"strconv"

	"github.com/plenary-org/plenary/internal/store"
)

// meetingEvents streams a meeting's activity as server-sent events to its
// members. A reconnecting browser sends Last-Event-ID and first gets what
// it missed, from the audit trail. It names who made a change as the audit
// trail does: never the author of what was written under the
// non-attribution rule (domain.ConcealsActor), whose events are stored
// without them.
func (s *Server) meetingEvents(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if _, err := s.scope(r, "meeting", id, false); err != nil {
		s.fail(w, r, err)
		return
	}
	ch, unsubscribe := s.db.Subscribe(id)
	defer unsubscribe()
	st, err := s.startSSE(w, r)
	if err != nil {
		return
	}
	defer st.Close()

	var last int64
	if v := r.Header.Get("Last-Event-ID"); v != "" {
		last, _ = strconv.ParseInt(v, 10, 64)
	}
	send := func(e store.Event) error {
		if e.ID <= last {
			return nil
		}
		last = e.ID
		b, _ := json.Marshal(e)
		return st.Send(strconv.FormatInt(e.ID, 10), "activity", b)
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
	for {
		var err error
		select {
		case <-st.Done():
			return
		case e := <-ch:
			err = send(e)
		case <-st.Heartbeat():
			err = st.Beat()
		}
		if err != nil {
			return
		}
	}
}
