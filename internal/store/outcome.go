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

// A meeting's outcome document (docs/OUTCOME.md): its state, its versions
// (each the whole text, never changed once saved), the delegations'
// amendments and their supports, and its translations. The rules of who
// may change what, and when, are package outcome's: it makes every change
// through [DB.ChangeOutcome], in one transaction that holds the
// document's row. Triggers (migration 00013) refuse a change to a saved
// version and any new version or amendment of an adopted document, even
// from a caller that forgot to ask.

// OutcomeDocument is the state of a meeting's outcome document.
type OutcomeDocument struct {
	MeetingID string
	// Lang is the original language.
	Lang   string
	Status domain.OutcomeStatus
	// Latest is the number of the latest version (the first is 1).
	Latest int
	// Round is the number of the round of amendments open (Status open)
	// or last opened, 0 before the first; RoundVersion the version it
	// amends; Deadline when proposals close; Silence whether the round is
	// a silence procedure, and who broke silence (body, person, reason,
	// when; empty while unbroken).
	Round         int
	RoundVersion  int
	Deadline      time.Time
	Silence       bool
	SilenceBody   string
	SilenceBy     string
	SilenceReason string
	SilenceAt     time.Time
	// AdoptedVersion is the adopted version, 0 before adoption;
	// AdoptedHash its content hash as stored when it was adopted.
	AdoptedVersion int
	AdoptedHash    string
	AdoptedBy      string
	AdoptedAt      time.Time
	PublishedAt    time.Time // zero while not published
	CreatedAt      time.Time
	UpdatedAt      time.Time
	Version        int
}

// OutcomeVersion is one saved version of an outcome document.
type OutcomeVersion struct {
	MeetingID string
	Number    int
	// Text is the whole text, as stored; Hash the content hash stored
	// with it (a use case compares it with Text.Hash()).
	Text      domain.OutcomeText
	Hash      string
	Note      string // what made it: "draft", "edit", "regenerate:KEY"...
	CreatedBy string // user ID, "" for the server's own work
	CreatedAt time.Time
}

// AmendmentOp is what an amendment does to its block.
type AmendmentOp string

// The operations of an amendment.
const (
	AmendReplace     AmendmentOp = "replace"
	AmendInsertAfter AmendmentOp = "insert_after"
	AmendDelete      AmendmentOp = "delete"
)

// AmendmentStatus is where an amendment stands.
type AmendmentStatus string

// The statuses of an amendment: proposed, then withdrawn by its
// delegation, or decided: accepted, accepted with changes, rejected.
const (
	AmendmentProposed  AmendmentStatus = "proposed"
	AmendmentWithdrawn AmendmentStatus = "withdrawn"
	AmendmentAccepted  AmendmentStatus = "accepted"
	AmendmentChanged   AmendmentStatus = "accepted_with_changes"
	AmendmentRejected  AmendmentStatus = "rejected"
)

// OutcomeAmendment is a delegation's amendment to one block.
type OutcomeAmendment struct {
	ID        string
	MeetingID string
	Number    int // A1, A2... in the meeting
	Round     int
	BasedOn   int // the version it amends
	BlockID   string
	Op        AmendmentOp
	Text      string // the new text (replace, insert after)
	Lang      string
	// Justification says why, in Lang.
	Justification string
	BodyID        string // the delegation
	ProposedBy    string // user ID
	Status        AmendmentStatus
	// DecidedText is the text as accepted with changes.
	DecidedText string
	Reason      string
	DecidedBy   string
	DecidedAt   time.Time
	// AppliedIn is the version the amendment was applied in, 0 until then.
	AppliedIn int
	Supports  []OutcomeSupport
	CreatedAt time.Time
	UpdatedAt time.Time
	Version   int
}

// OutcomeSupport is a delegation's support of an amendment.
type OutcomeSupport struct {
	BodyID    string
	UserID    string
	CreatedAt time.Time
}

// TranslationStatus is how a translated block was made.
type TranslationStatus string

// The statuses of a translation.
const (
	TranslationMachine    TranslationStatus = "machine"
	TranslationTranslated TranslationStatus = "translated"
	TranslationRevised    TranslationStatus = "revised"
)

// OutcomeTranslation is one block of an outcome document in another
// language than the original.
type OutcomeTranslation struct {
	MeetingID string
	Lang      string
	// BlockID names a block, or "title", "subtitle", "heading:" and a
	// section's key.
	BlockID string
	Text    string
	Rows    [][]string // a table's cells
	Status  TranslationStatus
	// OfVersion is the version it translates; Source the digest of the
	// original it was made from.
	OfVersion int
	Source    string
	UpdatedBy string
	UpdatedAt time.Time
}

const outcomeDocCols = `meeting_id, lang, status, latest, round, round_version, deadline, silence, silence_body, silence_by, silence_reason, silence_at,
	adopted_version, adopted_hash, adopted_by, adopted_at, published_at, created_at, updated_at, version`

func scanOutcomeDoc(r scanner) (*OutcomeDocument, error) {
	d := &OutcomeDocument{}
	var status string
	var deadline, silenceAt, adoptedAt, published, created, updated int64
	if err := r.Scan(&d.MeetingID, &d.Lang, &status, &d.Latest, &d.Round, &d.RoundVersion, &deadline, &d.Silence, &d.SilenceBody, &d.SilenceBy,
		&d.SilenceReason, &silenceAt, &d.AdoptedVersion, &d.AdoptedHash, &d.AdoptedBy, &adoptedAt, &published, &created, &updated, &d.Version); err != nil {
		return nil, err
	}
	d.Status = domain.OutcomeStatus(status)
	d.Deadline, d.SilenceAt, d.AdoptedAt, d.PublishedAt = fromMS(deadline), fromMS(silenceAt), fromMS(adoptedAt), fromMS(published)
	d.CreatedAt, d.UpdatedAt = fromMS(created), fromMS(updated)
	return d, nil
}

func toMS(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}

const outcomeVersionCols = `meeting_id, number, text, hash, note, created_by, created_at`

func scanOutcomeVersion(r scanner) (*OutcomeVersion, error) {
	v := &OutcomeVersion{}
	var text string
	var created int64
	if err := r.Scan(&v.MeetingID, &v.Number, &text, &v.Hash, &v.Note, &v.CreatedBy, &created); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(text), &v.Text); err != nil {
		return nil, fmt.Errorf("store: outcome version %d: %w", v.Number, err)
	}
	v.CreatedAt = fromMS(created)
	return v, nil
}

const outcomeAmendmentCols = `id, meeting_id, number, round, based_on, block_id, op, text, lang, justification, body_id, proposed_by, status,
	decided_text, reason, decided_by, decided_at, applied_in, created_at, updated_at, version`

func scanOutcomeAmendment(r scanner) (*OutcomeAmendment, error) {
	a := &OutcomeAmendment{}
	var op, status string
	var decided, created, updated int64
	if err := r.Scan(&a.ID, &a.MeetingID, &a.Number, &a.Round, &a.BasedOn, &a.BlockID, &op, &a.Text, &a.Lang, &a.Justification, &a.BodyID,
		&a.ProposedBy, &status, &a.DecidedText, &a.Reason, &a.DecidedBy, &decided, &a.AppliedIn, &created, &updated, &a.Version); err != nil {
		return nil, err
	}
	a.Op, a.Status = AmendmentOp(op), AmendmentStatus(status)
	a.DecidedAt, a.CreatedAt, a.UpdatedAt = fromMS(decided), fromMS(created), fromMS(updated)
	return a, nil
}

// OutcomeDocument returns a meeting's outcome document; ENOTFOUND when
// none was drafted.
func (db *DB) OutcomeDocument(ctx context.Context, meetingID string) (*OutcomeDocument, error) {
	d, err := scanOutcomeDoc(db.queryRow(ctx, `SELECT `+outcomeDocCols+` FROM outcome_documents WHERE meeting_id = ?`, meetingID))
	if err != nil {
		return nil, db.notFound(err, "outcome document")
	}
	return d, nil
}

// OutcomeDocuments returns the outcome documents of the given meetings
// (all when ids is nil), by meeting ID.
func (db *DB) OutcomeDocuments(ctx context.Context, ids []string) (map[string]*OutcomeDocument, error) {
	q, args := `SELECT `+outcomeDocCols+` FROM outcome_documents`, []any{}
	if ids != nil {
		if len(ids) == 0 {
			return map[string]*OutcomeDocument{}, nil
		}
		q += ` WHERE meeting_id IN (` + placeholders(len(ids)) + `)`
		for _, id := range ids {
			args = append(args, id)
		}
	}
	rows, err := db.query(ctx, q, args...)
	ds, err := scanAll(rows, err, scanOutcomeDoc)
	if err != nil {
		return nil, db.mapErr(err)
	}
	out := make(map[string]*OutcomeDocument, len(ds))
	for _, d := range ds {
		out[d.MeetingID] = d
	}
	return out, nil
}

// AdoptedOutcomes returns the outcome documents whose adopted version has
// the given content hash, or every adopted one when hash is empty.
func (db *DB) AdoptedOutcomes(ctx context.Context, hash string) ([]*OutcomeDocument, error) {
	q, args := `SELECT `+outcomeDocCols+` FROM outcome_documents WHERE adopted_version > 0`, []any{}
	if hash != "" {
		q, args = q+` AND adopted_hash = ?`, append(args, hash)
	}
	rows, err := db.query(ctx, q+` ORDER BY meeting_id`, args...)
	ds, err := scanAll(rows, err, scanOutcomeDoc)
	return ds, db.mapErr(err)
}

// OutcomeVersion returns version n of a meeting's outcome document;
// ENOTFOUND when there is none.
func (db *DB) OutcomeVersion(ctx context.Context, meetingID string, n int) (*OutcomeVersion, error) {
	v, err := scanOutcomeVersion(db.queryRow(ctx, `SELECT `+outcomeVersionCols+` FROM outcome_versions WHERE meeting_id = ? AND number = ?`, meetingID, n))
	if err != nil {
		return nil, db.notFound(err, "version")
	}
	return v, nil
}

// OutcomeVersions lists a meeting's versions, oldest first, without their
// texts (Text is zero).
func (db *DB) OutcomeVersions(ctx context.Context, meetingID string) ([]*OutcomeVersion, error) {
	rows, err := db.query(ctx, `SELECT meeting_id, number, hash, note, created_by, created_at FROM outcome_versions WHERE meeting_id = ? ORDER BY number`, meetingID)
	vs, err := scanAll(rows, err, func(r scanner) (*OutcomeVersion, error) {
		v := &OutcomeVersion{}
		var created int64
		if err := r.Scan(&v.MeetingID, &v.Number, &v.Hash, &v.Note, &v.CreatedBy, &created); err != nil {
			return nil, err
		}
		v.CreatedAt = fromMS(created)
		return v, nil
	})
	return vs, db.mapErr(err)
}

// OutcomeAmendments returns a meeting's amendments, by number, with their
// supports.
func (db *DB) OutcomeAmendments(ctx context.Context, meetingID string) ([]*OutcomeAmendment, error) {
	return outcomeAmendments(ctx, db.query, meetingID)
}

type queryFunc func(ctx context.Context, q string, args ...any) (*sql.Rows, error)

func outcomeAmendments(ctx context.Context, query queryFunc, meetingID string) ([]*OutcomeAmendment, error) {
	rows, err := query(ctx, `SELECT `+outcomeAmendmentCols+` FROM outcome_amendments WHERE meeting_id = ? ORDER BY number`, meetingID)
	as, err := scanAll(rows, err, scanOutcomeAmendment)
	if err != nil {
		return nil, err
	}
	byID := map[string]*OutcomeAmendment{}
	for _, a := range as {
		byID[a.ID] = a
	}
	rows, err = query(ctx, `SELECT s.amendment_id, s.body_id, s.user_id, s.created_at FROM outcome_amendment_supports s
		JOIN outcome_amendments a ON a.id = s.amendment_id WHERE a.meeting_id = ? ORDER BY s.created_at, s.body_id`, meetingID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var s OutcomeSupport
		var at int64
		if err := rows.Scan(&id, &s.BodyID, &s.UserID, &at); err != nil {
			return nil, err
		}
		s.CreatedAt = fromMS(at)
		if a := byID[id]; a != nil {
			a.Supports = append(a.Supports, s)
		}
	}
	return as, rows.Err()
}

const outcomeTranslationCols = `meeting_id, lang, block_id, text, cells, status, of_version, source, updated_by, updated_at`

// OutcomeTranslations returns a meeting's translated blocks into lang, by
// block ID.
func (db *DB) OutcomeTranslations(ctx context.Context, meetingID, lang string) (map[string]*OutcomeTranslation, error) {
	rows, err := db.query(ctx, `SELECT `+outcomeTranslationCols+` FROM outcome_translations WHERE meeting_id = ? AND lang = ?`, meetingID, lang)
	ts, err := scanAll(rows, err, func(r scanner) (*OutcomeTranslation, error) {
		t := &OutcomeTranslation{}
		var cells, status string
		var at int64
		if err := r.Scan(&t.MeetingID, &t.Lang, &t.BlockID, &t.Text, &cells, &status, &t.OfVersion, &t.Source, &t.UpdatedBy, &at); err != nil {
			return nil, err
		}
		if cells != "" {
			if err := json.Unmarshal([]byte(cells), &t.Rows); err != nil {
				return nil, fmt.Errorf("store: translation cells: %w", err)
			}
		}
		t.Status, t.UpdatedAt = TranslationStatus(status), fromMS(at)
		return t, nil
	})
	if err != nil {
		return nil, db.mapErr(err)
	}
	out := make(map[string]*OutcomeTranslation, len(ts))
	for _, t := range ts {
		out[t.BlockID] = t
	}
	return out, nil
}

// OutcomeTranslationLangs lists the languages a meeting's outcome
// document has translations into, in order.
func (db *DB) OutcomeTranslationLangs(ctx context.Context, meetingID string) ([]string, error) {
	rows, err := db.query(ctx, `SELECT DISTINCT lang FROM outcome_translations WHERE meeting_id = ? ORDER BY lang`, meetingID)
	langs, err := scanAll(rows, err, func(r scanner) (string, error) {
		var l string
		return l, r.Scan(&l)
	})
	return langs, db.mapErr(err)
}

// ErrOutcomeExists is the answer to drafting a document a meeting has.
var ErrOutcomeExists = domain.Errorf(domain.ECONFLICT, "outcome.error_exists", "the meeting has an outcome document already: edit it, or regenerate a section")

// CreateOutcome stores a meeting's first version of its outcome document,
// in lang, as a draft.
func (db *DB) CreateOutcome(ctx context.Context, meetingID, lang string, text domain.OutcomeText, note, userID string) (*OutcomeDocument, *OutcomeVersion, error) {
	var d *OutcomeDocument
	var v *OutcomeVersion
	err := db.inTx(ctx, func(tx *Tx) error {
		now := db.nowMS()
		_, err := tx.exec(ctx, `INSERT INTO outcome_documents (meeting_id, lang, status, latest, created_at, updated_at, version)
			VALUES (?, ?, ?, 0, ?, ?, 1)`, meetingID, lang, string(domain.OutcomeDraft), now, now)
		if err != nil {
			if domain.ErrorCode(db.mapErr(err)) == domain.ECONFLICT {
				return ErrOutcomeExists
			}
			return err
		}
		d = &OutcomeDocument{MeetingID: meetingID, Lang: lang, Status: domain.OutcomeDraft, CreatedAt: fromMS(now), UpdatedAt: fromMS(now), Version: 1}
		o := &OutcomeTx{tx: tx, Doc: d}
		if v, err = o.AddVersion(ctx, text, note, userID); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `UPDATE outcome_documents SET latest = ? WHERE meeting_id = ?`, d.Latest, meetingID); err != nil {
			return err
		}
		return tx.audit(ctx, "create", "outcome_document", meetingID, meetingID, nil, d)
	})
	if err != nil {
		return nil, nil, err
	}
	return d, v, nil
}

// OutcomeTx is one change of a meeting's outcome document, in the
// transaction that holds the document's row ([DB.ChangeOutcome]). Doc is
// the document as it stands; the change may set its fields, which are
// written when it returns.
type OutcomeTx struct {
	tx  *Tx
	Doc *OutcomeDocument
}

// Now is the transaction's time.
func (o *OutcomeTx) Now() time.Time { return fromMS(o.tx.db.nowMS()) }

// Notify stores the notifications a change sends, in its transaction.
func (o *OutcomeTx) Notify(ctx context.Context, ns []*Notification) error {
	_, err := o.tx.addNotifications(ctx, ns)
	return err
}

// Version reads version n.
func (o *OutcomeTx) Version(ctx context.Context, n int) (*OutcomeVersion, error) {
	v, err := scanOutcomeVersion(o.tx.queryRow(ctx, `SELECT `+outcomeVersionCols+` FROM outcome_versions WHERE meeting_id = ? AND number = ?`, o.Doc.MeetingID, n))
	if err != nil {
		return nil, o.tx.db.notFound(err, "version")
	}
	return v, nil
}

// Amendments reads the document's amendments with their supports.
func (o *OutcomeTx) Amendments(ctx context.Context) ([]*OutcomeAmendment, error) {
	as, err := outcomeAmendments(ctx, o.tx.query, o.Doc.MeetingID)
	return as, o.tx.db.mapErr(err)
}

// AddVersion saves text as the document's next version (Doc.Latest + 1)
// and makes it the latest.
func (o *OutcomeTx) AddVersion(ctx context.Context, text domain.OutcomeText, note, userID string) (*OutcomeVersion, error) {
	js, err := json.Marshal(text)
	if err != nil {
		return nil, err
	}
	now := o.tx.db.nowMS()
	v := &OutcomeVersion{MeetingID: o.Doc.MeetingID, Number: o.Doc.Latest + 1, Text: text, Hash: text.Hash(), Note: note, CreatedBy: userID, CreatedAt: fromMS(now)}
	if _, err := o.tx.exec(ctx, `INSERT INTO outcome_versions (meeting_id, number, text, hash, note, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		v.MeetingID, v.Number, string(js), v.Hash, v.Note, v.CreatedBy, now); err != nil {
		return nil, err
	}
	o.Doc.Latest = v.Number
	return v, o.tx.audit(ctx, "create", "outcome_version", fmt.Sprintf("%s/%d", v.MeetingID, v.Number), v.MeetingID, nil,
		map[string]any{"number": v.Number, "hash": v.Hash, "note": v.Note})
}

// AddAmendment stores a new amendment, numbered next in the meeting.
func (o *OutcomeTx) AddAmendment(ctx context.Context, a *OutcomeAmendment) error {
	var n int
	if err := o.tx.queryRow(ctx, `SELECT COALESCE(MAX(number), 0) FROM outcome_amendments WHERE meeting_id = ?`, o.Doc.MeetingID).Scan(&n); err != nil {
		return err
	}
	now := o.tx.db.nowMS()
	a.ID, a.MeetingID, a.Number, a.Status, a.Version = NewID(), o.Doc.MeetingID, n+1, AmendmentProposed, 1
	a.CreatedAt, a.UpdatedAt = fromMS(now), fromMS(now)
	if _, err := o.tx.exec(ctx, `INSERT INTO outcome_amendments (id, meeting_id, number, round, based_on, block_id, op, text, lang, justification, body_id,
		proposed_by, status, created_at, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`,
		a.ID, a.MeetingID, a.Number, a.Round, a.BasedOn, a.BlockID, string(a.Op), a.Text, a.Lang, a.Justification, a.BodyID, a.ProposedBy,
		string(a.Status), now, now); err != nil {
		return err
	}
	return o.tx.audit(ctx, "create", "outcome_amendment", a.ID, a.MeetingID, nil, a)
}

// UpdateAmendment writes an amendment's status, decision and application
// at the version read (another is a conflict).
func (o *OutcomeTx) UpdateAmendment(ctx context.Context, before, a *OutcomeAmendment, action string) error {
	now := o.tx.db.nowMS()
	res, err := o.tx.exec(ctx, `UPDATE outcome_amendments SET status = ?, decided_text = ?, reason = ?, decided_by = ?, decided_at = ?, applied_in = ?,
		updated_at = ?, version = version + 1 WHERE id = ? AND version = ?`,
		string(a.Status), a.DecidedText, a.Reason, a.DecidedBy, toMS(a.DecidedAt), a.AppliedIn, now, a.ID, a.Version)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return domain.Conflict("the amendment")
	}
	a.Version++
	a.UpdatedAt = fromMS(now)
	return o.tx.audit(ctx, action, "outcome_amendment", a.ID, a.MeetingID, before, a)
}

// AddSupport records a delegation's support of an amendment; a second
// support by the same delegation changes nothing and returns false.
func (o *OutcomeTx) AddSupport(ctx context.Context, amendmentID string, s OutcomeSupport) (bool, error) {
	res, err := o.tx.exec(ctx, `INSERT INTO outcome_amendment_supports (amendment_id, body_id, user_id, created_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (amendment_id, body_id) DO NOTHING`, amendmentID, s.BodyID, s.UserID, o.tx.db.nowMS())
	if err != nil {
		return false, err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return false, nil
	}
	return true, o.tx.audit(ctx, "support", "outcome_amendment", amendmentID, o.Doc.MeetingID, nil, map[string]string{"body_id": s.BodyID})
}

// PutTranslations writes translated blocks, replacing those of the same
// language and block.
func (o *OutcomeTx) PutTranslations(ctx context.Context, ts []*OutcomeTranslation) error {
	now := o.tx.db.nowMS()
	for _, t := range ts {
		cells := ""
		if len(t.Rows) > 0 {
			js, err := json.Marshal(t.Rows)
			if err != nil {
				return err
			}
			cells = string(js)
		}
		t.MeetingID, t.UpdatedAt = o.Doc.MeetingID, fromMS(now)
		if _, err := o.tx.exec(ctx, `INSERT INTO outcome_translations (meeting_id, lang, block_id, text, cells, status, of_version, source, updated_by, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (meeting_id, lang, block_id) DO UPDATE SET text = excluded.text, cells = excluded.cells,
			status = excluded.status, of_version = excluded.of_version, source = excluded.source, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
			t.MeetingID, t.Lang, t.BlockID, t.Text, cells, string(t.Status), t.OfVersion, t.Source, t.UpdatedBy, now); err != nil {
			return err
		}
	}
	if len(ts) == 0 {
		return nil
	}
	blocks := make([]string, len(ts))
	for i, t := range ts {
		blocks[i] = t.BlockID
	}
	return o.tx.audit(ctx, "translate", "outcome_document", o.Doc.MeetingID, o.Doc.MeetingID, nil,
		map[string]any{"lang": ts[0].Lang, "blocks": blocks, "status": ts[0].Status, "of_version": ts[0].OfVersion})
}

// ChangeOutcome runs change in one transaction that holds the row of a
// meeting's outcome document (ENOTFOUND when none was drafted), then
// writes the document's fields as change left them, audited as action.
// The row is written at the version read in the transaction, so that two
// changes never both apply to the same state; an error from change rolls
// everything back.
func (db *DB) ChangeOutcome(ctx context.Context, meetingID, action string, change func(o *OutcomeTx) error) (*OutcomeDocument, error) {
	var out *OutcomeDocument
	err := db.inTx(ctx, func(tx *Tx) error {
		before, err := scanOutcomeDoc(tx.queryRow(ctx, `SELECT `+outcomeDocCols+` FROM outcome_documents WHERE meeting_id = ?`+db.dialect.forUpdate, meetingID))
		if errors.Is(err, sql.ErrNoRows) {
			return domain.NotFound("outcome document")
		}
		if err != nil {
			return err
		}
		doc := *before
		o := &OutcomeTx{tx: tx, Doc: &doc}
		if err := change(o); err != nil {
			return err
		}
		if doc == *before {
			out = before
			return nil
		}
		now := db.nowMS()
		res, err := tx.exec(ctx, `UPDATE outcome_documents SET status = ?, latest = ?, round = ?, round_version = ?, deadline = ?, silence = ?,
			silence_body = ?, silence_by = ?, silence_reason = ?, silence_at = ?, adopted_version = ?, adopted_hash = ?, adopted_by = ?, adopted_at = ?,
			published_at = ?, updated_at = ?, version = version + 1 WHERE meeting_id = ? AND version = ?`,
			string(doc.Status), doc.Latest, doc.Round, doc.RoundVersion, toMS(doc.Deadline), doc.Silence, doc.SilenceBody, doc.SilenceBy,
			doc.SilenceReason, toMS(doc.SilenceAt), doc.AdoptedVersion, doc.AdoptedHash, doc.AdoptedBy, toMS(doc.AdoptedAt), toMS(doc.PublishedAt),
			now, meetingID, before.Version)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return domain.Conflict("the outcome document")
		}
		doc.Version, doc.UpdatedAt = before.Version+1, fromMS(now)
		out = &doc
		return tx.audit(ctx, action, "outcome_document", meetingID, meetingID, before, &doc)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
