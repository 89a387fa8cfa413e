package store_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/store"
	"github.com/plenary-org/plenary/internal/store/storetest"
)

// BenchmarkEndorsedPractices ranks 1,000 good practices of a meeting with
// about 4,000 endorsements by bodies of 16 regions: the first page, and
// the first page filtered by endorsing region.
func BenchmarkEndorsedPractices(b *testing.B) {
	ctx := context.Background()
	db := storetest.Open(b)
	p := &domain.Process{Name: "ISCM"}
	if err := db.CreateProcess(ctx, p); err != nil {
		b.Fatal(err)
	}
	m := &domain.Meeting{ProcessID: p.ID, Title: "GRCP 7"}
	if err := db.CreateMeetingWithAgenda(ctx, &domain.Agenda{Meeting: m}); err != nil {
		b.Fatal(err)
	}
	admin := &domain.User{Email: "admin@example.org", Name: "Admin", Admin: true}
	if err := db.CreateUser(ctx, admin, ""); err != nil {
		b.Fatal(err)
	}
	actx := domain.NewContextWithActor(ctx, &domain.Actor{User: admin})
	var bodies []*domain.Body
	for i := range 16 {
		body := &domain.Body{Name: fmt.Sprintf("Body %d", i), Kind: domain.BodyRCP, Region: fmt.Sprintf("Region %d", i)}
		if err := db.CreateBody(ctx, body); err != nil {
			b.Fatal(err)
		}
		bodies = append(bodies, body)
	}
	var cs []*domain.Contribution
	for i := range 1000 {
		cs = append(cs, &domain.Contribution{MeetingID: m.ID, Kind: domain.KindGoodPractice, Practice: domain.PracticeTypes[i%6], Status: domain.StatusPublished,
			Title: fmt.Sprintf("Practice %d", i), Text: "What was done.", Lang: "en", Regions: []string{fmt.Sprintf("Region %d", i%16)}})
	}
	if err := db.CreateContributions(actx, cs); err != nil {
		b.Fatal(err)
	}
	n := 0
	for i, c := range cs {
		for k := range (i * 7) % 9 {
			body := bodies[(i+1+k*3)%16]
			if body.Region == c.Regions[0] {
				continue
			}
			if err := db.PutEndorsement(actx, &store.Endorsement{ContributionID: c.ID, BodyID: body.ID, Conditions: "Funding."}); err == nil {
				n++
			}
		}
	}
	b.Logf("%d endorsements", n)
	for _, f := range []store.EndorsedFilter{{}, {By: "Region 3"}} {
		b.Run(fmt.Sprintf("by=%q", f.By), func(b *testing.B) {
			for b.Loop() {
				if _, err := db.EndorsedPractices(ctx, m.ID, f); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
