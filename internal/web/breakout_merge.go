package web

import (
	"net/http"

	"github.com/plenary-org/plenary/internal/deliberation"
	"github.com/plenary-org/plenary/internal/domain"
)

// mergeStatements merges a duplicate ("from") into the statement that
// stands ("into"): the group's rapporteur and the secretariat only (see
// [deliberation.Service.Merge]).
func (s *Server) mergeStatements(w http.ResponseWriter, r *http.Request) {
	in := deliberation.MergeInput{GroupID: r.PathValue("id"), PartID: r.PostFormValue("part"), IntoID: r.PostFormValue("into"), FromID: r.PostFormValue("from")}
	m, err := s.delib.Merge(r.Context(), actor(r), in)
	if err != nil {
		if c := domain.ErrorCode(err); c == domain.EINVALID || c == domain.ECONFLICT {
			s.renderWorkspace(w, r, statusOf(err), in.PartID, statementForm{}, err)
			return
		}
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, (&groupWork{GroupWork: m.Work}).Home()+"#h-merges", "statement.merged")
}

// undoMerge undoes a merge: the votes that moved go back exactly.
func (s *Server) undoMerge(w http.ResponseWriter, r *http.Request) {
	u, err := s.delib.UndoMerge(r.Context(), actor(r), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	next := "/groups/" + u.Into.GroupID
	if u.Into.PartID != "" {
		next += "?part=" + u.Into.PartID
	}
	s.redirect(w, r, next+"#h-merges", "statement.unmerged")
}
