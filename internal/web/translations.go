package web

import (
	"net/http"
	"slices"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/texts"
)

// translationsView is the secretariat's view of a record's translated
// texts: the status (what is missing in which language) or the form to
// fill them in.
type translationsView struct {
	T       *texts.Texts
	Name    LocalText // the record's name as the page shows it
	Back    string    // the record's page
	Base    string    // this view's address
	Langs   []string  // the languages the form shows
	Lang    string    // the one language chosen, "" for all
	Missing bool      // only the texts missing in Langs
	Rows    []translationRow
	// Submitted holds what the person typed, by field name, when a save
	// is shown again (a conflict or an invalid text).
	Submitted map[string]string
	Mark      string // "official", "unofficial" or "machine"
	CanLang   bool   // the original language can be changed here
}

type translationRow struct {
	texts.Entry
	Cells []translationCell
}

type translationCell struct {
	Lang    string
	Name    string // the field's name in the form
	Value   string // what the field shows
	Shown   string // the stored translation when the form was made
	Version int
	Stored  *domain.TextTranslation
	// Own says the language is the text's original's: nothing to
	// translate.
	Own bool
	// Conflict is set when the stored translation changed after the
	// person's form was made: the page shows both.
	Conflict bool
}

func (v *translationsView) build(filterMissing bool) {
	v.Rows = nil
	for _, e := range v.T.Entries {
		row := translationRow{Entry: e}
		missing := false
		for _, l := range v.Langs {
			name := texts.FieldName(e.TextKey, l)
			c := translationCell{Lang: l, Name: name}
			if l == e.OriginalLang(v.T.Lang) {
				// The original itself (a body named in this language).
				c.Own = true
			} else if tr, ok := e.Translations[l]; ok {
				c.Stored, c.Value, c.Shown, c.Version = &tr, tr.Text, tr.Text, tr.Version
			} else {
				missing = true
			}
			row.Cells = append(row.Cells, c)
		}
		if filterMissing && !missing {
			continue
		}
		row.Cells = slices.Clip(row.Cells)
		v.Rows = append(v.Rows, row)
	}
}

// langsOf returns the languages the form shows: lang when it is one of
// the others, else all of them.
func langsOf(t *texts.Texts, lang string) ([]string, string) {
	if slices.Contains(t.Others(), lang) {
		return []string{lang}, lang
	}
	return t.Others(), ""
}

// meetingTranslations shows the translation status of a meeting's texts.
func (s *Server) meetingTranslations(w http.ResponseWriter, r *http.Request) {
	s.renderMeetingTexts(w, r, "translations", http.StatusOK, nil, nil)
}

// meetingTranslationsForm shows the form to fill in a meeting's
// translations (?lang= one language, ?missing=1 only what is missing).
func (s *Server) meetingTranslationsForm(w http.ResponseWriter, r *http.Request) {
	s.renderMeetingTexts(w, r, "translations_form", http.StatusOK, nil, nil)
}

func (s *Server) renderMeetingTexts(w http.ResponseWriter, r *http.Request, tmpl string, status int, submitted map[string]string, formErr error) {
	id := r.PathValue("id")
	t, err := s.texts.MeetingTexts(r.Context(), actor(r), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	m, err := s.db.Meeting(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	pg := s.page(r, "", nil)
	v := &translationsView{T: t, Back: "/meetings/" + id, Base: "/meetings/" + id + "/translations", Submitted: submitted, CanLang: true}
	v.Name = pg.Text(m, "title")
	if m.ShortName != "" {
		v.Name = LocalText{Text: m.ShortName, Dir: "auto"}
	}
	s.renderTexts(w, r, pg, v, tmpl, status, formErr)
}

func (s *Server) renderTexts(w http.ResponseWriter, r *http.Request, pg *Page, v *translationsView, tmpl string, status int, formErr error) {
	q := r.URL.Query()
	lang, missing := q.Get("lang"), q.Get("missing") == "1"
	if r.Method == http.MethodPost {
		lang, missing = r.PostFormValue("lang"), r.PostFormValue("missing") == "1"
		v.Mark = r.PostFormValue("mark")
	}
	v.Langs, v.Lang = langsOf(v.T, lang)
	v.Missing = missing
	v.build(missing && tmpl == "translations_form")
	if v.Submitted != nil {
		// Keep what the person changed, and show where a translation
		// changed since their form was made: the stored one beside
		// theirs. The form now carries the stored version, so that saving
		// again keeps their text knowingly.
		for i := range v.Rows {
			for j := range v.Rows[i].Cells {
				c := &v.Rows[i].Cells[j]
				based := r.PostFormValue("o." + c.Name)
				typed, ok := v.Submitted[c.Name]
				if !ok || typed == based {
					c.Value = c.Shown
					continue
				}
				c.Value = typed
				c.Conflict = formInt0(r, "v."+c.Name) != c.Version && c.Shown != typed
			}
		}
	}
	pg.Data = v
	if tmpl == "translations" {
		pg.Title = pg.T("text.status_title", v.Name.Text)
	} else {
		pg.Title = pg.T("text.form_title", v.Name.Text)
	}
	if formErr != nil {
		s.formFailure(w, r, formErr, tmpl, pg)
		return
	}
	s.render(w, r, status, tmpl, pg)
}

func formInt0(r *http.Request, name string) int {
	n, err := formInt(r, name)
	if err != nil {
		return 0
	}
	return n
}

// textEdits reads the translations a form sends: each field whose text
// differs from the one the form showed (o.NAME), with the version it was
// based on (v.NAME) and the mark chosen for the whole save.
func textEdits(r *http.Request) ([]texts.Edit, map[string]string) {
	mark := r.PostFormValue("mark")
	var edits []texts.Edit
	submitted := map[string]string{}
	for name, vals := range r.PostForm {
		k, lang, ok := texts.ParseFieldName(name)
		if !ok || len(vals) == 0 {
			continue
		}
		submitted[name] = vals[0]
		if vals[0] == r.PostFormValue("o."+name) {
			continue
		}
		edits = append(edits, texts.Edit{TextKey: k, Lang: lang, Text: vals[0], Version: formInt0(r, "v."+name),
			Machine: mark == "machine", Unofficial: mark == "unofficial"})
	}
	slices.SortFunc(edits, func(a, b texts.Edit) int {
		return compareStrings(texts.FieldName(a.TextKey, a.Lang), texts.FieldName(b.TextKey, b.Lang))
	})
	return edits, submitted
}

func compareStrings(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// saveMeetingTranslations saves the translations a meeting's form sends.
func (s *Server) saveMeetingTranslations(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	edits, submitted := textEdits(r)
	res, err := s.texts.SaveMeetingTexts(r.Context(), actor(r), id, edits)
	if err != nil {
		if c := domain.ErrorCode(err); c == domain.EINVALID || c == domain.ECONFLICT {
			s.renderMeetingTexts(w, r, "translations_form", http.StatusOK, submitted, err)
			return
		}
		s.fail(w, r, err)
		return
	}
	s.afterTextsSaved(w, r, "/meetings/"+id+"/translations", res)
}

func (s *Server) afterTextsSaved(w http.ResponseWriter, r *http.Request, base string, res texts.SaveResult) {
	flash := "flash.saved"
	if res.Changed == 0 {
		flash = "text.nothing_changed"
	}
	next := base + "/edit"
	if l := r.PostFormValue("lang"); l != "" && texts.ValidLang(l) {
		next += "?lang=" + l
		if r.PostFormValue("missing") == "1" {
			next += "&missing=1"
		}
	}
	s.redirect(w, r, next, flash)
}

// setMeetingLanguage changes the original language of a meeting's texts.
func (s *Server) setMeetingLanguage(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if err := s.texts.SetMeetingLanguage(r.Context(), actor(r), id, r.PostFormValue("lang")); err != nil {
		if domain.ErrorCode(err) == domain.EINVALID {
			s.renderMeetingTexts(w, r, "translations", http.StatusOK, nil, err)
			return
		}
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/meetings/"+id+"/translations", "flash.saved")
}

// bodyTranslations shows the status of bodies' names in the languages.
func (s *Server) bodyTranslations(w http.ResponseWriter, r *http.Request) {
	s.renderBodyTexts(w, r, "translations", nil, nil)
}

func (s *Server) bodyTranslationsForm(w http.ResponseWriter, r *http.Request) {
	s.renderBodyTexts(w, r, "translations_form", nil, nil)
}

func (s *Server) renderBodyTexts(w http.ResponseWriter, r *http.Request, tmpl string, submitted map[string]string, formErr error) {
	t, err := s.texts.BodyTexts(r.Context(), actor(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	pg := s.page(r, "", nil)
	v := &translationsView{T: t, Back: "/bodies", Base: "/bodies/translations", Submitted: submitted}
	v.Name = LocalText{Text: pg.T("bodies.title"), Lang: pg.Lang(), Dir: pg.Dir()}
	s.renderTexts(w, r, pg, v, tmpl, http.StatusOK, formErr)
}

func (s *Server) saveBodyTranslations(w http.ResponseWriter, r *http.Request) {
	edits, submitted := textEdits(r)
	res, err := s.texts.SaveBodyTexts(r.Context(), actor(r), edits)
	if err != nil {
		if c := domain.ErrorCode(err); c == domain.EINVALID || c == domain.ECONFLICT {
			s.renderBodyTexts(w, r, "translations_form", submitted, err)
			return
		}
		s.fail(w, r, err)
		return
	}
	s.afterTextsSaved(w, r, "/bodies/translations", res)
}

// processTranslations and the two after it are a process's name and
// description in the languages.
func (s *Server) processTranslations(w http.ResponseWriter, r *http.Request) {
	s.renderProcessTexts(w, r, "translations", nil, nil)
}

func (s *Server) processTranslationsForm(w http.ResponseWriter, r *http.Request) {
	s.renderProcessTexts(w, r, "translations_form", nil, nil)
}

func (s *Server) renderProcessTexts(w http.ResponseWriter, r *http.Request, tmpl string, submitted map[string]string, formErr error) {
	id := r.PathValue("id")
	t, err := s.texts.ProcessTexts(r.Context(), actor(r), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	pg := s.page(r, "", nil)
	v := &translationsView{T: t, Back: "/processes/" + id, Base: "/processes/" + id + "/translations", Submitted: submitted}
	v.Name = LocalText{Text: t.Name, Lang: t.Lang, Dir: textDir(t.Lang)}
	s.renderTexts(w, r, pg, v, tmpl, http.StatusOK, formErr)
}

func (s *Server) saveProcessTranslations(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	edits, submitted := textEdits(r)
	res, err := s.texts.SaveProcessTexts(r.Context(), actor(r), id, edits)
	if err != nil {
		if c := domain.ErrorCode(err); c == domain.EINVALID || c == domain.ECONFLICT {
			s.renderProcessTexts(w, r, "translations_form", submitted, err)
			return
		}
		s.fail(w, r, err)
		return
	}
	s.afterTextsSaved(w, r, "/processes/"+id+"/translations", res)
}

func (s *Server) translationRoutes() []route {
	return []route{
		{"GET /meetings/{id}/translations", s.meetingTranslations},
		{"GET /meetings/{id}/translations/edit", s.meetingTranslationsForm},
		{"POST /meetings/{id}/translations", s.saveMeetingTranslations},
		{"POST /meetings/{id}/translations/language", s.setMeetingLanguage},
		{"GET /bodies/translations", s.bodyTranslations},
		{"GET /bodies/translations/edit", s.bodyTranslationsForm},
		{"POST /bodies/translations", s.saveBodyTranslations},
		{"GET /processes/{id}/translations", s.processTranslations},
		{"GET /processes/{id}/translations/edit", s.processTranslationsForm},
		{"POST /processes/{id}/translations", s.saveProcessTranslations},
	}
}
