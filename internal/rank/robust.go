package rank

import (
	"errors"
	"slices"
)

// Robustness is the outcome of [LeaveOneOut]: the top N of the full count
// and what becomes of it when each group is left out in turn.
type Robustness struct {
	Method Method `json:"method"`
	N      int    `json:"n"`
	Full   Top    `json:"full"`

	// Groups has one entry per group, in the order of the group names.
	Groups []GroupEffect `json:"groups"`

	// Stable is true when no group, left out, changes the top N.
	Stable bool `json:"stable"`
}

// GroupEffect is the count without one group.
type GroupEffect struct {
	Group   string `json:"group"`
	Ballots int    `json:"ballots"` // ballots of the group, left out
	Top     Top    `json:"top"`     // the top N without the group

	// Changed is true when some candidate's [Status] differs from the full
	// count; Changes lists them in the order of the candidates.
	Changed bool     `json:"changed"`
	Changes []Change `json:"changes,omitempty"`
}

// Change is one candidate whose [Status] moves when a group is left out.
type Change struct {
	Candidate string `json:"candidate"`
	From      Status `json:"from"` // with every group
	To        Status `json:"to"`   // without the group
}

// LeaveOneOut counts the ballots as [Tally] does, then again once per group
// without that group's ballots, and reports for each group whether the top
// n moves. A top n that no single group can move does not hinge on one
// group. With [Options.EqualSay] the remaining groups keep a say of 1 each.
//
// Every ballot must name its Group. It returns [ValidationErrors] as
// [Tally] does.
func LeaveOneOut(method Method, candidates []string, ballots []Ballot, n int, opt Options) (*Robustness, error) {
	var errs ValidationErrors
	if n < 0 {
		errs.add(NoBallot, "n", "", ReasonBadN)
	}
	if !opt.EqualSay { // under EqualSay Tally checks the groups itself
		for i, b := range ballots {
			if b.Group == "" {
				errs.add(i, "Group", "", ReasonNoGroup)
			}
		}
	}
	full, err := Tally(method, candidates, ballots, opt)
	var tallyErrs ValidationErrors
	switch {
	case errors.As(err, &tallyErrs):
		errs = append(tallyErrs, errs...)
	case err != nil:
		return nil, err
	}
	if err := errs.err(); err != nil {
		return nil, err
	}

	rob := &Robustness{Method: method, N: n, Full: full.TopN(n), Stable: true}
	var groups []string
	for _, b := range ballots {
		groups = append(groups, b.Group)
	}
	slices.Sort(groups)
	groups = slices.Compact(groups)
	rest := make([]Ballot, 0, len(ballots))
	for _, g := range groups {
		rest = rest[:0]
		for _, b := range ballots {
			if b.Group != g {
				rest = append(rest, b)
			}
		}
		res, err := Tally(method, candidates, rest, opt)
		if err != nil {
			return nil, err // cannot happen: the full count was valid
		}
		eff := GroupEffect{Group: g, Ballots: len(ballots) - len(rest), Top: res.TopN(n)}
		for _, id := range candidates {
			from, to := rob.Full.Status(id), eff.Top.Status(id)
			if from != to {
				eff.Changes = append(eff.Changes, Change{Candidate: id, From: from, To: to})
			}
		}
		eff.Changed = len(eff.Changes) > 0
		if eff.Changed {
			rob.Stable = false
		}
		rob.Groups = append(rob.Groups, eff)
	}
	return rob, nil
}
