package store

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/plenary-org/plenary/internal/domain"
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

// OverallSnapshot is the tally a confirmation freezes, as the page and the
// API store it.
type OverallSnapshot struct {
	Method     rank.Method        `json:"method"`
	ScoreMin   int                `json:"score_min,omitempty"`
	ScoreMax   int                `json:"score_max,omitempty"`
	EqualSay   bool               `json:"equal_say"`
	Ballots    int                `json:"ballots"`
	Groups     map[string]int     `json:"groups"` // group name -> ballots
	Candidates []OverallCandidate `json:"candidates"`
	Result     *rank.Result       `json:"result"`
	Top        rank.Top           `json:"top"`
	Robustness *rank.Robustness   `json:"robustness,omitempty"`
}

// Snapshot returns the tally as a confirmation freezes it (JSON), with the
// ballots counted by the name of their group among groups.
func (t *OverallTally) Snapshot(groups []*domain.Group) (json.RawMessage, error) {
	snap := OverallSnapshot{Method: t.Settings.Method, EqualSay: true, Ballots: len(t.Ballots), Groups: map[string]int{},
		Result: t.Result, Top: t.Top, Robustness: t.Robustness}
	if t.Settings.Method == rank.Score {
		snap.ScoreMin, snap.ScoreMax = t.Settings.ScoreMin, t.Settings.ScoreMax
	}
	names := make(map[string]string, len(groups))
	for _, g := range groups {
		names[g.ID] = g.Name
	}
	for _, b := range t.Ballots {
		snap.Groups[names[b.Group]]++
	}
	for _, c := range t.Candidates {
		snap.Candidates = append(snap.Candidates, *c)
	}
	return json.Marshal(snap)
}

// InTallyOrder returns the chosen candidates in the tally's order; when
// some are not candidates, the choice as it is, for ConfirmOverall to say
// which is wrong.
func (t *OverallTally) InTallyOrder(chosen []string) []string {
	var sel []string
	for _, row := range t.Result.Candidates {
		if slices.Contains(chosen, row.ID) {
			sel = append(sel, row.ID)
		}
	}
	if len(sel) != len(chosen) {
		return chosen
	}
	return sel
}
