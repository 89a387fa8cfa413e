package store

import (
	"context"
	"encoding/json"

	"github.com/plenary-org/plenary/internal/domain"
)

const partnerTypeCols = `id, names, position, builtin, created_at, updated_at, version`

func scanPartnerType(r scanner) (*domain.PartnerType, error) {
	t := &domain.PartnerType{}
	var names string
	var c, u int64
	if err := r.Scan(&t.ID, &names, &t.Position, &t.Builtin, &c, &u, &t.Version); err != nil {
		return nil, err
	}
	t.CreatedAt, t.UpdatedAt = fromMS(c), fromMS(u)
	if err := json.Unmarshal([]byte(names), &t.Names); err != nil || t.Names == nil {
		t.Names = map[string]string{"en": t.ID}
	}
	return t, nil
}

// PartnerTypes returns the partner types in their order.
func (db *DB) PartnerTypes(ctx context.Context) ([]*domain.PartnerType, error) {
	rows, err := db.query(ctx, `SELECT `+partnerTypeCols+` FROM partner_types ORDER BY position, id`)
	ts, err := scanAll(rows, err, scanPartnerType)
	return ts, db.mapErr(err)
}

// SavePartnerType adds a partner type (t.Version 0; an ID that is taken is
// EINVALID) or renames one read at t.Version (ECONFLICT otherwise).
// Audited.
func (db *DB) SavePartnerType(ctx context.Context, t *domain.PartnerType) error {
	if err := t.Validate(); err != nil {
		return err
	}
	names, _ := json.Marshal(t.Names)
	return db.inTx(ctx, func(tx *Tx) error {
		now := db.nowMS()
		before, err := scanPartnerType(tx.queryRow(ctx, `SELECT `+partnerTypeCols+` FROM partner_types WHERE id = ?`, t.ID))
		if t.Version == 0 {
			if err == nil {
				return domain.Invalid("id", "error.name_taken", "a partner type with this ID exists already")
			}
			var last int
			if err := tx.queryRow(ctx, `SELECT COALESCE(MAX(position), 0) FROM partner_types`).Scan(&last); err != nil {
				return err
			}
			t.Position, t.Version, t.Builtin, t.CreatedAt, t.UpdatedAt = last+1, 1, false, fromMS(now), fromMS(now)
			if _, err := tx.exec(ctx, `INSERT INTO partner_types (id, names, position, builtin, created_at, updated_at, version) VALUES (?, ?, ?, FALSE, ?, ?, 1)`,
				t.ID, string(names), t.Position, now, now); err != nil {
				return err
			}
			return tx.audit(ctx, "create", "partner_type", t.ID, "", nil, t)
		}
		if err != nil {
			return db.notFound(err, "partner type")
		}
		if before.Version != t.Version {
			return domain.Conflict("this partner type")
		}
		if _, err := tx.exec(ctx, `UPDATE partner_types SET names = ?, updated_at = ?, version = version + 1 WHERE id = ?`, string(names), now, t.ID); err != nil {
			return err
		}
		t.Position, t.Builtin, t.CreatedAt, t.UpdatedAt, t.Version = before.Position, before.Builtin, before.CreatedAt, fromMS(now), t.Version+1
		return tx.audit(ctx, "update", "partner_type", t.ID, "", before, t)
	})
}

// checkPartnerType gives a partner body the partner type of its kind when
// it has none, keeps mechanisms and states without one, and refuses an
// unknown type (EINVALID on partner_type).
func (tx *Tx) checkPartnerType(ctx context.Context, b *domain.Body) error {
	if !b.Kind.IsPartner() {
		b.PartnerType = ""
		return nil
	}
	if b.PartnerType == "" {
		b.PartnerType = domain.PartnerTypeOfKind(b.Kind)
	}
	var one int
	if err := tx.queryRow(ctx, `SELECT 1 FROM partner_types WHERE id = ?`, b.PartnerType).Scan(&one); err != nil {
		return domain.Invalid("partner_type", "partner_type.error_unknown", "choose one of the partner types")
	}
	return nil
}
