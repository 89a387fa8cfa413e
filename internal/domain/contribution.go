package domain

import (
	"net/url"
	"slices"
	"strings"
	"time"
)

// ContributionKind is what a contribution offers the consultation.
type ContributionKind string

// The kinds of contribution, as session 2 of the seed agenda asks for them.
const (
	KindGoodPractice   ContributionKind = "good_practice"
	KindRecommendation ContributionKind = "recommendation"
	KindCommitment     ContributionKind = "commitment"
	KindInnovation     ContributionKind = "innovative_solution"
	KindPrinciple      ContributionKind = "common_principle"
	KindIssue          ContributionKind = "issue_gap"
	KindPartnership    ContributionKind = "partnership_proposal"
	KindFollowUp       ContributionKind = "follow_up_mechanism"
)

// ContributionKinds lists the kinds in display order.
var ContributionKinds = []ContributionKind{KindGoodPractice, KindRecommendation, KindCommitment,
	KindInnovation, KindPrinciple, KindIssue, KindPartnership, KindFollowUp}

// Valid reports whether k is a known kind.
func (k ContributionKind) Valid() bool { return slices.Contains(ContributionKinds, k) }

// PracticeType says what a good practice is.
type PracticeType string

// The practice types of a good practice.
const (
	PracticePolicy      PracticeType = "policy"
	PracticeLegislation PracticeType = "legislation"
	PracticeProject     PracticeType = "project"
	PracticeInstitution PracticeType = "institution"
	PracticeFund        PracticeType = "fund"
	PracticeOther       PracticeType = "other"
)

// PracticeTypes lists the practice types in display order.
var PracticeTypes = []PracticeType{PracticePolicy, PracticeLegislation, PracticeProject,
	PracticeInstitution, PracticeFund, PracticeOther}

// Valid reports whether t is a known practice type.
func (t PracticeType) Valid() bool { return slices.Contains(PracticeTypes, t) }

// Status is where a contribution stands in its workflow.
type Status string

// The workflow states. A draft is seen by its author only; submitted and
// returned contributions by the author and the secretariat; published ones
// by everyone who may see the meeting.
const (
	StatusDraft     Status = "draft"
	StatusSubmitted Status = "submitted"
	StatusPublished Status = "published"
	StatusReturned  Status = "returned"
	StatusWithdrawn Status = "withdrawn"
)

// Statuses lists the states in workflow order.
var Statuses = []Status{StatusDraft, StatusSubmitted, StatusPublished, StatusReturned, StatusWithdrawn}

// Valid reports whether s is a known state.
func (s Status) Valid() bool { return slices.Contains(Statuses, s) }

// Transition is a workflow step a person takes.
type Transition string

// The workflow steps.
const (
	TransSubmit   Transition = "submit"   // author: draft or returned → submitted
	TransPublish  Transition = "publish"  // secretariat: submitted → published
	TransReturn   Transition = "return"   // secretariat: submitted or published → returned, with a reason
	TransWithdraw Transition = "withdraw" // author or secretariat: any but withdrawn → withdrawn
	TransReopen   Transition = "reopen"   // author: withdrawn → draft
)

// Transitions lists the workflow steps.
var Transitions = []Transition{TransSubmit, TransPublish, TransReturn, TransWithdraw, TransReopen}

// Next returns the state a transition leads to from s, and whether the
// step is allowed from s at all.
func (t Transition) Next(s Status) (Status, bool) {
	switch t {
	case TransSubmit:
		return StatusSubmitted, s == StatusDraft || s == StatusReturned
	case TransPublish:
		return StatusPublished, s == StatusSubmitted
	case TransReturn:
		return StatusReturned, s == StatusSubmitted || s == StatusPublished
	case TransWithdraw:
		return StatusWithdrawn, s != StatusWithdrawn
	case TransReopen:
		return StatusDraft, s == StatusWithdrawn
	}
	return s, false
}

// ByModerator reports whether only the meeting's secretariat takes the step.
func (t Transition) ByModerator() bool { return t == TransPublish || t == TransReturn }

// Contribution is an input to a meeting: a good practice, a recommendation
// and the rest, tagged to reference frameworks.
type Contribution struct {
	ID         string
	Seq        int64 // a number that never changes, for the search index
	MeetingID  string
	Kind       ContributionKind
	Practice   PracticeType // good practices only
	Status     Status
	Title      string
	Text       string
	BodyID     string // the submitting body, "" when none
	AuthorID   string // public user ID, "" for imports by the system
	QuestionID string // the agenda's guiding question it answers, "" when none
	Lang       string // language of the original, ISO 639-1
	LangAuto   string // language detected from the text, "" when unsure
	Regions    []string
	Countries  []string // ISO 3166-1 alpha-2
	Tags       []string // framework item IDs

	// What practice databases record about a good practice.
	Where         string // where it is implemented
	Implementer   string // by whom
	Partners      string
	PeriodFrom    string // YYYY or YYYY-MM or YYYY-MM-DD, "" when unknown
	PeriodTo      string
	Results       string // results and evidence
	Replicability string // why and how it could be replicated elsewhere
	Links         []string

	ReturnReason string // why the secretariat returned it, while returned
	Demo         bool   // demonstration content, not a real submission
	// Unattributed is set when the contribution was written or changed
	// while its meeting was held under the non-attribution rule, and never
	// lifted ([Attributed]).
	Unattributed bool
	SubmittedAt  time.Time
	PublishedAt  time.Time
	CreatedAt    time.Time
	UpdatedAt    time.Time
	Version      int

	Translations []Translation
	Attachments  []Attachment // metadata only
}

// Translation is a contribution's title and text in another language.
type Translation struct {
	Lang       string
	Title      string
	Text       string
	Machine    bool // made by a machine, not a person
	Translator string
	UpdatedAt  time.Time
}

// Attachment is a document attached to a contribution.
type Attachment struct {
	ID          string
	Name        string
	ContentType string
	Size        int64
	SHA256      string
	CreatedAt   time.Time
}

// ContributionVersion is one saved state of a contribution.
type ContributionVersion struct {
	Version   int
	ActorID   string
	ActorName string
	At        time.Time
	Snapshot  string // JSON of the contribution at that version
}

// Limits on contributions.
const (
	MaxRegions          = 10
	MaxLinks            = 20
	MaxAttachments      = 10
	MaxAttachmentBytes  = 10 << 20
	MaxContributionText = 20000
)

// Validate checks a contribution's fields and normalises them: trims
// text, upper-cases and sorts country codes, removes duplicate regions,
// tags and links, and clears the good-practice fields of other kinds.
func (c *Contribution) Validate() error {
	var errs Errors
	c.Title = strings.TrimSpace(c.Title)
	c.Text = strings.TrimSpace(c.Text)
	checkText(&errs, "title", c.Title, true, MaxName)
	checkText(&errs, "text", c.Text, true, MaxContributionText)
	if !c.Kind.Valid() {
		errs = append(errs, Invalid("kind", "error.contribution_kind", "choose one of the kinds of contribution"))
	}
	if c.Status == "" {
		c.Status = StatusDraft
	}
	if !c.Status.Valid() {
		errs = append(errs, Invalid("status", "error.status", "choose draft, submitted, published, returned or withdrawn"))
	}
	if !slices.Contains(Locales, c.Lang) {
		errs = append(errs, Invalid("lang", "error.locale", "must be one of %s", strings.Join(Locales, ", ")))
	}
	if c.Kind == KindGoodPractice {
		if c.Practice == "" {
			c.Practice = PracticeOther
		}
		if !c.Practice.Valid() {
			errs = append(errs, Invalid("practice_type", "error.practice_type", "choose policy, legislation, project, institution, fund or other"))
		}
		for _, f := range []struct {
			name string
			v    *string
			max  int
		}{{"where", &c.Where, MaxName}, {"implementer", &c.Implementer, MaxName}, {"partners", &c.Partners, MaxText},
			{"results", &c.Results, MaxText}, {"replicability", &c.Replicability, MaxText}} {
			*f.v = strings.TrimSpace(*f.v)
			checkText(&errs, f.name, *f.v, false, f.max)
		}
		for _, f := range []struct{ name, v string }{{"period_from", c.PeriodFrom}, {"period_to", c.PeriodTo}} {
			if f.v != "" && !validPeriod(f.v) {
				errs = append(errs, Invalid(f.name, "error.period", "must be a year, a month or a date: 2015, 2015-06 or 2015-06-30"))
			}
		}
		if c.PeriodFrom != "" && c.PeriodTo != "" && validPeriod(c.PeriodFrom) && validPeriod(c.PeriodTo) && c.PeriodTo < c.PeriodFrom {
			errs = append(errs, Invalid("period_to", "error.date_order", "must not be before the start date"))
		}
	} else {
		c.Practice, c.Where, c.Implementer, c.Partners, c.PeriodFrom, c.PeriodTo, c.Results, c.Replicability = "", "", "", "", "", "", "", ""
	}
	c.Regions = dedupTrim(c.Regions)
	if len(c.Regions) > MaxRegions {
		errs = append(errs, Invalid("regions", "error.too_many", "at most %d", MaxRegions))
	}
	for _, r := range c.Regions {
		checkText(&errs, "regions", r, false, MaxShort)
	}
	cs, bad := NormalizeCountries(c.Countries)
	if len(bad) > 0 {
		errs = append(errs, Invalid("countries", "error.countries", "unknown ISO 3166 country codes: %s", strings.Join(bad, ", ")))
	}
	c.Countries = cs
	c.Tags = dedupTrim(c.Tags)
	c.Links = dedupTrim(c.Links)
	if len(c.Links) > MaxLinks {
		errs = append(errs, Invalid("links", "error.too_many", "at most %d", MaxLinks))
	}
	for _, l := range c.Links {
		if u, err := url.Parse(l); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || len(l) > 2000 {
			errs = append(errs, Invalid("links", "error.link", "%s is not a web address starting with https:// or http://", l))
		}
	}
	c.ReturnReason = strings.TrimSpace(c.ReturnReason)
	checkText(&errs, "reason", c.ReturnReason, false, MaxText)
	return errs.Err()
}

// Validate checks a translation.
func (t *Translation) Validate(original string) error {
	var errs Errors
	t.Title = strings.TrimSpace(t.Title)
	t.Text = strings.TrimSpace(t.Text)
	checkText(&errs, "title", t.Title, true, MaxName)
	checkText(&errs, "text", t.Text, true, MaxContributionText)
	checkText(&errs, "translator", t.Translator, false, MaxName)
	switch {
	case !slices.Contains(Locales, t.Lang):
		errs = append(errs, Invalid("lang", "error.locale", "must be one of %s", strings.Join(Locales, ", ")))
	case t.Lang == original:
		errs = append(errs, Invalid("lang", "error.translation_same", "this is the language of the original"))
	}
	return errs.Err()
}

func validPeriod(s string) bool {
	for _, layout := range []string{"2006", "2006-01", time.DateOnly} {
		if len(s) == len(layout) {
			if _, err := time.Parse(layout, s); err == nil {
				return true
			}
		}
	}
	return false
}

func dedupTrim(in []string) []string {
	out := make([]string, 0, len(in))
	for _, s := range in {
		s = strings.TrimSpace(s)
		if s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// RedactForExport clears what a file of contributions must not carry to
// the actor about c, a contribution of meeting m: the body and the author
// when they are not [Attributed] to the actor, and otherwise the author
// (whose e-mail address a file holds) unless the actor wrote c or manages
// the meeting.
func (a *Actor) RedactForExport(m *Meeting, c *Contribution) {
	own := a.LoggedIn() && c.AuthorID != "" && c.AuthorID == a.User.ID
	switch {
	case !Attributed(c, a):
		c.BodyID, c.AuthorID = "", ""
	case !own && (m == nil || !a.CanManageMeeting(m.ProcessID, m.ID)):
		c.AuthorID = ""
	}
}

// CanContribute reports whether the actor may submit contributions to a
// meeting: its secretariat, chairs, rapporteurs, delegates and partners;
// observers may not.
func (a *Actor) CanContribute(processID, meetingID string) bool {
	return a.IsAdmin() || a.hasRole(processID, meetingID, RoleSecretariat, RoleChair, RoleRapporteur, RoleDelegate, RolePartner)
}

// ContributeBodies returns the bodies the actor may submit for in a
// meeting: those of their delegate and partner memberships. Whoever
// manages the meeting may submit for any body (all is true).
func (a *Actor) ContributeBodies(processID, meetingID string) (ids []string, all bool) {
	if a.CanManageMeeting(processID, meetingID) {
		return nil, true
	}
	if !a.LoggedIn() {
		return nil, false
	}
	for _, m := range a.Memberships {
		if m.ProcessID == processID && (m.MeetingID == "" || m.MeetingID == meetingID) && m.BodyID != "" && !slices.Contains(ids, m.BodyID) {
			ids = append(ids, m.BodyID)
		}
	}
	return ids, false
}

// CanViewContribution reports whether the actor may read c: published
// ones whoever may see the meeting; drafts their author only (the
// secretariat too when there is no author); the others their author and
// whoever manages the meeting.
func (a *Actor) CanViewContribution(processID string, c *Contribution) bool {
	if !a.CanViewMeeting(processID, c.MeetingID) {
		return false
	}
	if c.Status == StatusPublished {
		return true
	}
	if c.AuthorID != "" && a.User != nil && a.User.ID == c.AuthorID {
		return true
	}
	// A draft is its author's until submitted; one without an author (an
	// import) is the secretariat's.
	return a.CanManageMeeting(processID, c.MeetingID) && (c.Status != StatusDraft || c.AuthorID == "")
}

// CanEditContribution reports whether the actor may change c: its author
// while it is a draft, submitted or returned; whoever manages the meeting
// unless it is withdrawn.
func (a *Actor) CanEditContribution(processID string, c *Contribution) bool {
	if c.Status == StatusWithdrawn || !a.CanViewContribution(processID, c) {
		return false
	}
	if a.CanManageMeeting(processID, c.MeetingID) {
		return true
	}
	return a.CanViewMeeting(processID, c.MeetingID) && c.AuthorID != "" && a.User.ID == c.AuthorID &&
		c.Status != StatusPublished && a.CanContribute(processID, c.MeetingID)
}

// CanTransition reports whether the actor may take step t on c.
func (a *Actor) CanTransition(processID string, c *Contribution, t Transition) bool {
	if _, ok := t.Next(c.Status); !ok || !a.CanViewContribution(processID, c) {
		return false
	}
	if a.CanManageMeeting(processID, c.MeetingID) {
		return true
	}
	if t.ByModerator() {
		return false
	}
	return a.CanViewMeeting(processID, c.MeetingID) && c.AuthorID != "" && a.User.ID == c.AuthorID
}
