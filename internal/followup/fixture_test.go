package followup_test

import (
	"context"
	"database/sql"
	"testing"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/followup"
	"github.com/plenary-org/plenary/internal/store"
	"github.com/plenary-org/plenary/internal/store/storetest"
)

// world is a process with two meetings (GRCP 7, whose outcome document is
// adopted, and GRCP 8, drafted only), four bodies (the Budapest Process,
// ECOWAS, IOM, ECA), published contributions at GRCP 7 (a commitment by
// Budapest tagged O5 and Pa, a good practice by IOM), a draft commitment,
// and one actor of each role: the process's secretariat, the secretariat
// of GRCP 8 only, the chair, Budapest's delegate, IOM's partner, an
// observer, an outsider (secretariat and delegate of another process) and
// an administrator.
type world struct {
	ctx     context.Context
	db      *store.DB
	url     string
	svc     *followup.Service
	process *domain.Process
	meeting *domain.Meeting // GRCP 7
	later   *domain.Meeting // GRCP 8
	other   *domain.Process
	bodies  map[string]*domain.Body
	actors  map[string]*domain.Actor
	pledge  *domain.Contribution // Budapest's published commitment at GRCP 7
	good    *domain.Contribution // IOM's published good practice
	draft   *domain.Contribution // a draft commitment
	tag     map[string]string    // framework item ID by code
	// The adopted outcome document of GRCP 7: rec is a paragraph of its
	// overall recommendations, session one of a session's objectives.
	rec, session string
}

func newWorld(t testing.TB) *world {
	t.Helper()
	ctx := context.Background()
	url := storetest.MigratedURL(t)
	db, err := store.Open(ctx, url, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	w := &world{ctx: ctx, db: db, url: url, svc: followup.New(db), bodies: map[string]*domain.Body{}, actors: map[string]*domain.Actor{}, tag: map[string]string{}}
	w.process = &domain.Process{Name: "ISCM contributions to the GCM"}
	w.other = &domain.Process{Name: "Another process"}
	for _, p := range []*domain.Process{w.process, w.other} {
		if err := db.CreateProcess(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	w.meeting = &domain.Meeting{ProcessID: w.process.ID, Title: "Global Meeting of Chairs and Secretariats of RCPs", ShortName: "GRCP 7", StartsOn: "2017-10-10"}
	w.later = &domain.Meeting{ProcessID: w.process.ID, Title: "Global Meeting 8", ShortName: "GRCP 8", StartsOn: "2019-11-04"}
	for _, m := range []*domain.Meeting{w.meeting, w.later} {
		if err := db.CreateMeetingWithAgenda(ctx, &domain.Agenda{Meeting: m}); err != nil {
			t.Fatal(err)
		}
	}
	for key, b := range map[string]*domain.Body{
		"budapest": {Name: "Budapest Process", Kind: domain.BodyIRF, Region: "Europe"},
		"ecowas":   {Name: "Economic Community of West African States", Acronym: "ECOWAS", Kind: domain.BodyREO, Region: "Africa"},
		"iom":      {Name: "International Organization for Migration", Acronym: "IOM", Kind: domain.BodyIGO, Region: "Global"},
		"eca":      {Name: "Economic Commission for Africa", Acronym: "ECA", Kind: domain.BodyUNRegionalComm, Region: "Africa"},
	} {
		if err := db.CreateBody(ctx, b); err != nil {
			t.Fatal(err)
		}
		w.bodies[key] = b
	}
	type ms struct {
		process *domain.Process
		meeting string
		role    domain.Role
		body    string
	}
	for _, who := range []struct {
		key   string
		admin bool
		list  []ms
	}{
		{"secretariat", false, []ms{{w.process, "", domain.RoleSecretariat, ""}}},
		{"meetsec", false, []ms{{w.process, w.later.ID, domain.RoleSecretariat, ""}}},
		{"chair", false, []ms{{w.process, w.meeting.ID, domain.RoleChair, ""}}},
		{"budapest", false, []ms{{w.process, w.meeting.ID, domain.RoleDelegate, w.bodies["budapest"].ID}}},
		{"iom", false, []ms{{w.process, w.meeting.ID, domain.RolePartner, w.bodies["iom"].ID}}},
		{"observer", false, []ms{{w.process, w.meeting.ID, domain.RoleObserver, ""}}},
		{"outsider", false, []ms{{w.other, "", domain.RoleSecretariat, ""}, {w.other, "", domain.RoleDelegate, w.bodies["budapest"].ID}}},
		{"admin", true, nil},
	} {
		u := &domain.User{Email: who.key + "@example.org", Name: "Person " + who.key, Admin: who.admin}
		if err := db.CreateUser(ctx, u, ""); err != nil {
			t.Fatal(err)
		}
		a := &domain.Actor{User: u}
		for _, m := range who.list {
			dm := &domain.Membership{UserID: u.ID, ProcessID: m.process.ID, MeetingID: m.meeting, Role: m.role, BodyID: m.body}
			if err := db.AddMembership(ctx, dm); err != nil {
				t.Fatal(err)
			}
			a.Memberships = append(a.Memberships, *dm)
		}
		w.actors[who.key] = a
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
	for _, it := range gcm.Items {
		w.tag[it.Code] = it.ID
	}
	add := func(c *domain.Contribution, author string) *domain.Contribution {
		t.Helper()
		c.MeetingID, c.Lang, c.AuthorID = w.meeting.ID, "en", w.actors[author].User.ID
		if c.Status == "" {
			c.Status = domain.StatusPublished
		}
		if err := db.CreateContribution(ctx, c); err != nil {
			t.Fatal(err)
		}
		return c
	}
	w.pledge = add(&domain.Contribution{Kind: domain.KindCommitment, BodyID: w.bodies["budapest"].ID, Title: "Migrant resource centres on the Silk Routes",
		Text: "Budapest Process states open migrant resource centres along the Silk Routes by 2025.", Tags: []string{w.tag["O5"], w.tag["Pa"]}}, "budapest")
	w.good = add(&domain.Contribution{Kind: domain.KindGoodPractice, BodyID: w.bodies["iom"].ID, Title: "Migration data portal",
		Text: "A shared portal of migration data."}, "iom")
	w.draft = add(&domain.Contribution{Kind: domain.KindCommitment, Status: domain.StatusDraft, BodyID: w.bodies["budapest"].ID, Title: "Draft pledge",
		Text: "Not yet submitted."}, "budapest")
	w.adopt(t, w.meeting.ID)
	if _, _, err := db.CreateOutcome(ctx, w.later.ID, "en", outcomeText(), "draft", ""); err != nil {
		t.Fatal(err)
	}
	w.rec, w.session = "p-overall-1", "p-session-1"
	return w
}

// outcomeText is an outcome document with a session's objective, two
// overall recommendations and a note.
func outcomeText() domain.OutcomeText {
	return domain.OutcomeText{Language: "en", Title: "Outcome of GRCP 7", Sections: []domain.OutcomeSection{
		{Key: "session:s1", Heading: "Session 1", Blocks: []domain.OutcomeBlock{{ID: "p-session-1", Kind: domain.BlockParagraph, Text: "Take stock of the RCPs' work."}}},
		{Key: "overall", Heading: "Overall recommendations", Blocks: []domain.OutcomeBlock{
			{ID: "p-overall-1", Kind: domain.BlockParagraph, Text: "Expand regular pathways for labour migration. Start with pilot schemes."},
			{ID: "p-overall-2", Kind: domain.BlockParagraph, Text: "Share migration data between mechanisms."},
			{ID: "n-overall", Kind: domain.BlockNote, Text: "Confirmed by the chair."}}},
	}}
}

// adopt drafts the outcome document of a meeting and adopts version 1.
func (w *world) adopt(t testing.TB, meetingID string) {
	t.Helper()
	text := outcomeText()
	if _, _, err := w.db.CreateOutcome(w.ctx, meetingID, "en", text, "draft", ""); err != nil {
		t.Fatal(err)
	}
	if _, err := w.db.ChangeOutcome(w.ctx, meetingID, "adopt", func(o *store.OutcomeTx) error {
		o.Doc.Status, o.Doc.AdoptedVersion, o.Doc.AdoptedHash, o.Doc.AdoptedAt = domain.OutcomeAdopted, 1, text.Hash(), o.Now()
		return nil
	}); err != nil {
		t.Fatal(err)
	}
}

// commitment records a commitment of the process owned by body key as the
// secretariat.
func (w *world) commitment(t testing.TB, title, owner string, change func(c *domain.Commitment)) *domain.Commitment {
	t.Helper()
	c := &domain.Commitment{ProcessID: w.process.ID, Title: title, Text: "Text of " + title, Lang: "en", OwnerBodyID: w.bodies[owner].ID}
	if change != nil {
		change(c)
	}
	if _, err := w.svc.Create(w.ctx, w.actors["secretariat"], c); err != nil {
		t.Fatal(err)
	}
	return c
}

// exec runs a statement on the database behind the store's back, as the
// progress reports and review cycles would write their rows.
func (w *world) exec(t testing.TB, q string) {
	t.Helper()
	driver := "sqlite"
	if store.IsPostgresURL(w.url) {
		driver = "pgx"
	}
	raw, err := sql.Open(driver, w.url)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if _, err := raw.Exec(q); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

func code(err error) string { return domain.ErrorCode(err) }

func num(v float64) *float64 { return &v }
