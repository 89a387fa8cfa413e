package web

import (
	"bytes"
	"errors"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/plenary-org/plenary/internal/contribio"
	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/store"
)

// Import and export of contributions as files (package contribio): the
// secretariat imports a CSV, XLSX or JSON file into a meeting; whoever
// reads a list downloads it, with its filters, in any of the three.

// exportLinks are the list's download links, keeping its search and
// filters.
func exportLinks(r *http.Request, base string) []exportLink {
	q := r.URL.Query()
	q.Del("offset")
	q.Del("cursor")
	var out []exportLink
	for _, f := range contribio.Formats {
		q.Set("format", string(f))
		out = append(out, exportLink{Format: strings.ToUpper(string(f)), URL: base + "?" + q.Encode()})
	}
	return out
}

func (s *Server) exportMeetingContributions(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if _, err := s.scope(r, "meeting", id, false); err != nil {
		s.fail(w, r, err)
		return
	}
	s.exportContributions(w, r, id)
}

func (s *Server) exportAllContributions(w http.ResponseWriter, r *http.Request) {
	if _, err := loggedIn(r); err != nil {
		s.fail(w, r, err)
		return
	}
	s.exportContributions(w, r, "")
}

// exportContributions writes what the list with the same query string
// finds, every page of it, oldest first unless another order was chosen,
// redacted for the viewer as the API's export is
// ([domain.Actor.RedactForExport]).
func (s *Server) exportContributions(w http.ResponseWriter, r *http.Request, meetingID string) {
	ctx, a := r.Context(), actor(r)
	format, err := contribio.ParseFormat(r.URL.Query().Get("format"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	sq := searchQuery(r.URL.Query(), langOf(ctx))
	if meetingID != "" {
		sq.MeetingIDs = []string{meetingID}
	}
	sq.Facets, sq.Offset, sq.Limit, sq.Cursor = false, 0, 500, ""
	if sq.Sort == "" && sq.Text == "" {
		sq.Sort = store.SortOldest // the order an import of the file keeps
	}
	vis, err := s.db.VisibilityFor(ctx, a)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var ids []string
	for {
		res, err := s.db.Search(ctx, vis, sq)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if res.Total > contribio.MaxRows {
			s.fail(w, r, domain.Invalid("format", "error.io_too_many_rows", "a file holds at most %d rows: narrow the filters", contribio.MaxRows))
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
		s.fail(w, r, err)
		return
	}
	pg := s.page(r, "", nil)
	lb := s.labels(ctx, pg)
	for _, c := range cs {
		m := lb.meeting(c.MeetingID)
		if m == nil {
			s.fail(w, r, domain.NotFound("meeting"))
			return
		}
		a.RedactForExport(m, c)
	}
	var buf bytes.Buffer
	if err := contribio.Write(ctx, &buf, format, cs, s.db); err != nil {
		s.fail(w, r, err)
		return
	}
	sendContribFile(w, format, "contributions."+string(format), buf.Bytes())
}

func sendContribFile(w http.ResponseWriter, f contribio.Format, name string, data []byte) {
	h := w.Header()
	h.Set("Content-Type", f.ContentType())
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	h.Set("Content-Length", strconv.Itoa(len(data)))
	h.Set("Cache-Control", "private, no-store")
	w.WriteHeader(http.StatusOK)
	w.Write(data)
}

type contribImportView struct {
	Meeting   *domain.Meeting
	Templates []exportLink
	Problems  []string // in the page's language, by row and column
	Imported  int
	Skipped   bool // valid rows were imported, the others listed
	ValidOnly bool
	MaxMB     int
}

// importScope checks that the actor manages the meeting.
func (s *Server) importScope(r *http.Request) (*domain.Meeting, error) {
	id := r.PathValue("id")
	if _, err := s.scope(r, "meeting", id, true); err != nil {
		return nil, err
	}
	return s.db.Meeting(r.Context(), id)
}

func (s *Server) contribImportPage(r *http.Request, m *domain.Meeting) (*Page, *contribImportView) {
	v := &contribImportView{Meeting: m, MaxMB: maxUploadMB, Templates: importTemplateLinks("/meetings/" + m.ID + "/contributions/template")}
	pg := s.page(r, "", v)
	pg.Title = pg.T("contrib.import_title", m.Name())
	return pg, v
}

func (s *Server) contribImportForm(w http.ResponseWriter, r *http.Request) {
	m, err := s.importScope(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	pg, _ := s.contribImportPage(r, m)
	s.render(w, r, http.StatusOK, "contribution_import", pg)
}

// contributionTemplate sends the file to fill in, its help in the
// viewer's language.
func (s *Server) contributionTemplate(w http.ResponseWriter, r *http.Request) {
	if _, err := s.importScope(r); err != nil {
		s.fail(w, r, err)
		return
	}
	s.sendImportTemplate(w, r, "contributions-template", func(b *bytes.Buffer, f contribio.Format) error {
		return contribio.Template(b, f, s.cat.Printer(langOf(r.Context())))
	})
}

// importTemplateLinks lists the files to fill in for an import, one per
// format, served at base?format=.
func importTemplateLinks(base string) []exportLink {
	var ls []exportLink
	for _, f := range contribio.Formats {
		ls = append(ls, exportLink{Format: strings.ToUpper(string(f)), URL: base + "?format=" + string(f)})
	}
	return ls
}

// sendImportTemplate sends the file to fill in, in the format the query
// asks (?format=), written by write, as name.<format>.
func (s *Server) sendImportTemplate(w http.ResponseWriter, r *http.Request, name string, write func(*bytes.Buffer, contribio.Format) error) {
	format, err := contribio.ParseFormat(r.URL.Query().Get("format"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var buf bytes.Buffer
	if err := write(&buf, format); err != nil {
		s.fail(w, r, err)
		return
	}
	sendContribFile(w, format, name+"."+string(format), buf.Bytes())
}

// renderImportFailure shows why an import was refused: its problems by row
// and column in the reader's language (422), a problem of the upload
// itself next to the file field, or the error page.
func (s *Server) renderImportFailure(w http.ResponseWriter, r *http.Request, pg *Page, problems *[]string, tmpl string, err error) {
	var ce contribio.CellErrors
	switch {
	case errors.As(err, &ce):
		for _, e := range ce {
			*problems = append(*problems, e.Localize(pg.P))
		}
		pg.FormError = pg.N("contrib.import_problems", len(ce))
		s.render(w, r, http.StatusUnprocessableEntity, tmpl, pg)
	case domain.ErrorCode(err) == domain.EINVALID:
		s.formFailure(w, r, err, tmpl, pg)
	default:
		s.fail(w, r, err)
	}
}

// importContributions checks every row of the file; with a problem nothing
// is imported, unless the user asked for the valid rows only.
func (s *Server) importContributions(w http.ResponseWriter, r *http.Request) {
	m, err := s.importScope(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ctx := r.Context()
	pg, v := s.contribImportPage(r, m)
	v.ValidOnly = formBool(r, "valid_only")
	format, data, err := readImportFile(r)
	var rows []contribio.Row
	var problems contribio.CellErrors
	if err == nil {
		rows, problems, err = contribio.Read(ctx, format, bytes.NewReader(data), s.db, contribio.Options{MeetingID: m.ID})
	}
	if err == nil && len(problems) > 0 && (!v.ValidOnly || len(rows) == 0) {
		err = problems
	}
	if err == nil {
		err = contribio.Create(ctx, s.db, rows)
	}
	if err != nil {
		s.renderImportFailure(w, r, pg, &v.Problems, "contribution_import", err)
		return
	}
	if len(problems) == 0 {
		s.redirect(w, r, "/meetings/"+m.ID+"/contributions", "contrib.flash_imported")
		return
	}
	// The valid rows are in; say which were left out.
	v.Imported, v.Skipped = len(rows), true
	for _, e := range problems {
		v.Problems = append(v.Problems, e.Localize(pg.P))
	}
	pg.Flash = pg.N("contrib.imported_some", len(rows), len(problems.Rows()))
	s.render(w, r, http.StatusOK, "contribution_import", pg)
}

// readImportFile returns the uploaded file and its format, told by its
// extension.
func readImportFile(r *http.Request) (contribio.Format, []byte, error) {
	f, fh, err := r.FormFile("file")
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		return "", nil, domain.Invalid("file", "error.io_too_large", "the file is larger than %d MB", maxUploadMB)
	case err != nil:
		return "", nil, domain.Invalid("file", "contrib.import_choose", "choose a CSV, XLSX or JSON file")
	}
	defer f.Close()
	format, ok := contribio.FormatOf(fh.Filename)
	if !ok {
		return "", nil, domain.Invalid("file", "contrib.import_extension", "the file's name must end in .csv, .xlsx or .json")
	}
	data, err := io.ReadAll(f)
	if err != nil {
		return "", nil, domain.Invalid("file", "contrib.upload_failed", "the documents could not be read: %v", err)
	}
	return format, data, nil
}
