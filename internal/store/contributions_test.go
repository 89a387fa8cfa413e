package store_test

import (
	"bytes"
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/store"
	"github.com/plenary-org/plenary/internal/store/storetest"
)

// contributionFixture makes a meeting with a guiding question, a body and
// an author, and returns a good practice ready to be created.
func contributionFixture(t *testing.T, db *store.DB) (context.Context, *domain.Contribution, *domain.Framework) {
	t.Helper()
	ctx := context.Background()
	u := &domain.User{Email: "ana@example.org", Name: "Ana"}
	if err := db.CreateUser(ctx, u, ""); err != nil {
		t.Fatal(err)
	}
	actx := actorCtx(u)
	p := &domain.Process{Name: "ISCM contributions"}
	if err := db.CreateProcess(actx, p); err != nil {
		t.Fatal(err)
	}
	a := &domain.Agenda{Meeting: &domain.Meeting{ProcessID: p.ID, Title: "GRCP 7"}, Sessions: []*domain.SessionNode{{
		Session: domain.Session{Number: 2, Title: "Regional inputs"},
		Items:   []*domain.ItemNode{{AgendaItem: domain.AgendaItem{Kind: domain.ItemQuestion, Text: "What are five recommendations?"}}},
	}}}
	if err := db.CreateMeetingWithAgenda(actx, a); err != nil {
		t.Fatal(err)
	}
	b := &domain.Body{Name: "Regional Conference on Migration", Acronym: "RCM", Kind: domain.BodyRCP, Region: "Americas"}
	if err := db.CreateBody(actx, b); err != nil {
		t.Fatal(err)
	}
	if err := db.EnsureBuiltinFrameworks(ctx); err != nil {
		t.Fatal(err)
	}
	fs, err := db.Frameworks(ctx)
	if err != nil {
		t.Fatal(err)
	}
	gcm, err := db.Framework(ctx, fs[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	qs, err := db.GuidingQuestions(ctx, a.Meeting.ID)
	if err != nil || len(qs) != 1 {
		t.Fatalf("guiding questions = %v, %v", qs, err)
	}
	c := &domain.Contribution{
		MeetingID: a.Meeting.ID, Kind: domain.KindGoodPractice, Practice: domain.PracticeLegislation,
		Title: "Regularisation of migrant workers", Text: "A law that lets migrant workers in irregular situations regularise their status.",
		BodyID: b.ID, AuthorID: u.ID, QuestionID: qs[0].ID, Regions: []string{"Americas", " Americas "}, Countries: []string{"cr", "PA"},
		Tags: []string{gcm.Items[0].ID, gcm.Items[6].ID}, Where: "Costa Rica", Implementer: "Ministry of Labour",
		PeriodFrom: "2015", PeriodTo: "2019-06", Results: "12,000 workers regularised", Links: []string{"https://example.org/law"},
	}
	return actx, c, gcm
}

func TestContributionLifecycle(t *testing.T) {
	t.Parallel()
	db := storetest.Open(t)
	ctx, c, _ := contributionFixture(t, db)
	if err := db.CreateContribution(ctx, c); err != nil {
		t.Fatal(err)
	}
	if c.Lang != "en" || c.LangAuto != "en" || c.Version != 1 || c.Status != domain.StatusDraft || c.Seq == 0 {
		t.Fatalf("created = lang %q/%q version %d status %s seq %d", c.Lang, c.LangAuto, c.Version, c.Status, c.Seq)
	}
	got, err := db.Contribution(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(got.Regions, ",") != "Americas" || strings.Join(got.Countries, ",") != "CR,PA" || len(got.Tags) != 2 ||
		got.Practice != domain.PracticeLegislation || got.Links[0] != "https://example.org/law" || got.PeriodTo != "2019-06" {
		t.Fatalf("read back = %+v", got)
	}

	// A stale edit conflicts; a fresh one makes version 2.
	stale := *got
	got.Title = "Regularisation of migrant workers in Costa Rica"
	if err := db.UpdateContribution(ctx, got); err != nil {
		t.Fatal(err)
	}
	stale.Title = "Overwritten"
	mustCode(t, db.UpdateContribution(ctx, &stale), domain.ECONFLICT)

	// Workflow: submit, return with a reason, resubmit, publish, withdraw, reopen.
	_, err = db.TransitionContribution(ctx, c.ID, 2, domain.TransPublish, "")
	mustCode(t, err, domain.EINVALID) // a draft cannot be published
	steps := []struct {
		t      domain.Transition
		reason string
		want   domain.Status
	}{
		{domain.TransSubmit, "", domain.StatusSubmitted},
		{domain.TransReturn, "Please add the results.", domain.StatusReturned},
		{domain.TransSubmit, "", domain.StatusSubmitted},
		{domain.TransPublish, "", domain.StatusPublished},
		{domain.TransWithdraw, "", domain.StatusWithdrawn},
		{domain.TransReopen, "", domain.StatusDraft},
	}
	v := 2
	for _, s := range steps {
		if s.t == domain.TransReturn {
			_, err := db.TransitionContribution(ctx, c.ID, v, s.t, "  ")
			mustCode(t, err, domain.EINVALID)
		}
		// The store stores the notices the caller makes of each step, in
		// its transaction, from the contribution as the step left it.
		out, err := db.TransitionContributionNotify(ctx, c.ID, v, s.t, s.reason, func(c *domain.Contribution, t domain.Transition) []*store.Notification {
			if t != domain.TransReturn && t != domain.TransPublish {
				return nil
			}
			return []*store.Notification{{UserID: c.AuthorID, Kind: "input_" + string(c.Status), Dedupe: string(t) + strconv.Itoa(c.Version),
				Link: "/contributions/" + c.ID, Params: map[string]string{"reason": c.ReturnReason}}}
		})
		if err != nil {
			t.Fatalf("%s: %v", s.t, err)
		}
		v++
		if out.Status != s.want || out.Version != v || out.ReturnReason != s.reason {
			t.Fatalf("%s: status %s version %d reason %q", s.t, out.Status, out.Version, out.ReturnReason)
		}
	}
	_, err = db.TransitionContribution(ctx, c.ID, v-1, domain.TransSubmit, "")
	mustCode(t, err, domain.ECONFLICT)
	// Its author was told when it was returned and when it was published,
	// as the caller said, in the transaction of each step.
	if c.AuthorID == "" {
		t.Fatal("the contribution has no author")
	}
	ns, err := db.Notifications(ctx, store.NotificationFilter{UserID: c.AuthorID})
	if err != nil || len(ns) != 2 || ns[0].Kind != "input_published" || ns[1].Kind != "input_returned" ||
		ns[1].Params["reason"] != "Please add the results." || ns[0].Link != "/contributions/"+c.ID {
		t.Fatalf("the author's notifications: %+v, %v", ns, err)
	}

	// Translations make versions too and are searchable beside the original.
	out, err := db.PutTranslation(ctx, c.ID, v, domain.Translation{Lang: "es", Title: "Regularización de trabajadores migrantes", Text: "Una ley que permite regularizar."})
	if err != nil || len(out.Translations) != 1 || out.Version != v+1 {
		t.Fatalf("translation: %+v, %v", out, err)
	}
	_, err = db.PutTranslation(ctx, c.ID, v+1, domain.Translation{Lang: "en", Title: "x", Text: "y"})
	mustCode(t, err, domain.EINVALID)

	vs, err := db.ContributionVersions(ctx, c.ID)
	if err != nil || len(vs) != v+1 || vs[0].Version != v+1 || vs[0].ActorName != "Ana" {
		t.Fatalf("versions = %d (%v), newest %+v", len(vs), err, vs[0])
	}
	old, _, err := db.ContributionVersion(ctx, c.ID, 1)
	if err != nil || old.Title != "Regularisation of migrant workers" || old.Status != domain.StatusDraft {
		t.Fatalf("version 1 = %+v, %v", old, err)
	}
}

func TestContributionValidation(t *testing.T) {
	t.Parallel()
	db := storetest.Open(t)
	ctx, c, _ := contributionFixture(t, db)
	tests := []struct {
		name  string
		edit  func(c *domain.Contribution)
		field string
	}{
		{"no title", func(c *domain.Contribution) { c.Title = " " }, "title"},
		{"unknown kind", func(c *domain.Contribution) { c.Kind = "wish" }, "kind"},
		{"unknown practice type", func(c *domain.Contribution) { c.Practice = "habit" }, "practice_type"},
		{"bad country", func(c *domain.Contribution) { c.Countries = []string{"XX"} }, "countries"},
		{"bad period", func(c *domain.Contribution) { c.PeriodFrom = "2015/16" }, "period_from"},
		{"period backwards", func(c *domain.Contribution) { c.PeriodFrom, c.PeriodTo = "2019", "2015" }, "period_to"},
		{"bad link", func(c *domain.Contribution) { c.Links = []string{"javascript:alert(1)"} }, "links"},
		{"unknown body", func(c *domain.Contribution) { c.BodyID = "nope" }, "body"},
		{"unknown question", func(c *domain.Contribution) { c.QuestionID = "nope" }, "question"},
		{"unknown tag", func(c *domain.Contribution) { c.Tags = []string{"nope"} }, "tags"},
		{"language not detected", func(c *domain.Contribution) { c.Title, c.Text, c.Lang = "123", "456", "" }, "lang"},
		{"language not a UN one", func(c *domain.Contribution) { c.Lang = "de" }, "lang"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x := *c
			tt.edit(&x)
			err := db.CreateContribution(ctx, &x)
			mustCode(t, err, domain.EINVALID)
			if !strings.Contains(fieldsOf(err), tt.field) {
				t.Fatalf("error %v does not name %s", err, tt.field)
			}
		})
	}
	// Other kinds drop the good-practice fields.
	x := *c
	x.Kind = domain.KindRecommendation
	if err := db.CreateContribution(ctx, &x); err != nil {
		t.Fatal(err)
	}
	if got, _ := db.Contribution(ctx, x.ID); got.Practice != "" || got.Where != "" || got.Results != "" {
		t.Fatalf("a recommendation kept good-practice fields: %+v", got)
	}
}

func fieldsOf(err error) string {
	var fs []string
	var es domain.Errors
	var e *domain.Error
	switch {
	case errorsAs(err, &es):
		for _, x := range es {
			fs = append(fs, x.Field)
		}
	case errorsAs(err, &e):
		fs = append(fs, e.Field)
	}
	return strings.Join(fs, ",")
}

func TestAttachments(t *testing.T) {
	t.Parallel()
	db := storetest.Open(t)
	ctx, c, _ := contributionFixture(t, db)
	if err := db.CreateContribution(ctx, c); err != nil {
		t.Fatal(err)
	}
	pdf := []byte("%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n")
	a, err := db.AddAttachment(ctx, c.ID, `C:\Users\ana\law.pdf`, pdf)
	if err != nil {
		t.Fatal(err)
	}
	if a.Name != "law.pdf" || a.ContentType != "application/pdf" || a.Size != int64(len(pdf)) || len(a.SHA256) != 64 {
		t.Fatalf("attachment = %+v", a)
	}
	meta, cid, data, err := db.AttachmentData(ctx, a.ID)
	if err != nil || cid != c.ID || !bytes.Equal(data, pdf) || meta.Name != "law.pdf" {
		t.Fatalf("read back: %+v %s %v", meta, cid, err)
	}
	for _, bad := range []struct{ name, data string }{
		{"law.pdf", "<html>not a pdf</html>"},
		{"law.exe", "MZ..."},
		{"law.docx", "PK\x03\x04 not really a zip"},
		{"empty.pdf", ""},
		{"notes.txt", "\x00\x01\x02\xff"},
	} {
		if _, err := db.AddAttachment(ctx, c.ID, bad.name, []byte(bad.data)); domain.ErrorCode(err) != domain.EINVALID {
			t.Errorf("%s was accepted: %v", bad.name, err)
		}
	}
	big := append([]byte("%PDF-"), make([]byte, domain.MaxAttachmentBytes)...)
	if _, err := db.AddAttachment(ctx, c.ID, "big.pdf", big); domain.ErrorCode(err) != domain.EINVALID {
		t.Errorf("an attachment over the limit was accepted: %v", err)
	}
	got, _ := db.Contribution(ctx, c.ID)
	if len(got.Attachments) != 1 {
		t.Fatalf("attachments = %+v", got.Attachments)
	}
	if err := db.DeleteAttachment(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	if _, _, _, err := db.AttachmentData(ctx, a.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("deleted attachment: %v", err)
	}
}

func TestCreateContributionsAllOrNothing(t *testing.T) {
	t.Parallel()
	db := storetest.Open(t)
	ctx, c, _ := contributionFixture(t, db)
	good, bad := *c, *c
	bad.Title = ""
	err := db.CreateContributions(ctx, []*domain.Contribution{&good, &bad})
	var re *store.RowError
	if !errorsAs(err, &re) || re.Row != 2 {
		t.Fatalf("batch with a bad second row: %v", err)
	}
	if _, err := db.Contribution(ctx, good.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("the good row of a refused batch was stored: %v", err)
	}
	a, b := *c, *c
	a.ID, b.ID = "", ""
	if err := db.CreateContributions(ctx, []*domain.Contribution{&a, &b}); err != nil {
		t.Fatal(err)
	}
	if a.Seq == b.Seq {
		t.Fatalf("two contributions share seq %d", a.Seq)
	}
}

func errorsAs(err error, target any) bool { return errors.As(err, target) }

// TestAuditHidesContributionAuthors: in a meeting held without
// attribution, the audit trail as stored does not tell who wrote a
// contribution; the secretariat's moderation is still named.
func TestAuditHidesContributionAuthors(t *testing.T) {
	t.Parallel()
	db := storetest.Open(t)
	ctx, c, _ := contributionFixture(t, db)
	m, err := db.Meeting(ctx, c.MeetingID)
	if err != nil {
		t.Fatal(err)
	}
	m.NonAttribution = true
	if err := db.UpdateMeeting(ctx, m); err != nil {
		t.Fatal(err)
	}
	if err := db.CreateContribution(ctx, c); err != nil {
		t.Fatal(err)
	}
	if _, err := db.TransitionContribution(ctx, c.ID, 1, domain.TransSubmit, ""); err != nil {
		t.Fatal(err)
	}
	sec := &domain.User{Email: "sec@example.org", Name: "Secretariat Person"}
	if err := db.CreateUser(ctx, sec, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := db.TransitionContribution(actorCtx(sec), c.ID, 2, domain.TransPublish, ""); err != nil {
		t.Fatal(err)
	}
	evs, err := db.AuditEvents(ctx, store.AuditFilter{MeetingID: c.MeetingID, Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	var published bool
	for _, e := range evs {
		if e.ObjectType != "contribution" {
			continue
		}
		if e.ActorName == "Ana" || e.ActorID == c.AuthorID || !e.Unattributed || strings.Contains(e.After, c.AuthorID) || strings.Contains(e.Before, c.BodyID) || strings.Contains(e.After, c.BodyID) {
			t.Errorf("%s event names the author: %+v", e.Action, e)
		}
		if e.Action == "publish" {
			published = e.ActorName == "Secretariat Person"
		}
	}
	if !published {
		t.Error("the secretariat's publication is not named")
	}
}
