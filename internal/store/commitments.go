package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strings"

	"github.com/plenary-org/plenary/internal/domain"
)

// A process's commitments and their indicators (docs/FOLLOW-UP.md):
// persistence only. Who may make, change and read them, and what a valid
// one is, are package followup's rules; the changes here are audited in
// the transaction that makes them, with the actor of ctx.

const commitmentCols = `id, process_id, meeting_id, title, text, lang, owner_body_id, start_on, due_on, status, seeks_support, demo, created_by, created_at, updated_at, version`

func scanCommitment(r scanner) (*domain.Commitment, error) {
	c := &domain.Commitment{}
	var meeting sql.NullString
	var status string
	var cr, up int64
	if err := r.Scan(&c.ID, &c.ProcessID, &meeting, &c.Title, &c.Text, &c.Lang, &c.OwnerBodyID, &c.StartOn, &c.DueOn, &status,
		&c.SeeksSupport, &c.Demo, &c.CreatedBy, &cr, &up, &c.Version); err != nil {
		return nil, err
	}
	c.MeetingID, c.Status = meeting.String, domain.CommitmentStatus(status)
	c.CreatedAt, c.UpdatedAt = fromMS(cr), fromMS(up)
	return c, nil
}

// CommitmentFilter selects commitments. Zero fields match everything.
type CommitmentFilter struct {
	ProcessID string
	MeetingID string
	// BodyID matches the owner, a co-owner or a supporting partner.
	BodyID string
	// Objective is a code of the Global Compact ("O5", "Pa").
	Objective string
	// Region matches the owner body's region.
	Region string
	Status domain.CommitmentStatus
	// ContributionID and OutcomeID match the commitments made from a
	// contribution, or answering a recommendation of an outcome document
	// (BlockID, when set, that one).
	ContributionID string
	OutcomeID      string
	BlockID        string
	// Sort is "" for the newest first, "due" for the earliest due date
	// first (those without one last), "title" by title.
	Sort   string
	Offset int
	Limit  int // default 50, at most 500; -1 for all
}

func (f CommitmentFilter) where() (string, []any) {
	where, args := ` WHERE 1=1`, []any{}
	add := func(cond string, vs ...any) {
		where += ` AND ` + cond
		args = append(args, vs...)
	}
	if f.ProcessID != "" {
		add(`process_id = ?`, f.ProcessID)
	}
	if f.MeetingID != "" {
		add(`meeting_id = ?`, f.MeetingID)
	}
	if f.BodyID != "" {
		add(`(owner_body_id = ? OR id IN (SELECT commitment_id FROM commitment_bodies WHERE body_id = ?))`, f.BodyID, f.BodyID)
	}
	if f.Objective != "" {
		add(`id IN (SELECT commitment_id FROM commitment_objectives WHERE code = ?)`, f.Objective)
	}
	if f.Region != "" {
		add(`owner_body_id IN (SELECT id FROM bodies WHERE region = ?)`, f.Region)
	}
	if f.Status != "" {
		add(`status = ?`, string(f.Status))
	}
	if f.ContributionID != "" {
		add(`id IN (SELECT commitment_id FROM commitment_contributions WHERE contribution_id = ?)`, f.ContributionID)
	}
	if f.OutcomeID != "" && f.BlockID != "" {
		add(`id IN (SELECT commitment_id FROM commitment_recommendations WHERE outcome_id = ? AND block_id = ?)`, f.OutcomeID, f.BlockID)
	} else if f.OutcomeID != "" {
		add(`id IN (SELECT commitment_id FROM commitment_recommendations WHERE outcome_id = ?)`, f.OutcomeID)
	}
	return where, args
}

// Commitments returns the commitments f selects with every detail
// ([DB.Commitment]), and how many f selects in all.
func (db *DB) Commitments(ctx context.Context, f CommitmentFilter) ([]*domain.Commitment, int, error) {
	where, args := f.where()
	var total int
	if err := db.queryRow(ctx, `SELECT COUNT(*) FROM commitments`+where, args...).Scan(&total); err != nil {
		return nil, 0, db.mapErr(err)
	}
	limit := clampLimit(f.Limit)
	if f.Limit < 0 {
		limit = total + 1
	}
	order := ` ORDER BY created_at DESC, id DESC`
	switch f.Sort {
	case "due":
		order = ` ORDER BY CASE WHEN due_on = '' THEN 1 ELSE 0 END, due_on, id`
	case "title":
		order = ` ORDER BY title, id`
	}
	rows, err := db.query(ctx, `SELECT `+commitmentCols+` FROM commitments`+where+order+` LIMIT ? OFFSET ?`, append(args, limit, max(f.Offset, 0))...)
	cs, err := scanAll(rows, err, scanCommitment)
	if err != nil {
		return nil, 0, db.mapErr(err)
	}
	return cs, total, db.loadCommitmentDetails(ctx, db, cs)
}

// Commitment returns one commitment with its translations, co-owners,
// partners, objectives, provenance, deliverables and status history.
func (db *DB) Commitment(ctx context.Context, id string) (*domain.Commitment, error) {
	c, err := scanCommitment(db.queryRow(ctx, `SELECT `+commitmentCols+` FROM commitments WHERE id = ?`, id))
	if err != nil {
		return nil, db.notFound(err, "commitment")
	}
	return c, db.loadCommitmentDetails(ctx, db, []*domain.Commitment{c})
}

// detailChunk is how many commitments one query of their details names,
// well under either engine's limit of parameters.
const detailChunk = 500

func (db *DB) loadCommitmentDetails(ctx context.Context, q querier, cs []*domain.Commitment) error {
	for len(cs) > 0 {
		n := min(len(cs), detailChunk)
		if err := db.loadCommitmentChunk(ctx, q, cs[:n]); err != nil {
			return err
		}
		cs = cs[n:]
	}
	return nil
}

func (db *DB) loadCommitmentChunk(ctx context.Context, q querier, cs []*domain.Commitment) error {
	byID := make(map[string]*domain.Commitment, len(cs))
	ids := make([]any, len(cs))
	for i, c := range cs {
		byID[c.ID], ids[i] = c, c.ID
		c.CoOwnerBodyIDs, c.PartnerBodyIDs, c.Objectives, c.Recommendations, c.ContributionIDs = nil, nil, nil, nil, nil
		c.Deliverables, c.History, c.Translations = nil, nil, nil
	}
	in := `(` + placeholders(len(ids)) + `)`
	each := func(query string, scan func(r *sql.Rows) error) error {
		rows, err := q.query(ctx, query, ids...)
		if err != nil {
			return db.mapErr(err)
		}
		defer rows.Close()
		for rows.Next() {
			if err := scan(rows); err != nil {
				return db.mapErr(err)
			}
		}
		return db.mapErr(rows.Err())
	}
	steps := []struct {
		query string
		scan  func(r *sql.Rows) error
	}{
		{`SELECT commitment_id, body_id, role FROM commitment_bodies WHERE commitment_id IN ` + in + ` ORDER BY commitment_id, position`, func(r *sql.Rows) error {
			var id, body, role string
			if err := r.Scan(&id, &body, &role); err != nil {
				return err
			}
			if c := byID[id]; role == roleCoOwner {
				c.CoOwnerBodyIDs = append(c.CoOwnerBodyIDs, body)
			} else {
				c.PartnerBodyIDs = append(c.PartnerBodyIDs, body)
			}
			return nil
		}},
		{`SELECT commitment_id, code FROM commitment_objectives WHERE commitment_id IN ` + in, func(r *sql.Rows) error {
			var id, code string
			if err := r.Scan(&id, &code); err != nil {
				return err
			}
			byID[id].Objectives = append(byID[id].Objectives, code)
			return nil
		}},
		{`SELECT commitment_id, contribution_id FROM commitment_contributions WHERE commitment_id IN ` + in + ` ORDER BY commitment_id, contribution_id`, func(r *sql.Rows) error {
			var id, v string
			if err := r.Scan(&id, &v); err != nil {
				return err
			}
			byID[id].ContributionIDs = append(byID[id].ContributionIDs, v)
			return nil
		}},
		{`SELECT commitment_id, outcome_id, block_id, version FROM commitment_recommendations WHERE commitment_id IN ` + in + ` ORDER BY commitment_id, outcome_id, block_id`, func(r *sql.Rows) error {
			var id string
			var ref domain.RecommendationRef
			if err := r.Scan(&id, &ref.OutcomeID, &ref.BlockID, &ref.Version); err != nil {
				return err
			}
			byID[id].Recommendations = append(byID[id].Recommendations, ref)
			return nil
		}},
		{`SELECT commitment_id, text, due_on, done FROM commitment_deliverables WHERE commitment_id IN ` + in + ` ORDER BY commitment_id, position`, func(r *sql.Rows) error {
			var id string
			var d domain.Deliverable
			if err := r.Scan(&id, &d.Text, &d.DueOn, &d.Done); err != nil {
				return err
			}
			byID[id].Deliverables = append(byID[id].Deliverables, d)
			return nil
		}},
		{`SELECT commitment_id, from_status, to_status, at, by_id, note FROM commitment_status_changes WHERE commitment_id IN ` + in + ` ORDER BY commitment_id, n`, func(r *sql.Rows) error {
			var id, from, to string
			var at int64
			var h domain.StatusChange
			if err := r.Scan(&id, &from, &to, &at, &h.By, &h.Note); err != nil {
				return err
			}
			h.From, h.To, h.At = domain.CommitmentStatus(from), domain.CommitmentStatus(to), fromMS(at)
			byID[id].History = append(byID[id].History, h)
			return nil
		}},
		{`SELECT commitment_id, lang, title, text, machine, translator, updated_at FROM commitment_translations WHERE commitment_id IN ` + in + ` ORDER BY commitment_id, lang`, func(r *sql.Rows) error {
			var id string
			var tr domain.Translation
			var at int64
			if err := r.Scan(&id, &tr.Lang, &tr.Title, &tr.Text, &tr.Machine, &tr.Translator, &at); err != nil {
				return err
			}
			tr.UpdatedAt = fromMS(at)
			byID[id].Translations = append(byID[id].Translations, tr)
			return nil
		}},
	}
	for _, s := range steps {
		if err := each(s.query, s.scan); err != nil {
			return err
		}
	}
	for _, c := range cs {
		c.Objectives, _ = domain.NormalizeGCMCodes(c.Objectives)
	}
	return nil
}

const (
	roleCoOwner = "co_owner"
	rolePartner = "partner"
)

// CreateCommitments records commitments, all or none, each with the first
// entry of its status history; the caller has validated them. A body,
// meeting, contribution or outcome document that does not exist gives
// EINVALID.
func (db *DB) CreateCommitments(ctx context.Context, cs []*domain.Commitment, action string) error {
	return db.inTx(ctx, func(tx *Tx) error {
		for _, c := range cs {
			if err := tx.createCommitment(ctx, c, action); err != nil {
				return err
			}
		}
		return nil
	})
}

func (tx *Tx) createCommitment(ctx context.Context, c *domain.Commitment, action string) error {
	now := tx.db.nowMS()
	c.ID, c.Version, c.CreatedAt, c.UpdatedAt = NewID(), 1, fromMS(now), fromMS(now)
	if tx.actor != nil && tx.actor.User != nil {
		c.CreatedBy = tx.actor.User.ID
	}
	_, err := tx.exec(ctx, `INSERT INTO commitments (`+commitmentCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`,
		c.ID, c.ProcessID, nullable(c.MeetingID), c.Title, c.Text, c.Lang, c.OwnerBodyID, c.StartOn, c.DueOn, string(c.Status),
		c.SeeksSupport, c.Demo, c.CreatedBy, now, now)
	if err != nil {
		return refError(tx.db.mapErr(err))
	}
	if err := tx.setCommitmentDetails(ctx, c); err != nil {
		return err
	}
	c.History = nil
	if err := tx.addStatusChange(ctx, c, "", now, ""); err != nil {
		return err
	}
	if action == "import" {
		return tx.audit(ctx, "import", "commitment", c.ID, c.MeetingID, nil, c)
	}
	return tx.audit(ctx, "create", "commitment", c.ID, c.MeetingID, nil, c)
}

// refError turns a foreign key the database refused (a body, meeting,
// contribution or outcome document that is not there) into EINVALID.
func refError(err error) error {
	var e *domain.Error
	if errors.As(err, &e) && e.Key == "error.in_use" {
		return domain.Invalid("references", "followup.error_reference", "a body, meeting, contribution or outcome document it names does not exist")
	}
	return err
}

func (tx *Tx) addStatusChange(ctx context.Context, c *domain.Commitment, from domain.CommitmentStatus, now int64, note string) error {
	h := domain.StatusChange{From: from, To: c.Status, At: fromMS(now), Note: note}
	if tx.actor != nil && tx.actor.User != nil {
		h.By = tx.actor.User.ID
	}
	_, err := tx.exec(ctx, `INSERT INTO commitment_status_changes (commitment_id, n, from_status, to_status, at, by_id, note)
		VALUES (?, (SELECT COALESCE(MAX(n), 0) + 1 FROM commitment_status_changes WHERE commitment_id = ?), ?, ?, ?, ?, ?)`,
		c.ID, c.ID, string(from), string(c.Status), now, h.By, h.Note)
	if err == nil {
		c.History = append(c.History, h)
	}
	return err
}

// setCommitmentDetails replaces the lists of c (bodies, objectives,
// provenance, deliverables, translations) with its own.
func (tx *Tx) setCommitmentDetails(ctx context.Context, c *domain.Commitment) error {
	for _, t := range []string{"commitment_bodies", "commitment_objectives", "commitment_contributions", "commitment_recommendations", "commitment_deliverables", "commitment_translations"} {
		if _, err := tx.exec(ctx, `DELETE FROM `+t+` WHERE commitment_id = ?`, c.ID); err != nil {
			return err
		}
	}
	ins := func(q string, args ...any) error {
		_, err := tx.execRow(ctx, q, args...)
		return refError(tx.db.mapErr(err))
	}
	for i, b := range c.CoOwnerBodyIDs {
		if err := ins(`INSERT INTO commitment_bodies (commitment_id, body_id, role, position) VALUES (?, ?, ?, ?)`, c.ID, b, roleCoOwner, i); err != nil {
			return err
		}
	}
	for i, b := range c.PartnerBodyIDs {
		if err := ins(`INSERT INTO commitment_bodies (commitment_id, body_id, role, position) VALUES (?, ?, ?, ?)`, c.ID, b, rolePartner, len(c.CoOwnerBodyIDs)+i); err != nil {
			return err
		}
	}
	for _, code := range c.Objectives {
		if err := ins(`INSERT INTO commitment_objectives (commitment_id, code) VALUES (?, ?)`, c.ID, code); err != nil {
			return err
		}
	}
	for _, id := range c.ContributionIDs {
		if err := ins(`INSERT INTO commitment_contributions (commitment_id, contribution_id) VALUES (?, ?)`, c.ID, id); err != nil {
			return err
		}
	}
	for _, r := range c.Recommendations {
		if err := ins(`INSERT INTO commitment_recommendations (commitment_id, outcome_id, block_id, version) VALUES (?, ?, ?, ?)`, c.ID, r.OutcomeID, r.BlockID, r.Version); err != nil {
			return err
		}
	}
	for i, d := range c.Deliverables {
		if err := ins(`INSERT INTO commitment_deliverables (commitment_id, position, text, due_on, done) VALUES (?, ?, ?, ?, ?)`, c.ID, i, d.Text, d.DueOn, d.Done); err != nil {
			return err
		}
	}
	for _, tr := range c.Translations {
		if err := ins(`INSERT INTO commitment_translations (commitment_id, lang, title, text, machine, translator, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			c.ID, tr.Lang, tr.Title, tr.Text, tr.Machine, tr.Translator, tr.UpdatedAt.UnixMilli()); err != nil {
			return err
		}
	}
	return nil
}

// ChangeCommitment applies change to commitment id in one transaction
// that holds its row: change receives the commitment as stored and
// returns an error to refuse (the caller's rules, asked against what is
// stored, not what was read before). ECONFLICT when version is not the
// stored one (0 skips the check, for changes that do not overwrite what
// the person read, such as a translation). A change of status adds an
// entry to its history, with note. action names the change in the audit
// trail ("update", "change_status", "translate").
func (db *DB) ChangeCommitment(ctx context.Context, id string, version int, action, note string, change func(c *domain.Commitment) error) (*domain.Commitment, error) {
	var out *domain.Commitment
	err := db.inTx(ctx, func(tx *Tx) error {
		before, err := scanCommitment(tx.queryRow(ctx, `SELECT `+commitmentCols+` FROM commitments WHERE id = ?`+db.dialect.forUpdate, id))
		if err != nil {
			return db.notFound(err, "commitment")
		}
		if err := db.loadCommitmentDetails(ctx, tx, []*domain.Commitment{before}); err != nil {
			return err
		}
		if version != 0 && before.Version != version {
			return domain.Conflict("this commitment")
		}
		c := cloneCommitment(before)
		if err := change(c); err != nil {
			return err
		}
		now := db.nowMS()
		if _, err := tx.exec(ctx, `UPDATE commitments SET meeting_id = ?, title = ?, text = ?, lang = ?, owner_body_id = ?, start_on = ?, due_on = ?, status = ?,
			seeks_support = ?, demo = ?, updated_at = ?, version = version + 1 WHERE id = ?`,
			nullable(c.MeetingID), c.Title, c.Text, c.Lang, c.OwnerBodyID, c.StartOn, c.DueOn, string(c.Status), c.SeeksSupport, c.Demo, now, id); err != nil {
			return refError(db.mapErr(err))
		}
		c.Version, c.UpdatedAt = before.Version+1, fromMS(now)
		if err := tx.setCommitmentDetails(ctx, c); err != nil {
			return err
		}
		if c.Status != before.Status {
			if err := tx.addStatusChange(ctx, c, before.Status, now, strings.TrimSpace(note)); err != nil {
				return err
			}
		}
		out = c
		switch action {
		case "change_status":
			return tx.audit(ctx, "change_status", "commitment", id, c.MeetingID, before, c)
		case "translate":
			return tx.audit(ctx, "translate", "commitment", id, c.MeetingID, before, c)
		}
		return tx.audit(ctx, "update", "commitment", id, c.MeetingID, before, c)
	})
	return out, err
}

func cloneCommitment(c *domain.Commitment) *domain.Commitment {
	n := *c
	n.CoOwnerBodyIDs = append([]string(nil), c.CoOwnerBodyIDs...)
	n.PartnerBodyIDs = append([]string(nil), c.PartnerBodyIDs...)
	n.Objectives = append([]string(nil), c.Objectives...)
	n.Recommendations = append([]domain.RecommendationRef(nil), c.Recommendations...)
	n.ContributionIDs = append([]string(nil), c.ContributionIDs...)
	n.Deliverables = append([]domain.Deliverable(nil), c.Deliverables...)
	n.History = append([]domain.StatusChange(nil), c.History...)
	n.Translations = append([]domain.Translation(nil), c.Translations...)
	return &n
}

// Dependents counts what refers to a commitment besides its own details:
// its indicators, the progress reports on it (and the values they give),
// and the review cycles it is in scope of.
type Dependents struct {
	Indicators int
	Reports    int
	Values     int
	Cycles     int
}

// Any reports whether anything depends on the commitment beyond its
// indicators.
func (d Dependents) Any() bool { return d.Reports > 0 || d.Values > 0 || d.Cycles > 0 }

func (tx *Tx) dependents(ctx context.Context, id string) (Dependents, error) {
	var d Dependents
	err := tx.queryRow(ctx, `SELECT
		(SELECT COUNT(*) FROM indicators WHERE commitment_id = ?),
		(SELECT COUNT(*) FROM progress_reports WHERE commitment_id = ?),
		(SELECT COUNT(*) FROM indicator_values v JOIN indicators i ON i.id = v.indicator_id WHERE i.commitment_id = ?),
		(SELECT COUNT(*) FROM review_cycle_commitments WHERE commitment_id = ?)`, id, id, id, id).Scan(&d.Indicators, &d.Reports, &d.Values, &d.Cycles)
	return d, err
}

// DeleteCommitment removes commitment id with its details and indicators;
// allow receives what depends on it, read in the transaction, and returns
// an error to refuse. ECONFLICT when version is not the stored one.
func (db *DB) DeleteCommitment(ctx context.Context, id string, version int, allow func(*domain.Commitment, Dependents) error) error {
	return db.inTx(ctx, func(tx *Tx) error {
		before, err := scanCommitment(tx.queryRow(ctx, `SELECT `+commitmentCols+` FROM commitments WHERE id = ?`+db.dialect.forUpdate, id))
		if err != nil {
			return db.notFound(err, "commitment")
		}
		if before.Version != version {
			return domain.Conflict("this commitment")
		}
		d, err := tx.dependents(ctx, id)
		if err != nil {
			return err
		}
		if err := allow(before, d); err != nil {
			return err
		}
		if err := db.loadCommitmentDetails(ctx, tx, []*domain.Commitment{before}); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `DELETE FROM commitments WHERE id = ?`, id); err != nil {
			return err
		}
		return tx.audit(ctx, "delete", "commitment", id, before.MeetingID, before, nil)
	})
}

// CommitmentDependents returns what depends on commitment id.
func (db *DB) CommitmentDependents(ctx context.Context, id string) (Dependents, error) {
	var d Dependents
	err := db.inTx(ctx, func(tx *Tx) error {
		var err error
		d, err = tx.dependents(ctx, id)
		return err
	})
	return d, err
}

// RecommendationCommitments returns, for the blocks of an outcome
// document, the IDs of the commitments that answer each: what the
// adopted document shows beside each recommendation.
func (db *DB) RecommendationCommitments(ctx context.Context, outcomeID string) (map[string][]string, error) {
	rows, err := db.query(ctx, `SELECT block_id, commitment_id FROM commitment_recommendations WHERE outcome_id = ? ORDER BY block_id, commitment_id`, outcomeID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string][]string{}
	for rows.Next() {
		var b, c string
		if err := rows.Scan(&b, &c); err != nil {
			return nil, db.mapErr(err)
		}
		out[b] = append(out[b], c)
	}
	return out, db.mapErr(rows.Err())
}

// Indicators.

const indicatorCols = `id, commitment_id, name, unit, baseline, baseline_on, target, target_on, direction, disaggregation, source, position, demo, created_at, updated_at, version`

func scanIndicator(r scanner) (*domain.Indicator, error) {
	ind := &domain.Indicator{}
	var base, target sql.NullFloat64
	var dir, dis string
	var cr, up int64
	if err := r.Scan(&ind.ID, &ind.CommitmentID, &ind.Name, &ind.Unit, &base, &ind.BaselineOn, &target, &ind.TargetOn, &dir, &dis, &ind.Source,
		&ind.Position, &ind.Demo, &cr, &up, &ind.Version); err != nil {
		return nil, err
	}
	if base.Valid {
		ind.Baseline = &base.Float64
	}
	if target.Valid {
		ind.Target = &target.Float64
	}
	ind.Direction = domain.Direction(dir)
	if err := json.Unmarshal([]byte(dis), &ind.Disaggregation); err != nil {
		ind.Disaggregation = nil
	}
	ind.CreatedAt, ind.UpdatedAt = fromMS(cr), fromMS(up)
	return ind, nil
}

func nullFloat(v *float64) any {
	if v == nil {
		return nil
	}
	return *v
}

func dimensions(ds []string) string {
	if len(ds) == 0 {
		return "[]"
	}
	b, _ := json.Marshal(ds)
	return string(b)
}

// Indicators returns the indicators of the commitments, in each one's
// order.
func (db *DB) Indicators(ctx context.Context, commitmentIDs ...string) ([]*domain.Indicator, error) {
	var out []*domain.Indicator
	for len(commitmentIDs) > 0 {
		n := min(len(commitmentIDs), detailChunk)
		args := make([]any, n)
		for i, id := range commitmentIDs[:n] {
			args[i] = id
		}
		commitmentIDs = commitmentIDs[n:]
		rows, err := db.query(ctx, `SELECT `+indicatorCols+` FROM indicators WHERE commitment_id IN (`+placeholders(n)+`) ORDER BY commitment_id, position, id`, args...)
		is, err := scanAll(rows, err, scanIndicator)
		if err != nil {
			return nil, db.mapErr(err)
		}
		out = append(out, is...)
	}
	return out, nil
}

// Indicator returns one indicator.
func (db *DB) Indicator(ctx context.Context, id string) (*domain.Indicator, error) {
	ind, err := scanIndicator(db.queryRow(ctx, `SELECT `+indicatorCols+` FROM indicators WHERE id = ?`, id))
	if err != nil {
		return nil, db.notFound(err, "indicator")
	}
	return ind, nil
}

// CreateIndicator adds an indicator at the end of its commitment's,
// audited with the commitment's meeting; the caller has validated it.
func (db *DB) CreateIndicator(ctx context.Context, ind *domain.Indicator) error {
	return db.inTx(ctx, func(tx *Tx) error {
		var meeting sql.NullString
		if err := tx.queryRow(ctx, `SELECT meeting_id FROM commitments WHERE id = ?`+db.dialect.forUpdate, ind.CommitmentID).Scan(&meeting); err != nil {
			return db.notFound(err, "commitment")
		}
		var n int
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM indicators WHERE commitment_id = ?`, ind.CommitmentID).Scan(&n); err != nil {
			return err
		}
		if n >= domain.MaxIndicators {
			return domain.Invalid("indicators", "error.too_many", "at most %d", domain.MaxIndicators)
		}
		now := db.nowMS()
		ind.ID, ind.Version, ind.Position, ind.CreatedAt, ind.UpdatedAt = NewID(), 1, n, fromMS(now), fromMS(now)
		if _, err := tx.exec(ctx, `INSERT INTO indicators (`+indicatorCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`,
			ind.ID, ind.CommitmentID, ind.Name, ind.Unit, nullFloat(ind.Baseline), ind.BaselineOn, nullFloat(ind.Target), ind.TargetOn,
			string(ind.Direction), dimensions(ind.Disaggregation), ind.Source, ind.Position, ind.Demo, now, now); err != nil {
			return err
		}
		return tx.audit(ctx, "create", "indicator", ind.ID, meeting.String, nil, ind)
	})
}

// ChangeIndicator applies change to indicator id in one transaction that
// holds its row; ECONFLICT when version is not the stored one.
func (db *DB) ChangeIndicator(ctx context.Context, id string, version int, change func(ind *domain.Indicator) error) (*domain.Indicator, error) {
	var out *domain.Indicator
	err := db.inTx(ctx, func(tx *Tx) error {
		before, err := scanIndicator(tx.queryRow(ctx, `SELECT `+indicatorCols+` FROM indicators WHERE id = ?`+db.dialect.forUpdate, id))
		if err != nil {
			return db.notFound(err, "indicator")
		}
		if before.Version != version {
			return domain.Conflict("this indicator")
		}
		ind := *before
		ind.Disaggregation = append([]string(nil), before.Disaggregation...)
		if err := change(&ind); err != nil {
			return err
		}
		now := db.nowMS()
		if _, err := tx.exec(ctx, `UPDATE indicators SET name = ?, unit = ?, baseline = ?, baseline_on = ?, target = ?, target_on = ?, direction = ?,
			disaggregation = ?, source = ?, demo = ?, updated_at = ?, version = version + 1 WHERE id = ?`,
			ind.Name, ind.Unit, nullFloat(ind.Baseline), ind.BaselineOn, nullFloat(ind.Target), ind.TargetOn, string(ind.Direction),
			dimensions(ind.Disaggregation), ind.Source, ind.Demo, now, id); err != nil {
			return err
		}
		ind.Version, ind.UpdatedAt = before.Version+1, fromMS(now)
		out = &ind
		meeting, err := tx.commitmentMeeting(ctx, ind.CommitmentID)
		if err != nil {
			return err
		}
		return tx.audit(ctx, "update", "indicator", id, meeting, before, &ind)
	})
	return out, err
}

func (tx *Tx) commitmentMeeting(ctx context.Context, commitmentID string) (string, error) {
	var meeting sql.NullString
	err := tx.queryRow(ctx, `SELECT meeting_id FROM commitments WHERE id = ?`, commitmentID).Scan(&meeting)
	return meeting.String, err
}

// DeleteIndicator removes indicator id; allow receives how many values
// reports gave of it, read in the transaction, and returns an error to
// refuse. ECONFLICT when version is not the stored one.
func (db *DB) DeleteIndicator(ctx context.Context, id string, version int, allow func(values int) error) error {
	return db.inTx(ctx, func(tx *Tx) error {
		before, err := scanIndicator(tx.queryRow(ctx, `SELECT `+indicatorCols+` FROM indicators WHERE id = ?`+db.dialect.forUpdate, id))
		if err != nil {
			return db.notFound(err, "indicator")
		}
		if before.Version != version {
			return domain.Conflict("this indicator")
		}
		var n int
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM indicator_values WHERE indicator_id = ?`, id).Scan(&n); err != nil {
			return err
		}
		if err := allow(n); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `DELETE FROM indicators WHERE id = ?`, id); err != nil {
			return err
		}
		// The others close the gap, so that positions stay 0..n-1.
		if _, err := tx.exec(ctx, `UPDATE indicators SET position = position - 1 WHERE commitment_id = ? AND position > ?`, before.CommitmentID, before.Position); err != nil {
			return err
		}
		meeting, err := tx.commitmentMeeting(ctx, before.CommitmentID)
		if err != nil {
			return err
		}
		return tx.audit(ctx, "delete", "indicator", id, meeting, before, nil)
	})
}

// LatestValues returns, for each of the indicators that has one, its
// latest value for the whole (no dimension) in an accepted progress
// report: the value with the latest date, and of two on one date the one
// of the report reviewed last.
func (db *DB) LatestValues(ctx context.Context, indicatorIDs []string) (map[string]domain.IndicatorValue, error) {
	out := map[string]domain.IndicatorValue{}
	for len(indicatorIDs) > 0 {
		n := min(len(indicatorIDs), detailChunk)
		args := make([]any, n)
		for i, id := range indicatorIDs[:n] {
			args[i] = id
		}
		indicatorIDs = indicatorIDs[n:]
		rows, err := db.query(ctx, `SELECT v.indicator_id, v.report_id, v.on_date, v.value FROM indicator_values v JOIN progress_reports r ON r.id = v.report_id
			WHERE v.indicator_id IN (`+placeholders(n)+`) AND v.dimension = '' AND r.state = 'accepted'
			ORDER BY v.indicator_id, v.on_date, r.reviewed_at, r.id`, args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var v domain.IndicatorValue
			if err := rows.Scan(&v.IndicatorID, &v.ReportID, &v.On, &v.Value); err != nil {
				rows.Close()
				return nil, db.mapErr(err)
			}
			out[v.IndicatorID] = v // the last one in order is the latest
		}
		if err := rows.Close(); err != nil {
			return nil, db.mapErr(err)
		}
		if err := rows.Err(); err != nil {
			return nil, db.mapErr(err)
		}
	}
	return out, nil
}

// CommitmentImport is a commitment to record with its indicators.
type CommitmentImport struct {
	Commitment *domain.Commitment
	Indicators []*domain.Indicator
}

// ImportCommitments records commitments with their indicators, all or
// none, in one transaction, each audited as imported; the caller has
// validated them.
func (db *DB) ImportCommitments(ctx context.Context, items []CommitmentImport) error {
	return db.inTx(ctx, func(tx *Tx) error {
		for _, it := range items {
			c := it.Commitment
			if err := tx.createCommitment(ctx, c, "import"); err != nil {
				return err
			}
			for i, ind := range it.Indicators {
				now := db.nowMS()
				ind.ID, ind.CommitmentID, ind.Version, ind.Position, ind.CreatedAt, ind.UpdatedAt = NewID(), c.ID, 1, i, fromMS(now), fromMS(now)
				if _, err := tx.execRow(ctx, `INSERT INTO indicators (`+indicatorCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`,
					ind.ID, ind.CommitmentID, ind.Name, ind.Unit, nullFloat(ind.Baseline), ind.BaselineOn, nullFloat(ind.Target), ind.TargetOn,
					string(ind.Direction), dimensions(ind.Disaggregation), ind.Source, ind.Position, ind.Demo, now, now); err != nil {
					return err
				}
				if err := tx.audit(ctx, "import", "indicator", ind.ID, c.MeetingID, nil, ind); err != nil {
					return err
				}
			}
		}
		return nil
	})
}
