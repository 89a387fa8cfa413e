package domain

// The non-attribution rule (the Chatham House rule of a meeting's
// breakout groups) is stamped on each record when it is written: a
// contribution, statement or endorsement written or changed while its
// meeting is held under the rule (Meeting.NonAttribution, read in the
// writing transaction) is unattributed for ever, whatever the setting
// becomes; a change of the setting only affects what is written after it.
// Every reader asks the record, never the meeting. What a record under the
// rule keeps in the database is what a feature needs, and nothing more
// (docs/SECURITY.md):
//
//   - a contribution keeps its author (who edits, submits, translates and
//     withdraws it, and finds their own drafts) and its body (shown to its
//     author; to others as a description of the body);
//   - a statement keeps neither author nor body ([Statement.Unattribute]),
//     only whether a partner wrote it;
//   - an endorsement keeps its body (one a body and practice, changed by
//     the body's delegates) but not who saved it;
//   - an audit event of such a record keeps no author, body or partner in
//     its snapshots, and no actor when [ConcealsActor] says so.
//
// Votes and ballots keep their voter under any setting (one vote a person,
// which they may change; opinion groups gather each voter's votes), and no
// page or file ever shows who voted how.

// Attributed reports whether a contribution's body and author may be shown
// to viewer: always when it was written outside the non-attribution rule,
// otherwise to its author only (others see a description of the body).
func Attributed(c *Contribution, viewer *Actor) bool {
	if !c.Unattributed {
		return true
	}
	return viewer.LoggedIn() && c.AuthorID != "" && viewer.User.ID == c.AuthorID
}

// Unattribute marks s as written under the non-attribution rule and drops
// what no feature needs of it: its author and its body (nobody edits a
// statement; it keeps ByPartner, since the plenary marks a partner's
// statement, never which partner).
func (s *Statement) Unattribute() {
	s.Unattributed, s.AuthorID, s.BodyID = true, "", ""
}

// ConcealsActor reports whether the audit trail leaves out who changed a
// record written under the non-attribution rule, given whether they are
// the record's author: the author's own writing of a statement or of a
// contribution (creating, editing, submitting, translating, withdrawing
// it), and every change to an endorsement (the body's, never a person's).
// Others' moderation of a contribution (publishing, returning, editing it)
// and merges of statements are named.
func ConcealsActor(objectType string, byAuthor bool) bool {
	switch objectType {
	case "endorsement":
		return true
	case "statement", "contribution":
		return byAuthor
	}
	return false
}
