package followup_test

import (
	"math"
	"strings"
	"sync"
	"testing"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/followup"
	"github.com/plenary-org/plenary/internal/store"
)

// TestReportReturnedThenAccepted walks a report from draft to acceptance
// through a return: the owners are told of the return with its reason
// and of the acceptance, each submission is kept as a version, and the
// accepted report's status becomes the commitment's, with its history.
func TestReportReturnedThenAccepted(t *testing.T) {
	w := newRepWorld(t)
	sec, bp := w.actors["secretariat"], w.actors["budapest"]
	r := w.submitted(t)
	if r.State != domain.ReportSubmitted || r.SubmittedBy != bp.User.ID {
		t.Fatalf("submitted report = %+v", r)
	}
	// The secretariat returns it with a reason, which Budapest reads.
	r, err := w.svc.ReturnReport(w.ctx, sec, followup.ReturnInput{ReportRef: followup.ReportRef{ID: r.ID, Version: r.Version}, Reason: "Give the 2024 figure by sex."})
	if err != nil {
		t.Fatal(err)
	}
	if r.State != domain.ReportReturned || r.ReturnReason != "Give the 2024 figure by sex." {
		t.Fatalf("returned report = %+v", r)
	}
	ns, unread, err := w.svc.Notifications(w.ctx, bp)
	if err != nil {
		t.Fatal(err)
	}
	if unread != 1 || len(ns) != 1 || ns[0].Kind != "report_returned" || ns[0].Link != "/reports/"+r.ID {
		t.Fatalf("notifications after return = %d unread, %+v", unread, ns)
	}
	if got := followup.NotificationText(repCat.Printer("en"), ns[0]); !strings.Contains(got, "Give the 2024 figure by sex.") || !strings.Contains(got, w.commitment.Title) {
		t.Fatalf("notification text = %q", got)
	}
	// ECOWAS reports for the co-owner, not for Budapest's report: not told.
	if _, unread, _ := w.svc.Notifications(w.ctx, w.actors["ecowas"]); unread != 0 {
		t.Fatalf("ECOWAS was told of Budapest's report (%d)", unread)
	}
	// Budapest changes it and submits it again.
	in := w.input()
	in.ID, in.Version, in.Narrative = r.ID, r.Version, "Two new pathways opened; 1,100 women placed."
	if r, err = w.svc.UpdateReport(w.ctx, bp, in); err != nil {
		t.Fatal(err)
	}
	if r, err = w.svc.SubmitReport(w.ctx, bp, followup.ReportRef{ID: r.ID, Version: r.Version}); err != nil {
		t.Fatal(err)
	}
	// The secretariat, who reviews it, was told of each submission.
	if ns, err := w.db.Notifications(w.ctx, store.NotificationFilter{UserID: sec.User.ID}); err != nil || len(ns) != 2 || ns[0].Kind != "report_submitted" ||
		ns[0].Params["commitment"] != w.commitment.Title || ns[0].Link != "/reports/"+r.ID {
		t.Fatalf("the secretariat's notifications: %+v, %v", ns, err)
	}
	if r.ReturnReason != "" {
		t.Fatalf("a resubmitted report keeps its return reason %q", r.ReturnReason)
	}
	if r, err = w.svc.AcceptReport(w.ctx, sec, followup.ReportRef{ID: r.ID, Version: r.Version}); err != nil {
		t.Fatal(err)
	}
	c, err := w.db.Commitment(w.ctx, w.commitment.ID)
	if err != nil {
		t.Fatal(err)
	}
	if c.Status != domain.CommitmentOnTrack {
		t.Fatalf("commitment status after acceptance = %s, want on_track", c.Status)
	}
	if h := c.History; len(h) != 2 || h[1].From != domain.CommitmentPlanned || h[1].To != domain.CommitmentOnTrack || h[1].By != sec.User.ID {
		t.Fatalf("status history = %+v", h)
	}
	st, err := w.db.AuditEvents(w.ctx, store.AuditFilter{ObjectType: "commitment", ObjectID: c.ID})
	if err != nil || len(st) != 2 || st[0].Action != "status" || !strings.Contains(st[0].After, "on_track") {
		t.Fatalf("the commitment's status change is not audited: %+v (%v)", st, err)
	}
	v, err := w.svc.Report(w.ctx, w.actors["observer"], r.ID)
	if err != nil {
		t.Fatalf("an observer reads an accepted report: %v", err)
	}
	// Created, submitted, returned, updated, submitted, accepted: six states kept.
	if len(v.Versions) != 6 || v.Versions[0].Version != 6 {
		t.Fatalf("versions = %d, newest %d", len(v.Versions), v.Versions[0].Version)
	}
	if len(v.Report.Values) != 2 || v.Report.Values[1].Dimension != "sex" || len(v.Report.EvidenceLinks) != 1 {
		t.Fatalf("details = %+v", v.Report)
	}
	events, err := w.db.AuditEvents(w.ctx, store.AuditFilter{ObjectID: r.ID})
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, e := range events {
		actions = append(actions, e.Action)
	}
	for _, want := range []string{"create", "submit", "return", "update", "accept"} {
		if !strings.Contains(strings.Join(actions, " "), want) {
			t.Errorf("audit actions %v lack %s", actions, want)
		}
	}
	ns, _, _ = w.svc.Notifications(w.ctx, bp)
	if len(ns) != 2 || ns[0].Kind != "report_accepted" {
		t.Fatalf("notifications after acceptance = %+v", ns)
	}
	if n, err := w.svc.MarkRead(w.ctx, bp, nil); err != nil || n != 2 {
		t.Fatalf("MarkRead = %d, %v", n, err)
	}
	// Another person's IDs change nothing.
	if n, _ := w.svc.MarkRead(w.ctx, w.actors["ecowas"], []string{ns[0].ID}); n != 0 {
		t.Fatalf("ECOWAS marked Budapest's notification read")
	}
}

// TestReportValidation: the errors a person can act on, each naming its
// field: values of indicators the commitment lacks, dimensions the
// indicator lacks, a value twice, numbers that are not, control
// characters, addresses that are not web addresses, a period backwards.
func TestReportValidation(t *testing.T) {
	w := newRepWorld(t)
	bp := w.actors["budapest"]
	ind := w.indicator.ID
	tests := []struct {
		name   string
		change func(in *followup.ReportInput)
		field  string
	}{
		{"unknown indicator", func(in *followup.ReportInput) {
			in.Values = []domain.IndicatorValue{{IndicatorID: "nope", Value: 1, On: "2024-01-01"}}
		}, "values.0.indicator"},
		{"dimension the indicator lacks", func(in *followup.ReportInput) {
			in.Values = []domain.IndicatorValue{{IndicatorID: ind, Value: 1, On: "2024-01-01", Dimension: "age", Category: "youth"}}
		}, "values.0.dimension"},
		{"a value twice", func(in *followup.ReportInput) {
			in.Values = []domain.IndicatorValue{{IndicatorID: ind, Value: 1, On: "2024-01-01"}, {IndicatorID: ind, Value: 2, On: "2024-01-01"}}
		}, "values.1.on"},
		{"not a number", func(in *followup.ReportInput) {
			in.Values = []domain.IndicatorValue{{IndicatorID: ind, Value: math.NaN(), On: "2024-01-01"}}
		}, "values.0.value"},
		{"no date", func(in *followup.ReportInput) { in.Values = []domain.IndicatorValue{{IndicatorID: ind, Value: 1}} }, "values.0.on"},
		{"control character", func(in *followup.ReportInput) { in.Narrative = "ok\x00no" }, "narrative"},
		{"not a web address", func(in *followup.ReportInput) { in.EvidenceLinks = []string{"javascript:alert(1)"} }, "evidence"},
		{"period backwards", func(in *followup.ReportInput) { in.PeriodFrom, in.PeriodTo = "2025-01-01", "2024-01-01" }, "period_to"},
		{"huge narrative", func(in *followup.ReportInput) { in.Narrative = strings.Repeat("a", domain.MaxReportText+1) }, "narrative"},
		{"unknown status", func(in *followup.ReportInput) { in.Status = "finished" }, "status"},
		{"cycle of another process", func(in *followup.ReportInput) { in.CycleID = "01nope" }, "cycle"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := w.input()
			tt.change(&in)
			_, err := w.svc.CreateReport(w.ctx, bp, in)
			if repCode(err) != domain.EINVALID {
				t.Fatalf("err = %v, want invalid", err)
			}
			var list domain.Errors
			if !asList(err, &list) || !hasField(list, tt.field) {
				t.Fatalf("errors %v do not name %s", err, tt.field)
			}
		})
	}
	// A draft may lack a narrative; a submission may not.
	in := w.input()
	in.Narrative = ""
	r, err := w.svc.CreateReport(w.ctx, bp, in)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.svc.SubmitReport(w.ctx, bp, followup.ReportRef{ID: r.ID, Version: r.Version}); repCode(err) != domain.EINVALID {
		t.Fatalf("submitting without a narrative: %v", err)
	}
}

// TestReportRoleMatrix asks every operation on reports as every role: an
// outsider (of another process) and whoever may not see a draft get not
// found, a member whose role does not allow the step forbidden.
func TestReportRoleMatrix(t *testing.T) {
	w := newRepWorld(t)
	draft := w.draft(t)
	sub := w.submitted(t)
	ref := func(r *domain.ProgressReport) followup.ReportRef { return followup.ReportRef{ID: r.ID, Version: 99} } // stale: allowed roles get a conflict
	ops := map[string]func(a *domain.Actor) error{
		"create": func(a *domain.Actor) error { _, err := w.svc.CreateReport(w.ctx, a, w.input()); return err },
		"form":   func(a *domain.Actor) error { _, err := w.svc.NewReportForm(w.ctx, a, w.commitment.ID); return err },
		"read draft": func(a *domain.Actor) error {
			_, err := w.svc.Report(w.ctx, a, draft.ID)
			return err
		},
		"read submitted": func(a *domain.Actor) error { _, err := w.svc.Report(w.ctx, a, sub.ID); return err },
		"update": func(a *domain.Actor) error {
			in := w.input()
			in.ID, in.Version = draft.ID, 99
			_, err := w.svc.UpdateReport(w.ctx, a, in)
			return err
		},
		"submit": func(a *domain.Actor) error { _, err := w.svc.SubmitReport(w.ctx, a, ref(draft)); return err },
		"accept": func(a *domain.Actor) error { _, err := w.svc.AcceptReport(w.ctx, a, ref(sub)); return err },
		"return": func(a *domain.Actor) error {
			_, err := w.svc.ReturnReport(w.ctx, a, followup.ReturnInput{ReportRef: ref(sub), Reason: "r"})
			return err
		},
		"delete": func(a *domain.Actor) error { return w.svc.DeleteReport(w.ctx, a, ref(draft)) },
		"attach": func(a *domain.Actor) error {
			_, err := w.svc.Attach(w.ctx, a, followup.AttachInput{ReportID: draft.ID, Name: "x.exe", Data: []byte("x")})
			return err
		},
		"queue": func(a *domain.Actor) error { _, err := w.svc.ReviewQueue(w.ctx, a, w.process.ID); return err },
		"list":  func(a *domain.Actor) error { _, err := w.svc.CommitmentReports(w.ctx, a, w.commitment.ID); return err },
	}
	const (
		ok  = ""
		cf  = domain.ECONFLICT
		inv = domain.EINVALID
		fb  = domain.EFORBIDDEN
		nf  = domain.ENOTFOUND
		un  = domain.EUNAUTHORIZED
	)
	// Owners: Budapest and its co-owner ECOWAS. The secretariat reviews.
	want := map[string]map[string]string{
		"create":         {"secretariat": fb, "chair": fb, "budapest": ok, "ecowas": ok, "iom": fb, "observer": fb, "outsider": nf, "admin": fb, "anonymous": un},
		"form":           {"secretariat": fb, "chair": fb, "budapest": ok, "ecowas": ok, "iom": fb, "observer": fb, "outsider": nf, "admin": fb, "anonymous": un},
		"read draft":     {"secretariat": nf, "chair": nf, "budapest": ok, "ecowas": ok, "iom": nf, "observer": nf, "outsider": nf, "admin": nf, "anonymous": un},
		"read submitted": {"secretariat": ok, "chair": nf, "budapest": ok, "ecowas": ok, "iom": nf, "observer": nf, "outsider": nf, "admin": ok, "anonymous": un},
		"update":         {"secretariat": nf, "chair": nf, "budapest": cf, "ecowas": cf, "iom": nf, "observer": nf, "outsider": nf, "admin": nf, "anonymous": un},
		"submit":         {"secretariat": nf, "chair": nf, "budapest": cf, "ecowas": cf, "iom": nf, "observer": nf, "outsider": nf, "admin": nf, "anonymous": un},
		"accept":         {"secretariat": cf, "chair": nf, "budapest": fb, "ecowas": fb, "iom": nf, "observer": nf, "outsider": nf, "admin": cf, "anonymous": un},
		"return":         {"secretariat": cf, "chair": nf, "budapest": fb, "ecowas": fb, "iom": nf, "observer": nf, "outsider": nf, "admin": cf, "anonymous": un},
		"delete":         {"secretariat": nf, "chair": nf, "budapest": cf, "ecowas": cf, "iom": nf, "observer": nf, "outsider": nf, "admin": nf, "anonymous": un},
		"attach":         {"secretariat": nf, "chair": nf, "budapest": inv, "ecowas": inv, "iom": nf, "observer": nf, "outsider": nf, "admin": nf, "anonymous": un},
		"queue":          {"secretariat": ok, "chair": fb, "budapest": fb, "ecowas": fb, "iom": fb, "observer": fb, "outsider": nf, "admin": ok, "anonymous": un},
		"list":           {"secretariat": ok, "chair": ok, "budapest": ok, "ecowas": ok, "iom": ok, "observer": ok, "outsider": nf, "admin": ok, "anonymous": un},
	}
	for name, op := range ops {
		for role, exp := range want[name] {
			a := w.actors[role]
			t.Run(name+"/"+role, func(t *testing.T) {
				if got := repCode(op(a)); got != exp {
					t.Errorf("%s as %s: %q, want %q", name, role, got, exp)
				}
			})
		}
	}
}

// TestReportConcurrentReview: two reviewers act on the same submitted
// report at once; exactly one decision is taken, the other gets a
// conflict, never a silent overwrite.
func TestReportConcurrentReview(t *testing.T) {
	w := newRepWorld(t)
	r := w.submitted(t)
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i, a := range []*domain.Actor{w.actors["secretariat"], w.actors["admin"]} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if i == 0 {
				_, errs[i] = w.svc.AcceptReport(w.ctx, a, followup.ReportRef{ID: r.ID, Version: r.Version})
			} else {
				_, errs[i] = w.svc.ReturnReport(w.ctx, a, followup.ReturnInput{ReportRef: followup.ReportRef{ID: r.ID, Version: r.Version}, Reason: "why"})
			}
		}()
	}
	wg.Wait()
	okCount := 0
	for _, err := range errs {
		switch repCode(err) {
		case "":
			okCount++
		case domain.ECONFLICT:
		default:
			t.Fatalf("unexpected error %v", err)
		}
	}
	if okCount != 1 {
		t.Fatalf("%d decisions taken at once, want 1 (%v)", okCount, errs)
	}
}

// TestReportAttachments: a document goes with a draft, is read back by
// whoever reads the report, and cannot be added once submitted.
func TestReportAttachments(t *testing.T) {
	w := newRepWorld(t)
	bp := w.actors["budapest"]
	r := w.draft(t)
	att, err := w.svc.Attach(w.ctx, bp, followup.AttachInput{ReportID: r.ID, Name: `C:\evidence\figures.csv`, Data: []byte("year,placed\n2024,2400\n")})
	if err != nil {
		t.Fatal(err)
	}
	if att.Name != "figures.csv" {
		t.Fatalf("name = %q", att.Name)
	}
	f, err := w.svc.ReportAttachment(w.ctx, w.actors["ecowas"], r.ID, att.ID)
	if err != nil || !strings.Contains(string(f.Data), "2400") {
		t.Fatalf("read back: %v", err)
	}
	if _, err := w.svc.ReportAttachment(w.ctx, w.actors["secretariat"], r.ID, att.ID); repCode(err) != domain.ENOTFOUND {
		t.Fatalf("the secretariat read a draft's document: %v", err)
	}
	if _, err := w.svc.Attach(w.ctx, bp, followup.AttachInput{ReportID: r.ID, Name: "x.pdf", Data: []byte("not a pdf")}); repCode(err) != domain.EINVALID {
		t.Fatalf("a false PDF: %v", err)
	}
	r, err = w.svc.SubmitReport(w.ctx, bp, followup.ReportRef{ID: r.ID, Version: r.Version})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.svc.Attach(w.ctx, bp, followup.AttachInput{ReportID: r.ID, Name: "more.txt", Data: []byte("more")}); repCode(err) != domain.ECONFLICT {
		t.Fatalf("attached to a submitted report: %v", err)
	}
	if err := w.svc.Detach(w.ctx, bp, followup.DetachInput{ReportID: r.ID, AttachmentID: att.ID}); repCode(err) != domain.ECONFLICT {
		t.Fatalf("detached from a submitted report: %v", err)
	}
}

// TestReturnAcceptedReport: returning an accepted report undoes its
// acceptance. Its values stop counting as the indicator's latest, and
// the commitment goes back to the status it had, in its history; once
// the status has been changed since by another hand, returning the
// report leaves it.
func TestReturnAcceptedReport(t *testing.T) {
	w := newRepWorld(t)
	sec := w.actors["secretariat"]
	accept := func(r *domain.ProgressReport) *domain.ProgressReport {
		t.Helper()
		r, err := w.svc.AcceptReport(w.ctx, sec, followup.ReportRef{ID: r.ID, Version: r.Version})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	ret := func(r *domain.ProgressReport) *domain.ProgressReport {
		t.Helper()
		r, err := w.svc.ReturnReport(w.ctx, sec, followup.ReturnInput{ReportRef: followup.ReportRef{ID: r.ID, Version: r.Version}, Reason: "The figure counts 2023 twice."})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	view := func() *followup.View {
		t.Helper()
		v, err := w.svc.Get(w.ctx, sec, w.commitment.ID)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	r := accept(w.submitted(t))
	if v := view(); v.Commitment.Status != domain.CommitmentOnTrack || v.Latest[w.indicator.ID].Value != 2400 {
		t.Fatalf("after acceptance: status %s, latest %+v", v.Commitment.Status, v.Latest)
	}
	r = ret(r)
	if r.State != domain.ReportReturned {
		t.Fatalf("state = %s", r.State)
	}
	v := view()
	if v.Commitment.Status != domain.CommitmentPlanned {
		t.Fatalf("status after the accepted report is returned = %s, want planned", v.Commitment.Status)
	}
	if _, ok := v.Latest[w.indicator.ID]; ok {
		t.Fatalf("the returned report's value still counts as latest: %+v", v.Latest)
	}
	h := v.Commitment.History
	if len(h) != 3 || h[2].From != domain.CommitmentOnTrack || h[2].To != domain.CommitmentPlanned || h[2].By != sec.User.ID || !strings.Contains(h[2].Note, "returned") {
		t.Fatalf("history = %+v", h)
	}

	// Accepted again, then the secretariat marks the commitment at risk by
	// hand: returning the report now leaves the status it did not set.
	in := w.input()
	in.ID, in.Version = r.ID, r.Version
	r, err := w.svc.UpdateReport(w.ctx, w.actors["budapest"], in)
	if err != nil {
		t.Fatal(err)
	}
	if r, err = w.svc.SubmitReport(w.ctx, w.actors["budapest"], followup.ReportRef{ID: r.ID, Version: r.Version}); err != nil {
		t.Fatal(err)
	}
	r = accept(r)
	c := view().Commitment
	if _, err := w.svc.ChangeStatus(w.ctx, sec, followup.StatusInput{ID: c.ID, Version: c.Version, Status: domain.CommitmentAtRisk, Note: "Funding cut."}); err != nil {
		t.Fatal(err)
	}
	ret(r)
	v = view()
	if v.Commitment.Status != domain.CommitmentAtRisk || len(v.Commitment.History) != 5 {
		t.Fatalf("a status set by hand after the acceptance was changed: %s, %+v", v.Commitment.Status, v.Commitment.History)
	}
	if _, ok := v.Latest[w.indicator.ID]; ok {
		t.Fatalf("the returned report's value still counts as latest: %+v", v.Latest)
	}
}
