package demo

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/store"
)

// endorseConditions are what delegates say it would take to carry a
// practice over to their region.
var endorseConditions = []string{
	"Donor funding for a three-year pilot, then a line in the national budget.",
	"A bilateral labour agreement with the main countries of destination.",
	"An amendment to the residence law so that the permit does not depend on one employer.",
	"Training for consular staff and labour inspectors in the first year.",
	"Data sharing agreements between the statistics offices of the region.",
	"",
	"The regional economic community would have to adopt it as a common framework.",
	"Technical support from IOM and the ILO to adapt the recruitment rules.",
	"A lower entry cost: the fee model would not work for our smaller economies.",
	"Political agreement at ministerial level, expected at the next regional summit.",
	"Partnerships with diaspora associations to reach migrants abroad.",
	"Interoperable identity documents, which most of our member states do not have yet.",
	"",
	"A pilot in two border regions first, with an independent evaluation.",
}

// endorseRegions is how many regions endorse each practice in turn, so
// that a few lead with three or four regions and most have one or two.
var endorseRegions = []int{4, 3, 4, 3, 3, 2, 2, 2, 1, 2, 2, 1, 2, 1, 2, 2}

// loadEndorsements has bodies of other regions mark the demo's published
// good practices as workable for them, with conditions.
func loadEndorsements(ctx context.Context, db *store.DB, meetingID string) error {
	ids, err := db.ContributionIDs(ctx, store.ContributionFilter{MeetingIDs: []string{meetingID},
		Statuses: []domain.Status{domain.StatusPublished}, Kinds: []domain.ContributionKind{domain.KindGoodPractice}})
	if err != nil {
		return err
	}
	practices, err := db.ContributionsByID(ctx, ids)
	if err != nil {
		return err
	}
	all, _, err := db.Bodies(ctx, store.BodyFilter{Limit: 500})
	if err != nil {
		return err
	}
	// Bodies of a region, by region, in a stable order; global bodies and
	// those without a region endorse for no region.
	byRegion := map[string][]*domain.Body{}
	var regions []string
	for _, b := range all {
		if b.Region == "" || b.Region == "Global" {
			continue
		}
		if _, ok := byRegion[b.Region]; !ok {
			regions = append(regions, b.Region)
		}
		byRegion[b.Region] = append(byRegion[b.Region], b)
	}
	slices.Sort(regions)
	if len(regions) == 0 {
		return nil
	}
	n, turn := 0, 0
	for _, p := range practices {
		if len(p.Regions) == 0 || turn >= len(endorseRegions) {
			continue
		}
		want := endorseRegions[turn]
		turn++
		picked := 0
		for step := 0; step < len(regions) && picked < want; step++ {
			region := regions[(turn*5+step*3)%len(regions)]
			if slices.Contains(p.Regions, region) {
				continue
			}
			bodies := byRegion[region]
			// Every third practice is endorsed by two bodies of one region.
			count := 1
			if turn%3 == 0 && picked == 0 && len(bodies) > 1 {
				count = 2
			}
			own := false
			for k := range count {
				b := bodies[(turn+k)%len(bodies)]
				e := &store.Endorsement{ContributionID: p.ID, BodyID: b.ID, Region: region,
					Conditions: endorseConditions[(n*5+turn)%len(endorseConditions)]}
				if err := db.PutEndorsement(ctx, e); err != nil {
					if domain.ErrorCode(err) == domain.ECONFLICT {
						continue
					}
					// A region written otherwise that shares countries
					// with the practice's is its own: another one is
					// picked.
					if de, ok := errors.AsType[*domain.Error](err); ok && de.Key == "endorse.error_own_region" {
						own = true
						break
					}
					return fmt.Errorf("demo: endorsement of %q by %s: %w", p.Title, b.Name, err)
				}
				n++
			}
			if !own {
				picked++
			}
		}
	}
	return nil
}
