package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/plenary-org/plenary/internal/domain"
)

const bodyCols = `id, name, acronym, kind, partner_type, region, region_id, established, secretariat, website, members_note, created_at, updated_at, version`

func scanBody(r scanner) (*domain.Body, error) {
	b := &domain.Body{}
	var c, u int64
	var kind string
	err := r.Scan(&b.ID, &b.Name, &b.Acronym, &kind, &b.PartnerType, &b.Region, &b.RegionID, &b.Established, &b.Secretariat, &b.Website, &b.MembersNote, &c, &u, &b.Version)
	b.Kind = domain.BodyKind(kind)
	b.CreatedAt, b.UpdatedAt = fromMS(c), fromMS(u)
	return b, err
}

// BodyFilter selects bodies.
type BodyFilter struct {
	Query  string // part of the name or acronym
	Kind   domain.BodyKind
	Region string
	Offset int
	Limit  int
}

// Bodies returns bodies matching f ordered by name, and the total count.
func (db *DB) Bodies(ctx context.Context, f BodyFilter) ([]*domain.Body, int, error) {
	where := ` WHERE 1=1`
	var args []any
	if q := strings.TrimSpace(f.Query); q != "" {
		where += ` AND (LOWER(name) LIKE ? OR LOWER(acronym) LIKE ?)`
		like := "%" + strings.ToLower(q) + "%"
		args = append(args, like, like)
	}
	if f.Kind != "" {
		where += ` AND kind = ?`
		args = append(args, string(f.Kind))
	}
	if f.Region != "" {
		where += ` AND region = ?`
		args = append(args, f.Region)
	}
	var total int
	if err := db.queryRow(ctx, `SELECT COUNT(*) FROM bodies`+where, args...).Scan(&total); err != nil {
		return nil, 0, db.mapErr(err)
	}
	rows, err := db.query(ctx, `SELECT `+bodyCols+` FROM bodies`+where+` ORDER BY LOWER(name), id LIMIT ? OFFSET ?`, append(args, clampLimit(f.Limit), max(f.Offset, 0))...)
	bs, err := scanAll(rows, err, scanBody)
	if err != nil {
		return nil, 0, db.mapErr(err)
	}
	if err := db.loadCountries(ctx, bs); err != nil {
		return nil, 0, err
	}
	return bs, total, nil
}

func (db *DB) loadCountries(ctx context.Context, bs []*domain.Body) error {
	return db.mapErr(loadBodyCountries(ctx, db.query, bs))
}

func (db *DB) loadCountriesTx(ctx context.Context, tx *Tx, bs []*domain.Body) error {
	return loadBodyCountries(ctx, tx.query, bs)
}

// loadBodyCountries fills the member and observer states of bodies.
func loadBodyCountries(ctx context.Context, query func(context.Context, string, ...any) (*sql.Rows, error), bs []*domain.Body) error {
	if len(bs) == 0 {
		return nil
	}
	byID := make(map[string]*domain.Body, len(bs))
	args := make([]any, len(bs))
	for i, b := range bs {
		byID[b.ID] = b
		args[i] = b.ID
	}
	rows, err := query(ctx, `SELECT body_id, country, role, joined FROM body_countries WHERE body_id IN (`+placeholders(len(bs))+`) ORDER BY country`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id, c, role, joined string
		if err := rows.Scan(&id, &c, &role, &joined); err != nil {
			return err
		}
		b := byID[id]
		if role == roleObserver {
			b.Observers = append(b.Observers, c)
		} else {
			b.Countries = append(b.Countries, c)
		}
		if joined != "" {
			if b.Joined == nil {
				b.Joined = map[string]string{}
			}
			b.Joined[c] = joined
		}
	}
	return rows.Err()
}

// Body returns the body with the given ID.
func (db *DB) Body(ctx context.Context, id string) (*domain.Body, error) {
	b, err := scanBody(db.queryRow(ctx, `SELECT `+bodyCols+` FROM bodies WHERE id = ?`, id))
	if err != nil {
		return nil, db.notFound(err, "body")
	}
	return b, db.loadCountries(ctx, []*domain.Body{b})
}

// Regions returns the distinct regions of bodies, sorted.
func (db *DB) Regions(ctx context.Context) ([]string, error) {
	rows, err := db.query(ctx, `SELECT DISTINCT region FROM bodies WHERE region <> '' ORDER BY region`)
	return scanAll(rows, err, func(r scanner) (string, error) {
		var s string
		return s, r.Scan(&s)
	})
}

// CreateBody adds a body. A name that is taken gives EINVALID on "name".
func (db *DB) CreateBody(ctx context.Context, b *domain.Body) error {
	if err := b.Validate(); err != nil {
		return err
	}
	return db.inTx(ctx, func(tx *Tx) error { return tx.createBody(ctx, b) })
}

func (tx *Tx) createBody(ctx context.Context, b *domain.Body) error {
	now := tx.db.nowMS()
	b.ID, b.Version = NewID(), 1
	b.CreatedAt, b.UpdatedAt = fromMS(now), fromMS(now)
	var err error
	if b.RegionID, b.Region, err = tx.regionOf(ctx, "region", b.RegionID, b.Region); err != nil {
		return err
	}
	if err := tx.checkPartnerType(ctx, b); err != nil {
		return err
	}
	_, err = tx.exec(ctx, `INSERT INTO bodies (id, name, acronym, kind, partner_type, region, region_id, established, secretariat, website, members_note, created_at, updated_at, version)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`, b.ID, b.Name, b.Acronym, string(b.Kind), b.PartnerType, b.Region, b.RegionID, b.Established, b.Secretariat, b.Website, b.MembersNote, now, now)
	if err != nil {
		if domain.ErrorCode(tx.db.mapErr(err)) == domain.ECONFLICT {
			return domain.Invalid("name", "error.name_taken", "a body with this name exists already")
		}
		return err
	}
	if err := tx.setCountries(ctx, b); err != nil {
		return err
	}
	return tx.audit(ctx, "create", "body", b.ID, "", nil, b)
}

// The roles of a state in a body (body_countries.role).
const (
	roleMember   = "member"
	roleObserver = "observer"
)

func (tx *Tx) setCountries(ctx context.Context, b *domain.Body) error {
	if _, err := tx.exec(ctx, `DELETE FROM body_countries WHERE body_id = ?`, b.ID); err != nil {
		return err
	}
	var rows [][]any
	for _, c := range b.Countries {
		rows = append(rows, []any{b.ID, c, roleMember, b.Joined[c]})
	}
	for _, c := range b.Observers {
		rows = append(rows, []any{b.ID, c, roleObserver, b.Joined[c]})
	}
	return tx.insertRows(ctx, "body_countries", "body_id, country, role, joined", 4, rows)
}

// UpdateBody saves a body; ECONFLICT when b.Version is stale.
func (db *DB) UpdateBody(ctx context.Context, b *domain.Body) error {
	if err := b.Validate(); err != nil {
		return err
	}
	return db.inTx(ctx, func(tx *Tx) error { return tx.updateBody(ctx, b) })
}

func (tx *Tx) updateBody(ctx context.Context, b *domain.Body) error {
	before, err := scanBody(tx.queryRow(ctx, `SELECT `+bodyCols+` FROM bodies WHERE id = ?`, b.ID))
	if err != nil {
		return tx.db.notFound(err, "body")
	}
	if before.Version != b.Version {
		return domain.Conflict("this body")
	}
	if err := tx.db.loadCountriesTx(ctx, tx, []*domain.Body{before}); err != nil {
		return err
	}
	if b.RegionID == before.RegionID && b.Region != before.Region {
		b.RegionID = "" // the text changed: it says which region
	}
	if b.RegionID, b.Region, err = tx.regionOf(ctx, "region", b.RegionID, b.Region); err != nil {
		return err
	}
	if err := tx.checkPartnerType(ctx, b); err != nil {
		return err
	}
	now := tx.db.nowMS()
	_, err = tx.exec(ctx, `UPDATE bodies SET name = ?, acronym = ?, kind = ?, partner_type = ?, region = ?, region_id = ?, established = ?, secretariat = ?, website = ?, members_note = ?, updated_at = ?, version = version + 1 WHERE id = ?`,
		b.Name, b.Acronym, string(b.Kind), b.PartnerType, b.Region, b.RegionID, b.Established, b.Secretariat, b.Website, b.MembersNote, now, b.ID)
	if err != nil {
		if domain.ErrorCode(tx.db.mapErr(err)) == domain.ECONFLICT {
			return domain.Invalid("name", "error.name_taken", "a body with this name exists already")
		}
		return err
	}
	b.Version++
	b.UpdatedAt = fromMS(now)
	if err := tx.setCountries(ctx, b); err != nil {
		return err
	}
	return tx.audit(ctx, "update", "body", b.ID, "", before, b)
}

const processCols = `id, name, description, created_at, updated_at, version`

func scanProcess(r scanner) (*domain.Process, error) {
	p := &domain.Process{}
	var c, u int64
	err := r.Scan(&p.ID, &p.Name, &p.Description, &c, &u, &p.Version)
	p.CreatedAt, p.UpdatedAt = fromMS(c), fromMS(u)
	return p, err
}

// Processes returns every process, or with onlyFor set only those where
// that user holds a role, ordered by name.
func (db *DB) Processes(ctx context.Context, onlyFor string) ([]*domain.Process, error) {
	q, args := `SELECT `+processCols+` FROM processes ORDER BY LOWER(name), id`, []any(nil)
	if onlyFor != "" {
		q = `SELECT ` + processCols + ` FROM processes WHERE id IN (SELECT process_id FROM memberships WHERE user_id = ?) ORDER BY LOWER(name), id`
		args = []any{onlyFor}
	}
	rows, err := db.query(ctx, q, args...)
	ps, err := scanAll(rows, err, scanProcess)
	return ps, db.mapErr(err)
}

// Process returns the process with the given ID.
func (db *DB) Process(ctx context.Context, id string) (*domain.Process, error) {
	p, err := scanProcess(db.queryRow(ctx, `SELECT `+processCols+` FROM processes WHERE id = ?`, id))
	if err != nil {
		return nil, db.notFound(err, "process")
	}
	return p, nil
}

// CreateProcess adds a process.
func (db *DB) CreateProcess(ctx context.Context, p *domain.Process) error {
	if err := p.Validate(); err != nil {
		return err
	}
	return db.inTx(ctx, func(tx *Tx) error { return tx.createProcess(ctx, p) })
}

func (tx *Tx) createProcess(ctx context.Context, p *domain.Process) error {
	now := tx.db.nowMS()
	p.ID, p.Version, p.CreatedAt, p.UpdatedAt = NewID(), 1, fromMS(now), fromMS(now)
	if _, err := tx.exec(ctx, `INSERT INTO processes (id, name, description, created_at, updated_at, version) VALUES (?, ?, ?, ?, ?, 1)`,
		p.ID, p.Name, p.Description, now, now); err != nil {
		return err
	}
	return tx.audit(ctx, "create", "process", p.ID, "", nil, p)
}

// UpdateProcess saves a process; ECONFLICT when p.Version is stale.
func (db *DB) UpdateProcess(ctx context.Context, p *domain.Process) error {
	if err := p.Validate(); err != nil {
		return err
	}
	return db.inTx(ctx, func(tx *Tx) error {
		before, err := scanProcess(tx.queryRow(ctx, `SELECT `+processCols+` FROM processes WHERE id = ?`, p.ID))
		if err != nil {
			return db.notFound(err, "process")
		}
		if before.Version != p.Version {
			return domain.Conflict("this process")
		}
		now := db.nowMS()
		if _, err := tx.exec(ctx, `UPDATE processes SET name = ?, description = ?, updated_at = ?, version = version + 1 WHERE id = ?`, p.Name, p.Description, now, p.ID); err != nil {
			return err
		}
		p.Version++
		p.UpdatedAt = fromMS(now)
		return tx.audit(ctx, "update", "process", p.ID, "", before, p)
	})
}

// ParticipantTraits counts the participants of a meeting by kind and
// region: the bodies with a member in the meeting (a membership of the
// meeting or of its whole process) and the bodies a contribution of the
// meeting was submitted for, each once. [domain.Describe] makes of it how
// the meeting describes bodies without attribution.
func (db *DB) ParticipantTraits(ctx context.Context, meetingID string) (map[domain.BodyTraits]int, error) {
	rows, err := db.query(ctx, `SELECT b.kind, b.region, COUNT(*) FROM bodies b WHERE b.id IN (
			SELECT ms.body_id FROM memberships ms JOIN meetings m ON m.id = ? AND ms.process_id = m.process_id
			WHERE ms.body_id IS NOT NULL AND (ms.meeting_id IS NULL OR ms.meeting_id = m.id)
			UNION SELECT c.body_id FROM contributions c WHERE c.meeting_id = ? AND c.body_id IS NOT NULL)
		GROUP BY b.kind, b.region`, meetingID, meetingID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[domain.BodyTraits]int{}
	for rows.Next() {
		var kind, region string
		var n int
		if err := rows.Scan(&kind, &region, &n); err != nil {
			return nil, err
		}
		out[domain.BodyTraits{Kind: domain.BodyKind(kind), Region: region}] = n
	}
	return out, rows.Err()
}

// ImportBodies creates the bodies without an ID and replaces the others
// (whatever their version), in one transaction: all or nothing. Each
// body is validated first; the first invalid one is returned with its
// index in bs (as [BodyError]).
func (db *DB) ImportBodies(ctx context.Context, bs []*domain.Body) error {
	for i, b := range bs {
		if err := b.Validate(); err != nil {
			return &BodyError{Index: i, Err: err}
		}
	}
	return db.inTx(ctx, func(tx *Tx) error {
		for i, b := range bs {
			var err error
			if b.ID == "" {
				err = tx.createBody(ctx, b)
			} else {
				if err = tx.queryRow(ctx, `SELECT version FROM bodies WHERE id = ?`, b.ID).Scan(&b.Version); err != nil {
					err = db.notFound(err, "body")
				} else {
					err = tx.updateBody(ctx, b)
				}
			}
			if err != nil {
				return &BodyError{Index: i, Err: err}
			}
		}
		return nil
	})
}

// BodyError is the error of one body of [DB.ImportBodies].
type BodyError struct {
	Index int
	Err   error
}

func (e *BodyError) Error() string { return fmt.Sprintf("body %d: %v", e.Index+1, e.Err) }
func (e *BodyError) Unwrap() error { return e.Err }
