package demo

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/followup"
	"github.com/plenary-org/plenary/internal/store"
)

// TestDemoProgress checks the demo's progress reports and review cycles:
// reports on each year from 2018 to 2025 with indicator values, in every
// state of their review, returned ones with their reason; a closed cycle
// with late reports, a returned one and a missing one, and its review
// report in the six languages; an open cycle whose deadline is ahead, in
// which delegate@ owes the report on the digital remittances commitment;
// one report overdue and one due soon for the reminders, and a commitment
// translated into French and Arabic.
func TestDemoProgress(t *testing.T) {
	db, res, _, _ := loadDemo(t)
	ctx := context.Background()
	svc := followup.New(db)
	sec, err := actorFor(ctx, db, fuSecretariat)
	if err != nil {
		t.Fatal(err)
	}
	m, err := db.Meeting(ctx, res.MeetingID)
	if err != nil {
		t.Fatal(err)
	}
	reports, err := db.ProgressReports(ctx, store.ReportFilter{ProcessID: m.ProcessID})
	if err != nil {
		t.Fatal(err)
	}
	t.Run("reports", func(t *testing.T) {
		states := map[domain.ReportState]int{}
		years := map[string]bool{}
		for _, r := range reports {
			states[r.State]++
			years[r.PeriodLabel] = true
			if r.State == domain.ReportReturned && r.ReturnReason == "" {
				t.Errorf("report %s on %s is returned without a reason", r.ID, r.PeriodLabel)
			}
			if r.State != domain.ReportDraft && r.SubmittedAt.Format(time.DateOnly) <= r.PeriodTo {
				t.Errorf("report %s on %s was submitted on %s, before its period ended", r.ID, r.PeriodLabel, r.SubmittedAt.Format(time.DateOnly))
			}
		}
		for _, s := range domain.ReportStates {
			if states[s] == 0 {
				t.Errorf("no report is %s: %v", s, states)
			}
		}
		if states[domain.ReportReturned] < 2 || states[domain.ReportAccepted] < 40 {
			t.Errorf("reports by state: %v; want 40 accepted or more and 2 returned or more", states)
		}
		for y := fuFirstYear; y <= fuOpenYear; y++ {
			if !years[strconv.Itoa(y)] {
				t.Errorf("no report on %d", y)
			}
		}
		// An accepted report's values are the indicator's latest.
		l, err := svc.List(ctx, sec, followup.ListInput{ProcessID: m.ProcessID, Limit: 500})
		if err != nil {
			t.Fatal(err)
		}
		withValues := 0
		for _, c := range l.Commitments {
			v, err := svc.Get(ctx, sec, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			withValues += len(v.Latest)
		}
		if withValues < 8 {
			t.Errorf("%d indicators have an accepted value, want 8 or more", withValues)
		}
	})

	cycles, err := svc.Cycles(ctx, sec, m.ProcessID)
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]*domain.ReviewCycle{}
	for _, y := range cycles {
		byName[y.Name] = y
	}
	if len(cycles) != 4 || byName[fuClosedCycle] == nil || byName[fuOpenCycle] == nil || byName[fuOverdueCycle] == nil || byName[fuDueSoonCycle] == nil {
		t.Fatalf("cycles %v, want %q, %q, %q and %q", cycles, fuClosedCycle, fuOpenCycle, fuOverdueCycle, fuDueSoonCycle)
	}
	t.Run("closed cycle", func(t *testing.T) {
		v, err := svc.Cycle(ctx, sec, byName[fuClosedCycle].ID)
		if err != nil {
			t.Fatal(err)
		}
		if v.Cycle.State != domain.CycleClosed {
			t.Fatalf("%s is %s", fuClosedCycle, v.Cycle.State)
		}
		if v.Counts[followup.LineReturned] != 1 || v.Counts[followup.LineMissing] != 1 || v.Late < 4 {
			t.Errorf("%s: lines %v, %d late; want one returned, one missing and four late or more", fuClosedCycle, v.Counts, v.Late)
		}
		if len(v.Reports) != len(domain.Locales) {
			t.Fatalf("%s has a review report in %d languages, want %d", fuClosedCycle, len(v.Reports), len(domain.Locales))
		}
		rv, err := db.ReviewReportVersion(ctx, v.Cycle.ID, "en", v.Reports[0].Latest)
		if err != nil {
			t.Fatal(err)
		}
		text, _ := json.Marshal(rv.Text)
		for _, want := range []string{"Cheaper and safer remittances to Africa", "Average recruitment cost paid by a worker"} {
			if !strings.Contains(string(text), want) {
				t.Errorf("the review report does not name %q", want)
			}
		}
	})
	t.Run("open cycle", func(t *testing.T) {
		v, err := svc.Cycle(ctx, sec, byName[fuOpenCycle].ID)
		if err != nil {
			t.Fatal(err)
		}
		today := time.Now().UTC().Format(time.DateOnly)
		if v.Cycle.State != domain.CycleOpen || v.Cycle.OpensOn > today || v.Cycle.Deadline <= today {
			t.Fatalf("%s is %s from %s to %s; want open today, with its deadline ahead", fuOpenCycle, v.Cycle.State, v.Cycle.OpensOn, v.Cycle.Deadline)
		}
		for _, s := range []followup.LineState{followup.LineAccepted, followup.LineSubmitted, followup.LineReturned, followup.LineDraft, followup.LineMissing} {
			if v.Counts[s] == 0 {
				t.Errorf("%s: no commitment is %s: %v", fuOpenCycle, s, v.Counts)
			}
		}
		dmitri, err := actorFor(ctx, db, "delegate@demo.plenary.local")
		if err != nil {
			t.Fatal(err)
		}
		due, err := svc.MyReportsDue(ctx, dmitri)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, d := range due {
			if d.CycleName == fuOpenCycle && strings.HasPrefix(d.Title, "Commitment on digital remittances") && !d.Overdue {
				found = true
			}
		}
		if !found {
			t.Errorf("delegate@ does not owe the report on digital remittances in %s: %v", fuOpenCycle, due)
		}
	})
	t.Run("reminders", func(t *testing.T) {
		// What serve's first sweep finds: delegate@'s body owes one
		// report overdue and one due soon, and is told of each once.
		r, err := svc.Reminders(ctx, sec, followup.RemindersInput{ProcessID: m.ProcessID})
		if err != nil {
			t.Fatal(err)
		}
		has := func(items []*followup.DueItem, cycle string) bool {
			for _, d := range items {
				if d.CycleName == cycle && r.Bodies[d.BodyID].Acronym == "RCM" {
					return true
				}
			}
			return false
		}
		if !has(r.Overdue, fuOverdueCycle) || !has(r.DueSoon, fuDueSoonCycle) {
			t.Fatalf("reminders: overdue %v, due soon %v; want RCM's report overdue in %q and due soon in %q", r.Overdue, r.DueSoon, fuOverdueCycle, fuDueSoonCycle)
		}
		n, err := svc.SweepReminders(ctx, followup.DefaultReminderDays)
		if err != nil || n == 0 {
			t.Fatalf("the sweep told %d people (%v)", n, err)
		}
		if again, err := svc.SweepReminders(ctx, followup.DefaultReminderDays); err != nil || again != 0 {
			t.Errorf("a second sweep told %d more (%v), want none", again, err)
		}
		dmitri, err := actorFor(ctx, db, "delegate@demo.plenary.local")
		if err != nil {
			t.Fatal(err)
		}
		ns, _, err := svc.Notifications(ctx, dmitri)
		if err != nil {
			t.Fatal(err)
		}
		kinds := map[string]bool{}
		for _, n := range ns {
			kinds[n.Kind+" "+n.Params["cycle"]] = true
		}
		if !kinds["report_overdue "+fuOverdueCycle] || !kinds["report_due "+fuDueSoonCycle] {
			t.Errorf("delegate@'s notifications %v lack the overdue and the due report", kinds)
		}
	})
	t.Run("translations", func(t *testing.T) {
		l, err := svc.List(ctx, sec, followup.ListInput{ProcessID: m.ProcessID, Limit: 500})
		if err != nil {
			t.Fatal(err)
		}
		translated := 0
		for _, c := range l.Commitments {
			full, err := db.Commitment(ctx, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			if len(full.Translations) == 0 {
				continue
			}
			translated++
			langs := map[string]bool{}
			for _, tr := range full.Translations {
				langs[tr.Lang] = true
			}
			if len(langs) != 2 || !langs["fr"] || !langs["ar"] || !strings.HasPrefix(full.Title, "Commitment on digital remittances") {
				t.Errorf("%q is translated into %v, want French and Arabic of the digital remittances commitment", full.Title, langs)
			}
			if title, _, got := followup.InLanguage(full, "ar"); got != "ar" || title != fuTranslations[1].Title {
				t.Errorf("in Arabic %q reads %q (%s)", full.Title, title, got)
			}
		}
		if translated != 1 {
			t.Errorf("%d commitments are translated, want 1 (the others left in English)", translated)
		}
	})
}
