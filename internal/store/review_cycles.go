package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/plenary-org/plenary/internal/domain"
)

// Review cycles (docs/FOLLOW-UP.md): a round of review of a process's
// commitments, with the commitments in scope, a reporting deadline and the
// languages its review report is made in. Package followup decides who
// opens, changes and closes one; closing writes the review report in the
// same transaction ([DB.CloseReviewCycle]).

const reviewCycleCols = `id, process_id, name, opens_on, deadline, state, review_report, languages, demo, closed_by, closed_at, created_at, updated_at, version`

func scanReviewCycle(r scanner) (*domain.ReviewCycle, error) {
	c := &domain.ReviewCycle{}
	var state, langs string
	var closed, created, updated int64
	if err := r.Scan(&c.ID, &c.ProcessID, &c.Name, &c.OpensOn, &c.Deadline, &state, &c.ReviewReport, &langs, &c.Demo, &c.ClosedBy, &closed,
		&created, &updated, &c.Version); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(langs), &c.Languages); err != nil {
		return nil, fmt.Errorf("store: review cycle languages: %w", err)
	}
	c.State = domain.CycleState(state)
	c.ClosedAt, c.CreatedAt, c.UpdatedAt = fromMS(closed), fromMS(created), fromMS(updated)
	return c, nil
}

// ReviewCycle returns a cycle with the commitments in its scope.
func (db *DB) ReviewCycle(ctx context.Context, id string) (*domain.ReviewCycle, error) {
	c, err := scanReviewCycle(db.queryRow(ctx, `SELECT `+reviewCycleCols+` FROM review_cycles WHERE id = ?`, id))
	if err != nil {
		return nil, db.notFound(err, "review cycle")
	}
	rows, err := db.query(ctx, `SELECT commitment_id FROM review_cycle_commitments WHERE cycle_id = ? ORDER BY commitment_id`, id)
	c.CommitmentIDs, err = scanAll(rows, err, func(r scanner) (string, error) {
		var s string
		return s, r.Scan(&s)
	})
	return c, db.mapErr(err)
}

// ReviewCycles returns a process's cycles (all processes' when processID
// is empty), open ones first, then by deadline, without their scope.
func (db *DB) ReviewCycles(ctx context.Context, processID string) ([]*domain.ReviewCycle, error) {
	q, args := `SELECT `+reviewCycleCols+` FROM review_cycles`, []any{}
	if processID != "" {
		q, args = q+` WHERE process_id = ?`, append(args, processID)
	}
	rows, err := db.query(ctx, q+` ORDER BY CASE WHEN state = 'open' THEN 0 ELSE 1 END, deadline DESC, id`, args...)
	cs, err := scanAll(rows, err, scanReviewCycle)
	return cs, db.mapErr(err)
}

// CreateReviewCycle stores a new cycle with its scope.
func (db *DB) CreateReviewCycle(ctx context.Context, c *domain.ReviewCycle) error {
	return db.inTx(ctx, func(tx *Tx) error {
		now := db.nowMS()
		c.ID, c.Version, c.State = NewID(), 1, domain.CycleOpen
		c.CreatedAt, c.UpdatedAt = fromMS(now), fromMS(now)
		langs, err := json.Marshal(c.Languages)
		if err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `INSERT INTO review_cycles (id, process_id, name, opens_on, deadline, state, languages, demo, created_at, updated_at, version)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`, c.ID, c.ProcessID, c.Name, c.OpensOn, c.Deadline, string(c.State), string(langs), c.Demo, now, now); err != nil {
			return err
		}
		if err := tx.putCycleScope(ctx, c); err != nil {
			return err
		}
		return tx.audit(ctx, "create", "review_cycle", c.ID, "", nil, c)
	})
}

func (tx *Tx) putCycleScope(ctx context.Context, c *domain.ReviewCycle) error {
	if _, err := tx.exec(ctx, `DELETE FROM review_cycle_commitments WHERE cycle_id = ?`, c.ID); err != nil {
		return err
	}
	st, err := tx.stmt(ctx, `INSERT INTO review_cycle_commitments (cycle_id, commitment_id) VALUES (?, ?)`)
	if err != nil {
		return err
	}
	for _, id := range c.CommitmentIDs {
		if _, err := tx.execPrepared(ctx, st, `INSERT INTO review_cycle_commitments (cycle_id, commitment_id) VALUES (?, ?)`, c.ID, id); err != nil {
			return err
		}
	}
	return nil
}

// UpdateReviewCycle writes a cycle's name, dates, languages and scope at
// the version read (another is a conflict).
func (db *DB) UpdateReviewCycle(ctx context.Context, before, c *domain.ReviewCycle) error {
	return db.inTx(ctx, func(tx *Tx) error {
		langs, err := json.Marshal(c.Languages)
		if err != nil {
			return err
		}
		now := db.nowMS()
		res, err := tx.exec(ctx, `UPDATE review_cycles SET name = ?, opens_on = ?, deadline = ?, languages = ?, updated_at = ?, version = version + 1
			WHERE id = ? AND version = ? AND state = 'open'`, c.Name, c.OpensOn, c.Deadline, string(langs), now, c.ID, c.Version)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return domain.Conflict("the review cycle")
		}
		c.Version++
		c.UpdatedAt = fromMS(now)
		if err := tx.putCycleScope(ctx, c); err != nil {
			return err
		}
		return tx.audit(ctx, "update", "review_cycle", c.ID, "", before, c)
	})
}

// CloseReviewCycle closes a cycle at the version read and saves its
// review report, one text a language, as a new version of the report in
// that language (the first when there is none), in one transaction.
func (db *DB) CloseReviewCycle(ctx context.Context, c *domain.ReviewCycle, texts []domain.OutcomeText, userID string) error {
	return db.inTx(ctx, func(tx *Tx) error {
		before := *c
		now := db.nowMS()
		res, err := tx.exec(ctx, `UPDATE review_cycles SET state = 'closed', review_report = ?, closed_by = ?, closed_at = ?, updated_at = ?, version = version + 1
			WHERE id = ? AND version = ? AND state = 'open'`, c.ID, userID, now, now, c.ID, c.Version)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return domain.Conflict("the review cycle")
		}
		c.State, c.ReviewReport, c.ClosedBy, c.ClosedAt, c.UpdatedAt = domain.CycleClosed, c.ID, userID, fromMS(now), fromMS(now)
		c.Version++
		if err := tx.audit(ctx, "close", "review_cycle", c.ID, "", &before, c); err != nil {
			return err
		}
		for _, t := range texts {
			if _, err := tx.PutReviewReport(ctx, c.ID, t, "generate", userID); err != nil {
				return err
			}
		}
		return nil
	})
}

// RegenerateReviewReport saves texts as new versions of a closed cycle's
// report (each in its language), in one transaction; a final report
// refuses.
func (db *DB) RegenerateReviewReport(ctx context.Context, cycleID string, texts []domain.OutcomeText, userID string) ([]*ReviewReportVersion, error) {
	var out []*ReviewReportVersion
	err := db.inTx(ctx, func(tx *Tx) error {
		for _, t := range texts {
			v, err := tx.PutReviewReport(ctx, cycleID, t, "regenerate", userID)
			if err != nil {
				return err
			}
			out = append(out, v)
		}
		return nil
	})
	return out, err
}

// CycleLine is one commitment in a cycle's scope with where its reporting
// stands: its most advanced report in the cycle (accepted, then
// submitted, then returned, then draft; the latest of equals), none when
// ReportID is empty.
type CycleLine struct {
	CommitmentID string
	Title        string
	OwnerBodyID  string
	Status       domain.CommitmentStatus
	DueOn        string
	ReportID     string
	ReportState  domain.ReportState
	SubmittedAt  time.Time
	ReportStatus domain.CommitmentStatus // the status the report gives
}

// CycleLines returns the commitments in a cycle's scope, by title, each
// with its most advanced report in the cycle.
func (db *DB) CycleLines(ctx context.Context, cycleID string) ([]*CycleLine, error) {
	rows, err := db.query(ctx, `SELECT c.id, c.title, c.owner_body_id, c.status, c.due_on,
			COALESCE(r.id, ''), COALESCE(r.state, ''), COALESCE(r.submitted_at, 0), COALESCE(r.status, '')
		FROM review_cycle_commitments s
		JOIN commitments c ON c.id = s.commitment_id
		LEFT JOIN progress_reports r ON r.id = (
			SELECT r2.id FROM progress_reports r2 WHERE r2.commitment_id = c.id AND r2.cycle_id = s.cycle_id
			ORDER BY CASE r2.state WHEN 'accepted' THEN 0 WHEN 'submitted' THEN 1 WHEN 'returned' THEN 2 ELSE 3 END, r2.updated_at DESC, r2.id LIMIT 1)
		WHERE s.cycle_id = ?
		ORDER BY c.title, c.id`, cycleID)
	ls, err := scanAll(rows, err, func(r scanner) (*CycleLine, error) {
		l := &CycleLine{}
		var status, state, rstatus string
		var at int64
		if err := r.Scan(&l.CommitmentID, &l.Title, &l.OwnerBodyID, &status, &l.DueOn, &l.ReportID, &state, &at, &rstatus); err != nil {
			return nil, err
		}
		l.Status, l.ReportState, l.SubmittedAt, l.ReportStatus = domain.CommitmentStatus(status), domain.ReportState(state), fromMS(at), domain.CommitmentStatus(rstatus)
		return l, nil
	})
	return ls, db.mapErr(err)
}

// DueLine is a report a body owes: a commitment in scope of an open cycle
// it owns or co-owns, with no submitted or accepted report in that cycle.
type DueLine struct {
	CycleID      string
	CycleName    string
	ProcessID    string
	Deadline     string
	CommitmentID string
	Title        string
	BodyID       string // the owner or co-owner that owes it
	// ReportID is a draft or returned report in the cycle, "" when none
	// was begun; ReportState its state.
	ReportID    string
	ReportState domain.ReportState
}

// DueFilter chooses the reports owed. Empty fields do not filter.
type DueFilter struct {
	ProcessID string
	CycleID   string
	// BodyIDs are the owing bodies; nil for any.
	BodyIDs []string
	// DueBy keeps the cycles whose deadline is on or before this day
	// (YYYY-MM-DD).
	DueBy string
}

// DueReports returns the reports owed in open cycles, soonest deadline
// first: one line per commitment and owing body (owner and co-owners).
func (db *DB) DueReports(ctx context.Context, f DueFilter) ([]*DueLine, error) {
	q := `SELECT y.id, y.name, y.process_id, y.deadline, c.id, c.title, b.body_id,
			COALESCE((SELECT r.id FROM progress_reports r WHERE r.commitment_id = c.id AND r.cycle_id = y.id AND r.state IN ('draft', 'returned')
				ORDER BY r.updated_at DESC, r.id LIMIT 1), ''),
			COALESCE((SELECT r.state FROM progress_reports r WHERE r.commitment_id = c.id AND r.cycle_id = y.id AND r.state IN ('draft', 'returned')
				ORDER BY r.updated_at DESC, r.id LIMIT 1), '')
		FROM review_cycles y
		JOIN review_cycle_commitments s ON s.cycle_id = y.id
		JOIN commitments c ON c.id = s.commitment_id
		JOIN (SELECT id AS commitment_id, owner_body_id AS body_id FROM commitments
			UNION ALL SELECT commitment_id, body_id FROM commitment_bodies WHERE role = 'co_owner') b ON b.commitment_id = c.id
		WHERE y.state = 'open'
		AND NOT EXISTS (SELECT 1 FROM progress_reports r WHERE r.commitment_id = c.id AND r.cycle_id = y.id AND r.state IN ('submitted', 'accepted'))`
	var args []any
	if f.ProcessID != "" {
		q, args = q+` AND y.process_id = ?`, append(args, f.ProcessID)
	}
	if f.CycleID != "" {
		q, args = q+` AND y.id = ?`, append(args, f.CycleID)
	}
	if f.DueBy != "" {
		q, args = q+` AND y.deadline <= ?`, append(args, f.DueBy)
	}
	if f.BodyIDs != nil {
		if len(f.BodyIDs) == 0 {
			return nil, nil
		}
		q += ` AND b.body_id IN (` + placeholders(len(f.BodyIDs)) + `)`
		for _, b := range f.BodyIDs {
			args = append(args, b)
		}
	}
	rows, err := db.query(ctx, q+` ORDER BY y.deadline, y.id, c.title, c.id, b.body_id`, args...)
	ls, err := scanAll(rows, err, func(r scanner) (*DueLine, error) {
		l := &DueLine{}
		var state string
		err := r.Scan(&l.CycleID, &l.CycleName, &l.ProcessID, &l.Deadline, &l.CommitmentID, &l.Title, &l.BodyID, &l.ReportID, &state)
		l.ReportState = domain.ReportState(state)
		return l, err
	})
	return ls, db.mapErr(err)
}

// BodyReporters returns, by body, the people who report for it in a
// process: its delegates and partners there (at process level or in any
// of its meetings), each once.
func (db *DB) BodyReporters(ctx context.Context, processID string, bodyIDs []string) (map[string][]string, error) {
	out := map[string][]string{}
	if len(bodyIDs) == 0 {
		return out, nil
	}
	args := []any{processID}
	for _, b := range bodyIDs {
		args = append(args, b)
	}
	rows, err := db.query(ctx, `SELECT DISTINCT m.body_id, m.user_id FROM memberships m JOIN users u ON u.id = m.user_id
		WHERE m.process_id = ? AND m.role IN ('delegate', 'partner') AND u.disabled = FALSE AND m.body_id IN (`+placeholders(len(bodyIDs))+`)
		ORDER BY m.body_id, m.user_id`, args...)
	type pair struct{ body, user string }
	ps, err := scanAll(rows, err, func(r scanner) (pair, error) {
		var p pair
		return p, r.Scan(&p.body, &p.user)
	})
	if err != nil {
		return nil, db.mapErr(err)
	}
	for _, p := range ps {
		out[p.body] = append(out[p.body], p.user)
	}
	return out, nil
}

// CommitmentWhere chooses commitments of a process. Empty fields do not
// filter.
type CommitmentWhere struct {
	IDs       []string
	MeetingID string
	BodyID    string // owner or co-owner
	Objective string
	Statuses  []domain.CommitmentStatus
	DueBy     string
	// OpenOnly keeps those neither achieved nor dropped.
	OpenOnly bool
}

// CommitmentIDsWhere returns the IDs of the process's commitments that w
// chooses, in ID order; IDs of another process's commitments are left
// out.
func (db *DB) CommitmentIDsWhere(ctx context.Context, processID string, w CommitmentWhere) ([]string, error) {
	q, args := `SELECT c.id FROM commitments c WHERE c.process_id = ?`, []any{processID}
	if len(w.IDs) > 0 {
		q += ` AND c.id IN (` + placeholders(len(w.IDs)) + `)`
		for _, id := range w.IDs {
			args = append(args, id)
		}
	}
	if w.MeetingID != "" {
		q, args = q+` AND c.meeting_id = ?`, append(args, w.MeetingID)
	}
	if w.BodyID != "" {
		q, args = q+` AND (c.owner_body_id = ? OR EXISTS (SELECT 1 FROM commitment_bodies b WHERE b.commitment_id = c.id AND b.body_id = ? AND b.role = 'co_owner'))`,
			append(args, w.BodyID, w.BodyID)
	}
	if w.Objective != "" {
		q, args = q+` AND EXISTS (SELECT 1 FROM commitment_objectives o WHERE o.commitment_id = c.id AND o.code = ?)`, append(args, w.Objective)
	}
	if len(w.Statuses) > 0 {
		q += ` AND c.status IN (` + placeholders(len(w.Statuses)) + `)`
		for _, s := range w.Statuses {
			args = append(args, string(s))
		}
	}
	if w.DueBy != "" {
		q, args = q+` AND c.due_on <> '' AND c.due_on <= ?`, append(args, w.DueBy)
	}
	if w.OpenOnly {
		q += ` AND c.status NOT IN ('achieved', 'dropped')`
	}
	rows, err := db.query(ctx, q+` ORDER BY c.id`, args...)
	ids, err := scanAll(rows, err, func(r scanner) (string, error) {
		var s string
		return s, r.Scan(&s)
	})
	return ids, db.mapErr(err)
}

// ReviewData is what a cycle's review report is made of, read in a few
// queries whatever the size of its scope.
type ReviewData struct {
	// Commitments in scope, by title, with their translations.
	Commitments []*ReviewCommitment
	// Bodies names the owners, by ID.
	Bodies map[string]*domain.Body
}

// ReviewCommitment is one commitment of a review report.
type ReviewCommitment struct {
	ID, Title, Text, Lang, OwnerBodyID, DueOn string
	Status                                    domain.CommitmentStatus
	// Titles are its translated titles, by language.
	Titles     map[string]string
	Indicators []*ReviewIndicator
	// Reports are its reports in the cycle that were submitted or
	// accepted, newest period first.
	Reports []*domain.ProgressReport
}

// ReviewIndicator is an indicator with its latest value: the latest of
// the values for the whole (no category) that accepted reports, or the
// cycle's submitted ones, give; Has is false when there is none.
type ReviewIndicator struct {
	*domain.Indicator
	Latest   float64
	LatestOn string
	Has      bool
}

// CycleReviewData reads what a cycle's review report is made of.
func (db *DB) CycleReviewData(ctx context.Context, cycleID string) (*ReviewData, error) {
	d := &ReviewData{Bodies: map[string]*domain.Body{}}
	byID := map[string]*ReviewCommitment{}
	rows, err := db.query(ctx, `SELECT c.id, c.title, c.text, c.lang, c.owner_body_id, c.due_on, c.status FROM review_cycle_commitments s
		JOIN commitments c ON c.id = s.commitment_id WHERE s.cycle_id = ? ORDER BY c.title, c.id`, cycleID)
	cs, err := scanAll(rows, err, func(r scanner) (*ReviewCommitment, error) {
		c := &ReviewCommitment{Titles: map[string]string{}}
		var status string
		err := r.Scan(&c.ID, &c.Title, &c.Text, &c.Lang, &c.OwnerBodyID, &c.DueOn, &status)
		c.Status = domain.CommitmentStatus(status)
		return c, err
	})
	if err != nil {
		return nil, db.mapErr(err)
	}
	d.Commitments = cs
	for _, c := range cs {
		byID[c.ID] = c
		d.Bodies[c.OwnerBodyID] = nil
	}
	rows, err = db.query(ctx, `SELECT t.commitment_id, t.lang, t.title FROM commitment_translations t
		JOIN review_cycle_commitments s ON s.commitment_id = t.commitment_id WHERE s.cycle_id = ?`, cycleID)
	if err := eachRow(rows, err, func(r scanner) error {
		var id, lang, title string
		if err := r.Scan(&id, &lang, &title); err != nil {
			return err
		}
		byID[id].Titles[lang] = title
		return nil
	}); err != nil {
		return nil, db.mapErr(err)
	}
	inds := map[string]*ReviewIndicator{}
	rows, err = db.query(ctx, `SELECT i.id, i.commitment_id, i.name, i.unit, i.baseline, i.baseline_on, i.target, i.target_on, i.direction FROM indicators i
		JOIN review_cycle_commitments s ON s.commitment_id = i.commitment_id WHERE s.cycle_id = ? ORDER BY i.commitment_id, i.position, i.id`, cycleID)
	if err := eachRow(rows, err, func(r scanner) error {
		ind := &domain.Indicator{}
		var base, target sql.NullFloat64
		var dir string
		if err := r.Scan(&ind.ID, &ind.CommitmentID, &ind.Name, &ind.Unit, &base, &ind.BaselineOn, &target, &ind.TargetOn, &dir); err != nil {
			return err
		}
		if base.Valid {
			ind.Baseline = &base.Float64
		}
		if target.Valid {
			ind.Target = &target.Float64
		}
		ind.Direction = domain.Direction(dir)
		ri := &ReviewIndicator{Indicator: ind}
		inds[ind.ID] = ri
		byID[ind.CommitmentID].Indicators = append(byID[ind.CommitmentID].Indicators, ri)
		return nil
	}); err != nil {
		return nil, db.mapErr(err)
	}
	rows, err = db.query(ctx, `SELECT v.indicator_id, v.on_date, v.value FROM indicator_values v
		JOIN progress_reports r ON r.id = v.report_id
		JOIN review_cycle_commitments s ON s.commitment_id = r.commitment_id AND s.cycle_id = ?
		WHERE v.dimension = '' AND (r.state = 'accepted' OR (r.state = 'submitted' AND r.cycle_id = ?))
		ORDER BY v.indicator_id, v.on_date`, cycleID, cycleID)
	if err := eachRow(rows, err, func(r scanner) error {
		var id, on string
		var v float64
		if err := r.Scan(&id, &on, &v); err != nil {
			return err
		}
		if ri := inds[id]; ri != nil {
			ri.Latest, ri.LatestOn, ri.Has = v, on, true
		}
		return nil
	}); err != nil {
		return nil, db.mapErr(err)
	}
	rows, err = db.query(ctx, `SELECT `+progressReportCols+` FROM progress_reports
		WHERE cycle_id = ? AND state IN ('submitted', 'accepted') ORDER BY period_to DESC, id`, cycleID)
	rs, err := scanAll(rows, err, scanProgressReport)
	if err != nil {
		return nil, db.mapErr(err)
	}
	for _, r := range rs {
		if c := byID[r.CommitmentID]; c != nil {
			c.Reports = append(c.Reports, r)
		}
	}
	for id := range d.Bodies {
		b, err := db.Body(ctx, id)
		if err != nil {
			return nil, err
		}
		d.Bodies[id] = b
	}
	return d, nil
}

// eachRow calls fn for each row and closes rows.
func eachRow(rows *sql.Rows, err error, fn func(r scanner) error) error {
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}
