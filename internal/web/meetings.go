package web

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/store"
)

type meetingView struct {
	Agenda     *domain.Agenda
	Process    *domain.Process
	Groups     []*domain.Group
	CanManage  bool
	LiveLabels string // JSON: the words the live activity list needs, in the page's language
	// Contributions is how many contributions the viewer may find in the
	// meeting, -1 when search failed.
	Contributions int
	// Outcome is the state of the meeting's outcome document.
	Outcome domain.OutcomeStatus
	// Times are the times of the sessions and parts, by ID, in the
	// venue's zone and the reader's.
	Times map[string]shownTime
}

// liveObjects are the kinds of change the live activity list names.
var liveObjects = []string{"meeting", "session", "part", "item", "footnote", "group", "membership", "invitation", "contribution", "statement"}

// liveActions are the actions beyond create, update and delete that the
// live activity list names in words.
var liveActions = []string{"submit", "publish", "return", "withdraw", "reopen", "translate", "attach", "detach", "import"}

func liveLabels(pg *Page) string {
	m := map[string]string{"create": pg.T("live.create"), "update": pg.T("live.update"), "delete": pg.T("live.delete"),
		"other": pg.T("live.other"), "reconnecting": pg.T("live.reconnecting")}
	for _, o := range liveObjects {
		m["object."+o] = pg.T("object." + o)
	}
	for _, a := range liveActions {
		m[a] = pg.T("history.action." + a)
	}
	b, _ := json.Marshal(m)
	return string(b)
}

func (s *Server) showMeeting(w http.ResponseWriter, r *http.Request) {
	s.renderMeeting(w, r, "meeting")
}

// meetingStructure is the secretariat's editing view of the agenda.
func (s *Server) meetingStructure(w http.ResponseWriter, r *http.Request) {
	s.renderMeeting(w, r, "structure")
}

func (s *Server) renderMeeting(w http.ResponseWriter, r *http.Request, tmpl string) {
	manage := tmpl == "structure"
	a, err := s.loadAgenda(r, manage)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p, err := s.db.Process(r.Context(), a.Meeting.ProcessID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	gs, err := s.db.Groups(r.Context(), a.Meeting.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := &meetingView{Agenda: a, Process: p, Groups: gs, CanManage: actor(r).CanManageMeeting(p.ID, a.Meeting.ID)}
	v.Contributions = s.contributionCount(r, a.Meeting.ID)
	o, err := s.outcomes.Outcome(r.Context(), actor(r), a.Meeting.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v.Outcome = o.Status
	pg := s.page(r, a.Meeting.Name(), v)
	v.LiveLabels = liveLabels(pg)
	if v.Times, err = s.readerTimes(r, pg, a); err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, tmpl, pg)
}

func (s *Server) editMeeting(w http.ResponseWriter, r *http.Request) {
	m, err := s.structure.Meeting(r.Context(), actor(r), r.PathValue("id"), true)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p, _ := s.db.Process(r.Context(), m.ProcessID)
	pg := s.page(r, "", meetingForm{Process: p, Meeting: m, Action: "/meetings/" + m.ID})
	pg.Title = pg.T("meeting.edit")
	s.render(w, r, http.StatusOK, "meeting_form", pg)
}

func (s *Server) updateMeeting(w http.ResponseWriter, r *http.Request) {
	m, err := s.structure.Meeting(r.Context(), actor(r), r.PathValue("id"), true)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	was := m.NonAttribution
	err = meetingFromForm(r, m)
	if err == nil {
		m.Version, err = formInt(r, "version")
	}
	if err == nil && m.NonAttribution != was && !formBool(r, "confirm_rule") {
		// A change of the non-attribution rule is confirmed first, once
		// the secretariat has read what it changes and what it does not.
		p, _ := s.db.Process(r.Context(), m.ProcessID)
		pg := s.page(r, "", meetingForm{Process: p, Meeting: m, Action: "/meetings/" + m.ID, ConfirmRule: true})
		pg.Title = pg.T("meeting.rule_confirm_title")
		s.render(w, r, http.StatusOK, "meeting_form", pg)
		return
	}
	if err == nil {
		err = s.structure.UpdateMeeting(r.Context(), actor(r), m)
	}
	if err != nil {
		p, _ := s.db.Process(r.Context(), m.ProcessID)
		pg := s.page(r, "", meetingForm{Process: p, Meeting: m, Action: "/meetings/" + m.ID})
		pg.Title = pg.T("meeting.edit")
		s.formFailure(w, r, err, "meeting_form", pg)
		return
	}
	s.redirect(w, r, "/meetings/"+m.ID, "flash.saved")
}

type confirmView struct {
	Question string
	Action   string
	Back     string
	Button   string // the button's words; "Delete" when empty
}

func (s *Server) confirmDeleteMeeting(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	m, err := s.structure.Meeting(r.Context(), actor(r), id, true)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	pg := s.page(r, "", nil)
	pg.Title = pg.T("meeting.delete")
	pg.Data = confirmView{Question: pg.T("meeting.delete_confirm", m.Name()), Action: "/meetings/" + id + "/delete", Back: "/meetings/" + id}
	s.render(w, r, http.StatusOK, "confirm", pg)
}

func (s *Server) deleteMeeting(w http.ResponseWriter, r *http.Request) {
	sc, err := s.structure.DeleteMeeting(r.Context(), actor(r), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/processes/"+sc.ProcessID, "flash.deleted")
}

// structure editing

func (s *Server) createSession(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if _, err := s.scope(r, "meeting", id, true); err != nil { // before reading the form
		s.fail(w, r, err)
		return
	}
	n, err := formInt(r, "number")
	ss := &domain.Session{MeetingID: id, Number: n, Title: r.PostFormValue("title")}
	if err == nil {
		err = s.structure.CreateSession(r.Context(), actor(r), ss)
	}
	s.afterStructureEdit(w, r, id, err)
}

// afterStructureEdit returns to the structure page, with the error shown
// at the top when there was one.
func (s *Server) afterStructureEdit(w http.ResponseWriter, r *http.Request, meetingID string, err error) {
	if err == nil {
		s.redirect(w, r, "/meetings/"+meetingID+"/structure", "flash.saved")
		return
	}
	if domain.ErrorCode(err) != domain.EINVALID && domain.ErrorCode(err) != domain.ECONFLICT {
		s.fail(w, r, err)
		return
	}
	if _, serr := s.scope(r, "meeting", meetingID, true); serr != nil { // the editor is for those who manage
		s.fail(w, r, serr)
		return
	}
	a, lerr := s.db.Agenda(r.Context(), meetingID)
	if lerr != nil {
		s.fail(w, r, lerr)
		return
	}
	p, _ := s.db.Process(r.Context(), a.Meeting.ProcessID)
	gs, _ := s.db.Groups(r.Context(), meetingID)
	pg := s.page(r, a.Meeting.Name(), meetingView{Agenda: a, Process: p, Groups: gs, CanManage: true})
	pg.fieldErrors(err)
	pg.FormError = pg.message(err)
	s.render(w, r, statusOf(err), "structure", pg)
}

type sessionForm struct {
	Session *domain.Session
}

func (s *Server) editSession(w http.ResponseWriter, r *http.Request) {
	editInAgenda(s, w, r, s.structure.Session, func(ss *domain.Session) any { return sessionForm{Session: ss} }, "session.edit", "session_form")
}

// editInAgenda shows the form that edits the object named in the path:
// load reads it (to those who manage its meeting), form lays it out for
// the template tmpl, under the title titleKey.
func editInAgenda[T any](s *Server, w http.ResponseWriter, r *http.Request,
	load func(context.Context, *domain.Actor, string) (T, error), form func(T) any, titleKey, tmpl string) {
	obj, err := load(r.Context(), actor(r), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	pg := s.page(r, "", form(obj))
	pg.Title = pg.T(titleKey)
	s.render(w, r, http.StatusOK, tmpl, pg)
}

func (s *Server) updateSession(w http.ResponseWriter, r *http.Request) {
	ss := &domain.Session{ID: r.PathValue("id"), Title: r.PostFormValue("title"), Intro: r.PostFormValue("intro"),
		ObjectivesNote: strings.TrimSpace(r.PostFormValue("objectives_note")), QuestionsNote: strings.TrimSpace(r.PostFormValue("questions_note"))}
	sc, err := s.scope(r, "session", ss.ID, true) // before reading the form
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ss.Number, err = formInt(r, "number")
	if err == nil {
		ss.Version, err = formInt(r, "version")
	}
	if err == nil {
		sc, err = s.structure.UpdateSession(r.Context(), actor(r), ss)
	}
	if err != nil {
		pg := s.page(r, "", sessionForm{Session: ss})
		pg.Title = pg.T("session.edit")
		s.formFailure(w, r, err, "session_form", pg)
		return
	}
	s.redirect(w, r, "/meetings/"+sc.MeetingID+"/structure", "flash.saved")
}

func (s *Server) deleteSession(w http.ResponseWriter, r *http.Request) {
	s.deleteFromAgenda(w, r, "session", s.structure.DeleteSession)
}

func (s *Server) createPart(w http.ResponseWriter, r *http.Request) {
	p := &domain.Part{SessionID: r.PathValue("id"), Title: r.PostFormValue("title"), Kind: domain.PartKind(r.PostFormValue("kind"))}
	sc, err := s.structure.CreatePart(r.Context(), actor(r), p)
	s.afterStructureEdit(w, r, sc.MeetingID, err)
}

type partForm struct {
	Part  *domain.Part
	Kinds []domain.PartKind
}

func (s *Server) editPart(w http.ResponseWriter, r *http.Request) {
	editInAgenda(s, w, r, s.structure.Part, func(p *domain.Part) any { return partForm{Part: p, Kinds: domain.PartKinds} }, "part.edit", "part_form")
}

func (s *Server) updatePart(w http.ResponseWriter, r *http.Request) {
	p := &domain.Part{ID: r.PathValue("id"), Title: r.PostFormValue("title"), Kind: domain.PartKind(r.PostFormValue("kind")), Intro: r.PostFormValue("intro"),
		ObjectivesNote: strings.TrimSpace(r.PostFormValue("objectives_note")), QuestionsNote: strings.TrimSpace(r.PostFormValue("questions_note"))}
	sc, err := s.scope(r, "part", p.ID, true) // before reading the form
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if p.Version, err = formInt(r, "version"); err == nil {
		sc, err = s.structure.UpdatePart(r.Context(), actor(r), p)
	}
	if err != nil {
		pg := s.page(r, "", partForm{Part: p, Kinds: domain.PartKinds})
		pg.Title = pg.T("part.edit")
		s.formFailure(w, r, err, "part_form", pg)
		return
	}
	s.redirect(w, r, "/meetings/"+sc.MeetingID+"/structure", "flash.saved")
}

func (s *Server) deletePart(w http.ResponseWriter, r *http.Request) {
	s.deleteFromAgenda(w, r, "part", s.structure.DeletePart)
}

func (s *Server) createItem(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	it := &domain.AgendaItem{MeetingID: id, Kind: domain.ItemKind(r.PostFormValue("kind")), Label: strings.TrimSpace(r.PostFormValue("label")),
		Text: r.PostFormValue("text"), SessionID: r.PostFormValue("session"), PartID: r.PostFormValue("part"), ParentID: r.PostFormValue("parent")}
	s.afterStructureEdit(w, r, id, s.structure.CreateItem(r.Context(), actor(r), it))
}

type itemForm struct {
	Item  *domain.AgendaItem
	Kinds []domain.ItemKind
}

func (s *Server) editItem(w http.ResponseWriter, r *http.Request) {
	editInAgenda(s, w, r, s.structure.Item, func(it *domain.AgendaItem) any { return itemForm{Item: it, Kinds: domain.ItemKinds} }, "item.edit", "item_form")
}

func (s *Server) updateItem(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	it, err := s.structure.Item(r.Context(), actor(r), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	it.Kind, it.Label, it.Text = domain.ItemKind(r.PostFormValue("kind")), strings.TrimSpace(r.PostFormValue("label")), r.PostFormValue("text")
	var sc store.Scope
	if it.Version, err = formInt(r, "version"); err == nil {
		sc, err = s.structure.UpdateItem(r.Context(), actor(r), it)
	}
	if err != nil {
		pg := s.page(r, "", itemForm{Item: it, Kinds: domain.ItemKinds})
		pg.Title = pg.T("item.edit")
		s.formFailure(w, r, err, "item_form", pg)
		return
	}
	s.redirect(w, r, "/meetings/"+sc.MeetingID+"/structure#item-"+id, "flash.saved")
}

func (s *Server) deleteItem(w http.ResponseWriter, r *http.Request) {
	s.deleteFromAgenda(w, r, "item", s.structure.DeleteItem)
}

// deleteFromAgenda deletes a session, part or item once the secretariat has
// ticked the confirmation box, and returns to the agenda editor.
func (s *Server) deleteFromAgenda(w http.ResponseWriter, r *http.Request, objType string, del func(context.Context, *domain.Actor, string) (store.Scope, error)) {
	id := r.PathValue("id")
	sc, err := s.scope(r, objType, id, true)
	if err == nil && !formBool(r, "confirm") {
		err = domain.Invalid("confirm", "error.confirm", "tick the box to confirm the deletion")
	}
	if err == nil {
		sc, err = del(r.Context(), actor(r), id)
	}
	s.afterStructureEdit(w, r, sc.MeetingID, err)
}

func (s *Server) moveItem(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	sc, err := s.structure.MoveItem(r.Context(), actor(r), id, r.PostFormValue("dir") == "up")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/meetings/"+sc.MeetingID+"/structure#item-"+id, http.StatusSeeOther)
}

func (s *Server) setFootnote(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if _, err := s.scope(r, "meeting", id, true); err != nil { // before reading the form
		s.fail(w, r, err)
		return
	}
	n, err := formInt(r, "number")
	if err == nil {
		err = s.structure.SetFootnote(r.Context(), actor(r), id, domain.Footnote{Number: n, Text: r.PostFormValue("text")})
	}
	s.afterStructureEdit(w, r, id, err)
}
