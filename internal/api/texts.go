package api

import (
	"net/http"
	"time"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/texts"
)

// textTranslationJSON is one translation of a text.
type textTranslationJSON struct {
	Text       string    `json:"text"`
	Machine    bool      `json:"machine"`
	Unofficial bool      `json:"unofficial"`
	Translator string    `json:"translator"`
	UpdatedAt  time.Time `json:"updated_at"`
	Version    int       `json:"version"`
}

// textEntryJSON is one translatable text with its original and its
// translations by language.
type textEntryJSON struct {
	Kind         string                         `json:"kind"`
	ID           string                         `json:"id"`
	Field        string                         `json:"field"`
	Where        string                         `json:"where"`
	Original     string                         `json:"original"`
	Translations map[string]textTranslationJSON `json:"translations"`
}

// textsJSON is a record's translatable texts: their original language,
// every text, and how many are missing by language.
type textsJSON struct {
	Lang    string          `json:"lang"`
	Entries []textEntryJSON `json:"entries"`
	Missing map[string]int  `json:"missing"`
}

// textEditJSON is one translation to save: the text ("" removes it), its
// marks, and the version it replaces (0 when there was none).
type textEditJSON struct {
	Kind       string `json:"kind"`
	ID         string `json:"id"`
	Field      string `json:"field"`
	Lang       string `json:"lang"`
	Text       string `json:"text"`
	Machine    bool   `json:"machine"`
	Unofficial bool   `json:"unofficial"`
	Version    int    `json:"version"`
}

// textsInput is the body of a save of translations.
type textsInput struct {
	Translations []textEditJSON `json:"translations"`
}

// textsSaved says how many translations a save changed.
type textsSaved struct {
	Changed int `json:"changed"`
}

func textsView(t *texts.Texts) textsJSON {
	out := textsJSON{Lang: t.Lang, Entries: []textEntryJSON{}, Missing: map[string]int{}}
	for _, l := range t.Others() {
		out.Missing[l] = t.Missing[l]
	}
	for _, e := range t.Entries {
		j := textEntryJSON{Kind: string(e.Kind), ID: e.ID, Field: e.Field, Where: e.Where, Original: e.Original, Translations: map[string]textTranslationJSON{}}
		for l, tr := range e.Translations {
			j.Translations[l] = textTranslationJSON{Text: tr.Text, Machine: tr.Machine, Unofficial: tr.Unofficial, Translator: tr.Translator, UpdatedAt: tr.UpdatedAt.UTC(), Version: tr.Version}
		}
		out.Entries = append(out.Entries, j)
	}
	return out
}

func (in textsInput) edits() []texts.Edit {
	out := make([]texts.Edit, 0, len(in.Translations))
	for _, e := range in.Translations {
		out = append(out, texts.Edit{TextKey: domain.TextKey{Kind: domain.TextKind(e.Kind), ID: e.ID, Field: e.Field}, Lang: e.Lang, Text: e.Text,
			Machine: e.Machine, Unofficial: e.Unofficial, Version: e.Version})
	}
	return out
}

// getMeetingTexts returns the translatable texts of a meeting and its
// structure with their translations, to those who manage the meeting.
func (s *Server) getMeetingTexts(w http.ResponseWriter, r *http.Request) {
	t, err := s.texts.MeetingTexts(r.Context(), actor(r), r.PathValue("id"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, textsView(t))
}

// saveMeetingTexts saves translations of a meeting's texts; a stale
// version gives 409 and nothing is saved.
func (s *Server) saveMeetingTexts(w http.ResponseWriter, r *http.Request) {
	var in textsInput
	if err := decode(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	res, err := s.texts.SaveMeetingTexts(r.Context(), actor(r), r.PathValue("id"), in.edits())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, textsSaved{Changed: res.Changed})
}

func (s *Server) getBodyTexts(w http.ResponseWriter, r *http.Request) {
	t, err := s.texts.BodyTexts(r.Context(), actor(r))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, textsView(t))
}

func (s *Server) saveBodyTexts(w http.ResponseWriter, r *http.Request) {
	var in textsInput
	if err := decode(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	res, err := s.texts.SaveBodyTexts(r.Context(), actor(r), in.edits())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, textsSaved{Changed: res.Changed})
}

func (s *Server) getProcessTexts(w http.ResponseWriter, r *http.Request) {
	t, err := s.texts.ProcessTexts(r.Context(), actor(r), r.PathValue("id"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, textsView(t))
}

func (s *Server) saveProcessTexts(w http.ResponseWriter, r *http.Request) {
	var in textsInput
	if err := decode(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	res, err := s.texts.SaveProcessTexts(r.Context(), actor(r), r.PathValue("id"), in.edits())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, textsSaved{Changed: res.Changed})
}

func (s *Server) textRoutes() []route {
	return []route{
		{method: "GET", path: prefix + "/meetings/{id}/translations", handler: s.getMeetingTexts},
		{method: "PUT", path: prefix + "/meetings/{id}/translations", handler: s.saveMeetingTexts},
		{method: "GET", path: prefix + "/bodies/translations", handler: s.getBodyTexts},
		{method: "PUT", path: prefix + "/bodies/translations", handler: s.saveBodyTexts},
		{method: "GET", path: prefix + "/processes/{id}/translations", handler: s.getProcessTexts},
		{method: "PUT", path: prefix + "/processes/{id}/translations", handler: s.saveProcessTexts},
	}
}
