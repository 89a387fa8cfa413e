package web

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"strings"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/locale"
	"github.com/plenary-org/plenary/internal/reference"
)

type frameworksView struct {
	Frameworks []*domain.Framework
	CanManage  bool
	Languages  []locale.Language
	Form       frameworkForm
	RowErrors  []string
}

type frameworkForm struct {
	Code, Name, Lang, Text string
}

func (s *Server) listFrameworks(w http.ResponseWriter, r *http.Request) {
	s.renderFrameworks(w, r, http.StatusOK, frameworkForm{Lang: langOf(r.Context())}, nil)
}

func (s *Server) renderFrameworks(w http.ResponseWriter, r *http.Request, status int, f frameworkForm, formErr error) {
	a, err := loggedIn(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	fs, err := s.db.Frameworks(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := &frameworksView{Frameworks: fs, CanManage: a.CanManageBodies(), Languages: locale.Languages, Form: f}
	pg := s.page(r, "", v)
	pg.Title = pg.T("frameworks.title")
	s.tableErrors(pg, &v.RowErrors, formErr)
	s.render(w, r, status, "frameworks", pg)
}

// tableErrors shows the problems of an imported table: each row error on
// its own line, or the field errors of the form.
func (s *Server) tableErrors(pg *Page, rows *[]string, err error) {
	if err == nil {
		return
	}
	var re reference.RowErrors
	if errors.As(err, &re) {
		for _, e := range re {
			*rows = append(*rows, pg.T("import.row_error", e.Row, e.Column, e.Msg))
		}
		pg.FormError = pg.N("import.rows_invalid", len(re))
		return
	}
	if !pg.fieldErrors(err) {
		pg.FormError = pg.message(err)
	}
}

// readTable returns the uploaded file, or the pasted text.
func readTable(r *http.Request) ([]byte, error) {
	if f, _, err := r.FormFile("file"); err == nil {
		defer f.Close()
		b, err := io.ReadAll(io.LimitReader(f, 8<<20+1))
		if err != nil {
			return nil, err
		}
		if len(b) > 8<<20 {
			return nil, domain.Invalid("file", "import.table_too_large", "the table is larger than 8 MB")
		}
		return b, nil
	}
	b := []byte(r.PostFormValue("text"))
	if len(bytes.TrimSpace(b)) == 0 {
		return nil, domain.Invalid("text", "import.empty_table", "choose a file or paste a table")
	}
	return b, nil
}

func (s *Server) importFramework(w http.ResponseWriter, r *http.Request) {
	if err := s.canManageBodies(r); err != nil {
		s.fail(w, r, err)
		return
	}
	f := frameworkForm{Code: strings.TrimSpace(r.PostFormValue("code")), Name: strings.TrimSpace(r.PostFormValue("name")),
		Lang: r.PostFormValue("lang"), Text: r.PostFormValue("text")}
	data, err := readTable(r)
	var items []reference.Item
	if err == nil {
		items, err = reference.ParseTable(bytes.NewReader(data))
	}
	var fw *domain.Framework
	if err == nil {
		fw, err = s.db.ImportFramework(r.Context(), reference.Framework{Code: f.Code, Name: f.Name, Lang: f.Lang, Items: items}, false)
	}
	if err != nil {
		s.renderFrameworks(w, r, statusOf(orInvalid(err)), f, err)
		return
	}
	s.redirect(w, r, "/frameworks/"+fw.ID, "flash.imported")
}

// orInvalid treats row errors as validation errors for the status code.
func orInvalid(err error) error {
	var re reference.RowErrors
	if errors.As(err, &re) {
		return domain.Invalid("file", "", "%s", err.Error())
	}
	return err
}

type frameworkRow struct {
	Code, Kind, Title, ShortLabel, Lang string
	Langs                               []string
}

type frameworkView struct {
	Framework *domain.Framework
	Rows      []frameworkRow
	CanManage bool
	Languages []locale.Language
	Form      frameworkForm
	RowErrors []string
}

func (s *Server) showFramework(w http.ResponseWriter, r *http.Request) {
	s.renderFramework(w, r, http.StatusOK, frameworkForm{}, nil)
}

func (s *Server) renderFramework(w http.ResponseWriter, r *http.Request, status int, f frameworkForm, formErr error) {
	a, err := loggedIn(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	fw, err := s.db.Framework(r.Context(), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	lang := langOf(r.Context())
	v := &frameworkView{Framework: fw, CanManage: a.CanManageBodies(), Languages: locale.Languages, Form: f}
	for _, it := range fw.Items {
		l, in := it.Label(lang)
		row := frameworkRow{Code: it.Code, Kind: it.Kind, Title: l.Title, ShortLabel: l.ShortLabel, Lang: in}
		for _, lg := range locale.Languages {
			if _, ok := it.Labels[lg.Code]; ok {
				row.Langs = append(row.Langs, lg.Code)
			}
		}
		v.Rows = append(v.Rows, row)
	}
	pg := s.page(r, fw.Name, v)
	s.tableErrors(pg, &v.RowErrors, formErr)
	s.render(w, r, status, "framework", pg)
}

func (s *Server) importFrameworkLabels(w http.ResponseWriter, r *http.Request) {
	if err := s.canManageBodies(r); err != nil {
		s.fail(w, r, err)
		return
	}
	f := frameworkForm{Lang: r.PostFormValue("lang"), Text: r.PostFormValue("text")}
	data, err := readTable(r)
	var items []reference.Item
	if err == nil {
		items, err = reference.ParseTable(bytes.NewReader(data))
	}
	if err == nil {
		err = s.db.SetFrameworkLabels(r.Context(), r.PathValue("id"), f.Lang, items)
	}
	if err != nil {
		if domain.ErrorCode(err) == domain.ENOTFOUND {
			s.fail(w, r, err)
			return
		}
		s.renderFramework(w, r, statusOf(orInvalid(err)), f, err)
		return
	}
	s.redirect(w, r, "/frameworks/"+r.PathValue("id"), "flash.saved")
}
