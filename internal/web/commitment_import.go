package web

import (
	"bytes"
	"net/http"

	"github.com/plenary-org/plenary/internal/commitio"
	"github.com/plenary-org/plenary/internal/contribio"
	"github.com/plenary-org/plenary/internal/domain"
)

// The bulk import of a process's commitments from a file (CSV, XLSX or
// JSON; package commitio), on the commitments page of the process's
// secretariat: the same all-or-nothing use case as `plenary import
// commitments`, every problem told with its row and column.

type commitImportView struct {
	Process   *domain.Process
	Templates []exportLink
	Problems  []string // in the page's language, by row and column
	MaxMB     int
}

func (s *Server) commitImportPage(r *http.Request, p *domain.Process) (*Page, *commitImportView) {
	v := &commitImportView{Process: p, MaxMB: maxUploadMB, Templates: importTemplateLinks("/processes/" + p.ID + "/commitments/template")}
	pg := s.page(r, "", v)
	pg.Title = pg.T("commitment.import.title", p.Name)
	return pg, v
}

func (s *Server) commitImportForm(w http.ResponseWriter, r *http.Request) {
	p, err := s.followups.CanCreate(r.Context(), actor(r), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	pg, _ := s.commitImportPage(r, p)
	s.render(w, r, http.StatusOK, "commitment_import", pg)
}

// commitmentTemplate sends the file to fill in.
func (s *Server) commitmentTemplate(w http.ResponseWriter, r *http.Request) {
	if _, err := s.followups.CanCreate(r.Context(), actor(r), r.PathValue("id")); err != nil {
		s.fail(w, r, err)
		return
	}
	s.sendImportTemplate(w, r, "commitments-template", func(b *bytes.Buffer, f contribio.Format) error { return commitio.Template(b, f) })
}

func (s *Server) importCommitments(w http.ResponseWriter, r *http.Request) {
	ctx, a, id := r.Context(), actor(r), r.PathValue("id")
	p, err := s.followups.CanCreate(ctx, a, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	pg, v := s.commitImportPage(r, p)
	format, data, err := readImportFile(r)
	if err == nil {
		_, err = s.followups.Import(ctx, a, p.ID, format, bytes.NewReader(data))
	}
	if err != nil {
		s.renderImportFailure(w, r, pg, &v.Problems, "commitment_import", err)
		return
	}
	s.redirect(w, r, "/processes/"+p.ID+"/commitments", "commitment.import.done")
}
