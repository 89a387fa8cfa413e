package api

import (
	"net/http"

	"github.com/plenary-org/plenary/internal/domain"
)

type processInput struct {
	Name        string `json:"name"`
	Description string `json:"description"`
}

type processUpdate struct {
	processInput
	Version *int `json:"version"`
}

// viewableProcess loads the process named in the path if the actor may see
// it, and, when manage is set, edit it. A process the actor may not see is
// reported as not found.
func (s *Server) viewableProcess(r *http.Request, manage bool) (*domain.Process, error) {
	return s.structure.Process(r.Context(), actor(r), r.PathValue("id"), manage)
}

func (s *Server) listProcesses(w http.ResponseWriter, r *http.Request) {
	ps, err := s.structure.Processes(r.Context(), actor(r))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, list[processJSON]{Items: mapSlice(ps, processView)})
}

func (s *Server) getProcess(w http.ResponseWriter, r *http.Request) {
	p, err := s.viewableProcess(r, false)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, processView(p))
}

func (s *Server) createProcess(w http.ResponseWriter, r *http.Request) {
	var in processInput
	if err := decode(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	p := domain.Process{Name: in.Name, Description: in.Description}
	if err := s.structure.CreateProcess(r.Context(), actor(r), &p); err != nil {
		s.writeError(w, r, err)
		return
	}
	created(w, "/processes/"+p.ID, processView(&p))
}

func (s *Server) updateProcess(w http.ResponseWriter, r *http.Request) {
	p, err := s.viewableProcess(r, true)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	var in processUpdate
	if err := decode(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	if p.Version, err = requireVersion(in.Version); err != nil {
		s.writeError(w, r, err)
		return
	}
	p.Name, p.Description = in.Name, in.Description
	if err := s.structure.UpdateProcess(r.Context(), actor(r), p); err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, processView(p))
}

type meetingInput struct {
	Organisation    []string `json:"organisation"`
	Title           string   `json:"title"`
	Subtitle        string   `json:"subtitle"`
	ShortName       string   `json:"short_name"`
	DocTitle        string   `json:"doc_title"`
	Venue           string   `json:"venue"`
	StartsOn        string   `json:"starts_on"`
	EndsOn          string   `json:"ends_on"`
	Details         []string `json:"details"`
	ObjectivesTitle string   `json:"objectives_title"`
	ObjectivesIntro string   `json:"objectives_intro"`
	IssuesTitle     string   `json:"issues_title"`
	IssuesIntro     string   `json:"issues_intro"`
	SessionsTitle   string   `json:"sessions_title"`
	NonAttribution  bool     `json:"non_attribution"`
	// NonAttributionMinBodies is k (domain.Describe); nil keeps the
	// meeting's, or the default on creation.
	NonAttributionMinBodies *int `json:"non_attribution_min_bodies"`
}

type meetingUpdate struct {
	meetingInput
	Version *int `json:"version"`
}

func (in meetingInput) apply(m *domain.Meeting) {
	m.Organisation, m.Title, m.Subtitle, m.ShortName, m.DocTitle = in.Organisation, in.Title, in.Subtitle, in.ShortName, in.DocTitle
	m.Venue, m.StartsOn, m.EndsOn = in.Venue, in.StartsOn, in.EndsOn
	m.ObjectivesIntro, m.IssuesIntro, m.NonAttribution = in.ObjectivesIntro, in.IssuesIntro, in.NonAttribution
	m.Details, m.ObjectivesTitle, m.IssuesTitle, m.SessionsTitle = in.Details, in.ObjectivesTitle, in.IssuesTitle, in.SessionsTitle
	if in.NonAttributionMinBodies != nil {
		m.NonAttributionMinBodies = *in.NonAttributionMinBodies
	}
}

func (s *Server) listMeetings(w http.ResponseWriter, r *http.Request) {
	p, err := s.viewableProcess(r, false)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	ms, err := s.structure.Meetings(r.Context(), actor(r), p.ID)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, list[meetingJSON]{Items: mapSlice(ms, meetingView)})
}

func (s *Server) createMeeting(w http.ResponseWriter, r *http.Request) {
	p, err := s.viewableProcess(r, true)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	var in meetingInput
	if err := decode(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	m := domain.Meeting{ProcessID: p.ID}
	in.apply(&m)
	if err := s.structure.CreateMeeting(r.Context(), actor(r), &m); err != nil {
		s.writeError(w, r, err)
		return
	}
	created(w, "/meetings/"+m.ID, meetingView(&m))
}

// viewableMeeting loads the meeting named in the path if the actor may see
// it, and, when manage is set, manage it.
func (s *Server) viewableMeeting(r *http.Request, manage bool) (*domain.Meeting, error) {
	return s.structure.Meeting(r.Context(), actor(r), r.PathValue("id"), manage)
}

func (s *Server) getMeeting(w http.ResponseWriter, r *http.Request) {
	m, err := s.viewableMeeting(r, false)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, meetingView(m))
}

func (s *Server) updateMeeting(w http.ResponseWriter, r *http.Request) {
	m, err := s.viewableMeeting(r, true)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	var in meetingUpdate
	if err := decode(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	if m.Version, err = requireVersion(in.Version); err != nil {
		s.writeError(w, r, err)
		return
	}
	in.apply(m)
	if err := s.structure.UpdateMeeting(r.Context(), actor(r), m); err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, meetingView(m))
}

func (s *Server) deleteMeeting(w http.ResponseWriter, r *http.Request) {
	if _, err := s.structure.DeleteMeeting(r.Context(), actor(r), r.PathValue("id")); err != nil {
		s.writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) getAgenda(w http.ResponseWriter, r *http.Request) {
	m, err := s.viewableMeeting(r, false)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	a, err := s.db.Agenda(r.Context(), m.ID)
	if lang := r.URL.Query().Get("lang"); lang != "" && err == nil {
		// That language's version: its translations, the original where
		// one is missing.
		a, _, err = s.texts.AgendaIn(r.Context(), actor(r), m.ID, lang)
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, agendaView(a))
}
