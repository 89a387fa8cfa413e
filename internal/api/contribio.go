package api

import (
	"bytes"
	"errors"
	"io"
	"mime"
	"net/http"
	"strconv"

	"github.com/plenary-org/plenary/internal/contribio"
	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/httperr"
	"github.com/plenary-org/plenary/internal/locale"
	"github.com/plenary-org/plenary/internal/store"
)

// Bulk import and export of contributions in the files of package
// contribio: CSV, XLSX and JSON in one column layout.

// importJSON is the answer to an import.
type importJSON struct {
	Imported int      `json:"imported"`
	IDs      []string `json:"ids"`
	// Skipped lists the problems of the rows left out, when the caller
	// asked to import the valid rows only.
	Skipped []httperr.Problem `json:"skipped"`
}

// importFormats maps the media types an import accepts to their format.
var importFormats = map[string]contribio.Format{
	"text/csv":         contribio.CSV,
	"application/json": contribio.JSON,
	"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": contribio.XLSX,
}

// importContributions imports a file into the meeting in the path. Every
// row is checked first; with problems nothing is imported (422 listing all
// of them) unless valid_only=true, which imports the valid rows and lists
// the others.
func (s *Server) importContributions(w http.ResponseWriter, r *http.Request) {
	m, err := s.viewableMeeting(r, true)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	validOnly := false
	switch r.URL.Query().Get("valid_only") {
	case "", "false":
	case "true":
		validOnly = true
	default:
		s.writeError(w, r, domain.Invalid("valid_only", "error.boolean", "must be true or false"))
		return
	}
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	format, ok := importFormats[mt]
	if err != nil || !ok {
		s.writeError(w, r, &requestError{status: http.StatusUnsupportedMediaType, code: "unsupported_media_type",
			msg: "send the file as the request body with the Content-Type text/csv, application/json or application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"})
		return
	}
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, contribio.MaxBytes))
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &mbe):
		s.writeError(w, r, &requestError{status: http.StatusRequestEntityTooLarge, code: "too_large", key: "error.io_too_large",
			args: []any{mbe.Limit >> 20}, msg: "the file is larger than " + strconv.FormatInt(mbe.Limit>>20, 10) + " MB"})
		return
	case err != nil:
		s.writeError(w, r, badRequest("the file cannot be read: "+err.Error()))
		return
	}
	ctx := r.Context()
	rows, problems, err := contribio.Read(ctx, format, bytes.NewReader(data), s.db, contribio.Options{MeetingID: m.ID})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if len(problems) > 0 && (!validOnly || len(rows) == 0) {
		s.writeError(w, r, problems)
		return
	}
	if err := contribio.Create(ctx, s.db, rows); err != nil {
		s.writeError(w, r, err)
		return
	}
	out := importJSON{Imported: len(rows), IDs: make([]string, len(rows)), Skipped: []httperr.Problem{}}
	for i, row := range rows {
		out.IDs[i] = row.Contribution.ID
	}
	if len(problems) > 0 {
		out.Skipped = httperr.Problems(problems, s.printer(r))
	}
	writeJSON(w, http.StatusCreated, out)
}

// printer returns the printer of r's language, nil for English.
func (s *Server) printer(r *http.Request) *locale.Printer {
	if lang := requestLang(r); lang != "en" {
		return catalog().Printer(lang)
	}
	return nil
}

// exportFormat reads the format query parameter.
func exportFormat(r *http.Request) (contribio.Format, error) {
	f := r.URL.Query().Get("format")
	if f == "" {
		return "", domain.Invalid("format", "error.required", "this field is required: csv, xlsx or json")
	}
	return contribio.ParseFormat(f)
}

// exportContributions writes every contribution the search filters of the
// query string find (offset, limit and facets aside) as a file, redacted
// for the caller as the page's export is ([domain.Actor.RedactForExport]).
func (s *Server) exportContributions(w http.ResponseWriter, r *http.Request) {
	format, err := exportFormat(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	sq, err := searchQuery(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	ctx := r.Context()
	a := actor(r)
	vis, err := s.db.VisibilityFor(ctx, a)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	sq.Lang, sq.Facets, sq.Offset, sq.Limit, sq.Cursor = requestLang(r), false, 0, maxLimit, ""
	if sq.Sort == "" && sq.Text == "" {
		sq.Sort = store.SortOldest // the order an import of the file keeps
	}
	var ids []string
	for {
		res, err := s.db.Search(ctx, vis, sq)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		if res.Total > contribio.MaxRows {
			s.writeError(w, r, domain.Errorf(domain.EINVALID, "error.io_too_many_rows", "a file holds at most %d rows: narrow the filters", contribio.MaxRows))
			return
		}
		for _, c := range res.Items {
			ids = append(ids, c.ID)
		}
		// Lists with cursors are read from one page's last row on.
		if res.Next != "" {
			sq.Cursor = res.Next
			continue
		}
		if sq.Cursor != "" {
			break
		}
		sq.Offset += sq.Limit
		if len(res.Items) == 0 || sq.Offset >= res.Total {
			break
		}
	}
	cs, err := s.db.ContributionsFull(ctx, ids)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	v := s.viewerFor(r)
	for _, c := range cs {
		m, err := v.meeting(ctx, c.MeetingID)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		a.RedactForExport(m, c)
	}
	var buf bytes.Buffer
	if err := contribio.Write(ctx, &buf, format, cs, s.db); err != nil {
		s.writeError(w, r, err)
		return
	}
	sendFile(w, format.ContentType(), "contributions."+string(format), buf.Bytes())
}

// sendFile answers with a file to save, which no shared cache keeps: an
// export is redacted for the one who asked for it.
func sendFile(w http.ResponseWriter, contentType, name string, data []byte) {
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	h.Set("Content-Length", strconv.Itoa(len(data)))
	h.Set("Cache-Control", "private, no-store")
	w.WriteHeader(http.StatusOK)
	w.Write(data)
}

// contributionTemplate writes the file a secretariat fills in to import
// contributions, with its help in the caller's language.
func (s *Server) contributionTemplate(w http.ResponseWriter, r *http.Request) {
	format, err := exportFormat(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	var buf bytes.Buffer
	if err := contribio.Template(&buf, format, catalog().Printer(requestLang(r))); err != nil {
		s.writeError(w, r, err)
		return
	}
	sendFile(w, format.ContentType(), "contributions-template."+string(format), buf.Bytes())
}
