package web

import (
	"net/http"
	"slices"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/followup"
)

// A commitment's translations (docs/FOLLOW-UP.md): the page where whoever
// manages a commitment writes its title and text in the other UN
// languages, one language at a time, at the version of the commitment
// they read.

// commitmentTranslationRow is one language a commitment may be translated into.
type commitmentTranslationRow struct {
	Lang        string
	Translation *domain.Translation // nil when there is none
}

type commitmentTranslationsView struct {
	*followup.View
	Rows []commitmentTranslationRow
	// Lang is the language of the form; Form what it holds (the saved
	// translation, or what was typed when saving failed).
	Lang    string
	Form    domain.Translation
	Saved   bool // a translation into Lang exists
	Version int  // the commitment's version the form was read at
}

// translationsView lists the languages of c's translations, the
// original's left out, and fills the form for lang (the first one not
// translated yet when lang is not one of them).
func commitmentTranslationsOf(v *followup.View, lang string) *commitmentTranslationsView {
	c := v.Commitment
	tv := &commitmentTranslationsView{View: v, Version: c.Version}
	for _, l := range domain.Locales {
		if l == c.Lang {
			continue
		}
		row := commitmentTranslationRow{Lang: l}
		for i := range c.Translations {
			if c.Translations[i].Lang == l {
				row.Translation = &c.Translations[i]
			}
		}
		tv.Rows = append(tv.Rows, row)
	}
	if !slices.ContainsFunc(tv.Rows, func(r commitmentTranslationRow) bool { return r.Lang == lang }) {
		lang = tv.Rows[0].Lang
		for _, r := range tv.Rows {
			if r.Translation == nil {
				lang = r.Lang
				break
			}
		}
	}
	tv.Lang, tv.Form = lang, domain.Translation{Lang: lang}
	for _, r := range tv.Rows {
		if r.Lang == lang && r.Translation != nil {
			tv.Form, tv.Saved = *r.Translation, true
		}
	}
	return tv
}

func (s *Server) renderTranslations(w http.ResponseWriter, r *http.Request, tv *commitmentTranslationsView, err error) {
	pg := s.page(r, "", tv)
	pg.Title = pg.T("commitment.tr.title", tv.Commitment.Title)
	if err != nil {
		s.formFailure(w, r, err, "commitment_translations", pg)
		return
	}
	s.render(w, r, http.StatusOK, "commitment_translations", pg)
}

func (s *Server) commitmentTranslations(w http.ResponseWriter, r *http.Request) {
	v, _, err := s.followups.Editable(r.Context(), actor(r), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderTranslations(w, r, commitmentTranslationsOf(v, r.URL.Query().Get("into")), nil)
}

func (s *Server) putCommitmentTranslation(w http.ResponseWriter, r *http.Request) {
	id, lang := r.PathValue("id"), r.PathValue("lang")
	version, _ := formInt(r, "version")
	in := followup.TranslationInput{ID: id, Version: version, Lang: lang, Title: r.PostFormValue("title"), Text: r.PostFormValue("text"),
		Machine: formBool(r, "machine"), Translator: r.PostFormValue("translator")}
	if _, err := s.followups.PutTranslation(r.Context(), actor(r), in); err != nil {
		s.translationFailure(w, r, in, err)
		return
	}
	s.redirect(w, r, "/commitments/"+id+"/translations?into="+lang, "flash.saved")
}

func (s *Server) deleteCommitmentTranslation(w http.ResponseWriter, r *http.Request) {
	id, lang := r.PathValue("id"), r.PathValue("lang")
	version, _ := formInt(r, "version")
	if _, err := s.followups.DeleteTranslation(r.Context(), actor(r), id, lang, version); err != nil {
		s.translationFailure(w, r, followup.TranslationInput{ID: id, Version: version, Lang: lang}, err)
		return
	}
	s.redirect(w, r, "/commitments/"+id+"/translations?into="+lang, "flash.deleted")
}

// translationFailure shows the translations page again with what was
// typed and the problem: a field's, or a conflict, told with the
// commitment as it is now (the form then saves at its new version).
func (s *Server) translationFailure(w http.ResponseWriter, r *http.Request, in followup.TranslationInput, err error) {
	if code := domain.ErrorCode(err); code != domain.EINVALID && code != domain.ECONFLICT {
		s.fail(w, r, err)
		return
	}
	v, _, gerr := s.followups.Editable(r.Context(), actor(r), in.ID)
	if gerr != nil {
		s.fail(w, r, gerr)
		return
	}
	tv := commitmentTranslationsOf(v, in.Lang)
	if in.Title != "" || in.Text != "" {
		tv.Form = domain.Translation{Lang: tv.Lang, Title: in.Title, Text: in.Text, Machine: in.Machine, Translator: in.Translator}
	}
	if domain.ErrorCode(err) == domain.EINVALID {
		tv.Version = in.Version // the form stays at the version read
	}
	s.renderTranslations(w, r, tv, err)
}
