package demo

import (
	"context"
	"testing"

	"github.com/plenary-org/plenary/internal/domain"
)

// TestDemoDescriptionsNameNoBody runs the non-attribution rule on the demo
// meeting: no description of a contribution's body fits fewer than k of
// the meeting's participants, for k = 2, 3 and 5. It logs how many
// contributions are described at each level (go test -v).
func TestDemoDescriptionsNameNoBody(t *testing.T) {
	db, res, _, stored := loadDemo(t)
	ctx := context.Background()
	m, err := db.Meeting(ctx, res.MeetingID)
	if err != nil {
		t.Fatal(err)
	}
	if m.MinDescribed() != domain.DefaultMinDescribed {
		t.Errorf("the demo meeting's k = %d, want the default %d", m.MinDescribed(), domain.DefaultMinDescribed)
	}
	counts, err := db.ParticipantTraits(ctx, m.ID)
	if err != nil {
		t.Fatal(err)
	}
	participants, alone := 0, 0
	for _, n := range counts {
		participants += n
		if n == 1 {
			alone++
		}
	}
	// What "kind · region" alone would have shown: pairs that name one body.
	named := 0
	for _, c := range stored {
		b, err := db.Body(ctx, c.BodyID)
		if err != nil {
			t.Fatal(err)
		}
		if counts[domain.BodyTraits{Kind: b.Kind, Region: b.Region}] == 1 {
			named++
		}
	}
	t.Logf("%d participants in %d (kind, region) pairs, %d of them a single body's; %d of %d contributions carried a pair that named its body",
		participants, len(counts), alone, named, len(stored))
	for _, k := range []int{2, 3, 5} {
		d := domain.Describe(counts, k)
		fits := map[domain.Description]int{}
		for p, n := range counts {
			fits[d.Of(&domain.Body{Kind: p.Kind, Region: p.Region})] += n
		}
		levels := map[string]int{}
		for _, c := range stored {
			b, err := db.Body(ctx, c.BodyID)
			if err != nil {
				t.Fatal(err)
			}
			got := d.Of(b)
			if n := fits[got]; n < k {
				t.Errorf("k=%d: %q is described as %+v, which fits %d participants", k, b.Name, got, n)
			}
			switch {
			case got.Full():
				levels["kind and region"]++
			case got.Region != "":
				levels["region"]++
			case got.Kind != "":
				levels["kind"]++
			default:
				levels["a participant"]++
			}
		}
		t.Logf("k=%d: of %d contributions, %d by kind and region, %d by region, %d by kind, %d as a participant", k, len(stored),
			levels["kind and region"], levels["region"], levels["kind"], levels["a participant"])
	}
}
