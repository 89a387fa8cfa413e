package web

import (
	"net/http"
	"strings"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/locale"
	"github.com/plenary-org/plenary/internal/store"
)

// reportLang is a report's text in one language, for the form.
type reportLang struct {
	locale.Language
	Original bool
	store.ReportText
}

// reportView is a group's report page.
type reportView struct {
	*groupPart
	Report    *store.Report // nil before the first save
	Lang      string        // the report's language
	Langs     []reportLang  // the original first
	Tally     *tallyView    // the frozen ranking, once submitted
	CanEdit   bool
	CanReopen bool
	CanSee    bool // drafts are for the group and the secretariat
}

// Submitted reports whether the report has been submitted.
func (v reportView) Submitted() bool {
	return v.Report != nil && v.Report.Status == store.ReportSubmitted
}

// Version returns the version of the report read, 0 before the first save.
func (v reportView) Version() int {
	if v.Report == nil {
		return 0
	}
	return v.Report.Version
}

// isGroupMember reports whether the actor belongs to the group.
func isGroupMember(a *domain.Actor, meetingID, groupID string) bool {
	if !a.LoggedIn() {
		return false
	}
	for _, m := range a.Memberships {
		if m.GroupID == groupID && (m.MeetingID == "" || m.MeetingID == meetingID) {
			return true
		}
	}
	return false
}

func (s *Server) showReport(w http.ResponseWriter, r *http.Request) {
	s.renderReport(w, r, http.StatusOK, nil, nil)
}

func (s *Server) renderReport(w http.ResponseWriter, r *http.Request, status int, edited *store.Report, formErr error) {
	gp, err := s.groupPartOf(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	a := actor(r)
	sc := gp.Scope
	v := reportView{groupPart: gp, CanEdit: a.CanManageGroup(sc.ProcessID, sc.MeetingID, gp.Group.ID),
		CanReopen: a.CanManageMeeting(sc.ProcessID, sc.MeetingID)}
	v.CanSee = v.CanEdit || isGroupMember(a, sc.MeetingID, gp.Group.ID)
	rep, err := s.db.Report(r.Context(), gp.Group.ID, gp.Part.ID)
	switch {
	case err == nil:
		v.Report = rep
	case domain.ErrorCode(err) != domain.ENOTFOUND:
		s.fail(w, r, err)
		return
	}
	if v.Submitted() {
		v.CanSee, v.CanEdit = true, false
		if rep.Snapshot != nil {
			t := snapshotTally(rep.Snapshot)
			v.Tally = &t
		}
	}
	shown := v.Report
	if edited != nil {
		shown = edited
	}
	v.Lang = langOf(r.Context())
	texts := map[string]store.ReportText{}
	if shown != nil {
		v.Lang, texts = shown.Lang, shown.Texts
	}
	for _, l := range locale.Languages {
		rl := reportLang{Language: l, Original: l.Code == v.Lang, ReportText: texts[l.Code]}
		if rl.Original {
			v.Langs = append([]reportLang{rl}, v.Langs...)
		} else {
			v.Langs = append(v.Langs, rl)
		}
	}
	pg := s.page(r, "", v)
	pg.Title = pg.T("report.title", gp.Group.Name)
	if formErr != nil {
		s.formFailure(w, r, formErr, "report", pg)
		return
	}
	s.render(w, r, status, "report", pg)
}

// reportEditor checks that the actor may write the group's report.
func (s *Server) reportEditor(r *http.Request) (*groupPart, error) {
	gp, err := s.groupPartOf(r)
	if err != nil {
		return nil, err
	}
	if !actor(r).CanManageGroup(gp.Scope.ProcessID, gp.Scope.MeetingID, gp.Group.ID) {
		return nil, domain.Errorf(domain.EFORBIDDEN, "report.error_not_rapporteur", "only the group's rapporteur and the secretariat write the group's report")
	}
	return gp, nil
}

func (s *Server) saveReport(w http.ResponseWriter, r *http.Request) {
	gp, err := s.reportEditor(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rep := &store.Report{MeetingID: gp.Scope.MeetingID, GroupID: gp.Group.ID, PartID: gp.Part.ID, Lang: r.PostFormValue("lang"), Texts: map[string]store.ReportText{}}
	for _, l := range domain.Locales {
		t := store.ReportText{FollowUp: r.PostFormValue("follow_up_" + l), RCPRole: r.PostFormValue("rcp_role_" + l)}
		if strings.TrimSpace(t.FollowUp+t.RCPRole) != "" {
			rep.Texts[l] = t
		}
	}
	if rep.Version, err = formInt(r, "version"); err == nil {
		err = s.db.SaveReport(r.Context(), rep)
	}
	if err != nil {
		s.renderReport(w, r, statusOf(err), rep, err)
		return
	}
	s.redirect(w, r, "/groups/"+gp.Group.ID+"/report"+gp.Query(), "report.saved")
}

func (s *Server) submitReport(w http.ResponseWriter, r *http.Request) {
	gp, err := s.reportEditor(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var version int
	if version, err = formInt(r, "version"); err == nil {
		_, err = s.db.SubmitReport(r.Context(), gp.Group.ID, gp.Part.ID, version)
	}
	if err != nil {
		s.renderReport(w, r, statusOf(err), nil, err)
		return
	}
	s.redirect(w, r, "/groups/"+gp.Group.ID+"/report"+gp.Query(), "report.submitted")
}

func (s *Server) reopenReport(w http.ResponseWriter, r *http.Request) {
	gp, err := s.groupPartOf(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !actor(r).CanManageMeeting(gp.Scope.ProcessID, gp.Scope.MeetingID) {
		s.fail(w, r, domain.Forbidden())
		return
	}
	var version int
	if version, err = formInt(r, "version"); err == nil {
		_, err = s.db.ReopenReport(r.Context(), gp.Group.ID, gp.Part.ID, version)
	}
	if err != nil {
		s.renderReport(w, r, statusOf(err), nil, err)
		return
	}
	s.redirect(w, r, "/groups/"+gp.Group.ID+"/report"+gp.Query(), "report.reopened")
}

// reportRow is one group report in the secretariat's overview.
type reportRow struct {
	Report *store.Report
	Group  string
	Part   string
	Text   store.ReportText
	Top    []tallyRow
	Tied   bool
}

type reportsView struct {
	Meeting *domain.Meeting
	Rows    []reportRow
	Groups  []*domain.Group
}

// meetingReports shows the secretariat every group's report of a meeting.
func (s *Server) meetingReports(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if _, err := s.scope(r, "meeting", id, true); err != nil {
		s.fail(w, r, err)
		return
	}
	ctx := r.Context()
	m, err := s.db.Meeting(ctx, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	reps, err := s.db.Reports(ctx, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	groups, err := s.db.Groups(ctx, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	a, err := s.db.Agenda(ctx, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	partTitle, groupName := map[string]string{}, map[string]string{}
	for _, sn := range a.Sessions {
		for _, p := range sn.Parts {
			partTitle[p.ID] = p.Title
		}
	}
	for _, g := range groups {
		groupName[g.ID] = g.Name
	}
	lang := langOf(ctx)
	v := reportsView{Meeting: m, Groups: groups}
	for _, rep := range reps {
		row := reportRow{Report: rep, Group: groupName[rep.GroupID], Part: partTitle[rep.PartID]}
		row.Text, _ = rep.Text(lang)
		if rep.Snapshot != nil {
			t := snapshotTally(rep.Snapshot)
			row.Top, row.Tied = t.TopRows, !t.Top.Decided()
		}
		v.Rows = append(v.Rows, row)
	}
	pg := s.page(r, "", v)
	pg.Title = pg.T("report.list_title")
	s.render(w, r, http.StatusOK, "reports", pg)
}
