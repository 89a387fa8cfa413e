package store_test

import (
	"context"
	"strings"
	"testing"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/store/storetest"
)

// The home page reads every process's meetings at once: the same meetings,
// in the same order, as one process at a time, and restricted the same way.
func TestMeetingsOfProcesses(t *testing.T) {
	t.Parallel()
	db := storetest.Open(t)
	ctx := context.Background()
	u := &domain.User{Email: "member@example.org", Name: "Member"}
	if err := db.CreateUser(ctx, u, ""); err != nil {
		t.Fatal(err)
	}
	var pids []string
	var mine string
	for i, name := range []string{"Process A", "Process B", "Process C"} {
		p := &domain.Process{Name: name}
		if err := db.CreateProcess(ctx, p); err != nil {
			t.Fatal(err)
		}
		pids = append(pids, p.ID)
		for j := range i + 1 {
			m := &domain.Meeting{ProcessID: p.ID, Title: name + " meeting", StartsOn: []string{"2026-01-01", "2026-06-01", "2025-03-01"}[j]}
			if err := db.CreateMeeting(ctx, m); err != nil {
				t.Fatal(err)
			}
			if i == 2 && j == 1 {
				mine = m.ID
			}
		}
	}
	// The member belongs to the whole of process B and one meeting of C.
	for _, m := range []*domain.Membership{{UserID: u.ID, ProcessID: pids[1], Role: domain.RoleObserver}, {UserID: u.ID, ProcessID: pids[2], MeetingID: mine, Role: domain.RoleObserver}} {
		if err := db.AddMembership(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	for _, only := range []string{"", u.ID} {
		got, err := db.MeetingsOfProcesses(ctx, append(pids, "no-such-process"), only)
		if err != nil {
			t.Fatal(err)
		}
		for i, pid := range pids {
			want, err := db.Meetings(ctx, pid, only)
			if err != nil {
				t.Fatal(err)
			}
			if len(got[pid]) != len(want) {
				t.Fatalf("only=%q process %d: %d meetings, want %d", only, i, len(got[pid]), len(want))
			}
			for k := range want {
				if got[pid][k].ID != want[k].ID {
					t.Errorf("only=%q process %d: meeting %d is %s, want %s", only, i, k, got[pid][k].ID, want[k].ID)
				}
			}
		}
		if only == u.ID && (len(got[pids[0]]) != 0 || len(got[pids[1]]) != 2 || len(got[pids[2]]) != 1 || got[pids[2]][0].ID != mine) {
			t.Errorf("restricted to the member: %d, %d, %d meetings", len(got[pids[0]]), len(got[pids[1]]), len(got[pids[2]]))
		}
	}
	if got, err := db.MeetingsOfProcesses(ctx, nil, ""); err != nil || len(got) != 0 {
		t.Errorf("no processes: %v, %v", got, err)
	}
}

// TestCreateProcessWithAgenda stores a process with its imported meeting
// in one transaction: an agenda that fails half-way (an item too long,
// found after the meeting row is written) leaves neither behind.
func TestCreateProcessWithAgenda(t *testing.T) {
	t.Parallel()
	db := storetest.Open(t)
	ctx := context.Background()
	agenda := func(itemText string) *domain.Agenda {
		return &domain.Agenda{Meeting: &domain.Meeting{Title: "GRCP 7"}, Sessions: []*domain.SessionNode{{
			Session: domain.Session{Number: 1, Title: "Opening"},
			Items:   []*domain.ItemNode{{AgendaItem: domain.AgendaItem{Kind: domain.ItemObjective, Text: itemText}}},
		}}}
	}
	bad := agenda(strings.Repeat("x", domain.MaxText+1))
	if err := db.CreateProcessWithAgenda(ctx, &domain.Process{Name: "GCM"}, bad); domain.ErrorCode(err) != domain.EINVALID {
		t.Fatalf("an item too long: err = %v, want %s", err, domain.EINVALID)
	}
	if ps, err := db.Processes(ctx, ""); err != nil || len(ps) != 0 {
		t.Fatalf("processes after a failed import: %d, %v; want none", len(ps), err)
	}
	good := agenda("Open the meeting")
	p := &domain.Process{Name: "GCM"}
	if err := db.CreateProcessWithAgenda(ctx, p, good); err != nil {
		t.Fatal(err)
	}
	ms, err := db.Meetings(ctx, p.ID, "")
	if err != nil || len(ms) != 1 || ms[0].ID != good.Meeting.ID || good.Meeting.ProcessID != p.ID {
		t.Fatalf("meetings of the new process: %+v, %v", ms, err)
	}
}

// TestSessionNumbers checks the agenda's rule on session numbers, so that
// every meeting exports to an agenda that imports: from 1, once each in a
// meeting.
func TestSessionNumbers(t *testing.T) {
	t.Parallel()
	db := storetest.Open(t)
	ctx := context.Background()
	p := &domain.Process{Name: "GCM"}
	if err := db.CreateProcess(ctx, p); err != nil {
		t.Fatal(err)
	}
	m := &domain.Meeting{ProcessID: p.ID, Title: "GRCP 7"}
	other := &domain.Meeting{ProcessID: p.ID, Title: "GRCP 8"}
	for _, x := range []*domain.Meeting{m, other} {
		if err := db.CreateMeeting(ctx, x); err != nil {
			t.Fatal(err)
		}
	}
	first := &domain.Session{MeetingID: m.ID, Number: 1, Title: "Opening"}
	if err := db.CreateSession(ctx, first); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name      string
		meetingID string
		number    int
		code      string
	}{
		{"no number", m.ID, 0, domain.EINVALID},
		{"negative", m.ID, -1, domain.EINVALID},
		{"too large", m.ID, 1000, domain.EINVALID},
		{"taken", m.ID, 1, domain.ECONFLICT},
		{"free", m.ID, 2, ""},
		{"taken in another meeting only", other.ID, 1, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := db.CreateSession(ctx, &domain.Session{MeetingID: tt.meetingID, Number: tt.number, Title: "S"})
			if got := domain.ErrorCode(err); got != tt.code {
				t.Fatalf("err = %v, want code %q", err, tt.code)
			}
		})
	}
	first.Number = 2
	if err := db.UpdateSession(ctx, first); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Fatalf("renumbered onto session 2: err = %v, want %s", err, domain.ECONFLICT)
	}
	first.Number, first.Title = 1, "Opening of the meeting"
	if err := db.UpdateSession(ctx, first); err != nil {
		t.Fatalf("kept its own number: %v", err)
	}
}
