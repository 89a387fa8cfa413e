package api

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"

	"github.com/plenary-org/plenary/internal/agenda"
)

// TestUpdatesKeepAgendaFields checks that reading an object and putting it
// back through the API loses nothing an imported agenda carries: the
// meeting's details and section titles, the sessions' and parts' intros
// and notes.
func TestUpdatesKeepAgendaFields(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	md := "**A meeting**\n\nGeneva, 10 October\n\n## Meeting objective\n\n- to meet\n\n## Sessions\n\n## Session 1. Opening\n\nThe opening session.\n\n### Objectives (for everyone)\n\n- to open\n\n#### Plenary\n\nIn the big room.\n\n##### Guiding questions (short)\n\n- Why?\n"
	am, err := agenda.ParseBytes([]byte(md))
	if err != nil {
		t.Fatal(err)
	}
	a := am.ToDomain()
	m1, err := f.db.Meeting(ctx, f.ids["meetingA1"])
	if err != nil {
		t.Fatal(err)
	}
	a.Meeting.ProcessID = m1.ProcessID
	if err := f.db.CreateMeetingWithAgenda(ctx, a); err != nil {
		t.Fatal(err)
	}
	before, err := f.db.Agenda(ctx, a.Meeting.ID)
	if err != nil {
		t.Fatal(err)
	}
	// GET the agenda, PUT each object back as read.
	w := f.do(t, "GET", "/api/v1/meetings/"+a.Meeting.ID+"/agenda", "admin", "")
	var ag map[string]json.RawMessage
	decodeBody(t, w, &ag)
	var sessions []map[string]json.RawMessage
	json.Unmarshal(ag["sessions"], &sessions)
	put := func(url string, obj json.RawMessage) {
		t.Helper()
		var m map[string]any
		json.Unmarshal(obj, &m)
		// Times are set through the meeting's schedule, not these updates.
		for _, k := range []string{"id", "process_id", "meeting_id", "session_id", "position", "created_at", "updated_at", "items", "parts",
			"time_zone", "zone", "starts_at", "ends_at", "times_sequence"} {
			delete(m, k)
		}
		b, _ := json.Marshal(m)
		if w := f.do(t, "PUT", url, "admin", string(b)); w.Code != http.StatusOK {
			t.Fatalf("PUT %s: %d %s", url, w.Code, w.Body.String())
		}
	}
	put("/api/v1/meetings/"+a.Meeting.ID, ag["meeting"])
	put("/api/v1/sessions/"+a.Sessions[0].ID, mustRaw(sessions[0], t))
	var parts []json.RawMessage
	json.Unmarshal(sessions[0]["parts"], &parts)
	put("/api/v1/parts/"+a.Sessions[0].Parts[0].ID, parts[0])

	after, err := f.db.Agenda(ctx, a.Meeting.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(agenda.FromDomain(after).Markdown()), string(agenda.FromDomain(before).Markdown()); got != want {
		t.Fatalf("the agenda changed by reading and writing it back:\n%s\n--- was ---\n%s", got, want)
	}
}

func mustRaw(m map[string]json.RawMessage, t *testing.T) json.RawMessage {
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
