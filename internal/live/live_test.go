package live_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/live"
	"github.com/plenary-org/plenary/internal/store"
	"github.com/plenary-org/plenary/internal/store/storetest"
)

type room struct {
	db       *store.DB
	meeting  *domain.Meeting
	groups   []*domain.Group
	members  [][]*domain.Actor // by group
	others   map[string]*domain.Actor
	stmts    [][]*domain.Statement // by group
	plenary  []*domain.Statement
	delegate *domain.Actor // a delegate of group 0
}

// newRoom makes a meeting with two breakout groups of n members each, k
// statements a group and two plenary statements, and actors for the other
// roles.
func newRoom(t testing.TB, n, k int) *room {
	t.Helper()
	db := storetest.Open(t)
	ctx := context.Background()
	p := &domain.Process{Name: "ISCM contributions"}
	if err := db.CreateProcess(ctx, p); err != nil {
		t.Fatal(err)
	}
	m := &domain.Meeting{ProcessID: p.ID, Title: "GRCP 7"}
	if err := db.CreateMeeting(ctx, m); err != nil {
		t.Fatal(err)
	}
	b := &domain.Body{Name: "State", Kind: domain.BodyState}
	if err := db.CreateBody(ctx, b); err != nil {
		t.Fatal(err)
	}
	r := &room{db: db, meeting: m, others: map[string]*domain.Actor{}}
	actor := func(name string, ms ...domain.Membership) *domain.Actor {
		u := &domain.User{Email: name + "@example.org", Name: name}
		if err := db.CreateUser(ctx, u, ""); err != nil {
			t.Fatal(err)
		}
		a := &domain.Actor{User: u}
		for _, mb := range ms {
			mb.UserID = u.ID
			if err := db.AddMembership(ctx, &mb); err != nil {
				t.Fatal(err)
			}
			a.Memberships = append(a.Memberships, mb)
		}
		return a
	}
	for gi, region := range []string{"Africa", "Americas"} {
		g := &domain.Group{MeetingID: m.ID, Name: region, Region: region}
		if err := db.CreateGroup(ctx, g); err != nil {
			t.Fatal(err)
		}
		r.groups = append(r.groups, g)
		var ms []*domain.Actor
		for i := range n {
			ms = append(ms, actor(fmt.Sprintf("g%dm%d", gi, i), domain.Membership{ProcessID: p.ID, MeetingID: m.ID, Role: domain.RoleDelegate, BodyID: b.ID, GroupID: g.ID}))
		}
		r.members = append(r.members, ms)
		var sts []*domain.Statement
		for i := range k {
			s := &domain.Statement{MeetingID: m.ID, GroupID: g.ID, Kind: domain.KindRecommendation, Lang: "en", Text: fmt.Sprintf("%s recommendation %d", region, i)}
			if err := db.CreateStatement(ctx, s); err != nil {
				t.Fatal(err)
			}
			sts = append(sts, s)
		}
		r.stmts = append(r.stmts, sts)
	}
	for i := range 2 {
		s := &domain.Statement{MeetingID: m.ID, Kind: domain.KindRecommendation, Lang: "en", Text: fmt.Sprintf("Overall recommendation %d", i)}
		if err := db.CreateStatement(ctx, s); err != nil {
			t.Fatal(err)
		}
		r.plenary = append(r.plenary, s)
	}
	r.delegate = r.members[0][0]
	r.others["secretariat"] = actor("secretariat", domain.Membership{ProcessID: p.ID, Role: domain.RoleSecretariat})
	r.others["observer"] = actor("observer", domain.Membership{ProcessID: p.ID, MeetingID: m.ID, Role: domain.RoleObserver})
	r.others["chair"] = actor("chair", domain.Membership{ProcessID: p.ID, MeetingID: m.ID, Role: domain.RoleChair})
	r.others["outsider"] = actor("outsider")
	return r
}

func TestVotePermissions(t *testing.T) {
	r := newRoom(t, 2, 2)
	s := live.New(r.db, live.Options{})
	defer s.Close()
	ctx := context.Background()
	tests := []struct {
		who   string
		a     *domain.Actor
		stmt  *domain.Statement
		wants string // error code, "" for accepted
	}{
		{"member of the group", r.delegate, r.stmts[0][0], ""},
		{"member of another group", r.members[1][0], r.stmts[0][0], domain.EFORBIDDEN},
		{"delegate in plenary", r.members[1][0], r.plenary[0], ""},
		{"chair in plenary", r.others["chair"], r.plenary[0], ""},
		{"chair in a breakout group", r.others["chair"], r.stmts[0][0], domain.EFORBIDDEN},
		{"secretariat", r.others["secretariat"], r.plenary[0], domain.EFORBIDDEN},
		{"observer", r.others["observer"], r.plenary[0], domain.EFORBIDDEN},
		{"outsider", r.others["outsider"], r.plenary[0], domain.ENOTFOUND},
		{"anonymous", nil, r.plenary[0], domain.EFORBIDDEN},
	}
	for _, tt := range tests {
		t.Run(tt.who, func(t *testing.T) {
			err := s.Vote(ctx, tt.a, tt.stmt.ID, domain.Agree)
			if got := domain.ErrorCode(err); (tt.wants == "" && err != nil) || (tt.wants != "" && got != tt.wants) {
				t.Fatalf("vote = %v (%s), want %q", err, got, tt.wants)
			}
		})
	}
	if err := s.Vote(ctx, r.delegate, "no-such-statement", domain.Agree); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("vote on a missing statement = %v", err)
	}
	if err := s.Vote(ctx, r.delegate, r.stmts[0][0].ID, 5); domain.ErrorCode(err) != domain.EINVALID {
		t.Fatalf("vote 5 = %v", err)
	}
	vs, _ := r.db.ConversationVotes(ctx, r.meeting.ID, "", "")
	if len(vs) != 2 {
		t.Fatalf("plenary votes = %d, want 2 (delegate and chair)", len(vs))
	}
}

// TestLiveViewFollowsVotes checks that a watcher sees new votes in a new
// snapshot, analysed in the background.
func TestLiveViewFollowsVotes(t *testing.T) {
	r := newRoom(t, 30, 6)
	s := live.New(r.db, live.Options{Every: 50 * time.Millisecond})
	defer s.Close()
	ctx := context.Background()
	k := live.Key{Meeting: r.meeting.ID, Group: r.groups[0].ID}
	snaps, stop := s.Watch(k)
	defer stop()

	// Two camps: the first half agrees with the even statements and
	// disagrees with the odd ones, the second half the other way round.
	var wg sync.WaitGroup
	for i, a := range r.members[0] {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j, st := range r.stmts[0] {
				v := domain.Agree
				if (i < 15) != (j%2 == 0) {
					v = domain.Disagree
				}
				if err := s.Vote(ctx, a, st.ID, v); err != nil {
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
	deadline := time.After(5 * time.Second)
	for {
		select {
		case snap := <-snaps:
			if snap.Votes < 30*6 {
				continue
			}
			if snap.Participants != 30 || snap.Result == nil || len(snap.Result.Groups) != 2 || len(snap.Statements) != 6 {
				t.Fatalf("snapshot: %d participants, %d statements, result %v", snap.Participants, len(snap.Statements), snap.Result != nil)
			}
			if got := snap.Totals[r.stmts[0][0].ID]; got.Agree != 15 || got.Disagree != 15 {
				t.Fatalf("totals of statement 0 = %+v", got)
			}
			cur, err := s.Current(ctx, k)
			if err != nil || cur.Votes != snap.Votes {
				t.Fatalf("Current = %+v, %v", cur, err)
			}
			return
		case <-deadline:
			t.Fatal("no snapshot with every vote within 5 s")
		}
	}
}
