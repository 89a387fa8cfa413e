package demo

import (
	"context"
	"fmt"
	"slices"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/followup"
	"github.com/plenary-org/plenary/internal/store"
)

// The follow-up of the demo's process (docs/FOLLOW-UP.md): what the
// bodies undertook after GRCP 6 (demonstration) and GRCP 7, made through
// the use cases of package followup by the secretariat, as it would make
// them:
//
//   - from the overall recommendations of GRCP 6's adopted outcome
//     document (GRCP 7's outcome is left for visitors to make);
//   - from published GRCP 7 contributions of kind commitment or follow-up
//     mechanism, each owned by the body that made it;
//   - entered directly, for pledges made outside a contribution.
//
// The owners are bodies that demo accounts act for (a delegate or partner
// of the body reports progress for it), so that a visitor who logs in as
// one sees what they must report. Every commitment and indicator is
// marked as demonstration content; the indicators' baselines, targets and
// values are invented, and their source says so.

// fuSecretariat is the account that makes the commitments.
const fuSecretariat = "secretariat@demo.plenary.local"

// fuDemoSource begins the source of every demo indicator.
const fuDemoSource = "Demonstration values, not real data"

// fuCommitment is one commitment of the demo.
type fuCommitment struct {
	key string
	// Where it comes from: a recommendation of GRCP 6's adopted outcome
	// document (its text), or a published GRCP 7 contribution (its body's
	// label and title); neither for one entered directly.
	recommendation   string
	contributionBody string
	contribution     string
	// title and text of one entered directly, or a shorter title for one
	// made from a recommendation ("" keeps the drafted one).
	title, text string
	owner       string // a body's label
	coOwners    []string
	partners    []string
	objectives  []string // when the source gives none
	start, due  string
	deliver     []domain.Deliverable
	seeks       bool
	indicators  []fuIndicator
	// status is where it stands, note why (required to drop it): what
	// its last accepted progress report gives, or what the secretariat
	// records.
	status domain.CommitmentStatus
	note   string
	// reports says what its owners reported on each year from 2018 to
	// 2025, one letter a year ([fuReportCodes]).
	reports string
	// reporter is the body that reports, the owner unless a co-owner.
	reporter string
	// work is what was done, for the reports' narratives; challenge and
	// support what they say when it is at risk or delayed.
	work, challenge, support string
}

// fuIndicator is an indicator of a demo commitment, with invented values.
type fuIndicator struct {
	name, unit           string
	baseline, target     float64
	baselineOn, targetOn string
	direction            domain.Direction
	dims                 []string
	source               string // what a real one would be read from
}

var fuCommitments = []fuCommitment{
	// From GRCP 6's overall recommendations.
	{key: "pathways", recommendation: g6Overall[0].text, title: "Regular pathways for labour migration between the Americas' countries",
		owner: "RCM", coOwners: []string{"CMC"}, partners: []string{"IOM"}, start: "2017-01-01", due: "2027-12-31",
		deliver: []domain.Deliverable{{Text: "A regional model agreement on seasonal labour migration", DueOn: "2019-12-31", Done: true},
			{Text: "Skills recognition between at least eight member States", DueOn: "2027-12-31"}},
		indicators: []fuIndicator{
			{name: "Bilateral labour migration agreements in force", unit: "agreements", baseline: 4, baselineOn: "2016-12-31", target: 16, targetOn: "2027-12-31",
				direction: domain.UpIsGood, source: "the ministries of labour of the member States"},
			{name: "Migrant workers admitted through regular pathways", unit: "people", baseline: 52000, baselineOn: "2016-12-31", target: 90000, targetOn: "2027-12-31",
				direction: domain.UpIsGood, dims: []string{"sex"}, source: "national admission records"},
		},
		status: domain.CommitmentOnTrack, reports: "aaaaaaas", reporter: "CMC",
		work: "the member States signed further seasonal labour agreements and admitted more workers through them"},
	{key: "data", recommendation: g6Amendments[0].text, title: "Migration data capacity of national statistics offices in Southern Africa",
		owner: "MIDSA", partners: []string{"ECA"}, start: "2017-01-01", due: "2022-12-31",
		deliver: []domain.Deliverable{{Text: "Migration questions in the 2020 round of censuses", DueOn: "2021-12-31", Done: true},
			{Text: "A regional migration data portal", DueOn: "2022-12-31", Done: true}},
		indicators: []fuIndicator{
			{name: "Member States publishing yearly migration statistics", unit: "States", baseline: 3, baselineOn: "2016-12-31", target: 12, targetOn: "2022-12-31",
				direction: domain.UpIsGood, source: "the national statistics offices"},
		},
		status: domain.CommitmentAchieved, reports: "aaaaa---",
		work: "more national statistics offices published migration statistics, with the support of the Economic Commission for Africa"},
	{key: "fees", recommendation: g6Overall[2].text, title: "No recruitment fees for migrant workers in the Gulf corridors",
		owner: "ADD", coOwners: []string{"Colombo Process"}, partners: []string{"Fair Recruitment Business Alliance (demo)"}, start: "2017-01-01", due: "2026-12-31",
		indicators: []fuIndicator{
			{name: "Average recruitment cost paid by a worker", unit: "USD", baseline: 1800, baselineOn: "2016-12-31", target: 0, targetOn: "2026-12-31",
				direction: domain.DownIsGood, dims: []string{"sex"}, source: "worker surveys in the countries of origin"},
		},
		status: domain.CommitmentAtRisk, reports: "aaaaaLam",
		work:      "the member States licensed and inspected recruitment agencies",
		challenge: "Agencies in the countries of destination still charge workers; two States postponed their new rules.",
		support:   "Help to set up joint inspections of recruitment agencies."},
	{key: "remittances", recommendation: g6Amendments[1].changed, title: "Cheaper and safer remittances to Africa",
		owner: "ECA", coOwners: []string{"MIDSA"}, start: "2017-01-01", due: "2023-12-31",
		indicators: []fuIndicator{
			{name: "Average cost of sending 200 USD", unit: "%", baseline: 9.8, baselineOn: "2016-12-31", target: 3, targetOn: "2023-12-31",
				direction: domain.DownIsGood, source: "remittance price surveys"},
		},
		status: domain.CommitmentDelayed, reports: "a-a-ar--",
		work:      "remittance price surveys were published and new providers licensed",
		challenge: "The cost of small transfers fell more slowly than planned.",
		support:   "Data on digital transfer costs from the central banks."},

	// From GRCP 7's published contributions.
	{key: "digital-remittances", contributionBody: "RCM", contribution: "Commitment on digital remittances and financial inclusion",
		owner: "RCM", partners: []string{"ECLAC"}, start: "2018-01-01", due: "2030-12-31",
		indicators: []fuIndicator{
			{name: "Adult migrants with an account at a financial institution", unit: "%", baseline: 41, baselineOn: "2017-12-31", target: 75, targetOn: "2030-12-31",
				direction: domain.UpIsGood, dims: []string{"sex"}, source: "household surveys"},
		},
		status: domain.CommitmentOnTrack, reports: "aaaaaaam",
		work: "more migrants opened accounts with banks and mobile money providers"},
	{key: "regional-review", contributionBody: "RCM", contribution: "Regional review every four years through the RCPs",
		owner: "RCM", coOwners: []string{"SACM"}, start: "2018-01-01", due: "2022-12-31",
		deliver: []domain.Deliverable{{Text: "The first regional review of the Americas", DueOn: "2021-06-30", Done: true}},
		indicators: []fuIndicator{
			{name: "Member States taking part in the regional review", unit: "States", baseline: 0, baselineOn: "2017-12-31", target: 20, targetOn: "2022-12-31",
				direction: domain.UpIsGood, source: "the review's list of participants"},
		},
		status: domain.CommitmentAchieved, reports: "-aaaa---",
		work: "the member States prepared and held the regional review of the Americas"},
	{key: "mobile-money", contributionBody: "ADD", contribution: "Open remittance markets to mobile money and new providers",
		owner: "ADD", start: "2018-01-01", due: "2028-12-31",
		indicators: []fuIndicator{
			{name: "Licensed remittance providers offering mobile transfers", unit: "providers", baseline: 6, baselineOn: "2017-12-31", target: 30, targetOn: "2028-12-31",
				direction: domain.UpIsGood, source: "the central banks' registers"},
		},
		status: domain.CommitmentOnTrack, reports: "aaaaaaad",
		work: "central banks licensed more providers of mobile transfers"},
	{key: "national-plans", contributionBody: "CMC", contribution: "Voluntary national implementation plans with indicators",
		owner: "CMC", start: "2018-01-01", due: "2025-12-31",
		indicators: []fuIndicator{
			{name: "Member States with a national GCM implementation plan", unit: "States", baseline: 0, baselineOn: "2017-12-31", target: 10, targetOn: "2025-12-31",
				direction: domain.UpIsGood, source: "the plans as published"},
		},
		status: domain.CommitmentAtRisk, reports: "aa-aaL-r",
		work:      "member States drafted national implementation plans",
		challenge: "Elections delayed the adoption of three plans.",
		support:   "A template for national plans and their indicators."},
	{key: "indicators", contributionBody: "IOM", contribution: "Measure the GCM with indicators States already collect",
		owner: "IOM", partners: []string{"ECA", "ESCAP"}, start: "2018-01-01", due: "2027-12-31",
		indicators: []fuIndicator{
			{name: "GCM objectives with an agreed indicator", unit: "objectives", baseline: 2, baselineOn: "2017-12-31", target: 23, targetOn: "2027-12-31",
				direction: domain.UpIsGood, source: "the indicator framework's register"},
		},
		status: domain.CommitmentOnTrack, reports: "aaaaaaaa",
		work: "the partners agreed indicators for further objectives with the national statistics offices"},
	{key: "voluntary-reviews", contributionBody: "Migrant Rights Network (demo)", contribution: "National plans and voluntary reviews",
		owner: "Migrant Rights Network (demo)", start: "2018-01-01", due: "2024-12-31",
		status: domain.CommitmentDropped, note: "Merged into the national implementation plans of the Central American Commission of Migration Directors.",
		reports: "aaa-----", work: "civil society organisations prepared shadow reports on national implementation"},
	{key: "knowledge-platform", contributionBody: "IDM", contribution: "Means of implementation: knowledge platform and fund",
		owner: "IDM", partners: []string{"IOM"}, start: "2018-01-01", due: "2023-12-31",
		indicators: []fuIndicator{
			{name: "Projects funded by the seed fund", unit: "projects", baseline: 0, baselineOn: "2017-12-31", target: 40, targetOn: "2023-12-31",
				direction: domain.UpIsGood, source: "the fund's annual report"},
		},
		status: domain.CommitmentDelayed, reports: "aaaa-m-m",
		work:      "the knowledge platform went online and the seed fund financed its first projects",
		challenge: "Contributions to the seed fund came in late.",
		support:   "Donors for the seed fund."},

	// Entered directly by the secretariat.
	{key: "no-fees", title: "Member businesses charge no recruitment fees to migrant workers",
		text:  "Member businesses of the alliance commit to charge no recruitment fees or related costs to migrant workers from 2019, and to have their recruitment agencies audited every two years. (Demonstration content.)",
		owner: "Fair Recruitment Business Alliance (demo)", partners: []string{"IOM"}, objectives: []string{"O6"}, start: "2019-01-01", due: "2026-12-31", seeks: true,
		indicators: []fuIndicator{
			{name: "Member businesses with an audited zero-fee policy", unit: "%", baseline: 12, baselineOn: "2018-12-31", target: 100, targetOn: "2026-12-31",
				direction: domain.UpIsGood, source: "the alliance's audit reports"},
		},
		status: domain.CommitmentOnTrack, reports: "-aaaaaas",
		work: "more member businesses adopted a zero-fee policy and had it audited"},
	{key: "local-authorities", title: "Train local authorities on migrants' access to basic services",
		text:  "Partner NGOs train local authorities on migrants' access to health care, schooling and housing in ten countries by 2020. (Demonstration content.)",
		owner: "Migrant Rights Network (demo)", objectives: []string{"O15", "O16"}, start: "2018-01-01", due: "2020-12-31",
		indicators: []fuIndicator{
			{name: "Local officials trained", unit: "people", baseline: 0, baselineOn: "2017-12-31", target: 1200, targetOn: "2020-12-31",
				direction: domain.UpIsGood, dims: []string{"sex"}, source: "the training records"},
		},
		status: domain.CommitmentAchieved, reports: "aaa-----",
		work: "partner NGOs trained local officials in further countries"},
	{key: "advisers", title: "Migration policy advisers for the secretariats of the regional consultative processes",
		text:  "Second a migration policy adviser to the secretariat of each regional consultative process that asks for one, to prepare its regional reviews. (Demonstration content.)",
		owner: "IOM", coOwners: []string{"IDM"}, objectives: []string{"O23"}, start: "2027-01-01", due: "2029-12-31", seeks: true,
		status: domain.CommitmentPlanned, reports: "--------"},
}

// fuMade is what loadFollowUp made, for the rest of the demo's follow-up.
type fuMade struct {
	processID   string
	svc         *followup.Service
	secretariat *domain.Actor
	commitments map[string]*domain.Commitment  // by key
	indicators  map[string][]*domain.Indicator // by commitment key
}

// loadFollowUp makes the process's commitments and their indicators.
func loadFollowUp(ctx context.Context, db *store.DB, processID, grcp7ID, grcp6ID string, bodies map[string]*domain.Body) (*fuMade, error) {
	sec, err := actorFor(ctx, db, fuSecretariat)
	if err != nil {
		return nil, err
	}
	svc := followup.New(db)
	made := &fuMade{processID: processID, svc: svc, secretariat: sec, commitments: map[string]*domain.Commitment{}, indicators: map[string][]*domain.Indicator{}}
	recs, err := svc.Recommendations(ctx, sec, grcp6ID)
	if err != nil {
		return nil, fmt.Errorf("demo: follow-up: GRCP 6's recommendations: %w", err)
	}
	sources, err := fuSources(ctx, db, grcp7ID, bodies)
	if err != nil {
		return nil, err
	}
	body := func(label string) (string, error) {
		b, ok := bodies[label]
		if !ok {
			return "", fmt.Errorf("demo: follow-up: no body %q", label)
		}
		return b.ID, nil
	}
	for _, fc := range fuCommitments {
		var c *domain.Commitment
		switch {
		case fc.recommendation != "":
			i := slices.IndexFunc(recs.Recommendations, func(r followup.Recommendation) bool { return r.Text == fc.recommendation })
			if i < 0 {
				return nil, fmt.Errorf("demo: follow-up %s: GRCP 6 adopted no recommendation %q", fc.key, fc.recommendation)
			}
			if c, _, err = svc.DraftFromRecommendation(ctx, sec, grcp6ID, recs.Recommendations[i].Ref.BlockID); err != nil {
				return nil, fmt.Errorf("demo: follow-up %s: %w", fc.key, err)
			}
		case fc.contribution != "":
			id := sources[fc.contributionBody+"|"+fc.contribution]
			if id == "" {
				return nil, fmt.Errorf("demo: follow-up %s: %s published no commitment or follow-up mechanism %q", fc.key, fc.contributionBody, fc.contribution)
			}
			if c, _, err = svc.DraftFromContribution(ctx, sec, id); err != nil {
				return nil, fmt.Errorf("demo: follow-up %s: %w", fc.key, err)
			}
		default:
			c = &domain.Commitment{ProcessID: processID, MeetingID: grcp7ID, Text: fc.text, Lang: "en"}
		}
		if fc.title != "" {
			c.Title = fc.title
		}
		c.Demo, c.StartOn, c.DueOn, c.Deliverables, c.SeeksSupport = true, fc.start, fc.due, fc.deliver, fc.seeks
		if len(c.Objectives) == 0 {
			c.Objectives = fc.objectives
		}
		if c.OwnerBodyID, err = body(fc.owner); err != nil {
			return nil, err
		}
		for _, l := range fc.coOwners {
			id, err := body(l)
			if err != nil {
				return nil, err
			}
			c.CoOwnerBodyIDs = append(c.CoOwnerBodyIDs, id)
		}
		for _, l := range fc.partners {
			id, err := body(l)
			if err != nil {
				return nil, err
			}
			c.PartnerBodyIDs = append(c.PartnerBodyIDs, id)
		}
		if c, err = svc.Create(ctx, sec, c); err != nil {
			return nil, fmt.Errorf("demo: follow-up %s: %w", fc.key, err)
		}
		for _, fi := range fc.indicators {
			baseline, target := fi.baseline, fi.target
			ind, err := svc.AddIndicator(ctx, sec, followup.IndicatorInput{CommitmentID: c.ID, Name: fi.name, Unit: fi.unit,
				Baseline: &baseline, BaselineOn: fi.baselineOn, Target: &target, TargetOn: fi.targetOn, Direction: fi.direction,
				Disaggregation: fi.dims, Source: fuDemoSource + " (a real one would come from " + fi.source + ")."})
			if err != nil {
				return nil, fmt.Errorf("demo: follow-up %s, indicator %q: %w", fc.key, fi.name, err)
			}
			made.indicators[fc.key] = append(made.indicators[fc.key], ind)
		}
		made.commitments[fc.key] = c
	}
	if err := loadProgress(ctx, db, made, bodies); err != nil {
		return nil, err
	}
	// Where each stands, when its reports do not say it, as the
	// secretariat records it.
	for _, fc := range fuCommitments {
		c, err := db.Commitment(ctx, made.commitments[fc.key].ID)
		if err != nil {
			return nil, err
		}
		if fc.status == c.Status {
			made.commitments[fc.key] = c
			continue
		}
		if c, err = svc.ChangeStatus(ctx, sec, followup.StatusInput{ID: c.ID, Version: c.Version, Status: fc.status, Note: fc.note}); err != nil {
			return nil, fmt.Errorf("demo: follow-up %s: status: %w", fc.key, err)
		}
		made.commitments[fc.key] = c
	}
	if err := loadFollowUpExtras(ctx, made); err != nil {
		return nil, err
	}
	return made, nil
}

// fuSources finds the published GRCP 7 contributions that commitments are
// made from, by their body's label and title.
func fuSources(ctx context.Context, db *store.DB, meetingID string, bodies map[string]*domain.Body) (map[string]string, error) {
	want := map[string]bool{}
	for _, fc := range fuCommitments {
		if fc.contribution != "" {
			want[fc.contributionBody+"|"+fc.contribution] = true
		}
	}
	label := map[string]string{}
	for l, b := range bodies {
		label[b.ID] = l
	}
	ids, err := db.ContributionIDs(ctx, store.ContributionFilter{MeetingIDs: []string{meetingID}, Statuses: []domain.Status{domain.StatusPublished},
		Kinds: []domain.ContributionKind{domain.KindCommitment, domain.KindFollowUp}})
	if err != nil {
		return nil, fmt.Errorf("demo: follow-up: contributions: %w", err)
	}
	cs, err := db.ContributionsByID(ctx, ids)
	if err != nil {
		return nil, fmt.Errorf("demo: follow-up: contributions: %w", err)
	}
	out := map[string]string{}
	for _, c := range cs {
		if k := label[c.BodyID] + "|" + c.Title; want[k] && out[k] == "" {
			out[k] = c.ID
		}
	}
	return out, nil
}
