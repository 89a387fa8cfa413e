package domain

import (
	"math"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// This file is the model of follow-up and review (docs/FOLLOW-UP.md) that
// every part shares: the use cases of package followup, the store, the
// pages, the API, the imports and exports, the dashboards and the review
// report. A process's commitments are what its participants undertake to
// do after its meetings; each has indicators that measure it; its owners
// report progress on it per period, with values of its indicators; the
// secretariat opens review cycles that ask for those reports by a
// deadline and close with a review report.

// CommitmentStatus is where a commitment stands in its implementation.
type CommitmentStatus string

// The states of a commitment. Any state may follow any other (a
// commitment that was achieved may slip back, a dropped one be taken up
// again); every change is kept in its history.
const (
	CommitmentPlanned  CommitmentStatus = "planned"
	CommitmentOnTrack  CommitmentStatus = "on_track"
	CommitmentAtRisk   CommitmentStatus = "at_risk"
	CommitmentDelayed  CommitmentStatus = "delayed"
	CommitmentAchieved CommitmentStatus = "achieved"
	CommitmentDropped  CommitmentStatus = "dropped"
)

// CommitmentStatuses lists the states in display order.
var CommitmentStatuses = []CommitmentStatus{CommitmentPlanned, CommitmentOnTrack, CommitmentAtRisk,
	CommitmentDelayed, CommitmentAchieved, CommitmentDropped}

// Valid reports whether s is a known state.
func (s CommitmentStatus) Valid() bool { return slices.Contains(CommitmentStatuses, s) }

// Open reports whether a commitment in state s is still being
// implemented: neither achieved nor dropped. Open commitments are the ones
// that are late when their due date has passed.
func (s CommitmentStatus) Open() bool { return s != CommitmentAchieved && s != CommitmentDropped }

// Limits on follow-up records.
const (
	MaxCommitmentText   = 20000
	MaxCommitmentBodies = 50  // co-owners, and partners, each
	MaxDeliverables     = 50  // deliverables of one commitment
	MaxProvenance       = 50  // contributions, and recommendations, of one commitment
	MaxIndicators       = 50  // indicators of one commitment
	MaxDimensions       = 5   // disaggregation dimensions of one indicator
	MaxReportValues     = 500 // indicator values of one progress report
	MaxCycleScope       = 20000
)

// Commitment is what a body (the owner, with co-owners for a joint
// commitment) undertakes to do in a process, tagged to the Global
// Compact's objectives and guiding principles, with where it comes from:
// the recommendations of an adopted outcome document and the
// contributions it answers.
type Commitment struct {
	ID        string
	ProcessID string
	// MeetingID is the meeting the commitment comes from, "" when none.
	MeetingID string
	Title     string
	Text      string
	Lang      string // language of the original, ISO 639-1 (one of [Locales])

	OwnerBodyID    string
	CoOwnerBodyIDs []string // joint commitments
	PartnerBodyIDs []string // supporting partners
	// Objectives holds the codes of the Global Compact's objectives (O1 to
	// O23) and guiding principles (Pa to Pj) it serves, in that order
	// ([SortGCMCodes]).
	Objectives []string

	// Recommendations are the recommendations of adopted outcome documents
	// it answers; ContributionIDs the published contributions (of kind
	// commitment or follow-up mechanism) it was made from.
	Recommendations []RecommendationRef
	ContributionIDs []string

	Deliverables []Deliverable
	StartOn      string // YYYY-MM-DD or ""
	DueOn        string // YYYY-MM-DD or ""
	Status       CommitmentStatus
	History      []StatusChange // oldest first
	// SeeksSupport marks a commitment whose owners look for partners to
	// support it.
	SeeksSupport bool
	Demo         bool // demonstration content, not a real commitment
	CreatedBy    string
	CreatedAt    time.Time
	UpdatedAt    time.Time
	Version      int

	Translations []Translation
}

// RecommendationRef names one recommendation of an adopted outcome
// document: the document (its meeting's ID, as outcome documents are
// keyed), the block of the adopted version that states it, and that
// version's number.
type RecommendationRef struct {
	OutcomeID string `json:"outcome_id"`
	BlockID   string `json:"block_id"`
	Version   int    `json:"version"`
}

// Deliverable is one thing a commitment promises to deliver.
type Deliverable struct {
	Text  string `json:"text"`
	DueOn string `json:"due_on,omitempty"` // YYYY-MM-DD or ""
	Done  bool   `json:"done,omitempty"`
}

// StatusChange is one change of a commitment's status: from and to, when,
// by whom (a user's public ID, "" for the system) and why.
type StatusChange struct {
	From CommitmentStatus `json:"from"` // "" for the first status
	To   CommitmentStatus `json:"to"`
	At   time.Time        `json:"at"`
	By   string           `json:"by,omitempty"`
	Note string           `json:"note,omitempty"`
}

// Bodies returns the owner and the co-owners: the bodies that answer for
// the commitment and report on it.
func (c *Commitment) Bodies() []string {
	out := make([]string, 0, 1+len(c.CoOwnerBodyIDs))
	if c.OwnerBodyID != "" {
		out = append(out, c.OwnerBodyID)
	}
	return append(out, c.CoOwnerBodyIDs...)
}

// Late reports whether the commitment is past its due date on day today
// (YYYY-MM-DD) and neither achieved nor dropped.
func (c *Commitment) Late(today string) bool {
	return c.DueOn != "" && c.DueOn < today && c.Status.Open()
}

// Validate checks a commitment's fields and normalises them: trims text,
// removes duplicates from the lists of bodies, objectives, contributions
// and recommendations, and sorts the objectives. It checks the fields
// alone; whether the bodies, the meeting and the provenance exist and
// belong to the process is the use case's to check.
func (c *Commitment) Validate() error {
	var errs Errors
	c.Title = strings.TrimSpace(c.Title)
	c.Text = strings.TrimSpace(c.Text)
	checkText(&errs, "title", c.Title, true, MaxName)
	checkText(&errs, "text", c.Text, true, MaxCommitmentText)
	if !slices.Contains(Locales, c.Lang) {
		errs = append(errs, Invalid("lang", "error.locale", "must be one of %s", strings.Join(Locales, ", ")))
	}
	c.OwnerBodyID = strings.TrimSpace(c.OwnerBodyID)
	if c.OwnerBodyID == "" {
		errs = append(errs, Invalid("owner", "followup.error_owner", "choose the body that owns the commitment"))
	}
	c.CoOwnerBodyIDs = dedupTrim(c.CoOwnerBodyIDs)
	c.PartnerBodyIDs = dedupTrim(c.PartnerBodyIDs)
	for _, f := range []struct {
		name string
		ids  []string
	}{{"co_owners", c.CoOwnerBodyIDs}, {"partners", c.PartnerBodyIDs}} {
		if len(f.ids) > MaxCommitmentBodies {
			errs = append(errs, Invalid(f.name, "error.too_many", "at most %d", MaxCommitmentBodies))
		}
		if slices.Contains(f.ids, c.OwnerBodyID) && c.OwnerBodyID != "" {
			errs = append(errs, Invalid(f.name, "followup.error_body_twice", "a body has one place in a commitment: owner, co-owner or partner"))
		}
	}
	for _, id := range c.PartnerBodyIDs {
		if slices.Contains(c.CoOwnerBodyIDs, id) {
			errs = append(errs, Invalid("partners", "followup.error_body_twice", "a body has one place in a commitment: owner, co-owner or partner"))
			break
		}
	}
	codes, bad := NormalizeGCMCodes(c.Objectives)
	if len(bad) > 0 {
		errs = append(errs, Invalid("objectives", "followup.error_objective", "unknown objectives or guiding principles: %s (use O1 to O23 and Pa to Pj)", strings.Join(bad, ", ")))
	}
	c.Objectives = codes
	c.ContributionIDs = dedupTrim(c.ContributionIDs)
	if len(c.ContributionIDs) > MaxProvenance {
		errs = append(errs, Invalid("contributions", "error.too_many", "at most %d", MaxProvenance))
	}
	c.Recommendations = dedupRefs(c.Recommendations)
	if len(c.Recommendations) > MaxProvenance {
		errs = append(errs, Invalid("recommendations", "error.too_many", "at most %d", MaxProvenance))
	}
	for _, r := range c.Recommendations {
		if r.OutcomeID == "" || r.BlockID == "" || r.Version < 1 {
			errs = append(errs, Invalid("recommendations", "followup.error_recommendation", "a recommendation is named by its outcome document, its paragraph and the adopted version"))
			break
		}
		checkText(&errs, "recommendations", r.BlockID, false, MaxShort)
	}
	if len(c.Deliverables) > MaxDeliverables {
		errs = append(errs, Invalid("deliverables", "error.too_many", "at most %d", MaxDeliverables))
	}
	for i := range c.Deliverables {
		d := &c.Deliverables[i]
		d.Text = strings.TrimSpace(d.Text)
		checkText(&errs, "deliverables", d.Text, true, 2*MaxName)
		checkDate(&errs, "deliverables", d.DueOn)
	}
	checkDate(&errs, "start_on", c.StartOn)
	checkDate(&errs, "due_on", c.DueOn)
	if isDate(c.StartOn) && isDate(c.DueOn) && c.DueOn < c.StartOn {
		errs = append(errs, Invalid("due_on", "error.date_order", "must not be before the start date"))
	}
	if c.Status == "" {
		c.Status = CommitmentPlanned
	}
	if !c.Status.Valid() {
		errs = append(errs, errCommitmentStatus())
	}
	return errs.Err()
}

func errCommitmentStatus() *Error {
	return Invalid("status", "followup.error_status", "choose planned, on track, at risk, delayed, achieved or dropped")
}

// CheckStatusChange checks a change of a commitment's status from from to
// to with a note: to must be a known state other than from, and dropping
// a commitment needs a note that says why.
func CheckStatusChange(from, to CommitmentStatus, note string) error {
	var errs Errors
	switch {
	case !to.Valid():
		errs = append(errs, errCommitmentStatus())
	case to == from:
		errs = append(errs, Invalid("status", "followup.error_status_same", "the commitment is already in this state"))
	}
	checkText(&errs, "note", strings.TrimSpace(note), to == CommitmentDropped, MaxText)
	return errs.Err()
}

func dedupRefs(in []RecommendationRef) []RecommendationRef {
	out := make([]RecommendationRef, 0, len(in))
	for _, r := range in {
		r.OutcomeID, r.BlockID = strings.TrimSpace(r.OutcomeID), strings.TrimSpace(r.BlockID)
		if !slices.ContainsFunc(out, func(o RecommendationRef) bool { return o.OutcomeID == r.OutcomeID && o.BlockID == r.BlockID }) {
			out = append(out, r)
		}
	}
	return out
}

// checkDate checks an optional date written YYYY-MM-DD.
func checkDate(errs *Errors, field, v string) {
	if v != "" && !isDate(v) {
		*errs = append(*errs, Invalid(field, "error.date", "must be a date like 2017-10-10"))
	}
}

// isDate reports whether v is a date written YYYY-MM-DD, the form in
// which dates compare as text.
func isDate(v string) bool {
	_, err := time.Parse(time.DateOnly, v)
	return err == nil && len(v) == len(time.DateOnly)
}

// GCMObjectives and GCMPrinciples are the number of the Global Compact's
// objectives (coded O1 to O23) and guiding principles (Pa to Pj), as the
// built-in framework of package reference lists them.
const (
	GCMObjectives = 23
	GCMPrinciples = 10
)

// gcmRank returns the place of a code of the Global Compact in the order
// O1..O23, Pa..Pj, and whether it is one. Codes are read without regard
// to case and surrounding space ("o5" is O5, "PA" is Pa).
func gcmRank(code string) (string, int, bool) {
	code = strings.TrimSpace(code)
	if len(code) < 2 {
		return "", 0, false
	}
	switch code[0] {
	case 'O', 'o':
		n, err := strconv.Atoi(code[1:])
		if err != nil || n < 1 || n > GCMObjectives || code[1] == '0' || code[1] == '+' {
			return "", 0, false
		}
		return "O" + strconv.Itoa(n), n, true
	case 'P', 'p':
		if len(code) != 2 {
			return "", 0, false
		}
		l := code[1] | 0x20
		if l < 'a' || l >= 'a'+GCMPrinciples {
			return "", 0, false
		}
		return "P" + string(l), GCMObjectives + int(l-'a') + 1, true
	}
	return "", 0, false
}

// GCMCodeValid reports whether code is the code of an objective (O1 to
// O23) or a guiding principle (Pa to Pj) of the Global Compact, as written.
func GCMCodeValid(code string) bool {
	c, _, ok := gcmRank(code)
	return ok && c == code
}

// IsObjective reports whether code is an objective's code (O1 to O23),
// rather than a guiding principle's.
func IsObjective(code string) bool {
	_, n, ok := gcmRank(code)
	return ok && n <= GCMObjectives
}

// NormalizeGCMCodes returns codes written canonically (O5, Pa), without
// duplicates, objectives first by number then principles by letter, and
// the codes that are neither.
func NormalizeGCMCodes(codes []string) (out, bad []string) {
	type ranked struct {
		code string
		n    int
	}
	var rs []ranked
	for _, c := range codes {
		if strings.TrimSpace(c) == "" {
			continue
		}
		code, n, ok := gcmRank(c)
		if !ok {
			bad = append(bad, c)
			continue
		}
		if !slices.ContainsFunc(rs, func(r ranked) bool { return r.n == n }) {
			rs = append(rs, ranked{code, n})
		}
	}
	slices.SortFunc(rs, func(a, b ranked) int { return a.n - b.n })
	out = make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.code
	}
	return out, bad
}

// Direction says which way an indicator's values are better.
type Direction string

// The directions of an indicator.
const (
	UpIsGood   Direction = "up_is_good"
	DownIsGood Direction = "down_is_good"
)

// Directions lists the directions.
var Directions = []Direction{UpIsGood, DownIsGood}

// Valid reports whether d is a known direction.
func (d Direction) Valid() bool { return slices.Contains(Directions, d) }

// Indicator measures a commitment: a quantity in a unit, from a baseline
// (value and date) towards a target (value and date), better when it goes
// up or when it goes down, optionally broken down by dimensions such as
// sex or region, and read from a source.
type Indicator struct {
	ID           string
	CommitmentID string
	Name         string
	Unit         string // "%", "people", "USD" ...; "" for a plain number
	// Baseline and Target are nil when not known yet; their dates are ""
	// then.
	Baseline   *float64
	BaselineOn string // YYYY-MM-DD
	Target     *float64
	TargetOn   string // YYYY-MM-DD
	Direction  Direction
	// Disaggregation names the dimensions values may be broken down by
	// ("sex", "region"); a value names one of them and its category.
	Disaggregation []string
	Source         string
	Position       int
	Demo           bool // demonstration values, not real data
	CreatedAt      time.Time
	UpdatedAt      time.Time
	Version        int
}

// Validate checks an indicator's fields: a name; a baseline and a target
// each with its date when it has a value (a date without a value is
// refused too), the target's date after the baseline's; a target that is
// better than the baseline in the indicator's direction; finite numbers;
// at most [MaxDimensions] dimensions, each one a short line.
func (ind *Indicator) Validate() error {
	var errs Errors
	ind.Name = strings.TrimSpace(ind.Name)
	ind.Unit = strings.TrimSpace(ind.Unit)
	ind.Source = strings.TrimSpace(ind.Source)
	checkText(&errs, "name", ind.Name, true, MaxName)
	checkText(&errs, "unit", ind.Unit, false, MaxShort)
	checkText(&errs, "source", ind.Source, false, MaxText)
	if ind.Direction == "" {
		ind.Direction = UpIsGood
	}
	if !ind.Direction.Valid() {
		errs = append(errs, Invalid("direction", "followup.error_direction", "choose whether higher or lower values are better"))
	}
	for _, p := range []struct {
		field, dateField string
		v                *float64
		on               string
	}{{"baseline", "baseline_on", ind.Baseline, ind.BaselineOn}, {"target", "target_on", ind.Target, ind.TargetOn}} {
		switch {
		case p.v != nil && !Finite(*p.v):
			errs = append(errs, errNumber(p.field))
		case p.v != nil && p.on == "":
			errs = append(errs, Invalid(p.dateField, "followup.error_value_date", "give the date of this value"))
		case p.v == nil && p.on != "":
			errs = append(errs, Invalid(p.field, "followup.error_date_value", "give the value at this date, or leave the date empty"))
		}
		checkDate(&errs, p.dateField, p.on)
	}
	if isDate(ind.BaselineOn) && isDate(ind.TargetOn) && ind.TargetOn <= ind.BaselineOn {
		errs = append(errs, Invalid("target_on", "followup.error_target_date", "the target's date must come after the baseline's"))
	}
	if ind.Baseline != nil && ind.Target != nil && Finite(*ind.Baseline) && Finite(*ind.Target) && ind.Direction.Valid() &&
		!ind.Direction.Better(*ind.Target, *ind.Baseline) {
		errs = append(errs, Invalid("target", "followup.error_target_direction", "the target must be better than the baseline: higher when higher values are better, lower when lower values are"))
	}
	ind.Disaggregation = dedupTrim(ind.Disaggregation)
	if len(ind.Disaggregation) > MaxDimensions {
		errs = append(errs, Invalid("disaggregation", "error.too_many", "at most %d", MaxDimensions))
	}
	for _, d := range ind.Disaggregation {
		checkText(&errs, "disaggregation", d, false, MaxShort)
	}
	return errs.Err()
}

// Better reports whether value a is better than value b in direction d.
func (d Direction) Better(a, b float64) bool {
	if d == DownIsGood {
		return a < b
	}
	return a > b
}

// Progress returns how far value v has gone from the indicator's baseline
// to its target, as a fraction (0 at the baseline, 1 at the target, more
// beyond it, less than 0 when it moved away), and false when the
// indicator has no baseline and target to measure against.
func (ind *Indicator) Progress(v float64) (float64, bool) {
	if ind.Baseline == nil || ind.Target == nil || *ind.Target == *ind.Baseline {
		return 0, false
	}
	return (v - *ind.Baseline) / (*ind.Target - *ind.Baseline), true
}

// Finite reports whether v is a number that can be stored and written:
// neither NaN nor infinite.
func Finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

func errNumber(field string) *Error {
	return Invalid(field, "followup.error_number", "must be a number such as 42 or 12.5")
}

// ReportState is where a progress report stands in its review.
type ReportState string

// The states of a progress report. A draft is seen by the owners only;
// a submitted one waits for the secretariat, which accepts it or returns
// it with a reason; a returned one is changed and submitted again.
const (
	ReportDraft     ReportState = "draft"
	ReportSubmitted ReportState = "submitted"
	ReportAccepted  ReportState = "accepted"
	ReportReturned  ReportState = "returned"
)

// ReportStates lists the states in workflow order.
var ReportStates = []ReportState{ReportDraft, ReportSubmitted, ReportAccepted, ReportReturned}

// Valid reports whether s is a known state.
func (s ReportState) Valid() bool { return slices.Contains(ReportStates, s) }

// Editable reports whether the owners may still change a report in state
// s: while a draft or returned.
func (s ReportState) Editable() bool { return s == ReportDraft || s == ReportReturned }

// ReportStep is a step of a progress report's review.
type ReportStep string

// The steps of a progress report's review.
const (
	StepSubmit ReportStep = "submit" // owners: draft or returned → submitted
	StepAccept ReportStep = "accept" // secretariat: submitted → accepted
	StepReturn ReportStep = "return" // secretariat: submitted or accepted → returned, with a reason
)

// Next returns the state step leads to from s, and whether the step is
// allowed from s at all.
func (t ReportStep) Next(s ReportState) (ReportState, bool) {
	switch t {
	case StepSubmit:
		return ReportSubmitted, s == ReportDraft || s == ReportReturned
	case StepAccept:
		return ReportAccepted, s == ReportSubmitted
	case StepReturn:
		return ReportReturned, s == ReportSubmitted || s == ReportAccepted
	}
	return s, false
}

// ByReviewer reports whether only the secretariat takes step t.
func (t ReportStep) ByReviewer() bool { return t == StepAccept || t == StepReturn }

// ProgressReport is the owners' report on a commitment for one period:
// the status they report, values of its indicators, a narrative with
// evidence, the challenges met and the support they need.
type ProgressReport struct {
	ID           string
	CommitmentID string
	CycleID      string // the review cycle it answers, "" when none
	// The period reported on: from and to (YYYY-MM-DD), and a label such
	// as "2024" or "First half of 2025" ("" to show the dates).
	PeriodFrom    string
	PeriodTo      string
	PeriodLabel   string
	State         ReportState
	Status        CommitmentStatus // the status the owners report
	Lang          string           // language of the narrative
	Narrative     string
	Challenges    string
	SupportNeeded string
	EvidenceLinks []string
	Attachments   []Attachment // metadata only
	Values        []IndicatorValue
	ReturnReason  string
	BodyID        string // the owner or co-owner body it is made for
	CreatedBy     string
	SubmittedBy   string
	SubmittedAt   time.Time
	ReviewedBy    string
	ReviewedAt    time.Time
	Demo          bool
	CreatedAt     time.Time
	UpdatedAt     time.Time
	Version       int
}

// ReportVersion is one saved state of a progress report.
type ReportVersion struct {
	Version   int
	ActorID   string
	ActorName string
	At        time.Time
	Snapshot  string // JSON of the report at that version
}

// Limits on progress reports.
const MaxReportText = 20000

// Validate checks a progress report's fields alone (whether its values
// name the commitment's indicators is [IndicatorValue.Validate]'s): a
// period with dates in order, a known state and reported status, texts
// within their limits, web addresses for the evidence.
func (r *ProgressReport) Validate() error {
	var errs Errors
	r.PeriodLabel = strings.TrimSpace(r.PeriodLabel)
	checkText(&errs, "period_label", r.PeriodLabel, false, MaxShort)
	if r.PeriodFrom == "" || r.PeriodTo == "" {
		errs = append(errs, Invalid("period_to", "followup.error_period", "give the first and the last day of the period reported on"))
	}
	checkDate(&errs, "period_from", r.PeriodFrom)
	checkDate(&errs, "period_to", r.PeriodTo)
	if isDate(r.PeriodFrom) && isDate(r.PeriodTo) && r.PeriodTo < r.PeriodFrom {
		errs = append(errs, Invalid("period_to", "error.date_order", "must not be before the start date"))
	}
	if r.State == "" {
		r.State = ReportDraft
	}
	if !r.State.Valid() {
		errs = append(errs, Invalid("state", "followup.error_report_state", "choose draft, submitted, accepted or returned"))
	}
	if !r.Status.Valid() {
		errs = append(errs, errCommitmentStatus())
	}
	if !slices.Contains(Locales, r.Lang) {
		errs = append(errs, Invalid("lang", "error.locale", "must be one of %s", strings.Join(Locales, ", ")))
	}
	for _, f := range []struct {
		name string
		v    *string
	}{{"narrative", &r.Narrative}, {"challenges", &r.Challenges}, {"support_needed", &r.SupportNeeded}, {"reason", &r.ReturnReason}} {
		*f.v = strings.TrimSpace(*f.v)
		checkText(&errs, f.name, *f.v, false, MaxReportText)
	}
	r.EvidenceLinks = dedupTrim(r.EvidenceLinks)
	if len(r.EvidenceLinks) > MaxLinks {
		errs = append(errs, Invalid("evidence", "error.too_many", "at most %d", MaxLinks))
	}
	for _, l := range r.EvidenceLinks {
		if !webAddress(l) {
			errs = append(errs, Invalid("evidence", "error.link", "%s is not a web address starting with https:// or http://", l))
		}
	}
	if len(r.Values) > MaxReportValues {
		errs = append(errs, Invalid("values", "error.too_many", "at most %d", MaxReportValues))
	}
	return errs.Err()
}

func webAddress(l string) bool {
	u, err := url.Parse(l)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" && len(l) <= 2000 && CheckLine("", l) == nil
}

// IndicatorValue is one value of an indicator that a progress report
// gives: the value on a date, for the whole or, when the indicator is
// disaggregated, for one category of one of its dimensions (Dimension
// "sex", Category "female").
type IndicatorValue struct {
	ReportID    string  `json:"report_id,omitempty"`
	IndicatorID string  `json:"indicator_id"`
	Value       float64 `json:"value"`
	On          string  `json:"on"` // YYYY-MM-DD
	Dimension   string  `json:"dimension,omitempty"`
	Category    string  `json:"category,omitempty"`
}

// Validate checks a value against its indicator: a finite number, a date,
// and a dimension the indicator is disaggregated by with a category (or
// neither, for the whole).
func (v *IndicatorValue) Validate(ind *Indicator) error {
	var errs Errors
	if ind == nil || v.IndicatorID != ind.ID {
		return Invalid("indicator", "followup.error_indicator", "this indicator does not measure the commitment")
	}
	if !Finite(v.Value) {
		errs = append(errs, errNumber("value"))
	}
	if v.On == "" {
		errs = append(errs, Invalid("on", "error.required", "this field is required"))
	}
	checkDate(&errs, "on", v.On)
	v.Dimension, v.Category = strings.TrimSpace(v.Dimension), strings.TrimSpace(v.Category)
	switch {
	case v.Dimension == "" && v.Category != "":
		errs = append(errs, Invalid("dimension", "followup.error_dimension", "a category belongs to one of the indicator's dimensions: name it"))
	case v.Dimension != "" && !slices.Contains(ind.Disaggregation, v.Dimension):
		errs = append(errs, Invalid("dimension", "followup.error_dimension", "a category belongs to one of the indicator's dimensions: name it"))
	case v.Dimension != "" && v.Category == "":
		errs = append(errs, Invalid("category", "error.required", "this field is required"))
	}
	checkText(&errs, "category", v.Category, false, MaxShort)
	return errs.Err()
}

// CycleState is whether a review cycle takes reports.
type CycleState string

// The states of a review cycle.
const (
	CycleOpen   CycleState = "open"
	CycleClosed CycleState = "closed"
)

// Valid reports whether s is a known state.
func (s CycleState) Valid() bool { return s == CycleOpen || s == CycleClosed }

// ReviewCycle is a round of review the secretariat runs over commitments
// of a process ("Regional review 2025", "IMRF 2026"): the owners of the
// commitments in scope report by the deadline; the cycle closes with a
// review report.
type ReviewCycle struct {
	ID            string
	ProcessID     string
	Name          string
	OpensOn       string // YYYY-MM-DD
	Deadline      string // YYYY-MM-DD: reports are due on this day at the latest
	CommitmentIDs []string
	// Languages are the languages its review report is made in, each one
	// of [Locales], the first its original.
	Languages []string
	State     CycleState
	// ReviewReport names the cycle's review report once one is made, ""
	// before.
	ReviewReport string
	Demo         bool
	ClosedBy     string
	ClosedAt     time.Time
	CreatedAt    time.Time
	UpdatedAt    time.Time
	Version      int
}

// Validate checks a review cycle's fields: a name, an opening date and a
// deadline in order, a known state, and its scope without duplicates.
func (rc *ReviewCycle) Validate() error {
	var errs Errors
	rc.Name = strings.TrimSpace(rc.Name)
	checkText(&errs, "name", rc.Name, true, MaxName)
	for _, f := range []struct{ name, v string }{{"opens_on", rc.OpensOn}, {"deadline", rc.Deadline}} {
		if f.v == "" {
			errs = append(errs, Invalid(f.name, "error.required", "this field is required"))
		}
		checkDate(&errs, f.name, f.v)
	}
	if isDate(rc.OpensOn) && isDate(rc.Deadline) && rc.Deadline < rc.OpensOn {
		errs = append(errs, Invalid("deadline", "error.date_order", "must not be before the start date"))
	}
	if rc.State == "" {
		rc.State = CycleOpen
	}
	if !rc.State.Valid() {
		errs = append(errs, Invalid("state", "followup.error_cycle_state", "choose open or closed"))
	}
	rc.CommitmentIDs = dedupTrim(rc.CommitmentIDs)
	if len(rc.CommitmentIDs) > MaxCycleScope {
		errs = append(errs, Invalid("commitments", "error.too_many", "at most %d", MaxCycleScope))
	}
	checkText(&errs, "review_report", rc.ReviewReport, false, MaxShort)
	return errs.Err()
}

// Overdue reports whether a report due in cycle rc is late on day today
// (YYYY-MM-DD): the cycle is open and its deadline has passed.
func (rc *ReviewCycle) Overdue(today string) bool {
	return rc.State == CycleOpen && rc.Deadline != "" && rc.Deadline < today
}
