package web

import (
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/plenary-org/plenary/internal/deliberation"
	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/locale"
	"github.com/plenary-org/plenary/internal/store"
)

// reportLang is a report's text in one language, for the form and the
// page: one field a guiding question of the part, then the points of
// agreement and of disagreement, and the fixed fields where they are
// asked (see [reportFields]).
type reportLang struct {
	locale.Language
	Original bool
	Fields   []reportField
}

// Said reports whether the report says anything in this language.
func (l reportLang) Said() bool {
	return slices.ContainsFunc(l.Fields, func(f reportField) bool { return f.Text != "" })
}

// reportField is one field of a report in one language: the answer to a
// guiding question (Question set) or a field with a fixed label (Key).
type reportField struct {
	Name     string // the form field, as errors name it
	Question *domain.ItemNode
	Key      string
	Text     string
}

// reportFields lists the fields of a report in lang: the answers to the
// part's guiding questions, or the follow-up mechanisms and the role of
// RCPs for a part that asks none; the points of agreement and of
// disagreement; and the fixed fields again when the part asks questions
// but the report holds them (it was written before reports answered the
// agenda's questions).
func reportFields(questions []*domain.ItemNode, fixed bool, lang string, t store.ReportText) []reportField {
	var fs []reportField
	fixedFields := []reportField{{Name: "follow_up_" + lang, Key: "report.follow_up", Text: t.FollowUp}, {Name: "rcp_role_" + lang, Key: "report.rcp_role", Text: t.RCPRole}}
	if len(questions) == 0 {
		fs = fixedFields
	}
	for _, q := range questions {
		fs = append(fs, reportField{Name: store.AnswerField(q.ID, lang), Question: q, Text: t.Answers[q.ID]})
	}
	fs = append(fs, reportField{Name: "agreement_" + lang, Key: "report.agreement", Text: t.Agreement},
		reportField{Name: "disagreement_" + lang, Key: "report.disagreement", Text: t.Disagreement})
	if len(questions) > 0 && fixed {
		fs = append(fs, fixedFields...)
	}
	return fs
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

func (s *Server) showReport(w http.ResponseWriter, r *http.Request) {
	s.renderReport(w, r, http.StatusOK, nil, nil)
}

func (s *Server) renderReport(w http.ResponseWriter, r *http.Request, status int, edited *store.Report, formErr error) {
	gr, err := s.delib.Report(r.Context(), actor(r), conversationOf(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := reportView{groupPart: &groupPart{gr.Conversation}, Report: gr.Report, CanSee: gr.CanSee, CanEdit: gr.CanEdit, CanReopen: gr.CanReopen}
	if gr.Submitted() && gr.Report.Snapshot != nil {
		t := snapshotTally(gr.Report.Snapshot)
		v.Tally = &t
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
	fixed := slices.ContainsFunc(slices.Collect(maps.Values(texts)), store.ReportText.Fixed)
	for _, l := range locale.Languages {
		rl := reportLang{Language: l, Original: l.Code == v.Lang, Fields: reportFields(gr.Questions, fixed, l.Code, texts[l.Code])}
		if rl.Original {
			v.Langs = append([]reportLang{rl}, v.Langs...)
		} else {
			v.Langs = append(v.Langs, rl)
		}
	}
	pg := s.page(r, "", v)
	pg.Title = pg.T("report.title", pg.Text(gr.Group, "name").Text)
	if formErr != nil {
		s.formFailure(w, r, formErr, "report", pg)
		return
	}
	s.render(w, r, status, "report", pg)
}

// reportVersion names the report of the request's conversation with the
// version of the form.
func reportVersion(r *http.Request) (deliberation.VersionInput, error) {
	in := deliberation.VersionInput{ConversationInput: conversationOf(r)}
	var err error
	in.Version, err = formInt(r, "version")
	return in, err
}

func (s *Server) saveReport(w http.ResponseWriter, r *http.Request) {
	in := deliberation.ReportInput{ConversationInput: conversationOf(r), Lang: r.PostFormValue("lang"), Texts: map[string]store.ReportText{}}
	for _, l := range domain.Locales {
		t := store.ReportText{FollowUp: r.PostFormValue("follow_up_" + l), RCPRole: r.PostFormValue("rcp_role_" + l),
			Agreement: r.PostFormValue("agreement_" + l), Disagreement: r.PostFormValue("disagreement_" + l)}
		// answer_{question ID}_{lang}: the use case checks the IDs.
		for name, vs := range r.PostForm {
			if id, ok := strings.CutSuffix(strings.TrimPrefix(name, "answer_"), "_"+l); ok && strings.HasPrefix(name, "answer_") && len(vs) > 0 {
				if t.Answers == nil {
					t.Answers = map[string]string{}
				}
				t.Answers[id] = vs[0]
			}
		}
		if !t.Empty() {
			in.Texts[l] = t
		}
	}
	var rep *store.Report
	var err error
	if in.Version, err = formInt(r, "version"); err == nil {
		rep, err = s.delib.SaveReport(r.Context(), actor(r), in)
	}
	if err != nil {
		s.renderReport(w, r, statusOf(err), &store.Report{Lang: in.Lang, Texts: in.Texts}, err)
		return
	}
	s.redirect(w, r, reportURL(rep), "report.saved")
}

func (s *Server) submitReport(w http.ResponseWriter, r *http.Request) {
	in, err := reportVersion(r)
	var rep *store.Report
	if err == nil {
		rep, err = s.delib.SubmitReport(r.Context(), actor(r), in)
	}
	if err != nil {
		s.renderReport(w, r, statusOf(err), nil, err)
		return
	}
	s.redirect(w, r, reportURL(rep), "report.submitted")
}

func (s *Server) reopenReport(w http.ResponseWriter, r *http.Request) {
	in, err := reportVersion(r)
	var rep *store.Report
	if err == nil {
		rep, err = s.delib.ReopenReport(r.Context(), actor(r), in)
	}
	if err != nil {
		s.renderReport(w, r, statusOf(err), nil, err)
		return
	}
	s.redirect(w, r, reportURL(rep), "report.reopened")
}

// reportURL is the page of a group's report.
func reportURL(rep *store.Report) string {
	return "/groups/" + rep.GroupID + "/report?part=" + url.QueryEscape(rep.PartID)
}

// reportRow is one group report in the secretariat's overview.
type reportRow struct {
	Report *store.Report
	Group  string
	Part   string
	Fields []reportField // in the page's language, else the report's
	Lang   string        // the language of Fields
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
	mr, err := s.delib.Reports(r.Context(), actor(r), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	partTitle, groupName := map[string]string{}, map[string]string{}
	for _, p := range mr.Parts {
		partTitle[p.ID] = p.Title
	}
	for _, g := range mr.Groups {
		groupName[g.ID] = g.Name
	}
	lang := langOf(r.Context())
	v := reportsView{Meeting: mr.Meeting, Groups: mr.Groups}
	for _, rep := range mr.Reports {
		row := reportRow{Report: rep, Group: groupName[rep.GroupID], Part: partTitle[rep.PartID]}
		t, tl := rep.Text(lang)
		row.Fields, row.Lang = reportFields(mr.Questions[rep.PartID], t.Fixed(), tl, t), tl
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
