package live_test

import (
	"context"
	"testing"
	"time"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/live"
)

// A group works on several parts; each part's plenary and projector count
// only the people and votes of that part's statements (and of statements
// of no part, which belong to every part).
func TestCountsByPart(t *testing.T) {
	r := newRoom(t, 4, 0)
	ctx := context.Background()
	sess := &domain.Session{MeetingID: r.meeting.ID, Number: 2, Title: "Recommendations"}
	if err := r.db.CreateSession(ctx, sess); err != nil {
		t.Fatal(err)
	}
	var parts []string
	for _, title := range []string{"Breakout groups", "Follow-up breakout"} {
		p := &domain.Part{SessionID: sess.ID, Title: title, Kind: domain.PartBreakout}
		if err := r.db.CreatePart(ctx, p); err != nil {
			t.Fatal(err)
		}
		parts = append(parts, p.ID)
	}
	g := r.groups[0]
	statement := func(part, text string) string {
		st := &domain.Statement{MeetingID: r.meeting.ID, PartID: part, GroupID: g.ID, Kind: domain.KindRecommendation, Lang: "en", Text: text}
		if err := r.db.CreateStatement(ctx, st); err != nil {
			t.Fatal(err)
		}
		return st.ID
	}
	a1, a2 := statement(parts[0], "A one"), statement(parts[0], "A two")
	b1 := statement(parts[1], "B one")
	none := statement("", "No part")

	s := live.New(r.db, live.Options{Every: 20 * time.Millisecond})
	defer s.Close()
	m := r.members[0]
	for _, v := range []struct {
		who int
		st  string
	}{{0, a1}, {0, a2}, {1, a1}, {2, b1}, {3, none}, {0, b1}} {
		if err := s.Vote(ctx, m[v.who], v.st, domain.Agree); err != nil {
			t.Fatal(err)
		}
	}
	k := live.Key{Meeting: r.meeting.ID, Group: g.ID}
	deadline := time.Now().Add(5 * time.Second)
	var snap *live.Snapshot
	for {
		var err error
		if snap, err = s.Current(ctx, k); err != nil {
			t.Fatal(err)
		}
		if snap.Votes == 6 || time.Now().After(deadline) {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if snap.Participants != 4 || snap.Votes != 6 {
		t.Fatalf("whole group: %d participants, %d votes; want 4 and 6", snap.Participants, snap.Votes)
	}
	tests := []struct {
		part string
		want live.Counts
	}{
		{parts[0], live.Counts{Participants: 3, Votes: 4}}, // members 0 and 1, and 3 on the statement of no part
		{parts[1], live.Counts{Participants: 3, Votes: 3}}, // members 2 and 0, and 3
		{"", live.Counts{Participants: 1, Votes: 1}},
		{"a part without statements", live.Counts{Participants: 1, Votes: 1}},
	}
	for _, tc := range tests {
		if got := snap.ForPart(tc.part); got != tc.want {
			t.Errorf("part %q: %+v, want %+v", tc.part, got, tc.want)
		}
	}
	if got := (*live.Snapshot)(nil).ForPart(parts[0]); got != (live.Counts{}) {
		t.Errorf("no snapshot: %+v", got)
	}
}
