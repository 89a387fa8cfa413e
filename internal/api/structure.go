package api

import (
	"context"
	"net/http"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/store"
)

// authorizeIn finds the meeting that holds the object of objType named in
// the path ("session", "part", "item" or "group") and checks that the actor
// may see that meeting (else the object is not found) and, when manage is
// set, manage it (else forbidden).
func (s *Server) authorizeIn(r *http.Request, objType string, manage bool) (store.Scope, error) {
	sc, err := s.db.ScopeOf(r.Context(), objType, r.PathValue("id"))
	if err != nil {
		return sc, err
	}
	a := actor(r)
	if !a.CanViewMeeting(sc.ProcessID, sc.MeetingID) {
		return sc, domain.NotFound(objType)
	}
	if manage && !a.CanManageMeeting(sc.ProcessID, sc.MeetingID) {
		return sc, domain.Forbidden()
	}
	return sc, nil
}

type sessionInput struct {
	Number         int    `json:"number"`
	Title          string `json:"title"`
	Intro          string `json:"intro"`
	ObjectivesNote string `json:"objectives_note"`
	QuestionsNote  string `json:"questions_note"`
}

func (in sessionInput) session() domain.Session {
	return domain.Session{Number: in.Number, Title: in.Title, Intro: in.Intro, ObjectivesNote: in.ObjectivesNote, QuestionsNote: in.QuestionsNote}
}

type sessionUpdate struct {
	sessionInput
	Version *int `json:"version"`
}

func (s *Server) createSession(w http.ResponseWriter, r *http.Request) {
	m, err := s.viewableMeeting(r, true)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	var in sessionInput
	if err := decode(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	sess := in.session()
	sess.MeetingID = m.ID
	if err := s.db.CreateSession(r.Context(), &sess); err != nil {
		s.writeError(w, r, err)
		return
	}
	created(w, "/sessions/"+sess.ID, sessionView(&sess))
}

func (s *Server) updateSession(w http.ResponseWriter, r *http.Request) {
	if _, err := s.authorizeIn(r, "session", true); err != nil {
		s.writeError(w, r, err)
		return
	}
	var in sessionUpdate
	if err := decode(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	v, err := requireVersion(in.Version)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	sess := in.session()
	sess.ID, sess.Version = r.PathValue("id"), v
	if err := s.db.UpdateSession(r.Context(), &sess); err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, sessionView(&sess))
}

func (s *Server) deleteSession(w http.ResponseWriter, r *http.Request) {
	s.deleteIn(w, r, "session", s.db.DeleteSession)
}

// deleteIn deletes the object of objType named in the path with del after
// checking that the actor manages its meeting.
func (s *Server) deleteIn(w http.ResponseWriter, r *http.Request, objType string, del func(ctx context.Context, id string) error) {
	if _, err := s.authorizeIn(r, objType, true); err != nil {
		s.writeError(w, r, err)
		return
	}
	if err := del(r.Context(), r.PathValue("id")); err != nil {
		s.writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

type partInput struct {
	Title          string `json:"title"`
	Kind           string `json:"kind"`
	Intro          string `json:"intro"`
	ObjectivesNote string `json:"objectives_note"`
	QuestionsNote  string `json:"questions_note"`
}

func (in partInput) part() domain.Part {
	return domain.Part{Title: in.Title, Kind: domain.PartKind(in.Kind), Intro: in.Intro, ObjectivesNote: in.ObjectivesNote, QuestionsNote: in.QuestionsNote}
}

type partUpdate struct {
	partInput
	Version *int `json:"version"`
}

func (s *Server) createPart(w http.ResponseWriter, r *http.Request) {
	if _, err := s.authorizeIn(r, "session", true); err != nil {
		s.writeError(w, r, err)
		return
	}
	var in partInput
	if err := decode(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	p := in.part()
	p.SessionID = r.PathValue("id")
	if err := s.db.CreatePart(r.Context(), &p); err != nil {
		s.writeError(w, r, err)
		return
	}
	created(w, "/parts/"+p.ID, partView(&p))
}

func (s *Server) updatePart(w http.ResponseWriter, r *http.Request) {
	if _, err := s.authorizeIn(r, "part", true); err != nil {
		s.writeError(w, r, err)
		return
	}
	var in partUpdate
	if err := decode(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	v, err := requireVersion(in.Version)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	p := in.part()
	p.ID, p.Version = r.PathValue("id"), v
	if err := s.db.UpdatePart(r.Context(), &p); err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, partView(&p))
}

func (s *Server) deletePart(w http.ResponseWriter, r *http.Request) {
	s.deleteIn(w, r, "part", s.db.DeletePart)
}

type itemInput struct {
	SessionID string `json:"session_id"`
	PartID    string `json:"part_id"`
	ParentID  string `json:"parent_id"`
	Kind      string `json:"kind"`
	Label     string `json:"label"`
	Text      string `json:"text"`
	Footnotes []int  `json:"footnotes"`
}

type itemUpdate struct {
	Kind      string `json:"kind"`
	Label     string `json:"label"`
	Text      string `json:"text"`
	Footnotes []int  `json:"footnotes"`
	Version   *int   `json:"version"`
}

// itemFields maps the store's container field names to the request's.
var itemFields = map[string]string{"session": "session_id", "part": "part_id", "parent": "parent_id"}

func (s *Server) createItem(w http.ResponseWriter, r *http.Request) {
	m, err := s.viewableMeeting(r, true)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	var in itemInput
	if err := decode(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	it := domain.AgendaItem{MeetingID: m.ID, SessionID: in.SessionID, PartID: in.PartID, ParentID: in.ParentID,
		Kind: domain.ItemKind(in.Kind), Label: in.Label, Text: in.Text, Footnotes: in.Footnotes}
	if err := s.db.CreateItem(r.Context(), &it); err != nil {
		s.writeError(w, r, renameFields(err, itemFields))
		return
	}
	created(w, "/items/"+it.ID, itemView(&it))
}

func (s *Server) updateItem(w http.ResponseWriter, r *http.Request) {
	if _, err := s.authorizeIn(r, "item", true); err != nil {
		s.writeError(w, r, err)
		return
	}
	var in itemUpdate
	if err := decode(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	v, err := requireVersion(in.Version)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	it := domain.AgendaItem{ID: r.PathValue("id"), Kind: domain.ItemKind(in.Kind), Label: in.Label, Text: in.Text,
		Footnotes: in.Footnotes, Version: v}
	if err := s.db.UpdateItem(r.Context(), &it); err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, itemView(&it))
}

func (s *Server) deleteItem(w http.ResponseWriter, r *http.Request) {
	s.deleteIn(w, r, "item", s.db.DeleteItem)
}

type groupInput struct {
	Name   string `json:"name"`
	Region string `json:"region"`
}

type groupUpdate struct {
	groupInput
	Version *int `json:"version"`
}

func (s *Server) listGroups(w http.ResponseWriter, r *http.Request) {
	m, err := s.viewableMeeting(r, false)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	gs, err := s.db.Groups(r.Context(), m.ID)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, list[groupJSON]{Items: mapSlice(gs, groupView)})
}

func (s *Server) createGroup(w http.ResponseWriter, r *http.Request) {
	m, err := s.viewableMeeting(r, true)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	var in groupInput
	if err := decode(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	g := domain.Group{MeetingID: m.ID, Name: in.Name, Region: in.Region}
	if err := s.db.CreateGroup(r.Context(), &g); err != nil {
		s.writeError(w, r, err)
		return
	}
	created(w, "/groups/"+g.ID, groupView(&g))
}

func (s *Server) updateGroup(w http.ResponseWriter, r *http.Request) {
	if _, err := s.authorizeIn(r, "group", true); err != nil {
		s.writeError(w, r, err)
		return
	}
	var in groupUpdate
	if err := decode(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	v, err := requireVersion(in.Version)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	g := domain.Group{ID: r.PathValue("id"), Name: in.Name, Region: in.Region, Version: v}
	if err := s.db.UpdateGroup(r.Context(), &g); err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, groupView(&g))
}

func (s *Server) deleteGroup(w http.ResponseWriter, r *http.Request) {
	s.deleteIn(w, r, "group", s.db.DeleteGroup)
}
