package account

import (
	"context"
	"strings"
	"time"

	"github.com/plenary-org/plenary/internal/auth"
	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/mail"
	"github.com/plenary-org/plenary/internal/store"
)

// InviteInput is an invitation to give a role, at the process level
// (MeetingID "") or in a meeting.
type InviteInput struct {
	ProcessID string // the process, for an invitation at the process level
	MeetingID string // the meeting, for an invitation to a meeting
	Email     string
	Role      domain.Role
	BodyID    string
	GroupID   string
	Days      int // how long the link is valid: 1 to 90 days
	// Send sends the invitation by e-mail to Email, in Lang, with the
	// link under BaseURL; the link is shown to the inviter too.
	Send    bool
	Lang    string
	BaseURL string
}

// InvitationLink is the address of an invitation's link.
func InvitationLink(baseURL, token string) string {
	return strings.TrimSuffix(baseURL, "/") + "/invite/" + token
}

func errNoMail() error {
	return domain.Invalid("send", "mail.not_configured", "e-mail is not set up on this server: copy the link and send it yourself")
}

// Invite creates an invitation and returns its secret token, for the link
// given to the invited person (only its hash is kept). The secretariat of
// the meeting (or, at the process level, of the process) and instance
// administrators may invite; others are refused (404 where they may not
// see the meeting or process).
func (s *Service) Invite(ctx context.Context, a *domain.Actor, in InviteInput) (string, *domain.Invitation, error) {
	processID, err := s.manageMembers(ctx, a, in.ProcessID, in.MeetingID)
	if err != nil {
		return "", nil, err
	}
	token, hash := auth.NewToken()
	inv := &domain.Invitation{Email: strings.TrimSpace(in.Email), ProcessID: processID, MeetingID: in.MeetingID, Role: in.Role,
		BodyID: in.BodyID, GroupID: in.GroupID, CreatedBy: a.User.ID}
	ttl := time.Duration(in.Days) * 24 * time.Hour
	var msg *store.MailMessage
	if in.Send {
		if s.mail == nil {
			return "", nil, errNoMail()
		}
		where, err := s.placeName(ctx, processID, in.MeetingID)
		if err != nil {
			return "", nil, err
		}
		msg, err = s.mail.Invitation(mail.Invitation{To: inv.Email, Lang: in.Lang, Inviter: a.User.Name, Where: where, Role: string(in.Role),
			Link: InvitationLink(in.BaseURL, token), Expires: s.now().Add(ttl)})
		if err != nil {
			return "", nil, err
		}
	}
	if err := s.db.CreateInvitationMail(ctx, inv, hash, ttl, msg); err != nil {
		return "", nil, err
	}
	if msg != nil {
		s.wake()
	}
	return token, inv, nil
}

// placeName names the meeting (or, at the process level, the process) an
// invitation is to.
func (s *Service) placeName(ctx context.Context, processID, meetingID string) (string, error) {
	if meetingID != "" {
		m, err := s.db.Meeting(ctx, meetingID)
		if err != nil {
			return "", err
		}
		return m.Name(), nil
	}
	p, err := s.db.Process(ctx, processID)
	if err != nil {
		return "", err
	}
	return p.Name, nil
}

// manageMembers checks that a may manage the members of a meeting (when
// meetingID is given) or of a process, and returns the process's ID.
func (s *Service) manageMembers(ctx context.Context, a *domain.Actor, processID, meetingID string) (string, error) {
	if err := loggedIn(a); err != nil {
		return "", err
	}
	if meetingID != "" {
		sc, err := s.db.ScopeOf(ctx, "meeting", meetingID)
		if err != nil {
			return "", err
		}
		if !a.CanViewMeeting(sc.ProcessID, sc.MeetingID) {
			return "", domain.NotFound("meeting")
		}
		if !a.CanManageMeeting(sc.ProcessID, sc.MeetingID) {
			return "", domain.Forbidden()
		}
		return sc.ProcessID, nil
	}
	if !a.CanViewProcess(processID) {
		return "", domain.NotFound("process")
	}
	if !a.CanManageProcess(processID) {
		return "", domain.Forbidden()
	}
	if _, err := s.db.Process(ctx, processID); err != nil {
		return "", err
	}
	return processID, nil
}

// RevokeInvitation deletes an invitation not accepted yet. Whoever may
// manage the members where it invites may revoke it.
func (s *Service) RevokeInvitation(ctx context.Context, a *domain.Actor, id string) (*domain.Invitation, error) {
	if err := loggedIn(a); err != nil {
		return nil, err
	}
	in, err := s.db.Invitation(ctx, id)
	if err != nil {
		return nil, err
	}
	if !a.CanManageProcess(in.ProcessID) && (in.MeetingID == "" || !a.CanManageMeeting(in.ProcessID, in.MeetingID)) {
		if a.CanViewProcess(in.ProcessID) {
			return nil, domain.Forbidden()
		}
		return nil, domain.NotFound("invitation")
	}
	if err := s.db.RevokeInvitation(ctx, in.ID); err != nil {
		return nil, err
	}
	return in, nil
}

// Invited is an open invitation as its link shows it.
type Invited struct {
	Invitation *domain.Invitation
	// Where names the meeting or process the invitation is to.
	Where string
	// WrongAccount is set when the visitor is logged in with an account
	// other than the invited one, which may not accept it.
	WrongAccount bool
}

// errInvalidInvitation answers a link that is unknown, expired or used.
func errInvalidInvitation() error {
	return domain.Errorf(domain.ENOTFOUND, "invite.invalid", "this invitation link is not valid: it may have expired or been used already")
}

// errWrongAccount answers an account that is not the invited one.
func errWrongAccount(invited, actor string) error {
	return domain.Errorf(domain.EFORBIDDEN, "invite.wrong_account",
		"this invitation is for %s, and you are logged in as %s: log out, then open the link again to log in with the invited address or create its account", invited, actor)
}

// OpenInvitation returns the open invitation of a link's token, for anyone
// holding the link, and whether the visitor's account may accept it.
func (s *Service) OpenInvitation(ctx context.Context, a *domain.Actor, token string) (*Invited, error) {
	in, err := s.db.InvitationByToken(ctx, auth.HashToken(token))
	if err != nil {
		if domain.ErrorCode(err) == domain.ENOTFOUND {
			return nil, errInvalidInvitation()
		}
		return nil, err
	}
	v := &Invited{Invitation: in, WrongAccount: a.LoggedIn() && !invitedAccount(a.User, in)}
	if in.MeetingID != "" {
		if m, err := s.db.Meeting(ctx, in.MeetingID); err == nil {
			v.Where = m.Name()
		}
	} else if p, err := s.db.Process(ctx, in.ProcessID); err == nil {
		v.Where = p.Name
	}
	return v, nil
}

// invitedAccount reports whether u is the account an invitation is for:
// the same e-mail address, compared as accounts are found.
func invitedAccount(u *domain.User, in *domain.Invitation) bool {
	return domain.EmailKey(u.Email) == domain.EmailKey(in.Email)
}

// Acceptance accepts an invitation. Name and Password create the account
// of a visitor who is not logged in; Locale is their interface language.
type Acceptance struct {
	Token    string
	Name     string
	Password string
	Locale   string
}

// Accepted is the outcome of an accepted invitation.
type Accepted struct {
	User       *domain.User
	Membership *domain.Membership
	// Session is the new account's login session; nil when the invited
	// person was logged in already.
	Session *Session
}

// AcceptInvitation gives the invited role. An invitation is for its e-mail
// address: a logged-in person accepts it only if their account has that
// address ([domain.EFORBIDDEN] otherwise, and nothing changes); a visitor
// who is not logged in creates the account with that address (when it
// exists already, they are asked to log in first) and is logged in. An
// invitation is used once.
func (s *Service) AcceptInvitation(ctx context.Context, a *domain.Actor, in Acceptance) (*Accepted, error) {
	inv, err := s.OpenInvitation(ctx, a, in.Token)
	if err != nil {
		return nil, err
	}
	hash := auth.HashToken(in.Token)
	if a.LoggedIn() {
		if inv.WrongAccount {
			return nil, errWrongAccount(inv.Invitation.Email, a.User.Email)
		}
		u, m, err := s.db.AcceptInvitation(ctx, hash, a.User.ID, nil, "")
		if err != nil {
			return nil, err
		}
		return &Accepted{User: u, Membership: m}, nil
	}
	email := inv.Invitation.Email
	if _, _, err := s.db.UserByEmail(ctx, email); err == nil {
		return nil, domain.Invalid("email", "invite.log_in_first", "an account with the address %s exists already: log in to accept the invitation", email)
	} else if domain.ErrorCode(err) != domain.ENOTFOUND {
		return nil, err
	}
	nu := &domain.User{Email: email, Name: strings.TrimSpace(in.Name), Locale: in.Locale}
	if err := nu.Validate(); err != nil {
		return nil, err
	}
	ph, err := s.HashPassword(ctx, in.Password)
	if err != nil {
		return nil, err
	}
	u, m, err := s.db.AcceptInvitation(ctx, hash, "", nu, ph)
	if err != nil {
		return nil, err
	}
	sess, err := s.startSession(ctx, u)
	if err != nil {
		return nil, err
	}
	return &Accepted{User: u, Membership: m, Session: sess}, nil
}
