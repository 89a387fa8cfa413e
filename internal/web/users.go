package web

import (
	"net/http"
	"strings"

	"github.com/plenary-org/plenary/internal/account"
	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/locale"
	"github.com/plenary-org/plenary/internal/store"
)

func (s *Server) requireAdmin(r *http.Request) error {
	a, err := loggedIn(r)
	if err != nil {
		return err
	}
	if !a.CanManageUsers() {
		return domain.Forbidden()
	}
	return nil
}

type usersView struct {
	Users []*domain.User
	Query string
	Pager Pager
}

func (s *Server) listUsers(w http.ResponseWriter, r *http.Request) {
	if err := s.requireAdmin(r); err != nil {
		s.fail(w, r, err)
		return
	}
	f := store.UserFilter{Query: r.URL.Query().Get("q"), Offset: pageOffset(r), Limit: 50}
	us, total, err := s.db.Users(r.Context(), f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	pg := s.page(r, "", usersView{Users: us, Query: f.Query, Pager: Pager{Offset: f.Offset, Limit: f.Limit, Total: total, Base: pagerBase(r)}})
	pg.Title = pg.T("users.title")
	s.render(w, r, http.StatusOK, "users", pg)
}

type userForm struct {
	User      *domain.User
	Action    string
	New       bool
	Languages []locale.Language
}

func (s *Server) newUser(w http.ResponseWriter, r *http.Request) {
	if err := s.requireAdmin(r); err != nil {
		s.fail(w, r, err)
		return
	}
	pg := s.page(r, "", userForm{User: &domain.User{}, Action: "/admin/users", New: true, Languages: locale.Languages})
	pg.Title = pg.T("user.new")
	s.render(w, r, http.StatusOK, "user_form", pg)
}

func userFromForm(r *http.Request, u *domain.User) {
	u.Name, u.Email, u.Locale = r.PostFormValue("name"), r.PostFormValue("email"), r.PostFormValue("locale")
	u.Admin, u.Disabled = formBool(r, "admin"), formBool(r, "disabled")
}

func (s *Server) createUser(w http.ResponseWriter, r *http.Request) {
	if err := s.requireAdmin(r); err != nil {
		s.fail(w, r, err)
		return
	}
	u := &domain.User{}
	userFromForm(r, u)
	if _, err := s.accounts.CreateUser(r.Context(), actor(r), account.NewAccount{User: *u, Password: r.PostFormValue("password")}); err != nil {
		if c := domain.ErrorCode(err); c != domain.EINVALID && c != domain.ECONFLICT {
			s.fail(w, r, err)
			return
		}
		pg := s.page(r, "", userForm{User: u, Action: "/admin/users", New: true, Languages: locale.Languages})
		pg.Title = pg.T("user.new")
		s.formFailure(w, r, err, "user_form", pg)
		return
	}
	s.redirect(w, r, "/admin/users", "flash.saved")
}

func (s *Server) editUser(w http.ResponseWriter, r *http.Request) {
	if err := s.requireAdmin(r); err != nil {
		s.fail(w, r, err)
		return
	}
	u, err := s.db.UserByID(r.Context(), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	pg := s.page(r, "", userForm{User: u, Action: "/admin/users/" + u.ID, Languages: locale.Languages})
	pg.Title = pg.T("user.edit")
	s.render(w, r, http.StatusOK, "user_form", pg)
}

func (s *Server) updateUser(w http.ResponseWriter, r *http.Request) {
	if err := s.requireAdmin(r); err != nil {
		s.fail(w, r, err)
		return
	}
	u := &domain.User{ID: r.PathValue("id")}
	userFromForm(r, u)
	var err error
	if u.Version, err = formInt(r, "version"); err == nil {
		err = s.accounts.UpdateUser(r.Context(), actor(r), u)
	}
	if err != nil {
		if c := domain.ErrorCode(err); c != domain.EINVALID && c != domain.ECONFLICT {
			s.fail(w, r, err)
			return
		}
		pg := s.page(r, "", userForm{User: u, Action: "/admin/users/" + u.ID, Languages: locale.Languages})
		pg.Title = pg.T("user.edit")
		s.formFailure(w, r, err, "user_form", pg)
		return
	}
	s.redirect(w, r, "/admin/users", "flash.saved")
}

type historyView struct {
	Events  []historyRow
	Subject string
	Back    string
	Older   string // the next page of older changes, "" on the last
	Newest  string // the first page, "" on it
}

// meetingAudit shows every change in a meeting, to its secretariat.
func (s *Server) meetingAudit(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if _, err := s.scope(r, "meeting", id, true); err != nil {
		s.fail(w, r, err)
		return
	}
	m, err := s.db.Meeting(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderHistory(w, r, store.AuditFilter{MeetingID: id}, m.Name(), "/meetings/"+id)
}

// objectHistory shows the changes of one object: to the secretariat of
// its meeting for meeting content, to administrators for the rest.
func (s *Server) objectHistory(w http.ResponseWriter, r *http.Request) {
	typ, id := r.PathValue("type"), r.PathValue("id")
	back := ""
	switch typ {
	case "meeting", "session", "part", "item", "group":
		sc, err := s.scope(r, typ, id, true)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		back = "/meetings/" + sc.MeetingID
	case "body":
		if err := s.canManageBodies(r); err != nil {
			s.fail(w, r, err)
			return
		}
		back = "/bodies/" + id
	case "process":
		if _, err := s.processScope(r, id, true); err != nil {
			s.fail(w, r, err)
			return
		}
		back = "/processes/" + id
	case "commitment":
		// Whoever manages a commitment reads its trail.
		if _, _, err := s.followups.Editable(r.Context(), actor(r), id); err != nil {
			s.fail(w, r, err)
			return
		}
		back = "/commitments/" + id
	default:
		if err := s.requireAdmin(r); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	s.renderHistory(w, r, store.AuditFilter{ObjectType: typ, ObjectID: id}, "", back)
}

func (s *Server) renderHistory(w http.ResponseWriter, r *http.Request, f store.AuditFilter, subject, back string) {
	before, _ := formIntQuery(r, "before")
	f.BeforeID, f.Limit = before, 50
	evs, err := s.db.AuditEvents(r.Context(), f)
	var names historyNames
	if err == nil {
		names, err = loadHistoryNames(r.Context(), s.db, evs, f.ObjectID)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := &historyView{Subject: subject, Back: back}
	if len(evs) == f.Limit {
		v.Older = r.URL.Path + "?before=" + itoa64(evs[len(evs)-1].ID)
	}
	if before > 0 {
		v.Newest = r.URL.Path
	}
	pg := s.page(r, "", v)
	v.Events = historyRows(pg, names, evs)
	if subject == "" { // one object's history: its kind and name
		v.Subject = strings.TrimSpace(pg.T("object."+f.ObjectType) + " " + shortText(names.of(f.ObjectID)))
	}
	pg.Title = pg.T("history.title", v.Subject)
	s.render(w, r, http.StatusOK, "history", pg)
}
