package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/plenary-org/plenary/internal/domain"
)

// E-mail (docs/MAIL.md). The outbox holds every message to send, in the
// words and language it is sent in. The use cases add a message in the
// transaction of the fact it announces (an invitation, a password reset);
// notifications become messages when the sender reads them
// ([DB.MailNotifications]). Senders claim due messages for a while
// ([DB.ClaimMail]), so that several instances never send one twice, and
// record what happened ([DB.MarkMailSent], [DB.MarkMailFailed]).

// Outbox states.
const (
	MailPending = "pending"
	MailSent    = "sent"
	MailFailed  = "failed"
)

// MailMessage is one message of the outbox.
type MailMessage struct {
	ID string
	// Kind says what the message is for: "invitation", "password_reset",
	// "test", "digest" or a notification kind.
	Kind string
	// UserID is the recipient's account, "" for an address without one
	// (an invitation).
	UserID  string
	To      string
	Lang    string
	Subject string
	Text    string
	HTML    string
	// Headers are added to the message as they are (List-Unsubscribe).
	Headers map[string]string
	Status  string
	// Attempts counts the deliveries tried; LastError is the last one's
	// error.
	Attempts      int
	NextAttemptAt time.Time
	LastError     string
	MessageID     string
	CreatedAt     time.Time
	SentAt        time.Time
}

const mailCols = `id, kind, user_id, to_addr, lang, subject, text_body, html_body, headers, status, attempts, next_attempt_at, last_error, message_id, created_at, sent_at`

func scanMail(r scanner) (*MailMessage, error) {
	m := &MailMessage{}
	var headers string
	var next, created, sent int64
	if err := r.Scan(&m.ID, &m.Kind, &m.UserID, &m.To, &m.Lang, &m.Subject, &m.Text, &m.HTML, &headers, &m.Status, &m.Attempts, &next, &m.LastError, &m.MessageID, &created, &sent); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(headers), &m.Headers); err != nil {
		return nil, fmt.Errorf("store: mail headers: %w", err)
	}
	m.NextAttemptAt, m.CreatedAt, m.SentAt = fromMS(next), fromMS(created), fromMS(sent)
	return m, nil
}

// enqueueMail adds m to the outbox in tx, due now.
func (tx *Tx) enqueueMail(ctx context.Context, m *MailMessage) error {
	if m.To == "" || m.Subject == "" {
		return errors.New("store: a message needs a recipient and a subject")
	}
	headers := "{}"
	if len(m.Headers) > 0 {
		js, err := json.Marshal(m.Headers)
		if err != nil {
			return err
		}
		headers = string(js)
	}
	now := tx.db.nowMS()
	m.ID, m.Status, m.CreatedAt, m.NextAttemptAt = NewID(), MailPending, fromMS(now), fromMS(now)
	if m.Lang == "" {
		m.Lang = "en"
	}
	_, err := tx.exec(ctx, `INSERT INTO mail_outbox (id, kind, user_id, to_addr, lang, subject, text_body, html_body, headers, status, next_attempt_at, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, m.ID, m.Kind, m.UserID, m.To, m.Lang, m.Subject, m.Text, m.HTML, headers, MailPending, now, now)
	return err
}

// EnqueueMail adds m to the outbox, due now.
func (db *DB) EnqueueMail(ctx context.Context, m *MailMessage) error {
	return db.inTx(ctx, func(tx *Tx) error { return tx.enqueueMail(ctx, m) })
}

// ClaimMail returns at most limit messages due at now and not claimed by
// another sender, and claims them for owner until now+lease: no other
// sender takes them before, so that a message is sent once however many
// instances send. A sender that stops without saying what happened leaves
// its messages to be claimed again when the lease ends.
func (db *DB) ClaimMail(ctx context.Context, owner string, lease time.Duration, limit int) ([]*MailMessage, error) {
	var out []*MailMessage
	err := db.inTx(ctx, func(tx *Tx) error {
		now := tx.db.nowMS()
		lock := ""
		if tx.db.dialect.forUpdate != "" {
			lock = tx.db.dialect.forUpdate + " SKIP LOCKED"
		}
		rows, err := tx.query(ctx, `SELECT `+mailCols+` FROM mail_outbox WHERE status = ? AND next_attempt_at <= ? AND lease_until < ?
			ORDER BY next_attempt_at, id LIMIT ?`+lock, MailPending, now, now, limit)
		ms, err := scanAll(rows, err, scanMail)
		if err != nil {
			return err
		}
		for _, m := range ms {
			if _, err := tx.exec(ctx, `UPDATE mail_outbox SET lease_until = ?, lease_owner = ? WHERE id = ?`, now+lease.Milliseconds(), owner, m.ID); err != nil {
				return err
			}
		}
		out = ms
		return nil
	})
	return out, err
}

// MarkMailSent records that owner delivered the message id.
func (db *DB) MarkMailSent(ctx context.Context, id, owner, messageID string) error {
	return db.inTx(ctx, func(tx *Tx) error {
		now := tx.db.nowMS()
		_, err := tx.exec(ctx, `UPDATE mail_outbox SET status = ?, sent_at = ?, attempts = attempts + 1, message_id = ?, last_error = '', lease_until = 0, lease_owner = ''
			WHERE id = ? AND lease_owner = ?`, MailSent, now, messageID, id, owner)
		return err
	})
}

// MarkMailFailed records that owner's delivery of the message id failed
// with reason: to be tried again at retryAt, or, when retryAt is zero, not
// again (failed, for the administrator to see and retry).
func (db *DB) MarkMailFailed(ctx context.Context, id, owner, reason string, retryAt time.Time) error {
	return db.inTx(ctx, func(tx *Tx) error {
		status, next := MailPending, retryAt.UnixMilli()
		if retryAt.IsZero() {
			status, next = MailFailed, tx.db.nowMS()
		}
		_, err := tx.exec(ctx, `UPDATE mail_outbox SET status = ?, attempts = attempts + 1, next_attempt_at = ?, last_error = ?, lease_until = 0, lease_owner = ''
			WHERE id = ? AND lease_owner = ?`, status, next, truncate(reason, 2000), id, owner)
		return err
	})
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && (s[n]&0xC0) == 0x80 {
		n--
	}
	return s[:n]
}

// RetryMail makes a failed or pending message due now again, and audits
// it. It returns ENOTFOUND for an unknown message and EINVALID for a sent
// one.
func (db *DB) RetryMail(ctx context.Context, id string) (*MailMessage, error) {
	var m *MailMessage
	err := db.inTx(ctx, func(tx *Tx) error {
		var err error
		m, err = scanMail(tx.queryRow(ctx, `SELECT `+mailCols+` FROM mail_outbox WHERE id = ?`, id))
		if err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return domain.NotFound("message")
			}
			return err
		}
		if m.Status == MailSent {
			return domain.Invalid("id", "mail.error_sent", "this message was sent already")
		}
		if _, err := tx.exec(ctx, `UPDATE mail_outbox SET status = ?, next_attempt_at = ?, lease_until = 0, lease_owner = '' WHERE id = ?`, MailPending, tx.db.nowMS(), id); err != nil {
			return err
		}
		return tx.audit(ctx, "retry", "mail", id, "", map[string]string{"status": m.Status}, map[string]string{"status": MailPending, "to": m.To})
	})
	return m, err
}

// MailFilter chooses outbox messages.
type MailFilter struct {
	Status string // "" for every state
	Offset int
	Limit  int
}

// MailCounts counts the outbox's messages by state.
type MailCounts struct{ Pending, Sent, Failed int }

// Outbox returns the outbox's messages of f, newest first, and how many
// match in all.
func (db *DB) Outbox(ctx context.Context, f MailFilter) ([]*MailMessage, int, error) {
	where, args := "", []any{}
	if f.Status != "" {
		where, args = ` WHERE status = ?`, append(args, f.Status)
	}
	var total int
	if err := db.queryRow(ctx, `SELECT COUNT(*) FROM mail_outbox`+where, args...).Scan(&total); err != nil {
		return nil, 0, db.mapErr(err)
	}
	rows, err := db.query(ctx, `SELECT `+mailCols+` FROM mail_outbox`+where+` ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?`, append(args, clampLimit(f.Limit), max(f.Offset, 0))...)
	ms, err := scanAll(rows, err, scanMail)
	return ms, total, db.mapErr(err)
}

// OutboxCounts counts the outbox's messages by state.
func (db *DB) OutboxCounts(ctx context.Context) (MailCounts, error) {
	var c MailCounts
	rows, err := db.query(ctx, `SELECT status, COUNT(*) FROM mail_outbox GROUP BY status`)
	if err != nil {
		return c, db.mapErr(err)
	}
	defer rows.Close()
	for rows.Next() {
		var s string
		var n int
		if err := rows.Scan(&s, &n); err != nil {
			return c, err
		}
		switch s {
		case MailPending:
			c.Pending = n
		case MailSent:
			c.Sent = n
		case MailFailed:
			c.Failed = n
		}
	}
	return c, db.mapErr(rows.Err())
}

// MailMessageByID returns one outbox message.
func (db *DB) MailMessageByID(ctx context.Context, id string) (*MailMessage, error) {
	m, err := scanMail(db.queryRow(ctx, `SELECT `+mailCols+` FROM mail_outbox WHERE id = ?`, id))
	if err != nil {
		return nil, db.notFound(err, "message")
	}
	return m, nil
}

// MailNotifications marks the notifications of ids e-mailed and, when m is
// not nil, adds m to the outbox, in one transaction: only the
// notifications not marked yet count, and m is added only when one of
// them was, so that two senders reading the same notifications add one
// message. It returns whether m was added.
func (db *DB) MailNotifications(ctx context.Context, ids []string, m *MailMessage) (bool, error) {
	added := false
	err := db.inTx(ctx, func(tx *Tx) error {
		now := tx.db.nowMS()
		marked := 0
		for _, id := range ids {
			res, err := tx.exec(ctx, `UPDATE notifications SET emailed_at = ? WHERE id = ? AND emailed_at = 0`, now, id)
			if err != nil {
				return err
			}
			if k, _ := res.RowsAffected(); k == 1 {
				marked++
			}
		}
		if m == nil || marked == 0 {
			return nil
		}
		added = true
		return tx.enqueueMail(ctx, m)
	})
	return added, err
}

// Notification modes: how a person wants a kind of notification.
const (
	ModeImmediate = "immediate"
	ModeDigest    = "digest"
	ModeNever     = "never"
)

// MailPreferences returns a person's modes by kind; a kind not in the map
// is sent immediately.
func (db *DB) MailPreferences(ctx context.Context, userID string) (map[string]string, error) {
	rows, err := db.query(ctx, `SELECT kind, mode FROM mail_preferences WHERE user_id = ?`, userID)
	if err != nil {
		return nil, db.mapErr(err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var k, m string
		if err := rows.Scan(&k, &m); err != nil {
			return nil, err
		}
		out[k] = m
	}
	return out, db.mapErr(rows.Err())
}

// SetMailPreferences sets a person's modes of the kinds in modes, audited
// as the acting person's change (the person themself, or an unsubscribe
// link's holder).
func (db *DB) SetMailPreferences(ctx context.Context, userID string, modes map[string]string) error {
	return db.inTx(ctx, func(tx *Tx) error {
		now := tx.db.nowMS()
		for k, m := range modes {
			if _, err := tx.exec(ctx, `INSERT INTO mail_preferences (user_id, kind, mode, updated_at) VALUES (?, ?, ?, ?)
				ON CONFLICT (user_id, kind) DO UPDATE SET mode = excluded.mode, updated_at = excluded.updated_at`, userID, k, m, now); err != nil {
				return err
			}
		}
		return tx.audit(ctx, "set_mail_preferences", "user", userID, "", nil, modes)
	})
}

// CreatePasswordReset stores a reset link's token hash for userID, valid
// for ttl, and adds its message m to the outbox, in one transaction. It
// returns false, storing and sending nothing, when the account had max
// links made within the last window already.
func (db *DB) CreatePasswordReset(ctx context.Context, userID, tokenHash string, ttl time.Duration, max int, window time.Duration, m *MailMessage) (bool, error) {
	ok := false
	err := db.inTx(ctx, func(tx *Tx) error {
		now := tx.db.nowMS()
		var n int
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM password_resets WHERE user_id = ? AND created_at > ?`, userID, now-window.Milliseconds()).Scan(&n); err != nil {
			return err
		}
		if n >= max {
			return nil
		}
		if _, err := tx.exec(ctx, `DELETE FROM password_resets WHERE expires_at < ?`, now-window.Milliseconds()); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `INSERT INTO password_resets (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)`,
			tokenHash, userID, now, now+ttl.Milliseconds()); err != nil {
			return err
		}
		ok = true
		return tx.enqueueMail(ctx, m)
	})
	return ok, err
}

// PasswordResetUser returns the account of a reset link that is unused and
// not expired; ENOTFOUND otherwise.
func (db *DB) PasswordResetUser(ctx context.Context, tokenHash string) (string, error) {
	var id string
	err := db.queryRow(ctx, `SELECT user_id FROM password_resets WHERE token_hash = ? AND used_at = 0 AND expires_at > ?`, tokenHash, db.nowMS()).Scan(&id)
	if err != nil {
		return "", db.notFound(err, "reset")
	}
	return id, nil
}

// ResetPassword uses a reset link: it sets the account's password hash,
// ends its sessions, revokes its API tokens and every other reset link of
// the account, and audits it, in one transaction. It returns the account's
// ID, or ENOTFOUND when the link is unknown, used or expired.
func (db *DB) ResetPassword(ctx context.Context, tokenHash, passwordHash string) (string, error) {
	var userID string
	err := db.inTx(ctx, func(tx *Tx) error {
		now := tx.db.nowMS()
		if err := tx.queryRow(ctx, `SELECT user_id FROM password_resets WHERE token_hash = ? AND used_at = 0 AND expires_at > ?`+tx.db.dialect.forUpdate,
			tokenHash, now).Scan(&userID); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return domain.NotFound("reset")
			}
			return err
		}
		if _, err := tx.exec(ctx, `UPDATE password_resets SET used_at = ? WHERE user_id = ? AND used_at = 0`, now, userID); err != nil {
			return err
		}
		if err := tx.execOne(ctx, domain.NotFound("account"), `UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ? AND NOT disabled`, passwordHash, now, userID); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `DELETE FROM web_sessions WHERE user_id = ?`, userID); err != nil {
			return err
		}
		n, err := tx.deleteAPITokens(ctx, userID)
		if err != nil {
			return err
		}
		tx.actorChanged(userID)
		return tx.audit(ctx, "reset_password", "user", userID, "", nil, map[string]int64{"api_tokens_revoked": n})
	})
	return userID, err
}

// InstanceSecret returns the secret named name that every instance shares,
// making it (32 random bytes) on first use.
func (db *DB) InstanceSecret(ctx context.Context, name string) ([]byte, error) {
	var v string
	err := db.queryRow(ctx, `SELECT value FROM instance_secrets WHERE name = ?`, name).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		b := make([]byte, 32)
		rand.Read(b)
		err = db.inTx(ctx, func(tx *Tx) error {
			if _, err := tx.exec(ctx, `INSERT INTO instance_secrets (name, value, created_at) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING`,
				name, base64.RawURLEncoding.EncodeToString(b), tx.db.nowMS()); err != nil {
				return err
			}
			return tx.queryRow(ctx, `SELECT value FROM instance_secrets WHERE name = ?`, name).Scan(&v)
		})
	}
	if err != nil {
		return nil, db.mapErr(err)
	}
	return base64.RawURLEncoding.DecodeString(strings.TrimSpace(v))
}

// ClaimMailByID claims the message id for owner until now+lease when it
// is pending and not claimed by another sender (ENOTFOUND otherwise): a
// sender that must deliver one message now (`plenary mail test`).
func (db *DB) ClaimMailByID(ctx context.Context, owner string, lease time.Duration, id string) (*MailMessage, error) {
	var m *MailMessage
	err := db.inTx(ctx, func(tx *Tx) error {
		now := tx.db.nowMS()
		res, err := tx.exec(ctx, `UPDATE mail_outbox SET lease_until = ?, lease_owner = ? WHERE id = ? AND status = ? AND lease_until < ?`,
			now+lease.Milliseconds(), owner, id, MailPending, now)
		if err != nil {
			return err
		}
		if k, _ := res.RowsAffected(); k != 1 {
			return domain.NotFound("message")
		}
		m, err = scanMail(tx.queryRow(ctx, `SELECT `+mailCols+` FROM mail_outbox WHERE id = ?`, id))
		return err
	})
	return m, err
}
