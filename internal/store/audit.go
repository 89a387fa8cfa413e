package store

import (
	"context"
	"encoding/json"

	"github.com/plenary-org/plenary/internal/domain"
)

// audit appends an event for a change made in tx. before and after are
// marshalled to JSON; nil leaves them empty.
func (tx *Tx) audit(ctx context.Context, action, objType, objID, meetingID string, before, after any) error {
	return tx.auditRecord(ctx, record{}, action, objType, objID, meetingID, before, after)
}

// record says of a statement, contribution or endorsement what its audit
// events need to know: whether it was written under the non-attribution
// rule, and its author.
type record struct {
	unattributed bool
	authorID     string
}

// auditRecord is audit for a change to a record r. When r is unattributed
// the event is marked so, its snapshots keep no author, body or partner,
// and it keeps no actor when [domain.ConcealsActor] says so: what the rule
// hides is never written.
func (tx *Tx) auditRecord(ctx context.Context, r record, action, objType, objID, meetingID string, before, after any) error {
	var actorID, actorName string
	if tx.actor != nil && tx.actor.User != nil {
		actorID, actorName = tx.actor.User.ID, tx.actor.User.Name
	}
	b, err := marshalOrEmpty(before)
	if err != nil {
		return err
	}
	a, err := marshalOrEmpty(after)
	if err != nil {
		return err
	}
	if r.unattributed {
		b, a = withoutAuthor(b), withoutAuthor(a)
		if domain.ConcealsActor(objType, actorID != "" && actorID == r.authorID) {
			actorID, actorName = "", ""
		}
	}
	tx.audited = true
	now := tx.db.nowMS()
	var id int64
	err = tx.queryRow(ctx, `INSERT INTO audit_events (at, actor_id, actor_name, action, object_type, object_id, meeting_id, before_json, after_json, unattributed)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, now, actorID, actorName, action, objType, objID, meetingID, b, a, r.unattributed).Scan(&id)
	if err != nil || meetingID == "" {
		return err
	}
	return tx.notify(ctx, Event{ID: id, MeetingID: meetingID, Action: action, ObjectType: objType, ObjectID: objID, ActorName: actorName, At: fromMS(now)})
}

// notify tells live screens of e once the transaction commits.
func (tx *Tx) notify(ctx context.Context, e Event) error {
	return tx.db.dialect.notify(ctx, tx, e)
}

// notifyAfterCommit keeps e for the transaction to publish in this
// process once it has committed (SQLite: one process writes).
func notifyAfterCommit(_ context.Context, tx *Tx, e Event) error {
	tx.pending = append(tx.pending, e)
	return nil
}

// notifyPostgres sends e with pg_notify, which PostgreSQL delivers to
// every instance, this one included, when the transaction commits, and
// never if it rolls back.
func notifyPostgres(ctx context.Context, tx *Tx, e Event) error {
	_, err := tx.exec(ctx, `SELECT pg_notify(?, ?)`, eventChannel, e.payload())
	return err
}

func marshalOrEmpty(v any) (string, error) {
	if v == nil {
		return "", nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return "", err
	}
	if string(b) == "null" {
		return "", nil
	}
	return string(b), nil
}

// AuditFilter selects audit events. Zero fields match everything.
type AuditFilter struct {
	ObjectType string
	ObjectID   string
	MeetingID  string
	BeforeID   int64 // for paging: events older than this one
	Limit      int   // default 50, at most 500
}

// AuditEvents returns events matching f, newest first.
func (db *DB) AuditEvents(ctx context.Context, f AuditFilter) ([]domain.AuditEvent, error) {
	q := `SELECT id, at, actor_id, actor_name, action, object_type, object_id, meeting_id, before_json, after_json, unattributed FROM audit_events WHERE 1=1`
	var args []any
	if f.ObjectType != "" {
		q += ` AND object_type = ?`
		args = append(args, f.ObjectType)
	}
	if f.ObjectID != "" {
		q += ` AND object_id = ?`
		args = append(args, f.ObjectID)
	}
	if f.MeetingID != "" {
		q += ` AND meeting_id = ?`
		args = append(args, f.MeetingID)
	}
	if f.BeforeID > 0 {
		q += ` AND id < ?`
		args = append(args, f.BeforeID)
	}
	if f.Limit <= 0 {
		f.Limit = 50
	}
	q += ` ORDER BY id DESC LIMIT ?`
	args = append(args, min(f.Limit, 500))
	rows, err := db.query(ctx, q, args...)
	return scanAll(rows, err, func(r scanner) (domain.AuditEvent, error) {
		var e domain.AuditEvent
		var at int64
		err := r.Scan(&e.ID, &at, &e.ActorID, &e.ActorName, &e.Action, &e.ObjectType, &e.ObjectID, &e.MeetingID, &e.Before, &e.After, &e.Unattributed)
		e.At = fromMS(at)
		return e, err
	})
}
