package synthesis

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/plenary-org/plenary/internal/deliberation"
	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/rank"
	"github.com/plenary-org/plenary/internal/store"
)

// Tally is the plenary's count of one part's candidate overall
// recommendations: the candidates (oldest first), the ballots as counted
// (each with its voter's breakout group, never the voter), the result
// with an equal say per group, the top five and, once there are ballots,
// what becomes of the top five without each group.
type Tally struct {
	Candidates []*store.OverallCandidate
	Ballots    []rank.Ballot
	Method     rank.Method
	Settings   *store.OverallSettings // the part's plenary method and score range
	Result     *rank.Result
	Top        rank.Top
	Robustness *rank.Robustness // nil without ballots
}

// tally reads a part's plenary method, candidates and ballots and counts
// them. The overall page, its confirmation and the provenance of each
// candidate read the same count.
func (s *Service) tally(ctx context.Context, meetingID, partID string) (*Tally, error) {
	set, err := s.db.OverallSettings(ctx, meetingID, partID)
	if err != nil {
		return nil, err
	}
	cands, err := s.db.OverallCandidates(ctx, meetingID, partID)
	if err != nil {
		return nil, err
	}
	ballots, err := s.db.OverallBallots(ctx, meetingID, partID)
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(cands))
	for i, c := range cands {
		ids[i] = c.ID
	}
	ballots = deliberation.OnCandidates(ids, nil, ballots)
	return countOverall(set, cands, ballots)
}

// countOverall counts ballots on cands under set: an equal say for every
// breakout group whatever the method, the top five, and the
// leave-one-group-out check once there are ballots.
func countOverall(set *store.OverallSettings, cands []*store.OverallCandidate, ballots []rank.Ballot) (*Tally, error) {
	t := &Tally{Candidates: cands, Ballots: ballots, Method: set.Method, Settings: set}
	ids := make([]string, len(cands))
	for i, c := range cands {
		ids[i] = c.ID
	}
	opt := set.Options() // an equal say per group, whatever the method
	var err error
	if t.Result, err = rank.Tally(t.Method, ids, ballots, opt); err != nil {
		return nil, fmt.Errorf("synthesis: overall tally: %w", err)
	}
	t.Top = t.Result.TopN(store.OverallTopSize)
	if len(ballots) > 0 {
		if t.Robustness, err = rank.LeaveOneOut(t.Method, ids, ballots, store.OverallTopSize, opt); err != nil {
			return nil, fmt.Errorf("synthesis: overall robustness: %w", err)
		}
	}
	return t, nil
}

// Snapshot is the tally a confirmation freezes, as it is stored with the
// confirmation and its audit event.
type Snapshot struct {
	Method     rank.Method              `json:"method"`
	ScoreMin   int                      `json:"score_min,omitempty"`
	ScoreMax   int                      `json:"score_max,omitempty"`
	EqualSay   bool                     `json:"equal_say"`
	Ballots    int                      `json:"ballots"`
	Groups     map[string]int           `json:"groups"` // group name -> ballots
	Candidates []store.OverallCandidate `json:"candidates"`
	Result     *rank.Result             `json:"result"`
	Top        rank.Top                 `json:"top"`
	Robustness *rank.Robustness         `json:"robustness,omitempty"`
}

// Snapshot returns the tally as a confirmation freezes it (JSON), with the
// ballots counted by the name of their group among groups.
func (t *Tally) Snapshot(groups []*domain.Group) (json.RawMessage, error) {
	snap := Snapshot{Method: t.Settings.Method, EqualSay: true, Ballots: len(t.Ballots), Groups: map[string]int{},
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
	js, err := json.Marshal(snap)
	if err != nil {
		return nil, fmt.Errorf("synthesis: overall snapshot: %w", err)
	}
	return js, nil
}

// InTallyOrder returns the chosen candidates in the tally's order; when
// some are not candidates, the choice as it is, for the store to say
// which is wrong.
func (t *Tally) InTallyOrder(chosen []string) []string {
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
