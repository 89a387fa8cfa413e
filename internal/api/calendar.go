package api

import (
	"net/http"

	"github.com/plenary-org/plenary/internal/calendar"
)

// scheduleInput sets a meeting's time zone and the times of its sessions
// and parts, by ID; those not named keep theirs.
type scheduleInput struct {
	Version  int                      `json:"version"`
	TimeZone string                   `json:"time_zone"`
	Sessions map[string]calendar.Span `json:"sessions,omitempty"`
	Parts    map[string]calendar.Span `json:"parts,omitempty"`
}

// putSchedule sets a meeting's times (calendar.SetSchedule) and returns its
// agenda with them.
func (s *Server) putSchedule(w http.ResponseWriter, r *http.Request) {
	var in scheduleInput
	if err := decode(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	id := r.PathValue("id")
	a := actor(r)
	err := s.calendar.SetSchedule(r.Context(), a, calendar.ScheduleInput{MeetingID: id, Version: in.Version, TimeZone: in.TimeZone, Sessions: in.Sessions, Parts: in.Parts})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	ag, err := s.calendar.Schedule(r.Context(), a, id)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, agendaView(ag))
}

// getMeetingCalendar returns a meeting's calendar (iCalendar).
func (s *Server) getMeetingCalendar(w http.ResponseWriter, r *http.Request) {
	data, err := s.calendar.MeetingCalendar(r.Context(), actor(r), r.PathValue("id"), "")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Write(data)
}
