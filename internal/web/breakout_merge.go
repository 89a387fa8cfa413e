package web

import (
	"net/http"

	"github.com/plenary-org/plenary/internal/domain"
)

// mergeStatements merges a duplicate ("from") into the statement that
// stands ("into"): the group's rapporteur and the secretariat only.
func (s *Server) mergeStatements(w http.ResponseWriter, r *http.Request) {
	gw, err := s.loadGroupWork(r, r.PathValue("id"), r.PostFormValue("part"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !gw.CanMerge {
		s.fail(w, r, domain.Forbidden())
		return
	}
	into, from := r.PostFormValue("into"), r.PostFormValue("from")
	if err := s.checkGroupStatements(r, gw, into, from); err != nil {
		s.renderWorkspace(w, r, statusOf(err), gw, statementForm{}, err)
		return
	}
	m, err := s.db.MergeStatements(r.Context(), into, from)
	if err != nil {
		if c := domain.ErrorCode(err); c == domain.EINVALID || c == domain.ECONFLICT {
			s.renderWorkspace(w, r, statusOf(err), gw, statementForm{}, err)
			return
		}
		s.fail(w, r, err)
		return
	}
	if s.cfg.Live != nil {
		s.cfg.Live.Merged(m.MeetingID, m.IntoID, m.FromID)
	}
	s.redirect(w, r, gw.Home()+"#h-merges", "statement.merged")
}

// checkGroupStatements checks that both statements were chosen and belong
// to the group, so that a form cannot reach another group's statements.
func (s *Server) checkGroupStatements(r *http.Request, gw *groupWork, ids ...string) error {
	for _, id := range ids {
		if id == "" {
			return domain.Invalid("from", "statement.error_merge_choose", "choose the two statements to merge")
		}
		st, err := s.db.Statement(r.Context(), id)
		if err != nil || st.GroupID != gw.Group.ID {
			return domain.Invalid("from", "statement.error_merge_conversation", "only statements of the same group can be merged")
		}
	}
	return nil
}

// undoMerge undoes a merge: the votes that moved go back exactly.
func (s *Server) undoMerge(w http.ResponseWriter, r *http.Request) {
	a, err := loggedIn(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	m, err := s.db.Merge(r.Context(), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	into, err := s.db.Statement(r.Context(), m.IntoID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	sc, err := s.db.ScopeOf(r.Context(), "meeting", m.MeetingID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	switch {
	case into.GroupID == "" || !a.CanViewMeeting(sc.ProcessID, sc.MeetingID):
		s.fail(w, r, domain.NotFound("merge"))
		return
	case !a.CanMergeStatements(sc.ProcessID, sc.MeetingID, into.GroupID):
		s.fail(w, r, domain.Forbidden())
		return
	}
	if _, err := s.db.UndoMerge(r.Context(), m.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	if s.cfg.Live != nil {
		s.cfg.Live.Merged(m.MeetingID, m.IntoID, m.FromID)
	}
	next := "/groups/" + into.GroupID
	if into.PartID != "" {
		next += "?part=" + into.PartID
	}
	s.redirect(w, r, next+"#h-merges", "statement.unmerged")
}
