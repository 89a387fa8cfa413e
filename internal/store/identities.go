package store

import (
	"context"
	"strings"
	"time"

	"github.com/plenary-org/plenary/internal/domain"
)

// Identity is a person at an OpenID provider (an issuer and the subject it
// names them by) linked to an account, so that signing in there signs in
// here.
type Identity struct {
	ID     string
	UserID string
	// Provider is the ID of the configured provider it was linked
	// through, for its name on the account page.
	Provider   string
	Issuer     string
	Subject    string
	Email      string // the verified address the provider gave when linked
	CreatedAt  time.Time
	LastUsedAt time.Time
}

const identityCols = `id, user_id, provider, issuer, subject, email, created_at, last_used_at`

func scanIdentity(r scanner) (*Identity, error) {
	id := &Identity{}
	var c, l int64
	err := r.Scan(&id.ID, &id.UserID, &id.Provider, &id.Issuer, &id.Subject, &id.Email, &c, &l)
	id.CreatedAt, id.LastUsedAt = fromMS(c), fromMS(l)
	return id, err
}

// errIdentityTaken answers a link of an identity that another account has.
func errIdentityTaken() error {
	return domain.Errorf(domain.ECONFLICT, "sso.identity_taken", "this identity is linked to another account already")
}

// IdentityUser returns the account an identity is linked to and the link;
// ENOTFOUND when it is linked to none.
func (db *DB) IdentityUser(ctx context.Context, issuer, subject string) (*domain.User, *Identity, error) {
	id, err := scanIdentity(db.queryRow(ctx, `SELECT `+identityCols+` FROM user_identities WHERE issuer = ? AND subject = ?`, issuer, subject))
	if err != nil {
		return nil, nil, db.notFound(err, "identity")
	}
	u, err := db.UserByID(ctx, id.UserID)
	if err != nil {
		return nil, nil, err
	}
	return u, id, nil
}

// Identities returns the identities linked to an account, oldest first.
func (db *DB) Identities(ctx context.Context, userID string) ([]*Identity, error) {
	rows, err := db.query(ctx, `SELECT `+identityCols+` FROM user_identities WHERE user_id = ? ORDER BY created_at, id`, userID)
	return scanAll(rows, err, scanIdentity)
}

// LinkIdentity links an identity to the account userID and records it in
// the account's history; ECONFLICT when the identity is another's.
func (db *DB) LinkIdentity(ctx context.Context, userID string, id *Identity) error {
	return db.inTx(ctx, func(tx *Tx) error {
		if err := tx.execOne(ctx, domain.NotFound("account"), `UPDATE users SET updated_at = updated_at WHERE id = ?`, userID); err != nil {
			return err
		}
		return tx.linkIdentity(ctx, userID, id)
	})
}

func (tx *Tx) linkIdentity(ctx context.Context, userID string, id *Identity) error {
	now := tx.db.nowMS()
	id.ID, id.UserID, id.CreatedAt, id.LastUsedAt = NewID(), userID, fromMS(now), fromMS(now)
	_, err := tx.exec(ctx, `INSERT INTO user_identities (id, user_id, provider, issuer, subject, email, created_at, last_used_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		id.ID, userID, id.Provider, id.Issuer, id.Subject, id.Email, now, now)
	if err != nil {
		if domain.ErrorCode(tx.db.mapErr(err)) == domain.ECONFLICT {
			return errIdentityTaken()
		}
		return err
	}
	return tx.audit(ctx, "link_identity", "user", userID, "", nil, identitySnapshot(id))
}

// identitySnapshot is what the history keeps of a link.
func identitySnapshot(id *Identity) map[string]string {
	return map[string]string{"provider": id.Provider, "issuer": id.Issuer, "email": id.Email}
}

// TouchIdentity records that an identity was just used to sign in.
func (db *DB) TouchIdentity(ctx context.Context, identityID string) error {
	return db.inTx(ctx, func(tx *Tx) error {
		_, err := tx.exec(ctx, `UPDATE user_identities SET last_used_at = ? WHERE id = ?`, db.nowMS(), identityID)
		return err
	})
}

// UnlinkIdentity removes one of an account's identities once allow agrees,
// in the transaction that removes it: allow is told how many identities
// the account keeps and whether it has a password, and its error (the
// last way in must stay) leaves everything as it was. ENOTFOUND when the
// identity is not the account's.
func (db *DB) UnlinkIdentity(ctx context.Context, userID, identityID string, allow func(others int, hasPassword bool) error) (*Identity, error) {
	var gone *Identity
	err := db.inTx(ctx, func(tx *Tx) error {
		id, err := scanIdentity(tx.queryRow(ctx, `SELECT `+identityCols+` FROM user_identities WHERE id = ? AND user_id = ?`, identityID, userID))
		if err != nil {
			return db.notFound(err, "identity")
		}
		var others int
		var hash string
		if err := tx.queryRow(ctx, `SELECT (SELECT COUNT(*) FROM user_identities WHERE user_id = ? AND id <> ?), password_hash FROM users WHERE id = ?`,
			userID, identityID, userID).Scan(&others, &hash); err != nil {
			return db.notFound(err, "account")
		}
		if err := allow(others, hash != ""); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `DELETE FROM user_identities WHERE id = ?`, identityID); err != nil {
			return err
		}
		gone = id
		return tx.audit(ctx, "unlink_identity", "user", userID, "", identitySnapshot(id), nil)
	})
	return gone, err
}

// CreateUserWithIdentity creates an account (without a password) for an
// identity and links it, in one transaction; with accept, it also accepts
// every open invitation to the account's e-mail address, and returns the
// roles they gave.
func (db *DB) CreateUserWithIdentity(ctx context.Context, u *domain.User, id *Identity, accept bool) ([]*domain.Membership, error) {
	u.Email, u.Name = strings.TrimSpace(u.Email), strings.TrimSpace(u.Name)
	if err := u.Validate(); err != nil {
		return nil, err
	}
	var ms []*domain.Membership
	err := db.inTx(ctx, func(tx *Tx) error {
		ms = nil
		if err := tx.createUser(ctx, u, ""); err != nil {
			return err
		}
		if err := tx.linkIdentity(ctx, u.ID, id); err != nil {
			return err
		}
		if !accept {
			return nil
		}
		rows, err := tx.query(ctx, `SELECT `+invitationCols+` FROM invitations i WHERE i.accepted_at = 0 AND i.expires_at > ? AND LOWER(i.email) = ? ORDER BY i.created_at, i.id`,
			db.nowMS(), domain.EmailKey(u.Email))
		ins, err := scanAll(rows, err, func(r scanner) (domain.Invitation, error) { return scanInvitation(r) })
		if err != nil {
			return err
		}
		for _, in := range ins {
			if domain.EmailKey(in.Email) != domain.EmailKey(u.Email) {
				continue
			}
			m := &domain.Membership{UserID: u.ID, ProcessID: in.ProcessID, MeetingID: in.MeetingID, Role: in.Role, BodyID: in.BodyID, GroupID: in.GroupID}
			if err := tx.addMembership(ctx, m); err != nil {
				return err
			}
			if _, err := tx.exec(ctx, `UPDATE invitations SET accepted_at = ?, accepted_by = ? WHERE id = ? AND accepted_at = 0`, db.nowMS(), u.ID, in.ID); err != nil {
				return err
			}
			if err := tx.audit(ctx, "accept", "invitation", in.ID, in.MeetingID, nil, map[string]string{"user": u.ID}); err != nil {
				return err
			}
			ms = append(ms, m)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return ms, nil
}

// SSOAttempt is a sign-in under way at an OpenID provider.
type SSOAttempt struct {
	Provider string
	Nonce    string
	Verifier string // the PKCE code verifier
	Next     string // the local path to go to afterwards
	// LinkUserID is the account that asked to link an identity; "" for a
	// sign-in.
	LinkUserID string
}

// CreateSSOAttempt stores a sign-in under way by the hash of its state,
// for ttl; attempts that expired are removed at the same time.
func (db *DB) CreateSSOAttempt(ctx context.Context, stateHash string, a SSOAttempt, ttl time.Duration) error {
	now := db.nowMS()
	return db.inTx(ctx, func(tx *Tx) error {
		if _, err := tx.exec(ctx, `DELETE FROM sso_attempts WHERE expires_at < ?`, now); err != nil {
			return err
		}
		_, err := tx.exec(ctx, `INSERT INTO sso_attempts (state_hash, provider, nonce, verifier, next, link_user_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			stateHash, a.Provider, a.Nonce, a.Verifier, a.Next, a.LinkUserID, now, now+ttl.Milliseconds())
		return err
	})
}

// TakeSSOAttempt returns the unexpired sign-in under way of a state and
// deletes it, so that it is used once; ENOTFOUND when there is none.
func (db *DB) TakeSSOAttempt(ctx context.Context, stateHash string) (*SSOAttempt, error) {
	var a SSOAttempt
	err := db.inTx(ctx, func(tx *Tx) error {
		var exp int64
		err := tx.queryRow(ctx, `DELETE FROM sso_attempts WHERE state_hash = ? RETURNING provider, nonce, verifier, next, link_user_id, expires_at`, stateHash).
			Scan(&a.Provider, &a.Nonce, &a.Verifier, &a.Next, &a.LinkUserID, &exp)
		if err != nil {
			return db.notFound(err, "sign-in")
		}
		if exp < db.nowMS() {
			return domain.NotFound("sign-in")
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &a, nil
}

// HasOpenInvitation reports whether an unexpired invitation not accepted
// yet is for the e-mail address.
func (db *DB) HasOpenInvitation(ctx context.Context, email string) (bool, error) {
	rows, err := db.query(ctx, `SELECT email FROM invitations WHERE accepted_at = 0 AND expires_at > ? AND LOWER(email) = ?`, db.nowMS(), domain.EmailKey(email))
	emails, err := scanAll(rows, err, func(r scanner) (string, error) {
		var e string
		return e, r.Scan(&e)
	})
	if err != nil {
		return false, db.mapErr(err)
	}
	for _, e := range emails {
		if domain.EmailKey(e) == domain.EmailKey(email) {
			return true, nil
		}
	}
	return false, nil
}
