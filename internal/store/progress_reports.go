package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strings"

	"github.com/plenary-org/plenary/internal/domain"
)

// Progress reports on commitments (docs/FOLLOW-UP.md): the owners' report
// for a period with the values of the commitment's indicators, evidence
// links and attached documents; every saved state kept as a version. Who
// may write, submit, accept or return a report is package followup's
// rule; the store writes what it is told, at the version read.

const progressReportCols = `id, commitment_id, COALESCE(cycle_id, ''), body_id, period_from, period_to, period_label, state, status, lang, narrative,
	challenges, support_needed, return_reason, created_by, submitted_by, submitted_at, reviewed_by, reviewed_at, demo, created_at, updated_at, version`

func scanProgressReport(r scanner) (*domain.ProgressReport, error) {
	p := &domain.ProgressReport{}
	var state, status string
	var submitted, reviewed, created, updated int64
	if err := r.Scan(&p.ID, &p.CommitmentID, &p.CycleID, &p.BodyID, &p.PeriodFrom, &p.PeriodTo, &p.PeriodLabel, &state, &status, &p.Lang,
		&p.Narrative, &p.Challenges, &p.SupportNeeded, &p.ReturnReason, &p.CreatedBy, &p.SubmittedBy, &submitted, &p.ReviewedBy, &reviewed,
		&p.Demo, &created, &updated, &p.Version); err != nil {
		return nil, err
	}
	p.State, p.Status = domain.ReportState(state), domain.CommitmentStatus(status)
	p.SubmittedAt, p.ReviewedAt, p.CreatedAt, p.UpdatedAt = fromMS(submitted), fromMS(reviewed), fromMS(created), fromMS(updated)
	return p, nil
}

// ProgressReport returns a report with its evidence links, attachments
// (without their content) and indicator values.
func (db *DB) ProgressReport(ctx context.Context, id string) (*domain.ProgressReport, error) {
	p, err := scanProgressReport(db.queryRow(ctx, `SELECT `+progressReportCols+` FROM progress_reports WHERE id = ?`, id))
	if err != nil {
		return nil, db.notFound(err, "progress report")
	}
	if err := reportDetails(ctx, db.query, p); err != nil {
		return nil, db.mapErr(err)
	}
	return p, nil
}

func reportDetails(ctx context.Context, query queryFunc, p *domain.ProgressReport) error {
	rows, err := query(ctx, `SELECT url FROM progress_report_links WHERE report_id = ? ORDER BY position`, p.ID)
	links, err := scanAll(rows, err, func(r scanner) (string, error) {
		var s string
		return s, r.Scan(&s)
	})
	if err != nil {
		return err
	}
	p.EvidenceLinks = links
	rows, err = query(ctx, `SELECT id, name, content_type, size, sha256, created_at FROM progress_report_attachments WHERE report_id = ? ORDER BY created_at, id`, p.ID)
	atts, err := scanAll(rows, err, func(r scanner) (domain.Attachment, error) {
		var a domain.Attachment
		var at int64
		err := r.Scan(&a.ID, &a.Name, &a.ContentType, &a.Size, &a.SHA256, &at)
		a.CreatedAt = fromMS(at)
		return a, err
	})
	if err != nil {
		return err
	}
	p.Attachments = atts
	rows, err = query(ctx, `SELECT v.indicator_id, v.value, v.on_date, v.dimension, v.category FROM indicator_values v
		JOIN indicators i ON i.id = v.indicator_id WHERE v.report_id = ? ORDER BY i.position, i.id, v.on_date, v.dimension, v.category`, p.ID)
	vals, err := scanAll(rows, err, func(r scanner) (domain.IndicatorValue, error) {
		v := domain.IndicatorValue{ReportID: p.ID}
		return v, r.Scan(&v.IndicatorID, &v.Value, &v.On, &v.Dimension, &v.Category)
	})
	p.Values = vals
	return err
}

// ReportFilter chooses progress reports. Empty fields do not filter.
type ReportFilter struct {
	CommitmentID string
	CycleID      string
	ProcessID    string
	States       []domain.ReportState
}

// ProgressReports returns the reports that f chooses, without their
// details, newest period first.
func (db *DB) ProgressReports(ctx context.Context, f ReportFilter) ([]*domain.ProgressReport, error) {
	q, args := `SELECT `+progressReportCols+` FROM progress_reports WHERE 1 = 1`, []any{}
	if f.CommitmentID != "" {
		q, args = q+` AND commitment_id = ?`, append(args, f.CommitmentID)
	}
	if f.CycleID != "" {
		q, args = q+` AND cycle_id = ?`, append(args, f.CycleID)
	}
	if f.ProcessID != "" {
		q, args = q+` AND commitment_id IN (SELECT id FROM commitments WHERE process_id = ?)`, append(args, f.ProcessID)
	}
	if len(f.States) > 0 {
		q += ` AND state IN (` + placeholders(len(f.States)) + `)`
		for _, s := range f.States {
			args = append(args, string(s))
		}
	}
	rows, err := db.query(ctx, q+` ORDER BY period_to DESC, created_at DESC, id`, args...)
	ps, err := scanAll(rows, err, scanProgressReport)
	return ps, db.mapErr(err)
}

// ProgressReportVersions lists the saved states of a report, newest first.
func (db *DB) ProgressReportVersions(ctx context.Context, id string) ([]domain.ReportVersion, error) {
	rows, err := db.query(ctx, `SELECT version, actor_id, actor_name, at, snapshot FROM progress_report_versions WHERE report_id = ? ORDER BY version DESC`, id)
	vs, err := scanAll(rows, err, func(r scanner) (domain.ReportVersion, error) {
		var v domain.ReportVersion
		var at int64
		err := r.Scan(&v.Version, &v.ActorID, &v.ActorName, &at, &v.Snapshot)
		v.At = fromMS(at)
		return v, err
	})
	return vs, db.mapErr(err)
}

// CreateProgressReport stores a new report (as r holds it, with its links
// and values) at version 1, keeps that state as its first version and
// audits it.
func (db *DB) CreateProgressReport(ctx context.Context, r *domain.ProgressReport) error {
	return db.inTx(ctx, func(tx *Tx) error {
		now := db.nowMS()
		r.ID, r.Version = NewID(), 1
		r.CreatedAt, r.UpdatedAt = fromMS(now), fromMS(now)
		if _, err := tx.exec(ctx, `INSERT INTO progress_reports (id, commitment_id, cycle_id, body_id, period_from, period_to, period_label, state, status, lang,
			narrative, challenges, support_needed, return_reason, created_by, submitted_by, submitted_at, reviewed_by, reviewed_at, demo, created_at, updated_at, version)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`,
			r.ID, r.CommitmentID, nullable(r.CycleID), r.BodyID, r.PeriodFrom, r.PeriodTo, r.PeriodLabel, string(r.State), string(r.Status), r.Lang,
			r.Narrative, r.Challenges, r.SupportNeeded, r.ReturnReason, r.CreatedBy, r.SubmittedBy, toMS(r.SubmittedAt), r.ReviewedBy, toMS(r.ReviewedAt),
			r.Demo, now, now); err != nil {
			return err
		}
		if err := tx.putReportDetails(ctx, r); err != nil {
			return err
		}
		if err := tx.keepReportVersion(ctx, r); err != nil {
			return err
		}
		return tx.audit(ctx, "create", "progress_report", r.ID, "", nil, r)
	})
}

// putReportDetails replaces a report's links and indicator values.
func (tx *Tx) putReportDetails(ctx context.Context, r *domain.ProgressReport) error {
	if _, err := tx.exec(ctx, `DELETE FROM progress_report_links WHERE report_id = ?`, r.ID); err != nil {
		return err
	}
	for i, l := range r.EvidenceLinks {
		if _, err := tx.exec(ctx, `INSERT INTO progress_report_links (report_id, position, url) VALUES (?, ?, ?)`, r.ID, i, l); err != nil {
			return err
		}
	}
	if _, err := tx.exec(ctx, `DELETE FROM indicator_values WHERE report_id = ?`, r.ID); err != nil {
		return err
	}
	for i := range r.Values {
		v := &r.Values[i]
		v.ReportID = r.ID
		if _, err := tx.exec(ctx, `INSERT INTO indicator_values (report_id, indicator_id, on_date, dimension, category, value) VALUES (?, ?, ?, ?, ?, ?)`,
			r.ID, v.IndicatorID, v.On, v.Dimension, v.Category, v.Value); err != nil {
			if domain.ErrorCode(tx.db.mapErr(err)) == domain.ECONFLICT {
				return domain.Invalid("values", "followup.error_value_twice", "an indicator has one value a date (and category): %s is given twice", v.On)
			}
			return err
		}
	}
	return nil
}

// keepReportVersion saves r as it stands as its version r.Version.
func (tx *Tx) keepReportVersion(ctx context.Context, r *domain.ProgressReport) error {
	js, err := json.Marshal(r)
	if err != nil {
		return err
	}
	var actorID, actorName string
	if tx.actor != nil && tx.actor.User != nil {
		actorID, actorName = tx.actor.User.ID, tx.actor.User.Name
	}
	_, err = tx.exec(ctx, `INSERT INTO progress_report_versions (report_id, version, actor_id, actor_name, at, snapshot) VALUES (?, ?, ?, ?, ?, ?)`,
		r.ID, r.Version, actorID, actorName, tx.db.nowMS(), string(js))
	return err
}

// ReportChange is what [DB.UpdateProgressReport] writes besides the
// report itself.
type ReportChange struct {
	// Action names the change in the audit trail: "update", "submit",
	// "accept", "return".
	Action string
	// Details rewrites the links and indicator values (an owner's edit);
	// a review step leaves them.
	Details bool
	// Status, when set, is the commitment's new status, recorded in its
	// history with Note (an accepted report's status).
	Status domain.CommitmentStatus
	Note   string
	// StatusIf, when set, makes the change of Status conditional: made
	// only while the commitment's status is still StatusIf (an undone
	// acceptance leaves a status changed since).
	StatusIf domain.CommitmentStatus
	// Notify are the notifications the change sends.
	Notify []*Notification
}

// UpdateProgressReport writes r at the version it was read (another is a
// conflict), keeps its new state as a version, and applies ch: the
// commitment's status with its history, the notifications.
func (db *DB) UpdateProgressReport(ctx context.Context, before, r *domain.ProgressReport, ch ReportChange) error {
	return db.inTx(ctx, func(tx *Tx) error {
		now := db.nowMS()
		res, err := tx.exec(ctx, `UPDATE progress_reports SET period_from = ?, period_to = ?, period_label = ?, state = ?, status = ?, lang = ?, narrative = ?,
			challenges = ?, support_needed = ?, return_reason = ?, submitted_by = ?, submitted_at = ?, reviewed_by = ?, reviewed_at = ?, body_id = ?,
			updated_at = ?, version = version + 1 WHERE id = ? AND version = ?`,
			r.PeriodFrom, r.PeriodTo, r.PeriodLabel, string(r.State), string(r.Status), r.Lang, r.Narrative, r.Challenges, r.SupportNeeded, r.ReturnReason,
			r.SubmittedBy, toMS(r.SubmittedAt), r.ReviewedBy, toMS(r.ReviewedAt), r.BodyID, now, r.ID, r.Version)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return domain.Conflict("the progress report")
		}
		r.Version++
		r.UpdatedAt = fromMS(now)
		if ch.Details {
			if err := tx.putReportDetails(ctx, r); err != nil {
				return err
			}
		}
		if err := tx.keepReportVersion(ctx, r); err != nil {
			return err
		}
		if err := tx.audit(ctx, ch.Action, "progress_report", r.ID, "", before, r); err != nil {
			return err
		}
		if ch.Status != "" && ch.StatusIf != "" {
			var now string
			if err := tx.queryRow(ctx, `SELECT status FROM commitments WHERE id = ?`+tx.db.dialect.forUpdate, r.CommitmentID).Scan(&now); err != nil {
				return tx.db.notFound(err, "commitment")
			}
			if now != string(ch.StatusIf) {
				ch.Status = ""
			}
		}
		if ch.Status != "" {
			if err := tx.setCommitmentStatus(ctx, r.CommitmentID, ch.Status, ch.Note); err != nil {
				return err
			}
		}
		_, err = tx.addNotifications(ctx, ch.Notify)
		return err
	})
}

// setCommitmentStatus changes a commitment's status and adds the change
// to its history; a commitment already in that status is left as it is.
func (tx *Tx) setCommitmentStatus(ctx context.Context, commitmentID string, to domain.CommitmentStatus, note string) error {
	var from string
	var version int
	if err := tx.queryRow(ctx, `SELECT status, version FROM commitments WHERE id = ?`+tx.db.dialect.forUpdate, commitmentID).Scan(&from, &version); err != nil {
		return tx.db.notFound(err, "commitment")
	}
	if from == string(to) {
		return nil
	}
	now := tx.db.nowMS()
	if _, err := tx.exec(ctx, `UPDATE commitments SET status = ?, updated_at = ?, version = version + 1 WHERE id = ?`, string(to), now, commitmentID); err != nil {
		return err
	}
	var actorID string
	if tx.actor != nil && tx.actor.User != nil {
		actorID = tx.actor.User.ID
	}
	if _, err := tx.exec(ctx, `INSERT INTO commitment_status_changes (commitment_id, n, from_status, to_status, at, by_id, note)
		VALUES (?, (SELECT COALESCE(MAX(n), 0) + 1 FROM commitment_status_changes WHERE commitment_id = ?), ?, ?, ?, ?, ?)`,
		commitmentID, commitmentID, from, string(to), now, actorID, note); err != nil {
		return err
	}
	return tx.audit(ctx, "status", "commitment", commitmentID, "", map[string]string{"status": from}, map[string]string{"status": string(to), "note": note})
}

// DeleteProgressReport removes a report (a draft its owners give up) at
// the version read.
func (db *DB) DeleteProgressReport(ctx context.Context, r *domain.ProgressReport) error {
	return db.inTx(ctx, func(tx *Tx) error {
		res, err := tx.exec(ctx, `DELETE FROM progress_reports WHERE id = ? AND version = ?`, r.ID, r.Version)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return domain.Conflict("the progress report")
		}
		return tx.audit(ctx, "delete", "progress_report", r.ID, "", r, nil)
	})
}

// attachmentName is the name a document is stored under: its base name,
// trimmed, at most 200 characters of one line.
func attachmentName(name string) (string, error) {
	name = strings.TrimSpace(lastPathPart(name))
	if name == "" || name == "." || name == "/" || len([]rune(name)) > 200 || domain.CheckLine("file", name) != nil {
		return "", domain.Invalid("file", "error.attachment_name", "the file needs a name of at most 200 characters")
	}
	return name, nil
}

func lastPathPart(name string) string {
	name = strings.ReplaceAll(name, `\`, "/")
	if i := strings.LastIndex(name, "/"); i >= 0 {
		return name[i+1:]
	}
	return name
}

// AddReportAttachment stores a document with a progress report, checked
// as a contribution's documents are ([SniffAttachment]); a report holds
// at most [domain.MaxAttachments]. The report must still be in the state
// r was read in (a conflict otherwise), so that a document never slips
// into a report submitted meanwhile.
func (db *DB) AddReportAttachment(ctx context.Context, r *domain.ProgressReport, name string, data []byte) (*domain.Attachment, error) {
	name, err := attachmentName(name)
	if err != nil {
		return nil, err
	}
	ct, err := SniffAttachment(name, data)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(data)
	a := &domain.Attachment{ID: NewID(), Name: name, ContentType: ct, Size: int64(len(data)), SHA256: hex.EncodeToString(sum[:])}
	err = db.inTx(ctx, func(tx *Tx) error {
		var state string
		if err := tx.queryRow(ctx, `SELECT state FROM progress_reports WHERE id = ?`+db.dialect.forUpdate, r.ID).Scan(&state); err != nil {
			return db.notFound(err, "progress report")
		}
		if state != string(r.State) {
			return domain.Conflict("the progress report")
		}
		var n int
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM progress_report_attachments WHERE report_id = ?`, r.ID).Scan(&n); err != nil {
			return err
		}
		if n >= domain.MaxAttachments {
			return domain.Invalid("file", "followup.error_attachment_count", "a progress report holds at most %d documents", domain.MaxAttachments)
		}
		now := db.nowMS()
		a.CreatedAt = fromMS(now)
		if _, err := tx.exec(ctx, `INSERT INTO progress_report_attachments (id, report_id, name, content_type, size, sha256, data, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			a.ID, r.ID, a.Name, a.ContentType, a.Size, a.SHA256, data, now); err != nil {
			return err
		}
		return tx.audit(ctx, "attach", "progress_report", r.ID, "", nil, a)
	})
	if err != nil {
		return nil, err
	}
	return a, nil
}

// ReportAttachmentData returns a report's document: its metadata, the
// report it belongs to and its content.
func (db *DB) ReportAttachmentData(ctx context.Context, id string) (*domain.Attachment, string, []byte, error) {
	a := &domain.Attachment{}
	var rid string
	var data []byte
	var at int64
	err := db.queryRow(ctx, `SELECT id, report_id, name, content_type, size, sha256, data, created_at FROM progress_report_attachments WHERE id = ?`, id).
		Scan(&a.ID, &rid, &a.Name, &a.ContentType, &a.Size, &a.SHA256, &data, &at)
	if err != nil {
		return nil, "", nil, db.notFound(err, "attachment")
	}
	a.CreatedAt = fromMS(at)
	return a, rid, data, nil
}

// DeleteReportAttachment removes a document from its report, which must
// still be in the state r was read in.
func (db *DB) DeleteReportAttachment(ctx context.Context, r *domain.ProgressReport, id string) error {
	reportID := r.ID
	return db.inTx(ctx, func(tx *Tx) error {
		var state string
		if err := tx.queryRow(ctx, `SELECT state FROM progress_reports WHERE id = ?`+db.dialect.forUpdate, reportID).Scan(&state); err != nil {
			return db.notFound(err, "progress report")
		}
		if state != string(r.State) {
			return domain.Conflict("the progress report")
		}
		a := &domain.Attachment{}
		var at int64
		err := tx.queryRow(ctx, `SELECT id, name, content_type, size, sha256, created_at FROM progress_report_attachments WHERE id = ? AND report_id = ?`, id, reportID).
			Scan(&a.ID, &a.Name, &a.ContentType, &a.Size, &a.SHA256, &at)
		if err != nil {
			return db.notFound(err, "attachment")
		}
		a.CreatedAt = fromMS(at)
		if _, err := tx.exec(ctx, `DELETE FROM progress_report_attachments WHERE id = ?`, id); err != nil {
			return err
		}
		return tx.audit(ctx, "detach", "progress_report", reportID, "", a, nil)
	})
}
