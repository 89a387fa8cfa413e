package web

import (
	"encoding/json"
	"net/http"
	"strings"

	"github.com/plenary-org/plenary/internal/domain"
)

// voteValues are the values a vote form sends.
var voteValues = map[string]int{"agree": domain.Agree, "disagree": domain.Disagree, "pass": domain.Pass,
	"1": domain.Agree, "-1": domain.Disagree, "0": domain.Pass}

// voteStatement takes a vote on a statement: value=agree|disagree|pass.
// It answers once the vote is on disk: 204 to a client that asks for JSON
// (the voting page's script, load tests), else a redirect to the form's
// "next" page. It is the hot path of a live session: no template, no
// more than the permission check and the group commit.
func (s *Server) voteStatement(w http.ResponseWriter, r *http.Request) {
	wantsJSON := strings.Contains(r.Header.Get("Accept"), "application/json")
	err := s.vote(r)
	switch {
	case err == nil && wantsJSON:
		w.WriteHeader(http.StatusNoContent)
	case err == nil:
		http.Redirect(w, r, safeNext(r.FormValue("next")), http.StatusSeeOther)
	case wantsJSON:
		status := statusOf(err)
		if err == errRedirectLogin {
			status = http.StatusUnauthorized
		}
		pg := s.page(r, "", nil)
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.WriteHeader(status)
		json.NewEncoder(w).Encode(map[string]string{"code": domain.ErrorCode(err), "message": pg.message(err)})
	default:
		s.fail(w, r, err)
	}
}

func (s *Server) vote(r *http.Request) error {
	a := actor(r)
	if !a.LoggedIn() {
		return errRedirectLogin
	}
	if s.cfg.Live == nil {
		return domain.Errorf(domain.EUNAVAILABLE, "error.unavailable", "voting is not available on this server")
	}
	v, ok := voteValues[r.FormValue("value")]
	if !ok {
		return domain.Invalid("value", "error.vote_value", "vote agree, disagree or pass")
	}
	return s.cfg.Live.Vote(r.Context(), a, r.PathValue("id"), v)
}
