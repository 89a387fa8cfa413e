package web

import (
	"bytes"
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"github.com/plenary-org/plenary/internal/commitio"
	"github.com/plenary-org/plenary/internal/contribio"
	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/followup"
	"github.com/plenary-org/plenary/internal/store"
)

// A process's commitments and their indicators (docs/FOLLOW-UP.md): the
// list with its filters, a commitment's page, the forms that make and
// change them, and the recommendations of an adopted outcome document
// with the commitments that answer each. Every handler parses, calls one
// use case of package followup and renders.

// gcmOption is a code of the Global Compact offered in a form or filter.
type gcmOption struct {
	Code, Title string
	Objective   bool
}

// gcmOptions returns the Global Compact's objectives and principles with
// their titles in the page's language.
func (s *Server) gcmOptions(r *http.Request) []gcmOption {
	os, _ := s.followups.Objectives(r.Context(), langOf(r.Context()))
	out := make([]gcmOption, len(os))
	for i, o := range os {
		out[i] = gcmOption{Code: o.Code, Title: o.Title, Objective: domain.IsObjective(o.Code)}
	}
	return out
}

type commitmentsView struct {
	List       *followup.List
	Filter     followup.ListInput
	Meetings   []*domain.Meeting
	Bodies     []*domain.Body
	Regions    []string
	Objectives []gcmOption
	Statuses   []domain.CommitmentStatus
	Pager      Pager
	Query      template.URL // the filters as a query string, for the export links (url.Values encodes it)
}

func listInput(r *http.Request) followup.ListInput {
	q := r.URL.Query()
	return followup.ListInput{ProcessID: r.PathValue("id"), MeetingID: q.Get("meeting"), BodyID: q.Get("body"), Objective: q.Get("objective"),
		Region: q.Get("region"), Status: domain.CommitmentStatus(q.Get("status")), Sort: q.Get("sort"), Offset: pageOffset(r), Limit: 50}
}

func (s *Server) listCommitments(w http.ResponseWriter, r *http.Request) {
	in := listInput(r)
	l, err := s.followups.List(r.Context(), actor(r), in)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := commitmentsView{List: l, Filter: in, Objectives: s.gcmOptions(r), Statuses: domain.CommitmentStatuses,
		Pager: Pager{Offset: in.Offset, Limit: in.Limit, Total: l.Total, Base: pagerBase(r)}}
	q := r.URL.Query()
	q.Del("offset")
	v.Query = template.URL(q.Encode())
	ctx := r.Context()
	if v.Meetings, err = s.db.Meetings(ctx, l.Process.ID, ""); err != nil {
		s.fail(w, r, err)
		return
	}
	if v.Bodies, _, err = s.db.Bodies(ctx, store.BodyFilter{Limit: 500}); err != nil {
		s.fail(w, r, err)
		return
	}
	if v.Regions, err = s.db.Regions(ctx); err != nil {
		s.fail(w, r, err)
		return
	}
	pg := s.page(r, "", v)
	pg.Title = pg.T("commitments.title")
	s.render(w, r, http.StatusOK, "commitments", pg)
}

func (s *Server) exportCommitments(w http.ResponseWriter, r *http.Request) {
	f, err := contribio.ParseFormat(r.URL.Query().Get("format"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var buf bytes.Buffer
	if err := s.followups.Export(r.Context(), actor(r), listInput(r), f, &buf); err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", f.ContentType())
	w.Header().Set("Content-Disposition", `attachment; filename="commitments.`+string(f)+`"`)
	w.Header().Set("Cache-Control", "private, no-store")
	w.Write(buf.Bytes())
}

type commitmentView struct {
	*followup.View
	Title, Text, TextLang string // in the reader's language when translated
	Statuses              []domain.CommitmentStatus
	Objectives            map[string]string // titles by code
	Dimensions            string
	// Partnerships are those that serve the commitment.
	Partnerships []*domain.Partnership
	// CanMatch: the reader may ask for suggested partners.
	CanMatch bool
}

func (s *Server) showCommitment(w http.ResponseWriter, r *http.Request) {
	v, err := s.followups.Get(r.Context(), actor(r), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderCommitment(w, r, http.StatusOK, v, nil)
}

func (s *Server) renderCommitment(w http.ResponseWriter, r *http.Request, status int, v *followup.View, formErr error) {
	cv := commitmentView{View: v, Objectives: map[string]string{}}
	for _, st := range domain.CommitmentStatuses {
		if st != v.Commitment.Status {
			cv.Statuses = append(cv.Statuses, st)
		}
	}
	for _, o := range s.gcmOptions(r) {
		cv.Objectives[o.Code] = o.Title
	}
	cv.Title, cv.Text, cv.TextLang = followup.InLanguage(v.Commitment, langOf(r.Context()))
	ps, err := s.partners.OfCommitment(r.Context(), actor(r), v.Commitment.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	cv.Partnerships = ps
	cv.CanMatch = actor(r).CanManagePartnership(v.Commitment.ProcessID, v.Commitment.MeetingID)
	pg := s.page(r, cv.Title, cv)
	if formErr != nil {
		// The page holds several forms: the problem is told above them,
		// and the fields it names are marked.
		pg.fieldErrors(formErr)
		pg.FormError = pg.message(formErr)
	}
	s.render(w, r, status, "commitment", pg)
}

type commitmentForm struct {
	C          *domain.Commitment
	Action     string
	Back       string
	New        bool
	Bodies     []*domain.Body
	Meetings   []*domain.Meeting
	Objectives []gcmOption
	Statuses   []domain.CommitmentStatus
	Langs      []string
	// Deliverables is the deliverables as typed, one a line.
	Deliverables string
	// Source names what the commitment is made from, when it is.
	Recommendation *followup.Recommendation
	Contribution   *domain.Contribution
	Selected       map[string]bool // co-owners, partners and objectives chosen, by "co:ID", "pa:ID", code
}

func (s *Server) commitmentForm(r *http.Request, c *domain.Commitment, action, back string) (*commitmentForm, error) {
	f := &commitmentForm{C: c, Action: action, Back: back, New: c.ID == "", Objectives: s.gcmOptions(r), Statuses: domain.CommitmentStatuses,
		Langs: domain.Locales, Selected: map[string]bool{}}
	var err error
	if f.Bodies, _, err = s.db.Bodies(r.Context(), store.BodyFilter{Limit: 500}); err != nil {
		return nil, err
	}
	if f.Meetings, err = s.db.Meetings(r.Context(), c.ProcessID, ""); err != nil {
		return nil, err
	}
	var lines []string
	for _, d := range c.Deliverables {
		lines = append(lines, commitio.FormatDeliverable(d))
	}
	f.Deliverables = strings.Join(lines, "\n")
	if typed, ok := r.PostForm["deliverables"]; ok && len(typed) == 1 {
		f.Deliverables = typed[0]
	}
	for _, id := range c.CoOwnerBodyIDs {
		f.Selected["co:"+id] = true
	}
	for _, id := range c.PartnerBodyIDs {
		f.Selected["pa:"+id] = true
	}
	for _, code := range c.Objectives {
		f.Selected[code] = true
	}
	return f, nil
}

// commitmentFromForm reads the fields of the commitment form into c.
func commitmentFromForm(r *http.Request, c *domain.Commitment) {
	r.ParseForm()
	c.Title, c.Text, c.Lang = r.PostFormValue("title"), r.PostFormValue("text"), r.PostFormValue("lang")
	c.OwnerBodyID, c.MeetingID = r.PostFormValue("owner"), r.PostFormValue("meeting")
	c.CoOwnerBodyIDs, c.PartnerBodyIDs, c.Objectives = r.PostForm["co_owners"], r.PostForm["partners"], r.PostForm["objectives"]
	c.StartOn, c.DueOn = strings.TrimSpace(r.PostFormValue("start_on")), strings.TrimSpace(r.PostFormValue("due_on"))
	c.SeeksSupport = formBool(r, "seeks_support")
	c.Deliverables = commitio.ParseDeliverables(r.PostFormValue("deliverables"))
	c.ContributionIDs = r.PostForm["contribution"]
	c.Recommendations = nil
	for _, ref := range r.PostForm["recommendation"] {
		if outcomeID, block, ok := strings.Cut(ref, " "); ok {
			c.Recommendations = append(c.Recommendations, domain.RecommendationRef{OutcomeID: outcomeID, BlockID: block})
		}
	}
}

// newCommitment shows the form of a new commitment: blank, or drafted
// from a recommendation (?meeting=&block=) or a contribution
// (?contribution=).
func (s *Server) newCommitment(w http.ResponseWriter, r *http.Request) {
	ctx, a, q := r.Context(), actor(r), r.URL.Query()
	processID := r.PathValue("id")
	var c *domain.Commitment
	var rec *followup.Recommendation
	var ct *domain.Contribution
	var err error
	switch {
	case q.Get("block") != "":
		c, rec, err = s.followups.DraftFromRecommendation(ctx, a, q.Get("meeting"), q.Get("block"))
	case q.Get("contribution") != "":
		c, ct, err = s.followups.DraftFromContribution(ctx, a, q.Get("contribution"))
	default:
		c = &domain.Commitment{ProcessID: processID, Lang: langOf(ctx), Status: domain.CommitmentPlanned}
		_, err = s.followups.CanCreate(ctx, a, processID)
	}
	if err == nil && c.ProcessID != processID {
		err = domain.NotFound("process")
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f, err := s.commitmentForm(r, c, "/processes/"+processID+"/commitments", "/processes/"+processID+"/commitments")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f.Recommendation, f.Contribution = rec, ct
	pg := s.page(r, "", f)
	pg.Title = pg.T("commitment.new")
	s.render(w, r, http.StatusOK, "commitment_form", pg)
}

func (s *Server) createCommitment(w http.ResponseWriter, r *http.Request) {
	processID := r.PathValue("id")
	c := &domain.Commitment{ProcessID: processID, Status: domain.CommitmentStatus(r.PostFormValue("status"))}
	commitmentFromForm(r, c)
	if _, err := s.followups.Create(r.Context(), actor(r), c); err != nil {
		f, ferr := s.commitmentForm(r, c, "/processes/"+processID+"/commitments", "/processes/"+processID+"/commitments")
		if ferr != nil || domain.ErrorCode(err) != domain.EINVALID {
			s.fail(w, r, err)
			return
		}
		pg := s.page(r, "", f)
		pg.Title = pg.T("commitment.new")
		s.formFailure(w, r, err, "commitment_form", pg)
		return
	}
	s.redirect(w, r, "/commitments/"+c.ID, "flash.saved")
}

func (s *Server) editCommitment(w http.ResponseWriter, r *http.Request) {
	_, c, err := s.followups.Editable(r.Context(), actor(r), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f, err := s.commitmentForm(r, c, "/commitments/"+c.ID, "/commitments/"+c.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	pg := s.page(r, "", f)
	pg.Title = pg.T("commitment.edit")
	s.render(w, r, http.StatusOK, "commitment_form", pg)
}

func (s *Server) updateCommitment(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	version, _ := formInt(r, "version")
	c := &domain.Commitment{ID: id, Version: version}
	commitmentFromForm(r, c)
	_, err := s.followups.Update(r.Context(), actor(r), followup.UpdateInput{ID: id, Version: version, MeetingID: c.MeetingID, Title: c.Title, Text: c.Text,
		Lang: c.Lang, OwnerBodyID: c.OwnerBodyID, CoOwnerBodyIDs: c.CoOwnerBodyIDs, PartnerBodyIDs: c.PartnerBodyIDs, Objectives: c.Objectives,
		ContributionIDs: c.ContributionIDs, Recommendations: c.Recommendations, Deliverables: c.Deliverables, StartOn: c.StartOn, DueOn: c.DueOn,
		SeeksSupport: c.SeeksSupport})
	if err != nil {
		cur, _, gerr := s.followups.Editable(r.Context(), actor(r), id)
		if gerr != nil {
			s.fail(w, r, err)
			return
		}
		c.ProcessID, c.Status = cur.Process.ID, cur.Commitment.Status
		f, ferr := s.commitmentForm(r, c, "/commitments/"+id, "/commitments/"+id)
		if ferr != nil {
			s.fail(w, r, err)
			return
		}
		pg := s.page(r, "", f)
		pg.Title = pg.T("commitment.edit")
		s.formFailure(w, r, err, "commitment_form", pg)
		return
	}
	s.redirect(w, r, "/commitments/"+id, "flash.saved")
}

func (s *Server) changeCommitmentStatus(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	version, _ := formInt(r, "version")
	_, err := s.followups.ChangeStatus(r.Context(), actor(r), followup.StatusInput{ID: id, Version: version,
		Status: domain.CommitmentStatus(r.PostFormValue("status")), Note: r.PostFormValue("note")})
	if err != nil {
		s.commitmentFailure(w, r, id, err)
		return
	}
	s.redirect(w, r, "/commitments/"+id, "flash.saved")
}

// commitmentFailure shows the commitment's page again with the problem of
// a form on it, or fails.
func (s *Server) commitmentFailure(w http.ResponseWriter, r *http.Request, id string, err error) {
	code := domain.ErrorCode(err)
	if code != domain.EINVALID && code != domain.ECONFLICT {
		s.fail(w, r, err)
		return
	}
	v, gerr := s.followups.Get(r.Context(), actor(r), id)
	if gerr != nil {
		s.fail(w, r, gerr)
		return
	}
	s.renderCommitment(w, r, domain.HTTPStatus(code), v, err)
}

func (s *Server) confirmDeleteCommitment(w http.ResponseWriter, r *http.Request) {
	c, d, err := s.followups.Dependents(r.Context(), actor(r), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	pg := s.page(r, "", nil)
	q := pg.T("commitment.delete_confirm", d.Indicators, c.Title)
	if d.Any() {
		q = pg.T("followup.error_in_use")
	}
	pg.Data = confirmView{Action: "/commitments/" + c.ID + "/delete?version=" + strconv.Itoa(c.Version), Question: q, Back: "/commitments/" + c.ID}
	pg.Title = pg.T("commitment.delete")
	s.render(w, r, http.StatusOK, "confirm", pg)
}

func (s *Server) deleteCommitment(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	version, _ := strconv.Atoi(r.URL.Query().Get("version"))
	v, err := s.followups.Get(r.Context(), actor(r), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if r.PostFormValue("confirm") != "on" {
		s.redirect(w, r, "/commitments/"+id+"/delete", "")
		return
	}
	if err := s.followups.Delete(r.Context(), actor(r), id, version); err != nil {
		s.commitmentFailure(w, r, id, err)
		return
	}
	s.redirect(w, r, "/processes/"+v.Process.ID+"/commitments", "flash.deleted")
}

// indicatorFromForm reads the indicator form.
func indicatorFromForm(r *http.Request) (followup.IndicatorInput, error) {
	r.ParseForm()
	in := followup.IndicatorInput{Name: r.PostFormValue("name"), Unit: r.PostFormValue("unit"), BaselineOn: strings.TrimSpace(r.PostFormValue("baseline_on")),
		TargetOn: strings.TrimSpace(r.PostFormValue("target_on")), Direction: domain.Direction(r.PostFormValue("direction")),
		Disaggregation: commitio.Split(r.PostFormValue("disaggregation")), Source: r.PostFormValue("source")}
	var errs domain.Errors
	for _, f := range []struct {
		name string
		dst  **float64
	}{{"baseline", &in.Baseline}, {"target", &in.Target}} {
		v := strings.TrimSpace(strings.ReplaceAll(r.PostFormValue(f.name), ",", "."))
		if v == "" {
			continue
		}
		x, err := strconv.ParseFloat(v, 64)
		if err != nil || !domain.Finite(x) {
			errs = append(errs, domain.Invalid(f.name, "followup.error_number", "must be a number such as 42 or 12.5"))
			continue
		}
		*f.dst = &x
	}
	return in, errs.Err()
}

func (s *Server) addIndicator(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	in, err := indicatorFromForm(r)
	if err == nil {
		in.CommitmentID = id
		_, err = s.followups.AddIndicator(r.Context(), actor(r), in)
	}
	if err != nil {
		s.commitmentFailure(w, r, id, err)
		return
	}
	s.redirect(w, r, "/commitments/"+id+"#indicators", "flash.saved")
}

type indicatorForm struct {
	I          *domain.Indicator
	Commitment *domain.Commitment
	Directions []domain.Direction
}

func (s *Server) renderIndicatorForm(w http.ResponseWriter, r *http.Request, status int, ind *domain.Indicator, c *domain.Commitment, err error) {
	pg := s.page(r, "", indicatorForm{I: ind, Commitment: c, Directions: domain.Directions})
	pg.Title = pg.T("indicator.edit")
	if err != nil {
		s.formFailure(w, r, err, "indicator_form", pg)
		return
	}
	s.render(w, r, status, "indicator_form", pg)
}

func (s *Server) editIndicator(w http.ResponseWriter, r *http.Request) {
	ind, c, err := s.followups.EditableIndicator(r.Context(), actor(r), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderIndicatorForm(w, r, http.StatusOK, ind, c, nil)
}

func (s *Server) updateIndicator(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	in, err := indicatorFromForm(r)
	version, _ := formInt(r, "version")
	var ind *domain.Indicator
	if err == nil {
		in.ID, in.Version = id, version
		ind, err = s.followups.UpdateIndicator(r.Context(), actor(r), in)
	}
	if err != nil {
		cur, c, gerr := s.followups.EditableIndicator(r.Context(), actor(r), id)
		if gerr != nil {
			s.fail(w, r, err)
			return
		}
		typed := *cur
		typed.Name, typed.Unit, typed.Baseline, typed.BaselineOn, typed.Target, typed.TargetOn = in.Name, in.Unit, in.Baseline, in.BaselineOn, in.Target, in.TargetOn
		typed.Direction, typed.Disaggregation, typed.Source, typed.Version = in.Direction, in.Disaggregation, in.Source, version
		s.renderIndicatorForm(w, r, 0, &typed, c, err)
		return
	}
	s.redirect(w, r, "/commitments/"+ind.CommitmentID+"#indicators", "flash.saved")
}

func (s *Server) confirmDeleteIndicator(w http.ResponseWriter, r *http.Request) {
	ind, c, err := s.followups.EditableIndicator(r.Context(), actor(r), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	pg := s.page(r, "", nil)
	pg.Title = pg.T("indicator.delete")
	pg.Data = confirmView{Action: "/indicators/" + ind.ID + "/delete?version=" + strconv.Itoa(ind.Version), Question: pg.T("indicator.delete_confirm", ind.Name),
		Back: "/commitments/" + c.ID + "#indicators"}
	s.render(w, r, http.StatusOK, "confirm", pg)
}

func (s *Server) deleteIndicator(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	_, c, err := s.followups.Indicator(r.Context(), actor(r), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if r.PostFormValue("confirm") != "on" {
		s.redirect(w, r, "/indicators/"+id+"/delete", "")
		return
	}
	version, _ := strconv.Atoi(r.URL.Query().Get("version"))
	if err := s.followups.DeleteIndicator(r.Context(), actor(r), id, version); err != nil {
		s.commitmentFailure(w, r, c.ID, err)
		return
	}
	s.redirect(w, r, "/commitments/"+c.ID+"#indicators", "flash.deleted")
}

type recommendationsView struct {
	R         *followup.Recommendations
	ProcessID string
}

func (s *Server) showRecommendations(w http.ResponseWriter, r *http.Request) {
	rs, err := s.followups.Recommendations(r.Context(), actor(r), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	pg := s.page(r, "", recommendationsView{R: rs, ProcessID: rs.Meeting.ProcessID})
	pg.Title = pg.T("recommendations.title", rs.Meeting.Name())
	s.render(w, r, http.StatusOK, "recommendations", pg)
}

// commitmentsOf returns the commitments made from a contribution the
// actor reads, and whether they may make one from it, for its page.
func (s *Server) commitmentsOf(r *http.Request, c *domain.Contribution, processID string) ([]*domain.Commitment, bool) {
	cs, _ := s.followups.OfContribution(r.Context(), actor(r), c.ID)
	can := c.Status == domain.StatusPublished && (c.Kind == domain.KindCommitment || c.Kind == domain.KindFollowUp) &&
		actor(r).CanManageCommitments(processID, c.MeetingID)
	return cs, can
}
