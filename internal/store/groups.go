package store

import (
	"context"
	"strings"
	"time"

	"github.com/plenary-org/plenary/internal/domain"
)

const groupCols = `id, meeting_id, name, region, region_id, version`

func scanGroup(r scanner) (*domain.Group, error) {
	g := &domain.Group{}
	return g, r.Scan(&g.ID, &g.MeetingID, &g.Name, &g.Region, &g.RegionID, &g.Version)
}

// Groups returns a meeting's breakout groups by name.
func (db *DB) Groups(ctx context.Context, meetingID string) ([]*domain.Group, error) {
	rows, err := db.query(ctx, `SELECT `+groupCols+` FROM breakout_groups WHERE meeting_id = ? ORDER BY LOWER(name), id`, meetingID)
	gs, err := scanAll(rows, err, scanGroup)
	return gs, db.mapErr(err)
}

// Group returns one breakout group.
func (db *DB) Group(ctx context.Context, id string) (*domain.Group, error) {
	g, err := scanGroup(db.queryRow(ctx, `SELECT `+groupCols+` FROM breakout_groups WHERE id = ?`, id))
	if err != nil {
		return nil, db.notFound(err, "breakout group")
	}
	return g, nil
}

// CreateGroup adds a breakout group; a name taken in the meeting gives
// EINVALID on "name".
func (db *DB) CreateGroup(ctx context.Context, g *domain.Group) error {
	if err := g.Validate(); err != nil {
		return err
	}
	return db.inTx(ctx, func(tx *Tx) error { return tx.createGroup(ctx, g) })
}

func (tx *Tx) createGroup(ctx context.Context, g *domain.Group) error {
	now := tx.db.nowMS()
	g.ID, g.Version = NewID(), 1
	var err error
	if g.RegionID, g.Region, err = tx.regionOf(ctx, "region", g.RegionID, g.Region); err != nil {
		return err
	}
	if _, err := tx.exec(ctx, `INSERT INTO breakout_groups (id, meeting_id, name, region, region_id, created_at, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, 1)`,
		g.ID, g.MeetingID, g.Name, g.Region, g.RegionID, now, now); err != nil {
		if domain.ErrorCode(tx.db.mapErr(err)) == domain.ECONFLICT {
			return domain.Invalid("name", "error.name_taken", "a group with this name exists already in this meeting")
		}
		return err
	}
	return tx.audit(ctx, "create", "group", g.ID, g.MeetingID, nil, g)
}

// UpdateGroup saves a group's name and region; ECONFLICT when stale.
func (db *DB) UpdateGroup(ctx context.Context, g *domain.Group) error {
	if err := g.Validate(); err != nil {
		return err
	}
	return db.inTx(ctx, func(tx *Tx) error {
		before, err := scanGroup(tx.queryRow(ctx, `SELECT `+groupCols+` FROM breakout_groups WHERE id = ?`, g.ID))
		if err != nil {
			return db.notFound(err, "breakout group")
		}
		if before.Version != g.Version {
			return domain.Conflict("this group")
		}
		if g.RegionID == before.RegionID && g.Region != "" && g.Region != before.Region {
			g.RegionID = "" // the text changed: it says which region
		}
		if g.RegionID, g.Region, err = tx.regionOf(ctx, "region", g.RegionID, g.Region); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `UPDATE breakout_groups SET name = ?, region = ?, region_id = ?, updated_at = ?, version = version + 1 WHERE id = ?`,
			g.Name, g.Region, g.RegionID, db.nowMS(), g.ID); err != nil {
			if domain.ErrorCode(db.mapErr(err)) == domain.ECONFLICT {
				return domain.Invalid("name", "error.name_taken", "a group with this name exists already in this meeting")
			}
			return err
		}
		g.MeetingID = before.MeetingID
		g.Version++
		return tx.audit(ctx, "update", "group", g.ID, g.MeetingID, before, g)
	})
}

// DeleteGroup removes a group; its members keep their meeting role.
func (db *DB) DeleteGroup(ctx context.Context, id string) error {
	return db.inTx(ctx, func(tx *Tx) error {
		before, err := scanGroup(tx.queryRow(ctx, `SELECT `+groupCols+` FROM breakout_groups WHERE id = ?`, id))
		if err != nil {
			return db.notFound(err, "breakout group")
		}
		if _, err := tx.exec(ctx, `DELETE FROM memberships WHERE group_id = ? AND role = ?`, id, string(domain.RoleRapporteur)); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `DELETE FROM breakout_groups WHERE id = ?`, id); err != nil {
			return err
		}
		tx.actorChanged("") // its members' memberships lose the group
		if err := tx.deleteTextsOf(ctx, domain.TextGroup, id); err != nil {
			return err
		}
		return tx.audit(ctx, "delete", "group", id, before.MeetingID, before, nil)
	})
}

// MemberView is a membership with the names a page shows.
type MemberView struct {
	domain.Membership
	UserName  string
	UserEmail string
	BodyName  string
	GroupName string
}

// membershipCols are a membership's columns as scanMembership reads them;
// WebSessionActor reads the same through a LEFT JOIN (each one COALESCEd):
// a column added here goes there too.
const membershipCols = `ms.id, ms.user_id, ms.process_id, COALESCE(ms.meeting_id, ''), ms.role, COALESCE(ms.body_id, ''), COALESCE(ms.group_id, ''), ms.created_at`

func scanMembership(r scanner, extra ...any) (domain.Membership, error) {
	var m domain.Membership
	var role string
	var c int64
	err := r.Scan(append([]any{&m.ID, &m.UserID, &m.ProcessID, &m.MeetingID, &role, &m.BodyID, &m.GroupID, &c}, extra...)...)
	m.Role, m.CreatedAt = domain.Role(role), fromMS(c)
	return m, err
}

// MembershipsOf returns every membership of a user.
func (db *DB) MembershipsOf(ctx context.Context, userID string) ([]domain.Membership, error) {
	rows, err := db.query(ctx, `SELECT `+membershipCols+` FROM memberships ms WHERE ms.user_id = ? ORDER BY ms.created_at, ms.id`, userID)
	ms, err := scanAll(rows, err, func(r scanner) (domain.Membership, error) { return scanMembership(r) })
	return ms, db.mapErr(err)
}

// Members returns the memberships of a process at process level
// (meetingID "") or of one meeting, with names, ordered by user name.
func (db *DB) Members(ctx context.Context, processID, meetingID string) ([]MemberView, error) {
	q := `SELECT ` + membershipCols + `, u.name, u.email, COALESCE(b.name, ''), COALESCE(g.name, '')
		FROM memberships ms JOIN users u ON u.id = ms.user_id
		LEFT JOIN bodies b ON b.id = ms.body_id LEFT JOIN breakout_groups g ON g.id = ms.group_id
		WHERE ms.process_id = ? AND COALESCE(ms.meeting_id, '') = ? ORDER BY LOWER(u.name), ms.role`
	rows, err := db.query(ctx, q, processID, meetingID)
	ms, err := scanAll(rows, err, func(r scanner) (MemberView, error) {
		var v MemberView
		m, err := scanMembership(r, &v.UserName, &v.UserEmail, &v.BodyName, &v.GroupName)
		v.Membership = m
		return v, err
	})
	return ms, db.mapErr(err)
}

// Membership returns one membership.
func (db *DB) Membership(ctx context.Context, id string) (*domain.Membership, error) {
	m, err := scanMembership(db.queryRow(ctx, `SELECT `+membershipCols+` FROM memberships ms WHERE ms.id = ?`, id))
	if err != nil {
		return nil, db.notFound(err, "membership")
	}
	return &m, nil
}

// AddMembership gives a user a role. The group and meeting must belong to
// the process. A user holding the role already in that scope gets EINVALID.
func (db *DB) AddMembership(ctx context.Context, m *domain.Membership) error {
	if err := m.Validate(); err != nil {
		return err
	}
	return db.inTx(ctx, func(tx *Tx) error { return tx.addMembership(ctx, m) })
}

func (tx *Tx) addMembership(ctx context.Context, m *domain.Membership) error {
	if m.MeetingID != "" {
		var pid string
		if err := tx.queryRow(ctx, `SELECT process_id FROM meetings WHERE id = ?`, m.MeetingID).Scan(&pid); err != nil || pid != m.ProcessID {
			return domain.Invalid("meeting", "error.bad_container", "the meeting is not in this process")
		}
	}
	if m.GroupID != "" {
		var mid string
		if err := tx.queryRow(ctx, `SELECT meeting_id FROM breakout_groups WHERE id = ?`, m.GroupID).Scan(&mid); err != nil || mid != m.MeetingID {
			return domain.Invalid("group", "error.bad_container", "the group is not in this meeting")
		}
	}
	if m.BodyID != "" {
		var n int
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM bodies WHERE id = ?`, m.BodyID).Scan(&n); err != nil || n == 0 {
			return domain.Invalid("body", "error.unknown_body", "choose a body from the list")
		}
	}
	m.ID = NewID()
	now := tx.db.nowMS()
	m.CreatedAt = fromMS(now)
	_, err := tx.exec(ctx, `INSERT INTO memberships (id, user_id, process_id, meeting_id, role, body_id, group_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		m.ID, m.UserID, m.ProcessID, nullable(m.MeetingID), string(m.Role), nullable(m.BodyID), nullable(m.GroupID), now)
	if err != nil {
		if domain.ErrorCode(tx.db.mapErr(err)) == domain.ECONFLICT {
			return domain.Invalid("role", "error.role_taken", "this person has this role here already")
		}
		return err
	}
	tx.actorChanged(m.UserID)
	return tx.audit(ctx, "create", "membership", m.ID, m.MeetingID, nil, m)
}

// RemoveMembership takes a role away.
func (db *DB) RemoveMembership(ctx context.Context, id string) error {
	return db.inTx(ctx, func(tx *Tx) error {
		before, err := scanMembership(tx.queryRow(ctx, `SELECT `+membershipCols+` FROM memberships ms WHERE ms.id = ?`, id))
		if err != nil {
			return db.notFound(err, "membership")
		}
		if _, err := tx.exec(ctx, `DELETE FROM memberships WHERE id = ?`, id); err != nil {
			return err
		}
		tx.actorChanged(before.UserID)
		return tx.audit(ctx, "delete", "membership", id, before.MeetingID, before, nil)
	})
}

// SetMemberGroup moves a meeting membership into a breakout group, or out
// of any group with groupID "".
func (db *DB) SetMemberGroup(ctx context.Context, membershipID, groupID string) error {
	return db.inTx(ctx, func(tx *Tx) error {
		before, err := scanMembership(tx.queryRow(ctx, `SELECT `+membershipCols+` FROM memberships ms WHERE ms.id = ?`, membershipID))
		if err != nil {
			return db.notFound(err, "membership")
		}
		if groupID != "" {
			var mid string
			if err := tx.queryRow(ctx, `SELECT meeting_id FROM breakout_groups WHERE id = ?`, groupID).Scan(&mid); err != nil || mid != before.MeetingID {
				return domain.Invalid("group", "error.bad_container", "the group is not in this meeting")
			}
		} else if before.Role == domain.RoleRapporteur {
			return domain.Invalid("group", "error.rapporteur_group", "a rapporteur needs a breakout group")
		}
		if _, err := tx.exec(ctx, `UPDATE memberships SET group_id = ? WHERE id = ?`, nullable(groupID), membershipID); err != nil {
			return err
		}
		tx.actorChanged(before.UserID)
		after := before
		after.GroupID = groupID
		return tx.audit(ctx, "update", "membership", membershipID, before.MeetingID, before, after)
	})
}

// InvitationView is an invitation with the names a page shows.
type InvitationView struct {
	domain.Invitation
	BodyName  string
	GroupName string
}

const invitationCols = `i.id, i.email, i.process_id, COALESCE(i.meeting_id, ''), i.role, COALESCE(i.body_id, ''), COALESCE(i.group_id, ''), i.created_by, i.created_at, i.expires_at, i.accepted_at`

func scanInvitation(r scanner, extra ...any) (domain.Invitation, error) {
	var in domain.Invitation
	var role string
	var c, e, a int64
	err := r.Scan(append([]any{&in.ID, &in.Email, &in.ProcessID, &in.MeetingID, &role, &in.BodyID, &in.GroupID, &in.CreatedBy, &c, &e, &a}, extra...)...)
	in.Role, in.CreatedAt, in.ExpiresAt, in.AcceptedAt = domain.Role(role), fromMS(c), fromMS(e), fromMS(a)
	return in, err
}

// CreateInvitation stores an invitation by the hash of its secret token.
func (db *DB) CreateInvitation(ctx context.Context, in *domain.Invitation, tokenHash string, ttl time.Duration) error {
	return db.CreateInvitationMail(ctx, in, tokenHash, ttl, nil)
}

// CreateInvitationMail is [DB.CreateInvitation] that also adds mail, the
// invitation's e-mail, to the outbox in the same transaction (none when
// mail is nil).
func (db *DB) CreateInvitationMail(ctx context.Context, in *domain.Invitation, tokenHash string, ttl time.Duration, mail *MailMessage) error {
	in.Email = strings.TrimSpace(in.Email)
	u := domain.User{Email: in.Email, Name: "x"}
	if err := u.Validate(); err != nil {
		return err
	}
	m := domain.Membership{Role: in.Role, ProcessID: in.ProcessID, MeetingID: in.MeetingID, BodyID: in.BodyID, GroupID: in.GroupID}
	if err := m.Validate(); err != nil {
		return err
	}
	if ttl <= 0 || ttl > 90*24*time.Hour {
		return domain.Invalid("expires", "error.expiry", "an invitation lasts from 1 to 90 days")
	}
	now := db.nowMS()
	in.ID, in.CreatedAt, in.ExpiresAt = NewID(), fromMS(now), fromMS(now+ttl.Milliseconds())
	return db.inTx(ctx, func(tx *Tx) error {
		if _, err := tx.exec(ctx, `INSERT INTO invitations (id, token_hash, email, process_id, meeting_id, role, body_id, group_id, created_by, created_at, expires_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, in.ID, tokenHash, in.Email, in.ProcessID, nullable(in.MeetingID), string(in.Role),
			nullable(in.BodyID), nullable(in.GroupID), in.CreatedBy, now, now+ttl.Milliseconds()); err != nil {
			return err
		}
		if mail != nil {
			if err := tx.enqueueMail(ctx, mail); err != nil {
				return err
			}
		}
		return tx.audit(ctx, "create", "invitation", in.ID, in.MeetingID, nil, in)
	})
}

// Invitations lists the open and accepted invitations of a process level
// or meeting, newest first.
func (db *DB) Invitations(ctx context.Context, processID, meetingID string) ([]InvitationView, error) {
	rows, err := db.query(ctx, `SELECT `+invitationCols+`, COALESCE(b.name, ''), COALESCE(g.name, '') FROM invitations i
		LEFT JOIN bodies b ON b.id = i.body_id LEFT JOIN breakout_groups g ON g.id = i.group_id
		WHERE i.process_id = ? AND COALESCE(i.meeting_id, '') = ? ORDER BY i.created_at DESC`, processID, meetingID)
	vs, err := scanAll(rows, err, func(r scanner) (InvitationView, error) {
		var v InvitationView
		in, err := scanInvitation(r, &v.BodyName, &v.GroupName)
		v.Invitation = in
		return v, err
	})
	return vs, db.mapErr(err)
}

// InvitationByToken returns an open, unexpired invitation by its token hash.
func (db *DB) InvitationByToken(ctx context.Context, tokenHash string) (*domain.Invitation, error) {
	in, err := scanInvitation(db.queryRow(ctx, `SELECT `+invitationCols+` FROM invitations i WHERE i.token_hash = ? AND i.accepted_at = 0 AND i.expires_at > ?`, tokenHash, db.nowMS()))
	if err != nil {
		return nil, db.notFound(err, "invitation")
	}
	return &in, nil
}

// AcceptInvitation gives the invited role to an existing user, or creates
// the account (newUser with its password hash) first, in one transaction,
// and returns the user and their new membership. The invitation can be
// used once. Who may accept it is for the caller to decide.
func (db *DB) AcceptInvitation(ctx context.Context, tokenHash string, userID string, newUser *domain.User, passwordHash string) (*domain.User, *domain.Membership, error) {
	var user *domain.User
	var m *domain.Membership
	err := db.inTx(ctx, func(tx *Tx) error {
		in, err := scanInvitation(tx.queryRow(ctx, `SELECT `+invitationCols+` FROM invitations i WHERE i.token_hash = ? AND i.accepted_at = 0 AND i.expires_at > ?`, tokenHash, db.nowMS()))
		if err != nil {
			return db.notFound(err, "invitation")
		}
		if newUser != nil {
			if err := newUser.Validate(); err != nil {
				return err
			}
			if err := tx.createUser(ctx, newUser, passwordHash); err != nil {
				return err
			}
			user = newUser
		} else {
			user, err = scanUser(tx.queryRow(ctx, `SELECT `+userCols+` FROM users WHERE id = ?`, userID))
			if err != nil {
				return db.notFound(err, "account")
			}
		}
		m = &domain.Membership{UserID: user.ID, ProcessID: in.ProcessID, MeetingID: in.MeetingID, Role: in.Role, BodyID: in.BodyID, GroupID: in.GroupID}
		if err := tx.addMembership(ctx, m); err != nil {
			return err
		}
		if err := tx.execOne(ctx, domain.NotFound("invitation"), `UPDATE invitations SET accepted_at = ?, accepted_by = ? WHERE id = ? AND accepted_at = 0`, db.nowMS(), user.ID, in.ID); err != nil {
			return err
		}
		return tx.audit(ctx, "accept", "invitation", in.ID, in.MeetingID, nil, map[string]string{"user": user.ID})
	})
	if err != nil {
		return nil, nil, err
	}
	return user, m, nil
}

// RevokeInvitation deletes an invitation that was not accepted yet.
func (db *DB) RevokeInvitation(ctx context.Context, id string) error {
	return db.inTx(ctx, func(tx *Tx) error {
		before, err := scanInvitation(tx.queryRow(ctx, `SELECT `+invitationCols+` FROM invitations i WHERE i.id = ?`, id))
		if err != nil {
			return db.notFound(err, "invitation")
		}
		if err := tx.execOne(ctx, domain.Invalid("invitation", "error.invitation_used", "this invitation was accepted already"), `DELETE FROM invitations WHERE id = ? AND accepted_at = 0`, id); err != nil {
			return err
		}
		return tx.audit(ctx, "delete", "invitation", id, before.MeetingID, before, nil)
	})
}

// Invitation returns one invitation by ID.
func (db *DB) Invitation(ctx context.Context, id string) (*domain.Invitation, error) {
	in, err := scanInvitation(db.queryRow(ctx, `SELECT `+invitationCols+` FROM invitations i WHERE i.id = ?`, id))
	if err != nil {
		return nil, db.notFound(err, "invitation")
	}
	return &in, nil
}

// CreateUserWithMembership creates an account and gives it a role in one
// transaction, so that a failed role leaves no orphan account.
func (db *DB) CreateUserWithMembership(ctx context.Context, u *domain.User, passwordHash string, m *domain.Membership) (*domain.User, error) {
	u.Email, u.Name = strings.TrimSpace(u.Email), strings.TrimSpace(u.Name)
	if err := u.Validate(); err != nil {
		return nil, err
	}
	if err := m.Validate(); err != nil {
		return nil, err
	}
	err := db.inTx(ctx, func(tx *Tx) error {
		if err := tx.createUser(ctx, u, passwordHash); err != nil {
			return err
		}
		m.UserID = u.ID
		return tx.addMembership(ctx, m)
	})
	return u, err
}
