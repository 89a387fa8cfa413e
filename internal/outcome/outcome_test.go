package outcome_test

import (
	"database/sql"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/outcome"
	"github.com/plenary-org/plenary/internal/store/storetest"
)

func sectionKeys(t domain.OutcomeText) []string {
	var keys []string
	for _, s := range t.Sections {
		k, _, _ := strings.Cut(s.Key, ":")
		if !slices.Contains(keys, k) {
			keys = append(keys, k)
		}
	}
	return keys
}

func TestDraftFromTheMeeting(t *testing.T) {
	w := newWorld(t, false)
	v := w.draft(t)
	if v.Number != 1 || v.Hash != v.Text.Hash() || v.Note != "draft" {
		t.Fatalf("version %d hash %q note %q", v.Number, v.Hash, v.Note)
	}
	text := v.Text
	if text.Language != "en" || !strings.Contains(text.Title, "GRCP 7") || !strings.Contains(text.Subtitle, "Geneva") || !strings.Contains(text.Subtitle, "2017-10-10") {
		t.Fatalf("title %q subtitle %q", text.Title, text.Subtitle)
	}
	want := []string{"participants", "session", "group", "repeated", "endorsed", "overall", "annex", "partners"}
	if got := sectionKeys(text); !slices.Equal(got, want) {
		t.Fatalf("sections %v, want %v", got, want)
	}
	js, _ := json.Marshal(text)
	all := string(js)
	for _, s := range []string{"Agree on five recommendations for the GCM.", // the session's objective
		"Open regular pathways for labour migration.",                  // the confirmed overall recommendation
		"Budapest Process", "International Organization for Migration", // participating bodies
		"in 2 of 2 groups", // a theme repeated across groups
		"Share reliable migration data"} {
		if !strings.Contains(all, s) {
			t.Errorf("the draft lacks %q", s)
		}
	}
	for _, name := range personNames {
		if strings.Contains(all, name) {
			t.Errorf("the draft names %s", name)
		}
	}
	for _, s := range text.Sections {
		if !s.Generated || s.Frozen {
			t.Errorf("section %s generated %v frozen %v", s.Key, s.Generated, s.Frozen)
		}
	}
	// A second draft is refused: the document exists.
	if _, err := w.svc.Draft(w.ctx, w.actors["secretariat"], outcome.DraftInput{MeetingID: w.meeting.ID}); code(err) != domain.ECONFLICT {
		t.Fatalf("second draft: %v", err)
	}
	// Block IDs are derived from their sources: the same draft made again
	// keeps them.
	w2, err := w.svc.Regenerate(w.ctx, w.actors["secretariat"], outcome.SectionInput{MeetingID: w.meeting.ID, Key: "repeated", Version: 1})
	if err != nil {
		t.Fatal(err)
	}
	if d := outcome.Diff(v.Text, w2.Text); !d.Empty() {
		t.Fatalf("regenerating an unchanged section changed %+v", d)
	}
}

// TestNonAttributionDraft: under non-attribution the draft names no
// person anywhere, and no body outside the list of participating bodies
// (which says who took part, never who said what).
func TestNonAttributionDraft(t *testing.T) {
	w := newWorld(t, true)
	v := w.draft(t)
	for _, s := range v.Text.Sections {
		js, _ := json.Marshal(s)
		for _, name := range personNames {
			if strings.Contains(string(js), name) {
				t.Errorf("section %s names %s", s.Key, name)
			}
		}
		if s.Key == "participants" {
			continue
		}
		for _, b := range append(slices.Clone(bodyNames), "Budapest", "ECOWAS", "IOM") {
			if strings.Contains(string(js), b) {
				t.Errorf("section %s names the body %s", s.Key, b)
			}
		}
	}
}

func TestEditsMakeVersionsAndConflict(t *testing.T) {
	w := newWorld(t, false)
	v1 := w.draft(t)
	sec := w.actors["secretariat"]
	text := v1.Text
	text.Sections = append(text.Sections, domain.OutcomeSection{Heading: "Chair's summary", Blocks: []domain.OutcomeBlock{{Kind: domain.BlockParagraph, Text: "The meeting thanked the host."}}})
	v2, err := w.svc.Edit(w.ctx, sec, outcome.EditInput{MeetingID: w.meeting.ID, Version: 1, Text: text})
	if err != nil {
		t.Fatal(err)
	}
	if v2.Number != 2 {
		t.Fatalf("version %d", v2.Number)
	}
	added := v2.Text.Sections[len(v2.Text.Sections)-1]
	if !strings.HasPrefix(added.Key, "custom:") || added.Generated || added.Blocks[0].ID == "" {
		t.Fatalf("added section %+v", added)
	}
	// A second editor who read version 1 conflicts; nothing is lost.
	_, err = w.svc.Edit(w.ctx, sec, outcome.EditInput{MeetingID: w.meeting.ID, Version: 1, Text: v1.Text})
	if code(err) != domain.ECONFLICT {
		t.Fatalf("stale edit: %v", err)
	}
	if got := w.latest(t); got.Version.Number != 2 {
		t.Fatalf("latest %d", got.Version.Number)
	}
	// A bad text is refused with the place of the problem.
	bad := v2.Text
	bad.Title = ""
	if _, err := w.svc.Edit(w.ctx, sec, outcome.EditInput{MeetingID: w.meeting.ID, Version: 2, Text: bad}); code(err) != domain.EINVALID {
		t.Fatalf("bad text: %v", err)
	}
	// Freezing a section stops its regeneration; the edit keeps it frozen.
	v3, err := w.svc.Freeze(w.ctx, sec, outcome.SectionInput{MeetingID: w.meeting.ID, Key: "repeated", Version: 2})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.svc.Regenerate(w.ctx, sec, outcome.SectionInput{MeetingID: w.meeting.ID, Key: "repeated", Version: v3.Number}); code(err) != domain.ECONFLICT {
		t.Fatalf("regenerate frozen: %v", err)
	}
	unfreeze := cloneJSON(t, v3.Text)
	for i := range unfreeze.Sections {
		unfreeze.Sections[i].Frozen = false
	}
	v4, err := w.svc.Edit(w.ctx, sec, outcome.EditInput{MeetingID: w.meeting.ID, Version: v3.Number, Text: unfreeze})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range v4.Text.Sections {
		if s.Key == "repeated" && !s.Frozen {
			t.Fatal("an edit unfroze a section")
		}
	}
	if _, err := w.svc.Regenerate(w.ctx, sec, outcome.SectionInput{MeetingID: w.meeting.ID, Key: added.Key, Version: v4.Number}); code(err) != domain.EINVALID {
		t.Fatalf("regenerate a custom section: %v", err)
	}
}

func cloneJSON(t testing.TB, x domain.OutcomeText) domain.OutcomeText {
	js, err := json.Marshal(x)
	if err != nil {
		t.Fatal(err)
	}
	var out domain.OutcomeText
	if err := json.Unmarshal(js, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestAdoptionFreezesAndDetectsTampering: an adopted version takes no
// change (the use cases refuse, and the store's triggers refuse even a
// change made in SQL); a text changed behind plenary's back (triggers set
// aside) is reported when read.
func TestAdoptionFreezesAndDetectsTampering(t *testing.T) {
	url := storetest.MigratedURL(t)
	w := newWorldAt(t, url)
	v := w.draft(t)
	if _, err := w.svc.Adopt(w.ctx, w.actors["secretariat"], outcome.AdoptInput{MeetingID: w.meeting.ID, Version: 1}); code(err) != domain.EFORBIDDEN {
		t.Fatalf("secretariat adopts: %v", err)
	}
	d, err := w.svc.Adopt(w.ctx, w.actors["chair"], outcome.AdoptInput{MeetingID: w.meeting.ID, Version: 1})
	if err != nil {
		t.Fatal(err)
	}
	if d.Status != domain.OutcomeAdopted || d.AdoptedVersion != 1 || d.AdoptedHash != v.Text.Hash() {
		t.Fatalf("adopted %+v", d)
	}
	if _, err := w.svc.Edit(w.ctx, w.actors["secretariat"], outcome.EditInput{MeetingID: w.meeting.ID, Version: 1, Text: v.Text}); code(err) != domain.ECONFLICT {
		t.Fatalf("edit adopted: %v", err)
	}
	got, err := w.svc.Text(w.ctx, w.actors["observer"], outcome.TextInput{MeetingID: w.meeting.ID})
	if err != nil {
		t.Fatal(err)
	}
	if !got.Adopted || got.Tampered || got.Hash != d.AdoptedHash {
		t.Fatalf("read adopted: adopted %v tampered %v", got.Adopted, got.Tampered)
	}

	raw := openRaw(t, url)
	js, _ := json.Marshal(v.Text)
	forged := strings.Replace(string(js), "Open regular pathways", "Close regular pathways", 1)
	id := w.meeting.ID
	for _, c := range []struct {
		q    string
		args []any
	}{
		{`UPDATE outcome_versions SET text = ` + param(0) + ` WHERE meeting_id = ` + param(1), []any{forged, id}},
		{`DELETE FROM outcome_versions WHERE meeting_id = ` + param(0), []any{id}},
		{`INSERT INTO outcome_versions (meeting_id, number, text, hash, created_at) VALUES (` + param(0) + `, 2, ` + param(1) + `, '', 0)`, []any{id, forged}},
		{`UPDATE outcome_documents SET adopted_hash = ` + param(0) + ` WHERE meeting_id = ` + param(1), []any{"0", id}},
		{`UPDATE outcome_documents SET latest = 2 WHERE meeting_id = ` + param(0), []any{id}},
		{`INSERT INTO outcome_amendments (id, meeting_id, number, round, based_on, block_id, op, lang, justification, body_id, status, created_at, updated_at)
			VALUES ('x', ` + param(0) + `, 1, 1, 1, 'b', 'delete', 'en', 'j', 'b', 'proposed', 0, 0)`, []any{id}},
	} {
		if _, err := raw.Exec(c.q, c.args...); err == nil {
			t.Errorf("the store let %q through", c.q)
		}
	}
	// Past the triggers (as someone with the database's keys could), the
	// change is detected.
	setAside(t, raw)
	if _, err := raw.Exec(`UPDATE outcome_versions SET text = `+param(0)+` WHERE meeting_id = `+param(1), forged, w.meeting.ID); err != nil {
		t.Fatal(err)
	}
	got, err = w.svc.Text(w.ctx, w.actors["observer"], outcome.TextInput{MeetingID: w.meeting.ID})
	if err != nil {
		t.Fatal(err)
	}
	if !got.Tampered {
		t.Fatal("a changed adopted text was not reported")
	}
}

// param is the engine's placeholder for the i-th parameter.
func param(i int) string {
	if storetest.Engine() == "postgres" {
		return "$" + string(rune('1'+i))
	}
	return "?"
}

// openRaw opens the database at url without plenary's store.
func openRaw(t testing.TB, url string) *sql.DB {
	t.Helper()
	driver, dsn := "sqlite", url
	if storetest.Engine() == "postgres" {
		driver = "pgx"
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// setAside removes the outcome tables' triggers.
func setAside(t testing.TB, raw *sql.DB) {
	t.Helper()
	qs := []string{`DROP TRIGGER outcome_versions_no_update`}
	if storetest.Engine() == "postgres" {
		qs = []string{`ALTER TABLE outcome_versions DISABLE TRIGGER USER`}
	}
	for _, q := range qs {
		if _, err := raw.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
}
