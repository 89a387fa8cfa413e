package store_test

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/plenary-org/plenary/internal/auth"
	"github.com/plenary-org/plenary/internal/demo"
	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/store"
	"github.com/plenary-org/plenary/internal/store/storetest"
)

// openSQLite returns a migrated SQLite database in the test's directory,
// whatever engine the other tests use.
func openSQLite(t testing.TB, name string) *store.DB {
	t.Helper()
	return openURL(t, filepath.Join(t.TempDir(), name))
}

// openPostgres returns a migrated PostgreSQL database of its own, or
// skips the test when PLENARY_TEST_DATABASE_URL is not set.
func openPostgres(t testing.TB) *store.DB {
	t.Helper()
	if os.Getenv(storetest.EnvURL) == "" {
		t.Skipf("PostgreSQL half skipped: set %s (e.g. postgres://postgres@127.0.0.1:5432/test?sslmode=disable) to run it", storetest.EnvURL)
	}
	return openURL(t, storetest.MigratedURL(t))
}

func openURL(t testing.TB, url string) *store.DB {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, url, store.Options{})
	if err != nil {
		t.Fatalf("open %s: %v", url, err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	return db
}

// fill loads the demo and makes a few edits, so that every table the
// product writes has rows, with NULLs, true and false booleans, a deleted
// object and an audit trail.
func fill(t testing.TB, db *store.DB) {
	t.Helper()
	ctx := context.Background()
	res, err := demo.Load(ctx, db, auth.Params{Memory: 1024, Time: 1, Threads: 1})
	if err != nil {
		t.Fatalf("demo: %v", err)
	}
	admin, _, err := db.UserByEmail(ctx, "admin@demo.plenary.local")
	if err != nil {
		t.Fatal(err)
	}
	actx := actorCtx(admin)
	m, err := db.Meeting(ctx, res.MeetingID)
	if err != nil {
		t.Fatal(err)
	}
	m.NonAttribution = true
	m.Venue = "Palais des Nations, Genève — salle XVII"
	if err := db.UpdateMeeting(actx, m); err != nil {
		t.Fatal(err)
	}
	g := &domain.Group{MeetingID: m.ID, Name: "Ad hoc drafting group", Region: "Global"}
	if err := db.CreateGroup(actx, g); err != nil {
		t.Fatal(err)
	}
	gone := &domain.Group{MeetingID: m.ID, Name: "Short-lived group"}
	if err := db.CreateGroup(actx, gone); err != nil {
		t.Fatal(err)
	}
	if err := db.DeleteGroup(actx, gone.ID); err != nil {
		t.Fatal(err)
	}
	in := &domain.Invitation{Email: "new.delegate@example.org", ProcessID: m.ProcessID, MeetingID: m.ID, Role: domain.RoleObserver, CreatedBy: admin.ID}
	if err := db.CreateInvitation(actx, in, "invitation-token-hash", 7*24*time.Hour); err != nil {
		t.Fatal(err)
	}
	if err := db.CreateWebSession(ctx, "session-token-hash", admin.ID, time.Hour); err != nil {
		t.Fatal(err)
	}
	if _, err := db.CreateAPIToken(ctx, admin.ID, "reporting", "api-token-hash", 24*time.Hour); err != nil {
		t.Fatal(err)
	}
	if err := db.SetCalendarTimeZone(actx, admin.ID, "Asia/Bangkok"); err != nil {
		t.Fatal(err)
	}
	if err := db.SetCalendarFeed(actx, admin.ID, "calendar-feed-hash"); err != nil {
		t.Fatal(err)
	}
	if err := db.LinkIdentity(actx, admin.ID, &store.Identity{Provider: "entra", Issuer: "https://login.example.org/tenant/v2.0", Subject: "a1b2c3", Email: "admin@demo.plenary.local"}); err != nil {
		t.Fatal(err)
	}
	if err := db.CreateSSOAttempt(ctx, "sso-state-hash", store.SSOAttempt{Provider: "entra", Nonce: "n", Verifier: "v", Next: "/account"}, time.Hour); err != nil {
		t.Fatal(err)
	}
	// Enough rows in one table for Restore to insert several full batches.
	keys := []string{"someone@example.org"}
	for i := range 450 {
		keys = append(keys, fmt.Sprintf("ip:192.0.2.%d/%d", i%256, i))
	}
	if err := db.UpdateLoginCounters(ctx, keys, func(cs []store.LoginCounter) ([]store.LoginCounter, error) {
		for i := range cs {
			cs[i] = store.LoginCounter{Attempts: i + 1, First: time.UnixMilli(1700000000000), Last: time.UnixMilli(1700000000000 + int64(i))}
		}
		return cs, nil
	}); err != nil {
		t.Fatal(err)
	}
	if err := db.SetFootnote(actx, m.ID, domain.Footnote{Number: 99, Text: "Ajouté « après » coup; 日本語 too."}); err != nil {
		t.Fatal(err)
	}
	fillContributions(t, db, actx, m)
	fillMerges(t, db, actx, m)
	fillRanking(t, db, actx, m)
	fillThemeEdits(t, db, actx, m)
	fillOverall(t, db, actx, m, admin.ID)
	fillEndorsements(t, db, actx, m)
	bodies, _, err := db.Bodies(ctx, store.BodyFilter{})
	if err != nil || len(bodies) == 0 {
		t.Fatalf("bodies: %v", err)
	}
	fillOutcome(t, db, actx, m, admin.ID, bodies[0].ID)
	fillPartnerships(t, db, actx, m, bodies)
	fillFollowUp(t, db, ctx, m, bodies[0].ID)
	fillReviewReports(t, db, ctx, m)
	fillMail(t, db, ctx, admin.ID)
}

// fillContributions adds a contribution with every list filled, a
// translation, a second version and an attachment.
func fillContributions(t testing.TB, db *store.DB, ctx context.Context, m *domain.Meeting) {
	t.Helper()
	fs, err := db.Frameworks(ctx)
	if err != nil {
		t.Fatal(err)
	}
	gcm, err := db.Framework(ctx, fs[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	bodies, _, err := db.Bodies(ctx, store.BodyFilter{})
	if err != nil || len(bodies) == 0 {
		t.Fatalf("bodies: %v", err)
	}
	c := &domain.Contribution{MeetingID: m.ID, Kind: domain.KindGoodPractice, Practice: domain.PracticeFund,
		Title: "Fonds régional pour la réintégration", Text: "Un fonds commun finance la réintégration des migrants de retour.",
		BodyID: bodies[0].ID, Regions: []string{"Afrique de l'Ouest"}, Countries: []string{"SN", "ML"}, Tags: []string{gcm.Items[20].ID},
		Links: []string{"https://example.org/fonds"}, Status: domain.StatusPublished, Demo: true,
		Translations: []domain.Translation{{Lang: "en", Title: "Regional reintegration fund", Text: "A common fund pays for the reintegration of returning migrants."}}}
	if err := db.CreateContribution(ctx, c); err != nil {
		t.Fatal(err)
	}
	if _, err := db.TransitionContribution(ctx, c.ID, 1, domain.TransReturn, "Merci d'ajouter les résultats."); err != nil {
		t.Fatal(err)
	}
	groups, err := db.Groups(ctx, m.ID)
	if err != nil || len(groups) == 0 {
		t.Fatalf("groups: %v", err)
	}
	st := &domain.Statement{MeetingID: m.ID, GroupID: groups[0].ID, Kind: domain.KindRecommendation, Lang: "fr", Text: "Réduire les coûts des transferts de fonds.", SourceID: c.ID}
	dup := &domain.Statement{MeetingID: m.ID, GroupID: groups[0].ID, Kind: domain.KindRecommendation, Lang: "en", Text: "Cut remittance costs.", BodyID: bodies[0].ID}
	for _, x := range []*domain.Statement{st, dup} {
		if err := db.CreateStatement(ctx, x); err != nil {
			t.Fatal(err)
		}
	}
	admin := domain.ActorFromContext(ctx).User
	w := db.NewVoteWriter(store.VoteWriterOptions{})
	for _, v := range []domain.Vote{{StatementID: st.ID, UserID: admin.ID, Value: domain.Agree}, {StatementID: dup.ID, UserID: admin.ID, Value: domain.Pass}} {
		if err := w.Vote(ctx, v); err != nil {
			t.Fatal(err)
		}
	}
	w.Close()
	if _, err := db.AddAttachment(ctx, c.ID, "fonds.pdf", []byte("%PDF-1.7\n\x00\xff binary\n%%EOF")); err != nil {
		t.Fatal(err)
	}
}

func dump(t testing.TB, db *store.DB) []byte {
	t.Helper()
	var buf bytes.Buffer
	if _, err := db.Dump(context.Background(), &buf); err != nil {
		t.Fatalf("dump: %v", err)
	}
	return buf.Bytes()
}

// lines returns an archive's lines, uncompressed.
func lines(t testing.TB, archive []byte) []string {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(archive))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	sc := bufio.NewScanner(zr)
	sc.Buffer(nil, 64<<20)
	for sc.Scan() {
		out = append(out, sc.Text())
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// archive compresses lines into an archive.
func archive(t testing.TB, ls []string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	for _, l := range ls {
		fmt.Fprintln(zw, l)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// sameRows fails unless two archives hold the same rows in the same order,
// line by line; only the header's engine and time may differ.
func sameRows(t testing.TB, a, b []byte) {
	t.Helper()
	la, lb := lines(t, a), lines(t, b)
	var ha, hb store.DumpHeader
	if err := json.Unmarshal([]byte(la[0]), &ha); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(lb[0]), &hb); err != nil {
		t.Fatal(err)
	}
	if ha.Format != hb.Format || ha.SchemaVersion != hb.SchemaVersion {
		t.Fatalf("headers differ: %+v and %+v", ha, hb)
	}
	for i := 1; i < min(len(la), len(lb)); i++ {
		if la[i] != lb[i] {
			t.Fatalf("line %d differs:\n%s\n%s", i+1, la[i], lb[i])
		}
	}
	if len(la) != len(lb) {
		t.Fatalf("%d and %d lines", len(la), len(lb))
	}
}

// rowCounts returns the rows per table from an archive's last line.
func rowCounts(t testing.TB, archive []byte) map[string]int64 {
	t.Helper()
	ls := lines(t, archive)
	var end struct {
		End struct{ Rows map[string]int64 } `json:"end"`
	}
	if err := json.Unmarshal([]byte(ls[len(ls)-1]), &end); err != nil {
		t.Fatal(err)
	}
	return end.End.Rows
}

func TestDumpKnowsTheSchema(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		ddl   string
		wants string // "" when the schema must pass
	}{
		{"the migrated schema", "", ""},
		{"a new column", "ALTER TABLE meetings ADD COLUMN livestream_url TEXT NOT NULL DEFAULT ''", "column meetings.livestream_url is not in the dump"},
		{"a new table", "CREATE TABLE livestreams (id TEXT PRIMARY KEY, url TEXT NOT NULL)", "table livestreams is not in the dump"},
		{"a dropped column", "ALTER TABLE bodies DROP COLUMN secretariat", "column bodies.secretariat is not in the database"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			url := storetest.MigratedURL(t)
			db := openURL(t, url)
			ctx := context.Background()
			if tt.ddl != "" {
				raw := rawDB(t, url)
				if _, err := raw.Exec(tt.ddl); err != nil {
					t.Fatal(err)
				}
			}
			err := db.CheckDumpSchema(ctx)
			if tt.wants == "" {
				if err != nil {
					t.Fatalf("CheckDumpSchema: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wants) {
				t.Fatalf("CheckDumpSchema = %v, want an error with %q", err, tt.wants)
			}
			if _, err := db.Dump(ctx, &bytes.Buffer{}); err == nil {
				t.Fatal("Dump ran on a schema it does not know")
			}
		})
	}
}

// rawDB opens the database at url without the store, to change its schema
// behind the store's back.
func rawDB(t testing.TB, url string) *sql.DB {
	t.Helper()
	driver, dsn := "sqlite", url
	if store.IsPostgresURL(url) {
		driver = "pgx"
	}
	raw, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { raw.Close() })
	return raw
}

// TestDumpRestoreSQLite dumps a filled SQLite database, restores it into a
// fresh one, dumps that and compares the two dumps row by row.
func TestDumpRestoreSQLite(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	src := openSQLite(t, "src.db")
	fill(t, src)
	first := dump(t, src)
	checkCoverage(t, first)

	dst := openSQLite(t, "dst.db")
	stats, err := dst.Restore(ctx, bytes.NewReader(first), false)
	if err != nil {
		t.Fatalf("restore: %v", err)
	}
	if stats.Header.Engine != "sqlite" || stats.Total() == 0 {
		t.Fatalf("restore stats = %+v", stats)
	}
	sameRows(t, first, dump(t, dst))
	keepsWorking(t, dst)
}

// TestDumpRestoreAcrossEngines moves a SQLite database to PostgreSQL and
// back again, comparing the dumps at each step row by row.
func TestDumpRestoreAcrossEngines(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	src := openSQLite(t, "src.db")
	fill(t, src)
	first := dump(t, src)

	pg := openPostgres(t)
	if _, err := pg.Restore(ctx, bytes.NewReader(first), false); err != nil {
		t.Fatalf("restore into PostgreSQL: %v", err)
	}
	second := dump(t, pg)
	if h := lines(t, second)[0]; !strings.Contains(h, `"engine":"postgres"`) {
		t.Fatalf("PostgreSQL dump header %s", h)
	}
	sameRows(t, first, second)

	back := openSQLite(t, "back.db")
	if _, err := back.Restore(ctx, bytes.NewReader(second), false); err != nil {
		t.Fatalf("restore into SQLite: %v", err)
	}
	sameRows(t, first, dump(t, back))
	keepsWorking(t, pg)
}

// checkCoverage fails unless every table has rows in the archive, so that
// the round trips exercise them all.
func checkCoverage(t testing.TB, archive []byte) {
	t.Helper()
	for table, n := range rowCounts(t, archive) {
		if n == 0 {
			t.Errorf("table %s is empty in the test data", table)
		}
	}
	text := strings.Join(lines(t, archive), "\n")
	for _, want := range []string{`"non_attribution":true`, `"disabled":false`, `"parent_id":null`, `"parent_id":"`, `"is_admin":true`} {
		if !strings.Contains(text, want) {
			t.Errorf("the archive has no %s", want)
		}
	}
}

// keepsWorking checks that a restored database takes new changes, the
// audit trail numbering after the restored events, and still refuses to
// rewrite history.
func keepsWorking(t testing.TB, db *store.DB) {
	t.Helper()
	ctx := context.Background()
	before, err := db.AuditEvents(ctx, store.AuditFilter{Limit: 1})
	if err != nil || len(before) != 1 {
		t.Fatalf("audit events: %v, %v", before, err)
	}
	u := &domain.User{Email: "after.restore@example.org", Name: "After Restore"}
	if err := db.CreateUser(actorCtx(u), u, ""); err != nil {
		t.Fatalf("create a user after restore: %v", err)
	}
	after, err := db.AuditEvents(ctx, store.AuditFilter{Limit: 1})
	if err != nil || len(after) != 1 || after[0].ID != before[0].ID+1 {
		t.Fatalf("newest audit event after restore = %+v (%v), want ID %d", after, err, before[0].ID+1)
	}
	if err := db.TamperAuditForTest(ctx); err == nil {
		t.Fatal("the restored audit trail can be rewritten")
	}
}

func TestRestoreNonEmptyAndReplace(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	src := openSQLite(t, "src.db")
	fill(t, src)
	archive := dump(t, src)

	dst := storetest.Open(t)
	u := &domain.User{Email: "already.here@example.org", Name: "Already Here"}
	if err := dst.CreateUser(actorCtx(u), u, ""); err != nil {
		t.Fatal(err)
	}
	before := dump(t, dst)
	_, err := dst.Restore(ctx, bytes.NewReader(archive), false)
	if !errors.Is(err, store.ErrNotEmpty) {
		t.Fatalf("restore into a non-empty database = %v, want ErrNotEmpty", err)
	}
	sameRows(t, before, dump(t, dst))

	if _, err := dst.Restore(ctx, bytes.NewReader(archive), true); err != nil {
		t.Fatalf("restore -replace: %v", err)
	}
	sameRows(t, archive, dump(t, dst))
	if _, _, err := dst.UserByEmail(ctx, u.Email); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("the replaced database still has its old user: %v", err)
	}
	keepsWorking(t, dst)
	// And once more over a full database, audit trail included.
	if _, err := dst.Restore(ctx, bytes.NewReader(archive), true); err != nil {
		t.Fatalf("second restore -replace: %v", err)
	}
	sameRows(t, archive, dump(t, dst))
}

// TestRestoreDamaged feeds damaged archives to a database holding data,
// with replace on: each is refused with a clear message and the database
// keeps its contents.
func TestRestoreDamaged(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	src := openSQLite(t, "src.db")
	fill(t, src)
	good := dump(t, src)
	ls := lines(t, good)
	version, _, err := src.SchemaVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	edit := func(i int, from, to string) []byte {
		c := append([]string(nil), ls...)
		if !strings.Contains(c[i], from) {
			t.Fatalf("line %d has no %q: %s", i+1, from, c[i])
		}
		c[i] = strings.Replace(c[i], from, to, 1)
		return archive(t, c)
	}
	// editRow changes the row on line i.
	editRow := func(i int, change func(r map[string]any)) []byte {
		var row struct {
			T string         `json:"t"`
			R map[string]any `json:"r"`
		}
		dec := json.NewDecoder(strings.NewReader(ls[i]))
		dec.UseNumber()
		if err := dec.Decode(&row); err != nil {
			t.Fatal(err)
		}
		change(row.R)
		b, err := json.Marshal(row)
		if err != nil {
			t.Fatal(err)
		}
		c := append([]string(nil), ls...)
		c[i] = string(b)
		return archive(t, c)
	}
	find := func(table string) int {
		for i, l := range ls {
			if strings.HasPrefix(l, `{"t":"`+table+`"`) {
				return i
			}
		}
		t.Fatalf("no %s row", table)
		return 0
	}
	flipped := bytes.Clone(good)
	flipped[len(flipped)/2] ^= 0xff
	last := len(ls) - 1
	users, meetings, audits := find("users"), find("meetings"), find("audit_events")
	tests := []struct {
		name string
		data []byte
		want string
	}{ // the archive-level cases, which VerifyDump refuses too, come first
		{"empty file", nil, "not a plenary dump"},
		{"not gzip", []byte("-- PostgreSQL database dump\n"), "not a plenary dump"},
		{"gzip but not a dump", archive(t, []string{`{"hello":"world"}`}), "not a plenary dump"},
		{"truncated", good[:len(good)/2], "cut short"},
		{"a byte changed", flipped, "dump"}, // the message depends on where the flip lands
		{"last line missing", archive(t, ls[:last]), "last line (the row counts) is missing"},
		{"a row missing", archive(t, append(append([]string(nil), ls[:audits]...), ls[audits+1:]...)), "table audit_events has"},
		{"unknown table", edit(users, `{"t":"users"`, `{"t":"people"`), `unknown table "people"`},
		{"boolean as number", editRow(meetings, func(r map[string]any) { r["non_attribution"] = 1 }), "meetings.non_attribution: want true or false"},
		{"integer as text", editRow(audits, func(r map[string]any) { r["id"] = "1" }), "audit_events.id: want an integer"},
		{"fraction", editRow(audits, func(r map[string]any) { r["at"] = 1.5 }), "audit_events.at: want an integer"},
		{"text as number", editRow(users, func(r map[string]any) { r["email"] = 7 }), "users.email: want text"},
		{"null where a value is needed", editRow(users, func(r map[string]any) { r["name"] = nil }), "users.name: null"},
		{"a column missing", editRow(users, func(r map[string]any) { delete(r, "locale") }), "users: 10 columns, want 11"},
		{"a column unknown", editRow(users, func(r map[string]any) { delete(r, "locale"); r["nickname"] = "" }), "users: no column locale"},
		{"line after the last", archive(t, append(append([]string(nil), ls...), ls[users])), "after the last"},
		{"tables out of order", archive(t, append(append([]string{ls[0], ls[audits]}, ls[1:audits]...), ls[audits+1:]...)), "after a table that refers to it"},
		// Only a database can tell these.
		{"newer schema", edit(0, fmt.Sprintf(`"schema_version":%d`, version), fmt.Sprintf(`"schema_version":%d`, version+1)), "newer than this plenary"},
		{"older schema", edit(0, fmt.Sprintf(`"schema_version":%d`, version), `"schema_version":0`), "then run this plenary's 'plenary migrate'"},
		// A row twice: the database refuses it, and the archive's counts
		// tell what went wrong.
		{"a duplicate row", archive(t, append(append([]string(nil), ls[:users+1]...), ls[users:]...)), "table users has"},
	}
	dst := storetest.Open(t)
	fill(t, dst)
	before := dump(t, dst)
	archiveLevel := 0
	for archiveLevel < len(tests) && tests[archiveLevel].name != "newer schema" {
		archiveLevel++
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := dst.Restore(ctx, bytes.NewReader(tt.data), true)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Restore = %v, want an error with %q", err, tt.want)
			}
			t.Log(err)
			if i < archiveLevel {
				if _, err := store.VerifyDump(bytes.NewReader(tt.data)); err == nil || !strings.Contains(err.Error(), tt.want) {
					t.Fatalf("VerifyDump = %v, want an error with %q", err, tt.want)
				}
			}
			sameRows(t, before, dump(t, dst))
		})
	}
}

// FuzzVerifyDump feeds arbitrary bytes, and damaged archives, to the
// archive reader: it must return an error or accept, never panic, and
// accept only what has a plenary-dump header.
func FuzzVerifyDump(f *testing.F) {
	src := openSQLite(f, "src.db")
	fill(f, src)
	good := dump(f, src)
	if _, err := store.VerifyDump(bytes.NewReader(good)); err != nil {
		f.Fatalf("VerifyDump refuses a good dump: %v", err)
	}
	ls := lines(f, good)
	f.Add(good)
	f.Add(good[:len(good)/3])
	f.Add(archive(f, ls[:3]))
	f.Add(archive(f, []string{ls[0], ls[1], `{"end":{"rows":{"users":1}}}`}))
	f.Add(archive(f, []string{ls[0], `{"t":"users","r":{"id":1e400}}`, `{"end":{"rows":{}}}`}))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		stats, err := store.VerifyDump(bytes.NewReader(data))
		if err == nil && stats.Header.Format != store.DumpFormat {
			t.Fatalf("accepted an archive whose header is %+v", stats.Header)
		}
	})
}

// TestDumpRefusesBrokenText: text that is not UTF-8 (which SQLite lets
// through) would be changed by JSON, so the dump stops instead.
func TestDumpRefusesBrokenText(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "broken.db")
	db := openURL(t, path)
	fill(t, db)
	dump(t, db) // fine so far
	if _, err := rawDB(t, path).Exec(`UPDATE processes SET description = CAST(X'4f6666e9' AS TEXT)`); err != nil {
		t.Fatal(err)
	}
	_, err := db.Dump(context.Background(), &bytes.Buffer{})
	if err == nil || !strings.Contains(err.Error(), "processes") || !strings.Contains(err.Error(), "not UTF-8") {
		t.Fatalf("Dump = %v, want a refusal naming the table and the problem", err)
	}
}

// TestDumpTrees: agenda items refer to their parent item; the dump writes
// parents first whatever their IDs, and stops on a cycle rather than leave
// its rows out.
func TestDumpTrees(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		sql  []string
		want string // "" when the dump must restore
	}{
		{"a child whose ID sorts first", []string{
			`INSERT INTO agenda_items (id, meeting_id, kind, text, position) VALUES ('zz-parent', ?, 'item', 'Parent', 90)`,
			`INSERT INTO agenda_items (id, meeting_id, parent_id, kind, text, position) VALUES ('00-child', ?, 'zz-parent', 'item', 'Child', 91)`,
		}, ""},
		{"a cycle", []string{
			`INSERT INTO agenda_items (id, meeting_id, kind, text, position) VALUES ('cycle-a', ?, 'item', 'A', 90)`,
			`INSERT INTO agenda_items (id, meeting_id, parent_id, kind, text, position) VALUES ('cycle-b', ?, 'cycle-a', 'item', 'B', 91)`,
			`UPDATE agenda_items SET parent_id = 'cycle-b' WHERE id = 'cycle-a' AND meeting_id = ?`,
		}, "2 of"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			path := filepath.Join(t.TempDir(), "src.db")
			src := openURL(t, path)
			fill(t, src)
			raw := rawDB(t, path)
			var meeting string
			if err := raw.QueryRow(`SELECT id FROM meetings`).Scan(&meeting); err != nil {
				t.Fatal(err)
			}
			for _, q := range tt.sql {
				if _, err := raw.Exec(q, meeting); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
			}
			var buf bytes.Buffer
			_, err := src.Dump(ctx, &buf)
			if tt.want != "" {
				if err == nil || !strings.Contains(err.Error(), tt.want) {
					t.Fatalf("Dump = %v, want an error with %q", err, tt.want)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			// One INSERT may carry both rows, so the order is checked in the
			// archive itself.
			text := strings.Join(lines(t, buf.Bytes()), "\n")
			if p, c := strings.Index(text, `"id":"zz-parent"`), strings.Index(text, `"id":"00-child"`); p < 0 || c < 0 || p > c {
				t.Fatalf("parent at %d, child at %d in the archive", p, c)
			}
			dst := openSQLite(t, "dst.db")
			if _, err := dst.Restore(ctx, bytes.NewReader(buf.Bytes()), false); err != nil {
				t.Fatalf("restore: %v", err)
			}
			sameRows(t, buf.Bytes(), dump(t, dst))
		})
	}
}

// TestRestoreCleansControlCharacters: a SQLite database written before NUL
// was refused (a failed login with a NUL in the e-mail was enough, or any
// text sent through the API) dumps
// to an archive that restores, into PostgreSQL too, with each NUL replaced
// by U+FFFD and the columns concerned counted; other control characters,
// which both engines store, are kept.
func TestRestoreCleansControlCharacters(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	src := openURL(t, path)
	p := &domain.Process{Name: "GCM", Description: "clean"}
	if err := src.CreateProcess(ctx, p); err != nil {
		t.Fatal(err)
	}
	if err := src.CreateBody(ctx, &domain.Body{Name: "Budapest Process", Kind: domain.BodyIRF}); err != nil {
		t.Fatal(err)
	}
	raw := rawDB(t, path)
	for _, q := range []string{
		`UPDATE processes SET description = 'a' || char(0) || 'b' || char(27) || 'c'`,
		`UPDATE bodies SET name = 'Budapest' || char(0) || ' Process'`,
	} {
		if _, err := raw.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	archive := dump(t, src)
	stats, err := store.VerifyDump(bytes.NewReader(archive))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int64{"processes.description": 1, "bodies.name": 1}
	if !maps.Equal(stats.Cleaned, want) {
		t.Fatalf("VerifyDump counts %v, want %v", stats.Cleaned, want)
	}
	dst := storetest.Open(t)
	stats, err = dst.Restore(ctx, bytes.NewReader(archive), false)
	if err != nil {
		t.Fatalf("restore into %s: %v", storetest.Engine(), err)
	}
	if !maps.Equal(stats.Cleaned, want) {
		t.Fatalf("Restore counts %v, want %v", stats.Cleaned, want)
	}
	got, err := dst.Process(ctx, p.ID)
	if err != nil || got.Description != "a\uFFFDb\x1bc" {
		t.Fatalf("restored description %q, %v", got.Description, err)
	}
}
