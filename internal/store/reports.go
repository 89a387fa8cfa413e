package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/rank"
)

// ReportStatus is where a group report stands.
type ReportStatus string

// The report statuses: a draft the rapporteur edits, then submitted, which
// freezes the group's top five with its tally.
const (
	ReportDraft     ReportStatus = "draft"
	ReportSubmitted ReportStatus = "submitted"
)

// ReportText is what a report says in one language. The texts column
// holds it as JSON per language, so that a report written before a field
// existed reads with that field empty.
type ReportText struct {
	// FollowUp describes the regional follow-up mechanisms and RCPRole the
	// role of regional consultative processes in them: the two fixed
	// questions of a part whose agenda asks none, and what reports written
	// before reports answered the agenda's questions hold.
	FollowUp string `json:"follow_up"`
	RCPRole  string `json:"rcp_role"`
	// Agreement and Disagreement are the rapporteur's account of the
	// points of general agreement and of disagreement, beside what the
	// votes show.
	Agreement    string `json:"agreement,omitempty"`
	Disagreement string `json:"disagreement,omitempty"`
	// Answers are the answers to the part's guiding questions, by the
	// agenda item's ID.
	Answers map[string]string `json:"answers,omitempty"`
}

// Empty reports whether t says nothing.
func (t ReportText) Empty() bool {
	for _, a := range t.Answers {
		if strings.TrimSpace(a) != "" {
			return false
		}
	}
	return strings.TrimSpace(t.FollowUp+t.RCPRole+t.Agreement+t.Disagreement) == ""
}

// Fixed reports whether t holds text in the fixed fields (follow-up
// mechanisms, role of RCPs).
func (t ReportText) Fixed() bool {
	return strings.TrimSpace(t.FollowUp+t.RCPRole) != ""
}

// MaxReportText is the longest a report field may be, in characters.
const MaxReportText = 20000

// Report is a breakout group's report for one session part.
type Report struct {
	ID        string
	MeetingID string
	GroupID   string
	PartID    string
	// Lang is the language the report is written in; Texts may hold
	// translations into the meeting's other languages.
	Lang        string
	Texts       map[string]ReportText
	Status      ReportStatus
	Snapshot    *ReportSnapshot // set once submitted
	SubmittedAt time.Time
	CreatedAt   time.Time
	UpdatedAt   time.Time
	Version     int
}

// Text returns the report's text in lang, else in its own language, and
// the language it is in.
func (r *Report) Text(lang string) (ReportText, string) {
	if t, ok := r.Texts[lang]; ok && !t.Empty() {
		return t, lang
	}
	return r.Texts[r.Lang], r.Lang
}

// ReportSnapshot is the ranking a submitted report froze: the method, the
// candidates as they read then, the full tally and the top five.
type ReportSnapshot struct {
	Method     rank.Method         `json:"method"`
	ScoreMin   int                 `json:"score_min"`
	ScoreMax   int                 `json:"score_max"`
	Ballots    int                 `json:"ballots"`
	Candidates []SnapshotCandidate `json:"candidates"`
	Result     *rank.Result        `json:"result"`
	Top        rank.Top            `json:"top"`
}

// SnapshotCandidate is a candidate statement as it read when the report
// was submitted.
type SnapshotCandidate struct {
	ID   string                  `json:"id"`
	Kind domain.ContributionKind `json:"kind"`
	Text string                  `json:"text"`
	Lang string                  `json:"lang"`
	// ByPartner marks a partner's statement; absent from reports
	// submitted before it was recorded.
	ByPartner bool `json:"by_partner,omitempty"`
}

// Validate checks a report's language and texts.
func (r *Report) Validate() error {
	var errs domain.Errors
	if !slices.Contains(domain.Locales, r.Lang) {
		errs = append(errs, domain.Invalid("lang", "error.locale", "must be one of %s", strings.Join(domain.Locales, ", ")))
	}
	for lang, t := range r.Texts {
		if !slices.Contains(domain.Locales, lang) {
			errs = append(errs, domain.Invalid("lang", "error.locale", "must be one of %s", strings.Join(domain.Locales, ", ")))
			continue
		}
		for _, f := range []struct {
			name string
			v    *string
		}{{"follow_up_", &t.FollowUp}, {"rcp_role_", &t.RCPRole}, {"agreement_", &t.Agreement}, {"disagreement_", &t.Disagreement}} {
			*f.v = strings.TrimSpace(*f.v)
			errs = append(errs, reportField(f.name+lang, *f.v)...)
		}
		answers := map[string]string{}
		for id, a := range t.Answers {
			if a = strings.TrimSpace(a); a != "" {
				answers[id] = a
				errs = append(errs, reportField(AnswerField(id, lang), a)...)
			}
		}
		t.Answers = nil
		if len(answers) > 0 {
			t.Answers = answers
		}
		r.Texts[lang] = t
	}
	for lang, t := range r.Texts {
		if t.Empty() {
			delete(r.Texts, lang)
		}
	}
	return errs.Err()
}

// AnswerField names the field of the answer to the question with ID id in
// lang, in forms and errors.
func AnswerField(id, lang string) string { return "answer_" + id + "_" + lang }

// reportField checks one report text: clean text (see
// [domain.CheckText]) of at most MaxReportText characters.
func reportField(name, v string) domain.Errors {
	if err := domain.CheckText(name, v); err != nil {
		return domain.Errors{err.(*domain.Error)}
	}
	if utf8.RuneCountInString(v) > MaxReportText {
		return domain.Errors{domain.Invalid(name, "error.too_long", "must be at most %d characters", MaxReportText)}
	}
	return nil
}

const reportCols = `id, meeting_id, group_id, part_id, lang, texts, status, snapshot, submitted_at, created_at, updated_at, version`

func scanReport(r scanner) (*Report, error) {
	rep := &Report{}
	var texts, status, snap string
	var submitted, created, updated int64
	if err := r.Scan(&rep.ID, &rep.MeetingID, &rep.GroupID, &rep.PartID, &rep.Lang, &texts, &status, &snap, &submitted, &created, &updated, &rep.Version); err != nil {
		return nil, err
	}
	rep.Status = ReportStatus(status)
	if err := json.Unmarshal([]byte(texts), &rep.Texts); err != nil {
		return nil, fmt.Errorf("store: report texts: %w", err)
	}
	if snap != "" {
		rep.Snapshot = &ReportSnapshot{}
		if err := json.Unmarshal([]byte(snap), rep.Snapshot); err != nil {
			return nil, fmt.Errorf("store: report snapshot: %w", err)
		}
	}
	if submitted > 0 {
		rep.SubmittedAt = fromMS(submitted)
	}
	rep.CreatedAt, rep.UpdatedAt = fromMS(created), fromMS(updated)
	return rep, nil
}

// Report returns a group's report for a part; ENOTFOUND when none was
// saved.
func (db *DB) Report(ctx context.Context, groupID, partID string) (*Report, error) {
	r, err := scanReport(db.queryRow(ctx, `SELECT `+reportCols+` FROM group_reports WHERE group_id = ? AND part_id = ?`, groupID, partID))
	if err != nil {
		return nil, db.notFound(err, "report")
	}
	return r, nil
}

// Reports returns every group report of a meeting, by group name and then
// part.
func (db *DB) Reports(ctx context.Context, meetingID string) ([]*Report, error) {
	rows, err := db.query(ctx, `SELECT `+prefixCols("r.", reportCols)+` FROM group_reports r JOIN breakout_groups g ON g.id = r.group_id
		WHERE r.meeting_id = ? ORDER BY g.name, r.part_id`, meetingID)
	rs, err := scanAll(rows, err, scanReport)
	return rs, db.mapErr(err)
}

func prefixCols(p, cols string) string {
	parts := strings.Split(cols, ", ")
	for i := range parts {
		parts[i] = p + parts[i]
	}
	return strings.Join(parts, ", ")
}

// ErrReportSubmitted is the error of a change to a submitted report.
var ErrReportSubmitted = domain.Errorf(domain.ECONFLICT, "report.error_submitted", "the report has been submitted and can no longer change")

// ErrNoReport is the error of submitting or reopening a report never saved.
var ErrNoReport = domain.Errorf(domain.ECONFLICT, "report.error_no_report", "save the report before submitting it")

// SaveReport creates a group's draft report for a part (r.Version 0) or
// updates it (r.Version the version read; another is a conflict). A
// submitted report cannot change.
func (db *DB) SaveReport(ctx context.Context, r *Report) error {
	if r.Texts == nil {
		r.Texts = map[string]ReportText{}
	}
	if err := r.Validate(); err != nil {
		return err
	}
	texts, err := json.Marshal(r.Texts)
	if err != nil {
		return err
	}
	return db.inTx(ctx, func(tx *Tx) error {
		if err := checkGroupPart(ctx, tx, r.MeetingID, r.GroupID, r.PartID); err != nil {
			return err
		}
		now := db.nowMS()
		before, err := scanReport(tx.queryRow(ctx, `SELECT `+reportCols+` FROM group_reports WHERE group_id = ? AND part_id = ?`, r.GroupID, r.PartID))
		switch {
		case domain.ErrorCode(db.notFound(err, "report")) == domain.ENOTFOUND:
			if r.Version != 0 {
				return domain.Conflict("the report")
			}
			r.ID, r.Status, r.Version = NewID(), ReportDraft, 1
			r.CreatedAt, r.UpdatedAt = fromMS(now), fromMS(now)
			if _, err := tx.exec(ctx, `INSERT INTO group_reports (id, meeting_id, group_id, part_id, lang, texts, status, created_at, updated_at, version)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`, r.ID, r.MeetingID, r.GroupID, r.PartID, r.Lang, string(texts), string(ReportDraft), now, now); err != nil {
				if domain.ErrorCode(db.mapErr(err)) == domain.ECONFLICT {
					return domain.Conflict("the report")
				}
				return err
			}
			return tx.audit(ctx, "create", "group_report", r.ID, r.MeetingID, nil, r)
		case err != nil:
			return err
		}
		if before.Status == ReportSubmitted {
			return ErrReportSubmitted
		}
		if before.Version != r.Version {
			return domain.Conflict("the report")
		}
		if _, err := tx.exec(ctx, `UPDATE group_reports SET lang = ?, texts = ?, updated_at = ?, version = version + 1 WHERE id = ?`,
			r.Lang, string(texts), now, before.ID); err != nil {
			return err
		}
		r.ID, r.Status, r.CreatedAt, r.UpdatedAt, r.Version = before.ID, before.Status, before.CreatedAt, fromMS(now), before.Version+1
		return tx.audit(ctx, "update", "group_report", r.ID, r.MeetingID, before, r)
	})
}

// SubmitReport submits a group's draft report at the version read: it
// freezes the group's ranking in the report and closes the group's ballots
// for the part. freeze counts the ranking as it stands in the transaction
// (no ballot can arrive meanwhile) and returns the snapshot to keep: the
// full tally and the top five. checks see the report as the transaction
// reads it, before anything is frozen: the first error they return is
// SubmitReport's, and nothing changes (the use case says there what a
// report must hold to be submitted). It returns ErrNoReport for a report
// never saved, ErrReportSubmitted for one submitted already, and a
// conflict for a version that is not the report's.
func (db *DB) SubmitReport(ctx context.Context, groupID, partID string, version int, freeze func(*RankingInput) (*ReportSnapshot, error), checks ...func(*Report) error) (*Report, error) {
	var out *Report
	err := db.inTx(ctx, func(tx *Tx) error {
		// Mark it first: the row lock makes ballots arriving now wait and
		// then find the ranking closed (see PutBallot).
		now := db.nowMS()
		res, err := tx.exec(ctx, `UPDATE group_reports SET status = ?, submitted_at = ?, updated_at = ?, version = version + 1
			WHERE group_id = ? AND part_id = ? AND status = ? AND version = ?`,
			string(ReportSubmitted), now, now, groupID, partID, string(ReportDraft), version)
		if err != nil {
			return err
		}
		before, err := scanReport(tx.queryRow(ctx, `SELECT `+reportCols+` FROM group_reports WHERE group_id = ? AND part_id = ?`, groupID, partID))
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNoReport
		}
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			if before.Status == ReportSubmitted {
				return ErrReportSubmitted
			}
			return domain.Conflict("the report")
		}
		for _, check := range checks {
			if err := check(before); err != nil {
				return err
			}
		}
		in, err := rankingInput(ctx, tx, before.MeetingID, groupID, partID)
		if err != nil {
			return err
		}
		snap, err := freeze(in)
		if err != nil {
			return err
		}
		js, err := json.Marshal(snap)
		if err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `UPDATE group_reports SET snapshot = ? WHERE id = ?`, string(js), before.ID); err != nil {
			return err
		}
		out = before
		out.Snapshot = snap
		if err := tx.audit(ctx, "submit", "group_report", out.ID, out.MeetingID, nil, map[string]any{"top": snap.Top, "ballots": snap.Ballots, "method": snap.Method}); err != nil {
			return err
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// ReopenReport returns a submitted report to draft at the version read,
// dropping its frozen ranking and opening the group's ballots again.
func (db *DB) ReopenReport(ctx context.Context, groupID, partID string, version int) (*Report, error) {
	var out *Report
	err := db.inTx(ctx, func(tx *Tx) error {
		before, err := scanReport(tx.queryRow(ctx, `SELECT `+reportCols+` FROM group_reports WHERE group_id = ? AND part_id = ?`, groupID, partID))
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNoReport
		}
		if err != nil {
			return err
		}
		if before.Version != version {
			return domain.Conflict("the report")
		}
		if before.Status != ReportSubmitted {
			return domain.Errorf(domain.ECONFLICT, "report.error_not_submitted", "the report is a draft already")
		}
		now := db.nowMS()
		if _, err := tx.exec(ctx, `UPDATE group_reports SET status = ?, snapshot = '', submitted_at = 0, updated_at = ?, version = version + 1 WHERE id = ?`,
			string(ReportDraft), now, before.ID); err != nil {
			return err
		}
		out = &Report{ID: before.ID, MeetingID: before.MeetingID, GroupID: groupID, PartID: partID, Lang: before.Lang, Texts: before.Texts,
			Status: ReportDraft, CreatedAt: before.CreatedAt, UpdatedAt: fromMS(now), Version: before.Version + 1}
		return tx.audit(ctx, "reopen", "group_report", out.ID, out.MeetingID, nil, nil)
	})
	return out, err
}
