package store

import (
	"context"
	"slices"

	"github.com/plenary-org/plenary/internal/domain"
)

// ContributionFilter selects contributions by meeting, status and kind,
// without full-text search: what an export needs. Values within a filter
// are alternatives; empty filters do not filter.
type ContributionFilter struct {
	MeetingIDs []string
	Statuses   []domain.Status
	Kinds      []domain.ContributionKind
}

// ContributionIDs returns the IDs of the contributions f selects, oldest
// first (by creation time, then ID), so that an export and the export of
// its import list them in the same order.
func (db *DB) ContributionIDs(ctx context.Context, f ContributionFilter) ([]string, error) {
	q := `SELECT id FROM contributions WHERE 1=1`
	var args []any
	in := func(col string, vals []string) {
		if len(vals) == 0 {
			return
		}
		q += ` AND ` + col + ` IN (` + placeholders(len(vals)) + `)`
		for _, v := range vals {
			args = append(args, v)
		}
	}
	in("meeting_id", f.MeetingIDs)
	in("status", strs(f.Statuses))
	in("kind", strs(f.Kinds))
	rows, err := db.query(ctx, q+` ORDER BY created_at, id`, args...)
	ids, err := scanAll(rows, err, func(r scanner) (string, error) {
		var id string
		return id, r.Scan(&id)
	})
	return ids, db.mapErr(err)
}

func strs[T ~string](vs []T) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return out
}

// ContributionsFull returns the contributions with the given IDs, in that
// order, each with regions, countries, tags, translations and attachment
// metadata; IDs that do not exist are left out.
func (db *DB) ContributionsFull(ctx context.Context, ids []string) ([]*domain.Contribution, error) {
	out := make([]*domain.Contribution, 0, len(ids))
	for chunk := range slices.Chunk(ids, 500) {
		args := make([]any, len(chunk))
		for i, id := range chunk {
			args[i] = id
		}
		rows, err := db.query(ctx, `SELECT `+contributionCols+` FROM contributions c WHERE c.id IN (`+placeholders(len(chunk))+`)`, args...)
		cs, err := scanAll(rows, err, scanContribution)
		if err != nil {
			return nil, db.mapErr(err)
		}
		if err := db.loadContributionDetails(ctx, cs, true); err != nil {
			return nil, err
		}
		out = append(out, cs...)
	}
	pos := make(map[string]int, len(ids))
	for i, id := range ids {
		pos[id] = i
	}
	slices.SortFunc(out, func(a, b *domain.Contribution) int { return pos[a.ID] - pos[b.ID] })
	return out, nil
}
