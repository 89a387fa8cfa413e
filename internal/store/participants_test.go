package store_test

import (
	"context"
	"testing"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/store/storetest"
)

// TestParticipantTraits: a meeting's participants are the bodies with a
// member in it (of the meeting or of its whole process) and the bodies a
// contribution of it was submitted for, each counted once by kind and
// region; members of another meeting or process are not.
func TestParticipantTraits(t *testing.T) {
	t.Parallel()
	db := storetest.Open(t)
	ctx := context.Background()
	p, other := &domain.Process{Name: "GRCP"}, &domain.Process{Name: "Other"}
	for _, x := range []*domain.Process{p, other} {
		if err := db.CreateProcess(ctx, x); err != nil {
			t.Fatal(err)
		}
	}
	m, m2 := &domain.Meeting{ProcessID: p.ID, Title: "GRCP 7"}, &domain.Meeting{ProcessID: p.ID, Title: "GRCP 8"}
	m3 := &domain.Meeting{ProcessID: other.ID, Title: "Elsewhere"}
	for _, x := range []*domain.Meeting{m, m2, m3} {
		if err := db.CreateMeeting(ctx, x); err != nil {
			t.Fatal(err)
		}
	}
	if m.NonAttributionMinBodies != domain.DefaultMinDescribed {
		t.Errorf("a new meeting's k = %d, want %d", m.NonAttributionMinBodies, domain.DefaultMinDescribed)
	}
	body := func(name string, k domain.BodyKind, region string) *domain.Body {
		b := &domain.Body{Name: name, Kind: k, Region: region}
		if err := db.CreateBody(ctx, b); err != nil {
			t.Fatal(err)
		}
		return b
	}
	meetingMember := body("Meeting member", domain.BodyState, "Africa")
	processMember := body("Process member", domain.BodyState, "Africa")
	contributor := body("Contributor", domain.BodyRCP, "Asia")
	both := body("Member and contributor", domain.BodyRCP, "Asia")
	body("No part", domain.BodyState, "Africa")
	otherMeeting := body("Other meeting", domain.BodyNGO, "Europe")
	otherProcess := body("Other process", domain.BodyNGO, "Europe")
	n := 0
	member := func(processID, meetingID string, b *domain.Body) {
		n++
		u := &domain.User{Email: "m" + string(rune('a'+n)) + "@example.org", Name: "Member"}
		if err := db.CreateUser(ctx, u, ""); err != nil {
			t.Fatal(err)
		}
		if err := db.AddMembership(ctx, &domain.Membership{UserID: u.ID, ProcessID: processID, MeetingID: meetingID, Role: domain.RoleDelegate, BodyID: b.ID}); err != nil {
			t.Fatal(err)
		}
	}
	member(p.ID, m.ID, meetingMember)
	member(p.ID, m.ID, meetingMember) // two members: one body
	member(p.ID, "", processMember)
	member(p.ID, m.ID, both)
	member(p.ID, m2.ID, otherMeeting)
	member(other.ID, "", otherProcess)
	for _, b := range []*domain.Body{contributor, both, both} {
		c := &domain.Contribution{MeetingID: m.ID, Kind: domain.KindRecommendation, Title: "An input", Text: "A text.", Lang: "en", BodyID: b.ID}
		if err := db.CreateContribution(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	got, err := db.ParticipantTraits(ctx, m.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := map[domain.BodyTraits]int{{Kind: domain.BodyState, Region: "Africa"}: 2, {Kind: domain.BodyRCP, Region: "Asia"}: 2}
	if len(got) != len(want) {
		t.Fatalf("participants = %v, want %v", got, want)
	}
	for k, n := range want {
		if got[k] != n {
			t.Errorf("participants = %v, want %v", got, want)
		}
	}
}
