package store

import (
	"context"
	"strings"
	"time"

	"github.com/plenary-org/plenary/internal/domain"
)

const userCols = `id, email, name, locale, is_admin, disabled, created_at, version`

func scanUser(r scanner) (*domain.User, error) {
	u := &domain.User{}
	var created int64
	err := r.Scan(&u.ID, &u.Email, &u.Name, &u.Locale, &u.Admin, &u.Disabled, &created, &u.Version)
	u.CreatedAt = fromMS(created)
	return u, err
}

// CreateUser adds an account. passwordHash may be empty for an account that
// must set its password through an invitation. It returns ECONFLICT when the
// e-mail address is taken.
func (db *DB) CreateUser(ctx context.Context, u *domain.User, passwordHash string) error {
	u.Email = strings.TrimSpace(u.Email)
	u.Name = strings.TrimSpace(u.Name)
	if err := u.Validate(); err != nil {
		return err
	}
	return db.inTx(ctx, func(tx *Tx) error { return tx.createUser(ctx, u, passwordHash) })
}

func (tx *Tx) createUser(ctx context.Context, u *domain.User, passwordHash string) error {
	u.ID = NewID()
	u.Version = 1
	now := tx.db.nowMS()
	u.CreatedAt = fromMS(now)
	_, err := tx.exec(ctx, `INSERT INTO users (id, email, email_key, name, password_hash, locale, is_admin, disabled, created_at, updated_at, version)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`, u.ID, u.Email, domain.EmailKey(u.Email), u.Name, passwordHash, u.Locale, u.Admin, u.Disabled, now, now)
	if err != nil {
		if domain.ErrorCode(tx.db.mapErr(err)) == domain.ECONFLICT {
			return domain.Invalid("email", "error.email_taken", "an account with this e-mail address exists already")
		}
		return err
	}
	return tx.audit(ctx, "create", "user", u.ID, "", nil, u)
}

// UserByID returns the user with the given ID.
func (db *DB) UserByID(ctx context.Context, id string) (*domain.User, error) {
	u, err := scanUser(db.queryRow(ctx, `SELECT `+userCols+` FROM users WHERE id = ?`, id))
	if err != nil {
		return nil, db.notFound(err, "account")
	}
	return u, nil
}

// UserByEmail returns the user with the given e-mail address (compared
// without regard to case) and their password hash.
func (db *DB) UserByEmail(ctx context.Context, email string) (*domain.User, string, error) {
	var hash string
	row := db.queryRow(ctx, `SELECT `+userCols+`, password_hash FROM users WHERE email_key = ?`, domain.EmailKey(email))
	u := &domain.User{}
	var created int64
	err := row.Scan(&u.ID, &u.Email, &u.Name, &u.Locale, &u.Admin, &u.Disabled, &created, &u.Version, &hash)
	if err != nil {
		return nil, "", db.notFound(err, "account")
	}
	u.CreatedAt = fromMS(created)
	return u, hash, nil
}

// PasswordHash returns the password hash of a user.
func (db *DB) PasswordHash(ctx context.Context, userID string) (string, error) {
	var h string
	if err := db.queryRow(ctx, `SELECT password_hash FROM users WHERE id = ?`, userID).Scan(&h); err != nil {
		return "", db.notFound(err, "account")
	}
	return h, nil
}

// UserFilter selects users.
type UserFilter struct {
	Query  string // part of the name or e-mail address
	Offset int
	Limit  int
}

// Users returns users matching f ordered by name, and how many match in all.
func (db *DB) Users(ctx context.Context, f UserFilter) ([]*domain.User, int, error) {
	where := ` WHERE 1=1`
	var args []any
	if q := strings.TrimSpace(f.Query); q != "" {
		where += ` AND (LOWER(name) LIKE ? OR email_key LIKE ?)`
		like := "%" + strings.ToLower(q) + "%"
		args = append(args, like, like)
	}
	var total int
	if err := db.queryRow(ctx, `SELECT COUNT(*) FROM users`+where, args...).Scan(&total); err != nil {
		return nil, 0, db.mapErr(err)
	}
	limit := clampLimit(f.Limit)
	rows, err := db.query(ctx, `SELECT `+userCols+` FROM users`+where+` ORDER BY LOWER(name), id LIMIT ? OFFSET ?`, append(args, limit, max(f.Offset, 0))...)
	us, err := scanAll(rows, err, scanUser)
	return us, total, db.mapErr(err)
}

// CountUsers returns the number of accounts.
func (db *DB) CountUsers(ctx context.Context) (int, error) {
	var n int
	err := db.queryRow(ctx, `SELECT COUNT(*) FROM users`).Scan(&n)
	return n, db.mapErr(err)
}

// UpdateUser saves a user's name, e-mail, locale, admin and disabled flags.
// It returns ECONFLICT when u.Version is not the stored version. Disabling
// a user ends their sessions and API tokens' use.
func (db *DB) UpdateUser(ctx context.Context, u *domain.User) error {
	u.Email = strings.TrimSpace(u.Email)
	u.Name = strings.TrimSpace(u.Name)
	if err := u.Validate(); err != nil {
		return err
	}
	return db.inTx(ctx, func(tx *Tx) error {
		before, err := scanUser(tx.queryRow(ctx, `SELECT `+userCols+` FROM users WHERE id = ?`, u.ID))
		if err != nil {
			return db.notFound(err, "account")
		}
		if before.Version != u.Version {
			return domain.Conflict("this account")
		}
		_, err = tx.exec(ctx, `UPDATE users SET email = ?, email_key = ?, name = ?, locale = ?, is_admin = ?, disabled = ?, updated_at = ?, version = version + 1
			WHERE id = ?`, u.Email, domain.EmailKey(u.Email), u.Name, u.Locale, u.Admin, u.Disabled, db.nowMS(), u.ID)
		if err != nil {
			if domain.ErrorCode(db.mapErr(err)) == domain.ECONFLICT {
				return domain.Invalid("email", "error.email_taken", "an account with this e-mail address exists already")
			}
			return err
		}
		u.Version++
		if u.Disabled && !before.Disabled {
			if _, err := tx.exec(ctx, `DELETE FROM web_sessions WHERE user_id = ?`, u.ID); err != nil {
				return err
			}
		}
		tx.actorChanged(u.ID)
		return tx.audit(ctx, "update", "user", u.ID, "", before, u)
	})
}

// SetLocale saves a user's interface language without a version check:
// it is a preference, not shared content.
func (db *DB) SetLocale(ctx context.Context, userID, locale string) error {
	return db.inTx(ctx, func(tx *Tx) error {
		tx.actorChanged(userID)
		return tx.execOne(ctx, domain.NotFound("account"), `UPDATE users SET locale = ?, updated_at = ? WHERE id = ?`, locale, db.nowMS(), userID)
	})
}

// SetPasswordHash replaces a user's password hash, ends their other
// sessions (all of them when keepSessionHash is empty) and revokes all
// their API tokens, in one transaction: whoever held the old password, or
// anything made with it, is shut out.
func (db *DB) SetPasswordHash(ctx context.Context, userID, hash, keepSessionHash string) error {
	return db.inTx(ctx, func(tx *Tx) error {
		if err := tx.execOne(ctx, domain.NotFound("account"), `UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?`, hash, db.nowMS(), userID); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `DELETE FROM web_sessions WHERE user_id = ? AND token_hash <> ?`, userID, keepSessionHash); err != nil {
			return err
		}
		n, err := tx.deleteAPITokens(ctx, userID)
		if err != nil {
			return err
		}
		tx.actorChanged(userID)
		return tx.audit(ctx, "set_password", "user", userID, "", nil, map[string]int64{"api_tokens_revoked": n})
	})
}

// notFound maps sql.ErrNoRows to ENOTFOUND naming what, and other errors
// through mapErr.
func (db *DB) notFound(err error, what string) error {
	err = db.mapErr(err)
	if domain.ErrorCode(err) == domain.ENOTFOUND {
		return domain.NotFound(what)
	}
	return err
}

func clampLimit(n int) int {
	switch {
	case n <= 0:
		return 50
	case n > 500:
		return 500
	}
	return n
}

// CreateWebSession stores a login session by the hash of its token.
func (db *DB) CreateWebSession(ctx context.Context, tokenHash, userID string, ttl time.Duration) error {
	now := db.nowMS()
	return db.inTx(ctx, func(tx *Tx) error {
		_, err := tx.exec(ctx, `INSERT INTO web_sessions (token_hash, user_id, created_at, expires_at, last_seen_at) VALUES (?, ?, ?, ?, ?)`,
			tokenHash, userID, now, now+ttl.Milliseconds(), now)
		if err != nil {
			return err
		}
		// Expired sessions of anyone are removed here so the table stays small.
		_, err = tx.exec(ctx, `DELETE FROM web_sessions WHERE expires_at < ?`, now)
		return err
	})
}

// WebSessionUser returns the enabled user of an unexpired session.
func (db *DB) WebSessionUser(ctx context.Context, tokenHash string) (*domain.User, error) {
	u, err := scanUser(db.queryRow(ctx, `SELECT u.id, u.email, u.name, u.locale, u.is_admin, u.disabled, u.created_at, u.version
		FROM web_sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ? AND s.expires_at > ? AND NOT u.disabled`, tokenHash, db.nowMS()))
	if err != nil {
		return nil, db.notFound(err, "session")
	}
	return u, nil
}

// WebSessionActor returns the user of a live session with their
// memberships (as [DB.MembershipsOf] orders them), in one query: the pages
// read them for every visitor whose cached session has expired, hundreds a
// second while a plenary votes, and under load each query waits for a
// connection.
func (db *DB) WebSessionActor(ctx context.Context, tokenHash string) (*domain.User, []domain.Membership, error) {
	rows, err := db.queryKept(ctx, `SELECT u.id, u.email, u.name, u.locale, u.is_admin, u.disabled, u.created_at, u.version,
			COALESCE(ms.id, ''), COALESCE(ms.user_id, ''), COALESCE(ms.process_id, ''), COALESCE(ms.meeting_id, ''), COALESCE(ms.role, ''),
			COALESCE(ms.body_id, ''), COALESCE(ms.group_id, ''), COALESCE(ms.created_at, 0)
		FROM web_sessions s JOIN users u ON u.id = s.user_id LEFT JOIN memberships ms ON ms.user_id = u.id
		WHERE s.token_hash = ? AND s.expires_at > ? AND NOT u.disabled ORDER BY ms.created_at, ms.id`, tokenHash, db.nowMS())
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	var u *domain.User
	var ms []domain.Membership
	for rows.Next() {
		cur := &domain.User{}
		var created, mCreated int64
		var m domain.Membership
		var role string
		if err := rows.Scan(&cur.ID, &cur.Email, &cur.Name, &cur.Locale, &cur.Admin, &cur.Disabled, &created, &cur.Version,
			&m.ID, &m.UserID, &m.ProcessID, &m.MeetingID, &role, &m.BodyID, &m.GroupID, &mCreated); err != nil {
			return nil, nil, db.mapErr(err)
		}
		if u == nil {
			cur.CreatedAt = fromMS(created)
			u = cur
		}
		if m.ID != "" {
			m.Role, m.CreatedAt = domain.Role(role), fromMS(mCreated)
			ms = append(ms, m)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, nil, db.mapErr(err)
	}
	if u == nil {
		return nil, nil, domain.NotFound("session")
	}
	return u, ms, nil
}

// DeleteWebSession ends a session.
func (db *DB) DeleteWebSession(ctx context.Context, tokenHash string) error {
	return db.inTx(ctx, func(tx *Tx) error {
		_, err := tx.exec(ctx, `DELETE FROM web_sessions WHERE token_hash = ?`, tokenHash)
		return err
	})
}

// APIToken describes a personal access token for the JSON API.
type APIToken struct {
	ID         string
	Name       string
	CreatedAt  time.Time
	ExpiresAt  time.Time
	LastUsedAt time.Time
}

// CreateAPIToken stores a token by its hash.
func (db *DB) CreateAPIToken(ctx context.Context, userID, name, tokenHash string, ttl time.Duration) (*APIToken, error) {
	now := db.nowMS()
	t := &APIToken{ID: NewID(), Name: strings.TrimSpace(name), CreatedAt: fromMS(now), ExpiresAt: fromMS(now + ttl.Milliseconds())}
	if t.Name == "" {
		return nil, domain.Invalid("name", "error.required", "this field is required")
	}
	err := db.inTx(ctx, func(tx *Tx) error {
		if _, err := tx.exec(ctx, `INSERT INTO api_tokens (id, user_id, name, token_hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)`,
			t.ID, userID, t.Name, tokenHash, now, now+ttl.Milliseconds()); err != nil {
			return err
		}
		return tx.audit(ctx, "create", "api_token", t.ID, "", nil, map[string]any{"name": t.Name, "user": userID})
	})
	return t, err
}

// APITokenUser returns the enabled user of an unexpired token.
func (db *DB) APITokenUser(ctx context.Context, tokenHash string) (*domain.User, error) {
	u, err := scanUser(db.queryRow(ctx, `SELECT u.id, u.email, u.name, u.locale, u.is_admin, u.disabled, u.created_at, u.version
		FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = ? AND t.expires_at > ? AND NOT u.disabled`, tokenHash, db.nowMS()))
	if err != nil {
		return nil, db.notFound(err, "token")
	}
	return u, nil
}

// APITokens lists a user's tokens.
func (db *DB) APITokens(ctx context.Context, userID string) ([]*APIToken, error) {
	rows, err := db.query(ctx, `SELECT id, name, created_at, expires_at, last_used_at FROM api_tokens WHERE user_id = ? ORDER BY created_at DESC`, userID)
	return scanAll(rows, err, func(r scanner) (*APIToken, error) {
		t := &APIToken{}
		var c, e, l int64
		err := r.Scan(&t.ID, &t.Name, &c, &e, &l)
		t.CreatedAt, t.ExpiresAt, t.LastUsedAt = fromMS(c), fromMS(e), fromMS(l)
		return t, err
	})
}

// DeleteAPITokens revokes all of a user's tokens and returns how many
// there were.
func (db *DB) DeleteAPITokens(ctx context.Context, userID string) (int64, error) {
	var n int64
	err := db.inTx(ctx, func(tx *Tx) error {
		var err error
		if n, err = tx.deleteAPITokens(ctx, userID); err != nil || n == 0 {
			return err
		}
		return tx.audit(ctx, "revoke_tokens", "user", userID, "", nil, map[string]int64{"revoked": n})
	})
	return n, err
}

func (tx *Tx) deleteAPITokens(ctx context.Context, userID string) (int64, error) {
	res, err := tx.exec(ctx, `DELETE FROM api_tokens WHERE user_id = ?`, userID)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// DeleteAPIToken revokes one of a user's tokens.
func (db *DB) DeleteAPIToken(ctx context.Context, userID, tokenID string) error {
	return db.inTx(ctx, func(tx *Tx) error {
		if err := tx.execOne(ctx, domain.NotFound("token"), `DELETE FROM api_tokens WHERE id = ? AND user_id = ?`, tokenID, userID); err != nil {
			return err
		}
		return tx.audit(ctx, "delete", "api_token", tokenID, "", nil, nil)
	})
}
