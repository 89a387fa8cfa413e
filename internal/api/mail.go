package api

import (
	"net/http"

	"github.com/plenary-org/plenary/internal/mail"
)

type mailPreferenceJSON struct {
	Topic string `json:"topic"`
	Mode  string `json:"mode"`
}

type mailPreferencesJSON struct {
	Preferences []mailPreferenceJSON `json:"preferences"`
}

func mailPreferencesOut(ps []mail.Preference) mailPreferencesJSON {
	out := mailPreferencesJSON{Preferences: []mailPreferenceJSON{}}
	for _, p := range ps {
		out.Preferences = append(out.Preferences, mailPreferenceJSON{Topic: p.Topic, Mode: p.Mode})
	}
	return out
}

func (s *Server) getMailPreferences(w http.ResponseWriter, r *http.Request) {
	ps, err := s.mail.Preferences(r.Context(), actor(r))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, mailPreferencesOut(ps))
}

// putMailPreferencesInput sets the modes of the topics it names.
type putMailPreferencesInput struct {
	Modes map[string]string `json:"modes"`
}

func (s *Server) putMailPreferences(w http.ResponseWriter, r *http.Request) {
	var in putMailPreferencesInput
	if err := decode(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	if err := s.mail.SetPreferences(r.Context(), actor(r), in.Modes); err != nil {
		s.writeError(w, r, err)
		return
	}
	s.getMailPreferences(w, r)
}
