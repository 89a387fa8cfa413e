package domain

import (
	"math"
	"slices"
	"strings"
	"testing"
)

// fields returns the fields err names, in order.
func fields(err error) []string {
	es, ok := err.(Errors)
	if !ok {
		return nil
	}
	var out []string
	for _, e := range es {
		out = append(out, e.Field)
	}
	return out
}

func validCommitment() *Commitment {
	return &Commitment{ProcessID: "p", Title: " Open a migrant resource centre ", Text: "By 2025.", Lang: "en", OwnerBodyID: "own"}
}

func TestCommitmentValidate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		change func(c *Commitment)
		want   []string // fields in error; nil when valid
	}{
		{"valid", func(c *Commitment) {}, nil},
		{"no title", func(c *Commitment) { c.Title = "  " }, []string{"title"}},
		{"title of two lines", func(c *Commitment) { c.Title = "a\nb" }, []string{"title"}},
		{"NUL in the text", func(c *Commitment) { c.Text = "a\x00b" }, []string{"text"}},
		{"huge text", func(c *Commitment) { c.Text = strings.Repeat("x", MaxCommitmentText+1) }, []string{"text"}},
		{"unknown language", func(c *Commitment) { c.Lang = "de" }, []string{"lang"}},
		{"no owner", func(c *Commitment) { c.OwnerBodyID = "" }, []string{"owner"}},
		{"owner as co-owner", func(c *Commitment) { c.CoOwnerBodyIDs = []string{"own"} }, []string{"co_owners"}},
		{"owner as partner", func(c *Commitment) { c.PartnerBodyIDs = []string{"x", "own"} }, []string{"partners"}},
		{"co-owner as partner", func(c *Commitment) { c.CoOwnerBodyIDs, c.PartnerBodyIDs = []string{"x"}, []string{"x"} }, []string{"partners"}},
		{"unknown objective", func(c *Commitment) { c.Objectives = []string{"O5", "O24", "Pk", "SDG10"} }, []string{"objectives"}},
		{"too many partners", func(c *Commitment) {
			for i := range MaxCommitmentBodies + 1 {
				c.PartnerBodyIDs = append(c.PartnerBodyIDs, strings.Repeat("b", i+1))
			}
		}, []string{"partners"}},
		{"bad dates", func(c *Commitment) { c.StartOn, c.DueOn = "2025-02-30", "2025" }, []string{"start_on", "due_on"}},
		{"due before start", func(c *Commitment) { c.StartOn, c.DueOn = "2025-06-01", "2025-01-01" }, []string{"due_on"}},
		{"unknown status", func(c *Commitment) { c.Status = "done" }, []string{"status"}},
		{"deliverable without text", func(c *Commitment) { c.Deliverables = []Deliverable{{Text: " ", DueOn: "2025-01-01"}} }, []string{"deliverables"}},
		{"deliverable with a bad date", func(c *Commitment) { c.Deliverables = []Deliverable{{Text: "a", DueOn: "1/1/2025"}} }, []string{"deliverables"}},
		{"recommendation without a version", func(c *Commitment) { c.Recommendations = []RecommendationRef{{OutcomeID: "m", BlockID: "p1"}} }, []string{"recommendations"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := validCommitment()
			tt.change(c)
			err := c.Validate()
			if got := fields(err); !slices.Equal(got, tt.want) {
				t.Errorf("fields in error %v, want %v (%v)", got, tt.want, err)
			}
			if err != nil && ErrorCode(err) != EINVALID {
				t.Errorf("code %s", ErrorCode(err))
			}
		})
	}
}

func TestCommitmentNormalises(t *testing.T) {
	t.Parallel()
	c := validCommitment()
	c.Objectives = []string{"pb", " O10", "o2", "O10", "Pa", "O23"}
	c.CoOwnerBodyIDs = []string{" x", "x", ""}
	c.Recommendations = []RecommendationRef{{"m", "p1", 1}, {" m", "p1 ", 1}}
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	if want := []string{"O2", "O10", "O23", "Pa", "Pb"}; !slices.Equal(c.Objectives, want) {
		t.Errorf("objectives %v, want %v", c.Objectives, want)
	}
	if !slices.Equal(c.CoOwnerBodyIDs, []string{"x"}) || len(c.Recommendations) != 1 {
		t.Errorf("co-owners %v, recommendations %v", c.CoOwnerBodyIDs, c.Recommendations)
	}
	if c.Title != "Open a migrant resource centre" || c.Status != CommitmentPlanned {
		t.Errorf("title %q status %q", c.Title, c.Status)
	}
}

func TestGCMCodes(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		code             string
		valid, objective bool
	}{
		{"O1", true, true}, {"O23", true, true}, {"Pa", true, false}, {"Pj", true, false},
		{"O0", false, false}, {"O24", false, false}, {"O05", false, false}, {"O+5", false, false}, {"Pk", false, false},
		{"o5", false, true}, {"P", false, false}, {"", false, false}, {"Paa", false, false}, {"X1", false, false},
	} {
		if got := GCMCodeValid(tt.code); got != tt.valid {
			t.Errorf("GCMCodeValid(%q) = %v", tt.code, got)
		}
		if got := IsObjective(tt.code); got != tt.objective {
			t.Errorf("IsObjective(%q) = %v", tt.code, got)
		}
	}
}

func TestCheckStatusChange(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		from, to CommitmentStatus
		note     string
		ok       bool
	}{
		{"planned to on track", CommitmentPlanned, CommitmentOnTrack, "", true},
		{"achieved back to delayed", CommitmentAchieved, CommitmentDelayed, "", true},
		{"same state", CommitmentOnTrack, CommitmentOnTrack, "", false},
		{"unknown state", CommitmentOnTrack, "finished", "", false},
		{"dropped without a reason", CommitmentOnTrack, CommitmentDropped, " ", false},
		{"dropped with a reason", CommitmentOnTrack, CommitmentDropped, "funding ended", true},
		{"note with NUL", CommitmentPlanned, CommitmentOnTrack, "a\x00", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := CheckStatusChange(tt.from, tt.to, tt.note); (err == nil) != tt.ok {
				t.Errorf("err = %v, want ok %v", err, tt.ok)
			}
		})
	}
}

func TestCommitmentLate(t *testing.T) {
	t.Parallel()
	c := &Commitment{DueOn: "2025-06-30", Status: CommitmentOnTrack}
	if c.Late("2025-06-30") || !c.Late("2025-07-01") {
		t.Error("an open commitment is late the day after its due date")
	}
	c.Status = CommitmentAchieved
	if c.Late("2026-01-01") {
		t.Error("an achieved commitment is never late")
	}
	if (&Commitment{Status: CommitmentPlanned}).Late("2099-01-01") {
		t.Error("a commitment without a due date is never late")
	}
}

func num(v float64) *float64 { return &v }

func TestIndicatorValidate(t *testing.T) {
	t.Parallel()
	valid := func() *Indicator {
		return &Indicator{Name: "Migrants served", Unit: "people", Baseline: num(100), BaselineOn: "2018-01-01", Target: num(500), TargetOn: "2025-12-31"}
	}
	tests := []struct {
		name   string
		change func(i *Indicator)
		want   []string
	}{
		{"valid", func(i *Indicator) {}, nil},
		{"neither baseline nor target yet", func(i *Indicator) { i.Baseline, i.BaselineOn, i.Target, i.TargetOn = nil, "", nil, "" }, nil},
		{"no name", func(i *Indicator) { i.Name = "" }, []string{"name"}},
		{"unknown direction", func(i *Indicator) { i.Direction = "sideways" }, []string{"direction"}},
		{"baseline without a date", func(i *Indicator) { i.BaselineOn = "" }, []string{"baseline_on"}},
		{"target date without a value", func(i *Indicator) { i.Target = nil }, []string{"target"}},
		{"target date before baseline", func(i *Indicator) { i.TargetOn = "2017-01-01" }, []string{"target_on"}},
		{"target worse than baseline going up", func(i *Indicator) { i.Target = num(50) }, []string{"target"}},
		{"target better going down", func(i *Indicator) { i.Direction, i.Target = DownIsGood, num(50) }, nil},
		{"target worse going down", func(i *Indicator) { i.Direction = DownIsGood }, []string{"target"}},
		{"NaN baseline", func(i *Indicator) { i.Baseline = num(math.NaN()) }, []string{"baseline"}},
		{"infinite target", func(i *Indicator) { i.Target = num(math.Inf(1)) }, []string{"target"}},
		{"bad date", func(i *Indicator) { i.BaselineOn = "2018-13-01" }, []string{"baseline_on"}},
		{"too many dimensions", func(i *Indicator) { i.Disaggregation = []string{"a", "b", "c", "d", "e", "f"} }, []string{"disaggregation"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ind := valid()
			tt.change(ind)
			if got := fields(ind.Validate()); !slices.Equal(got, tt.want) {
				t.Errorf("fields in error %v, want %v", got, tt.want)
			}
		})
	}
}

func TestIndicatorProgress(t *testing.T) {
	t.Parallel()
	ind := &Indicator{Baseline: num(100), Target: num(500)}
	for _, tt := range []struct{ v, want float64 }{{100, 0}, {300, 0.5}, {500, 1}, {600, 1.25}, {50, -0.125}} {
		if got, ok := ind.Progress(tt.v); !ok || got != tt.want {
			t.Errorf("Progress(%v) = %v, %v; want %v", tt.v, got, ok, tt.want)
		}
	}
	down := &Indicator{Baseline: num(40), Target: num(20), Direction: DownIsGood}
	if got, _ := down.Progress(30); got != 0.5 {
		t.Errorf("halfway down: %v", got)
	}
	if _, ok := (&Indicator{Target: num(1)}).Progress(1); ok {
		t.Error("progress without a baseline")
	}
}

func TestIndicatorValueValidate(t *testing.T) {
	t.Parallel()
	ind := &Indicator{ID: "i", Disaggregation: []string{"sex"}}
	tests := []struct {
		name string
		v    IndicatorValue
		want []string
	}{
		{"whole", IndicatorValue{IndicatorID: "i", Value: 3, On: "2024-12-31"}, nil},
		{"one category", IndicatorValue{IndicatorID: "i", Value: 3, On: "2024-12-31", Dimension: "sex", Category: "female"}, nil},
		{"another indicator", IndicatorValue{IndicatorID: "j", Value: 3, On: "2024-12-31"}, []string{"indicator"}},
		{"no date", IndicatorValue{IndicatorID: "i", Value: 3}, []string{"on"}},
		{"NaN", IndicatorValue{IndicatorID: "i", Value: math.NaN(), On: "2024-12-31"}, []string{"value"}},
		{"unknown dimension", IndicatorValue{IndicatorID: "i", Value: 3, On: "2024-12-31", Dimension: "age", Category: "0-14"}, []string{"dimension"}},
		{"category without dimension", IndicatorValue{IndicatorID: "i", Value: 3, On: "2024-12-31", Category: "female"}, []string{"dimension"}},
		{"dimension without category", IndicatorValue{IndicatorID: "i", Value: 3, On: "2024-12-31", Dimension: "sex"}, []string{"category"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := tt.v
			err := v.Validate(ind)
			got := fields(err)
			if e, ok := err.(*Error); ok {
				got = []string{e.Field}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("fields in error %v, want %v", got, tt.want)
			}
		})
	}
}

func TestProgressReportValidate(t *testing.T) {
	t.Parallel()
	valid := func() *ProgressReport {
		return &ProgressReport{PeriodFrom: "2024-01-01", PeriodTo: "2024-12-31", Status: CommitmentOnTrack, Lang: "fr"}
	}
	tests := []struct {
		name   string
		change func(r *ProgressReport)
		want   []string
	}{
		{"valid", func(r *ProgressReport) {}, nil},
		{"no period", func(r *ProgressReport) { r.PeriodFrom, r.PeriodTo = "", "" }, []string{"period_to"}},
		{"period backwards", func(r *ProgressReport) { r.PeriodFrom = "2025-01-01" }, []string{"period_to"}},
		{"unknown state", func(r *ProgressReport) { r.State = "filed" }, []string{"state"}},
		{"no status", func(r *ProgressReport) { r.Status = "" }, []string{"status"}},
		{"evidence not a web address", func(r *ProgressReport) { r.EvidenceLinks = []string{"javascript:alert(1)"} }, []string{"evidence"}},
		{"NUL in the narrative", func(r *ProgressReport) { r.Narrative = "\x00" }, []string{"narrative"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := valid()
			tt.change(r)
			if got := fields(r.Validate()); !slices.Equal(got, tt.want) {
				t.Errorf("fields in error %v, want %v", got, tt.want)
			}
		})
	}
}

func TestReportSteps(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		step ReportStep
		from ReportState
		to   ReportState
		ok   bool
	}{
		{StepSubmit, ReportDraft, ReportSubmitted, true},
		{StepSubmit, ReportReturned, ReportSubmitted, true},
		{StepSubmit, ReportAccepted, ReportSubmitted, false},
		{StepAccept, ReportSubmitted, ReportAccepted, true},
		{StepAccept, ReportDraft, ReportAccepted, false},
		{StepReturn, ReportAccepted, ReportReturned, true},
		{StepReturn, ReportDraft, ReportReturned, false},
		{"publish", ReportSubmitted, ReportSubmitted, false},
	} {
		to, ok := tt.step.Next(tt.from)
		if ok != tt.ok || (ok && to != tt.to) {
			t.Errorf("%s from %s = %s, %v", tt.step, tt.from, to, ok)
		}
	}
}

func TestReviewCycleValidate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		rc   ReviewCycle
		want []string
	}{
		{"valid", ReviewCycle{Name: "IMRF 2026", OpensOn: "2025-09-01", Deadline: "2025-12-31", CommitmentIDs: []string{"a", "a"}}, nil},
		{"no name, no dates", ReviewCycle{}, []string{"name", "opens_on", "deadline"}},
		{"deadline before opening", ReviewCycle{Name: "x", OpensOn: "2025-09-01", Deadline: "2025-08-31"}, []string{"deadline"}},
		{"unknown state", ReviewCycle{Name: "x", OpensOn: "2025-09-01", Deadline: "2025-12-31", State: "paused"}, []string{"state"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rc := tt.rc
			if got := fields(rc.Validate()); !slices.Equal(got, tt.want) {
				t.Errorf("fields in error %v, want %v", got, tt.want)
			}
		})
	}
	rc := ReviewCycle{Name: "x", OpensOn: "2025-09-01", Deadline: "2025-12-31", CommitmentIDs: []string{"a", "a"}}
	if rc.Validate() != nil || len(rc.CommitmentIDs) != 1 || rc.State != CycleOpen {
		t.Errorf("normalised to %+v", rc)
	}
	if rc.Overdue("2025-12-31") || !rc.Overdue("2026-01-01") {
		t.Error("reports are overdue the day after the deadline")
	}
}
