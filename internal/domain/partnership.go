package domain

import (
	"net/url"
	"slices"
	"strings"
	"time"
)

// PartnershipPhase is the phase of the Global Compact a partnership serves.
type PartnershipPhase string

// The phases, as the agenda names them.
const (
	PhasePreparation    PartnershipPhase = "preparation"
	PhaseNegotiation    PartnershipPhase = "negotiation"
	PhaseImplementation PartnershipPhase = "implementation"
	PhaseFollowUp       PartnershipPhase = "follow_up_review"
)

// PartnershipPhases lists the phases in order.
var PartnershipPhases = []PartnershipPhase{PhasePreparation, PhaseNegotiation, PhaseImplementation, PhaseFollowUp}

// Valid reports whether p is a known phase.
func (p PartnershipPhase) Valid() bool { return slices.Contains(PartnershipPhases, p) }

// Collaboration is how the parties of a partnership work together: the
// "mechanisms of collaboration" of the agenda's third session.
type Collaboration string

// The mechanisms of collaboration.
const (
	CollabMoU          Collaboration = "memorandum"
	CollabProgramme    Collaboration = "joint_programme"
	CollabSecondment   Collaboration = "secondment"
	CollabFunding      Collaboration = "funding"
	CollabTechnical    Collaboration = "technical_cooperation"
	CollabDataSharing  Collaboration = "data_sharing"
	CollabJointMeeting Collaboration = "joint_meeting"
	CollabOther        Collaboration = "other"
)

// Collaborations lists the mechanisms of collaboration in display order.
var Collaborations = []Collaboration{CollabMoU, CollabProgramme, CollabSecondment, CollabFunding,
	CollabTechnical, CollabDataSharing, CollabJointMeeting, CollabOther}

// Valid reports whether c is a known mechanism of collaboration.
func (c Collaboration) Valid() bool { return slices.Contains(Collaborations, c) }

// PartnershipStatus is where a partnership stands.
type PartnershipStatus string

// The statuses of a partnership.
const (
	PartnershipProposed PartnershipStatus = "proposed"
	PartnershipAgreed   PartnershipStatus = "agreed"
	PartnershipActive   PartnershipStatus = "active"
	PartnershipEnded    PartnershipStatus = "ended"
)

// PartnershipStatuses lists the statuses in order.
var PartnershipStatuses = []PartnershipStatus{PartnershipProposed, PartnershipAgreed, PartnershipActive, PartnershipEnded}

// Valid reports whether s is a known status.
func (s PartnershipStatus) Valid() bool { return slices.Contains(PartnershipStatuses, s) }

// Partnership is an agreement between two or more bodies (mechanisms,
// partner organisations, states) of a process to work together on
// objectives of the Global Compact.
type Partnership struct {
	ID        string
	ProcessID string
	// MeetingID is the meeting of the contribution it was made from, ""
	// for one recorded at the process's level.
	MeetingID string
	// MadeFrom is the partnership proposal (a contribution) it was made
	// from, "" when it was recorded directly; a proposal becomes one
	// partnership only.
	MadeFrom   string
	Title      string
	Purpose    string
	Phase      PartnershipPhase
	Mechanism  Collaboration
	Status     PartnershipStatus
	StartsOn   string // YYYY-MM-DD or ""
	EndsOn     string
	Parties    []string // body IDs, at least two
	Objectives []string // codes of the Global Compact's objectives: "O1"... "O23"
	Links      []PartnershipLink
	// Contributions are the contributions it comes from (partnership
	// proposals, commitments...), Commitments the follow-up commitments.
	Contributions []string
	Commitments   []string
	Demo          bool // demonstration content
	History       []PartnershipStatusChange
	CreatedBy     string // user ID
	CreatedAt     time.Time
	UpdatedAt     time.Time
	Version       int
}

// PartnershipLink is a document or web page about a partnership.
type PartnershipLink struct {
	Title string
	URL   string
}

// PartnershipStatusChange is one step of a partnership's status history.
type PartnershipStatusChange struct {
	Status    PartnershipStatus
	At        time.Time
	ActorID   string
	ActorName string
	Note      string
}

// Limits on partnerships.
const (
	MaxParties            = 50
	MaxPartnershipLinks   = 20
	MaxPartnershipSources = 50
)

// Validate checks a partnership's fields and normalises them: trims text,
// removes duplicate parties, objectives and links, and sorts objectives in
// the order of known (the codes of the Global Compact's objectives, in
// their order). Status defaults to proposed.
func (p *Partnership) Validate(known []string) error {
	var errs Errors
	p.Title = strings.TrimSpace(p.Title)
	p.Purpose = strings.TrimSpace(p.Purpose)
	checkText(&errs, "title", p.Title, true, MaxName)
	checkText(&errs, "purpose", p.Purpose, true, MaxText)
	if !p.Phase.Valid() {
		errs = append(errs, Invalid("phase", "partnership.error_phase", "choose preparation, negotiation, implementation or follow-up and review"))
	}
	if !p.Mechanism.Valid() {
		errs = append(errs, Invalid("mechanism", "partnership.error_mechanism", "choose one of the mechanisms of collaboration"))
	}
	if p.Status == "" {
		p.Status = PartnershipProposed
	}
	if !p.Status.Valid() {
		errs = append(errs, Invalid("status", "partnership.error_status", "choose proposed, agreed, active or ended"))
	}
	for _, f := range []struct{ name, v string }{{"starts_on", p.StartsOn}, {"ends_on", p.EndsOn}} {
		if f.v == "" {
			continue
		}
		if _, err := time.Parse(time.DateOnly, f.v); err != nil {
			errs = append(errs, Invalid(f.name, "error.date", "must be a date like 2017-10-10"))
		}
	}
	if p.StartsOn != "" && p.EndsOn != "" && p.EndsOn < p.StartsOn {
		errs = append(errs, Invalid("ends_on", "error.date_order", "must not be before the start date"))
	}
	p.Parties = dedupTrim(p.Parties)
	switch {
	case len(p.Parties) < 2:
		errs = append(errs, Invalid("parties", "partnership.error_parties", "a partnership is between at least two bodies: choose them"))
	case len(p.Parties) > MaxParties:
		errs = append(errs, Invalid("parties", "error.too_many", "at most %d", MaxParties))
	}
	p.Objectives = dedupTrim(p.Objectives)
	var unknown []string
	for _, o := range p.Objectives {
		if !slices.Contains(known, o) {
			unknown = append(unknown, o)
		}
	}
	if len(unknown) > 0 {
		errs = append(errs, Invalid("objectives", "partnership.error_objectives", "unknown objectives of the Global Compact: %s (codes O1 to O23)", strings.Join(unknown, ", ")))
	} else {
		slices.SortFunc(p.Objectives, func(a, b string) int { return slices.Index(known, a) - slices.Index(known, b) })
	}
	var links []PartnershipLink
	for _, l := range p.Links {
		l.Title, l.URL = strings.TrimSpace(l.Title), strings.TrimSpace(l.URL)
		if l.URL == "" && l.Title == "" {
			continue
		}
		if slices.ContainsFunc(links, func(k PartnershipLink) bool { return k.URL == l.URL }) {
			continue
		}
		checkText(&errs, "links", l.Title, false, MaxName)
		if u, err := url.Parse(l.URL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || len(l.URL) > 2000 || CheckLine("links", l.URL) != nil {
			errs = append(errs, Invalid("links", "error.link", "%s is not a web address starting with https:// or http://", l.URL))
		}
		links = append(links, l)
	}
	p.Links = links
	if len(p.Links) > MaxPartnershipLinks {
		errs = append(errs, Invalid("links", "error.too_many", "at most %d", MaxPartnershipLinks))
	}
	p.Contributions = dedupTrim(p.Contributions)
	p.Commitments = dedupTrim(p.Commitments)
	if len(p.Contributions) > MaxPartnershipSources || len(p.Commitments) > MaxPartnershipSources {
		errs = append(errs, Invalid("contributions", "error.too_many", "at most %d", MaxPartnershipSources))
	}
	return errs.Err()
}

// PartnershipFrom returns the partnership a partnership proposal c of a
// meeting of processID becomes: its title, its text as the purpose, the
// Global Compact objectives among its tags (codes, given by tag ID in
// codes), its links, its submitting body as the first party unless the
// non-attribution rule hides it (a partnership names its parties to
// everyone), and the link back to c.
func PartnershipFrom(processID string, c *Contribution, codes map[string]string) *Partnership {
	p := &Partnership{ProcessID: processID, MeetingID: c.MeetingID, MadeFrom: c.ID, Title: c.Title, Purpose: c.Text,
		Phase: PhaseImplementation, Mechanism: CollabOther, Status: PartnershipProposed,
		Contributions: []string{c.ID}, Demo: c.Demo}
	if c.BodyID != "" && !c.Unattributed {
		p.Parties = []string{c.BodyID}
	}
	for _, t := range c.Tags {
		if code, ok := codes[t]; ok {
			p.Objectives = append(p.Objectives, code)
		}
	}
	for _, l := range c.Links {
		p.Links = append(p.Links, PartnershipLink{URL: l})
	}
	return p
}

// NextPartnershipStatuses returns the statuses a partnership in status s
// may move to: forward (proposed, agreed, active), to ended from any, and
// back to active from ended (a partnership renewed).
func NextPartnershipStatuses(s PartnershipStatus) []PartnershipStatus {
	switch s {
	case PartnershipProposed:
		return []PartnershipStatus{PartnershipAgreed, PartnershipActive, PartnershipEnded}
	case PartnershipAgreed:
		return []PartnershipStatus{PartnershipActive, PartnershipEnded}
	case PartnershipActive:
		return []PartnershipStatus{PartnershipEnded}
	case PartnershipEnded:
		return []PartnershipStatus{PartnershipActive}
	}
	return nil
}

// Who sees and changes a process's partnerships. Each rule is asked by
// the use cases of package partnership; its role matrix asks every
// operation as every role.

// CanViewPartnerships reports whether the actor reads a process's
// partnerships and its partners' engagement: whoever may see the process.
func (a *Actor) CanViewPartnerships(processID string) bool {
	return a.CanViewProcess(processID)
}

// CanManagePartnership reports whether the actor records and edits a
// partnership of a process, made at a meeting (meetingID) or at the
// process's level (meetingID ""), turns a partnership proposal of that
// meeting into a partnership, and sees matchmaking suggestions: the
// secretariat of the process or of that meeting, and instance
// administrators.
func (a *Actor) CanManagePartnership(processID, meetingID string) bool {
	return a.CanManageMeeting(processID, meetingID)
}
