package api

import (
	"net/http"

	"github.com/plenary-org/plenary/internal/account"
	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/store"
)

// userInput creates an account. Without a password the person cannot log
// in until one is set.
type userInput struct {
	Email    string `json:"email"`
	Name     string `json:"name"`
	Locale   string `json:"locale"`
	Admin    bool   `json:"admin"`
	Disabled bool   `json:"disabled"`
	Password string `json:"password"`
}

// userUpdate replaces an account's fields; passwords are changed elsewhere.
type userUpdate struct {
	Email    string `json:"email"`
	Name     string `json:"name"`
	Locale   string `json:"locale"`
	Admin    bool   `json:"admin"`
	Disabled bool   `json:"disabled"`
	Version  *int   `json:"version"`
}

// adminOnly reports, and answers, when the actor may not manage accounts.
func (s *Server) adminOnly(w http.ResponseWriter, r *http.Request) bool {
	if actor(r).CanManageUsers() {
		return false
	}
	s.writeError(w, r, errAdminOnly)
	return true
}

func (s *Server) listUsers(w http.ResponseWriter, r *http.Request) {
	if s.adminOnly(w, r) {
		return
	}
	offset, limit, err := pageParams(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	us, total, err := s.db.Users(r.Context(), store.UserFilter{Query: r.URL.Query().Get("q"), Offset: offset, Limit: limit})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, page[userJSON]{Items: mapSlice(us, userView), Total: total, Offset: offset, Limit: limit})
}

func (s *Server) getUser(w http.ResponseWriter, r *http.Request) {
	if s.adminOnly(w, r) {
		return
	}
	u, err := s.db.UserByID(r.Context(), r.PathValue("id"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, userView(u))
}

func (s *Server) createUser(w http.ResponseWriter, r *http.Request) {
	if s.adminOnly(w, r) {
		return
	}
	var in userInput
	if err := decode(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	u, err := s.accounts.CreateUser(r.Context(), actor(r), account.NewAccount{
		User:     domain.User{Email: in.Email, Name: in.Name, Locale: in.Locale, Admin: in.Admin, Disabled: in.Disabled},
		Password: in.Password})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	created(w, "/users/"+u.ID, userView(u))
}

func (s *Server) updateUser(w http.ResponseWriter, r *http.Request) {
	if s.adminOnly(w, r) {
		return
	}
	ctx := r.Context()
	u, err := s.db.UserByID(ctx, r.PathValue("id"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	var in userUpdate
	if err := decode(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	if u.Version, err = requireVersion(in.Version); err != nil {
		s.writeError(w, r, err)
		return
	}
	u.Email, u.Name, u.Locale, u.Admin, u.Disabled = in.Email, in.Name, in.Locale, in.Admin, in.Disabled
	if err := s.accounts.UpdateUser(ctx, actor(r), u); err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, userView(u))
}
