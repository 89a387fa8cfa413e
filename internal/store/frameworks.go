package store

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/reference"
)

var frameworkCodeOK = func(c string) bool {
	if c == "" || len(c) > 20 {
		return false
	}
	for _, r := range c {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}

// EnsureBuiltinFrameworks stores the built-in Global Compact framework if
// it is not there yet. It is called at start-up and does nothing the
// second time.
func (db *DB) EnsureBuiltinFrameworks(ctx context.Context) error {
	var n int
	if err := db.queryRow(ctx, `SELECT COUNT(*) FROM frameworks WHERE code = ?`, reference.GCMCode).Scan(&n); err != nil {
		return db.mapErr(err)
	}
	if n == 0 {
		if _, err := db.ImportFramework(ctx, reference.GCM(), true); err != nil {
			return err
		}
	}
	return db.ensureGCMTranslations(ctx)
}

// ensureGCMTranslations adds the built-in framework's titles in the
// languages it has none in yet (a database made before they were shipped);
// titles a secretariat gave in a language are kept.
func (db *DB) ensureGCMTranslations(ctx context.Context) error {
	var id string
	if err := db.queryRow(ctx, `SELECT id FROM frameworks WHERE code = ?`, reference.GCMCode).Scan(&id); err != nil {
		return db.mapErr(err)
	}
	rows, err := db.query(ctx, `SELECT DISTINCT l.lang FROM framework_labels l JOIN framework_items i ON i.id = l.item_id WHERE i.framework_id = ?`, id)
	have, err := scanAll(rows, err, func(r scanner) (string, error) {
		var l string
		return l, r.Scan(&l)
	})
	if err != nil {
		return db.mapErr(err)
	}
	for _, f := range reference.GCMTranslations() {
		if slices.Contains(have, f.Lang) {
			continue
		}
		if err := db.SetFrameworkLabels(ctx, id, f.Lang, f.Items); err != nil {
			return err
		}
	}
	return nil
}

// ImportFramework stores a new framework with its items, labelled in f.Lang,
// in one transaction. A code that is taken gives EINVALID on "code".
func (db *DB) ImportFramework(ctx context.Context, f reference.Framework, builtin bool) (*domain.Framework, error) {
	f.Code = strings.ToLower(strings.TrimSpace(f.Code))
	f.Name = strings.TrimSpace(f.Name)
	var errs domain.Errors
	if !frameworkCodeOK(f.Code) {
		errs = append(errs, domain.Invalid("code", "error.framework_code", "use 1 to 20 lower-case letters, digits, - or _"))
	}
	if f.Name == "" {
		errs = append(errs, domain.Invalid("name", "error.required", "this field is required"))
	}
	if !slices.Contains(domain.Locales, f.Lang) {
		errs = append(errs, domain.Invalid("lang", "error.locale", "must be one of %s", strings.Join(domain.Locales, ", ")))
	}
	if len(f.Items) == 0 {
		errs = append(errs, domain.Invalid("file", "error.framework_empty", "the framework has no items"))
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	now := db.nowMS()
	out := &domain.Framework{ID: NewID(), Code: f.Code, Name: f.Name, Description: f.Description, Builtin: builtin, Version: 1}
	err := db.inTx(ctx, func(tx *Tx) error {
		if _, err := tx.exec(ctx, `INSERT INTO frameworks (id, code, name, description, builtin, created_at, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, 1)`,
			out.ID, out.Code, out.Name, out.Description, builtin, now, now); err != nil {
			if domain.ErrorCode(db.mapErr(err)) == domain.ECONFLICT {
				return domain.Invalid("code", "error.framework_taken", "a framework with the code %s exists already", out.Code)
			}
			return err
		}
		for i, it := range f.Items {
			id := NewID()
			if _, err := tx.exec(ctx, `INSERT INTO framework_items (id, framework_id, code, kind, position) VALUES (?, ?, ?, ?, ?)`, id, out.ID, it.Code, it.Kind, i+1); err != nil {
				if domain.ErrorCode(db.mapErr(err)) == domain.ECONFLICT {
					return domain.Invalid("file", "error.item_code_taken", "the code %s is used twice", it.Code)
				}
				return err
			}
			if _, err := tx.exec(ctx, `INSERT INTO framework_labels (item_id, lang, title, short_label, unofficial) VALUES (?, ?, ?, ?, ?)`, id, f.Lang, it.Title, it.ShortLabel, it.Unofficial); err != nil {
				return err
			}
		}
		return tx.audit(ctx, "import", "framework", out.ID, "", nil, map[string]any{"code": out.Code, "name": out.Name, "items": len(f.Items), "lang": f.Lang})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// SetFrameworkLabels adds or replaces the labels in lang of items of a
// framework, by item code, in one transaction. Every code must exist in the
// framework; otherwise nothing changes and EINVALID lists the unknown codes.
func (db *DB) SetFrameworkLabels(ctx context.Context, frameworkID, lang string, items []reference.Item) error {
	if !slices.Contains(domain.Locales, lang) {
		return domain.Invalid("lang", "error.locale", "must be one of %s", strings.Join(domain.Locales, ", "))
	}
	return db.inTx(ctx, func(tx *Tx) error {
		rows, err := tx.query(ctx, `SELECT code, id FROM framework_items WHERE framework_id = ?`, frameworkID)
		ids := map[string]string{}
		if _, err := scanAll(rows, err, func(r scanner) (struct{}, error) {
			var c, id string
			err := r.Scan(&c, &id)
			ids[c] = id
			return struct{}{}, err
		}); err != nil {
			return err
		}
		if len(ids) == 0 {
			return domain.NotFound("framework")
		}
		var unknown []string
		for _, it := range items {
			if ids[it.Code] == "" {
				unknown = append(unknown, it.Code)
			}
		}
		if len(unknown) > 0 {
			if len(unknown) > 10 {
				unknown = append(unknown[:10], fmt.Sprintf("… (%d in all)", len(unknown)))
			}
			return domain.Invalid("file", "error.unknown_item_codes", "these codes are not in the framework: %s", strings.Join(unknown, ", "))
		}
		for _, it := range items {
			if strings.TrimSpace(it.Title) == "" {
				return domain.Invalid("title", "error.required", "this field is required")
			}
			if _, err := tx.exec(ctx, `INSERT INTO framework_labels (item_id, lang, title, short_label, unofficial) VALUES (?, ?, ?, ?, ?)
				ON CONFLICT (item_id, lang) DO UPDATE SET title = excluded.title, short_label = excluded.short_label, unofficial = excluded.unofficial`,
				ids[it.Code], lang, it.Title, it.ShortLabel, it.Unofficial); err != nil {
				return err
			}
		}
		if _, err := tx.exec(ctx, `UPDATE frameworks SET updated_at = ?, version = version + 1 WHERE id = ?`, db.nowMS(), frameworkID); err != nil {
			return err
		}
		return tx.audit(ctx, "update", "framework", frameworkID, "", nil, map[string]any{"lang": lang, "labels": len(items)})
	})
}

// Frameworks lists the frameworks (without items), the built-in first.
func (db *DB) Frameworks(ctx context.Context) ([]*domain.Framework, error) {
	rows, err := db.query(ctx, `SELECT f.id, f.code, f.name, f.description, f.builtin, f.version,
		(SELECT COUNT(*) FROM framework_items i WHERE i.framework_id = f.id)
		FROM frameworks f ORDER BY f.builtin DESC, LOWER(f.name)`)
	fs, err := scanAll(rows, err, func(r scanner) (*domain.Framework, error) {
		f := &domain.Framework{}
		var n int
		err := r.Scan(&f.ID, &f.Code, &f.Name, &f.Description, &f.Builtin, &f.Version, &n)
		f.Items = make([]domain.FrameworkItem, n)
		return f, err
	})
	return fs, db.mapErr(err)
}

// Framework returns a framework with its items and all their labels.
func (db *DB) Framework(ctx context.Context, id string) (*domain.Framework, error) {
	f := &domain.Framework{}
	err := db.queryRow(ctx, `SELECT id, code, name, description, builtin, version FROM frameworks WHERE id = ?`, id).
		Scan(&f.ID, &f.Code, &f.Name, &f.Description, &f.Builtin, &f.Version)
	if err != nil {
		return nil, db.notFound(err, "framework")
	}
	rows, err := db.query(ctx, `SELECT i.id, i.code, i.kind, i.position, l.lang, l.title, l.short_label, l.unofficial
		FROM framework_items i LEFT JOIN framework_labels l ON l.item_id = i.id
		WHERE i.framework_id = ? ORDER BY i.position, l.lang`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var it domain.FrameworkItem
		var lang, title, short *string
		var unofficial *bool
		if err := rows.Scan(&it.ID, &it.Code, &it.Kind, &it.Position, &lang, &title, &short, &unofficial); err != nil {
			return nil, db.mapErr(err)
		}
		if n := len(f.Items); n == 0 || f.Items[n-1].ID != it.ID {
			it.Labels = map[string]domain.FrameworkLabel{}
			f.Items = append(f.Items, it)
		}
		if lang != nil {
			f.Items[len(f.Items)-1].Labels[*lang] = domain.FrameworkLabel{Title: *title, ShortLabel: *short, Unofficial: *unofficial}
		}
	}
	return f, db.mapErr(rows.Err())
}
