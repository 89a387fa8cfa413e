package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/plenary-org/plenary/internal/domain"
)

// A review cycle's report (docs/FOLLOW-UP.md): one document a cycle and
// language, each with its versions. Its text is a [domain.OutcomeText],
// the outcome document's model, so that the report shares its content
// hash, section editor and exporters (package outcome/render). The rules
// are package followup's: it makes every change through
// [DB.ChangeReviewReport]. Triggers refuse a change to a saved version and
// any new version of a finalised report.

// ReviewReport is the state of a cycle's report in one language.
type ReviewReport struct {
	CycleID string
	Lang    string
	// Latest is the number of the latest version (the first is 1).
	Latest int
	// FinalVersion is the version the secretariat finalised, 0 before;
	// FinalHash its content hash as stored then.
	FinalVersion int
	FinalHash    string
	FinalBy      string
	FinalAt      time.Time
	CreatedAt    time.Time
	UpdatedAt    time.Time
	Version      int
}

// ReviewReportVersion is one saved version of a review report.
type ReviewReportVersion struct {
	CycleID string
	Lang    string
	Number  int
	// Text is the whole text as stored; Hash the content hash stored with
	// it (a use case compares it with Text.Hash()).
	Text      domain.OutcomeText
	Hash      string
	Note      string // "generate", "edit", "regenerate"
	CreatedBy string
	CreatedAt time.Time
}

const reviewReportCols = `cycle_id, lang, latest, final_version, final_hash, final_by, final_at, created_at, updated_at, version`

func scanReviewReport(r scanner) (*ReviewReport, error) {
	d := &ReviewReport{}
	var final, created, updated int64
	if err := r.Scan(&d.CycleID, &d.Lang, &d.Latest, &d.FinalVersion, &d.FinalHash, &d.FinalBy, &final, &created, &updated, &d.Version); err != nil {
		return nil, err
	}
	d.FinalAt, d.CreatedAt, d.UpdatedAt = fromMS(final), fromMS(created), fromMS(updated)
	return d, nil
}

const reviewReportVersionCols = `cycle_id, lang, number, text, hash, note, created_by, created_at`

func scanReviewReportVersion(r scanner) (*ReviewReportVersion, error) {
	v := &ReviewReportVersion{}
	var text string
	var created int64
	if err := r.Scan(&v.CycleID, &v.Lang, &v.Number, &text, &v.Hash, &v.Note, &v.CreatedBy, &created); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(text), &v.Text); err != nil {
		return nil, fmt.Errorf("store: review report version %d: %w", v.Number, err)
	}
	v.CreatedAt = fromMS(created)
	return v, nil
}

// ReviewReports returns a cycle's reports, one a language, by language.
func (db *DB) ReviewReports(ctx context.Context, cycleID string) ([]*ReviewReport, error) {
	rows, err := db.query(ctx, `SELECT `+reviewReportCols+` FROM review_reports WHERE cycle_id = ? ORDER BY lang`, cycleID)
	rs, err := scanAll(rows, err, scanReviewReport)
	return rs, db.mapErr(err)
}

// ReviewReport returns a cycle's report in lang; ENOTFOUND when there is
// none.
func (db *DB) ReviewReport(ctx context.Context, cycleID, lang string) (*ReviewReport, error) {
	d, err := scanReviewReport(db.queryRow(ctx, `SELECT `+reviewReportCols+` FROM review_reports WHERE cycle_id = ? AND lang = ?`, cycleID, lang))
	if err != nil {
		return nil, db.notFound(err, "review report")
	}
	return d, nil
}

// ReviewReportVersion returns version n of a cycle's report in lang;
// ENOTFOUND when there is none.
func (db *DB) ReviewReportVersion(ctx context.Context, cycleID, lang string, n int) (*ReviewReportVersion, error) {
	v, err := scanReviewReportVersion(db.queryRow(ctx, `SELECT `+reviewReportVersionCols+` FROM review_report_versions
		WHERE cycle_id = ? AND lang = ? AND number = ?`, cycleID, lang, n))
	if err != nil {
		return nil, db.notFound(err, "version")
	}
	return v, nil
}

// ReviewReportVersions lists the versions of a cycle's report in lang,
// oldest first, without their texts.
func (db *DB) ReviewReportVersions(ctx context.Context, cycleID, lang string) ([]*ReviewReportVersion, error) {
	rows, err := db.query(ctx, `SELECT cycle_id, lang, number, hash, note, created_by, created_at FROM review_report_versions
		WHERE cycle_id = ? AND lang = ? ORDER BY number`, cycleID, lang)
	vs, err := scanAll(rows, err, func(r scanner) (*ReviewReportVersion, error) {
		v := &ReviewReportVersion{}
		var created int64
		if err := r.Scan(&v.CycleID, &v.Lang, &v.Number, &v.Hash, &v.Note, &v.CreatedBy, &created); err != nil {
			return nil, err
		}
		v.CreatedAt = fromMS(created)
		return v, nil
	})
	return vs, db.mapErr(err)
}

// ReviewReportTx is one change of a cycle's report in one language, in the
// transaction that holds its row ([DB.ChangeReviewReport]). Doc is the
// report as it stands; the change may set its fields, which are written
// when it returns.
type ReviewReportTx struct {
	tx  *Tx
	Doc *ReviewReport
}

// Now is the transaction's time.
func (o *ReviewReportTx) Now() time.Time { return fromMS(o.tx.db.nowMS()) }

// Version reads version n.
func (o *ReviewReportTx) Version(ctx context.Context, n int) (*ReviewReportVersion, error) {
	v, err := scanReviewReportVersion(o.tx.queryRow(ctx, `SELECT `+reviewReportVersionCols+` FROM review_report_versions
		WHERE cycle_id = ? AND lang = ? AND number = ?`, o.Doc.CycleID, o.Doc.Lang, n))
	if err != nil {
		return nil, o.tx.db.notFound(err, "version")
	}
	return v, nil
}

// AddVersion saves text as the report's next version and makes it the
// latest.
func (o *ReviewReportTx) AddVersion(ctx context.Context, text domain.OutcomeText, note, userID string) (*ReviewReportVersion, error) {
	return addReviewReportVersion(ctx, o.tx, o.Doc, text, note, userID)
}

func addReviewReportVersion(ctx context.Context, tx *Tx, d *ReviewReport, text domain.OutcomeText, note, userID string) (*ReviewReportVersion, error) {
	js, err := json.Marshal(text)
	if err != nil {
		return nil, err
	}
	now := tx.db.nowMS()
	v := &ReviewReportVersion{CycleID: d.CycleID, Lang: d.Lang, Number: d.Latest + 1, Text: text, Hash: text.Hash(), Note: note, CreatedBy: userID, CreatedAt: fromMS(now)}
	if _, err := tx.exec(ctx, `INSERT INTO review_report_versions (cycle_id, lang, number, text, hash, note, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		v.CycleID, v.Lang, v.Number, string(js), v.Hash, v.Note, v.CreatedBy, now); err != nil {
		return nil, err
	}
	d.Latest = v.Number
	return v, tx.audit(ctx, "create", "review_report_version", fmt.Sprintf("%s/%s/%d", v.CycleID, v.Lang, v.Number), "", nil,
		map[string]any{"cycle_id": v.CycleID, "lang": v.Lang, "number": v.Number, "hash": v.Hash, "note": v.Note})
}

// PutReviewReport saves text as a new version of the cycle's report in
// its language, creating the report at version 1 when it has none: what
// closing a cycle, and making the report again, do.
func (tx *Tx) PutReviewReport(ctx context.Context, cycleID string, text domain.OutcomeText, note, userID string) (*ReviewReportVersion, error) {
	d, err := scanReviewReport(tx.queryRow(ctx, `SELECT `+reviewReportCols+` FROM review_reports WHERE cycle_id = ? AND lang = ?`+tx.db.dialect.forUpdate,
		cycleID, text.Language))
	switch {
	case errors.Is(err, sql.ErrNoRows):
		now := tx.db.nowMS()
		if _, err := tx.exec(ctx, `INSERT INTO review_reports (cycle_id, lang, latest, created_at, updated_at, version) VALUES (?, ?, 0, ?, ?, 1)`,
			cycleID, text.Language, now, now); err != nil {
			return nil, err
		}
		d = &ReviewReport{CycleID: cycleID, Lang: text.Language, CreatedAt: fromMS(now), UpdatedAt: fromMS(now), Version: 1}
		if err := tx.audit(ctx, "create", "review_report", cycleID+"/"+text.Language, "", nil, d); err != nil {
			return nil, err
		}
	case err != nil:
		return nil, err
	case d.FinalVersion > 0:
		return nil, ErrReviewReportFinal
	}
	v, err := addReviewReportVersion(ctx, tx, d, text, note, userID)
	if err != nil {
		return nil, err
	}
	_, err = tx.exec(ctx, `UPDATE review_reports SET latest = ?, updated_at = ?, version = version + 1 WHERE cycle_id = ? AND lang = ?`,
		d.Latest, tx.db.nowMS(), cycleID, text.Language)
	return v, err
}

// ErrReviewReportFinal is the answer to a change of a finalised report.
var ErrReviewReportFinal = domain.Errorf(domain.ECONFLICT, "followup.error_report_final", "the review report is final and can no longer change")

// ChangeReviewReport runs change in one transaction that holds the row of
// a cycle's report in lang (ENOTFOUND when there is none), then writes its
// fields as change left them, audited as action. The row is written at
// the version read, so that two changes never both apply to the same
// state; an error from change rolls everything back.
func (db *DB) ChangeReviewReport(ctx context.Context, cycleID, lang, action string, change func(o *ReviewReportTx) error) (*ReviewReport, error) {
	var out *ReviewReport
	err := db.inTx(ctx, func(tx *Tx) error {
		before, err := scanReviewReport(tx.queryRow(ctx, `SELECT `+reviewReportCols+` FROM review_reports WHERE cycle_id = ? AND lang = ?`+db.dialect.forUpdate,
			cycleID, lang))
		if errors.Is(err, sql.ErrNoRows) {
			return domain.NotFound("review report")
		}
		if err != nil {
			return err
		}
		doc := *before
		if err := change(&ReviewReportTx{tx: tx, Doc: &doc}); err != nil {
			return err
		}
		if doc == *before {
			out = before
			return nil
		}
		now := db.nowMS()
		res, err := tx.exec(ctx, `UPDATE review_reports SET latest = ?, final_version = ?, final_hash = ?, final_by = ?, final_at = ?,
			updated_at = ?, version = version + 1 WHERE cycle_id = ? AND lang = ? AND version = ?`,
			doc.Latest, doc.FinalVersion, doc.FinalHash, doc.FinalBy, toMS(doc.FinalAt), now, cycleID, lang, before.Version)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return domain.Conflict("the review report")
		}
		doc.Version, doc.UpdatedAt = before.Version+1, fromMS(now)
		out = &doc
		return tx.audit(ctx, action, "review_report", cycleID+"/"+lang, "", before, &doc)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
