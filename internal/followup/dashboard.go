package followup

import (
	"cmp"
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/store"
)

// DashboardInput selects the commitments of a process that its dashboard
// counts. Empty fields do not filter.
type DashboardInput struct {
	ProcessID string
	MeetingID string // made at this meeting of the process
	BodyID    string // owned or co-owned by this body
	Objective string // serving this objective or guiding principle (O5, Pa)
	Region    string // whose owner body is of this region (a key of [Dashboard.Regions])
	Status    domain.CommitmentStatus
	// CycleID keeps the commitments in the scope of this review cycle, and
	// is the cycle whose reporting the dashboard shows.
	CycleID string
}

// Count is a number of commitments with one value of a key: a status, an
// objective's code, a region.
type Count struct {
	Key string
	N   int
}

// Dashboard is what a process's dashboard shows: the commitments the
// filter selects counted by status, by objective of the Global Compact,
// by region of their owner body, by objective and region together, and
// how the owners reported in one review cycle.
type Dashboard struct {
	Process *domain.Process
	// Filter is the input as applied (the objective's code written
	// canonically).
	Filter DashboardInput
	// Choices are the values each filter offers.
	Choices *store.DashboardChoices
	// Total is the number of commitments selected.
	Total int
	// ByStatus has every status in display order, zeros included.
	ByStatus []Count
	// ByObjective has the 23 objectives, O1 to O23, zeros included;
	// ByPrinciple the guiding principles that any commitment serves. A
	// commitment counts once under each objective it serves.
	ByObjective, ByPrinciple []Count
	// Regions are the regions of the selected commitments' owners, by key
	// ([store.FollowUpCount]: a region's ID, or the text of a region no
	// known one has the name of), in alphabetical order of their English
	// names, "" (bodies without a region) last; ByRegion counts the
	// commitments in each, in that order. [Dashboard.RegionName] names them.
	Regions  []string
	ByRegion []Count
	// Heat counts commitments by objective (rows, as ByObjective) and
	// region (columns, as Regions).
	Heat [][]int
	// Reporting is how the owners reported in the chosen cycle, else in
	// the cycle with the latest deadline; nil when the process has none.
	Reporting *CycleReporting
	// Counted identifies what the dashboard was made from
	// ([store.DashboardCounts.ID]): every dashboard with the same value
	// holds the same filter, counts, choices and region names, whoever
	// asked; only Process is read anew for each request. What a page
	// makes of the rest may be kept under it.
	Counted uint64
	regions *domain.RegionIndex
}

// RegionName returns the name in lang of the region with key (see
// [Dashboard.Regions]); "" for bodies without a region.
func (d *Dashboard) RegionName(key, lang string) string {
	if text, ok := strings.CutPrefix(key, store.UnmappedRegionKey); ok {
		return text
	}
	if key == "" || d.regions == nil {
		return key
	}
	return d.regions.Name(key, lang)
}

// regionOrder sorts region keys by their English names, "" last.
func (d *Dashboard) regionOrder(a, b string) int {
	switch {
	case a == b:
		return 0
	case a == "":
		return 1
	case b == "":
		return -1
	}
	return cmp.Or(cmp.Compare(strings.ToLower(d.RegionName(a, "en")), strings.ToLower(d.RegionName(b, "en"))), cmp.Compare(a, b))
}

// CycleReporting is how the owners of the selected commitments in a review
// cycle's scope reported: on time (by the end of the deadline's day),
// late, or not at all (a draft or a returned report does not count), in
// all and per region of the owner body.
type CycleReporting struct {
	CycleID, Name, Deadline string
	All                     Reporting
	Regions                 []string // as Dashboard.Regions
	ByRegion                []Reporting
}

// Reporting counts commitments by how they were reported on.
type Reporting struct {
	OnTime, Late, None int
}

// Total is the number of commitments in the cycle's scope.
func (r Reporting) Total() int { return r.OnTime + r.Late + r.None }

// Rate is the share of commitments reported on, on time or late; 0 when
// none is in scope.
func (r Reporting) Rate() float64 {
	if r.Total() == 0 {
		return 0
	}
	return float64(r.OnTime+r.Late) / float64(r.Total())
}

// Dashboard returns the dashboard of a process's follow-up (see
// [Dashboard]) to whoever sees the follow-up ([domain.Actor.CanViewFollowUp]):
// [domain.EUNAUTHORIZED] for an anonymous actor, [domain.ENOTFOUND] for a
// process they may not see and for a meeting, a body, a region or a cycle
// that is not the process's (the region of none of its owners);
// [domain.EINVALID] for an unknown status or objective and a region with
// control characters. Every count is made by the
// database.
func (s *Service) Dashboard(ctx context.Context, a *domain.Actor, in DashboardInput) (*Dashboard, error) {
	if !a.LoggedIn() {
		return nil, domain.Unauthorized()
	}
	if !a.CanViewFollowUp(in.ProcessID) {
		return nil, domain.NotFound("process")
	}
	p, err := s.db.Process(ctx, in.ProcessID)
	if err != nil {
		return nil, err
	}
	f := store.DashboardFilter{ProcessID: p.ID, MeetingID: strings.TrimSpace(in.MeetingID), BodyID: strings.TrimSpace(in.BodyID),
		Objective: in.Objective, Region: strings.TrimSpace(in.Region), Status: string(in.Status), CycleID: strings.TrimSpace(in.CycleID)}
	if err := domain.CheckLine("region", f.Region); err != nil {
		return nil, err
	}
	if f.Objective, err = checkObjective(in.Objective); err != nil {
		return nil, err
	}
	if f.Status != "" && !in.Status.Valid() {
		return nil, domain.Invalid("status", "followup.error_status", "choose planned, on track, at risk, delayed, achieved or dropped")
	}
	counts, err := s.db.DashboardCounts(ctx, f, cycleCutoff)
	if err != nil {
		return nil, err
	}
	// The counts are shared with other requests: what is sorted here is a
	// copy.
	choices := *counts.Choices
	choices.Regions = slices.Clone(choices.Regions)
	if err := checkChoices(f, &choices); err != nil {
		return nil, err
	}
	in.MeetingID, in.BodyID, in.Objective, in.Region, in.CycleID = f.MeetingID, f.BodyID, f.Objective, f.Region, f.CycleID
	d := &Dashboard{Process: p, Filter: in, Choices: &choices, Counted: counts.ID, regions: counts.Regions}
	slices.SortFunc(choices.Regions, func(a, b store.DashboardChoice) int { return d.regionOrder(a.ID, b.ID) })
	d.countStatusAndRegion(counts.ByStatus)
	d.countObjectives(counts.ByObjective)
	d.cycleReporting(counts)
	return d, nil
}

// checkObjective returns the code of an objective or guiding principle
// written canonically, "" for none.
func checkObjective(code string) (string, error) {
	if strings.TrimSpace(code) == "" {
		return "", nil
	}
	codes, bad := domain.NormalizeGCMCodes([]string{code})
	if len(bad) > 0 || len(codes) != 1 {
		return "", domain.Invalid("objective", "followup.error_objective", "unknown objectives or guiding principles: %s (use O1 to O23 and Pa to Pj)", code)
	}
	return codes[0], nil
}

// checkChoices refuses a filter naming what is not the process's.
func checkChoices(f store.DashboardFilter, ch *store.DashboardChoices) error {
	has := func(cs []store.DashboardChoice, id string) bool {
		return id == "" || slices.ContainsFunc(cs, func(c store.DashboardChoice) bool { return c.ID == id })
	}
	switch {
	case !has(ch.Meetings, f.MeetingID):
		return domain.NotFound("meeting")
	case !has(ch.Bodies, f.BodyID):
		return domain.NotFound("body")
	case !has(ch.Cycles, f.CycleID):
		return domain.NotFound("review cycle")
	case !has(ch.Regions, f.Region):
		return domain.NotFound("region")
	}
	return nil
}

// countStatusAndRegion fills ByStatus, Regions and ByRegion from counts by
// status and region.
func (d *Dashboard) countStatusAndRegion(cs []store.FollowUpCount) {
	status := map[string]int{}
	region := map[string]int{}
	for _, c := range cs {
		status[c.Key] += c.N
		region[c.Region] += c.N
		d.Total += c.N
	}
	for _, st := range domain.CommitmentStatuses {
		d.ByStatus = append(d.ByStatus, Count{Key: string(st), N: status[string(st)]})
	}
	for r := range region {
		d.Regions = append(d.Regions, r)
	}
	slices.SortFunc(d.Regions, d.regionOrder)
	for _, r := range d.Regions {
		d.ByRegion = append(d.ByRegion, Count{Key: r, N: region[r]})
	}
}

// countObjectives fills ByObjective, ByPrinciple and Heat from counts by
// objective and region. Regions come from the counts by status, which
// count every selected commitment; a region only an objective count names
// cannot occur, but is added all the same rather than dropped.
func (d *Dashboard) countObjectives(cs []store.FollowUpCount) {
	col := map[string]int{}
	for i, r := range d.Regions {
		col[r] = i
	}
	for _, c := range cs {
		if _, ok := col[c.Region]; !ok {
			col[c.Region] = len(d.Regions)
			d.Regions = append(d.Regions, c.Region)
			d.ByRegion = append(d.ByRegion, Count{Key: c.Region})
		}
	}
	d.Heat = make([][]int, domain.GCMObjectives)
	for i := range d.Heat {
		d.Heat[i] = make([]int, len(d.Regions))
	}
	objective := make([]int, domain.GCMObjectives)
	principle := map[string]int{}
	for _, c := range cs {
		if !domain.IsObjective(c.Key) {
			principle[c.Key] += c.N
			continue
		}
		n, _ := strconv.Atoi(c.Key[1:]) // IsObjective: O1 to O23
		objective[n-1] += c.N
		d.Heat[n-1][col[c.Region]] += c.N
	}
	for i, n := range objective {
		d.ByObjective = append(d.ByObjective, Count{Key: "O" + strconv.Itoa(i+1), N: n})
	}
	for code, n := range principle {
		d.ByPrinciple = append(d.ByPrinciple, Count{Key: code, N: n})
	}
	slices.SortFunc(d.ByPrinciple, func(a, b Count) int { return cmp.Compare(a.Key, b.Key) })
}

// cycleCutoff is the moment after which a report in a cycle with the
// deadline is late: the end of the deadline's day in UTC, the day
// [domain.ReviewCycle.Overdue] compares with.
func cycleCutoff(deadline string) (int64, error) {
	t, err := time.Parse(time.DateOnly, deadline)
	if err != nil {
		return 0, domain.Errorf(domain.EINTERNAL, "", "review cycle deadline %q", deadline)
	}
	return t.Add(24 * time.Hour).UnixMilli(), nil
}

// cycleReporting fills d.Reporting from the counts of the cycle's
// reporting.
func (d *Dashboard) cycleReporting(counts *store.DashboardCounts) {
	cycle := counts.Cycle
	if cycle == nil {
		return
	}
	r := &CycleReporting{CycleID: cycle.ID, Name: cycle.Label, Deadline: cycle.Extra}
	byRegion := map[string]*Reporting{}
	for _, c := range counts.Reporting {
		rr := byRegion[c.Region]
		if rr == nil {
			rr = &Reporting{}
			byRegion[c.Region] = rr
			r.Regions = append(r.Regions, c.Region)
		}
		for _, dst := range []*Reporting{rr, &r.All} {
			switch c.Key {
			case store.ReportedOnTime:
				dst.OnTime += c.N
			case store.ReportedLate:
				dst.Late += c.N
			default:
				dst.None += c.N
			}
		}
	}
	slices.SortFunc(r.Regions, d.regionOrder)
	for _, reg := range r.Regions {
		r.ByRegion = append(r.ByRegion, *byRegion[reg])
	}
	d.Reporting = r
}

// IndicatorChart is an indicator's values over time as its chart shows
// them, against its baseline and target.
type IndicatorChart struct {
	*store.DashboardIndicator
	// Points are the values of accepted progress reports for the whole
	// (not one category of a dimension), one per date, oldest first.
	Points []store.IndicatorPoint
}

// IndicatorChart returns indicator id's values over time to whoever sees
// the follow-up of its commitment's process: [domain.EUNAUTHORIZED] for an
// anonymous actor, [domain.ENOTFOUND] when there is no such indicator or
// the actor may not see it.
func (s *Service) IndicatorChart(ctx context.Context, a *domain.Actor, id string) (*IndicatorChart, error) {
	if !a.LoggedIn() {
		return nil, domain.Unauthorized()
	}
	ind, err := s.db.DashboardIndicator(ctx, id)
	if err != nil {
		return nil, err
	}
	if !a.CanViewFollowUp(ind.ProcessID) {
		return nil, domain.NotFound("indicator")
	}
	pts, err := s.db.IndicatorSeries(ctx, id)
	if err != nil {
		return nil, err
	}
	return &IndicatorChart{DashboardIndicator: ind, Points: pts}, nil
}
