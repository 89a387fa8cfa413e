package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"
)

// Notifications are what the product tells a person: the list on their
// account page now, and the messages an e-mail sender will send once
// e-mail exists (docs/FOLLOW-UP.md). A notification holds facts, not
// words: its kind and Params make its message in the reader's language
// when it is shown or sent. Dedupe makes a reminder once per person and
// occasion, however often the reminders are swept.

// Notification is one thing the product tells a person.
type Notification struct {
	ID     string
	UserID string
	// Kind says what happened: "report_due", "report_overdue",
	// "report_returned", "report_accepted".
	Kind string
	// Dedupe is unique per person: a second notification with the same
	// key is not added.
	Dedupe     string
	ProcessID  string
	ObjectType string
	ObjectID   string
	// Params are the facts the message is made of ("commitment": a
	// title, "days": a count, "reason": a text, "due": a date).
	Params map[string]string
	// Link is the page it is about, a path ("/reports/ID").
	Link      string
	CreatedAt time.Time
	// ReadAt is when the person marked it read, zero while unread;
	// EmailedAt when an e-mail sender sent it, zero until then.
	ReadAt    time.Time
	EmailedAt time.Time
}

const notificationCols = `id, user_id, kind, dedupe, process_id, object_type, object_id, params, link, created_at, read_at, emailed_at`

func scanNotification(r scanner) (*Notification, error) {
	n := &Notification{}
	var params string
	var created, read, emailed int64
	if err := r.Scan(&n.ID, &n.UserID, &n.Kind, &n.Dedupe, &n.ProcessID, &n.ObjectType, &n.ObjectID, &params, &n.Link, &created, &read, &emailed); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(params), &n.Params); err != nil {
		return nil, fmt.Errorf("store: notification params: %w", err)
	}
	n.CreatedAt, n.ReadAt, n.EmailedAt = fromMS(created), fromMS(read), fromMS(emailed)
	return n, nil
}

// addNotifications stores ns in tx, leaving out each whose person has one
// with the same dedupe key already; it returns how many were added.
func (tx *Tx) addNotifications(ctx context.Context, ns []*Notification) (int, error) {
	added := 0
	for _, n := range ns {
		params := "{}"
		if len(n.Params) > 0 {
			js, err := json.Marshal(n.Params)
			if err != nil {
				return added, err
			}
			params = string(js)
		}
		n.ID = NewID()
		now := tx.db.nowMS()
		n.CreatedAt = fromMS(now)
		res, err := tx.exec(ctx, `INSERT INTO notifications (id, user_id, kind, dedupe, process_id, object_type, object_id, params, link, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (user_id, dedupe) DO NOTHING`,
			n.ID, n.UserID, n.Kind, n.Dedupe, n.ProcessID, n.ObjectType, n.ObjectID, params, n.Link, now)
		if err != nil {
			return added, err
		}
		if k, _ := res.RowsAffected(); k == 1 {
			added++
		}
	}
	return added, nil
}

// AddNotifications stores ns (see [Tx.addNotifications]) in one
// transaction and returns how many were new. Notifications are the
// system's own messages: they are not audited, the change that made them
// is.
func (db *DB) AddNotifications(ctx context.Context, ns []*Notification) (int, error) {
	var added int
	err := db.inTx(ctx, func(tx *Tx) error {
		var err error
		added, err = tx.addNotifications(ctx, ns)
		return err
	})
	return added, err
}

// NotificationFilter chooses a person's notifications.
type NotificationFilter struct {
	UserID     string
	UnreadOnly bool
	Limit      int // 0 for 100
}

// Notifications returns a person's notifications, newest first.
func (db *DB) Notifications(ctx context.Context, f NotificationFilter) ([]*Notification, error) {
	q := `SELECT ` + notificationCols + ` FROM notifications WHERE user_id = ?`
	if f.UnreadOnly {
		q += ` AND read_at = 0`
	}
	if f.Limit <= 0 {
		f.Limit = 100
	}
	rows, err := db.query(ctx, q+` ORDER BY created_at DESC, id DESC LIMIT ?`, f.UserID, f.Limit)
	ns, err := scanAll(rows, err, scanNotification)
	return ns, db.mapErr(err)
}

// UnreadNotifications counts a person's unread notifications.
func (db *DB) UnreadNotifications(ctx context.Context, userID string) (int, error) {
	var n int
	err := db.queryRow(ctx, `SELECT COUNT(*) FROM notifications WHERE user_id = ? AND read_at = 0`, userID).Scan(&n)
	return n, db.mapErr(err)
}

// MarkNotificationsRead marks a person's notifications read: those of ids,
// or all of them when ids is empty. Another person's IDs change nothing.
func (db *DB) MarkNotificationsRead(ctx context.Context, userID string, ids []string) (int, error) {
	var n int64
	err := db.inTx(ctx, func(tx *Tx) error {
		q, args := `UPDATE notifications SET read_at = ? WHERE user_id = ? AND read_at = 0`, []any{tx.db.nowMS(), userID}
		if len(ids) > 0 {
			q += ` AND id IN (` + placeholders(len(ids)) + `)`
			for _, id := range ids {
				args = append(args, id)
			}
		}
		res, err := tx.exec(ctx, q, args...)
		if err != nil {
			return err
		}
		n, _ = res.RowsAffected()
		return nil
	})
	return int(n), err
}

// UnsentNotifications returns notifications no e-mail was sent for,
// oldest first, at most limit: what an e-mail sender reads, then marks
// with [DB.MarkNotificationsEmailed].
func (db *DB) UnsentNotifications(ctx context.Context, limit int) ([]*Notification, error) {
	rows, err := db.query(ctx, `SELECT `+notificationCols+` FROM notifications WHERE emailed_at = 0 ORDER BY created_at, id LIMIT ?`, limit)
	ns, err := scanAll(rows, err, scanNotification)
	return ns, db.mapErr(err)
}

// MarkNotificationsEmailed records that the notifications of ids were
// sent by e-mail.
func (db *DB) MarkNotificationsEmailed(ctx context.Context, ids []string) error {
	if len(ids) == 0 {
		return nil
	}
	return db.inTx(ctx, func(tx *Tx) error {
		args := []any{tx.db.nowMS()}
		for _, id := range ids {
			args = append(args, id)
		}
		_, err := tx.exec(ctx, `UPDATE notifications SET emailed_at = ? WHERE emailed_at = 0 AND id IN (`+placeholders(len(ids))+`)`, args...)
		return err
	})
}

// UnsentNotificationsAfter returns at most limit notifications no e-mail
// was sent for whose IDs sort after after ("" for the first), in the
// order of their IDs (the order they were made): the pages an e-mail
// sender reads, some of which wait for a digest.
func (db *DB) UnsentNotificationsAfter(ctx context.Context, after string, limit int) ([]*Notification, error) {
	rows, err := db.query(ctx, `SELECT `+notificationCols+` FROM notifications WHERE emailed_at = 0 AND id > ? ORDER BY id LIMIT ?`, after, limit)
	ns, err := scanAll(rows, err, scanNotification)
	return ns, db.mapErr(err)
}
