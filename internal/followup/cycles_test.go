package followup_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/followup"
	"github.com/plenary-org/plenary/internal/store"
)

// openCycle opens "Regional review 2025" over the process's open
// commitments, due 2025-05-31, with its report in English and French.
func (w *repWorld) openCycle(t testing.TB) *domain.ReviewCycle {
	t.Helper()
	y, err := w.svc.OpenCycle(w.ctx, w.actors["secretariat"], followup.CycleInput{ProcessID: w.process.ID, Name: "Regional review 2025",
		OpensOn: "2025-04-01", Deadline: "2025-05-31", Languages: []string{"en", "fr"}})
	if err != nil {
		t.Fatal(err)
	}
	return y
}

// TestReviewCycleToReport walks a cycle: opened by filter, owners see the
// report they owe, the report is late once the deadline passes, the
// secretariat accepts it, closes the cycle, and the review report, made
// in both languages, says what was committed, reported, measured and
// late; it is edited, conflicts on a stale version, finalised and
// exported in every format; a final report takes no more versions.
func TestReviewCycleToReport(t *testing.T) {
	w := newRepWorld(t)
	sec, bp := w.actors["secretariat"], w.actors["budapest"]
	y := w.openCycle(t)
	if len(y.CommitmentIDs) != 1 || y.CommitmentIDs[0] != w.commitment.ID {
		t.Fatalf("scope = %v, want the process's one commitment (not the other process's)", y.CommitmentIDs)
	}
	// Budapest and its co-owner ECOWAS each owe the report; IOM does not.
	due, err := w.svc.MyReportsDue(w.ctx, bp)
	if err != nil {
		t.Fatal(err)
	}
	if len(due) != 1 || due[0].CommitmentID != w.commitment.ID || due[0].DaysLeft != 30 || due[0].Overdue {
		t.Fatalf("Budapest's reports due = %+v", due)
	}
	if due, _ := w.svc.MyReportsDue(w.ctx, w.actors["ecowas"]); len(due) != 1 {
		t.Fatalf("ECOWAS's reports due = %d", len(due))
	}
	if due, _ := w.svc.MyReportsDue(w.ctx, w.actors["iom"]); len(due) != 0 {
		t.Fatalf("IOM owes %d reports", len(due))
	}
	// After the deadline the commitment is late.
	w.clock = time.Date(2025, 6, 3, 9, 0, 0, 0, time.UTC)
	v, err := w.svc.Cycle(w.ctx, w.actors["observer"], y.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !v.Overdue || v.Late != 1 || v.Lines[0].State != followup.LineMissing {
		t.Fatalf("cycle after the deadline: overdue %v, late %d, %+v", v.Overdue, v.Late, v.Lines[0])
	}
	if due, _ := w.svc.MyReportsDue(w.ctx, bp); len(due) != 1 || !due[0].Overdue || due[0].DaysLeft != -3 {
		t.Fatalf("overdue report = %+v", due)
	}
	// Budapest reports late, the secretariat accepts.
	in := w.input()
	in.CycleID = y.ID
	r, err := w.svc.CreateReport(w.ctx, bp, in)
	if err != nil {
		t.Fatal(err)
	}
	if r, err = w.svc.SubmitReport(w.ctx, bp, followup.ReportRef{ID: r.ID, Version: r.Version}); err != nil {
		t.Fatal(err)
	}
	if _, err = w.svc.AcceptReport(w.ctx, sec, followup.ReportRef{ID: r.ID, Version: r.Version}); err != nil {
		t.Fatal(err)
	}
	if due, _ := w.svc.MyReportsDue(w.ctx, w.actors["ecowas"]); len(due) != 0 {
		t.Fatalf("the co-owner still owes a report the owner gave: %+v", due)
	}
	v, _ = w.svc.Cycle(w.ctx, sec, y.ID)
	if v.Counts[followup.LineAccepted] != 1 || !v.Lines[0].Late || v.ReportingRate() != 1 {
		t.Fatalf("cycle after acceptance: %+v, line %+v", v.Counts, v.Lines[0])
	}
	// Closing makes the report in English and French.
	if _, err := w.svc.CloseCycle(w.ctx, sec, followup.CycleRef{ID: y.ID, Version: y.Version + 5}); repCode(err) != domain.ECONFLICT {
		t.Fatalf("closing a stale version: %v", err)
	}
	v, err = w.svc.CloseCycle(w.ctx, sec, followup.CycleRef{ID: y.ID, Version: y.Version})
	if err != nil {
		t.Fatal(err)
	}
	if v.Cycle.State != domain.CycleClosed || len(v.Reports) != 2 {
		t.Fatalf("closed cycle = %+v, reports %d", v.Cycle, len(v.Reports))
	}
	rr, err := w.svc.ReviewReport(w.ctx, w.actors["observer"], followup.ReviewReportInput{CycleID: y.ID})
	if err != nil {
		t.Fatal(err)
	}
	text := rr.Version.Text
	if text.Language != "en" || text.Title != "Review report: Regional review 2025" || rr.Tampered || rr.Can.Edit {
		t.Fatalf("report = %q in %s, tampered %v, observer edits %v", text.Title, text.Language, rr.Tampered, rr.Can.Edit)
	}
	all := textOf(text)
	for _, want := range []string{w.commitment.Title, "Two new pathways opened.", "Visa processing times.", "2400 people (2024-12-31)", "1000 people (2018-01-01)", "35%", "What is late", "Report accepted"} {
		if !strings.Contains(all, want) {
			t.Errorf("the review report lacks %q", want)
		}
	}
	if strings.Contains(all, "Another process") {
		t.Error("the review report speaks of another process's commitment")
	}
	fr, err := w.svc.ReviewReport(w.ctx, sec, followup.ReviewReportInput{CycleID: y.ID, Lang: "fr"})
	if err != nil || !strings.HasPrefix(fr.Version.Text.Title, "Rapport d'examen") {
		t.Fatalf("French report: %v %q", err, fr.Version.Text.Title)
	}
	// Edit a section, then a stale edit conflicts.
	sum := text.Sections[0]
	blocks := append([]domain.OutcomeBlock{}, sum.Blocks...)
	blocks[0].Text = "The secretariat's own summary."
	ev, err := w.svc.EditReviewReport(w.ctx, sec, followup.ReviewSectionEdit{CycleID: y.ID, Lang: "en", Version: 1, Key: "summary", Heading: sum.Heading, Blocks: blocks})
	if err != nil {
		t.Fatal(err)
	}
	if ev.Number != 2 || ev.Text.Sections[0].Blocks[0].Text != "The secretariat's own summary." {
		t.Fatalf("edited version = %d", ev.Number)
	}
	if _, err := w.svc.EditReviewReport(w.ctx, sec, followup.ReviewSectionEdit{CycleID: y.ID, Lang: "en", Version: 1, Key: "summary", Heading: "x", Blocks: blocks}); repCode(err) != domain.ECONFLICT {
		t.Fatalf("a stale edit: %v", err)
	}
	if _, err := w.svc.EditReviewReport(w.ctx, sec, followup.ReviewSectionEdit{CycleID: y.ID, Lang: "en", Version: 2, Key: "summary", Heading: "bad\x00", Blocks: blocks}); repCode(err) != domain.EINVALID {
		t.Fatalf("a control character in a heading: %v", err)
	}
	// Exports: a draft is marked, in every format.
	for _, f := range []string{"md", "html", "docx", "pdf"} {
		ex, err := w.svc.ExportReviewReport(w.ctx, w.actors["observer"], followup.ReviewExportInput{ReviewReportInput: followup.ReviewReportInput{CycleID: y.ID}, Format: f})
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if ex.Name != "Regional-review-2025-review-report-v2-en."+f || len(ex.Data) < 100 {
			t.Fatalf("%s: %s, %d bytes", f, ex.Name, len(ex.Data))
		}
		if f == "md" && (!bytes.Contains(ex.Data, []byte("DRAFT")) || !bytes.Contains(ex.Data, []byte("The secretariat's own summary."))) {
			t.Fatalf("markdown export:\n%s", ex.Data)
		}
	}
	if _, err := w.svc.ExportReviewReport(w.ctx, sec, followup.ReviewExportInput{ReviewReportInput: followup.ReviewReportInput{CycleID: y.ID}, Format: "exe"}); repCode(err) != domain.EINVALID {
		t.Fatalf("an unknown format: %v", err)
	}
	// Finalise: the hash is fixed, no version follows, the export shows it.
	fin, err := w.svc.FinaliseReviewReport(w.ctx, sec, followup.FinaliseInput{CycleID: y.ID, Lang: "en", Version: 2})
	if err != nil {
		t.Fatal(err)
	}
	if fin.FinalVersion != 2 || fin.FinalHash != ev.Text.Hash() {
		t.Fatalf("final = %d %s", fin.FinalVersion, fin.FinalHash)
	}
	if _, err := w.svc.EditReviewReport(w.ctx, sec, followup.ReviewSectionEdit{CycleID: y.ID, Lang: "en", Version: 2, Key: "summary", Heading: sum.Heading, Blocks: blocks}); repCode(err) != domain.ECONFLICT {
		t.Fatalf("edited a final report: %v", err)
	}
	ex, err := w.svc.ExportReviewReport(w.ctx, sec, followup.ReviewExportInput{ReviewReportInput: followup.ReviewReportInput{CycleID: y.ID}, Format: "md"})
	if err != nil || bytes.Contains(ex.Data, []byte("DRAFT")) || !bytes.Contains(ex.Data, []byte(fin.FinalHash)) {
		t.Fatalf("final export (%v):\n%s", err, ex.Data)
	}
	// Making it again leaves the final English report and adds a French version.
	vs, err := w.svc.RegenerateReviewReport(w.ctx, sec, y.ID)
	if err != nil || len(vs) != 1 || vs[0].Lang != "fr" || vs[0].Number != 2 {
		t.Fatalf("regenerate = %+v, %v", vs, err)
	}
	// A closed cycle takes no more reports.
	in.CycleID = y.ID
	if _, err := w.svc.CreateReport(w.ctx, bp, in); repCode(err) != domain.EINVALID {
		t.Fatalf("a report to a closed cycle: %v", err)
	}
}

// textOf is the whole text of a document, for searching.
func textOf(t domain.OutcomeText) string {
	var b strings.Builder
	b.WriteString(t.Title + "\n")
	for _, s := range t.Sections {
		b.WriteString(s.Heading + "\n")
		for _, bl := range s.Blocks {
			b.WriteString(bl.Text + "\n")
			for _, r := range bl.Rows {
				b.WriteString(strings.Join(r, " | ") + "\n")
			}
		}
	}
	return b.String()
}

// TestCycleScope: a cycle's scope by list refuses commitments of another
// process as not found; by a filter that chooses nothing it is refused;
// an open cycle is changed at the version read.
func TestCycleScope(t *testing.T) {
	w := newRepWorld(t)
	sec := w.actors["secretariat"]
	in := followup.CycleInput{ProcessID: w.process.ID, Name: "IMRF 2026", Deadline: "2026-03-31", CommitmentIDs: []string{w.commitment.ID, w.foreign.ID}}
	if _, err := w.svc.OpenCycle(w.ctx, sec, in); repCode(err) != domain.ENOTFOUND {
		t.Fatalf("a commitment of another process in scope: %v", err)
	}
	in.CommitmentIDs = nil
	in.Filter = followup.ScopeFilter{Objective: "O5"}
	if _, err := w.svc.OpenCycle(w.ctx, sec, in); repCode(err) != domain.EINVALID {
		t.Fatalf("an empty scope: %v", err)
	}
	in.Filter = followup.ScopeFilter{BodyID: w.bodies["ecowas"].ID}
	in.Languages = []string{"fr", "xx"}
	if _, err := w.svc.OpenCycle(w.ctx, sec, in); repCode(err) != domain.EINVALID {
		t.Fatalf("an unknown language: %v", err)
	}
	in.Languages = []string{"ar"}
	y, err := w.svc.OpenCycle(w.ctx, sec, in)
	if err != nil {
		t.Fatal(err)
	}
	if len(y.CommitmentIDs) != 1 || y.OpensOn != "2025-05-01" || y.Languages[0] != "ar" {
		t.Fatalf("cycle by co-owner = %+v", y)
	}
	up := in
	up.ID, up.Version, up.Name = y.ID, y.Version, "IMRF 2026 (regional)"
	if y, err = w.svc.UpdateCycle(w.ctx, sec, up); err != nil || y.Name != "IMRF 2026 (regional)" {
		t.Fatalf("update: %v", err)
	}
	if _, err := w.svc.UpdateCycle(w.ctx, sec, up); repCode(err) != domain.ECONFLICT {
		t.Fatalf("a stale update: %v", err)
	}
}

// TestCycleRoleMatrix asks every cycle and review report operation as
// every role.
func TestCycleRoleMatrix(t *testing.T) {
	w := newRepWorld(t)
	open := w.openCycle(t)
	closed := w.openCycle(t)
	if _, err := w.svc.CloseCycle(w.ctx, w.actors["secretariat"], followup.CycleRef{ID: closed.ID, Version: closed.Version}); err != nil {
		t.Fatal(err)
	}
	ops := map[string]func(a *domain.Actor) error{
		"open": func(a *domain.Actor) error {
			_, err := w.svc.OpenCycle(w.ctx, a, followup.CycleInput{ProcessID: w.process.ID, Name: "x", Deadline: "2025-01-01", OpensOn: "2025-02-01"})
			return err
		},
		"update": func(a *domain.Actor) error {
			_, err := w.svc.UpdateCycle(w.ctx, a, followup.CycleInput{ID: open.ID, Version: 99})
			return err
		},
		"read": func(a *domain.Actor) error { _, err := w.svc.Cycle(w.ctx, a, open.ID); return err },
		"list": func(a *domain.Actor) error { _, err := w.svc.Cycles(w.ctx, a, w.process.ID); return err },
		"close": func(a *domain.Actor) error {
			_, err := w.svc.CloseCycle(w.ctx, a, followup.CycleRef{ID: open.ID, Version: 99})
			return err
		},
		"report": func(a *domain.Actor) error {
			_, err := w.svc.ReviewReport(w.ctx, a, followup.ReviewReportInput{CycleID: closed.ID})
			return err
		},
		"edit": func(a *domain.Actor) error {
			_, err := w.svc.EditReviewReport(w.ctx, a, followup.ReviewSectionEdit{CycleID: closed.ID, Version: 99, Key: "summary"})
			return err
		},
		"finalise": func(a *domain.Actor) error {
			_, err := w.svc.FinaliseReviewReport(w.ctx, a, followup.FinaliseInput{CycleID: closed.ID, Version: 99})
			return err
		},
		"export": func(a *domain.Actor) error {
			_, err := w.svc.ExportReviewReport(w.ctx, a, followup.ReviewExportInput{ReviewReportInput: followup.ReviewReportInput{CycleID: closed.ID}, Format: "md"})
			return err
		},
		"reminders": func(a *domain.Actor) error {
			_, err := w.svc.Reminders(w.ctx, a, followup.RemindersInput{ProcessID: w.process.ID})
			return err
		},
		"remind": func(a *domain.Actor) error {
			_, err := w.svc.Remind(w.ctx, a, followup.RemindersInput{ProcessID: w.process.ID})
			return err
		},
	}
	const (
		ok = ""
		cf = domain.ECONFLICT
		in = domain.EINVALID
		fb = domain.EFORBIDDEN
		nf = domain.ENOTFOUND
		un = domain.EUNAUTHORIZED
	)
	manage := func(allowed string) map[string]string {
		m := map[string]string{"chair": fb, "budapest": fb, "ecowas": fb, "iom": fb, "observer": fb, "outsider": nf, "anonymous": un}
		m["secretariat"], m["admin"] = allowed, allowed
		return m
	}
	read := map[string]string{"secretariat": ok, "chair": ok, "budapest": ok, "ecowas": ok, "iom": ok, "observer": ok, "outsider": nf, "admin": ok, "anonymous": un}
	want := map[string]map[string]string{
		"open": manage(in), "update": manage(cf), "close": manage(cf), "edit": manage(cf), "finalise": manage(cf),
		"reminders": manage(ok), "remind": manage(ok),
		"read": read, "list": read, "report": read, "export": read,
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

// TestReminders: the secretariat sees reports due within N days and
// overdue ones; reminding tells each reporter of the owing bodies once per
// occasion, in words of their language.
func TestReminders(t *testing.T) {
	w := newRepWorld(t)
	sec := w.actors["secretariat"]
	w.openCycle(t) // due 2025-05-31, 30 days ahead
	r, err := w.svc.Reminders(w.ctx, sec, followup.RemindersInput{ProcessID: w.process.ID, Days: 7})
	if err != nil || len(r.DueSoon)+len(r.Overdue) != 0 {
		t.Fatalf("7 days ahead: %+v %v", r, err)
	}
	if _, err := w.svc.Reminders(w.ctx, sec, followup.RemindersInput{ProcessID: w.process.ID, Days: -1}); repCode(err) != domain.EINVALID {
		t.Fatalf("negative days: %v", err)
	}
	w.clock = time.Date(2025, 5, 26, 9, 0, 0, 0, time.UTC)
	r, err = w.svc.Reminders(w.ctx, sec, followup.RemindersInput{ProcessID: w.process.ID, Days: 7})
	if err != nil || len(r.DueSoon) != 2 || r.DueSoon[0].DaysLeft != 5 {
		t.Fatalf("due within 7 days: %+v %v", r, err)
	}
	// The commitment reads in French: a French reader is told its French
	// title, the others the original.
	const frTitle = "Titre de l'engagement en français"
	if _, err := w.svc.PutTranslation(w.ctx, sec, followup.TranslationInput{ID: w.commitment.ID, Lang: "fr", Title: frTitle, Text: "Texte de l'engagement."}); err != nil {
		t.Fatal(err)
	}
	// The secretariat's list and the owner's give the title in each
	// language, the original marked with its own.
	r, err = w.svc.Reminders(w.ctx, sec, followup.RemindersInput{ProcessID: w.process.ID, Days: 7})
	if err != nil || len(r.DueSoon) == 0 || r.DueSoon[0].TitleIn("fr") != (followup.LocalTitle{Text: frTitle, Lang: "fr"}) ||
		r.DueSoon[0].TitleIn("ar") != (followup.LocalTitle{Text: w.commitment.Title, Lang: w.commitment.Lang}) {
		t.Fatalf("the reminders' titles: %+v %v", r, err)
	}
	due, err := w.svc.MyReportsDue(w.ctx, w.actors["budapest"])
	if err != nil || len(due) != 1 || due[0].TitleIn("fr").Text != frTitle || due[0].TitleIn("es").Text != w.commitment.Title {
		t.Fatalf("Budapest's reports due: %+v %v", due, err)
	}
	n, err := w.svc.Remind(w.ctx, sec, followup.RemindersInput{ProcessID: w.process.ID, Days: 7})
	if err != nil || n != 2 {
		t.Fatalf("reminded %d (%v), want Budapest's and ECOWAS's delegates", n, err)
	}
	if n, _ := w.svc.Remind(w.ctx, sec, followup.RemindersInput{ProcessID: w.process.ID, Days: 7}); n != 0 {
		t.Fatalf("reminded again: %d", n)
	}
	ns, _, _ := w.svc.Notifications(w.ctx, w.actors["budapest"])
	if len(ns) != 1 {
		t.Fatalf("Budapest's notifications = %d", len(ns))
	}
	for lang, want := range map[string]string{"en": "Report due in 5 days for commitment", "fr": "Rapport attendu dans 5 jours", "ar": "التقرير مستحق خلال 5 أيام"} {
		if got := followup.NotificationText(repCat.Printer(lang), ns[0]); !strings.HasPrefix(got, want) {
			t.Errorf("%s: %q, want %q…", lang, got, want)
		}
	}
	if fr, ar := followup.NotificationText(repCat.Printer("fr"), ns[0]), followup.NotificationText(repCat.Printer("ar"), ns[0]); !strings.Contains(fr, frTitle) || !strings.Contains(ar, w.commitment.Title) {
		t.Errorf("the commitment's title: %q in French, %q in Arabic; want its French translation and its original", fr, ar)
	}
	// Overdue: told again, as overdue; the system's sweep does the same.
	w.clock = time.Date(2025, 6, 2, 9, 0, 0, 0, time.UTC)
	if n, err := w.svc.SweepReminders(w.ctx, 7); err != nil || n != 2 {
		t.Fatalf("sweep = %d, %v", n, err)
	}
	ns, _, _ = w.svc.Notifications(w.ctx, w.actors["ecowas"])
	if len(ns) != 2 || ns[0].Kind != "report_overdue" || followup.NotificationText(repCat.Printer("en"), ns[0]) != "Report overdue by 2 days for commitment “"+w.commitment.Title+"” (Regional review 2025)" {
		t.Fatalf("ECOWAS's notifications = %+v", ns)
	}
	// An e-mail sender reads what was not sent yet, and marks it.
	unsent, err := w.db.UnsentNotifications(w.ctx, 10)
	if err != nil || len(unsent) != 4 {
		t.Fatalf("unsent = %d, %v", len(unsent), err)
	}
	if err := w.db.MarkNotificationsEmailed(w.ctx, []string{unsent[0].ID}); err != nil {
		t.Fatal(err)
	}
	if unsent, _ = w.db.UnsentNotifications(w.ctx, 10); len(unsent) != 3 {
		t.Fatalf("unsent after one was sent = %d", len(unsent))
	}
	_ = store.Notification{}
}

// TestRunReminders: the server's timer tells each owing reporter once,
// however many ticks pass and with two servers' timers running on one
// database at once (on PostgreSQL each sweep holds the database's lock;
// the notifications' keys keep the rest once).
func TestRunReminders(t *testing.T) {
	w := newRepWorld(t)
	w.openCycle(t) // due 2025-05-31
	w.clock = time.Date(2025, 5, 26, 9, 0, 0, 0, time.UTC)
	ctx, cancel := context.WithCancel(w.ctx)
	var wg sync.WaitGroup
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w.svc.RunReminders(ctx, 5*time.Millisecond, 7, log)
		}()
	}
	deadline := time.Now().Add(20 * time.Second)
	for {
		_, unread, err := w.svc.Notifications(w.ctx, w.actors["ecowas"])
		if err != nil {
			t.Fatal(err)
		}
		if unread > 0 || time.Now().After(deadline) {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	time.Sleep(100 * time.Millisecond) // many more ticks
	cancel()
	wg.Wait()
	for _, who := range []string{"budapest", "ecowas"} {
		ns, _, err := w.svc.Notifications(w.ctx, w.actors[who])
		if err != nil || len(ns) != 1 || ns[0].Kind != "report_due" {
			t.Fatalf("%s's notifications after the timers = %d (%v), want one reminder", who, len(ns), err)
		}
	}
	if ns, _, _ := w.svc.Notifications(w.ctx, w.actors["observer"]); len(ns) != 0 {
		t.Fatalf("the observer was reminded: %+v", ns)
	}
}
