package api

import (
	"net/http"
	"strings"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/store"
)

// memberInput gives a role to a person, named by account ID or e-mail.
type memberInput struct {
	UserID  string `json:"user_id"`
	Email   string `json:"email"`
	Role    string `json:"role"`
	BodyID  string `json:"body_id"`
	GroupID string `json:"group_id"`
}

// memberFields maps the domain's membership field names to the request's.
var memberFields = map[string]string{"group": "group_id", "body": "body_id", "meeting": "meeting_id"}

// memberUser finds the account a memberInput names.
func (s *Server) memberUser(r *http.Request, in memberInput) (*domain.User, error) {
	ctx := r.Context()
	switch {
	case (in.UserID == "") == (strings.TrimSpace(in.Email) == ""):
		return nil, domain.Invalid("user_id", "error.member_user", "send either user_id or email to name the person")
	case in.UserID != "":
		u, err := s.db.UserByID(ctx, in.UserID)
		if domain.ErrorCode(err) == domain.ENOTFOUND {
			return nil, domain.Invalid("user_id", "error.unknown_user", "there is no account with this ID")
		}
		return u, err
	default:
		u, _, err := s.db.UserByEmail(ctx, in.Email)
		if domain.ErrorCode(err) == domain.ENOTFOUND {
			return nil, domain.Invalid("email", "error.unknown_user", "there is no account with this e-mail address; invite the person instead")
		}
		return u, err
	}
}

// addMember decodes a memberInput and gives the role in the process, or
// in the meeting when meetingID is not empty.
func (s *Server) addMember(w http.ResponseWriter, r *http.Request, processID, meetingID string) {
	var in memberInput
	if err := decode(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	u, err := s.memberUser(r, in)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	m := domain.Membership{UserID: u.ID, ProcessID: processID, MeetingID: meetingID, Role: domain.Role(in.Role),
		BodyID: in.BodyID, GroupID: in.GroupID}
	if err := s.db.AddMembership(r.Context(), &m); err != nil {
		s.writeError(w, r, renameFields(err, memberFields))
		return
	}
	created(w, "/memberships/"+m.ID, membershipView(m))
}

func (s *Server) listMeetingMembers(w http.ResponseWriter, r *http.Request) {
	m, err := s.viewableMeeting(r, false)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	vs, err := s.db.Members(r.Context(), m.ProcessID, m.ID)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	showEmail := actor(r).CanManageMeeting(m.ProcessID, m.ID)
	writeJSON(w, http.StatusOK, list[memberJSON]{Items: mapSlice(vs, func(v store.MemberView) memberJSON { return memberView(v, showEmail) })})
}

func (s *Server) addMeetingMember(w http.ResponseWriter, r *http.Request) {
	m, err := s.viewableMeeting(r, true)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.addMember(w, r, m.ProcessID, m.ID)
}

func (s *Server) listProcessMembers(w http.ResponseWriter, r *http.Request) {
	p, err := s.viewableProcess(r, false)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	vs, err := s.db.Members(r.Context(), p.ID, "")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	showEmail := actor(r).CanManageProcess(p.ID)
	writeJSON(w, http.StatusOK, list[memberJSON]{Items: mapSlice(vs, func(v store.MemberView) memberJSON { return memberView(v, showEmail) })})
}

func (s *Server) addProcessMember(w http.ResponseWriter, r *http.Request) {
	p, err := s.viewableProcess(r, true)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.addMember(w, r, p.ID, "")
}

func (s *Server) deleteMembership(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	m, err := s.db.Membership(ctx, r.PathValue("id"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	a := actor(r)
	var canView, canManage bool
	if m.MeetingID != "" {
		canView, canManage = a.CanViewMeeting(m.ProcessID, m.MeetingID), a.CanManageMeeting(m.ProcessID, m.MeetingID)
	} else {
		canView, canManage = a.CanViewProcess(m.ProcessID), a.CanManageProcess(m.ProcessID)
	}
	switch {
	case !canView:
		err = domain.NotFound("membership")
	case !canManage:
		err = domain.Forbidden()
	default:
		err = s.db.RemoveMembership(ctx, m.ID)
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// errAdminOnly is returned to non-administrators for what only
// administrators may do.
var errAdminOnly = &domain.Error{Code: domain.EFORBIDDEN, Key: "error.admin_only", Msg: "only instance administrators may do this"}
