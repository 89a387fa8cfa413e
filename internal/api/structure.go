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
	return s.structure.Scope(r.Context(), actor(r), objType, r.PathValue("id"), manage)
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
	if err := s.structure.CreateSession(r.Context(), actor(r), &sess); err != nil {
		s.writeError(w, r, err)
		return
	}
	created(w, "/sessions/"+sess.ID, sessionView(&sess))
}

func (s *Server) updateSession(w http.ResponseWriter, r *http.Request) {
	updateIn(s, w, r, "session", func(in *sessionUpdate, id string, v int) *domain.Session {
		sess := in.session()
		sess.ID, sess.Version = id, v
		return &sess
	}, s.structure.UpdateSession, sessionView)
}

func (s *Server) deleteSession(w http.ResponseWriter, r *http.Request) {
	s.deleteIn(w, r, s.structure.DeleteSession)
}

// versioned is the body of an update: the fields and the version the
// client read.
type versioned interface{ version() *int }

func (u sessionUpdate) version() *int { return u.Version }
func (u partUpdate) version() *int    { return u.Version }
func (u itemUpdate) version() *int    { return u.Version }
func (u groupUpdate) version() *int   { return u.Version }

// updateIn updates the object of objType named in the path: build makes
// the object to save from the body, the ID and the version read
// (required); save is the use case that writes it (EFORBIDDEN unless the
// actor manages its meeting, checked before the body is read too;
// ECONFLICT when the version is stale); view lays out what was saved.
func updateIn[In versioned, Obj, View any](s *Server, w http.ResponseWriter, r *http.Request, objType string,
	build func(in *In, id string, version int) *Obj, save func(context.Context, *domain.Actor, *Obj) (store.Scope, error), view func(*Obj) View) {
	if _, err := s.authorizeIn(r, objType, true); err != nil {
		s.writeError(w, r, err)
		return
	}
	var in In
	if err := decode(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	v, err := requireVersion(in.version())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	obj := build(&in, r.PathValue("id"), v)
	if _, err := save(r.Context(), actor(r), obj); err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, view(obj))
}

// deleteIn deletes the object named in the path with the use case del.
func (s *Server) deleteIn(w http.ResponseWriter, r *http.Request, del func(context.Context, *domain.Actor, string) (store.Scope, error)) {
	if _, err := del(r.Context(), actor(r), r.PathValue("id")); err != nil {
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
	if _, err := s.authorizeIn(r, "session", true); err != nil { // before reading the body
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
	if _, err := s.structure.CreatePart(r.Context(), actor(r), &p); err != nil {
		s.writeError(w, r, err)
		return
	}
	created(w, "/parts/"+p.ID, partView(&p))
}

func (s *Server) updatePart(w http.ResponseWriter, r *http.Request) {
	updateIn(s, w, r, "part", func(in *partUpdate, id string, v int) *domain.Part {
		p := in.part()
		p.ID, p.Version = id, v
		return &p
	}, s.structure.UpdatePart, partView)
}

func (s *Server) deletePart(w http.ResponseWriter, r *http.Request) {
	s.deleteIn(w, r, s.structure.DeletePart)
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
	if err := s.structure.CreateItem(r.Context(), actor(r), &it); err != nil {
		s.writeError(w, r, renameFields(err, itemFields))
		return
	}
	created(w, "/items/"+it.ID, itemView(&it))
}

func (s *Server) updateItem(w http.ResponseWriter, r *http.Request) {
	updateIn(s, w, r, "item", func(in *itemUpdate, id string, v int) *domain.AgendaItem {
		return &domain.AgendaItem{ID: id, Kind: domain.ItemKind(in.Kind), Label: in.Label, Text: in.Text, Footnotes: in.Footnotes, Version: v}
	}, s.structure.UpdateItem, itemView)
}

func (s *Server) deleteItem(w http.ResponseWriter, r *http.Request) {
	s.deleteIn(w, r, s.structure.DeleteItem)
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
	gs, err := s.structure.Groups(r.Context(), actor(r), m.ID)
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
	if err := s.structure.CreateGroup(r.Context(), actor(r), &g); err != nil {
		s.writeError(w, r, err)
		return
	}
	created(w, "/groups/"+g.ID, groupView(&g))
}

func (s *Server) updateGroup(w http.ResponseWriter, r *http.Request) {
	updateIn(s, w, r, "group", func(in *groupUpdate, id string, v int) *domain.Group {
		return &domain.Group{ID: id, Name: in.Name, Region: in.Region, Version: v}
	}, s.structure.UpdateGroup, groupView)
}

func (s *Server) deleteGroup(w http.ResponseWriter, r *http.Request) {
	s.deleteIn(w, r, s.structure.DeleteGroup)
}
