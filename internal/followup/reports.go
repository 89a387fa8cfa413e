package followup

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/store"
)

// Progress reports (docs/FOLLOW-UP.md): the owners of a commitment (a
// delegate or partner acting for its owner or a co-owner body) report per
// period its status, values of its indicators, a narrative with evidence
// links and documents, the challenges met and the support needed. A draft
// is theirs alone; they submit it; the secretariat accepts it, which sets
// the commitment's status to the one reported (kept in its history), or
// returns it with a reason, and the owners are told either way. Every
// saved state is kept as a version, every change audited.

// commitment finds a commitment the actor may see: EUNAUTHORIZED for an
// anonymous actor, ENOTFOUND for one of a process they do not see.
func (s *Service) visibleCommitment(ctx context.Context, a *domain.Actor, id string) (*domain.Commitment, error) {
	if !a.LoggedIn() {
		return nil, domain.Unauthorized()
	}
	c, err := s.db.Commitment(ctx, id)
	if err != nil {
		return nil, err
	}
	if !a.CanViewFollowUp(c.ProcessID) {
		return nil, domain.NotFound("commitment")
	}
	return c, nil
}

// visibleReport finds a report and its commitment that the actor may read
// (a draft of others is not found).
func (s *Service) visibleReport(ctx context.Context, a *domain.Actor, id string) (*domain.ProgressReport, *domain.Commitment, error) {
	if !a.LoggedIn() {
		return nil, nil, domain.Unauthorized()
	}
	r, err := s.db.ProgressReport(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	c, err := s.db.Commitment(ctx, r.CommitmentID)
	if err != nil {
		return nil, nil, err
	}
	if !a.CanViewProgressReport(c, r) {
		return nil, nil, domain.NotFound("progress report")
	}
	return r, c, nil
}

func errNotReporter() error {
	return domain.Errorf(domain.EFORBIDDEN, "followup.error_not_reporter", "only a delegate or partner of the commitment's owner or co-owners reports progress on it")
}

func errNotReviewer() error {
	return domain.Errorf(domain.EFORBIDDEN, "followup.error_not_reviewer", "only the secretariat accepts or returns progress reports")
}

func errReportLocked() error {
	return domain.Errorf(domain.ECONFLICT, "followup.error_report_locked", "the report is submitted: it changes only once the secretariat returns it")
}

func errStep(state domain.ReportState) error {
	return domain.Errorf(domain.ECONFLICT, "followup.error_report_step", "the report is %s: this step does not apply to it", string(state))
}

func errStaleReport(read, now int) error {
	return domain.Errorf(domain.ECONFLICT, "followup.error_report_stale", "you read version %d of the report but version %d has been saved since: reload it, then apply your change again", read, now)
}

// ReportInput is a progress report as its owners write it. ID and Version
// are empty for a new report.
type ReportInput struct {
	ID      string
	Version int
	// CommitmentID names the commitment (for a new report).
	CommitmentID string
	// CycleID is the open review cycle the report answers, "" for none;
	// the commitment must be in its scope.
	CycleID string
	// BodyID is the owner or co-owner the report is made for; "" for the
	// actor's only one.
	BodyID        string
	PeriodFrom    string
	PeriodTo      string
	PeriodLabel   string
	Status        domain.CommitmentStatus
	Lang          string
	Narrative     string
	Challenges    string
	SupportNeeded string
	EvidenceLinks []string
	Values        []domain.IndicatorValue
}

// CreateReport saves a new draft report on a commitment: the commitment's
// owners (a delegate or partner of the owner or a co-owner body).
func (s *Service) CreateReport(ctx context.Context, a *domain.Actor, in ReportInput) (*domain.ProgressReport, error) {
	ctx = domain.NewContextWithActor(ctx, a)
	c, err := s.visibleCommitment(ctx, a, in.CommitmentID)
	if err != nil {
		return nil, err
	}
	body := a.ReportBody(c, in.BodyID)
	if body == "" {
		return nil, errNotReporter()
	}
	r := &domain.ProgressReport{CommitmentID: c.ID, BodyID: body, State: domain.ReportDraft, CreatedBy: a.User.ID}
	if err := s.fillReport(ctx, c, r, in); err != nil {
		return nil, err
	}
	if err := s.db.CreateProgressReport(ctx, r); err != nil {
		return nil, err
	}
	return r, nil
}

// fillReport copies the owners' fields of in into r and checks them: the
// report's own fields, the cycle (open, of the commitment's process, with
// the commitment in scope), and each value against its indicator.
func (s *Service) fillReport(ctx context.Context, c *domain.Commitment, r *domain.ProgressReport, in ReportInput) error {
	r.PeriodFrom, r.PeriodTo, r.PeriodLabel = strings.TrimSpace(in.PeriodFrom), strings.TrimSpace(in.PeriodTo), in.PeriodLabel
	r.Status, r.Lang = in.Status, in.Lang
	if r.Lang == "" {
		r.Lang = c.Lang
	}
	r.Narrative, r.Challenges, r.SupportNeeded = in.Narrative, in.Challenges, in.SupportNeeded
	r.EvidenceLinks = slices.Clone(in.EvidenceLinks)
	r.Values = slices.Clone(in.Values)
	var errs domain.Errors
	if err := r.Validate(); err != nil {
		errs = append(errs, asErrors(err)...)
	}
	if in.CycleID != r.CycleID || r.ID == "" {
		if in.CycleID != "" {
			y, err := s.db.ReviewCycle(ctx, in.CycleID)
			switch {
			case domain.ErrorCode(err) == domain.ENOTFOUND || err == nil && (y.ProcessID != c.ProcessID || !slices.Contains(y.CommitmentIDs, c.ID)):
				errs = append(errs, domain.Invalid("cycle", "followup.error_cycle_scope", "the commitment is not in this review cycle"))
			case err != nil:
				return err
			case y.State != domain.CycleOpen:
				errs = append(errs, domain.Invalid("cycle", "followup.error_cycle_closed", "the review cycle is closed: it takes no more reports"))
			}
		}
		r.CycleID = in.CycleID
	}
	inds, err := s.db.Indicators(ctx, c.ID)
	if err != nil {
		return err
	}
	byID := map[string]*domain.Indicator{}
	for _, ind := range inds {
		byID[ind.ID] = ind
	}
	for i := range r.Values {
		if err := r.Values[i].Validate(byID[r.Values[i].IndicatorID]); err != nil {
			for _, e := range asErrors(err) {
				c := *e
				c.Field = "values." + strconv.Itoa(i) + "." + c.Field
				errs = append(errs, &c)
			}
		}
	}
	seen := map[string]int{}
	for i, v := range r.Values {
		k := v.IndicatorID + "\x00" + v.On + "\x00" + v.Dimension + "\x00" + v.Category
		if j, ok := seen[k]; ok {
			errs = append(errs, domain.Invalid("values."+strconv.Itoa(i)+".on", "followup.error_value_twice", "an indicator has one value a date (and category): row %d gives it too", j+1))
		}
		seen[k] = i
	}
	return errs.Err()
}

// asErrors returns the field errors of err (one whole error when it is
// not a list).
func asErrors(err error) domain.Errors {
	var list domain.Errors
	if errors.As(err, &list) {
		return list
	}
	var one *domain.Error
	if errors.As(err, &one) {
		return domain.Errors{one}
	}
	return domain.Errors{domain.Invalid("", "error.invalid", "%s", err.Error())}
}

// UpdateReport saves the owners' change of a draft or returned report, at
// the version they read (another is a conflict).
func (s *Service) UpdateReport(ctx context.Context, a *domain.Actor, in ReportInput) (*domain.ProgressReport, error) {
	ctx = domain.NewContextWithActor(ctx, a)
	r, c, err := s.visibleReport(ctx, a, in.ID)
	if err != nil {
		return nil, err
	}
	switch {
	case !a.CanReportProgress(c):
		return nil, errNotReporter()
	case !r.State.Editable():
		return nil, errReportLocked()
	case in.Version != r.Version:
		return nil, errStaleReport(in.Version, r.Version)
	}
	before := *r
	if in.BodyID != "" && in.BodyID != r.BodyID {
		if r.BodyID = a.ReportBody(c, in.BodyID); r.BodyID == "" {
			return nil, errNotReporter()
		}
	}
	if err := s.fillReport(ctx, c, r, in); err != nil {
		return nil, err
	}
	if err := s.db.UpdateProgressReport(ctx, &before, r, store.ReportChange{Action: "update", Details: true}); err != nil {
		return nil, err
	}
	return r, nil
}

// ReportRef names a report at the version read.
type ReportRef struct {
	ID      string
	Version int
}

// SubmitReport submits a draft or returned report for review: its
// owners. A report answering a cycle may be submitted after the cycle's
// deadline (it is then shown late) but not once the cycle is closed.
func (s *Service) SubmitReport(ctx context.Context, a *domain.Actor, in ReportRef) (*domain.ProgressReport, error) {
	return s.step(ctx, a, in, domain.StepSubmit, "")
}

// AcceptReport accepts a submitted report: the secretariat. The
// commitment takes the status the report gives (recorded in its history)
// and the owners are told.
func (s *Service) AcceptReport(ctx context.Context, a *domain.Actor, in ReportRef) (*domain.ProgressReport, error) {
	return s.step(ctx, a, in, domain.StepAccept, "")
}

// ReturnInput returns a report with the reason the owners read.
type ReturnInput struct {
	ReportRef
	Reason string
}

// ReturnReport returns a submitted (or accepted) report to its owners
// with a reason, which they are told: the secretariat. Returning an
// accepted report undoes its acceptance: its values no longer count as
// its indicators' latest (only accepted reports' do), and when the
// commitment's status is still the one the acceptance set, the commitment
// goes back to the status it had before (recorded in its history); a
// status changed since (by hand or by another report) is left as it is.
func (s *Service) ReturnReport(ctx context.Context, a *domain.Actor, in ReturnInput) (*domain.ProgressReport, error) {
	return s.step(ctx, a, in.ReportRef, domain.StepReturn, in.Reason)
}

// step takes a step of a report's review: authorised by the step's rule
// on domain.Actor, from the states it leaves, at the version read.
func (s *Service) step(ctx context.Context, a *domain.Actor, in ReportRef, t domain.ReportStep, reason string) (*domain.ProgressReport, error) {
	ctx = domain.NewContextWithActor(ctx, a)
	r, c, err := s.visibleReport(ctx, a, in.ID)
	if err != nil {
		return nil, err
	}
	if !a.CanStepProgressReport(c, r, t) {
		if _, ok := t.Next(r.State); ok || (t.ByReviewer() && !a.CanReviewProgress(c.ProcessID, c.MeetingID)) || (!t.ByReviewer() && !a.CanReportProgress(c)) {
			if t.ByReviewer() {
				return nil, errNotReviewer()
			}
			return nil, errNotReporter()
		}
		return nil, errStep(r.State)
	}
	if in.Version != r.Version {
		return nil, errStaleReport(in.Version, r.Version)
	}
	before := *r
	next, _ := t.Next(r.State)
	now := s.now()
	ch := store.ReportChange{Action: string(t)}
	r.State = next
	switch t {
	case domain.StepSubmit:
		if err := s.submittable(ctx, c, r); err != nil {
			return nil, err
		}
		r.SubmittedBy, r.SubmittedAt, r.ReturnReason = a.User.ID, now, ""
		if ch.Notify, err = s.submittedNotices(ctx, c, r); err != nil {
			return nil, err
		}
	case domain.StepAccept:
		r.ReviewedBy, r.ReviewedAt = a.User.ID, now
		ch.Status, ch.Note = r.Status, acceptNote(r.ID)
		if ch.Notify, err = s.reportNotices(ctx, c, r, "report_accepted", nil); err != nil {
			return nil, err
		}
	case domain.StepReturn:
		reason = strings.TrimSpace(reason)
		if reason == "" {
			return nil, domain.Invalid("reason", "followup.error_reason", "say why the report is returned: its owners read it")
		}
		if err := domain.CheckText("reason", reason); err != nil {
			return nil, err
		}
		if len([]rune(reason)) > domain.MaxText {
			return nil, domain.Invalid("reason", "error.too_long", "must be at most %d characters", domain.MaxText)
		}
		r.ReturnReason, r.ReviewedBy, r.ReviewedAt = reason, a.User.ID, now
		if before.State == domain.ReportAccepted {
			ch.Status, ch.StatusIf = undoneStatus(c, r.ID)
			ch.Note = "progress report " + r.ID + " returned"
		}
		if ch.Notify, err = s.reportNotices(ctx, c, r, "report_returned", map[string]string{"reason": reason}); err != nil {
			return nil, err
		}
	}
	if err := s.db.UpdateProgressReport(ctx, &before, r, ch); err != nil {
		return nil, err
	}
	return r, nil
}

// undoneStatus is the status a commitment goes back to when the accepted
// report reportID is returned, and the status it must still have for
// that: "" when the commitment's last status change is not the one the
// report's acceptance made (nothing to undo).
func undoneStatus(c *domain.Commitment, reportID string) (to, from domain.CommitmentStatus) {
	if len(c.History) == 0 {
		return "", ""
	}
	last := c.History[len(c.History)-1]
	if last.Note != acceptNote(reportID) || last.To != c.Status || last.From == "" {
		return "", ""
	}
	return last.From, last.To
}

// acceptNote is the note of the status change an accepted report makes.
func acceptNote(reportID string) string { return "progress report " + reportID }

// submittable checks, on submission, what a draft may lack but a
// submitted report may not: a narrative, and, for a cycle's report, a
// cycle that is still open.
func (s *Service) submittable(ctx context.Context, c *domain.Commitment, r *domain.ProgressReport) error {
	if strings.TrimSpace(r.Narrative) == "" {
		return domain.Invalid("narrative", "followup.error_narrative", "write what was done in the period before submitting the report")
	}
	if r.CycleID == "" {
		return nil
	}
	y, err := s.db.ReviewCycle(ctx, r.CycleID)
	if err != nil {
		return err
	}
	if y.State != domain.CycleOpen {
		return domain.Invalid("cycle", "followup.error_cycle_closed", "the review cycle is closed: it takes no more reports")
	}
	return nil
}

// reportNotices are the notifications of a reviewed report: one for each
// person who reports for its body.
func (s *Service) reportNotices(ctx context.Context, c *domain.Commitment, r *domain.ProgressReport, kind string, params map[string]string) ([]*store.Notification, error) {
	who, err := s.db.BodyReporters(ctx, c.ProcessID, []string{r.BodyID})
	if err != nil {
		return nil, err
	}
	var out []*store.Notification
	for _, u := range who[r.BodyID] {
		p := map[string]string{"commitment": c.Title, "period": periodText(r)}
		for k, v := range params {
			p[k] = v
		}
		out = append(out, &store.Notification{UserID: u, Kind: kind, Dedupe: kind + ":" + r.ID + ":" + strconv.Itoa(r.Version+1), ProcessID: c.ProcessID,
			ObjectType: "progress_report", ObjectID: r.ID, Params: p, Link: "/reports/" + r.ID})
	}
	return out, nil
}

// submittedNotices are the notifications of a submitted report: one for
// each person of the process's secretariat, who reviews it.
func (s *Service) submittedNotices(ctx context.Context, c *domain.Commitment, r *domain.ProgressReport) ([]*store.Notification, error) {
	ms, err := s.db.Members(ctx, c.ProcessID, "")
	if err != nil {
		return nil, err
	}
	body := ""
	if b, err := s.db.Body(ctx, r.BodyID); err == nil {
		body = b.Name
	}
	var out []*store.Notification
	for _, m := range ms {
		if m.Role != domain.RoleSecretariat {
			continue
		}
		out = append(out, &store.Notification{UserID: m.UserID, Kind: "report_submitted", Dedupe: "report_submitted:" + r.ID + ":" + strconv.Itoa(r.Version+1),
			ProcessID: c.ProcessID, ObjectType: "progress_report", ObjectID: r.ID, Link: "/reports/" + r.ID,
			Params: map[string]string{"body": body, "commitment": c.Title, "period": periodText(r)}})
	}
	return out, nil
}

// periodText is how a report's period reads: its label, else its dates.
func periodText(r *domain.ProgressReport) string {
	if r.PeriodLabel != "" {
		return r.PeriodLabel
	}
	return r.PeriodFrom + " – " + r.PeriodTo
}

// DeleteReport removes a draft report: its owners, at the version read.
// A submitted, returned or accepted report is kept (it is part of the
// record).
func (s *Service) DeleteReport(ctx context.Context, a *domain.Actor, in ReportRef) error {
	ctx = domain.NewContextWithActor(ctx, a)
	r, c, err := s.visibleReport(ctx, a, in.ID)
	if err != nil {
		return err
	}
	switch {
	case !a.CanReportProgress(c):
		return errNotReporter()
	case r.State != domain.ReportDraft:
		return errStep(r.State)
	case in.Version != r.Version:
		return errStaleReport(in.Version, r.Version)
	}
	return s.db.DeleteProgressReport(ctx, r)
}

// ReportView is a progress report as the actor reads it, with its
// commitment, the commitment's indicators, its versions and what the
// actor may do.
type ReportView struct {
	Report     *domain.ProgressReport
	Commitment *domain.Commitment
	Indicators []*domain.Indicator
	Versions   []domain.ReportVersion
	// Cycle is the cycle it answers, nil when none.
	Cycle *domain.ReviewCycle
	// Late is true for a report of a cycle submitted after its deadline,
	// or not submitted while the deadline has passed.
	Late bool
	Can  ReportPermissions
}

// ReportPermissions are what the actor may do with a report.
type ReportPermissions struct {
	Edit   bool     `json:"edit"`
	Submit bool     `json:"submit"`
	Accept bool     `json:"accept"`
	Return bool     `json:"return"`
	Delete bool     `json:"delete"`
	Bodies []string `json:"bodies"` // the bodies the actor reports for
}

// Report returns a report to whoever may read it ([domain.Actor.CanViewProgressReport]):
// a draft to its owners only (to anyone else it is not found).
func (s *Service) Report(ctx context.Context, a *domain.Actor, id string) (*ReportView, error) {
	r, c, err := s.visibleReport(ctx, a, id)
	if err != nil {
		return nil, err
	}
	v := &ReportView{Report: r, Commitment: c}
	if v.Indicators, err = s.db.Indicators(ctx, c.ID); err != nil {
		return nil, err
	}
	if v.Versions, err = s.db.ProgressReportVersions(ctx, r.ID); err != nil {
		return nil, err
	}
	if r.CycleID != "" {
		if v.Cycle, err = s.db.ReviewCycle(ctx, r.CycleID); err != nil {
			return nil, err
		}
		v.Late = reportLate(v.Cycle, r, s.today())
	}
	v.Can = ReportPermissions{
		Edit:   a.CanEditProgressReport(c, r),
		Submit: a.CanStepProgressReport(c, r, domain.StepSubmit),
		Accept: a.CanStepProgressReport(c, r, domain.StepAccept),
		Return: a.CanStepProgressReport(c, r, domain.StepReturn),
		Delete: r.State == domain.ReportDraft && a.CanReportProgress(c),
		Bodies: a.ReportingBodies(c),
	}
	if v.Can.Bodies == nil {
		v.Can.Bodies = []string{}
	}
	return v, nil
}

// reportLate reports whether r, answering y, is late on day today.
func reportLate(y *domain.ReviewCycle, r *domain.ProgressReport, today string) bool {
	if r.SubmittedAt.IsZero() || r.State == domain.ReportDraft || r.State == domain.ReportReturned {
		return y.Overdue(today)
	}
	return r.SubmittedAt.UTC().Format("2006-01-02") > y.Deadline
}

// ReportForm is what the form of a new report on a commitment needs: the
// commitment, its indicators, the open cycles it is in, and the bodies the
// actor reports for; ENOTFOUND or EFORBIDDEN as [Service.CreateReport].
type ReportForm struct {
	Commitment *domain.Commitment
	Indicators []*domain.Indicator
	Cycles     []*domain.ReviewCycle
	Bodies     []string
}

// NewReportForm returns what a new report on a commitment starts from:
// its owners only.
func (s *Service) NewReportForm(ctx context.Context, a *domain.Actor, commitmentID string) (*ReportForm, error) {
	c, err := s.visibleCommitment(ctx, a, commitmentID)
	if err != nil {
		return nil, err
	}
	if !a.CanReportProgress(c) {
		return nil, errNotReporter()
	}
	f := &ReportForm{Commitment: c, Bodies: a.ReportingBodies(c)}
	if f.Indicators, err = s.db.Indicators(ctx, c.ID); err != nil {
		return nil, err
	}
	cycles, err := s.db.ReviewCycles(ctx, c.ProcessID)
	if err != nil {
		return nil, err
	}
	for _, y := range cycles {
		if y.State != domain.CycleOpen {
			continue
		}
		full, err := s.db.ReviewCycle(ctx, y.ID)
		if err != nil {
			return nil, err
		}
		if slices.Contains(full.CommitmentIDs, c.ID) {
			f.Cycles = append(f.Cycles, full)
		}
	}
	return f, nil
}

// CommitmentReports returns the reports on a commitment that the actor
// may read, newest period first.
func (s *Service) CommitmentReports(ctx context.Context, a *domain.Actor, commitmentID string) ([]*domain.ProgressReport, error) {
	c, err := s.visibleCommitment(ctx, a, commitmentID)
	if err != nil {
		return nil, err
	}
	all, err := s.db.ProgressReports(ctx, store.ReportFilter{CommitmentID: c.ID})
	if err != nil {
		return nil, err
	}
	out := make([]*domain.ProgressReport, 0, len(all))
	for _, r := range all {
		if a.CanViewProgressReport(c, r) {
			out = append(out, r)
		}
	}
	return out, nil
}

// ReviewQueue returns the submitted reports of a process waiting for the
// secretariat's review, oldest submission first: whoever reviews them.
func (s *Service) ReviewQueue(ctx context.Context, a *domain.Actor, processID string) ([]*domain.ProgressReport, error) {
	if !a.LoggedIn() {
		return nil, domain.Unauthorized()
	}
	if !a.CanViewFollowUp(processID) {
		return nil, domain.NotFound("process")
	}
	if !a.CanManageReviewCycles(processID) {
		return nil, errNotReviewer()
	}
	rs, err := s.db.ProgressReports(ctx, store.ReportFilter{ProcessID: processID, States: []domain.ReportState{domain.ReportSubmitted}})
	if err != nil {
		return nil, err
	}
	slices.SortStableFunc(rs, func(x, y *domain.ProgressReport) int { return x.SubmittedAt.Compare(y.SubmittedAt) })
	return rs, nil
}

// AttachInput is a document to attach to a report.
type AttachInput struct {
	ReportID string
	Name     string
	Data     []byte
}

// Attach adds a document to a draft or returned report: its owners. The
// document is checked as a contribution's are (type by content, size,
// count).
func (s *Service) Attach(ctx context.Context, a *domain.Actor, in AttachInput) (*domain.Attachment, error) {
	ctx = domain.NewContextWithActor(ctx, a)
	r, c, err := s.visibleReport(ctx, a, in.ReportID)
	if err != nil {
		return nil, err
	}
	switch {
	case !a.CanReportProgress(c):
		return nil, errNotReporter()
	case !r.State.Editable():
		return nil, errReportLocked()
	}
	return s.db.AddReportAttachment(ctx, r, in.Name, in.Data)
}

// DetachInput names a document of a report.
type DetachInput struct {
	ReportID     string
	AttachmentID string
}

// Detach removes a document from a draft or returned report: its owners.
func (s *Service) Detach(ctx context.Context, a *domain.Actor, in DetachInput) error {
	ctx = domain.NewContextWithActor(ctx, a)
	r, c, err := s.visibleReport(ctx, a, in.ReportID)
	if err != nil {
		return err
	}
	switch {
	case !a.CanReportProgress(c):
		return errNotReporter()
	case !r.State.Editable():
		return errReportLocked()
	}
	return s.db.DeleteReportAttachment(ctx, r, in.AttachmentID)
}

// AttachmentFile is a report's document with its content.
type AttachmentFile struct {
	Attachment *domain.Attachment
	Data       []byte
}

// ReportAttachment returns a report's document to whoever may read the
// report; a document of another report is not found.
func (s *Service) ReportAttachment(ctx context.Context, a *domain.Actor, reportID, id string) (*AttachmentFile, error) {
	if _, _, err := s.visibleReport(ctx, a, reportID); err != nil {
		return nil, err
	}
	att, rid, data, err := s.db.ReportAttachmentData(ctx, id)
	if err != nil {
		return nil, err
	}
	if rid != reportID {
		return nil, domain.NotFound("attachment")
	}
	return &AttachmentFile{Attachment: att, Data: data}, nil
}
