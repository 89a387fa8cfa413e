package web

import (
	"context"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/followup"
)

// Pages of progress reports on commitments (docs/FOLLOW-UP.md): the form
// with a row per indicator value, the report with its versions and the
// secretariat's review, and its documents. Each handler parses, calls one
// use case of package followup, renders.

// progressFormView is the form of a new or returned report.
type progressFormView struct {
	Commitment *domain.Commitment
	Indicators []*domain.Indicator
	Cycles     []*domain.ReviewCycle
	Bodies     map[string]string // the bodies the actor reports for, by ID
	BodyIDs    []string
	// Report is the report changed, nil for a new one.
	Report   *domain.ProgressReport
	In       followup.ReportInput
	Rows     []valueRow
	Statuses []domain.CommitmentStatus
	Langs    []string
}

// valueRow is one row of indicator values in the form.
type valueRow struct {
	Index                       int
	Indicator, On, Value        string
	Dimension, Category         string
	IndicatorErr, OnErr, ValErr string
	DimensionErr, CategoryErr   string
	Dimensions                  []string
}

// emptyValueRows is how many empty rows of values the form offers after
// those given: without JavaScript, a person adds more by saving.
const emptyValueRows = 3

// bodyLabels names bodies by ID.
func (s *Server) bodyLabels(ctx context.Context, ids []string) map[string]string {
	out := map[string]string{}
	for _, id := range ids {
		if _, ok := out[id]; ok || id == "" {
			continue
		}
		if b, err := s.db.Body(ctx, id); err == nil {
			out[id] = b.Label()
		} else {
			out[id] = id
		}
	}
	return out
}

// newProgressForm shows the form of a new report on a commitment
// (?cycle= preselects the cycle it answers).
func (s *Server) newProgressForm(w http.ResponseWriter, r *http.Request) {
	in := followup.ReportInput{CommitmentID: r.PathValue("id"), CycleID: r.URL.Query().Get("cycle"), Status: ""}
	s.renderProgressForm(w, r, http.StatusOK, in, nil, nil)
}

func (s *Server) renderProgressForm(w http.ResponseWriter, r *http.Request, status int, in followup.ReportInput, rep *domain.ProgressReport, failure error) {
	f, err := s.followups.NewReportForm(r.Context(), actor(r), in.CommitmentID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if in.Status == "" {
		in.Status = f.Commitment.Status
	}
	if in.Lang == "" {
		in.Lang = langOf(r.Context())
	}
	v := &progressFormView{Commitment: f.Commitment, Indicators: f.Indicators, Cycles: f.Cycles, BodyIDs: f.Bodies, Bodies: s.bodyLabels(r.Context(), f.Bodies),
		Report: rep, In: in, Statuses: domain.CommitmentStatuses, Langs: domain.Locales}
	pg := s.page(r, "", v)
	if failure != nil && !pg.fieldErrors(failure) {
		pg.FormError = pg.message(failure)
	}
	v.Rows = valueRows(in.Values, f.Indicators, pg, r)
	pg.Title = pg.T("report.page.new_title", f.Commitment.Title)
	if rep != nil {
		pg.Title = pg.T("report.page.edit_title", f.Commitment.Title)
	}
	s.render(w, r, status, "progress_form", pg)
}

// valueRows are the form's rows: those posted (kept as typed, with their
// errors) or the values given, then empty ones.
func valueRows(vals []domain.IndicatorValue, inds []*domain.Indicator, pg *Page, r *http.Request) []valueRow {
	dims := []string{}
	for _, ind := range inds {
		for _, d := range ind.Disaggregation {
			if !contains(dims, d) {
				dims = append(dims, d)
			}
		}
	}
	var rows []valueRow
	if r.Method == http.MethodPost {
		for _, at := range r.PostForm["row"] {
			row := valueRow{Indicator: r.PostFormValue("indicator." + at), On: r.PostFormValue("on." + at), Value: r.PostFormValue("value." + at),
				Dimension: r.PostFormValue("dimension." + at), Category: r.PostFormValue("category." + at)}
			if strings.TrimSpace(row.Indicator) == "" && strings.TrimSpace(row.Value) == "" {
				continue
			}
			rows = append(rows, row)
		}
	} else {
		for _, v := range vals {
			rows = append(rows, valueRow{Indicator: v.IndicatorID, On: v.On, Value: strconv.FormatFloat(v.Value, 'f', -1, 64), Dimension: v.Dimension, Category: v.Category})
		}
	}
	// Drop trailing empty rows, then offer a few.
	for len(rows) > 0 && rows[len(rows)-1].empty() {
		rows = rows[:len(rows)-1]
	}
	for range emptyValueRows {
		rows = append(rows, valueRow{})
	}
	for i := range rows {
		rows[i].Index, rows[i].Dimensions = i, dims
		at := strconv.Itoa(i)
		rows[i].IndicatorErr, rows[i].OnErr, rows[i].ValErr = pg.Err("values."+at+".indicator"), pg.Err("values."+at+".on"), pg.Err("values."+at+".value")
		rows[i].DimensionErr, rows[i].CategoryErr = pg.Err("values."+at+".dimension"), pg.Err("values."+at+".category")
	}
	return rows
}

func (v valueRow) empty() bool {
	return strings.TrimSpace(v.Indicator+v.On+v.Value+v.Category) == ""
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// parseProgressForm reads the report form: its fields, and a value for each
// row with an indicator or a value ("values.N.FIELD" errors name the
// form's rows).
func parseProgressForm(r *http.Request) (followup.ReportInput, error) {
	in := followup.ReportInput{CommitmentID: r.PathValue("id"), CycleID: r.PostFormValue("cycle"), BodyID: r.PostFormValue("body"),
		PeriodFrom: r.PostFormValue("period_from"), PeriodTo: r.PostFormValue("period_to"), PeriodLabel: r.PostFormValue("period_label"),
		Status: domain.CommitmentStatus(r.PostFormValue("status")), Lang: r.PostFormValue("lang"), Narrative: r.PostFormValue("narrative"),
		Challenges: r.PostFormValue("challenges"), SupportNeeded: r.PostFormValue("support_needed"), EvidenceLinks: formLines(r.PostFormValue("evidence"))}
	in.Version, _ = strconv.Atoi(r.PostFormValue("version"))
	vals, err := parseValueRows(r.PostForm)
	in.Values = vals
	return in, err
}

// formLines splits a text area into its non-empty lines.
func formLines(s string) []string {
	var out []string
	for _, l := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// parseValueRows reads the rows of indicator values of the report form,
// in the order of their "row" fields: a row without an indicator and a
// value is left out, and the others are numbered in order, as the use
// case numbers its errors ("values.N.value") and as the form shows them
// again ([valueRows] leaves out the same rows). A value is read as people
// type numbers ([followup.ParseNumber]).
func parseValueRows(form map[string][]string) ([]domain.IndicatorValue, error) {
	get := func(k string) string {
		if v := form[k]; len(v) > 0 {
			return v[0]
		}
		return ""
	}
	var out []domain.IndicatorValue
	var errs domain.Errors
	rows := form["row"]
	if len(rows) > domain.MaxReportValues+emptyValueRows {
		return nil, domain.Invalid("values", "error.too_many", "at most %d", domain.MaxReportValues)
	}
	for _, at := range rows {
		if _, err := strconv.Atoi(at); err != nil {
			continue
		}
		ind, on, val := strings.TrimSpace(get("indicator."+at)), strings.TrimSpace(get("on."+at)), strings.TrimSpace(get("value."+at))
		if ind == "" && val == "" {
			continue
		}
		idx := strconv.Itoa(len(out))
		v := domain.IndicatorValue{IndicatorID: ind, On: on, Dimension: get("dimension." + at), Category: get("category." + at)}
		n, err := followup.ParseNumber("values."+idx+".value", val)
		if err != nil {
			errs = append(errs, err.(*domain.Error))
		}
		v.Value = n
		out = append(out, v)
	}
	return out, errs.Err()
}

// createProgress saves a new report as a draft and shows it.
func (s *Server) createProgress(w http.ResponseWriter, r *http.Request) {
	in, err := parseProgressForm(r)
	var rep *domain.ProgressReport
	if err == nil {
		rep, err = s.followups.CreateReport(r.Context(), actor(r), in)
	}
	if err != nil {
		if c := domain.ErrorCode(err); c == domain.EINVALID || c == domain.ECONFLICT {
			s.renderProgressForm(w, r, statusOf(err), in, nil, err)
			return
		}
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/reports/"+rep.ID, "report.page.saved")
}

// progressView is a report's page.
type progressView struct {
	*followup.ReportView
	Bodies     map[string]string
	Indicators map[string]*domain.Indicator
	// Version is a version asked for (?v=), nil for the report as it is.
	Version *domain.ReportVersion
}

// showProgress is a report with its values, documents, versions and the
// actions the actor may take.
func (s *Server) showProgress(w http.ResponseWriter, r *http.Request) {
	s.renderProgress(w, r, http.StatusOK, nil)
}

func (s *Server) renderProgress(w http.ResponseWriter, r *http.Request, status int, failure error) {
	rv, err := s.followups.Report(r.Context(), actor(r), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ids := append([]string{rv.Report.BodyID, rv.Commitment.OwnerBodyID}, rv.Commitment.CoOwnerBodyIDs...)
	v := &progressView{ReportView: rv, Bodies: s.bodyLabels(r.Context(), ids), Indicators: map[string]*domain.Indicator{}}
	for _, ind := range rv.Indicators {
		v.Indicators[ind.ID] = ind
	}
	if n, err := strconv.Atoi(r.URL.Query().Get("v")); err == nil {
		for i := range rv.Versions {
			if rv.Versions[i].Version == n {
				v.Version = &rv.Versions[i]
			}
		}
	}
	pg := s.page(r, "", v)
	pg.Title = pg.T("report.page.title", rv.Commitment.Title)
	if failure != nil && !pg.fieldErrors(failure) {
		pg.FormError = pg.message(failure)
	}
	s.render(w, r, status, "progress_report", pg)
}

// editProgressForm shows the form of a draft or returned report.
func (s *Server) editProgressForm(w http.ResponseWriter, r *http.Request) {
	rv, err := s.followups.Report(r.Context(), actor(r), r.PathValue("id"))
	if err == nil && !rv.Can.Edit {
		err = domain.Forbidden()
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := rv.Report
	in := followup.ReportInput{ID: p.ID, Version: p.Version, CommitmentID: p.CommitmentID, CycleID: p.CycleID, BodyID: p.BodyID, PeriodFrom: p.PeriodFrom,
		PeriodTo: p.PeriodTo, PeriodLabel: p.PeriodLabel, Status: p.Status, Lang: p.Lang, Narrative: p.Narrative, Challenges: p.Challenges,
		SupportNeeded: p.SupportNeeded, EvidenceLinks: p.EvidenceLinks, Values: p.Values}
	s.renderProgressForm(w, r, http.StatusOK, in, p, nil)
}

// updateProgress saves the owners' change of a draft or returned report.
func (s *Server) updateProgress(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	rv, err := s.followups.Report(r.Context(), actor(r), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	in, err := parseProgressForm(r)
	in.ID, in.CommitmentID = id, rv.Commitment.ID
	if err == nil {
		_, err = s.followups.UpdateReport(r.Context(), actor(r), in)
	}
	if err != nil {
		if c := domain.ErrorCode(err); c == domain.EINVALID || c == domain.ECONFLICT {
			s.renderProgressForm(w, r, statusOf(err), in, rv.Report, err)
			return
		}
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/reports/"+id, "report.page.saved")
}

// progressStep takes a step of a report's review from its page's buttons:
// submit, accept, return (with a reason) or delete.
func (s *Server) progressStep(step string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id := r.PathValue("id")
		ref := followup.ReportRef{ID: id}
		var err error
		ref.Version, err = formInt(r, "version")
		flash, to := "report.page."+step+"ed", "/reports/"+id
		if err == nil {
			a := actor(r)
			switch step {
			case "submit":
				flash = "report.page.submitted"
				_, err = s.followups.SubmitReport(r.Context(), a, ref)
			case "accept":
				flash = "report.page.accepted"
				_, err = s.followups.AcceptReport(r.Context(), a, ref)
			case "return":
				flash = "report.page.returned"
				_, err = s.followups.ReturnReport(r.Context(), a, followup.ReturnInput{ReportRef: ref, Reason: r.PostFormValue("reason")})
			case "delete":
				rv, rerr := s.followups.Report(r.Context(), a, id)
				if rerr == nil {
					to = "/commitments/" + rv.Commitment.ID
				}
				flash = "report.page.deleted"
				err = s.followups.DeleteReport(r.Context(), a, ref)
			}
		}
		if err != nil {
			if c := domain.ErrorCode(err); c == domain.EINVALID || c == domain.ECONFLICT {
				s.renderProgress(w, r, statusOf(err), err)
				return
			}
			s.fail(w, r, err)
			return
		}
		s.redirect(w, r, to, flash)
	}
}

// attachToReport adds the uploaded document to a report.
func (s *Server) attachToReport(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	file, hdr, err := r.FormFile("file")
	if err != nil {
		s.renderProgress(w, r, http.StatusUnprocessableEntity, domain.Invalid("file", "error.attachment_missing", "choose a file to attach"))
		return
	}
	defer file.Close()
	data, err := io.ReadAll(io.LimitReader(file, domain.MaxAttachmentBytes+1))
	if err == nil {
		_, err = s.followups.Attach(r.Context(), actor(r), followup.AttachInput{ReportID: id, Name: hdr.Filename, Data: data})
	}
	if err != nil {
		if c := domain.ErrorCode(err); c == domain.EINVALID || c == domain.ECONFLICT {
			s.renderProgress(w, r, statusOf(err), err)
			return
		}
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/reports/"+id+"#documents", "report.page.attached")
}

// detachFromReport removes a document from a report.
func (s *Server) detachFromReport(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if err := s.followups.Detach(r.Context(), actor(r), followup.DetachInput{ReportID: id, AttachmentID: r.PathValue("aid")}); err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/reports/"+id+"#documents", "report.page.detached")
}

// reportAttachment serves a report's document as a download.
func (s *Server) reportAttachment(w http.ResponseWriter, r *http.Request) {
	f, err := s.followups.ReportAttachment(r.Context(), actor(r), r.PathValue("id"), r.PathValue("aid"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", f.Attachment.ContentType)
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": f.Attachment.Name}))
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Write(f.Data)
}
