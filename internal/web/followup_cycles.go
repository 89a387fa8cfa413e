package web

import (
	"mime"
	"net/http"
	"strconv"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/followup"
	"github.com/plenary-org/plenary/internal/outcome"
	"github.com/plenary-org/plenary/internal/store"
)

// Pages of review cycles (docs/FOLLOW-UP.md): a process's cycles and the
// form that opens one, a cycle's status per commitment with what is late,
// its review report (read, edited a section at a time with the outcome
// document's section form, finalised, exported), the secretariat's
// reminders, and the notifications on the account page.

// cyclesView is a process's cycles with the form of a new one.
type cyclesView struct {
	Process *domain.Process
	Cycles  []*domain.ReviewCycle
	Manage  bool
	Form    cycleForm
}

// cycleForm is the form that opens or changes a cycle.
type cycleForm struct {
	ID, Name, OpensOn, Deadline string
	Version                     int
	Languages                   []string
	Commitments                 string // IDs, one a line
	Filter                      followup.ScopeFilter
	Statuses                    []domain.CommitmentStatus
	AllLanguages                []string
	// Bodies are the bodies the scope may be narrowed to: the owners and
	// co-owners of the process's commitments.
	Bodies []store.DashboardChoice
}

// HasLang reports whether the form chose lang.
func (f cycleForm) HasLang(lang string) bool { return contains(f.Languages, lang) }

// HasStatus reports whether the form's filter chose st.
func (f cycleForm) HasStatus(st domain.CommitmentStatus) bool {
	for _, x := range f.Filter.Statuses {
		if x == st {
			return true
		}
	}
	return false
}

func (s *Server) processCycles(w http.ResponseWriter, r *http.Request) {
	s.renderCycles(w, r, http.StatusOK, cycleForm{Languages: []string{langOf(r.Context())}}, nil)
}

func (s *Server) renderCycles(w http.ResponseWriter, r *http.Request, status int, f cycleForm, failure error) {
	pid := r.PathValue("id")
	a := actor(r)
	cs, err := s.followups.Cycles(r.Context(), a, pid)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p, err := s.db.Process(r.Context(), pid)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f.Statuses, f.AllLanguages = domain.CommitmentStatuses, domain.Locales
	if f.Bodies, err = s.followups.ScopeBodies(r.Context(), a, pid); err != nil {
		s.fail(w, r, err)
		return
	}
	v := &cyclesView{Process: p, Cycles: cs, Manage: a.CanManageReviewCycles(pid), Form: f}
	pg := s.page(r, "", v)
	pg.Title = pg.T("cycle.page.list_title", p.Name)
	if failure != nil && !pg.fieldErrors(failure) {
		pg.FormError = pg.message(failure)
	}
	s.render(w, r, status, "cycles", pg)
}

// parseCycleForm reads the cycle form.
func parseCycleForm(r *http.Request) (cycleForm, followup.CycleInput) {
	f := cycleForm{ID: r.PathValue("id"), Name: r.PostFormValue("name"), OpensOn: r.PostFormValue("opens_on"), Deadline: r.PostFormValue("deadline"),
		Languages: r.PostForm["languages"], Commitments: r.PostFormValue("commitments")}
	f.Version, _ = strconv.Atoi(r.PostFormValue("version"))
	f.Filter = followup.ScopeFilter{MeetingID: r.PostFormValue("meeting"), BodyID: r.PostFormValue("body"), Objective: r.PostFormValue("objective"), DueBy: r.PostFormValue("due_by")}
	for _, st := range r.PostForm["status"] {
		f.Filter.Statuses = append(f.Filter.Statuses, domain.CommitmentStatus(st))
	}
	in := followup.CycleInput{Version: f.Version, Name: f.Name, OpensOn: f.OpensOn, Deadline: f.Deadline, Languages: f.Languages,
		CommitmentIDs: formLines(f.Commitments), Filter: f.Filter}
	return f, in
}

// openCycle opens a cycle from the form on the process's cycles page.
func (s *Server) openCycle(w http.ResponseWriter, r *http.Request) {
	f, in := parseCycleForm(r)
	f.ID, in.ProcessID = "", r.PathValue("id")
	y, err := s.followups.OpenCycle(r.Context(), actor(r), in)
	if err != nil {
		if c := domain.ErrorCode(err); c == domain.EINVALID || c == domain.ECONFLICT {
			s.renderCycles(w, r, statusOf(err), f, err)
			return
		}
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/cycles/"+y.ID, "cycle.page.opened")
}

// cycleView is a cycle's page.
type cycleView struct {
	*followup.CycleView
	Process *domain.Process
	Bodies  map[string]string
	Today   string
	// Form is the change form, for the secretariat of an open cycle.
	Form cycleForm
}

// Percent is the reporting rate in whole percent.
func (v *cycleView) Percent() int { return int(v.ReportingRate()*100 + 0.5) }

func (s *Server) showCycle(w http.ResponseWriter, r *http.Request) {
	s.renderCycle(w, r, http.StatusOK, nil, nil)
}

func (s *Server) renderCycle(w http.ResponseWriter, r *http.Request, status int, form *cycleForm, failure error) {
	cv, err := s.followups.Cycle(r.Context(), actor(r), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p, err := s.db.Process(r.Context(), cv.Cycle.ProcessID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var ids []string
	for _, l := range cv.Lines {
		ids = append(ids, l.OwnerBodyID)
	}
	y := cv.Cycle
	v := &cycleView{CycleView: cv, Process: p, Bodies: s.bodyLabels(r.Context(), ids),
		Form: cycleForm{ID: y.ID, Version: y.Version, Name: y.Name, OpensOn: y.OpensOn, Deadline: y.Deadline, Languages: y.Languages, AllLanguages: domain.Locales,
			Statuses: domain.CommitmentStatuses}}
	for _, id := range y.CommitmentIDs {
		v.Form.Commitments += id + "\n"
	}
	if form != nil {
		form.AllLanguages, form.Statuses = domain.Locales, domain.CommitmentStatuses
		v.Form = *form
	}
	if v.Form.Bodies, err = s.followups.ScopeBodies(r.Context(), actor(r), p.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	pg := s.page(r, "", v)
	pg.Title = y.Name
	if failure != nil && !pg.fieldErrors(failure) {
		pg.FormError = pg.message(failure)
	}
	s.render(w, r, status, "cycle", pg)
}

// updateCycle saves the change form of an open cycle.
func (s *Server) updateCycle(w http.ResponseWriter, r *http.Request) {
	f, in := parseCycleForm(r)
	in.ID = r.PathValue("id")
	if _, err := s.followups.UpdateCycle(r.Context(), actor(r), in); err != nil {
		if c := domain.ErrorCode(err); c == domain.EINVALID || c == domain.ECONFLICT {
			s.renderCycle(w, r, statusOf(err), &f, err)
			return
		}
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/cycles/"+in.ID, "flash.saved")
}

// closeCycle closes a cycle, which makes its review report.
func (s *Server) closeCycle(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	n, err := formInt(r, "version")
	if err == nil {
		_, err = s.followups.CloseCycle(r.Context(), actor(r), followup.CycleRef{ID: id, Version: n})
	}
	if err != nil {
		if c := domain.ErrorCode(err); c == domain.EINVALID || c == domain.ECONFLICT {
			s.renderCycle(w, r, statusOf(err), nil, err)
			return
		}
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/cycles/"+id+"/report", "cycle.page.closed")
}

// reviewReportView is a review report's page: one version in one
// language, with its sections editable one at a time.
type reviewReportView struct {
	*followup.ReviewReportView
	text *outcome.Text
	// Edit is the key of the section being edited, Form its form,
	// Conflict the section as saved since when a save conflicted.
	Edit     string
	Form     *sectionForm
	Conflict *domain.OutcomeSection
	Numbers  map[string]int
}

// SubheadingLevel is the level of a section's subheadings: the review
// report's sections are h2 (the outcome document's are h3, under the
// document's title), so its subheadings are h3.
func (*reviewReportView) SubheadingLevel() int { return 3 }

// Doc is the version shown, as the outcome document's block template
// reads it.
func (v *reviewReportView) Doc() docText { return docText{Text: v.text, Numbers: v.Numbers} }

// SectionAction is where the section form posts.
func (v *reviewReportView) SectionAction() string {
	return "/cycles/" + v.Cycle.ID + "/report/section?lang=" + v.Report.Lang
}

// SectionCancel is where the section form's cancel link goes.
func (v *reviewReportView) SectionCancel() string {
	return "/cycles/" + v.Cycle.ID + "/report?lang=" + v.Report.Lang
}

// FormFor returns the section form for key when it is the one edited.
func (v *reviewReportView) FormFor(key string) *sectionForm {
	if !v.Can.Edit || v.Edit != key || v.Version.Number != v.Report.Latest {
		return nil
	}
	if v.Form != nil {
		return v.Form
	}
	for _, sec := range v.Version.Text.Sections {
		if sec.Key == key {
			return newSectionForm(sec, v.Version.Number)
		}
	}
	return nil
}

// Latest reports whether the version shown is the latest.
func (v *reviewReportView) Latest() bool { return v.Version.Number == v.Report.Latest }

func reviewInput(r *http.Request) followup.ReviewReportInput {
	n, _ := strconv.Atoi(r.URL.Query().Get("v"))
	return followup.ReviewReportInput{CycleID: r.PathValue("id"), Lang: r.URL.Query().Get("lang"), Version: n}
}

// reviewReportDiff shows what changed between two versions of a review
// report in one language (?lang=&from=&to=).
func (s *Server) reviewReportDiff(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	from, _ := strconv.Atoi(q.Get("from"))
	to, _ := strconv.Atoi(q.Get("to"))
	d, err := s.followups.DiffReviewReport(r.Context(), actor(r), followup.ReviewDiffInput{CycleID: r.PathValue("id"), Lang: q.Get("lang"), From: from, To: to})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	pg := s.page(r, "", nil)
	pg.Data = newDiffView("/cycles/"+d.Cycle.ID+"/report?lang="+d.Lang+"#h-versions", pg.T("report.page.versions"), d.From.Text, d.To.Text, d.Difference)
	pg.Title = pg.T("outcome.page.diff_title", d.From.Number, d.To.Number)
	s.render(w, r, http.StatusOK, "outcome_diff", pg)
}

func (s *Server) showReviewReport(w http.ResponseWriter, r *http.Request) {
	s.renderReviewReport(w, r, http.StatusOK, reviewInput(r), nil, nil)
}

func (s *Server) renderReviewReport(w http.ResponseWriter, r *http.Request, status int, in followup.ReviewReportInput, fill func(v *reviewReportView), failure error) {
	rv, err := s.followups.ReviewReport(r.Context(), actor(r), in)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	lang := rv.Report.Lang
	v := &reviewReportView{ReviewReportView: rv, Edit: r.URL.Query().Get("edit"), Numbers: rv.Version.Text.Numbers(),
		text: &outcome.Text{Text: rv.Version.Text, Lang: lang, Document: &store.OutcomeDocument{Lang: lang}}}
	if fill != nil {
		fill(v)
	}
	pg := s.page(r, "", v)
	pg.Title = rv.Version.Text.Title
	if failure != nil && !pg.fieldErrors(failure) {
		pg.FormError = pg.message(failure)
	}
	s.render(w, r, status, "review_report", pg)
}

// editReviewSection saves the section form; a form read from an older
// version is a conflict shown beside the person's text, as on the outcome
// document.
func (s *Server) editReviewSection(w http.ResponseWriter, r *http.Request) {
	f, sec, index, err := parseSectionForm(r)
	id, lang := r.PathValue("id"), r.URL.Query().Get("lang")
	if err == nil {
		_, err = s.followups.EditReviewReport(r.Context(), actor(r), followup.ReviewSectionEdit{CycleID: id, Lang: lang, Version: sec.Version,
			Key: sec.Key, Heading: sec.Heading, Blocks: sec.Blocks})
	}
	if err != nil {
		err = formFieldErrors(err, index)
		if c := domain.ErrorCode(err); c != domain.EINVALID && c != domain.ECONFLICT {
			s.fail(w, r, err)
			return
		}
		s.renderReviewReport(w, r, statusOf(err), followup.ReviewReportInput{CycleID: id, Lang: lang}, func(v *reviewReportView) {
			v.Edit, v.Form = f.Key, f
			if domain.ErrorCode(err) == domain.ECONFLICT && v.Version.Number != f.Version {
				for i := range v.Version.Text.Sections {
					if v.Version.Text.Sections[i].Key == f.Key {
						v.Conflict = &v.Version.Text.Sections[i]
					}
				}
				f.Version = v.Version.Number
			}
		}, err)
		return
	}
	s.redirect(w, r, "/cycles/"+id+"/report?lang="+urlQueryEscape(lang)+"#"+sectionAnchor(sec.Key), "flash.saved")
}

// regenerateReviewReport makes the report again from the data.
func (s *Server) regenerateReviewReport(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if _, err := s.followups.RegenerateReviewReport(r.Context(), actor(r), id); err != nil {
		if domain.ErrorCode(err) == domain.ECONFLICT {
			s.renderReviewReport(w, r, http.StatusConflict, followup.ReviewReportInput{CycleID: id}, nil, err)
			return
		}
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/cycles/"+id+"/report", "cycle.page.regenerated")
}

// finaliseReviewReport fixes the version read.
func (s *Server) finaliseReviewReport(w http.ResponseWriter, r *http.Request) {
	id, lang := r.PathValue("id"), r.PostFormValue("lang")
	n, err := formInt(r, "version")
	if err == nil {
		_, err = s.followups.FinaliseReviewReport(r.Context(), actor(r), followup.FinaliseInput{CycleID: id, Lang: lang, Version: n})
	}
	if err != nil {
		if domain.ErrorCode(err) == domain.ECONFLICT {
			s.renderReviewReport(w, r, http.StatusConflict, followup.ReviewReportInput{CycleID: id, Lang: lang}, nil, err)
			return
		}
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/cycles/"+id+"/report?lang="+urlQueryEscape(lang), "cycle.page.finalised")
}

// exportReviewReport downloads a version in a language and format
// (?format=&lang=&v=).
func (s *Server) exportReviewReport(w http.ResponseWriter, r *http.Request) {
	ex, err := s.followups.ExportReviewReport(r.Context(), actor(r), followup.ReviewExportInput{ReviewReportInput: reviewInput(r), Format: r.URL.Query().Get("format")})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", ex.Format.MediaType)
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": ex.Name}))
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Write(ex.Data)
}

// remindersView is the secretariat's list of reports owed.
type remindersView struct {
	*followup.Reminders
	Process *domain.Process
}

// BodyName names an owing body.
func (v *remindersView) BodyName(id string) string {
	if b := v.Bodies[id]; b != nil {
		return b.Label()
	}
	return id
}

func (s *Server) processReminders(w http.ResponseWriter, r *http.Request) {
	pid := r.PathValue("id")
	days := 0
	if d := r.URL.Query().Get("days"); d != "" {
		var err error
		if days, err = strconv.Atoi(d); err != nil {
			days = -1
		}
	}
	rem, err := s.followups.Reminders(r.Context(), actor(r), followup.RemindersInput{ProcessID: pid, Days: days})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p, err := s.db.Process(r.Context(), pid)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	pg := s.page(r, "", &remindersView{Reminders: rem, Process: p})
	pg.Title = pg.T("reminders.page.title", p.Name)
	s.render(w, r, http.StatusOK, "reminders", pg)
}

// sendReminders tells the owing bodies' reporters.
func (s *Server) sendReminders(w http.ResponseWriter, r *http.Request) {
	pid := r.PathValue("id")
	days, err := formInt(r, "days")
	if err == nil {
		_, err = s.followups.Remind(r.Context(), actor(r), followup.RemindersInput{ProcessID: pid, Days: days})
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/processes/"+pid+"/reminders?days="+strconv.Itoa(days), "reminders.page.sent")
}

// markNotificationsRead marks the account's notifications read (those
// named by "id" fields, else all).
func (s *Server) markNotificationsRead(w http.ResponseWriter, r *http.Request) {
	if _, err := s.followups.MarkRead(r.Context(), actor(r), r.PostForm["id"]); err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/account#notifications", "")
}

// notice is a notification as the account page shows it.
type notice struct {
	*store.Notification
	Text string
}
