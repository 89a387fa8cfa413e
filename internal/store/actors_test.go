package store_test

import (
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/store"
	"github.com/plenary-org/plenary/internal/store/storetest"
)

// TestActorChangesAreTold checks which committed changes OnActorsChanged
// hears of, and that a change that fails is not told.
func TestActorChangesAreTold(t *testing.T) {
	t.Parallel()
	db := storetest.Open(t)
	ctx, users, _ := voteFixture(t, db, 2, 1)
	var mu sync.Mutex
	var heard []string
	db.OnActorsChanged(func(ch store.ActorChange) {
		mu.Lock()
		defer mu.Unlock()
		if ch.All {
			heard = append(heard, "everyone")
			return
		}
		heard = append(heard, fmt.Sprint(ch.Users))
	})
	last := func() string {
		mu.Lock()
		defer mu.Unlock()
		if len(heard) == 0 {
			return ""
		}
		h := heard[len(heard)-1]
		heard = nil
		return h
	}
	u0, u1 := users[0], users[1]
	p := &domain.Process{Name: "Budapest Process"}
	if err := db.CreateProcess(ctx, p); err != nil {
		t.Fatal(err)
	}
	if got := last(); got != "" {
		t.Fatalf("creating a process told %q", got)
	}
	m := &domain.Meeting{ProcessID: p.ID, Title: "Ministerial"}
	must(t, db.CreateMeeting(ctx, m))
	g := &domain.Group{MeetingID: m.ID, Name: "Silk Routes", Region: "Asia"}
	must(t, db.CreateGroup(ctx, g))
	ms := &domain.Membership{UserID: u0.ID, ProcessID: p.ID, MeetingID: m.ID, Role: domain.RoleObserver}
	steps := []struct {
		name string
		do   func() error
		want string
	}{
		{"add a membership", func() error { return db.AddMembership(ctx, ms) }, fmt.Sprint([]string{u0.ID})},
		{"the same role again (refused)", func() error {
			return db.AddMembership(ctx, &domain.Membership{UserID: u0.ID, ProcessID: p.ID, MeetingID: m.ID, Role: domain.RoleObserver})
		}, ""},
		{"move into a group", func() error { return db.SetMemberGroup(ctx, ms.ID, g.ID) }, fmt.Sprint([]string{u0.ID})},
		{"change the language", func() error { return db.SetLocale(ctx, u1.ID, "fr") }, fmt.Sprint([]string{u1.ID})},
		{"change the password", func() error { return db.SetPasswordHash(ctx, u1.ID, "x", "") }, fmt.Sprint([]string{u1.ID})},
		{"disable an account", func() error {
			u, err := db.UserByID(ctx, u1.ID)
			if err != nil {
				return err
			}
			u.Disabled = true
			return db.UpdateUser(ctx, u)
		}, fmt.Sprint([]string{u1.ID})},
		{"delete the group", func() error { return db.DeleteGroup(ctx, g.ID) }, "everyone"},
		{"take the role away", func() error { return db.RemoveMembership(ctx, ms.ID) }, fmt.Sprint([]string{u0.ID})},
		{"delete the meeting", func() error { return db.DeleteMeeting(ctx, m.ID) }, "everyone"},
	}
	for _, st := range steps {
		err := st.do()
		if (err != nil) != (st.want == "") {
			t.Fatalf("%s: %v", st.name, err)
		}
		if got := last(); got != st.want {
			t.Fatalf("%s: told %q, want %q", st.name, got, st.want)
		}
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// TestWebSessionActor: one query gives what WebSessionUser and
// MembershipsOf give, for a user with no membership and with several, and
// nothing for a session that expired or a disabled account.
func TestWebSessionActor(t *testing.T) {
	t.Parallel()
	db := storetest.Open(t)
	ctx, users, _ := voteFixture(t, db, 2, 0)
	p := &domain.Process{Name: "Other process"}
	if err := db.CreateProcess(ctx, p); err != nil {
		t.Fatal(err)
	}
	for _, role := range []domain.Role{domain.RoleObserver, domain.RoleSecretariat} {
		if err := db.AddMembership(ctx, &domain.Membership{UserID: users[1].ID, ProcessID: p.ID, Role: role}); err != nil {
			t.Fatal(err)
		}
	}
	for i, u := range users {
		hash := fmt.Sprintf("hash-%d", i)
		if err := db.CreateWebSession(ctx, hash, u.ID, time.Hour); err != nil {
			t.Fatal(err)
		}
		gotU, gotMs, err := db.WebSessionActor(ctx, hash)
		if err != nil {
			t.Fatal(err)
		}
		wantU, err := db.WebSessionUser(ctx, hash)
		if err != nil {
			t.Fatal(err)
		}
		wantMs, err := db.MembershipsOf(ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		if *gotU != *wantU || len(gotMs) != i*2 || !slices.EqualFunc(gotMs, wantMs, func(a, b domain.Membership) bool { return a == b }) {
			t.Fatalf("user %d: %+v %+v, want %+v %+v", i, gotU, gotMs, wantU, wantMs)
		}
	}
	if _, _, err := db.WebSessionActor(ctx, "no-such-hash"); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("unknown session: %v", err)
	}
	if err := db.CreateWebSession(ctx, "short", users[0].ID, -time.Second); err != nil {
		t.Fatal(err)
	}
	if _, _, err := db.WebSessionActor(ctx, "short"); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("expired session: %v", err)
	}
	users[1].Disabled = true
	if err := db.UpdateUser(ctx, users[1]); err != nil {
		t.Fatal(err)
	}
	if _, _, err := db.WebSessionActor(ctx, "hash-1"); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("disabled account: %v", err)
	}
}

// TestWebSessionActorReadsAfresh: the session's query, prepared once on
// each reader connection and kept, reads what is committed at each call:
// a role taken away, then the session ended, show at the next reading,
// however many readings came before (on every reader connection).
func TestWebSessionActorReadsAfresh(t *testing.T) {
	t.Parallel()
	db := storetest.Open(t)
	ctx, users, _ := voteFixture(t, db, 1, 0)
	p := &domain.Process{Name: "Other process"}
	if err := db.CreateProcess(ctx, p); err != nil {
		t.Fatal(err)
	}
	m := &domain.Membership{UserID: users[0].ID, ProcessID: p.ID, Role: domain.RoleSecretariat}
	if err := db.AddMembership(ctx, m); err != nil {
		t.Fatal(err)
	}
	if err := db.CreateWebSession(ctx, "h", users[0].ID, time.Hour); err != nil {
		t.Fatal(err)
	}
	// Readings at once, so that every reader connection prepares it.
	read := func() (n int, err error) {
		var wg sync.WaitGroup
		counts, errs := make([]int, 16), make([]error, 16)
		for i := range counts {
			wg.Go(func() {
				var ms []domain.Membership
				_, ms, errs[i] = db.WebSessionActor(ctx, "h")
				counts[i] = len(ms)
			})
		}
		wg.Wait()
		for i, c := range counts {
			if errs[i] != nil {
				return 0, errs[i]
			}
			if c != counts[0] {
				return 0, fmt.Errorf("readings at once differ: %v", counts)
			}
		}
		return counts[0], nil
	}
	before, err := read()
	if err != nil {
		t.Fatal(err)
	}
	if err := db.RemoveMembership(ctx, m.ID); err != nil {
		t.Fatal(err)
	}
	if after, err := read(); err != nil || after != before-1 {
		t.Fatalf("after the role was taken away: %d memberships (%v), want %d", after, err, before-1)
	}
	if err := db.DeleteWebSession(ctx, "h"); err != nil {
		t.Fatal(err)
	}
	if _, err := read(); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("ended session: %v", err)
	}
}
