package outcome_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/plenary-org/plenary/internal/deliberation"
	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/locale"
	"github.com/plenary-org/plenary/internal/outcome"
	"github.com/plenary-org/plenary/internal/store"
	"github.com/plenary-org/plenary/internal/store/storetest"
	"github.com/plenary-org/plenary/internal/synthesis"
)

// world is a meeting (GRCP 7) with a session of objectives and a breakout
// part, two groups (Africa, Europe) whose members wrote statements,
// three delegations (Budapest, ECOWAS; IOM a partner), a confirmed
// overall recommendation drawn from a theme, and one actor of each role:
// the secretariat, the chair, a rapporteur, the delegates of Budapest and
// ECOWAS, IOM's partner, an observer, an outsider (a delegate of another
// meeting of the process) and an administrator.
type world struct {
	ctx     context.Context
	db      *store.DB
	svc     *outcome.Service
	synth   *synthesis.Service
	meeting *domain.Meeting
	other   *domain.Meeting
	part    string
	groups  []*domain.Group
	bodies  map[string]*domain.Body
	actors  map[string]*domain.Actor
	clock   time.Time
}

// Names of the people and bodies, which a non-attributed draft must not
// name outside its list of participants.
var (
	personNames = []string{"Sara Secretariat", "Chen Chair", "Rita Rapporteur", "Bela Budapest", "Efua Ecowas", "Ines Iom", "Omar Observer", "Otto Outsider", "Ada Admin"}
	bodyNames   = []string{"Budapest Process", "Economic Community of West African States", "International Organization for Migration"}
)

var cat = locale.MustLoad()

func newWorld(t testing.TB, nonAttribution bool) *world {
	t.Helper()
	return newWorldOn(t, storetest.Open(t), nonAttribution)
}

// newWorldAt builds the world in the migrated database at url.
func newWorldAt(t testing.TB, url string) *world {
	t.Helper()
	db, err := store.Open(context.Background(), url, store.Options{IdleConns: 1})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return newWorldOn(t, db, false)
}

func newWorldOn(t testing.TB, db *store.DB, nonAttribution bool) *world {
	t.Helper()
	ctx := context.Background()
	synth := synthesis.New(db, nil, nil)
	w := &world{ctx: ctx, db: db, synth: synth, svc: outcome.New(db, synth, deliberation.New(db, nil), cat),
		bodies: map[string]*domain.Body{}, actors: map[string]*domain.Actor{}, clock: time.Date(2026, 5, 4, 9, 0, 0, 0, time.UTC)}
	w.svc.SetClock(func() time.Time { return w.clock })
	p := &domain.Process{Name: "ISCM contributions to the GCM"}
	if err := db.CreateProcess(ctx, p); err != nil {
		t.Fatal(err)
	}
	ag := &domain.Agenda{
		Meeting: &domain.Meeting{ProcessID: p.ID, Title: "Global Meeting of Chairs and Secretariats of RCPs", ShortName: "GRCP 7", Venue: "Geneva",
			StartsOn: "2017-10-10", EndsOn: "2017-10-11", NonAttribution: nonAttribution},
		Sessions: []*domain.SessionNode{{
			Session: domain.Session{Number: 2, Title: "Recommendations"},
			Items:   []*domain.ItemNode{{AgendaItem: domain.AgendaItem{Kind: domain.ItemObjective, Text: "Agree on five recommendations for the GCM."}}},
			Parts:   []*domain.PartNode{{Part: domain.Part{Title: "Regional breakout groups", Kind: domain.PartBreakout}}},
		}},
	}
	if err := db.CreateMeetingWithAgenda(ctx, ag); err != nil {
		t.Fatal(err)
	}
	w.meeting, w.part = ag.Meeting, ag.Sessions[0].Parts[0].ID
	w.other = &domain.Meeting{ProcessID: p.ID, Title: "GRCP 8"}
	if err := db.CreateMeetingWithAgenda(ctx, &domain.Agenda{Meeting: w.other}); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"Africa", "Europe"} {
		g := &domain.Group{MeetingID: w.meeting.ID, Name: name, Region: name}
		if err := db.CreateGroup(ctx, g); err != nil {
			t.Fatal(err)
		}
		w.groups = append(w.groups, g)
	}
	for key, b := range map[string]*domain.Body{
		"budapest": {Name: bodyNames[0], Kind: domain.BodyIRF, Region: "Europe"},
		"ecowas":   {Name: bodyNames[1], Kind: domain.BodyREO, Region: "West Africa"},
		"iom":      {Name: bodyNames[2], Kind: domain.BodyIGO},
	} {
		if err := db.CreateBody(ctx, b); err != nil {
			t.Fatal(err)
		}
		w.bodies[key] = b
	}
	mid := w.meeting.ID
	type ms struct {
		meeting string
		role    domain.Role
		body    string
		group   int // index in groups + 1; 0 for none
	}
	for i, who := range []struct {
		key   string
		admin bool
		list  []ms
	}{
		{"secretariat", false, []ms{{"", domain.RoleSecretariat, "", 0}}},
		{"chair", false, []ms{{mid, domain.RoleChair, "", 0}}},
		{"rapporteur", false, []ms{{mid, domain.RoleRapporteur, "", 1}}},
		{"budapest", false, []ms{{mid, domain.RoleDelegate, w.bodies["budapest"].ID, 2}}},
		{"ecowas", false, []ms{{mid, domain.RoleDelegate, w.bodies["ecowas"].ID, 1}}},
		{"iom", false, []ms{{mid, domain.RolePartner, w.bodies["iom"].ID, 1}}},
		{"observer", false, []ms{{mid, domain.RoleObserver, "", 0}}},
		{"outsider", false, []ms{{w.other.ID, domain.RoleDelegate, w.bodies["budapest"].ID, 0}}},
		{"admin", true, nil},
	} {
		u := &domain.User{Email: who.key + "@example.org", Name: personNames[i], Admin: who.admin}
		if err := db.CreateUser(ctx, u, ""); err != nil {
			t.Fatal(err)
		}
		a := &domain.Actor{User: u}
		for _, m := range who.list {
			dm := &domain.Membership{UserID: u.ID, ProcessID: p.ID, MeetingID: m.meeting, Role: m.role, BodyID: m.body}
			if m.group > 0 {
				dm.GroupID = w.groups[m.group-1].ID
			}
			if err := db.AddMembership(ctx, dm); err != nil {
				t.Fatal(err)
			}
			a.Memberships = append(a.Memberships, *dm)
		}
		w.actors[who.key] = a
	}
	// Statements by the delegations, two of them alike across the groups.
	for _, st := range []struct {
		group int
		who   string
		text  string
	}{
		{0, "ecowas", "Expand regular pathways for labour migration between regions."},
		{0, "iom", "Share reliable migration data between regional processes."},
		{1, "budapest", "Expand regular pathways for labour migration across regions."},
		{1, "budapest", "Protect migrant workers from abusive recruitment fees."},
	} {
		a := w.actors[st.who]
		s := &domain.Statement{MeetingID: mid, GroupID: w.groups[st.group].ID, PartID: w.part, Kind: domain.KindRecommendation, Lang: "en", Text: st.text,
			AuthorID: a.User.ID, BodyID: a.Memberships[0].BodyID, ByPartner: st.who == "iom"}
		if err := db.CreateStatement(ctx, s); err != nil {
			t.Fatal(err)
		}
	}
	// A candidate overall recommendation from the first theme, confirmed.
	pt, err := synth.PartThemes(ctx, w.actors["chair"], mid, w.part)
	if err != nil {
		t.Fatal(err)
	}
	if len(pt.Result.Themes) == 0 {
		t.Fatal("no themes")
	}
	ref := synthesis.PartRef{MeetingID: mid, PartID: w.part}
	c, err := synth.AddCandidate(ctx, w.actors["chair"], synthesis.CandidateInput{PartRef: ref, ThemeID: pt.Result.Themes[0].ID, Text: "Open regular pathways for labour migration."})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := synth.Confirm(ctx, w.actors["chair"], synthesis.ConfirmInput{PartRef: ref, Selected: []string{c.ID}}); err != nil {
		t.Fatal(err)
	}
	return w
}

// draft makes the first draft as the secretariat and returns it.
func (w *world) draft(t testing.TB) *store.OutcomeVersion {
	t.Helper()
	v, err := w.svc.Draft(w.ctx, w.actors["secretariat"], outcome.DraftInput{MeetingID: w.meeting.ID, Lang: "en"})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// latest reads the latest version's text as the secretariat.
func (w *world) latest(t testing.TB) *outcome.Text {
	t.Helper()
	tx, err := w.svc.Text(w.ctx, w.actors["secretariat"], outcome.TextInput{MeetingID: w.meeting.ID})
	if err != nil {
		t.Fatal(err)
	}
	return tx
}

// firstParagraph returns the ID of the first numbered paragraph of a
// section.
func firstParagraph(t testing.TB, text domain.OutcomeText, key string) string {
	t.Helper()
	for _, s := range text.Sections {
		if s.Key != key && !strings.HasPrefix(s.Key, key) {
			continue
		}
		for _, b := range s.Blocks {
			if b.Kind == domain.BlockParagraph {
				return b.ID
			}
		}
	}
	t.Fatalf("no paragraph in section %s", key)
	return ""
}

// code returns the error code of err.
func code(err error) string { return domain.ErrorCode(err) }

func mustJSON(t testing.TB, v any) []byte {
	t.Helper()
	js, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return js
}
