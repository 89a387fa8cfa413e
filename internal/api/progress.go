package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/followup"
	"github.com/plenary-org/plenary/internal/mail"
	"github.com/plenary-org/plenary/internal/store"
)

// Progress reports, review cycles with their review report, reminders and
// notifications (docs/FOLLOW-UP.md). Each handler is one call of package
// followup, which authorises and validates; integrators pull indicator
// values from the reports and the review report's text or files.

type progressReportJSON struct {
	ID            string                      `json:"id"`
	CommitmentID  string                      `json:"commitment_id"`
	CycleID       string                      `json:"cycle_id,omitempty"`
	BodyID        string                      `json:"body_id"`
	PeriodFrom    string                      `json:"period_from"`
	PeriodTo      string                      `json:"period_to"`
	PeriodLabel   string                      `json:"period_label,omitempty"`
	State         string                      `json:"state"`
	Status        string                      `json:"status"`
	Lang          string                      `json:"lang"`
	Narrative     string                      `json:"narrative"`
	Challenges    string                      `json:"challenges"`
	SupportNeeded string                      `json:"support_needed"`
	EvidenceLinks []string                    `json:"evidence_links"`
	Attachments   []attachmentJSON            `json:"attachments"`
	Values        []domain.IndicatorValue     `json:"values"`
	ReturnReason  string                      `json:"return_reason,omitempty"`
	SubmittedAt   *time.Time                  `json:"submitted_at,omitempty"`
	ReviewedAt    *time.Time                  `json:"reviewed_at,omitempty"`
	Late          bool                        `json:"late"`
	Can           *followup.ReportPermissions `json:"can,omitempty"`
	Versions      []int                       `json:"versions,omitempty"`
	UpdatedAt     time.Time                   `json:"updated_at"`
	Version       int                         `json:"version"`
}

func progressReportView(r *domain.ProgressReport) progressReportJSON {
	out := progressReportJSON{ID: r.ID, CommitmentID: r.CommitmentID, CycleID: r.CycleID, BodyID: r.BodyID, PeriodFrom: r.PeriodFrom, PeriodTo: r.PeriodTo,
		PeriodLabel: r.PeriodLabel, State: string(r.State), Status: string(r.Status), Lang: r.Lang, Narrative: r.Narrative, Challenges: r.Challenges,
		SupportNeeded: r.SupportNeeded, EvidenceLinks: orEmpty(r.EvidenceLinks), Values: orEmpty(r.Values), ReturnReason: r.ReturnReason,
		SubmittedAt: timePtr(r.SubmittedAt), ReviewedAt: timePtr(r.ReviewedAt), UpdatedAt: r.UpdatedAt, Version: r.Version, Attachments: []attachmentJSON{}}
	for _, a := range r.Attachments {
		out.Attachments = append(out.Attachments, reportAttachmentView(r.ID, a))
	}
	return out
}

// progressReportInput is a report as its owners write it.
type progressReportInput struct {
	Version       *int                    `json:"version,omitempty"`
	CycleID       string                  `json:"cycle_id"`
	BodyID        string                  `json:"body_id"`
	PeriodFrom    string                  `json:"period_from"`
	PeriodTo      string                  `json:"period_to"`
	PeriodLabel   string                  `json:"period_label"`
	Status        string                  `json:"status"`
	Lang          string                  `json:"lang"`
	Narrative     string                  `json:"narrative"`
	Challenges    string                  `json:"challenges"`
	SupportNeeded string                  `json:"support_needed"`
	EvidenceLinks []string                `json:"evidence_links"`
	Values        []domain.IndicatorValue `json:"values"`
}

func (in progressReportInput) toInput() followup.ReportInput {
	return followup.ReportInput{CycleID: in.CycleID, BodyID: in.BodyID, PeriodFrom: in.PeriodFrom, PeriodTo: in.PeriodTo, PeriodLabel: in.PeriodLabel,
		Status: domain.CommitmentStatus(in.Status), Lang: in.Lang, Narrative: in.Narrative, Challenges: in.Challenges, SupportNeeded: in.SupportNeeded,
		EvidenceLinks: in.EvidenceLinks, Values: in.Values}
}

// reviewStepInput is a step of a report's review at the version read.
type reviewStepInput struct {
	readVersion
	Reason string `json:"reason"`
}

func (s *Server) listProgressReports(w http.ResponseWriter, r *http.Request) {
	rs, err := s.followup.CommitmentReports(r.Context(), actor(r), r.PathValue("id"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, list[progressReportJSON]{Items: orEmpty(mapSlice(rs, progressReportView))})
}

func (s *Server) createProgressReport(w http.ResponseWriter, r *http.Request) {
	var body progressReportInput
	if err := decode(w, r, &body); err != nil {
		s.writeError(w, r, err)
		return
	}
	in := body.toInput()
	in.CommitmentID = r.PathValue("id")
	rep, err := s.followup.CreateReport(r.Context(), actor(r), in)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeProgressReport(w, r, http.StatusCreated, rep.ID)
}

// writeProgressReport answers with a report as the actor reads it.
func (s *Server) writeProgressReport(w http.ResponseWriter, r *http.Request, status int, id string) {
	v, err := s.followup.Report(r.Context(), actor(r), id)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out := progressReportView(v.Report)
	out.Late, out.Can = v.Late, &v.Can
	for _, ver := range v.Versions {
		out.Versions = append(out.Versions, ver.Version)
	}
	writeJSON(w, status, out)
}

func (s *Server) getProgressReport(w http.ResponseWriter, r *http.Request) {
	s.writeProgressReport(w, r, http.StatusOK, r.PathValue("id"))
}

func (s *Server) updateProgressReport(w http.ResponseWriter, r *http.Request) {
	var body progressReportInput
	if err := decode(w, r, &body); err != nil {
		s.writeError(w, r, err)
		return
	}
	n, err := requireVersion(body.Version)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	in := body.toInput()
	in.ID, in.Version = r.PathValue("id"), n
	rep, err := s.followup.UpdateReport(r.Context(), actor(r), in)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeProgressReport(w, r, http.StatusOK, rep.ID)
}

// progressStep takes a step of a report's review.
func (s *Server) progressStep(step domain.ReportStep) func(w http.ResponseWriter, r *http.Request) {
	return func(w http.ResponseWriter, r *http.Request) {
		var in reviewStepInput
		n, err := decodeRead(w, r, &in)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		ref := followup.ReportRef{ID: r.PathValue("id"), Version: n}
		switch step {
		case domain.StepSubmit:
			_, err = s.followup.SubmitReport(r.Context(), actor(r), ref)
		case domain.StepAccept:
			_, err = s.followup.AcceptReport(r.Context(), actor(r), ref)
		case domain.StepReturn:
			_, err = s.followup.ReturnReport(r.Context(), actor(r), followup.ReturnInput{ReportRef: ref, Reason: in.Reason})
		}
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		s.writeProgressReport(w, r, http.StatusOK, ref.ID)
	}
}

func (s *Server) submitProgressReport(w http.ResponseWriter, r *http.Request) {
	s.progressStep(domain.StepSubmit)(w, r)
}

func (s *Server) acceptProgressReport(w http.ResponseWriter, r *http.Request) {
	s.progressStep(domain.StepAccept)(w, r)
}

func (s *Server) returnProgressReport(w http.ResponseWriter, r *http.Request) {
	s.progressStep(domain.StepReturn)(w, r)
}

func (s *Server) deleteProgressReport(w http.ResponseWriter, r *http.Request) {
	n, err := versionParam(r)
	if err == nil {
		err = s.followup.DeleteReport(r.Context(), actor(r), followup.ReportRef{ID: r.PathValue("id"), Version: n})
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

type reviewCycleJSON struct {
	ID            string     `json:"id"`
	ProcessID     string     `json:"process_id"`
	Name          string     `json:"name"`
	OpensOn       string     `json:"opens_on"`
	Deadline      string     `json:"deadline"`
	State         string     `json:"state"`
	Languages     []string   `json:"languages"`
	CommitmentIDs []string   `json:"commitment_ids,omitempty"`
	ClosedAt      *time.Time `json:"closed_at,omitempty"`
	UpdatedAt     time.Time  `json:"updated_at"`
	Version       int        `json:"version"`
}

func reviewCycleView(y *domain.ReviewCycle) reviewCycleJSON {
	return reviewCycleJSON{ID: y.ID, ProcessID: y.ProcessID, Name: y.Name, OpensOn: y.OpensOn, Deadline: y.Deadline, State: string(y.State),
		Languages: orEmpty(y.Languages), CommitmentIDs: y.CommitmentIDs, ClosedAt: timePtr(y.ClosedAt), UpdatedAt: y.UpdatedAt, Version: y.Version}
}

type cycleLineJSON struct {
	CommitmentID string     `json:"commitment_id"`
	Title        string     `json:"title"`
	OwnerBodyID  string     `json:"owner_body_id"`
	Status       string     `json:"status"`
	State        string     `json:"state"`
	ReportID     string     `json:"report_id,omitempty"`
	SubmittedAt  *time.Time `json:"submitted_at,omitempty"`
	Late         bool       `json:"late"`
}

type cycleDetailJSON struct {
	reviewCycleJSON
	Lines         []cycleLineJSON           `json:"lines"`
	ReportingRate float64                   `json:"reporting_rate"`
	Late          int                       `json:"late"`
	Overdue       bool                      `json:"overdue"`
	ReportLangs   []string                  `json:"report_languages"`
	Can           followup.CyclePermissions `json:"can"`
}

type cycleInput struct {
	Version       *int     `json:"version,omitempty"`
	Name          string   `json:"name"`
	OpensOn       string   `json:"opens_on"`
	Deadline      string   `json:"deadline"`
	Languages     []string `json:"languages"`
	CommitmentIDs []string `json:"commitment_ids"`
	Filter        struct {
		MeetingID string   `json:"meeting_id"`
		BodyID    string   `json:"body_id"`
		Objective string   `json:"objective"`
		Statuses  []string `json:"statuses"`
		DueBy     string   `json:"due_by"`
	} `json:"filter"`
}

func (in cycleInput) toInput() followup.CycleInput {
	out := followup.CycleInput{Name: in.Name, OpensOn: in.OpensOn, Deadline: in.Deadline, Languages: in.Languages, CommitmentIDs: in.CommitmentIDs,
		Filter: followup.ScopeFilter{MeetingID: in.Filter.MeetingID, BodyID: in.Filter.BodyID, Objective: in.Filter.Objective, DueBy: in.Filter.DueBy}}
	for _, st := range in.Filter.Statuses {
		out.Filter.Statuses = append(out.Filter.Statuses, domain.CommitmentStatus(st))
	}
	return out
}

func (s *Server) listCycles(w http.ResponseWriter, r *http.Request) {
	cs, err := s.followup.Cycles(r.Context(), actor(r), r.PathValue("id"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, list[reviewCycleJSON]{Items: orEmpty(mapSlice(cs, reviewCycleView))})
}

func (s *Server) openCycle(w http.ResponseWriter, r *http.Request) {
	var body cycleInput
	if err := decode(w, r, &body); err != nil {
		s.writeError(w, r, err)
		return
	}
	in := body.toInput()
	in.ProcessID = r.PathValue("id")
	y, err := s.followup.OpenCycle(r.Context(), actor(r), in)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeCycle(w, r, http.StatusCreated, y.ID)
}

func (s *Server) writeCycle(w http.ResponseWriter, r *http.Request, status int, id string) {
	v, err := s.followup.Cycle(r.Context(), actor(r), id)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out := cycleDetailJSON{reviewCycleJSON: reviewCycleView(v.Cycle), Lines: []cycleLineJSON{}, ReportingRate: v.ReportingRate(), Late: v.Late,
		Overdue: v.Overdue, ReportLangs: []string{}, Can: v.Can}
	for _, l := range v.Lines {
		out.Lines = append(out.Lines, cycleLineJSON{CommitmentID: l.CommitmentID, Title: l.Title, OwnerBodyID: l.OwnerBodyID, Status: string(l.Status),
			State: string(l.State), ReportID: l.ReportID, SubmittedAt: timePtr(l.SubmittedAt), Late: l.Late})
	}
	for _, rr := range v.Reports {
		out.ReportLangs = append(out.ReportLangs, rr.Lang)
	}
	writeJSON(w, status, out)
}

func (s *Server) getCycle(w http.ResponseWriter, r *http.Request) {
	s.writeCycle(w, r, http.StatusOK, r.PathValue("id"))
}

func (s *Server) updateCycle(w http.ResponseWriter, r *http.Request) {
	var body cycleInput
	if err := decode(w, r, &body); err != nil {
		s.writeError(w, r, err)
		return
	}
	n, err := requireVersion(body.Version)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	in := body.toInput()
	in.ID, in.Version = r.PathValue("id"), n
	if _, err := s.followup.UpdateCycle(r.Context(), actor(r), in); err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeCycle(w, r, http.StatusOK, in.ID)
}

func (s *Server) closeCycle(w http.ResponseWriter, r *http.Request) {
	var in readVersion
	n, err := decodeRead(w, r, &in)
	if err == nil {
		_, err = s.followup.CloseCycle(r.Context(), actor(r), followup.CycleRef{ID: r.PathValue("id"), Version: n})
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeCycle(w, r, http.StatusOK, r.PathValue("id"))
}

type reviewReportJSON struct {
	CycleID      string                           `json:"cycle_id"`
	Lang         string                           `json:"lang"`
	Languages    []string                         `json:"languages"`
	Version      outcomeVerJSON                   `json:"version"`
	Versions     []outcomeVerJSON                 `json:"versions"`
	Latest       int                              `json:"latest"`
	FinalVersion int                              `json:"final_version,omitempty"`
	Text         domain.OutcomeText               `json:"text"`
	Hash         string                           `json:"hash"`
	Final        bool                             `json:"final"`
	Tampered     bool                             `json:"tampered"`
	Can          followup.ReviewReportPermissions `json:"can"`
}

func reviewVerView(v *store.ReviewReportVersion) outcomeVerJSON {
	return outcomeVerJSON{Number: v.Number, Hash: v.Hash, Note: v.Note, CreatedAt: v.CreatedAt}
}

func reviewReportInput(r *http.Request) (followup.ReviewReportInput, error) {
	in := followup.ReviewReportInput{CycleID: r.PathValue("id"), Lang: r.URL.Query().Get("lang")}
	if v := r.URL.Query().Get("version"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return in, domain.Invalid("version", "error.number", "must be a whole number")
		}
		in.Version = n
	}
	return in, nil
}

func (s *Server) getReviewReport(w http.ResponseWriter, r *http.Request) {
	in, err := reviewReportInput(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	v, err := s.followup.ReviewReport(r.Context(), actor(r), in)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, reviewReportJSON{CycleID: v.Cycle.ID, Lang: v.Report.Lang, Languages: v.Languages, Version: reviewVerView(v.Version),
		Versions: mapSlice(v.Versions, reviewVerView), Latest: v.Report.Latest, FinalVersion: v.Report.FinalVersion, Text: v.Version.Text, Hash: v.Hash,
		Final: v.Final, Tampered: v.Tampered, Can: v.Can})
}

// reviewSectionInput is the secretariat's edit of one section.
type reviewSectionInput struct {
	readVersion
	Lang    string                `json:"lang"`
	Heading string                `json:"heading"`
	Blocks  []domain.OutcomeBlock `json:"blocks"`
}

func (s *Server) editReviewReportSection(w http.ResponseWriter, r *http.Request) {
	var in reviewSectionInput
	n, err := decodeRead(w, r, &in)
	if err == nil {
		_, err = s.followup.EditReviewReport(r.Context(), actor(r), followup.ReviewSectionEdit{CycleID: r.PathValue("id"), Lang: in.Lang, Version: n,
			Key: r.PathValue("key"), Heading: in.Heading, Blocks: in.Blocks})
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	r.URL.RawQuery = "lang=" + in.Lang
	s.getReviewReport(w, r)
}

func (s *Server) regenerateReviewReport(w http.ResponseWriter, r *http.Request) {
	if _, err := s.followup.RegenerateReviewReport(r.Context(), actor(r), r.PathValue("id")); err != nil {
		s.writeError(w, r, err)
		return
	}
	r.URL.RawQuery = ""
	s.getReviewReport(w, r)
}

// finaliseInput fixes the version read in a language.
type finaliseInput struct {
	readVersion
	Lang string `json:"lang"`
}

func (s *Server) finaliseReviewReport(w http.ResponseWriter, r *http.Request) {
	var in finaliseInput
	n, err := decodeRead(w, r, &in)
	if err == nil {
		_, err = s.followup.FinaliseReviewReport(r.Context(), actor(r), followup.FinaliseInput{CycleID: r.PathValue("id"), Lang: in.Lang, Version: n})
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	r.URL.RawQuery = "lang=" + in.Lang
	s.getReviewReport(w, r)
}

func (s *Server) exportReviewReport(w http.ResponseWriter, r *http.Request) {
	in, err := reviewReportInput(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	e, err := s.followup.ExportReviewReport(r.Context(), actor(r), followup.ReviewExportInput{ReviewReportInput: in, Format: r.URL.Query().Get("format")})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	sendFile(w, e.Format.MediaType, e.Name, e.Data)
}

type dueJSON struct {
	CycleID      string `json:"cycle_id"`
	CycleName    string `json:"cycle_name"`
	ProcessID    string `json:"process_id"`
	Deadline     string `json:"deadline"`
	CommitmentID string `json:"commitment_id"`
	Title        string `json:"title"`
	BodyID       string `json:"body_id"`
	ReportID     string `json:"report_id,omitempty"`
	DaysLeft     int    `json:"days_left"`
	Overdue      bool   `json:"overdue"`
}

func dueView(d *followup.DueItem) dueJSON {
	return dueJSON{CycleID: d.CycleID, CycleName: d.CycleName, ProcessID: d.ProcessID, Deadline: d.Deadline, CommitmentID: d.CommitmentID, Title: d.Title,
		BodyID: d.BodyID, ReportID: d.ReportID, DaysLeft: d.DaysLeft, Overdue: d.Overdue}
}

type remindersJSON struct {
	Days    int       `json:"days"`
	Today   string    `json:"today"`
	Overdue []dueJSON `json:"overdue"`
	DueSoon []dueJSON `json:"due_soon"`
}

func remindersInput(r *http.Request) (followup.RemindersInput, error) {
	in := followup.RemindersInput{ProcessID: r.PathValue("id")}
	if d := r.URL.Query().Get("days"); d != "" {
		n, err := strconv.Atoi(d)
		if err != nil {
			return in, domain.Invalid("days", "followup.error_days", "give a number of days from 0 to %d", followup.MaxReminderDays)
		}
		in.Days = n
	}
	return in, nil
}

func (s *Server) getReminders(w http.ResponseWriter, r *http.Request) {
	in, err := remindersInput(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	rem, err := s.followup.Reminders(r.Context(), actor(r), in)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, remindersJSON{Days: rem.Days, Today: rem.Today, Overdue: orEmpty(mapSlice(rem.Overdue, dueView)), DueSoon: orEmpty(mapSlice(rem.DueSoon, dueView))})
}

type remindedJSON struct {
	Notified int `json:"notified"`
}

func (s *Server) sendReminders(w http.ResponseWriter, r *http.Request) {
	in, err := remindersInput(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	n, err := s.followup.Remind(r.Context(), actor(r), in)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, remindedJSON{Notified: n})
}

type notificationJSON struct {
	ID         string            `json:"id"`
	Kind       string            `json:"kind"`
	Text       string            `json:"text"`
	Params     map[string]string `json:"params"`
	ObjectType string            `json:"object_type"`
	ObjectID   string            `json:"object_id"`
	Link       string            `json:"link"`
	CreatedAt  time.Time         `json:"created_at"`
	Read       bool              `json:"read"`
}

type inboxJSON struct {
	Notifications []notificationJSON `json:"notifications"`
	Unread        int                `json:"unread"`
	Due           []dueJSON          `json:"due"`
}

func (s *Server) myFollowUp(w http.ResponseWriter, r *http.Request) {
	in, err := s.followup.Inbox(r.Context(), actor(r))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	p := catalog().Printer(requestLang(r))
	out := inboxJSON{Notifications: []notificationJSON{}, Unread: in.Unread, Due: orEmpty(mapSlice(in.Due, dueView))}
	for _, n := range in.Notifications {
		out.Notifications = append(out.Notifications, notificationJSON{ID: n.ID, Kind: n.Kind, Text: mail.NoticeText(p, n), Params: n.Params,
			ObjectType: n.ObjectType, ObjectID: n.ObjectID, Link: n.Link, CreatedAt: n.CreatedAt, Read: !n.ReadAt.IsZero()})
	}
	writeJSON(w, http.StatusOK, out)
}

type markReadInput struct {
	IDs []string `json:"ids"`
}

func (s *Server) markNotificationsRead(w http.ResponseWriter, r *http.Request) {
	var in markReadInput
	if err := decode(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	n, err := s.followup.MarkRead(r.Context(), actor(r), in.IDs)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, struct {
		Marked int `json:"marked"`
	}{n})
}
