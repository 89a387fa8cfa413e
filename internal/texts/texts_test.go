package texts_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/plenary-org/plenary/internal/agenda"
	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/store"
	"github.com/plenary-org/plenary/internal/store/storetest"
	"github.com/plenary-org/plenary/internal/texts"
)

const agendaEN = `**Regional Consultation on Labour Migration**

*Third Meeting of the Example Process (EP 3)*

## Meeting objectives

The meeting aims to:

- (i) review good practices on fair recruitment[^1];
- (ii) agree on five recommendations.

[^1]: To be transmitted to the co-facilitators.

## Session 1. Fair recruitment

### Objectives

- to share national experiences.

### Guiding questions

#### Session 1 Breakout groups

- Which practices could other regions replicate?

#### Session 1 Plenary discussion

- Which recommendations do all groups share?
`

// agendaAR is agendaEN translated, keeping the structural words the
// importer reads (Session N, Objectives, Guiding questions).
const agendaAR = `**مشاورة إقليمية بشأن هجرة اليد العاملة**

*الاجتماع الثالث للعملية النموذجية (EP 3)*

## Meeting objectives

يهدف الاجتماع إلى:

- (i) استعراض الممارسات الجيدة في مجال التوظيف العادل[^1]؛
- (ii) الاتفاق على خمس توصيات.

[^1]: تُحال إلى الميسّرين المشاركين.

## Session 1. التوظيف العادل

### Objectives

- تبادل التجارب الوطنية.

### Guiding questions

#### مجموعات العمل

- ما الممارسات التي يمكن للمناطق الأخرى تكرارها؟

#### المناقشة العامة

-
`

type world struct {
	ctx     context.Context
	db      *store.DB
	svc     *texts.Service
	actors  map[string]*domain.Actor
	meeting *domain.Agenda
	other   *domain.Agenda // a meeting of another process
	group   *domain.Group
}

func parse(t *testing.T, src string) *domain.Agenda {
	t.Helper()
	m, err := agenda.ParseBytes([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return m.ToDomain()
}

func newWorld(t *testing.T) *world {
	t.Helper()
	db := storetest.Open(t)
	ctx := context.Background()
	w := &world{ctx: ctx, db: db, svc: texts.New(db), actors: map[string]*domain.Actor{"anonymous": nil}}
	admin := &domain.User{Email: "admin@example.org", Name: "Ada Admin", Admin: true}
	if err := db.CreateUser(ctx, admin, ""); err != nil {
		t.Fatal(err)
	}
	w.actors["admin"] = &domain.Actor{User: admin}
	actx := domain.NewContextWithActor(ctx, w.actors["admin"])
	var pids []string
	for i, src := range []string{agendaEN, agendaEN} {
		p := &domain.Process{Name: "Process " + string(rune('A'+i))}
		a := parse(t, src)
		if err := db.CreateProcessWithAgenda(actx, p, a); err != nil {
			t.Fatal(err)
		}
		pids = append(pids, p.ID)
		if i == 0 {
			w.meeting = a
		} else {
			w.other = a
		}
	}
	w.group = &domain.Group{MeetingID: w.meeting.Meeting.ID, Name: "Africa"}
	if err := db.CreateGroup(actx, w.group); err != nil {
		t.Fatal(err)
	}
	for _, r := range []struct {
		name    string
		role    domain.Role
		process string
	}{{"secretariat", domain.RoleSecretariat, pids[0]}, {"delegate", domain.RoleDelegate, pids[0]}, {"other secretariat", domain.RoleSecretariat, pids[1]}} {
		u := &domain.User{Email: strings.ReplaceAll(r.name, " ", ".") + "@example.org", Name: r.name}
		m := domain.Membership{ProcessID: r.process, Role: r.role}
		if r.role == domain.RoleDelegate {
			b := &domain.Body{Name: "Regional Conference on Migration", Acronym: "RCM", Kind: domain.BodyRCP}
			if err := db.CreateBody(actx, b); err != nil {
				t.Fatal(err)
			}
			m.BodyID = b.ID
		}
		got, err := db.CreateUserWithMembership(actx, u, "", &m)
		if err != nil {
			t.Fatal(err)
		}
		ms, err := db.MembershipsOf(ctx, got.ID)
		if err != nil {
			t.Fatal(err)
		}
		w.actors[r.name] = &domain.Actor{User: got, Memberships: ms}
	}
	return w
}

func (w *world) sessionTitle() domain.TextKey {
	return domain.TextKey{Kind: domain.TextSession, ID: w.meeting.Sessions[0].ID, Field: "title"}
}

// Who may read and change a meeting's translations: its process's
// secretariat and administrators; a delegate sees the meeting but may not
// (forbidden); the secretariat of another process does not see it (not
// found); nobody logged out.
func TestRoleMatrix(t *testing.T) {
	w := newWorld(t)
	mid := w.meeting.Meeting.ID
	ops := map[string]func(a *domain.Actor) error{
		"read": func(a *domain.Actor) error { _, err := w.svc.MeetingTexts(w.ctx, a, mid); return err },
		"save": func(a *domain.Actor) error {
			_, err := w.svc.SaveMeetingTexts(w.ctx, a, mid, []texts.Edit{{TextKey: w.sessionTitle(), Lang: "fr", Text: "Recrutement équitable"}})
			return err
		},
		"import": func(a *domain.Actor) error {
			_, err := w.svc.ImportAgenda(w.ctx, a, mid, "ar", parse(t, agendaAR), texts.ImportOptions{})
			return err
		},
		"language": func(a *domain.Actor) error { return w.svc.SetMeetingLanguage(w.ctx, a, mid, "en") },
	}
	want := map[string]string{"admin": "", "secretariat": "", "delegate": domain.EFORBIDDEN, "other secretariat": domain.ENOTFOUND, "anonymous": domain.EUNAUTHORIZED}
	for name, op := range ops {
		for who, code := range want {
			t.Run(name+"/"+who, func(t *testing.T) {
				err := op(w.actors[who])
				if got := domain.ErrorCode(err); (code == "" && err != nil) || (code != "" && got != code) {
					t.Fatalf("got %v (%s), want %q", err, got, code)
				}
			})
		}
	}
	// Exporting a language's version is reading: the delegate may.
	if _, _, err := w.svc.AgendaIn(w.ctx, w.actors["delegate"], mid, "fr"); err != nil {
		t.Errorf("delegate export: %v", err)
	}
	if _, _, err := w.svc.AgendaIn(w.ctx, w.actors["other secretariat"], mid, "fr"); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Errorf("other process's export: %v, want not found", err)
	}
}

func TestSaveAndConflict(t *testing.T) {
	w := newWorld(t)
	sec := w.actors["secretariat"]
	mid := w.meeting.Meeting.ID
	key := w.sessionTitle()
	res, err := w.svc.SaveMeetingTexts(w.ctx, sec, mid, []texts.Edit{
		{TextKey: key, Lang: "fr", Text: "  Recrutement équitable ", Unofficial: true},
		{TextKey: domain.TextKey{Kind: domain.TextGroup, ID: w.group.ID, Field: "name"}, Lang: "ar", Text: "أفريقيا"},
	})
	if err != nil || res.Changed != 2 {
		t.Fatalf("save: %+v %v", res, err)
	}
	tx, err := w.svc.MeetingTexts(w.ctx, sec, mid)
	if err != nil {
		t.Fatal(err)
	}
	var found domain.TextTranslation
	for _, e := range tx.Entries {
		if e.TextKey == key {
			found = e.Translations["fr"]
		}
	}
	if found.Text != "Recrutement équitable" || !found.Unofficial || found.Translator != "secretariat" || found.Version != 1 {
		t.Fatalf("stored %+v", found)
	}
	total := len(tx.Entries)
	if tx.Missing["fr"] != total-1 || tx.Missing["ar"] != total-1 || tx.Missing["zh"] != total || tx.Unoff["fr"] != 1 {
		t.Errorf("missing %v unofficial %v of %d", tx.Missing, tx.Unoff, total)
	}
	if _, ok := tx.Missing["en"]; ok {
		t.Errorf("the original language is counted: %v", tx.Missing)
	}
	// Two people edit the same translation from version 1: the second
	// gets a conflict and nothing of their save is kept.
	if _, err := w.svc.SaveMeetingTexts(w.ctx, sec, mid, []texts.Edit{{TextKey: key, Lang: "fr", Text: "Recrutement équitable et éthique", Version: 1}}); err != nil {
		t.Fatal(err)
	}
	_, err = w.svc.SaveMeetingTexts(w.ctx, w.actors["admin"], mid, []texts.Edit{
		{TextKey: domain.TextKey{Kind: domain.TextGroup, ID: w.group.ID, Field: "name"}, Lang: "fr", Text: "Afrique"},
		{TextKey: key, Lang: "fr", Text: "Recrutement juste", Version: 1},
	})
	if domain.ErrorCode(err) != domain.ECONFLICT {
		t.Fatalf("stale save: %v, want conflict", err)
	}
	tx, _ = w.svc.MeetingTexts(w.ctx, sec, mid)
	for _, e := range tx.Entries {
		if e.Kind == domain.TextGroup {
			if _, ok := e.Translations["fr"]; ok {
				t.Errorf("a refused save kept a translation: %+v", e.Translations["fr"])
			}
		}
		if e.TextKey == key && e.Translations["fr"].Text != "Recrutement équitable et éthique" {
			t.Errorf("after the conflict: %+v", e.Translations["fr"])
		}
	}
	// A first translation saved twice from "none": the second conflicts.
	zh := texts.Edit{TextKey: key, Lang: "zh", Text: "公平招聘"}
	if _, err := w.svc.SaveMeetingTexts(w.ctx, sec, mid, []texts.Edit{zh}); err != nil {
		t.Fatal(err)
	}
	zh.Text = "公平的招聘"
	if _, err := w.svc.SaveMeetingTexts(w.ctx, sec, mid, []texts.Edit{zh}); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Errorf("second first translation: %v, want conflict", err)
	}
	// Removing: an empty text from the current version.
	if res, err := w.svc.SaveMeetingTexts(w.ctx, sec, mid, []texts.Edit{{TextKey: key, Lang: "zh", Text: "", Version: 1}}); err != nil || res.Changed != 1 {
		t.Errorf("remove: %+v %v", res, err)
	}
	// The save is audited.
	evs, err := w.db.AuditEvents(w.ctx, store.AuditFilter{MeetingID: mid})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range evs {
		if e.Action == "translate" && e.ObjectType == "meeting" {
			n++
		}
	}
	if n != 4 {
		t.Errorf("%d translate events, want 4", n)
	}
}

func TestSaveRefuses(t *testing.T) {
	w := newWorld(t)
	sec := w.actors["secretariat"]
	mid := w.meeting.Meeting.ID
	key := w.sessionTitle()
	otherKey := domain.TextKey{Kind: domain.TextSession, ID: w.other.Sessions[0].ID, Field: "title"}
	for _, c := range []struct {
		name string
		edit texts.Edit
		key  string
	}{
		{"another meeting's session", texts.Edit{TextKey: otherKey, Lang: "fr", Text: "x"}, "error.text_unknown"},
		{"an unknown field", texts.Edit{TextKey: domain.TextKey{Kind: domain.TextSession, ID: key.ID, Field: "number"}, Lang: "fr", Text: "x"}, "error.text_unknown"},
		{"the original language", texts.Edit{TextKey: key, Lang: "en", Text: "x"}, "error.translation_same"},
		{"an unknown language", texts.Edit{TextKey: key, Lang: "de", Text: "x"}, "error.locale"},
		{"a control character", texts.Edit{TextKey: key, Lang: "fr", Text: "a\x00b"}, "error.control_char"},
		{"a line break in a title", texts.Edit{TextKey: key, Lang: "fr", Text: "a\nb"}, ""},
		{"too long", texts.Edit{TextKey: key, Lang: "fr", Text: strings.Repeat("é", 2*domain.MaxName+1)}, "error.too_long"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := w.svc.SaveMeetingTexts(w.ctx, sec, mid, []texts.Edit{c.edit})
			if domain.ErrorCode(err) != domain.EINVALID {
				t.Fatalf("got %v, want invalid", err)
			}
			var list domain.Errors
			if c.key != "" && errors.As(err, &list) && list[0].Key != c.key {
				t.Errorf("key %s, want %s (%v)", list[0].Key, c.key, err)
			}
		})
	}
}

func TestImportAgenda(t *testing.T) {
	w := newWorld(t)
	sec := w.actors["secretariat"]
	mid := w.meeting.Meeting.ID
	res, err := w.svc.ImportAgenda(w.ctx, sec, mid, "ar", parse(t, agendaAR), texts.ImportOptions{Unofficial: true})
	if err != nil {
		t.Fatal(err)
	}
	ag, missing, err := w.svc.AgendaIn(w.ctx, sec, mid, "ar")
	if err != nil {
		t.Fatal(err)
	}
	if ag.Meeting.Title != "مشاورة إقليمية بشأن هجرة اليد العاملة" || ag.Sessions[0].Title != "التوظيف العادل" ||
		ag.Sessions[0].Parts[0].Title != "مجموعات العمل" || ag.Objectives()[0].Text != "استعراض الممارسات الجيدة في مجال التوظيف العادل[^1]؛" ||
		ag.Footnotes[0].Text != "تُحال إلى الميسّرين المشاركين." {
		t.Errorf("Arabic agenda: %q %q %q %q %q", ag.Meeting.Title, ag.Sessions[0].Title, ag.Sessions[0].Parts[0].Title, ag.Objectives()[0].Text, ag.Footnotes[0].Text)
	}
	// The empty question of the plenary part stays English, counted.
	if q := ag.Sessions[0].Parts[1].Questions(); len(q) != 1 || q[0].Text != "Which recommendations do all groups share?" || missing == 0 {
		t.Errorf("untranslated question %+v, missing %d", q, missing)
	}
	// Kinds and the structure stay the meeting's.
	if ag.Sessions[0].Parts[0].Kind != domain.PartBreakout {
		t.Errorf("part kind %s", ag.Sessions[0].Parts[0].Kind)
	}
	// Importing again changes nothing.
	res2, err := w.svc.ImportAgenda(w.ctx, sec, mid, "ar", parse(t, agendaAR), texts.ImportOptions{Unofficial: true})
	if err != nil || res2.Changed != 0 || res.Changed == 0 {
		t.Errorf("first import %+v, second %+v %v", res, res2, err)
	}
}

func TestImportAgendaStructure(t *testing.T) {
	w := newWorld(t)
	sec := w.actors["secretariat"]
	mid := w.meeting.Meeting.ID
	for _, c := range []struct {
		name, from, to, where string
	}{
		{"a session more", "#### المناقشة العامة\n\n-\n", "#### المناقشة العامة\n\n-\n\n## Session 2. جلسة أخرى\n", "the sessions: the meeting has 1 sessions, the translation 2"},
		{"another session number", "## Session 1.", "## Session 2.", "1st session"},
		{"an objective more", "- تبادل التجارب الوطنية.", "- تبادل التجارب الوطنية.\n- آخر.", "session 1: the meeting has 1 objective items, the translation 2"},
		{"a part less", "#### المناقشة العامة\n\n-\n", "", "session 1: the meeting's session has 2 parts"},
		{"another label", "- (ii) الاتفاق", "- (iii) الاتفاق", "objective 2"},
		{"a footnote more", "[^1]: تُحال", "[^2]: ملاحظة.\n\n[^1]: تُحال", "the footnotes"},
	} {
		t.Run(c.name, func(t *testing.T) {
			src := strings.Replace(agendaAR, c.from, c.to, 1)
			if src == agendaAR {
				t.Fatal("the case changes nothing")
			}
			_, err := w.svc.ImportAgenda(w.ctx, sec, mid, "ar", parse(t, src), texts.ImportOptions{})
			if domain.ErrorCode(err) != domain.EINVALID || !strings.Contains(err.Error(), c.where) {
				t.Fatalf("got %v, want invalid naming %q", err, c.where)
			}
		})
	}
	tx, err := w.svc.MeetingTexts(w.ctx, sec, mid)
	if err != nil {
		t.Fatal(err)
	}
	if tx.Missing["ar"] != len(tx.Entries) {
		t.Errorf("a refused import saved %d texts", len(tx.Entries)-tx.Missing["ar"])
	}
}

// The lookup pages use: a translation where there is one, the original
// language otherwise, one meeting's texts in one read.
func TestLookup(t *testing.T) {
	w := newWorld(t)
	sec := w.actors["secretariat"]
	mid := w.meeting.Meeting.ID
	if _, err := w.svc.ImportAgenda(w.ctx, sec, mid, "ar", parse(t, agendaAR), texts.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	l := w.svc.Lookup(w.ctx, "ar")
	part := w.meeting.Sessions[0].Parts[0]
	tr, orig := l.Find(domain.TextPart, part.ID, "", "title")
	if tr == nil || tr.Text != "مجموعات العمل" || orig != "en" {
		t.Errorf("part: %+v %s", tr, orig)
	}
	tr, orig = l.Find(domain.TextGroup, w.group.ID, mid, "name")
	if tr != nil || orig != "en" {
		t.Errorf("untranslated group: %+v %s", tr, orig)
	}
	tr, orig = w.svc.Lookup(w.ctx, "en").Find(domain.TextSession, w.meeting.Sessions[0].ID, mid, "title")
	if tr != nil || orig != "en" {
		t.Errorf("the original's language: %+v %s", tr, orig)
	}
	// Changing the meeting's language to Arabic drops the Arabic
	// translations: the original is now that text.
	if err := w.svc.SetMeetingLanguage(w.ctx, sec, mid, "ar"); err != nil {
		t.Fatal(err)
	}
	tx, _ := w.svc.MeetingTexts(w.ctx, sec, mid)
	if tx.Lang != "ar" || tx.Missing["en"] != len(tx.Entries) {
		t.Errorf("after the change: lang %s, missing %v", tx.Lang, tx.Missing)
	}
	if err := w.svc.SetMeetingLanguage(w.ctx, sec, mid, "xx"); domain.ErrorCode(err) != domain.EINVALID {
		t.Errorf("unknown language: %v", err)
	}
}

// A deleted meeting takes its translations along.
func TestDeleteMeetingDropsTexts(t *testing.T) {
	w := newWorld(t)
	mid := w.meeting.Meeting.ID
	if _, err := w.svc.ImportAgenda(w.ctx, w.actors["secretariat"], mid, "ar", parse(t, agendaAR), texts.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := w.db.DeleteMeeting(w.ctx, mid); err != nil {
		t.Fatal(err)
	}
	trs, err := w.db.MeetingTexts(w.ctx, mid, "")
	if err != nil || len(trs) != 0 {
		t.Errorf("left %d translations, %v", len(trs), err)
	}
}

func TestBodyAndProcessTexts(t *testing.T) {
	w := newWorld(t)
	sec := w.actors["secretariat"]
	bt, err := w.svc.BodyTexts(w.ctx, sec)
	if err != nil || len(bt.Entries) != 1 {
		t.Fatalf("bodies: %v %v", bt, err)
	}
	key := bt.Entries[0].TextKey
	if _, err := w.svc.SaveBodyTexts(w.ctx, sec, []texts.Edit{{TextKey: key, Lang: "fr", Text: "Conférence régionale sur les migrations"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := w.svc.SaveBodyTexts(w.ctx, w.actors["delegate"], []texts.Edit{{TextKey: key, Lang: "es", Text: "x"}}); domain.ErrorCode(err) != domain.EFORBIDDEN {
		t.Errorf("delegate: %v", err)
	}
	tr, orig := w.svc.Lookup(w.ctx, "fr").Find(domain.TextBody, key.ID, "", "name")
	if tr == nil || tr.Text != "Conférence régionale sur les migrations" || orig != "en" {
		t.Errorf("body lookup %+v %s", tr, orig)
	}
	pid := w.meeting.Meeting.ProcessID
	pt, err := w.svc.ProcessTexts(w.ctx, sec, pid)
	if err != nil || len(pt.Entries) != 1 {
		t.Fatalf("process: %+v %v", pt, err)
	}
	if _, err := w.svc.SaveProcessTexts(w.ctx, w.actors["other secretariat"], pid, nil); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Errorf("other secretariat: %v", err)
	}
	if _, err := w.svc.SaveProcessTexts(w.ctx, sec, pid, []texts.Edit{{TextKey: pt.Entries[0].TextKey, Lang: "ru", Text: "Процесс A"}}); err != nil {
		t.Fatal(err)
	}
	tr, _ = w.svc.Lookup(w.ctx, "ru").Find(domain.TextProcess, pid, "", "name")
	if tr == nil || tr.Text != "Процесс A" {
		t.Errorf("process lookup %+v", tr)
	}
}

func TestFieldName(t *testing.T) {
	k := domain.TextKey{Kind: domain.TextItem, ID: "01HX", Field: "text"}
	got, lang, ok := texts.ParseFieldName(texts.FieldName(k, "ar"))
	if !ok || got != k || lang != "ar" {
		t.Errorf("round trip: %+v %s %v", got, lang, ok)
	}
	for _, bad := range []string{"", "t.", "t.item.01HX.text", "t.thing.01HX.text.ar", "t.item.01HX.text.de", "x.item.01HX.text.ar"} {
		if _, _, ok := texts.ParseFieldName(bad); ok {
			t.Errorf("%q parsed", bad)
		}
	}
}

func FuzzParseFieldName(f *testing.F) {
	for _, s := range []string{"t.item.01HX.text.ar", "t.meeting.M.title.fr", "t..", "t.a.b.c.d.e"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		k, lang, ok := texts.ParseFieldName(s)
		if ok && texts.FieldName(k, lang) != s {
			t.Errorf("%q parses to %+v %s which names %q", s, k, lang, texts.FieldName(k, lang))
		}
	})
}

// TestBodyStatusCountsAgainstEachOriginal: a body named in French counts
// against French, its own original: it needs an English name, not a
// French one; the English-named bodies need no English one.
func TestBodyStatusCountsAgainstEachOriginal(t *testing.T) {
	w := newWorld(t)
	sec := w.actors["secretariat"]
	fr := &domain.Body{Name: "Processus de Rabat", Kind: domain.BodyRCP, Region: "Africa"}
	if err := w.db.CreateBody(w.ctx, fr); err != nil {
		t.Fatal(err)
	}
	if err := w.db.SetOriginalLang(domain.NewContextWithActor(w.ctx, sec), domain.TextBody, fr.ID, "fr"); err != nil {
		t.Fatal(err)
	}
	bt, err := w.svc.BodyTexts(w.ctx, sec)
	if err != nil || len(bt.Entries) != 2 {
		t.Fatalf("bodies: %+v %v", bt, err)
	}
	// English (for the French body) and French (for the English one) are
	// needed once each; the other four languages twice.
	if got := bt.Others(); strings.Join(got, " ") != "en fr es ar zh ru" {
		t.Fatalf("languages: %v", got)
	}
	want := map[string]int{"en": 1, "fr": 1, "es": 2, "ar": 2, "zh": 2, "ru": 2}
	for l, n := range want {
		if bt.Needed[l] != n || bt.Missing[l] != n || bt.Complete[l] {
			t.Errorf("%s: needed %d, missing %d, complete %v; want %d", l, bt.Needed[l], bt.Missing[l], bt.Complete[l], n)
		}
	}
	var frKey domain.TextKey
	for _, e := range bt.Entries {
		if e.ID == fr.ID {
			frKey = e.TextKey
			if e.OriginalLang(bt.Lang) != "fr" {
				t.Errorf("the French body's original: %q", e.OriginalLang(bt.Lang))
			}
		}
	}
	if _, err := w.svc.SaveBodyTexts(w.ctx, sec, []texts.Edit{{TextKey: frKey, Lang: "en", Text: "Rabat Process"}}); err != nil {
		t.Fatal(err)
	}
	if bt, err = w.svc.BodyTexts(w.ctx, sec); err != nil {
		t.Fatal(err)
	}
	if bt.Missing["en"] != 0 || !bt.Complete["en"] || bt.Missing["fr"] != 1 {
		t.Errorf("after the English name: missing en %d (complete %v), fr %d", bt.Missing["en"], bt.Complete["en"], bt.Missing["fr"])
	}
}
