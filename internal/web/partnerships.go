package web

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math"
	"mime"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/plenary-org/plenary/internal/chart"
	"github.com/plenary-org/plenary/internal/contribio"
	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/followup"
	"github.com/plenary-org/plenary/internal/partnership"
	"github.com/plenary-org/plenary/internal/store"
)

// The registry's partnership pages (docs/REGISTRY.md): a process's
// partnerships with their charts and who partners with whom, one
// partnership, its form, a proposal turned into one, matchmaking
// suggestions, and a body's engagement across the process's meetings.
// Each handler calls one use case of package partnership.

func (s *Server) partnershipRoutes() []route {
	return []route{
		{"GET /processes/{id}/partnerships", s.listPartnerships},
		{"GET /processes/{id}/partnerships/export", s.exportPartnerships},
		{"GET /processes/{id}/partnerships/new", s.newPartnership},
		{"POST /processes/{id}/partnerships", s.createPartnership},
		{"GET /processes/{id}/network", s.showNetwork},
		{"GET /processes/{id}/bodies/{bid}/engagement", s.showEngagement},
		{"GET /partnerships/{id}", s.showPartnership},
		{"GET /partnerships/{id}/edit", s.editPartnership},
		{"POST /partnerships/{id}", s.updatePartnership},
		{"GET /partnerships/{id}/delete", s.confirmDeletePartnership},
		{"POST /partnerships/{id}/delete", s.deletePartnership},
		{"GET /contributions/{id}/partnership", s.proposalForm},
		{"POST /contributions/{id}/partnership", s.makePartnership},
		{"GET /contributions/{id}/matches", s.showMatches},
		{"GET /commitments/{id}/matches", s.showCommitmentMatches},
		{"POST /partnerships/{id}/documents", s.attachToPartnership},
		{"GET /partnerships/{id}/documents/{did}", s.partnershipDocument},
		{"POST /partnerships/{id}/documents/{did}/delete", s.detachFromPartnership},
	}
}

// attachToPartnership adds the uploaded document to a partnership.
func (s *Server) attachToPartnership(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	in := partnership.AttachInput{PartnershipID: id}
	var err error
	// Without a file the use case still answers, so that who may not
	// attach is told so first.
	if file, hdr, ferr := r.FormFile("file"); ferr == nil {
		in.Name = hdr.Filename
		in.Data, err = io.ReadAll(io.LimitReader(file, domain.MaxAttachmentBytes+1))
		file.Close()
	}
	if err == nil {
		_, err = s.partners.Attach(r.Context(), actor(r), in)
	}
	if err != nil {
		if domain.ErrorCode(err) == domain.EINVALID {
			s.renderPartnership(w, r, statusOf(err), err)
			return
		}
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/partnerships/"+id+"#documents", "partnership.document_added")
}

// detachFromPartnership removes a document, once confirmed.
func (s *Server) detachFromPartnership(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if !formBool(r, "confirm") {
		s.renderPartnership(w, r, http.StatusUnprocessableEntity, domain.Invalid("confirm", "error.confirm", "tick the box to confirm the deletion"))
		return
	}
	if err := s.partners.Detach(r.Context(), actor(r), id, r.PathValue("did")); err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/partnerships/"+id+"#documents", "partnership.document_removed")
}

// partnershipDocument serves a partnership's document as a download.
func (s *Server) partnershipDocument(w http.ResponseWriter, r *http.Request) {
	f, err := s.partners.Document(r.Context(), actor(r), r.PathValue("id"), r.PathValue("did"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", f.Document.ContentType)
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": f.Document.Name}))
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Write(f.Data)
}

// chartOptions are the words every chart of a page needs in its language.
func chartOptions(pg *Page, id, title string) chart.Options {
	return chart.Options{ID: id, Title: title, RTL: pg.Dir() == "rtl", Empty: pg.T("partnership.chart_empty"), TableLabel: pg.T("partnership.chart_table"),
		CSVLabel: pg.T("partnership.chart_csv"), CSVHref: "?chart=" + id + "&format=csv",
		Number: func(v float64) string {
			if v == math.Trunc(v) {
				return strconv.FormatFloat(v, 'f', 0, 64)
			}
			return strconv.FormatFloat(v, 'f', 1, 64)
		}}
}

// serveChart answers ?chart=ID&format=csv with that chart's CSV; it
// reports whether it did.
func serveChart(w http.ResponseWriter, r *http.Request, charts ...*chart.Chart) bool {
	id := r.URL.Query().Get("chart")
	if id == "" || r.URL.Query().Get("format") != "csv" {
		return false
	}
	for _, c := range charts {
		if c.ID() == id {
			chart.ServeCSV(w, id, c)
			return true
		}
	}
	http.NotFound(w, r)
	return true
}

// objectiveLabels maps the objectives' codes to their short labels.
func objectiveLabels(os []partnership.Objective) map[string]partnership.Objective {
	out := map[string]partnership.Objective{}
	for _, o := range os {
		out[o.Code] = o
	}
	return out
}

// objectiveNumber is "12" for "O12".
func objectiveNumber(code string) string { return strings.TrimPrefix(code, "O") }

type partnershipRow struct {
	P       *domain.Partnership
	Parties []*domain.Body
}

type partnershipsView struct {
	List                  *partnership.List
	Rows                  []partnershipRow
	Objectives            []partnership.Objective
	Labels                map[string]partnership.Objective
	Bodies                []*domain.Body
	Statuses              []domain.PartnershipStatus
	Filter                partnership.ListInput
	Pager                 Pager
	ByObjective, ByStatus *chart.Chart
	Formats               []contribio.Format
}

func (s *Server) listPartnerships(w http.ResponseWriter, r *http.Request) {
	ctx, a := r.Context(), actor(r)
	q := r.URL.Query()
	in := partnership.ListInput{ProcessID: r.PathValue("id"), BodyID: q.Get("body"), Status: domain.PartnershipStatus(q.Get("status")),
		Objective: q.Get("objective"), Offset: pageOffset(r), Limit: 50}
	opts, err := s.partners.FormOptions(ctx, a, in.ProcessID, langOf(ctx))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	l, err := s.partners.List(ctx, a, in)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	all, err := s.partners.List(ctx, a, partnership.ListInput{ProcessID: in.ProcessID, Limit: 500})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := &partnershipsView{List: l, Objectives: opts.Objectives, Labels: objectiveLabels(opts.Objectives), Bodies: opts.Bodies,
		Statuses: domain.PartnershipStatuses, Filter: in, Formats: contribio.Formats,
		Pager: Pager{Offset: in.Offset, Limit: in.Limit, Total: l.Total, Base: pagerBase(r)}}
	for _, p := range l.Partnerships {
		row := partnershipRow{P: p}
		for _, id := range p.Parties {
			row.Parties = append(row.Parties, l.Bodies[id])
		}
		v.Rows = append(v.Rows, row)
	}
	pg := s.page(r, "", v)
	pg.Title = pg.T("partnership.list_title", l.Process.Name)
	byObj, byStatus := map[string]int{}, map[domain.PartnershipStatus]int{}
	for _, p := range all.Partnerships {
		byStatus[p.Status]++
		for _, o := range p.Objectives {
			byObj[o]++
		}
	}
	d := chart.Data{Caption: pg.T("partnership.chart_by_objective"), RowHeader: pg.T("partnership.objective"), Columns: []string{pg.T("partnership.column_count")}}
	for _, o := range opts.Objectives {
		if n := byObj[o.Code]; n > 0 {
			d.Rows = append(d.Rows, chart.Row{Label: o.Code + " " + o.Short, Short: objectiveNumber(o.Code), Key: o.Code, Values: []float64{float64(n)}})
		}
	}
	v.ByObjective = chart.Columns(d, chartOptions(pg, "by-objective", d.Caption))
	d = chart.Data{Caption: pg.T("partnership.chart_by_status"), RowHeader: pg.T("partnership.status"), Columns: []string{pg.T("partnership.column_count")}}
	for _, st := range domain.PartnershipStatuses {
		d.Rows = append(d.Rows, chart.Row{Label: pg.T("partnership.status." + string(st)), Key: string(st), Values: []float64{float64(byStatus[st])}})
	}
	v.ByStatus = chart.Bars(d, chartOptions(pg, "by-status", d.Caption))
	if serveChart(w, r, v.ByObjective, v.ByStatus) {
		return
	}
	s.render(w, r, http.StatusOK, "partnerships", pg)
}

// exportPartnerships downloads the process's partnerships as CSV, XLSX or
// JSON (?format=).
func (s *Server) exportPartnerships(w http.ResponseWriter, r *http.Request) {
	format, err := contribio.ParseFormat(r.URL.Query().Get("format"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var buf bytes.Buffer
	if err := s.partners.Export(r.Context(), actor(r), partnership.ExportInput{ProcessID: r.PathValue("id"), Format: format}, &buf); err != nil {
		s.fail(w, r, err)
		return
	}
	download(w, "partnerships."+string(format), format.ContentType(), buf.Bytes())
}

func download(w http.ResponseWriter, name, contentType string, data []byte) {
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	h.Set("X-Content-Type-Options", "nosniff")
	_, _ = w.Write(data)
}

// partnershipForm is the form of a partnership: new, edited, or made from
// a proposal.
type partnershipForm struct {
	P           *domain.Partnership
	Options     *partnership.Options
	Action      string
	Back        string
	Parties     map[string]bool
	Objectives  map[string]bool
	Links       string
	Sources     string
	Commitments string
	Note        string
	Phases      []domain.PartnershipPhase
	Mechanisms  []domain.Collaboration
	// Statuses the partnership may have: every one for a new one, its own
	// and the next for an edited one; none for a proposal (proposed).
	Statuses []domain.PartnershipStatus
	// Proposal is the contribution being turned, nil otherwise.
	Proposal *domain.Contribution
	Edit     bool
}

func newPartnershipForm(p *domain.Partnership, o *partnership.Options, action, back string) *partnershipForm {
	f := &partnershipForm{P: p, Options: o, Action: action, Back: back, Parties: map[string]bool{}, Objectives: map[string]bool{},
		Phases: domain.PartnershipPhases, Mechanisms: domain.Collaborations, Sources: strings.Join(p.Contributions, " "),
		Commitments: strings.Join(p.Commitments, " ")}
	for _, b := range p.Parties {
		f.Parties[b] = true
	}
	for _, c := range p.Objectives {
		f.Objectives[c] = true
	}
	var links []string
	for _, l := range p.Links {
		if l.Title != "" {
			links = append(links, l.Title+" | "+l.URL)
		} else {
			links = append(links, l.URL)
		}
	}
	f.Links = strings.Join(links, "\n")
	return f
}

// partnershipFromForm reads the form's fields into p.
func partnershipFromForm(r *http.Request, p *domain.Partnership) {
	_ = r.ParseForm()
	p.Title, p.Purpose = r.PostFormValue("title"), domain.NormalizeNewlines(r.PostFormValue("purpose"))
	p.Phase, p.Mechanism = domain.PartnershipPhase(r.PostFormValue("phase")), domain.Collaboration(r.PostFormValue("mechanism"))
	if st := r.PostFormValue("status"); st != "" {
		p.Status = domain.PartnershipStatus(st)
	}
	p.StartsOn, p.EndsOn = strings.TrimSpace(r.PostFormValue("starts_on")), strings.TrimSpace(r.PostFormValue("ends_on"))
	p.MeetingID = r.PostFormValue("meeting")
	p.Parties, p.Objectives = r.PostForm["parties"], r.PostForm["objectives"]
	p.Links = nil
	for _, line := range strings.Split(domain.NormalizeNewlines(r.PostFormValue("links")), "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		if i := strings.LastIndex(line, " | "); i >= 0 {
			p.Links = append(p.Links, domain.PartnershipLink{Title: strings.TrimSpace(line[:i]), URL: strings.TrimSpace(line[i+3:])})
		} else {
			p.Links = append(p.Links, domain.PartnershipLink{URL: line})
		}
	}
	if _, ok := r.PostForm["sources"]; ok {
		p.Contributions = strings.Fields(strings.NewReplacer(",", " ", ";", " ").Replace(r.PostFormValue("sources")))
	}
	if _, ok := r.PostForm["commitments"]; ok {
		p.Commitments = strings.Fields(strings.NewReplacer(",", " ", ";", " ").Replace(r.PostFormValue("commitments")))
	}
}

func (s *Server) renderPartnershipForm(w http.ResponseWriter, r *http.Request, status int, f *partnershipForm, titleKey string, failure error) {
	pg := s.page(r, "", f)
	pg.Title = pg.T(titleKey)
	if failure != nil {
		s.formFailure(w, r, failure, "partnership_form", pg)
		return
	}
	s.render(w, r, status, "partnership_form", pg)
}

func (s *Server) newPartnership(w http.ResponseWriter, r *http.Request) {
	ctx, a := r.Context(), actor(r)
	o, err := s.partners.FormOptions(ctx, a, r.PathValue("id"), langOf(ctx))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !a.CanManagePartnership(o.Process.ID, "") {
		s.fail(w, r, domain.Forbidden())
		return
	}
	p := &domain.Partnership{ProcessID: o.Process.ID, Phase: domain.PhaseImplementation, Mechanism: domain.CollabMoU, Status: domain.PartnershipProposed}
	f := newPartnershipForm(p, o, "/processes/"+o.Process.ID+"/partnerships", "/processes/"+o.Process.ID+"/partnerships")
	f.Statuses = domain.PartnershipStatuses
	s.renderPartnershipForm(w, r, http.StatusOK, f, "partnership.new", nil)
}

func (s *Server) createPartnership(w http.ResponseWriter, r *http.Request) {
	ctx, a := r.Context(), actor(r)
	p := &domain.Partnership{ProcessID: r.PathValue("id")}
	partnershipFromForm(r, p)
	if _, err := s.partners.Create(ctx, a, p); err != nil {
		o, oerr := s.partners.FormOptions(ctx, a, p.ProcessID, langOf(ctx))
		if oerr != nil {
			s.fail(w, r, err)
			return
		}
		f := newPartnershipForm(p, o, "/processes/"+o.Process.ID+"/partnerships", "/processes/"+o.Process.ID+"/partnerships")
		f.Statuses = domain.PartnershipStatuses
		s.renderPartnershipForm(w, r, http.StatusUnprocessableEntity, f, "partnership.new", err)
		return
	}
	s.redirect(w, r, "/partnerships/"+p.ID, "flash.saved")
}

type partnershipView struct {
	*partnership.View
	Parties []*domain.Body
	Labels  map[string]partnership.Objective
	// Accept lists the document types the upload takes.
	Accept string
}

func (s *Server) showPartnership(w http.ResponseWriter, r *http.Request) {
	s.renderPartnership(w, r, http.StatusOK, nil)
}

// renderPartnership shows a partnership, with formErr's messages when a
// form on its page was refused.
func (s *Server) renderPartnership(w http.ResponseWriter, r *http.Request, status int, formErr error) {
	ctx, a := r.Context(), actor(r)
	v, err := s.partners.Get(ctx, a, r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	objs, err := s.partners.Objectives(ctx, langOf(ctx))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	pv := &partnershipView{View: v, Labels: objectiveLabels(objs), Accept: store.AttachmentExtensions}
	for _, id := range v.Partnership.Parties {
		pv.Parties = append(pv.Parties, v.Bodies[id])
	}
	pg := s.page(r, v.Partnership.Title, pv)
	if formErr != nil {
		pg.fieldErrors(formErr)
	}
	s.render(w, r, status, "partnership", pg)
}

// editForm reads the partnership and the form's options for its edit.
func (s *Server) editForm(ctx context.Context, a *domain.Actor, id string) (*partnershipForm, error) {
	v, err := s.partners.Get(ctx, a, id)
	if err != nil {
		return nil, err
	}
	if !v.Can.Manage {
		return nil, domain.Forbidden()
	}
	o, err := s.partners.FormOptions(ctx, a, v.Partnership.ProcessID, langOf(ctx))
	if err != nil {
		return nil, err
	}
	f := newPartnershipForm(v.Partnership, o, "/partnerships/"+id, "/partnerships/"+id)
	f.Statuses, f.Edit = append([]domain.PartnershipStatus{v.Partnership.Status}, v.Can.Next...), true
	return f, nil
}

func (s *Server) editPartnership(w http.ResponseWriter, r *http.Request) {
	f, err := s.editForm(r.Context(), actor(r), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderPartnershipForm(w, r, http.StatusOK, f, "partnership.edit", nil)
}

func (s *Server) updatePartnership(w http.ResponseWriter, r *http.Request) {
	ctx, a := r.Context(), actor(r)
	id := r.PathValue("id")
	p := &domain.Partnership{ID: id}
	partnershipFromForm(r, p)
	version, _ := formInt(r, "version")
	in := partnership.UpdateInput{ID: id, Version: version, Title: p.Title, Purpose: p.Purpose, Phase: p.Phase, Mechanism: p.Mechanism, Status: p.Status,
		StartsOn: p.StartsOn, EndsOn: p.EndsOn, Parties: p.Parties, Objectives: p.Objectives, Links: p.Links, Contributions: p.Contributions, Commitments: p.Commitments, Note: r.PostFormValue("note")}
	if _, err := s.partners.Update(ctx, a, in); err != nil {
		f, ferr := s.editForm(ctx, a, id)
		if ferr != nil {
			s.fail(w, r, err)
			return
		}
		// Show what was sent, on the version read.
		stored := f.P.Version
		p.ProcessID, p.MeetingID, p.MadeFrom, p.History, p.Version = f.P.ProcessID, f.P.MeetingID, f.P.MadeFrom, f.P.History, version
		if domain.ErrorCode(err) == domain.ECONFLICT {
			p.Version = stored
		}
		nf := newPartnershipForm(p, f.Options, f.Action, f.Back)
		nf.Statuses, nf.Edit, nf.Note = f.Statuses, true, r.PostFormValue("note")
		s.renderPartnershipForm(w, r, http.StatusUnprocessableEntity, nf, "partnership.edit", err)
		return
	}
	s.redirect(w, r, "/partnerships/"+id, "flash.saved")
}

func (s *Server) confirmDeletePartnership(w http.ResponseWriter, r *http.Request) {
	v, err := s.partners.Get(r.Context(), actor(r), r.PathValue("id"))
	if err == nil && !v.Can.Manage {
		err = domain.Forbidden()
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	pg := s.page(r, "", nil)
	pg.Title = pg.T("partnership.delete")
	pg.Data = confirmView{Action: "/partnerships/" + v.Partnership.ID + "/delete?version=" + strconv.Itoa(v.Partnership.Version),
		Back: "/partnerships/" + v.Partnership.ID, Question: pg.T("partnership.delete_confirm", v.Partnership.Title)}
	s.render(w, r, http.StatusOK, "confirm", pg)
}

func (s *Server) deletePartnership(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if r.PostFormValue("confirm") != "on" {
		http.Redirect(w, r, "/partnerships/"+id+"/delete", http.StatusSeeOther)
		return
	}
	version, _ := strconv.Atoi(r.URL.Query().Get("version"))
	v, err := s.partners.Get(r.Context(), actor(r), id)
	if err == nil {
		err = s.partners.Delete(r.Context(), actor(r), id, version)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/processes/"+v.Partnership.ProcessID+"/partnerships", "partnership.deleted")
}

// proposalForm is the confirmation page of a partnership proposal turned
// into a partnership: its draft, to complete; or the partnership made
// from it already.
func (s *Server) proposalForm(w http.ResponseWriter, r *http.Request) {
	ctx, a := r.Context(), actor(r)
	pr, err := s.partners.Propose(ctx, a, r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if pr.Existing != nil {
		s.redirect(w, r, "/partnerships/"+pr.Existing.ID, "partnership.made_already")
		return
	}
	o, err := s.partners.FormOptions(ctx, a, pr.ProcessID, langOf(ctx))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f := newPartnershipForm(pr.Draft, o, "/contributions/"+pr.Contribution.ID+"/partnership", "/contributions/"+pr.Contribution.ID)
	f.Proposal = pr.Contribution
	s.renderPartnershipForm(w, r, http.StatusOK, f, "partnership.make_title", nil)
}

func (s *Server) makePartnership(w http.ResponseWriter, r *http.Request) {
	ctx, a := r.Context(), actor(r)
	id := r.PathValue("id")
	p := &domain.Partnership{}
	partnershipFromForm(r, p)
	in := partnership.MakeInput{ContributionID: id, Title: p.Title, Purpose: p.Purpose, Phase: p.Phase, Mechanism: p.Mechanism,
		StartsOn: p.StartsOn, EndsOn: p.EndsOn, Parties: p.Parties, Objectives: p.Objectives}
	made, err := s.partners.Make(ctx, a, in)
	switch {
	case err == nil:
		s.redirect(w, r, "/partnerships/"+made.ID, "partnership.made")
		return
	case made != nil && domain.ErrorCode(err) == domain.ECONFLICT:
		s.redirect(w, r, "/partnerships/"+made.ID, "partnership.made_already")
		return
	}
	pr, perr := s.partners.Propose(ctx, a, id)
	if perr != nil {
		s.fail(w, r, err)
		return
	}
	o, oerr := s.partners.FormOptions(ctx, a, pr.ProcessID, langOf(ctx))
	if oerr != nil {
		s.fail(w, r, err)
		return
	}
	p.ProcessID, p.MeetingID, p.MadeFrom, p.Contributions = pr.ProcessID, pr.Contribution.MeetingID, pr.Contribution.ID, pr.Draft.Contributions
	f := newPartnershipForm(p, o, "/contributions/"+id+"/partnership", "/contributions/"+id)
	f.Proposal = pr.Contribution
	s.renderPartnershipForm(w, r, http.StatusUnprocessableEntity, f, "partnership.make_title", err)
}

type matchesView struct {
	// Back and BackTitle lead to what the suggestions are for.
	Back, BackTitle string
	ProcessID       string
	Objectives      []string
	List            []partnership.Match
	Labels          map[string]partnership.Objective
}

// Percent writes a similarity as a whole percentage.
func (matchesView) Percent(v float64) string { return strconv.Itoa(int(math.Round(v*100))) + "%" }

func (s *Server) showMatches(w http.ResponseWriter, r *http.Request) {
	m, err := s.partners.Match(r.Context(), actor(r), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderMatches(w, r, &matchesView{Back: "/contributions/" + m.Contribution.ID, BackTitle: m.Contribution.Title, ProcessID: m.ProcessID,
		Objectives: m.Objectives, List: m.Matches})
}

// showCommitmentMatches suggests partners for a follow-up commitment.
func (s *Server) showCommitmentMatches(w http.ResponseWriter, r *http.Request) {
	m, err := s.partners.MatchCommitment(r.Context(), actor(r), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	title, _, _ := followup.InLanguage(m.Commitment, langOf(r.Context()))
	s.renderMatches(w, r, &matchesView{Back: "/commitments/" + m.Commitment.ID, BackTitle: title, ProcessID: m.Commitment.ProcessID,
		Objectives: m.Objectives, List: m.Matches})
}

// renderMatches shows suggested partners for what v leads back to, with
// the objectives' titles in the reader's language.
func (s *Server) renderMatches(w http.ResponseWriter, r *http.Request, v *matchesView) {
	objs, err := s.partners.Objectives(r.Context(), langOf(r.Context()))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v.Labels = objectiveLabels(objs)
	pg := s.page(r, "", v)
	pg.Title = pg.T("partnership.matches_title", v.BackTitle)
	s.render(w, r, http.StatusOK, "partnership_matches", pg)
}

type networkView struct {
	*partnership.Network
	Matrix *chart.Chart
}

func (s *Server) showNetwork(w http.ResponseWriter, r *http.Request) {
	n, err := s.partners.Network(r.Context(), actor(r), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := &networkView{Network: n}
	pg := s.page(r, "", v)
	pg.Title = pg.T("partnership.network_title", n.Process.Name)
	// The network as a matrix of the most connected bodies: readable where
	// a drawing of nodes and edges is not, and a table as it is.
	bodies := n.Bodies[:min(len(n.Bodies), 15)]
	d := chart.Data{Caption: pg.T("partnership.network_matrix"), RowHeader: pg.T("partnership.body")}
	index := map[string]int{}
	for i, b := range bodies {
		d.Columns = append(d.Columns, b.Name)
		d.ColumnShort = append(d.ColumnShort, b.Label())
		index[b.ID] = i
	}
	for _, b := range bodies {
		d.Rows = append(d.Rows, chart.Row{Label: b.Name, Short: b.Label(), Values: make([]float64, len(bodies))})
	}
	for _, p := range n.Pairs {
		i, ok1 := index[p.A.ID]
		j, ok2 := index[p.B.ID]
		if ok1 && ok2 {
			d.Rows[i].Values[j], d.Rows[j].Values[i] = float64(p.Partnerships), float64(p.Partnerships)
		}
	}
	v.Matrix = chart.HeatMap(d, chartOptions(pg, "network", d.Caption))
	if serveChart(w, r, v.Matrix) {
		return
	}
	s.render(w, r, http.StatusOK, "partnership_network", pg)
}

type engagementView struct {
	*partnership.Profile
	Labels                      map[string]partnership.Objective
	Timeline, ByKind, Objective *chart.Chart
	Formats                     []contribio.Format
}

// engagementTable is the timeline as rows of text, for its exports.
func engagementTable(pg *Page, p *partnership.Profile) ([]string, [][]string) {
	header := []string{"meeting", "starts_on", "took_part", "contributions", "recommendations", "commitments", "partnerships", "follow_up_commitments"}
	var rows [][]string
	for _, m := range p.Meetings {
		rows = append(rows, []string{m.Meeting.Name(), m.Meeting.StartsOn, strconv.FormatBool(m.TookPart), strconv.Itoa(len(m.Contributions)),
			strconv.Itoa(m.Recommendations), strconv.Itoa(m.Commitments), strconv.Itoa(len(m.Partnerships)), strconv.Itoa(len(m.FollowUp))})
	}
	return header, rows
}

func (s *Server) showEngagement(w http.ResponseWriter, r *http.Request) {
	ctx, a := r.Context(), actor(r)
	p, err := s.partners.Profile(ctx, a, partnership.EngagementInput{ProcessID: r.PathValue("id"), BodyID: r.PathValue("bid")})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	objs, err := s.partners.Objectives(ctx, langOf(ctx))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := &engagementView{Profile: p, Labels: objectiveLabels(objs), Formats: contribio.Formats}
	pg := s.page(r, "", v)
	pg.Title = pg.T("engagement.title", p.Body.Name)
	if f := r.URL.Query().Get("format"); f != "" && r.URL.Query().Get("chart") == "" {
		format, err := contribio.ParseFormat(f)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		header, rows := engagementTable(pg, p)
		var buf bytes.Buffer
		if err := partnership.WriteTable(&buf, format, "engagement", header, rows); err != nil {
			s.fail(w, r, err)
			return
		}
		download(w, fmt.Sprintf("engagement-%s.%s", p.Body.ID, format), format.ContentType(), buf.Bytes())
		return
	}
	d := chart.Data{Caption: pg.T("engagement.chart_timeline"), RowHeader: pg.T("engagement.meeting"),
		Columns: []string{pg.T("engagement.contributions"), pg.T("engagement.recommendations"), pg.T("engagement.commitments"), pg.T("engagement.partnerships"), pg.T("engagement.follow_up")}}
	for _, m := range p.Meetings {
		d.Rows = append(d.Rows, chart.Row{Label: m.Meeting.Name(), Key: m.Meeting.StartsOn + " " + m.Meeting.Name(),
			Values: []float64{float64(len(m.Contributions)), float64(m.Recommendations), float64(m.Commitments), float64(len(m.Partnerships)), float64(len(m.FollowUp))}})
	}
	v.Timeline = chart.Stacked(d, chartOptions(pg, "timeline", d.Caption))
	d = chart.Data{Caption: pg.T("engagement.chart_by_kind"), RowHeader: pg.T("engagement.kind"), Columns: []string{pg.T("engagement.partner_count"), pg.T("engagement.partnerships")}}
	for _, k := range p.Partners.ByKind {
		d.Rows = append(d.Rows, chart.Row{Label: pg.T("kind." + string(k.Kind)), Key: string(k.Kind), Values: []float64{float64(k.Partners), float64(k.Partnerships)}})
	}
	v.ByKind = chart.Bars(d, chartOptions(pg, "by-kind", d.Caption))
	var kinds []domain.BodyKind
	for _, k := range p.Partners.ByKind {
		kinds = append(kinds, k.Kind)
	}
	d = chart.Data{Caption: pg.T("engagement.chart_by_objective"), RowHeader: pg.T("partnership.objective")}
	for _, k := range kinds {
		d.Columns = append(d.Columns, pg.T("kind."+string(k)))
	}
	for _, o := range p.Partners.ByObjective {
		row := chart.Row{Label: o.Code + " " + v.Labels[o.Code].Short, Short: o.Code, Key: o.Code}
		for _, k := range kinds {
			row.Values = append(row.Values, float64(o.ByKind[k]))
		}
		d.Rows = append(d.Rows, row)
	}
	v.Objective = chart.HeatMap(d, chartOptions(pg, "by-objective", d.Caption))
	if serveChart(w, r, v.Timeline, v.ByKind, v.Objective) {
		return
	}
	s.render(w, r, http.StatusOK, "engagement", pg)
}

// partnershipSection is what a contribution's page says of partnerships:
// those made from it or that it is a source of, and the secretariat's
// actions.
type partnershipSection struct {
	List     []*domain.Partnership
	MadeFrom string // the ID of the partnership made from it
	CanMake  bool
	CanMatch bool
}

// contributionPartnerships fills a contribution's partnership section;
// nil when it has nothing to show.
func (s *Server) contributionPartnerships(ctx context.Context, a *domain.Actor, m *domain.Meeting, c *domain.Contribution) (*partnershipSection, error) {
	ps, err := s.partners.OfContribution(ctx, a, c.ID)
	if err != nil {
		return nil, err
	}
	sec := &partnershipSection{List: ps}
	for _, p := range ps {
		if p.MadeFrom == c.ID {
			sec.MadeFrom = p.ID
		}
	}
	manage := a.CanManagePartnership(m.ProcessID, m.ID) && c.Status == domain.StatusPublished
	sec.CanMake = manage && c.Kind == domain.KindPartnership && sec.MadeFrom == ""
	sec.CanMatch = manage && slices.Contains([]domain.ContributionKind{domain.KindPartnership, domain.KindCommitment}, c.Kind)
	if len(ps) == 0 && !sec.CanMake && !sec.CanMatch {
		return nil, nil
	}
	return sec, nil
}
