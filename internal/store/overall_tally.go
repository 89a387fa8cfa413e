package store

import (
	"context"
	"fmt"

	"github.com/plenary-org/plenary/internal/rank"
)

// OverallTally is the plenary's count of one part's candidate overall
// recommendations: the candidates (oldest first), the ballots as counted
// (each with its voter's breakout group, never the voter), the result
// with an equal say per group, the top five and, once there are ballots,
// what becomes of the top five without each group.
type OverallTally struct {
	Candidates []*OverallCandidate
	Ballots    []rank.Ballot
	Method     rank.Method
	Settings   *OverallSettings // the part's plenary method and score range
	Result     *rank.Result
	Top        rank.Top
	Robustness *rank.Robustness // nil without ballots
}

// OverallTally counts a part's plenary ballots. The overall page, its
// confirmation and the provenance of each candidate read the same count.
func (db *DB) OverallTally(ctx context.Context, meetingID, partID string) (*OverallTally, error) {
	t := &OverallTally{}
	var err error
	if t.Settings, err = db.OverallSettings(ctx, meetingID, partID); err != nil {
		return nil, err
	}
	t.Method = t.Settings.Method
	if t.Candidates, err = db.OverallCandidates(ctx, meetingID, partID); err != nil {
		return nil, err
	}
	ids := make([]string, len(t.Candidates))
	for i, c := range t.Candidates {
		ids[i] = c.ID
	}
	if t.Ballots, err = db.OverallBallots(ctx, meetingID, partID); err != nil {
		return nil, err
	}
	opt := t.Settings.Options() // an equal say per group, whatever the method
	if t.Result, err = rank.Tally(t.Method, ids, t.Ballots, opt); err != nil {
		return nil, fmt.Errorf("store: overall tally: %w", err)
	}
	t.Top = t.Result.TopN(OverallTopSize)
	if len(t.Ballots) > 0 {
		if t.Robustness, err = rank.LeaveOneOut(t.Method, ids, t.Ballots, OverallTopSize, opt); err != nil {
			return nil, fmt.Errorf("store: overall robustness: %w", err)
		}
	}
	return t, nil
}
