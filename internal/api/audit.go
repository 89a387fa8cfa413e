package api

import (
	"net/http"
	"strconv"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/store"
)

// auditParams reads the before_id and limit query parameters of the audit
// trail's pages.
func auditParams(r *http.Request) (store.AuditFilter, error) {
	q := r.URL.Query()
	var f store.AuditFilter
	var errs domain.Errors
	if s := q.Get("before_id"); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n < 1 {
			errs = append(errs, domain.Invalid("before_id", "error.before_id", "must be the positive id of an audit event"))
		}
		f.BeforeID = n
	}
	f.Limit = defaultLimit
	if s := q.Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > maxLimit {
			errs = append(errs, domain.Invalid("limit", "error.limit", "must be a whole number from 1 to %d", maxLimit))
		}
		f.Limit = n
	}
	return f, errs.Err()
}

func (s *Server) writeAudit(w http.ResponseWriter, r *http.Request, f store.AuditFilter) {
	es, err := s.db.AuditEvents(r.Context(), f)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out := auditPageJSON{Items: mapSlice(es, auditView)}
	if len(es) == f.Limit {
		out.NextBeforeID = es[len(es)-1].ID
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) meetingAudit(w http.ResponseWriter, r *http.Request) {
	m, err := s.viewableMeeting(r, true)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	f, err := auditParams(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	f.MeetingID = m.ID
	s.writeAudit(w, r, f)
}

// audit serves the trail of one object. Administrators may read any trail,
// and the whole trail when they name no object; the secretariat may read
// the trails of the processes and meetings they manage and of what those
// hold.
func (s *Server) audit(w http.ResponseWriter, r *http.Request) {
	f, err := auditParams(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	q := r.URL.Query()
	f.ObjectType, f.ObjectID = q.Get("object_type"), q.Get("object_id")
	if err := s.authorizeAudit(r, f.ObjectType, f.ObjectID); err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeAudit(w, r, f)
}

func (s *Server) authorizeAudit(r *http.Request, objType, objID string) error {
	a := actor(r)
	if a.IsAdmin() {
		return nil
	}
	var errs domain.Errors
	if objType == "" {
		errs = append(errs, domain.Invalid("object_type", "error.required", "this field is required"))
	}
	if objID == "" {
		errs = append(errs, domain.Invalid("object_id", "error.required", "this field is required"))
	}
	if err := errs.Err(); err != nil {
		return err
	}
	ctx := r.Context()
	switch objType {
	case "process":
		if !a.CanViewProcess(objID) {
			return domain.NotFound("process")
		}
		if !a.CanManageProcess(objID) {
			return domain.Forbidden()
		}
		return nil
	case "membership":
		m, err := s.db.Membership(ctx, objID)
		if err != nil {
			return err
		}
		if !a.CanViewMeeting(m.ProcessID, m.MeetingID) {
			return domain.NotFound("membership")
		}
		if !a.CanManageMeeting(m.ProcessID, m.MeetingID) {
			return domain.Forbidden()
		}
		return nil
	case "meeting", "session", "part", "item", "group":
		sc, err := s.db.ScopeOf(ctx, objType, objID)
		if err != nil {
			return err
		}
		if !a.CanViewMeeting(sc.ProcessID, sc.MeetingID) {
			return domain.NotFound(objType)
		}
		if !a.CanManageMeeting(sc.ProcessID, sc.MeetingID) {
			return domain.Forbidden()
		}
		return nil
	}
	return errAdminOnly
}
