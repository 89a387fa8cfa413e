package store_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"io"
	"strings"
	"testing"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/store"
	"github.com/plenary-org/plenary/internal/store/storetest"
)

// TestMigrationStampsWhatMeetingsUnderTheRuleHold: the records of a
// meeting held under the non-attribution rule when the database is
// upgraded are stamped unattributed and lose what the rule hid (a
// statement's author and body, an endorsement's person, the author-actor
// and the body of their audit events); those of other meetings are left
// as they were.
func TestMigrationStampsWhatMeetingsUnderTheRuleHold(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, err := store.Open(ctx, storetest.URL(t), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.MigrateToForTest(ctx, 14); err != nil {
		t.Fatal(err)
	}
	exec := func(q string, args ...any) {
		t.Helper()
		if err := db.ExecForTest(ctx, q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	exec(`INSERT INTO users (id, email, email_key, name, created_at, updated_at) VALUES ('author', 'a@example.org', 'a@example.org', 'Ana Author', 1, 1)`)
	exec(`INSERT INTO users (id, email, email_key, name, created_at, updated_at) VALUES ('sec', 's@example.org', 's@example.org', 'Sam Secretariat', 1, 1)`)
	exec(`INSERT INTO bodies (id, name, kind, region, created_at, updated_at) VALUES ('body', 'Secret Body', 'rcp', 'Europe', 1, 1)`)
	exec(`INSERT INTO processes (id, name, created_at, updated_at) VALUES ('p', 'P', 1, 1)`)
	for i, m := range []struct {
		id   string
		rule bool
	}{{"closed", true}, {"open", false}} {
		n := int64(i + 1)
		exec(`INSERT INTO meetings (id, process_id, title, non_attribution, created_at, updated_at) VALUES (?, 'p', 'M', ?, 1, 1)`, m.id, m.rule)
		exec(`INSERT INTO contributions (id, seq, meeting_id, kind, practice_type, status, title, text, body_id, author_id, lang, created_at, updated_at)
			VALUES (?, ?, ?, 'good_practice', 'policy', 'published', 'T', 'Text', 'body', 'author', 'en', 1, 1)`, m.id+"-c", n, m.id)
		exec(`INSERT INTO statements (id, seq, meeting_id, kind, text, lang, author_id, body_id, by_partner, created_at, updated_at)
			VALUES (?, ?, ?, 'recommendation', 'S', 'en', 'author', 'body', TRUE, 1, 1)`, m.id+"-s", n, m.id)
		exec(`INSERT INTO endorsements (id, meeting_id, contribution_id, body_id, user_id, region, created_at, updated_at)
			VALUES (?, ?, ?, 'body', 'author', 'Asia', 1, 1)`, m.id+"-e", m.id, m.id+"-c")
		for _, e := range []struct{ actor, name, action, typ, obj string }{
			{"author", "Ana Author", "create", "contribution", m.id + "-c"},
			{"sec", "Sam Secretariat", "publish", "contribution", m.id + "-c"},
			{"author", "Ana Author", "create", "statement", m.id + "-s"},
			{"sec", "Sam Secretariat", "merge", "statement", m.id + "-s"},
			{"author", "Ana Author", "create", "endorsement", m.id + "-e"},
		} {
			exec(`INSERT INTO audit_events (at, actor_id, actor_name, action, object_type, object_id, meeting_id, before_json, after_json)
				VALUES (1, ?, ?, ?, ?, ?, ?, '', ?)`, e.actor, e.name, e.action, e.typ, e.obj, m.id, `{"Title":"T","AuthorID":"author","BodyID":"body","ByPartner":true}`)
		}
	}
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}

	for _, m := range []string{"closed", "open"} {
		under := m == "closed"
		c, err := db.Contribution(ctx, m+"-c")
		if err != nil {
			t.Fatal(err)
		}
		if c.Unattributed != under || c.AuthorID != "author" || c.BodyID != "body" {
			t.Errorf("%s: contribution %+v", m, c)
		}
		s, err := db.Statement(ctx, m+"-s")
		if err != nil {
			t.Fatal(err)
		}
		if s.Unattributed != under || (s.AuthorID == "") != under || (s.BodyID == "") != under || !s.ByPartner {
			t.Errorf("%s: statement %+v", m, s)
		}
		es, err := db.ContributionEndorsements(ctx, m+"-c")
		if err != nil || len(es) != 1 {
			t.Fatalf("%s: endorsements %v, %v", m, es, err)
		}
		if es[0].Unattributed != under || (es[0].UserID == "") != under || es[0].BodyID != "body" {
			t.Errorf("%s: endorsement %+v", m, es[0])
		}
		evs, err := db.AuditEvents(ctx, store.AuditFilter{MeetingID: m, Limit: 50})
		if err != nil || len(evs) != 5 {
			t.Fatalf("%s: events %v, %v", m, evs, err)
		}
		for _, e := range evs {
			named := e.ActorName != ""
			wantNamed := !under || e.ActorID == "sec"
			if e.Unattributed != under || named != wantNamed || e.Concealed() == wantNamed ||
				strings.Contains(e.After, "body") == under || !strings.Contains(e.After, `"Title"`) {
				t.Errorf("%s: %s %s event %+v", m, e.Action, e.ObjectType, e)
			}
		}
	}
	// Search counts and filters by body only what was not written under
	// the rule.
	res, err := db.Search(ctx, store.Visibility{All: true}, store.SearchQuery{BodyIDs: []string{"body"}, Facets: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != 1 || res.Items[0].ID != "open-c" {
		t.Errorf("filtered by body: %d %+v", res.Total, res.Items)
	}
}

// TestNothingWrittenUnderTheRuleIsNamedInADump: what is written under the
// non-attribution rule is kept without what no feature needs, so a dump
// made after the rule is switched off does not name who wrote a statement
// or made an endorsement, nor the author of an audit event of theirs.
func TestNothingWrittenUnderTheRuleIsNamedInADump(t *testing.T) {
	t.Parallel()
	w := newEndorseWorld(t)
	ctx := w.ctx
	setRule := func(on bool) {
		t.Helper()
		m, err := w.db.Meeting(ctx, w.meeting)
		if err != nil {
			t.Fatal(err)
		}
		m.NonAttribution = on
		if err := w.db.UpdateMeeting(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	setRule(true)
	delegate := w.delegates["Budapest"]
	dctx := domain.NewContextWithActor(ctx, delegate)
	st := &domain.Statement{MeetingID: w.meeting, Kind: domain.KindRecommendation, Text: "Under the rule.", Lang: "en", AuthorID: delegate.User.ID, BodyID: w.bodies["Budapest"].ID}
	if err := w.db.CreateStatement(dctx, st); err != nil {
		t.Fatal(err)
	}
	if _, err := w.put(delegate, "wa", "Budapest", "", "EU funding.", 0); err != nil {
		t.Fatal(err)
	}
	setRule(false)
	var buf bytes.Buffer
	if _, err := w.db.Dump(ctx, &buf); err != nil {
		t.Fatal(err)
	}
	zr, err := gzip.NewReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	archive, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	for _, line := range bytes.Split(archive, []byte("\n")) {
		var row struct {
			T string         `json:"t"`
			R map[string]any `json:"r"`
		}
		if json.Unmarshal(line, &row) != nil || row.R == nil {
			continue
		}
		b, _ := json.Marshal(row.R)
		switch {
		case row.T == "statements" && row.R["id"] == st.ID,
			row.T == "endorsements" && row.R["contribution_id"] == w.c["wa"].ID,
			row.T == "audit_events" && (row.R["object_id"] == st.ID || row.R["object_type"] == "endorsement"):
			seen[row.T]++
			for _, leak := range []string{delegate.User.ID, delegate.User.Name, w.bodies["Budapest"].ID} {
				if strings.Contains(string(b), leak) && !(row.T == "endorsements" && leak == w.bodies["Budapest"].ID) {
					t.Errorf("the dump names %q in %s: %s", leak, row.T, b)
				}
			}
		}
	}
	if seen["statements"] != 1 || seen["endorsements"] != 1 || seen["audit_events"] != 2 {
		t.Errorf("rows found in the dump: %v", seen)
	}
}
