package web

import (
	"net/http"
	"slices"
	"strings"

	"github.com/plenary-org/plenary/internal/account"
	"github.com/plenary-org/plenary/internal/auth"
	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/locale"
	"github.com/plenary-org/plenary/internal/registry"
	"github.com/plenary-org/plenary/internal/store"
)

type groupsView struct {
	Meeting   *domain.Meeting
	Groups    []groupWithMembers
	CanManage bool
	// Regions are the regions a group may be of, named in the reader's
	// language, for the form (those who manage the meeting).
	Regions []regionOption
}

// regionOptions lists the regions (M49 regions, then the groupings
// processes define) named in the reader's language, for a form's picker.
func (s *Server) regionOptions(r *http.Request) ([]regionOption, error) {
	rs, err := registry.New(s.db).Regions(r.Context(), actor(r), langOf(r.Context()))
	if err != nil {
		return nil, err
	}
	out := make([]regionOption, len(rs))
	for i, e := range rs {
		out[i] = regionOption{ID: e.Region.ID, Name: e.Name, M49: e.Region.M49()}
	}
	return out, nil
}

// groupFromForm reads a group's name and region: the region picked
// (region_id), or when the form sends none, the region as written (the
// text a group had before regions were data, kept until one is picked).
func groupFromForm(r *http.Request, g *domain.Group) {
	g.Name = r.PostFormValue("name")
	g.RegionID = r.PostFormValue("region_id")
	if g.RegionID == "" {
		g.Region = r.PostFormValue("region")
	}
}

type groupWithMembers struct {
	Group   *domain.Group
	Members []store.MemberView
}

func (s *Server) meetingGroups(w http.ResponseWriter, r *http.Request) {
	s.renderGroups(w, r, http.StatusOK, nil, nil)
}

func (s *Server) renderGroups(w http.ResponseWriter, r *http.Request, status int, formErr error, draft *domain.Group) {
	id := r.PathValue("id")
	sc, err := s.scope(r, "meeting", id, false)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	m, err := s.db.Meeting(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	gs, err := s.db.Groups(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	members, err := s.db.Members(r.Context(), sc.ProcessID, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := groupsView{Meeting: m, CanManage: actor(r).CanManageMeeting(sc.ProcessID, id)}
	if v.CanManage {
		if v.Regions, err = s.regionOptions(r); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	for _, g := range gs {
		gm := groupWithMembers{Group: g}
		for _, mv := range members {
			if mv.GroupID == g.ID {
				gm.Members = append(gm.Members, mv)
			}
		}
		v.Groups = append(v.Groups, gm)
	}
	pg := s.page(r, "", v)
	pg.Title = pg.T("groups.title", m.Name())
	if formErr != nil {
		pg.fieldErrors(formErr)
	}
	s.render(w, r, status, "groups", pg)
}

func (s *Server) createGroup(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	g := &domain.Group{MeetingID: id}
	groupFromForm(r, g)
	if err := s.structure.CreateGroup(r.Context(), actor(r), g); err != nil {
		if domain.ErrorCode(err) == domain.EINVALID {
			s.renderGroups(w, r, http.StatusUnprocessableEntity, err, g)
			return
		}
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/meetings/"+id+"/groups", "flash.saved")
}

type groupView struct {
	Group      *domain.Group
	Meeting    *domain.Meeting
	Members    []store.MemberView
	Candidates []store.MemberView // meeting members not in this group
	CanManage  bool
	Regions    []regionOption // for the form
}

func (s *Server) showGroup(w http.ResponseWriter, r *http.Request) {
	s.renderGroup(w, r, http.StatusOK, nil, nil)
}

func (s *Server) renderGroup(w http.ResponseWriter, r *http.Request, status int, g *domain.Group, formErr error) {
	id := r.PathValue("id")
	sc, err := s.scope(r, "group", id, false)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if g == nil {
		if g, err = s.db.Group(r.Context(), id); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	m, err := s.db.Meeting(r.Context(), sc.MeetingID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	members, err := s.db.Members(r.Context(), sc.ProcessID, sc.MeetingID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := groupView{Group: g, Meeting: m, CanManage: actor(r).CanManageMeeting(sc.ProcessID, sc.MeetingID)}
	if v.CanManage {
		if v.Regions, err = s.regionOptions(r); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	for _, mv := range members {
		if mv.GroupID == id {
			v.Members = append(v.Members, mv)
		} else if mv.GroupID == "" && mv.Role != domain.RoleSecretariat {
			v.Candidates = append(v.Candidates, mv)
		}
	}
	pg := s.page(r, g.Name, v)
	if formErr != nil {
		pg.fieldErrors(formErr)
		if domain.ErrorCode(formErr) == domain.ECONFLICT {
			pg.FormError = pg.message(formErr)
		}
	}
	s.render(w, r, status, "group", pg)
}

func (s *Server) updateGroup(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if _, err := s.scope(r, "group", id, true); err != nil { // before reading the form
		s.fail(w, r, err)
		return
	}
	g := &domain.Group{ID: id}
	groupFromForm(r, g)
	var err error
	if g.Version, err = formInt(r, "version"); err == nil {
		_, err = s.structure.UpdateGroup(r.Context(), actor(r), g)
	}
	if err != nil {
		if c := domain.ErrorCode(err); c == domain.EINVALID || c == domain.ECONFLICT {
			s.renderGroup(w, r, statusOf(err), g, err)
			return
		}
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/groups/"+id+"/members", "flash.saved")
}

func (s *Server) deleteGroup(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	sc, err := s.scope(r, "group", id, true)
	if err == nil && !formBool(r, "confirm") {
		s.renderGroup(w, r, http.StatusUnprocessableEntity, nil, domain.Invalid("confirm", "error.confirm", "tick the box to confirm the deletion"))
		return
	}
	if err == nil {
		sc, err = s.structure.DeleteGroup(r.Context(), actor(r), id)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/meetings/"+sc.MeetingID+"/groups", "flash.deleted")
}

// setGroupMember puts a meeting member into this group, or takes them out
// (remove=1).
func (s *Server) setGroupMember(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if _, err := s.structure.PlaceMember(r.Context(), actor(r), id, r.PostFormValue("membership"), r.PostFormValue("remove") == "1"); err != nil {
		if domain.ErrorCode(err) == domain.EINVALID {
			s.renderGroup(w, r, http.StatusUnprocessableEntity, nil, err)
			return
		}
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/groups/"+id+"/members", "flash.saved")
}

type membersView struct {
	NewAccount  string // e-mail of an account just created, shown with its password once
	NewPassword string
	Process     *domain.Process
	Meeting     *domain.Meeting // nil for process-level members
	Members     []store.MemberView
	Invitations []store.InvitationView
	Bodies      []*domain.Body
	BodyQuery   string // the filter of the body list (?bodies=)
	BodyTotal   int    // bodies matching it, of which Bodies shows at most maxBodyChoices
	Groups      []*domain.Group
	Roles       []domain.Role
	CanManage   bool
	InviteLink  string
	Form        memberForm
	// MailOn says that invitations can be sent by e-mail, in one of
	// Languages.
	MailOn    bool
	Languages []locale.Language
}

// maxBodyChoices bounds the bodies offered in the member form; beyond it
// the form offers a filter by name or acronym.
const maxBodyChoices = 300

type memberForm struct {
	Email, Name, Role, Body, Group string
	Days                           int
	// Send sends an invitation by e-mail, in Lang.
	Send bool
	Lang string
	// SentTo is the address an invitation was just sent to.
	SentTo string
}

func (s *Server) processMembers(w http.ResponseWriter, r *http.Request) {
	s.renderMembers(w, r, http.StatusOK, r.PathValue("id"), "", "", memberForm{Days: 14, Send: true}, nil)
}

func (s *Server) meetingMembers(w http.ResponseWriter, r *http.Request) {
	s.renderMembers(w, r, http.StatusOK, "", r.PathValue("id"), "", memberForm{Days: 14, Send: true}, nil)
}

func (s *Server) renderMembersWithPassword(w http.ResponseWriter, r *http.Request, processID, meetingID, email, password string) {
	s.renderMembersView(w, r, http.StatusOK, processID, meetingID, membersView{Roles: domain.Roles, Form: memberForm{Days: 14}, NewAccount: email, NewPassword: password}, nil)
}

func (s *Server) renderMembers(w http.ResponseWriter, r *http.Request, status int, processID, meetingID, link string, f memberForm, formErr error) {
	s.renderMembersView(w, r, status, processID, meetingID, membersView{Roles: domain.Roles, InviteLink: link, Form: f, MailOn: s.cfg.MailOn, Languages: locale.Languages}, formErr)
}

func (s *Server) renderMembersView(w http.ResponseWriter, r *http.Request, status int, processID, meetingID string, v membersView, formErr error) {
	ctx := r.Context()
	if meetingID != "" {
		sc, err := s.scope(r, "meeting", meetingID, false)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		processID = sc.ProcessID
		if v.Meeting, err = s.db.Meeting(ctx, meetingID); err != nil {
			s.fail(w, r, err)
			return
		}
		if v.Groups, err = s.db.Groups(ctx, meetingID); err != nil {
			s.fail(w, r, err)
			return
		}
		v.CanManage = actor(r).CanManageMeeting(processID, meetingID)
	}
	p, err := s.processScope(r, processID, false)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v.Process = p
	if meetingID == "" {
		v.CanManage = actor(r).CanManageProcess(p.ID)
	}
	if v.Members, err = s.db.Members(ctx, p.ID, meetingID); err != nil {
		s.fail(w, r, err)
		return
	}
	if v.CanManage {
		if v.Invitations, err = s.db.Invitations(ctx, p.ID, meetingID); err != nil {
			s.fail(w, r, err)
			return
		}
		v.BodyQuery = strings.TrimSpace(r.URL.Query().Get("bodies"))
		if v.Bodies, v.BodyTotal, err = s.db.Bodies(ctx, store.BodyFilter{Query: v.BodyQuery, Limit: maxBodyChoices}); err != nil {
			s.fail(w, r, err)
			return
		}
		// The body chosen in a form being shown again stays a choice
		// even when the list is filtered or cut.
		if id := v.Form.Body; id != "" && !slices.ContainsFunc(v.Bodies, func(b *domain.Body) bool { return b.ID == id }) {
			if b, err := s.db.Body(ctx, id); err == nil {
				v.Bodies = append([]*domain.Body{b}, v.Bodies...)
			}
		}
	}
	pg := s.page(r, "", v)
	if v.Meeting != nil {
		pg.Title = pg.T("members.title", v.Meeting.Name())
	} else {
		pg.Title = pg.T("members.title", p.Name)
	}
	if formErr != nil && !pg.fieldErrors(formErr) {
		pg.FormError = pg.message(formErr)
	}
	s.render(w, r, status, "members", pg)
}

// memberTarget checks that the actor may manage members where the form
// points: a process (meetingID "") or a meeting.
func (s *Server) memberTarget(r *http.Request) (processID, meetingID string, err error) {
	id := r.PathValue("id")
	if strings.HasPrefix(r.URL.Path, "/meetings/") {
		sc, err := s.scope(r, "meeting", id, true)
		return sc.ProcessID, id, err
	}
	p, err := s.processScope(r, id, true)
	if err != nil {
		return "", "", err
	}
	return p.ID, "", nil
}

func readMemberForm(r *http.Request) memberForm {
	days, _ := formInt(r, "days")
	return memberForm{Email: strings.TrimSpace(r.PostFormValue("email")), Name: strings.TrimSpace(r.PostFormValue("name")), Role: r.PostFormValue("role"),
		Body: r.PostFormValue("body"), Group: r.PostFormValue("group"), Days: days, Send: r.PostFormValue("send") == "on", Lang: r.PostFormValue("lang")}
}

// addMember gives an account a role. When no account has the address and
// a name is given, the secretariat creates the account: its password is
// generated and shown once, to be handed to the person.
func (s *Server) addMember(w http.ResponseWriter, r *http.Request) {
	processID, meetingID, err := s.memberTarget(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f := readMemberForm(r)
	m := &domain.Membership{ProcessID: processID, MeetingID: meetingID, Role: domain.Role(f.Role), BodyID: f.Body, GroupID: f.Group}
	var newPassword string
	u, _, err := s.db.UserByEmail(r.Context(), f.Email)
	switch {
	case err == nil:
		m.UserID = u.ID
		err = s.db.AddMembership(r.Context(), m)
	case domain.ErrorCode(err) == domain.ENOTFOUND && f.Name == "":
		err = domain.Invalid("email", "members.no_account", "no account has this address: give the person's name to create one, or send an invitation")
	case domain.ErrorCode(err) == domain.ENOTFOUND:
		tok, _ := auth.NewToken()
		newPassword = tok[:16]
		var hash string
		if hash, err = s.accounts.HashPassword(r.Context(), newPassword); err == nil {
			_, err = s.db.CreateUserWithMembership(r.Context(), &domain.User{Email: f.Email, Name: f.Name}, hash, m)
		}
	}
	if err != nil {
		s.renderMembers(w, r, statusOf(err), processID, meetingID, "", f, err)
		return
	}
	if newPassword != "" {
		s.renderMembersWithPassword(w, r, processID, meetingID, f.Email, newPassword)
		return
	}
	s.redirect(w, r, r.URL.Path, "flash.saved")
}

func (s *Server) addProcessMember(w http.ResponseWriter, r *http.Request) { s.addMember(w, r) }
func (s *Server) addMeetingMember(w http.ResponseWriter, r *http.Request) { s.addMember(w, r) }

// invite creates an invitation and shows its link once.
func (s *Server) invite(w http.ResponseWriter, r *http.Request) {
	in := account.InviteInput{ProcessID: r.PathValue("id")}
	if strings.HasPrefix(r.URL.Path, "/meetings/") {
		in.ProcessID, in.MeetingID = "", r.PathValue("id")
	}
	f := readMemberForm(r)
	in.Email, in.Role, in.BodyID, in.GroupID, in.Days = f.Email, domain.Role(f.Role), f.Body, f.Group, f.Days
	in.Send, in.Lang, in.BaseURL = f.Send, f.Lang, s.baseURL(r)
	token, inv, err := s.accounts.Invite(r.Context(), actor(r), in)
	if err != nil {
		if domain.ErrorCode(err) == domain.EINVALID {
			s.renderMembers(w, r, statusOf(err), in.ProcessID, in.MeetingID, "", f, err)
			return
		}
		s.fail(w, r, err)
		return
	}
	// The link is shown even when it was sent: the fallback when the
	// message does not arrive.
	next := memberForm{Days: 14, Send: true}
	if in.Send {
		next.SentTo = inv.Email
	}
	s.renderMembers(w, r, http.StatusOK, inv.ProcessID, inv.MeetingID, account.InvitationLink(in.BaseURL, token), next, nil)
}

func (s *Server) inviteToProcess(w http.ResponseWriter, r *http.Request) { s.invite(w, r) }
func (s *Server) inviteToMeeting(w http.ResponseWriter, r *http.Request) { s.invite(w, r) }

func (s *Server) membershipBack(m *domain.Membership) string {
	if m.MeetingID != "" {
		return "/meetings/" + m.MeetingID + "/members"
	}
	return "/processes/" + m.ProcessID + "/members"
}

func (s *Server) deleteMembership(w http.ResponseWriter, r *http.Request) {
	a, err := loggedIn(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	m, err := s.db.Membership(r.Context(), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	allowed := a.CanManageProcess(m.ProcessID) || (m.MeetingID != "" && a.CanManageMeeting(m.ProcessID, m.MeetingID))
	if !allowed {
		if a.CanViewProcess(m.ProcessID) {
			s.fail(w, r, domain.Forbidden())
		} else {
			s.fail(w, r, domain.NotFound("membership"))
		}
		return
	}
	if err := s.db.RemoveMembership(r.Context(), m.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, s.membershipBack(m), "flash.deleted")
}

func (s *Server) revokeInvitation(w http.ResponseWriter, r *http.Request) {
	in, err := s.accounts.RevokeInvitation(r.Context(), actor(r), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, s.membershipBack(&domain.Membership{ProcessID: in.ProcessID, MeetingID: in.MeetingID}), "flash.deleted")
}
