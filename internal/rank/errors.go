package rank

import (
	"errors"
	"fmt"
	"strings"
)

// Reason says what is wrong with a value. Reasons are stable words a caller
// can translate into a message.
type Reason string

// The reasons a [ValidationError] can give.
const (
	ReasonUnknownMethod    Reason = "unknown method"
	ReasonEmptyID          Reason = "empty candidate id"
	ReasonUnknownCandidate Reason = "unknown candidate"
	ReasonDuplicate        Reason = "candidate listed twice"
	ReasonEmptyRank        Reason = "empty rank"
	ReasonOutOfRange       Reason = "score out of range"
	ReasonNotFinite        Reason = "not a finite number"
	ReasonNegativeWeight   Reason = "negative weight"
	ReasonNoGroup          Reason = "group missing"
	ReasonWrongField       Reason = "field not used by this method"
	ReasonBadRange         Reason = "score range is empty"
	ReasonUnknownScoreBy   Reason = "unknown score aggregation"
	ReasonBadN             Reason = "negative number of places"
)

// NoBallot is the [ValidationError.Ballot] of an error that is not about a
// ballot (the candidates or the options).
const NoBallot = -1

// ValidationError is one problem with the input of a count.
type ValidationError struct {
	// Ballot is the index of the ballot in the slice given, or [NoBallot].
	Ballot int `json:"ballot"`
	// Field is the field at fault: "Ranks", "Approved", "Scores", "Weight",
	// "Group" for a ballot; "candidates", "method", "n" or an Options field
	// such as "ScoreMax" otherwise.
	Field string `json:"field"`
	// Candidate is the candidate concerned, if any.
	Candidate string `json:"candidate,omitempty"`
	// Reason is what is wrong.
	Reason Reason `json:"reason"`
}

func (e *ValidationError) Error() string {
	var b strings.Builder
	if e.Ballot != NoBallot {
		fmt.Fprintf(&b, "ballot %d: ", e.Ballot)
	}
	b.WriteString(e.Field)
	if e.Candidate != "" {
		fmt.Fprintf(&b, " %q", e.Candidate)
	}
	b.WriteString(": ")
	b.WriteString(string(e.Reason))
	return b.String()
}

// ValidationErrors is every problem found in the input of a count, in the
// order of the ballots. [Tally] and [LeaveOneOut] return it when the input is
// invalid; errors.As finds both it and its first [*ValidationError].
type ValidationErrors []*ValidationError

func (es ValidationErrors) Error() string {
	switch len(es) {
	case 0:
		return "rank: no error"
	case 1:
		return "rank: " + es[0].Error()
	}
	return fmt.Sprintf("rank: %s (and %d more)", es[0].Error(), len(es)-1)
}

// Unwrap returns the errors one by one, for errors.As and errors.Is.
func (es ValidationErrors) Unwrap() []error {
	out := make([]error, len(es))
	for i, e := range es {
		out[i] = e
	}
	return out
}

func (es *ValidationErrors) add(ballot int, field, candidate string, reason Reason) {
	*es = append(*es, &ValidationError{Ballot: ballot, Field: field, Candidate: candidate, Reason: reason})
}

func (es ValidationErrors) err() error {
	if len(es) == 0 {
		return nil
	}
	return es
}

// IsValidation reports whether err is, or wraps, a validation error: the
// input was at fault, not the program.
func IsValidation(err error) bool {
	var ve *ValidationError
	return errors.As(err, &ve)
}
