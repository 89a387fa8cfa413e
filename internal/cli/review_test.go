package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/followup"
	"github.com/plenary-org/plenary/internal/store"
	"github.com/plenary-org/plenary/internal/store/storetest"
)

// reviewDB is a process with a commitment of a body whose delegate owes a
// report, a closed cycle with its review report ("closed") and an open
// cycle due in three days ("open").
func reviewDB(t *testing.T) (url string, ids map[string]string) {
	t.Helper()
	ctx := context.Background()
	url = storetest.MigratedURL(t)
	db, err := store.Open(ctx, url, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	p := &domain.Process{Name: "ISCM"}
	b := &domain.Body{Name: "Budapest Process", Kind: domain.BodyIRF}
	u := &domain.User{Email: "d@example.org", Name: "Delegate"}
	for _, err := range []error{db.CreateProcess(ctx, p), db.CreateBody(ctx, b), db.CreateUser(ctx, u, "")} {
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := db.AddMembership(ctx, &domain.Membership{UserID: u.ID, ProcessID: p.ID, Role: domain.RoleDelegate, BodyID: b.ID}); err != nil {
		t.Fatal(err)
	}
	c := &domain.Commitment{ProcessID: p.ID, Title: "Open pathways", Text: "We open pathways.", Lang: "en", OwnerBodyID: b.ID, Status: domain.CommitmentPlanned}
	if err := db.CreateCommitments(ctx, []*domain.Commitment{c}, "create"); err != nil {
		t.Fatal(err)
	}
	svc := followup.New(db)
	closed, err := svc.OpenCycle(ctx, operator, followup.CycleInput{ProcessID: p.ID, Name: "Regional review 2021", OpensOn: "2021-01-01", Deadline: "2021-06-30", Languages: []string{"en", "fr"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.CloseCycle(ctx, operator, followup.CycleRef{ID: closed.ID, Version: closed.Version}); err != nil {
		t.Fatal(err)
	}
	open, err := svc.OpenCycle(ctx, operator, followup.CycleInput{ProcessID: p.ID, Name: "IMRF", Deadline: time.Now().UTC().AddDate(0, 0, 3).Format(time.DateOnly)})
	if err != nil {
		t.Fatal(err)
	}
	return url, map[string]string{"closed": closed.ID, "open": open.ID}
}

// TestExportReviewReportAndRemind: plenary export review-report writes the
// report in the language and format asked, named after the cycle; bad
// flags are usage errors; plenary remind notifies once.
func TestExportReviewReportAndRemind(t *testing.T) {
	url, ids := reviewDB(t)
	code, out, stderr := run(t, "", "export", "review-report", "-db", url, "-format", "md", "-lang", "fr", "-o", "-", ids["closed"])
	if code != 0 || !strings.Contains(out, "Rapport d'examen : Regional review 2021") || !strings.Contains(out, "Ce qui est en retard") {
		t.Fatalf("export md fr: %d %s %s", code, out, stderr)
	}
	dir := t.TempDir()
	wd, _ := os.Getwd()
	if err := os.Chdir(dir); err != nil {
		t.Fatal(err)
	}
	defer os.Chdir(wd)
	if code, _, stderr := run(t, "", "export", "review-report", "-db", url, "-format", "docx", ids["closed"]); code != 0 || !strings.Contains(stderr, "(draft)") {
		t.Fatalf("export docx: %d %s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "Regional-review-2021-review-report-v1-en.docx")); err != nil {
		t.Fatalf("the file is not named after the cycle: %v", err)
	}
	for _, args := range [][]string{
		{"-format", "exe", ids["closed"]},
		{"-format", "md"},
		{"-format", "md", "-lang", "xx", ids["closed"]},
	} {
		if code, _, _ := run(t, "", append([]string{"export", "review-report", "-db", url}, args...)...); code != 2 {
			t.Errorf("%v: exit %d, want a usage error (2)", args, code)
		}
	}
	if code, _, stderr := run(t, "", "export", "review-report", "-db", url, "-format", "md", "-o", "-", ids["open"]); code == 0 || !strings.Contains(stderr, "when the cycle closes") {
		t.Fatalf("an open cycle's report: %d %s", code, stderr)
	}
	if code, out, stderr := run(t, "", "remind", "-db", url, "-days", "7"); code != 0 || strings.TrimSpace(out) != "1 new notifications" {
		t.Fatalf("remind: %d %q %s", code, out, stderr)
	}
	if code, out, _ := run(t, "", "remind", "-db", url, "-days", "7"); code != 0 || strings.TrimSpace(out) != "0 new notifications" {
		t.Fatalf("remind again: %d %q", code, out)
	}
}
