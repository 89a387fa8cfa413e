package store

import (
	"context"
	"strings"
)

// The dashboards' counts as SQL: the GROUP BYs the dashboards were first
// counted with, kept as the definition that the counts from the facts
// (followup_facts.go) are checked against
// (TestDashboardFactsCountAsTheDatabase).

// where returns the filter's conditions on commitments c joined with their
// owner body b, and their arguments.
func (f *DashboardFilter) where() (string, []any) {
	conds := []string{"c.process_id = ?"}
	args := []any{f.ProcessID}
	if f.MeetingID != "" {
		conds = append(conds, "c.meeting_id = ?")
		args = append(args, f.MeetingID)
	}
	if f.Status != "" {
		conds = append(conds, "c.status = ?")
		args = append(args, f.Status)
	}
	if f.BodyID != "" {
		conds = append(conds, "(c.owner_body_id = ? OR EXISTS (SELECT 1 FROM commitment_bodies fb WHERE fb.commitment_id = c.id AND fb.body_id = ? AND fb.role = 'co_owner'))")
		args = append(args, f.BodyID, f.BodyID)
	}
	if f.Objective != "" {
		conds = append(conds, "EXISTS (SELECT 1 FROM commitment_objectives fo WHERE fo.commitment_id = c.id AND fo.code = ?)")
		args = append(args, f.Objective)
	}
	if f.Region != "" {
		if text, unmapped := strings.CutPrefix(f.Region, UnmappedRegionKey); unmapped {
			conds = append(conds, "b.region_id = '' AND b.region = ?")
			args = append(args, text)
		} else {
			conds = append(conds, "b.region_id = ?")
			args = append(args, f.Region)
		}
	}
	if f.CycleID != "" {
		conds = append(conds, "EXISTS (SELECT 1 FROM review_cycle_commitments fc WHERE fc.commitment_id = c.id AND fc.cycle_id = ?)")
		args = append(args, f.CycleID)
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

// CommitmentsByStatus counts the commitments f selects by status and
// region of their owner body.
func (db *DB) CommitmentsByStatus(ctx context.Context, f DashboardFilter) ([]FollowUpCount, error) {
	where, args := f.where()
	return db.followUpCounts(ctx, `SELECT c.status, `+regionKeySQL+`, COUNT(*) FROM commitments c
		JOIN bodies b ON b.id = c.owner_body_id`+where+` GROUP BY 1, 2`, args...)
}

// CommitmentsByObjective counts the commitments f selects by objective
// (or guiding principle) they serve and region of their owner body; a
// commitment serving three objectives counts once under each.
func (db *DB) CommitmentsByObjective(ctx context.Context, f DashboardFilter) ([]FollowUpCount, error) {
	where, args := f.where()
	return db.followUpCounts(ctx, `SELECT o.code, `+regionKeySQL+`, COUNT(*) FROM commitments c
		JOIN bodies b ON b.id = c.owner_body_id
		JOIN commitment_objectives o ON o.commitment_id = c.id`+where+` GROUP BY 1, 2`, args...)
}

// CycleReporting counts the commitments f selects in the scope of review
// cycle cycleID by how their owners reported, per region of the owner
// body: [ReportedOnTime] when their first report submitted for the cycle
// (since submitted or accepted) came before cutoffMS (milliseconds since
// 1970: the end of the deadline's day), [ReportedLate] after it,
// [NotReported] when none was (drafts and returned reports do not count).
func (db *DB) CycleReporting(ctx context.Context, f DashboardFilter, cycleID string, cutoffMS int64) ([]FollowUpCount, error) {
	f.CycleID = "" // the join below is the cycle's scope
	where, args := f.where()
	q := `SELECT t.k, t.region, COUNT(*) FROM (
			SELECT c.id, ` + regionKeySQL + ` AS region,
				CASE WHEN MIN(r.submitted_at) IS NULL THEN '` + NotReported + `'
					WHEN MIN(r.submitted_at) < ? THEN '` + ReportedOnTime + `'
					ELSE '` + ReportedLate + `' END AS k
			FROM commitments c
			JOIN bodies b ON b.id = c.owner_body_id
			JOIN review_cycle_commitments rc ON rc.commitment_id = c.id AND rc.cycle_id = ?
			LEFT JOIN progress_reports r ON r.commitment_id = c.id AND r.cycle_id = ? AND r.state IN ('submitted', 'accepted')` +
		where + ` GROUP BY c.id, b.region_id, b.region) t
		GROUP BY t.k, t.region`
	return db.followUpCounts(ctx, q, append([]any{cutoffMS, cycleID, cycleID}, args...)...)
}

func (db *DB) followUpCounts(ctx context.Context, q string, args ...any) ([]FollowUpCount, error) {
	rows, err := db.query(ctx, q, args...)
	out, err := scanAll(rows, err, func(r scanner) (FollowUpCount, error) {
		var c FollowUpCount
		err := r.Scan(&c.Key, &c.Region, &c.N)
		return c, err
	})
	if err != nil {
		return nil, db.mapErr(err)
	}
	return out, nil
}
