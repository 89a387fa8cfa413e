package commitio

import (
	"io"

	"github.com/plenary-org/plenary/internal/contribio"
	"github.com/plenary-org/plenary/internal/domain"
)

// Template writes a file of format f to fill in: every column, and one
// example commitment (id C1) with two indicators, so that the rows of one
// commitment and the lists in a cell are shown as they are read. The
// bodies it names are examples: an import finds bodies in the registry by
// name, acronym or ID.
func Template(w io.Writer, f contribio.Format) error {
	base, target := 0.0, 12.0
	days, goal := 90.0, 30.0
	it := Item{
		Commitment: &domain.Commitment{ID: "C1", Title: "Regional migration data hub", Lang: "en",
			Text:       "Publish comparable data on labour migration in the region every year, with a shared method.",
			Objectives: []string{"O1", "O23"}, StartOn: "2025-01-01", DueOn: "2027-12-31", Status: domain.CommitmentPlanned, SeeksSupport: true,
			Deliverables: []domain.Deliverable{{Text: "Shared method agreed", DueOn: "2025-12-31"}, {Text: "First yearly dataset published"}}},
		Owner: "Budapest Process", CoOwners: []string{"ECOWAS"}, Partners: []string{"IOM"},
		Indicators: []*domain.Indicator{
			{ID: "i1", Name: "Datasets published", Unit: "datasets", Baseline: &base, BaselineOn: "2025-01-01", Target: &target, TargetOn: "2027-12-31",
				Direction: domain.UpIsGood, Disaggregation: []string{"region"}, Source: "Hub's publication list"},
			{ID: "i2", Name: "Days from collection to publication", Unit: "days", Baseline: &days, BaselineOn: "2025-01-01", Target: &goal, TargetOn: "2027-12-31",
				Direction: domain.DownIsGood, Source: "Hub's records"},
		},
	}
	return Write(w, f, []Item{it})
}
