package store

import (
	"context"
	"database/sql"
	"strings"

	"github.com/plenary-org/plenary/internal/domain"
)

// A process's partnerships (docs/REGISTRY.md): persistence only. Who may
// record, change and read them, and what a valid one is, are package
// partnership's rules.

const partnershipCols = `id, process_id, meeting_id, made_from, title, purpose, phase, mechanism, status, starts_on, ends_on, demo, created_by, created_at, updated_at, version`

func scanPartnership(r scanner) (*domain.Partnership, error) {
	p := &domain.Partnership{}
	var meeting, madeFrom sql.NullString
	var phase, mech, status string
	var c, u int64
	if err := r.Scan(&p.ID, &p.ProcessID, &meeting, &madeFrom, &p.Title, &p.Purpose, &phase, &mech, &status, &p.StartsOn, &p.EndsOn, &p.Demo,
		&p.CreatedBy, &c, &u, &p.Version); err != nil {
		return nil, err
	}
	p.MeetingID, p.MadeFrom = meeting.String, madeFrom.String
	p.Phase, p.Mechanism, p.Status = domain.PartnershipPhase(phase), domain.Collaboration(mech), domain.PartnershipStatus(status)
	p.CreatedAt, p.UpdatedAt = fromMS(c), fromMS(u)
	return p, nil
}

// PartnershipFilter selects partnerships. Zero fields match everything.
type PartnershipFilter struct {
	ProcessID string
	BodyID    string // a party
	Status    domain.PartnershipStatus
	Objective string // a code of the Global Compact's objectives
	Offset    int
	Limit     int // default 50, at most 500; -1 for all
}

// Partnerships returns the partnerships f selects, newest first, with
// their parties, objectives, links, sources and history, and their total.
func (db *DB) Partnerships(ctx context.Context, f PartnershipFilter) ([]*domain.Partnership, int, error) {
	where, args := ` WHERE 1=1`, []any{}
	if f.ProcessID != "" {
		where += ` AND process_id = ?`
		args = append(args, f.ProcessID)
	}
	if f.BodyID != "" {
		where += ` AND id IN (SELECT partnership_id FROM partnership_parties WHERE body_id = ?)`
		args = append(args, f.BodyID)
	}
	if f.Status != "" {
		where += ` AND status = ?`
		args = append(args, string(f.Status))
	}
	if f.Objective != "" {
		where += ` AND id IN (SELECT partnership_id FROM partnership_objectives WHERE code = ?)`
		args = append(args, f.Objective)
	}
	var total int
	if err := db.queryRow(ctx, `SELECT COUNT(*) FROM partnerships`+where, args...).Scan(&total); err != nil {
		return nil, 0, db.mapErr(err)
	}
	limit := clampLimit(f.Limit)
	if f.Limit < 0 {
		limit = total + 1
	}
	rows, err := db.query(ctx, `SELECT `+partnershipCols+` FROM partnerships`+where+` ORDER BY created_at DESC, id LIMIT ? OFFSET ?`, append(args, limit, max(f.Offset, 0))...)
	ps, err := scanAll(rows, err, scanPartnership)
	if err != nil {
		return nil, 0, db.mapErr(err)
	}
	return ps, total, db.loadPartnershipDetails(ctx, db, ps)
}

// Partnership returns one partnership with its details.
func (db *DB) Partnership(ctx context.Context, id string) (*domain.Partnership, error) {
	p, err := scanPartnership(db.queryRow(ctx, `SELECT `+partnershipCols+` FROM partnerships WHERE id = ?`, id))
	if err != nil {
		return nil, db.notFound(err, "partnership")
	}
	return p, db.loadPartnershipDetails(ctx, db, []*domain.Partnership{p})
}

// PartnershipsOfContribution returns the partnerships a contribution is
// a source of (the one made from it first).
func (db *DB) PartnershipsOfContribution(ctx context.Context, contributionID string) ([]*domain.Partnership, error) {
	rows, err := db.query(ctx, `SELECT `+partnershipCols+` FROM partnerships WHERE id IN (SELECT partnership_id FROM partnership_contributions WHERE contribution_id = ?)
		ORDER BY CASE WHEN made_from = ? THEN 0 ELSE 1 END, created_at, id`, contributionID, contributionID)
	ps, err := scanAll(rows, err, scanPartnership)
	if err != nil {
		return nil, db.mapErr(err)
	}
	return ps, db.loadPartnershipDetails(ctx, db, ps)
}

// PartnershipsOfCommitment returns the partnerships that serve a
// follow-up commitment, oldest first.
func (db *DB) PartnershipsOfCommitment(ctx context.Context, commitmentID string) ([]*domain.Partnership, error) {
	rows, err := db.query(ctx, `SELECT `+partnershipCols+` FROM partnerships WHERE id IN (SELECT partnership_id FROM partnership_commitments WHERE commitment_id = ?)
		ORDER BY created_at, id`, commitmentID)
	ps, err := scanAll(rows, err, scanPartnership)
	if err != nil {
		return nil, db.mapErr(err)
	}
	return ps, db.loadPartnershipDetails(ctx, db, ps)
}

func (db *DB) loadPartnershipDetails(ctx context.Context, q querier, ps []*domain.Partnership) error {
	if len(ps) == 0 {
		return nil
	}
	byID := make(map[string]*domain.Partnership, len(ps))
	ids := make([]any, len(ps))
	for i, p := range ps {
		byID[p.ID], ids[i] = p, p.ID
		p.Parties, p.Objectives, p.Links, p.Contributions, p.Commitments, p.History = nil, nil, nil, nil, nil, nil
	}
	in := `(` + placeholders(len(ids)) + `)`
	each := func(query string, scan func(r *sql.Rows, p func(id string) *domain.Partnership) error) error {
		rows, err := q.query(ctx, query, ids...)
		if err != nil {
			return db.mapErr(err)
		}
		defer rows.Close()
		for rows.Next() {
			if err := scan(rows, func(id string) *domain.Partnership { return byID[id] }); err != nil {
				return db.mapErr(err)
			}
		}
		return db.mapErr(rows.Err())
	}
	if err := each(`SELECT partnership_id, body_id FROM partnership_parties WHERE partnership_id IN `+in+` ORDER BY partnership_id, position`, func(r *sql.Rows, p func(string) *domain.Partnership) error {
		var id, v string
		if err := r.Scan(&id, &v); err != nil {
			return err
		}
		p(id).Parties = append(p(id).Parties, v)
		return nil
	}); err != nil {
		return err
	}
	if err := each(`SELECT partnership_id, code FROM partnership_objectives WHERE partnership_id IN `+in+` ORDER BY partnership_id, position`, func(r *sql.Rows, p func(string) *domain.Partnership) error {
		var id, v string
		if err := r.Scan(&id, &v); err != nil {
			return err
		}
		p(id).Objectives = append(p(id).Objectives, v)
		return nil
	}); err != nil {
		return err
	}
	if err := each(`SELECT partnership_id, title, url FROM partnership_links WHERE partnership_id IN `+in+` ORDER BY partnership_id, position`, func(r *sql.Rows, p func(string) *domain.Partnership) error {
		var id string
		var l domain.PartnershipLink
		if err := r.Scan(&id, &l.Title, &l.URL); err != nil {
			return err
		}
		p(id).Links = append(p(id).Links, l)
		return nil
	}); err != nil {
		return err
	}
	if err := each(`SELECT partnership_id, contribution_id FROM partnership_contributions WHERE partnership_id IN `+in+` ORDER BY partnership_id, contribution_id`, func(r *sql.Rows, p func(string) *domain.Partnership) error {
		var id, v string
		if err := r.Scan(&id, &v); err != nil {
			return err
		}
		p(id).Contributions = append(p(id).Contributions, v)
		return nil
	}); err != nil {
		return err
	}
	if err := each(`SELECT partnership_id, commitment_id FROM partnership_commitments WHERE partnership_id IN `+in+` ORDER BY partnership_id, commitment_id`, func(r *sql.Rows, p func(string) *domain.Partnership) error {
		var id, v string
		if err := r.Scan(&id, &v); err != nil {
			return err
		}
		p(id).Commitments = append(p(id).Commitments, v)
		return nil
	}); err != nil {
		return err
	}
	return each(`SELECT partnership_id, status, at, actor_id, actor_name, note FROM partnership_status_history WHERE partnership_id IN `+in+` ORDER BY partnership_id, seq`, func(r *sql.Rows, p func(string) *domain.Partnership) error {
		var id, status string
		var at int64
		var h domain.PartnershipStatusChange
		if err := r.Scan(&id, &status, &at, &h.ActorID, &h.ActorName, &h.Note); err != nil {
			return err
		}
		h.Status, h.At = domain.PartnershipStatus(status), fromMS(at)
		p(id).History = append(p(id).History, h)
		return nil
	})
}

// errMadeAlready is the answer to a second partnership made from one
// proposal.
func errMadeAlready() error {
	return domain.Errorf(domain.ECONFLICT, "partnership.error_made_already", "a partnership was already made from this proposal")
}

// CreatePartnerships records partnerships, all or none, each with the
// first step of its status history; the caller has validated them. A
// second partnership made from one proposal gives ECONFLICT
// (partnership.error_made_already); a party that is no body, EINVALID.
func (db *DB) CreatePartnerships(ctx context.Context, ps []*domain.Partnership) error {
	return db.inTx(ctx, func(tx *Tx) error {
		for _, p := range ps {
			if err := tx.createPartnership(ctx, p); err != nil {
				return err
			}
		}
		return nil
	})
}

func (tx *Tx) createPartnership(ctx context.Context, p *domain.Partnership) error {
	now := tx.db.nowMS()
	p.ID, p.Version, p.CreatedAt, p.UpdatedAt = NewID(), 1, fromMS(now), fromMS(now)
	if tx.actor != nil && tx.actor.User != nil {
		p.CreatedBy = tx.actor.User.ID
	}
	if p.MadeFrom != "" {
		var n int
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM partnerships WHERE made_from = ?`, p.MadeFrom).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return errMadeAlready()
		}
	}
	_, err := tx.exec(ctx, `INSERT INTO partnerships (id, process_id, meeting_id, made_from, title, purpose, phase, mechanism, status, starts_on, ends_on, demo, created_by, created_at, updated_at, version)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`, p.ID, p.ProcessID, nullable(p.MeetingID), nullable(p.MadeFrom), p.Title, p.Purpose,
		string(p.Phase), string(p.Mechanism), string(p.Status), p.StartsOn, p.EndsOn, p.Demo, p.CreatedBy, now, now)
	if err != nil {
		if domain.ErrorCode(tx.db.mapErr(err)) == domain.ECONFLICT {
			return errMadeAlready()
		}
		return err
	}
	if err := tx.setPartnershipDetails(ctx, p); err != nil {
		return err
	}
	if err := tx.addPartnershipStatus(ctx, p, now, ""); err != nil {
		return err
	}
	return tx.audit(ctx, "create", "partnership", p.ID, p.MeetingID, nil, p)
}

func (tx *Tx) addPartnershipStatus(ctx context.Context, p *domain.Partnership, now int64, note string) error {
	h := domain.PartnershipStatusChange{Status: p.Status, At: fromMS(now), Note: note}
	if tx.actor != nil && tx.actor.User != nil {
		h.ActorID, h.ActorName = tx.actor.User.ID, tx.actor.User.Name
	}
	_, err := tx.exec(ctx, `INSERT INTO partnership_status_history (partnership_id, seq, status, at, actor_id, actor_name, note)
		VALUES (?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM partnership_status_history WHERE partnership_id = ?), ?, ?, ?, ?, ?)`,
		p.ID, p.ID, string(h.Status), now, h.ActorID, h.ActorName, h.Note)
	if err == nil {
		p.History = append(p.History, h)
	}
	return err
}

// setPartnershipDetails replaces the parties, objectives, links and
// contributions of p with its own.
func (tx *Tx) setPartnershipDetails(ctx context.Context, p *domain.Partnership) error {
	for _, t := range []string{"partnership_parties", "partnership_objectives", "partnership_links", "partnership_contributions", "partnership_commitments"} {
		if _, err := tx.exec(ctx, `DELETE FROM `+t+` WHERE partnership_id = ?`, p.ID); err != nil {
			return err
		}
	}
	for i, b := range p.Parties {
		var n int
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM bodies WHERE id = ?`, b).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return domain.Invalid("parties", "partnership.error_party_unknown", "%s is not a body of the registry", b)
		}
		if _, err := tx.exec(ctx, `INSERT INTO partnership_parties (partnership_id, body_id, position) VALUES (?, ?, ?)`, p.ID, b, i); err != nil {
			return err
		}
	}
	for i, c := range p.Objectives {
		if _, err := tx.exec(ctx, `INSERT INTO partnership_objectives (partnership_id, code, position) VALUES (?, ?, ?)`, p.ID, c, i); err != nil {
			return err
		}
	}
	for i, l := range p.Links {
		if _, err := tx.exec(ctx, `INSERT INTO partnership_links (partnership_id, position, title, url) VALUES (?, ?, ?, ?)`, p.ID, i, l.Title, l.URL); err != nil {
			return err
		}
	}
	for _, c := range p.Contributions {
		if _, err := tx.exec(ctx, `INSERT INTO partnership_contributions (partnership_id, contribution_id) VALUES (?, ?)`, p.ID, c); err != nil {
			return err
		}
	}
	for _, c := range p.Commitments {
		var n int
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM commitments WHERE id = ? AND process_id = ?`, c, p.ProcessID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return domain.Invalid("commitments", "partnership.error_commitment", "%s is not a commitment of this process", c)
		}
		if _, err := tx.exec(ctx, `INSERT INTO partnership_commitments (partnership_id, commitment_id) VALUES (?, ?)`, p.ID, c); err != nil {
			return err
		}
	}
	return nil
}

// ChangePartnership applies change to partnership id in one transaction
// that holds its row: change receives the partnership as stored and
// returns an error to refuse (the caller's rules, asked against what is
// stored, not what was read before). ECONFLICT when version is not the
// stored one. A change of status adds a step to its history, with note.
func (db *DB) ChangePartnership(ctx context.Context, id string, version int, note string, change func(p *domain.Partnership) error) (*domain.Partnership, error) {
	var out *domain.Partnership
	err := db.inTx(ctx, func(tx *Tx) error {
		before, err := scanPartnership(tx.queryRow(ctx, `SELECT `+partnershipCols+` FROM partnerships WHERE id = ?`+db.dialect.forUpdate, id))
		if err != nil {
			return db.notFound(err, "partnership")
		}
		if err := db.loadPartnershipDetails(ctx, tx, []*domain.Partnership{before}); err != nil {
			return err
		}
		if before.Version != version {
			return domain.Conflict("this partnership")
		}
		p := *before
		p.Parties, p.Objectives, p.Links = append([]string(nil), before.Parties...), append([]string(nil), before.Objectives...), append([]domain.PartnershipLink(nil), before.Links...)
		p.Contributions, p.History = append([]string(nil), before.Contributions...), append([]domain.PartnershipStatusChange(nil), before.History...)
		p.Commitments = append([]string(nil), before.Commitments...)
		if err := change(&p); err != nil {
			return err
		}
		now := db.nowMS()
		if _, err := tx.exec(ctx, `UPDATE partnerships SET title = ?, purpose = ?, phase = ?, mechanism = ?, status = ?, starts_on = ?, ends_on = ?, updated_at = ?, version = version + 1 WHERE id = ?`,
			p.Title, p.Purpose, string(p.Phase), string(p.Mechanism), string(p.Status), p.StartsOn, p.EndsOn, now, id); err != nil {
			return err
		}
		p.Version, p.UpdatedAt = before.Version+1, fromMS(now)
		if err := tx.setPartnershipDetails(ctx, &p); err != nil {
			return err
		}
		if p.Status != before.Status {
			if err := tx.addPartnershipStatus(ctx, &p, now, strings.TrimSpace(note)); err != nil {
				return err
			}
		}
		out = &p
		return tx.audit(ctx, "update", "partnership", id, p.MeetingID, before, &p)
	})
	return out, err
}

// DeletePartnership removes a partnership recorded by mistake; ECONFLICT
// when version is not the stored one.
func (db *DB) DeletePartnership(ctx context.Context, id string, version int) error {
	return db.inTx(ctx, func(tx *Tx) error {
		before, err := scanPartnership(tx.queryRow(ctx, `SELECT `+partnershipCols+` FROM partnerships WHERE id = ?`, id))
		if err != nil {
			return db.notFound(err, "partnership")
		}
		if before.Version != version {
			return domain.Conflict("this partnership")
		}
		if _, err := tx.exec(ctx, `DELETE FROM partnerships WHERE id = ?`, id); err != nil {
			return err
		}
		return tx.audit(ctx, "delete", "partnership", id, before.MeetingID, before, nil)
	})
}
