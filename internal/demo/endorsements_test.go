package demo

import (
	"context"
	"testing"

	"github.com/plenary-org/plenary/internal/auth"
	"github.com/plenary-org/plenary/internal/store"
	"github.com/plenary-org/plenary/internal/store/storetest"
)

// The demo's endorsements: a few dozen, from bodies of other regions, with
// the leading practices endorsed by three or four regions.
func TestDemoEndorsements(t *testing.T) {
	db := storetest.Open(t)
	ctx := context.Background()
	res, err := Load(ctx, db, auth.Params{Memory: 1024, Time: 1, Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	p, err := db.EndorsedPractices(ctx, res.MeetingID, store.EndorsedFilter{Limit: 200})
	if err != nil {
		t.Fatal(err)
	}
	total, withConditions := 0, 0
	for _, it := range p.Items {
		total += len(it.Endorsements)
		for _, e := range it.Endorsements {
			if e.Conditions != "" {
				withConditions++
			}
			for _, r := range it.Practice.Regions {
				if r == e.Region {
					t.Errorf("%q endorsed for its own region %s", it.Practice.Title, r)
				}
			}
		}
	}
	if total < 24 || total > 60 {
		t.Errorf("%d endorsements, want a few dozen", total)
	}
	if withConditions*2 < total {
		t.Errorf("only %d of %d endorsements state conditions", withConditions, total)
	}
	if len(p.Items) < 10 || p.Items[0].Regions < 3 || p.Items[2].Regions < 3 {
		t.Errorf("ranking: %d practices, top regions %d, %d, %d", len(p.Items), p.Items[0].Regions, p.Items[1].Regions, p.Items[2].Regions)
	}
	t.Logf("%d endorsements of %d practices; top: %d regions", total, len(p.Items), p.Items[0].Regions)
}
