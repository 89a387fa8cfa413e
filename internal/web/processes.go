package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"

	"github.com/plenary-org/plenary/internal/agenda"
	"github.com/plenary-org/plenary/internal/domain"
)

type processForm struct {
	Process *domain.Process
}

func (s *Server) newProcess(w http.ResponseWriter, r *http.Request) {
	a, err := loggedIn(r)
	if err == nil && !a.CanCreateProcess() {
		err = domain.Forbidden()
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	pg := s.page(r, "", processForm{Process: &domain.Process{}})
	pg.Title = pg.T("process.new")
	s.render(w, r, http.StatusOK, "process_form", pg)
}

func (s *Server) createProcess(w http.ResponseWriter, r *http.Request) {
	p := &domain.Process{Name: r.PostFormValue("name"), Description: r.PostFormValue("description")}
	if err := s.structure.CreateProcess(r.Context(), actor(r), p); err != nil {
		pg := s.page(r, "", processForm{Process: p})
		pg.Title = pg.T("process.new")
		s.formFailure(w, r, err, "process_form", pg)
		return
	}
	s.redirect(w, r, "/processes/"+p.ID, "flash.saved")
}

type processView struct {
	Process   *domain.Process
	Meetings  []*domain.Meeting
	CanManage bool
	// Outcomes is the state of each meeting's outcome document, by ID.
	Outcomes map[string]domain.OutcomeStatus
}

func (s *Server) showProcess(w http.ResponseWriter, r *http.Request) {
	p, err := s.processScope(r, r.PathValue("id"), false)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	a := actor(r)
	ms, err := s.structure.Meetings(r.Context(), a, p.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	outcomes, err := s.outcomeStatuses(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	pg := s.page(r, p.Name, processView{Process: p, Meetings: ms, CanManage: a.CanManageProcess(p.ID), Outcomes: outcomes})
	s.render(w, r, http.StatusOK, "process", pg)
}

func (s *Server) editProcess(w http.ResponseWriter, r *http.Request) {
	p, err := s.processScope(r, r.PathValue("id"), true)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	pg := s.page(r, "", processForm{Process: p})
	pg.Title = pg.T("process.edit")
	s.render(w, r, http.StatusOK, "process_form", pg)
}

func (s *Server) updateProcess(w http.ResponseWriter, r *http.Request) {
	p, err := s.processScope(r, r.PathValue("id"), true)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p.Name, p.Description = r.PostFormValue("name"), r.PostFormValue("description")
	if p.Version, err = formInt(r, "version"); err == nil {
		err = s.structure.UpdateProcess(r.Context(), actor(r), p)
	}
	if err != nil {
		pg := s.page(r, "", processForm{Process: p})
		pg.Title = pg.T("process.edit")
		s.formFailure(w, r, err, "process_form", pg)
		return
	}
	s.redirect(w, r, "/processes/"+p.ID, "flash.saved")
}

type meetingForm struct {
	Process *domain.Process
	Meeting *domain.Meeting
	Action  string
	// ConfirmRule asks to confirm a change of the non-attribution rule,
	// saying what it changes.
	ConfirmRule bool
}

func (s *Server) newMeeting(w http.ResponseWriter, r *http.Request) {
	p, err := s.processScope(r, r.PathValue("id"), true)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	pg := s.page(r, "", meetingForm{Process: p, Meeting: &domain.Meeting{ProcessID: p.ID}, Action: "/processes/" + p.ID + "/meetings"})
	pg.Title = pg.T("meeting.new")
	s.render(w, r, http.StatusOK, "meeting_form", pg)
}

// meetingFromForm reads the meeting form into m; the error is a number
// that is not one.
func meetingFromForm(r *http.Request, m *domain.Meeting) error {
	m.Title = r.PostFormValue("title")
	m.Subtitle = r.PostFormValue("subtitle")
	m.ShortName = strings.TrimSpace(r.PostFormValue("short_name"))
	m.Venue = r.PostFormValue("venue")
	m.StartsOn = strings.TrimSpace(r.PostFormValue("starts_on"))
	m.EndsOn = strings.TrimSpace(r.PostFormValue("ends_on"))
	m.ObjectivesIntro = r.PostFormValue("objectives_intro")
	m.IssuesIntro = r.PostFormValue("issues_intro")
	m.NonAttribution = formBool(r, "non_attribution")
	if strings.TrimSpace(r.PostFormValue("non_attribution_min_bodies")) == "" {
		return nil // the meeting's k, or the default for a new one
	}
	k, err := formInt(r, "non_attribution_min_bodies")
	m.NonAttributionMinBodies = k
	return err
}

func (s *Server) createMeeting(w http.ResponseWriter, r *http.Request) {
	p, err := s.processScope(r, r.PathValue("id"), true)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	m := &domain.Meeting{ProcessID: p.ID}
	err = meetingFromForm(r, m)
	if err == nil {
		err = s.structure.CreateMeeting(r.Context(), actor(r), m)
	}
	if err != nil {
		pg := s.page(r, "", meetingForm{Process: p, Meeting: m, Action: "/processes/" + p.ID + "/meetings"})
		pg.Title = pg.T("meeting.new")
		s.formFailure(w, r, err, "meeting_form", pg)
		return
	}
	s.redirect(w, r, "/meetings/"+m.ID, "flash.saved")
}

type importView struct {
	Process *domain.Process
	Text    string
}

func (s *Server) importForm(w http.ResponseWriter, r *http.Request) {
	p, err := s.processScope(r, r.PathValue("id"), true)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	pg := s.page(r, "", importView{Process: p})
	pg.Title = pg.T("import.title")
	s.render(w, r, http.StatusOK, "import", pg)
}

// importAgenda creates a meeting from an uploaded or pasted agenda. A
// malformed agenda is shown back with the line and what was expected;
// nothing is stored.
func (s *Server) importAgenda(w http.ResponseWriter, r *http.Request) {
	p, err := s.processScope(r, r.PathValue("id"), true)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := importView{Process: p, Text: r.PostFormValue("text")}
	var data []byte
	if f, _, ferr := r.FormFile("file"); ferr == nil {
		defer f.Close()
		data, err = io.ReadAll(io.LimitReader(f, agenda.MaxSize+1))
		if err != nil {
			s.fail(w, r, err)
			return
		}
	} else {
		data = []byte(v.Text)
	}
	pg := s.page(r, "", &v)
	pg.Title = pg.T("import.title")
	if len(bytes.TrimSpace(data)) == 0 {
		s.formFailure(w, r, domain.Invalid("text", "import.empty", "choose a file or paste an agenda"), "import", pg)
		return
	}
	am, err := agenda.ParseAny(data)
	if err != nil {
		if errors.Is(err, agenda.ErrTooLarge) {
			s.formFailure(w, r, domain.Invalid("text", "import.too_large", "the agenda is larger than 2 MB"), "import", pg)
			return
		}
		var de *domain.Error
		if errors.As(err, &de) {
			// Not UTF-8 text: said next to the text box.
			onText := *de
			onText.Field = "text"
			s.formFailure(w, r, &onText, "import", pg)
			return
		}
		var pe *agenda.ParseError
		if errors.As(err, &pe) {
			s.formFailure(w, r, domain.Invalid("text", "import.parse_error", "line %d: %s", pe.Line, agendaMessage(pg, pe.Key, pe.Args, pe.Msg)), "import", pg)
			return
		}
		var ie *agenda.InvalidError
		if errors.As(err, &ie) {
			s.formFailure(w, r, domain.Invalid("text", "import.json_invalid", "at %s: %s", ie.Path, agendaMessage(pg, ie.Key, ie.Args, ie.Msg)), "import", pg)
			return
		}
		s.formFailure(w, r, domain.Invalid("text", "import.bad_agenda", "the agenda could not be read: %s", err.Error()), "import", pg)
		return
	}
	a := am.ToDomain()
	a.Meeting.ProcessID = p.ID
	if err := s.structure.ImportAgenda(r.Context(), actor(r), a); err != nil {
		s.formFailure(w, r, err, "import", pg)
		return
	}
	s.redirect(w, r, "/meetings/"+a.Meeting.ID, "flash.imported")
}

func (s *Server) exportAgendaMarkdown(w http.ResponseWriter, r *http.Request) {
	a, suffix, err := s.exportedAgenda(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/markdown; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="agenda-`+a.Meeting.ID+suffix+`.md"`)
	w.Write(agenda.FromDomain(a).Markdown())
}

func (s *Server) exportAgendaJSON(w http.ResponseWriter, r *http.Request) {
	a, suffix, err := s.exportedAgenda(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Disposition", `attachment; filename="agenda-`+a.Meeting.ID+suffix+`.json"`)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(agenda.FromDomain(a))
}

// exportedAgenda is the agenda an export writes: the original, or with
// ?lang= that language's version (its translations, the original where
// one is missing), whose file name says the language.
func (s *Server) exportedAgenda(r *http.Request) (*domain.Agenda, string, error) {
	lang := r.URL.Query().Get("lang")
	if lang == "" {
		a, err := s.loadAgenda(r, false)
		return a, "", err
	}
	a, _, err := s.texts.AgendaIn(r.Context(), actor(r), r.PathValue("id"), lang)
	return a, "." + lang, err
}

func (s *Server) loadAgenda(r *http.Request, manage bool) (*domain.Agenda, error) {
	if _, err := s.scope(r, "meeting", r.PathValue("id"), manage); err != nil {
		return nil, err
	}
	return s.db.Agenda(r.Context(), r.PathValue("id"))
}

// agendaMessage translates an agenda parser's message into the page's
// language, falling back to its English text when the key is unknown.
func agendaMessage(pg *Page, key string, args []any, english string) string {
	if key == "" {
		return english
	}
	if t := pg.P.T(key, args...); t != key {
		return t
	}
	return english
}
