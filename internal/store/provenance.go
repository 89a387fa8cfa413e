package store

import (
	"context"
	"slices"

	"github.com/plenary-org/plenary/internal/domain"
)

// The reads the plenary's synthesis and the provenance of its overall
// recommendations are assembled from (package synthesis).

// PartCandidates returns the candidate statements of a part across the
// meeting's breakout groups, under the part's settings: the standing (not
// merged) statements of the candidate kinds, oldest first, in one query.
func (db *DB) PartCandidates(ctx context.Context, meetingID, partID string) ([]*domain.Statement, error) {
	set, err := db.RankingSettings(ctx, partID)
	if err != nil {
		return nil, err
	}
	kinds := set.Candidates.Kinds()
	args := []any{meetingID, partID}
	for _, k := range kinds {
		args = append(args, string(k))
	}
	rows, err := db.query(ctx, `SELECT `+statementCols+` FROM statements s
		WHERE s.meeting_id = ? AND s.part_id = ? AND s.group_id IS NOT NULL AND s.merged_into IS NULL AND s.kind IN (`+placeholders(len(kinds))+`)
		ORDER BY s.seq`, args...)
	sts, err := scanAll(rows, err, scanStatement)
	return sts, db.mapErr(err)
}

// StatementsByID reads statements by id (merged ones too) in one query per
// 500; ids that no longer exist are absent from the map.
func (db *DB) StatementsByID(ctx context.Context, ids []string) (map[string]*domain.Statement, error) {
	out := map[string]*domain.Statement{}
	for chunk := range slices.Chunk(ids, 500) {
		args := make([]any, len(chunk))
		for i, id := range chunk {
			args[i] = id
		}
		rows, err := db.query(ctx, `SELECT `+statementCols+` FROM statements s WHERE s.id IN (`+placeholders(len(chunk))+`)`, args...)
		sts, err := scanAll(rows, err, scanStatement)
		if err != nil {
			return nil, db.mapErr(err)
		}
		for _, st := range sts {
			out[st.ID] = st
		}
	}
	return out, nil
}

// StatementTotals counts the votes of statements, by statement id, in one
// query per 500; a statement without votes is absent from the map.
func (db *DB) StatementTotals(ctx context.Context, ids []string) (map[string]VoteTotals, error) {
	out := map[string]VoteTotals{}
	for chunk := range slices.Chunk(ids, 500) {
		args := make([]any, len(chunk))
		for i, id := range chunk {
			args[i] = id
		}
		rows, err := db.query(ctx, `SELECT statement_id, SUM(CASE WHEN value = 1 THEN 1 ELSE 0 END), SUM(CASE WHEN value = -1 THEN 1 ELSE 0 END),
			SUM(CASE WHEN value = 0 THEN 1 ELSE 0 END) FROM votes WHERE statement_id IN (`+placeholders(len(chunk))+`) GROUP BY statement_id`, args...)
		if err != nil {
			return nil, db.mapErr(err)
		}
		for rows.Next() {
			var id string
			var t VoteTotals
			if err := rows.Scan(&id, &t.Agree, &t.Disagree, &t.Pass); err != nil {
				rows.Close()
				return nil, db.mapErr(err)
			}
			out[id] = t
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, db.mapErr(err)
		}
	}
	return out, nil
}

// PartReports returns the reports of some of the meeting's groups on a
// part, in one query; a group without a report has none in the list.
func (db *DB) PartReports(ctx context.Context, meetingID, partID string, groupIDs []string) ([]*Report, error) {
	if len(groupIDs) == 0 {
		return nil, nil
	}
	args := []any{meetingID, partID}
	for _, id := range groupIDs {
		args = append(args, id)
	}
	rows, err := db.query(ctx, `SELECT `+reportCols+` FROM group_reports WHERE meeting_id = ? AND part_id = ? AND group_id IN (`+placeholders(len(groupIDs))+`)`, args...)
	reps, err := scanAll(rows, err, scanReport)
	return reps, db.mapErr(err)
}

// BodiesByID reads the name, acronym, kind and region of bodies by id, in one
// query (their countries are not read); ids that do not exist are absent
// from the map.
func (db *DB) BodiesByID(ctx context.Context, ids []string) (map[string]*domain.Body, error) {
	out := map[string]*domain.Body{}
	if len(ids) == 0 {
		return out, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	rows, err := db.query(ctx, `SELECT id, name, acronym, kind, region FROM bodies WHERE id IN (`+placeholders(len(ids))+`)`, args...)
	if err != nil {
		return nil, db.mapErr(err)
	}
	defer rows.Close()
	for rows.Next() {
		var b domain.Body
		var kind string
		if err := rows.Scan(&b.ID, &b.Name, &b.Acronym, &kind, &b.Region); err != nil {
			return nil, db.mapErr(err)
		}
		b.Kind = domain.BodyKind(kind)
		out[b.ID] = &b
	}
	return out, db.mapErr(rows.Err())
}
