package domain

import (
	"slices"
	"strings"
	"time"
)

// Statement is something a breakout group or the plenary votes on: a
// candidate recommendation, commitment or follow-up mechanism, written by a
// member or drawn from a contribution.
type Statement struct {
	ID         string
	Seq        int64 // a number that never changes, for the opinion engine
	MeetingID  string
	PartID     string // the session part it is discussed in, "" when none
	GroupID    string // the breakout group, "" for the plenary
	Kind       ContributionKind
	Text       string
	Lang       string
	AuthorID   string
	BodyID     string
	ByPartner  bool   // written on behalf of a partner, not a mechanism or state
	SourceID   string // the contribution it was drawn from, "" when none
	MergedInto string // the statement it was merged into, "" when it stands
	// Unattributed is set when the statement was written under the
	// non-attribution rule ([Statement.Unattribute]).
	Unattributed bool
	CreatedAt    time.Time
	UpdatedAt    time.Time
	Version      int
}

// MaxStatement is the longest statement, in characters: statements are
// read and voted on one at a time, on phones too.
const MaxStatement = 1000

// Validate checks a statement's fields.
func (s *Statement) Validate() error {
	var errs Errors
	s.Text = strings.TrimSpace(s.Text)
	checkText(&errs, "text", s.Text, true, MaxStatement)
	if !s.Kind.Valid() {
		errs = append(errs, Invalid("kind", "error.contribution_kind", "choose one of the kinds of contribution"))
	}
	if !slices.Contains(Locales, s.Lang) {
		errs = append(errs, Invalid("lang", "error.locale", "must be one of %s", strings.Join(Locales, ", ")))
	}
	return errs.Err()
}

// Vote values.
const (
	Agree    = 1
	Disagree = -1
	Pass     = 0
)

// Vote is one person's vote on one statement; the latest counts.
type Vote struct {
	StatementID string
	UserID      string
	Value       int
	At          time.Time
	// MeetingID and GroupID name the statement's conversation, when the
	// caller knows it, so that live screens hear of the vote. Not stored.
	MeetingID, GroupID string
}

// ValidVote reports whether v is agree, disagree or pass.
func ValidVote(v int) bool { return v >= Disagree && v <= Agree }

// CanVote reports whether the actor may vote in a conversation: for a
// breakout group (groupID not ""), its members other than observers; for
// the plenary, the meeting's chairs, rapporteurs, delegates and partners.
// The secretariat runs the meeting and does not vote.
func (a *Actor) CanVote(processID, meetingID, groupID string) bool {
	voters := []Role{RoleChair, RoleRapporteur, RoleDelegate, RolePartner}
	if groupID == "" {
		return a.hasRole(processID, meetingID, voters...)
	}
	return a.inGroup(processID, meetingID, groupID, voters...)
}
