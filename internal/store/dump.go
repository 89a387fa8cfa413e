package store

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"
	"unicode/utf8"
)

// DumpFormat names plenary's engine-neutral archive in its header line.
//
// An archive is gzip-compressed JSON, one value a line: a header
//
//	{"format":"plenary-dump","schema_version":1,"engine":"sqlite","created_at":"2026-11-27T07:45:00Z"}
//
// then one line per row, tables in foreign-key order,
//
//	{"t":"users","r":{"created_at":1764230000000,"email":"ana@example.org","is_admin":false,...}}
//
// and a last line counting the rows of each table, so that a cut archive is
// noticed even when its compression was redone:
//
//	{"end":{"rows":{"users":12,...}}}
//
// Values are the same on both engines: booleans are JSON booleans, integers
// JSON numbers, text JSON strings, NULL null.
const DumpFormat = "plenary-dump"

// ErrNotEmpty is returned by [DB.Restore] when the database holds data and
// replacing it was not asked for.
var ErrNotEmpty = errors.New("store: the database is not empty")

// colKind is how a column's values are written in an archive.
type colKind int

const (
	kindText colKind = iota
	kindInt
	kindBool
	kindBlob  // bytes, base64 in the archive
	kindFloat // a double-precision number
)

func (k colKind) String() string {
	return [...]string{"text", "integer", "boolean", "bytes", "float"}[k]
}

type dumpColumn struct {
	name string
	kind colKind
	null bool
}

// dumpTable is a table as the archive knows it.
type dumpTable struct {
	name string
	cols []dumpColumn
	// order is the primary key, or what makes the row order unique.
	order []string
	// parent names a column referring to the same table: rows are dumped
	// parents first.
	parent string
	// identity is the column the database numbers itself.
	identity string
	// seeded marks a table the migrations fill (the regions and their
	// names): its rows do not make a database non-empty, and a restore
	// replaces them with the archive's.
	seeded bool
}

// cols reads "name name:int name:bool name:float name?" (text unless told,
// ? for a nullable column).
func cols(spec string) []dumpColumn {
	var out []dumpColumn
	for _, f := range strings.Fields(spec) {
		c := dumpColumn{kind: kindText}
		name, kind, _ := strings.Cut(f, ":")
		if strings.HasSuffix(name, "?") {
			name, c.null = strings.TrimSuffix(name, "?"), true
		}
		switch kind {
		case "", "text":
		case "int":
			c.kind = kindInt
		case "bool":
			c.kind = kindBool
		case "blob":
			c.kind = kindBlob
		case "float":
			c.kind = kindFloat
		default:
			panic("store: dump column kind " + kind)
		}
		c.name = name
		out = append(out, c)
	}
	return out
}

// dumpTables lists every table of the schema with its columns, in an order
// where each table comes after the tables it refers to. It is the one place
// that knows them: TestDumpKnowsTheSchema fails when a migration adds a
// table or a column that is missing here.
var dumpTables = []dumpTable{
	{name: "users", order: []string{"id"}, cols: cols("id email email_key name password_hash locale is_admin:bool disabled:bool created_at:int updated_at:int version:int")},
	{name: "web_sessions", order: []string{"token_hash"}, cols: cols("token_hash user_id created_at:int expires_at:int last_seen_at:int")},
	{name: "calendar_settings", order: []string{"user_id"}, cols: cols("user_id time_zone feed_token_hash? feed_created_at:int updated_at:int")},
	{name: "api_tokens", order: []string{"id"}, cols: cols("id user_id name token_hash created_at:int expires_at:int last_used_at:int")},
	{name: "user_identities", order: []string{"id"}, cols: cols("id user_id provider issuer subject email created_at:int last_used_at:int")},
	{name: "sso_attempts", order: []string{"state_hash"}, cols: cols("state_hash provider nonce verifier next link_user_id created_at:int expires_at:int")},
	{name: "regions", order: []string{"id"}, cols: cols("id name names parts created_at:int updated_at:int version:int"), seeded: true},
	{name: "region_names", order: []string{"name_key"}, cols: cols("name_key region_id"), seeded: true},
	{name: "partner_types", order: []string{"id"}, cols: cols("id names position:int builtin:bool created_at:int updated_at:int version:int"), seeded: true},
	{name: "bodies", order: []string{"id"}, cols: cols("id name acronym kind partner_type region region_id established:int secretariat website members_note created_at:int updated_at:int version:int lang")},
	{name: "body_countries", order: []string{"body_id", "country"}, cols: cols("body_id country role joined")},
	{name: "processes", order: []string{"id"}, cols: cols("id name description created_at:int updated_at:int version:int lang")},
	{name: "meetings", order: []string{"id"}, cols: cols("id process_id organisation title subtitle short_name doc_title venue starts_on ends_on time_zone details objectives_title objectives_intro issues_title issues_intro sessions_title non_attribution:bool non_attribution_min_bodies:int created_at:int updated_at:int version:int lang")},
	{name: "meeting_sessions", order: []string{"id"}, cols: cols("id meeting_id number:int title intro objectives_note questions_note position:int version:int starts_at ends_at times_sequence:int times_changed_at:int")},
	{name: "session_parts", order: []string{"id"}, cols: cols("id session_id title kind intro objectives_note questions_note position:int version:int starts_at ends_at times_sequence:int times_changed_at:int")},
	{name: "agenda_items", order: []string{"id"}, parent: "parent_id", cols: cols("id meeting_id session_id? part_id? parent_id? kind label text footnotes position:int version:int")},
	{name: "footnotes", order: []string{"meeting_id", "number"}, cols: cols("meeting_id number:int text")},
	{name: "breakout_groups", order: []string{"id"}, cols: cols("id meeting_id name region region_id created_at:int updated_at:int version:int")},
	{name: "memberships", order: []string{"id"}, cols: cols("id user_id process_id meeting_id? role body_id? group_id? created_at:int")},
	{name: "invitations", order: []string{"id"}, cols: cols("id token_hash email process_id meeting_id? role body_id? group_id? created_by created_at:int expires_at:int accepted_at:int accepted_by")},
	{name: "audit_events", order: []string{"id"}, identity: "id", cols: cols("id:int at:int actor_id actor_name action object_type object_id meeting_id before_json after_json unattributed:bool")},
	{name: "login_counters", order: []string{"key"}, cols: cols("key attempts:int first_at:int last_at:int")},
	{name: "frameworks", order: []string{"id"}, cols: cols("id code name description builtin:bool created_at:int updated_at:int version:int")},
	{name: "framework_items", order: []string{"id"}, cols: cols("id framework_id code kind position:int")},
	{name: "framework_labels", order: []string{"item_id", "lang"}, cols: cols("item_id lang title short_label unofficial:bool")},
	{name: "contributions", order: []string{"id"}, identity: "seq", cols: cols("id seq:int meeting_id kind practice_type status title text body_id? author_id? question_id? lang lang_detected " +
		"where_text implementer partners period_from period_to results replicability links return_reason demo:bool submitted_at:int published_at:int created_at:int updated_at:int version:int regions tags unattributed:bool")},
	{name: "contribution_regions", order: []string{"contribution_id", "region"}, cols: cols("contribution_id region region_id")},
	{name: "contribution_countries", order: []string{"contribution_id", "country"}, cols: cols("contribution_id country")},
	{name: "contribution_tags", order: []string{"contribution_id", "item_id"}, cols: cols("contribution_id item_id")},
	{name: "contribution_translations", order: []string{"contribution_id", "lang"}, cols: cols("contribution_id lang title text machine:bool translator updated_at:int")},
	{name: "contribution_versions", order: []string{"contribution_id", "version"}, cols: cols("contribution_id version:int actor_id actor_name at:int snapshot")},
	{name: "statements", order: []string{"id"}, parent: "merged_into", identity: "seq", cols: cols("id seq:int meeting_id part_id? group_id? kind text lang author_id? body_id? by_partner:bool source_id? merged_into? created_at:int updated_at:int version:int unattributed:bool")},
	{name: "votes", order: []string{"statement_id", "user_id"}, identity: "seq", cols: cols("statement_id user_id value:int at:int conversation seq:int")},
	{name: "statement_merges", order: []string{"id"}, cols: cols("id meeting_id into_id from_id merged_by? merged_at:int undone_by? undone_at:int")},
	{name: "statement_merge_votes", order: []string{"merge_id", "user_id"}, cols: cols("merge_id user_id value:int at:int")},
	{name: "attachments", order: []string{"id"}, cols: cols("id contribution_id name content_type size:int sha256 data:blob created_at:int")},
	{name: "ranking_settings", order: []string{"part_id"}, cols: cols("part_id method score_min:int score_max:int candidates open:bool updated_at:int version:int")},
	{name: "ballots", order: []string{"group_id", "part_id", "user_id"}, cols: cols("group_id part_id user_id meeting_id method ballot updated_at:int version:int")},
	{name: "group_reports", order: []string{"id"}, cols: cols("id meeting_id group_id part_id lang texts status snapshot submitted_at:int created_at:int updated_at:int version:int")},
	{name: "endorsements", order: []string{"id"}, cols: cols("id meeting_id contribution_id body_id user_id? region region_id conditions created_at:int updated_at:int version:int unattributed:bool")},
	{name: "theme_edits", order: []string{"meeting_id", "part_id"}, cols: cols("meeting_id part_id edits previous updated_at:int version:int")},
	{name: "overall_candidates", order: []string{"id"}, cols: cols("id meeting_id part_id theme_id text statements created_at:int version:int")},
	{name: "overall_ballots", order: []string{"part_id", "user_id"}, cols: cols("part_id user_id meeting_id group_id method ranks approved scores updated_at:int version:int")},
	{name: "overall_confirmations", order: []string{"part_id"}, cols: cols("part_id meeting_id selected snapshot confirmed_by confirmed_at:int")},
	{name: "overall_settings", order: []string{"part_id"}, cols: cols("part_id meeting_id method score_min:int score_max:int updated_at:int version:int")},
	{name: "outcome_documents", order: []string{"meeting_id"}, cols: cols("meeting_id lang status latest:int round:int round_version:int deadline:int silence:bool silence_body silence_by silence_reason silence_at:int " +
		"adopted_version:int adopted_hash adopted_by adopted_at:int published_at:int created_at:int updated_at:int version:int")},
	{name: "outcome_versions", order: []string{"meeting_id", "number"}, cols: cols("meeting_id number:int text hash note created_by created_at:int")},
	{name: "outcome_amendments", order: []string{"id"}, cols: cols("id meeting_id number:int round:int based_on:int block_id op text lang justification body_id proposed_by status decided_text reason decided_by decided_at:int applied_in:int created_at:int updated_at:int version:int")},
	{name: "outcome_amendment_supports", order: []string{"amendment_id", "body_id"}, cols: cols("amendment_id body_id user_id created_at:int")},
	{name: "outcome_translations", order: []string{"meeting_id", "lang", "block_id"}, cols: cols("meeting_id lang block_id text cells status of_version:int source updated_by updated_at:int")},
	{name: "partnerships", order: []string{"id"}, cols: cols("id process_id meeting_id? made_from? title purpose phase mechanism status starts_on ends_on demo:bool created_by created_at:int updated_at:int version:int")},
	{name: "partnership_parties", order: []string{"partnership_id", "body_id"}, cols: cols("partnership_id body_id position:int")},
	{name: "partnership_objectives", order: []string{"partnership_id", "code"}, cols: cols("partnership_id code position:int")},
	{name: "partnership_links", order: []string{"partnership_id", "position"}, cols: cols("partnership_id position:int title url")},
	{name: "partnership_contributions", order: []string{"partnership_id", "contribution_id"}, cols: cols("partnership_id contribution_id")},
	{name: "partnership_status_history", order: []string{"partnership_id", "seq"}, cols: cols("partnership_id seq:int status at:int actor_id actor_name note")},
	{name: "commitments", order: []string{"id"}, cols: cols("id process_id meeting_id? title text lang owner_body_id start_on due_on status seeks_support:bool demo:bool created_by created_at:int updated_at:int version:int")},
	{name: "commitment_translations", order: []string{"commitment_id", "lang"}, cols: cols("commitment_id lang title text machine:bool translator updated_at:int")},
	{name: "commitment_bodies", order: []string{"commitment_id", "body_id"}, cols: cols("commitment_id body_id role position:int")},
	{name: "commitment_objectives", order: []string{"commitment_id", "code"}, cols: cols("commitment_id code")},
	{name: "commitment_contributions", order: []string{"commitment_id", "contribution_id"}, cols: cols("commitment_id contribution_id")},
	{name: "commitment_recommendations", order: []string{"commitment_id", "outcome_id", "block_id"}, cols: cols("commitment_id outcome_id block_id version:int")},
	{name: "commitment_deliverables", order: []string{"commitment_id", "position"}, cols: cols("commitment_id position:int text due_on done:bool")},
	{name: "commitment_status_changes", order: []string{"commitment_id", "n"}, cols: cols("commitment_id n:int from_status to_status at:int by_id note")},
	{name: "indicators", order: []string{"id"}, cols: cols("id commitment_id name unit baseline?:float baseline_on target?:float target_on direction disaggregation source position:int demo:bool created_at:int updated_at:int version:int")},
	{name: "review_cycles", order: []string{"id"}, cols: cols("id process_id name opens_on deadline state review_report languages demo:bool closed_by closed_at:int created_at:int updated_at:int version:int")},
	{name: "review_cycle_commitments", order: []string{"cycle_id", "commitment_id"}, cols: cols("cycle_id commitment_id")},
	{name: "progress_reports", order: []string{"id"}, cols: cols("id commitment_id cycle_id? body_id period_from period_to period_label state status lang narrative challenges support_needed return_reason " +
		"created_by submitted_by submitted_at:int reviewed_by reviewed_at:int demo:bool created_at:int updated_at:int version:int")},
	{name: "progress_report_versions", order: []string{"report_id", "version"}, cols: cols("report_id version:int actor_id actor_name at:int snapshot")},
	{name: "progress_report_links", order: []string{"report_id", "position"}, cols: cols("report_id position:int url")},
	{name: "progress_report_attachments", order: []string{"id"}, cols: cols("id report_id name content_type size:int sha256 data:blob created_at:int")},
	{name: "indicator_values", order: []string{"report_id", "indicator_id", "dimension", "category", "on_date"}, cols: cols("report_id indicator_id on_date dimension category value:float")},
	{name: "review_reports", order: []string{"cycle_id", "lang"}, cols: cols("cycle_id lang latest:int final_version:int final_hash final_by final_at:int created_at:int updated_at:int version:int")},
	{name: "review_report_versions", order: []string{"cycle_id", "lang", "number"}, cols: cols("cycle_id lang number:int text hash note created_by created_at:int")},
	{name: "notifications", order: []string{"id"}, cols: cols("id user_id kind dedupe process_id object_type object_id params link created_at:int read_at:int emailed_at:int")},
	{name: "mail_outbox", order: []string{"id"}, cols: cols("id kind user_id to_addr lang subject text_body html_body headers status attempts:int next_attempt_at:int lease_until:int lease_owner last_error message_id created_at:int sent_at:int")},
	{name: "mail_preferences", order: []string{"user_id", "kind"}, cols: cols("user_id kind mode updated_at:int")},
	{name: "password_resets", order: []string{"token_hash"}, cols: cols("token_hash user_id created_at:int expires_at:int used_at:int")},
	{name: "instance_secrets", order: []string{"name"}, cols: cols("name value created_at:int")},
	{name: "partnership_commitments", order: []string{"partnership_id", "commitment_id"}, cols: cols("partnership_id commitment_id")},
	{name: "text_translations", order: []string{"kind", "object_id", "field", "lang"}, cols: cols("kind object_id field lang meeting_id text machine:bool unofficial:bool translator_id translator updated_at:int version:int")},
	{name: "partnership_documents", order: []string{"id"}, cols: cols("id partnership_id name content_type size:int sha256 data:blob created_by created_at:int")},
}

// derivedTables are rebuilt from the others and left out of archives: the
// full-text index (SQLite's FTS5 table and its shadow tables, PostgreSQL's
// tsvector table). [DB.Restore] rebuilds them, and empties the kept
// counts of lists (search_counts).
func derivedTable(name string) bool {
	return name == "contribution_search" || name == "contribution_fts" || strings.HasPrefix(name, "contribution_fts_") || name == "vote_sequence" ||
		name == "search_counts"
}

func (t *dumpTable) column(name string) *dumpColumn {
	for i := range t.cols {
		if t.cols[i].name == name {
			return &t.cols[i]
		}
	}
	return nil
}

// DumpHeader is the first line of an archive.
type DumpHeader struct {
	Format        string    `json:"format"`
	SchemaVersion int64     `json:"schema_version"`
	Engine        string    `json:"engine"`
	CreatedAt     time.Time `json:"created_at"`
}

type dumpRow struct {
	T string         `json:"t"`
	R map[string]any `json:"r"`
}

type dumpEnd struct {
	Rows map[string]int64 `json:"rows"`
}

// archiveLine is any line after the header, as read back.
type archiveLine struct {
	T   string                     `json:"t"`
	R   map[string]json.RawMessage `json:"r"`
	End *dumpEnd                   `json:"end"`
}

// DumpStats says how much an archive holds.
type DumpStats struct {
	Header DumpHeader
	Rows   map[string]int64
	// Cleaned counts, by "table.column", the values of text columns in
	// which restore replaced NUL by U+FFFD: SQLite keeps NUL in text and
	// PostgreSQL refuses it, so that an archive of a database written
	// before every way in refused it (domain.CheckText) restores on either
	// engine, the same on both, and says what changed. Other control
	// characters are kept: both engines store them, and the store writes
	// lists with U+001F between their items.
	Cleaned map[string]int64
}

// Total is the number of rows of all tables.
func (s DumpStats) Total() int64 {
	var n int64
	for _, v := range s.Rows {
		n += v
	}
	return n
}

// Dump writes the whole database to w as a gzip-compressed archive (see
// [DumpFormat]) that [DB.Restore] loads on either engine. It reads one
// snapshot, so the archive is consistent while the server keeps writing.
// The database's schema must be the one this program knows.
func (db *DB) Dump(ctx context.Context, w io.Writer) (DumpStats, error) {
	stats := DumpStats{Rows: map[string]int64{}}
	if err := db.CheckSchema(ctx); err != nil {
		return stats, err
	}
	if err := db.CheckDumpSchema(ctx); err != nil {
		return stats, err
	}
	version, _, err := db.SchemaVersion(ctx)
	if err != nil {
		return stats, err
	}
	tx, err := db.read.BeginTx(ctx, db.dialect.snapshot)
	if err != nil {
		return stats, fmt.Errorf("store: dump: %w", db.mapErr(err))
	}
	defer tx.Rollback()

	zw := gzip.NewWriter(w)
	bw := bufio.NewWriterSize(zw, 64<<10)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	stats.Header = DumpHeader{Format: DumpFormat, SchemaVersion: version, Engine: db.Engine(), CreatedAt: db.now().UTC().Truncate(time.Second)}
	if err := enc.Encode(stats.Header); err != nil {
		return stats, fmt.Errorf("store: dump: %w", err)
	}
	for i := range dumpTables {
		t := &dumpTables[i]
		n, err := db.dumpTable(ctx, tx, t, enc)
		if err != nil {
			return stats, fmt.Errorf("store: dump table %s: %w", t.name, err)
		}
		stats.Rows[t.name] = n
	}
	if err := enc.Encode(map[string]dumpEnd{"end": {Rows: stats.Rows}}); err != nil {
		return stats, fmt.Errorf("store: dump: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return stats, fmt.Errorf("store: dump: %w", err)
	}
	if err := zw.Close(); err != nil {
		return stats, fmt.Errorf("store: dump: %w", err)
	}
	return stats, nil
}

// orderBy returns the ORDER BY list of t's columns for prefix p. Text is
// compared byte by byte on both engines, so both write rows in one order.
func (db *DB) orderBy(t *dumpTable, p string) string {
	var parts []string
	for _, name := range t.order {
		s := p + name
		if t.column(name).kind == kindText {
			s += db.dialect.bytewise
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, ", ")
}

func (db *DB) selectAll(t *dumpTable) string {
	names := make([]string, len(t.cols))
	for i, c := range t.cols {
		names[i] = "x." + c.name
	}
	if t.parent == "" {
		return "SELECT " + strings.Join(names, ", ") + " FROM " + t.name + " x ORDER BY " + db.orderBy(t, "x.")
	}
	// Parents before children: by depth in the tree, then by key.
	return "WITH RECURSIVE tree(id, depth) AS (" +
		"SELECT id, 0 FROM " + t.name + " WHERE " + t.parent + " IS NULL " +
		"UNION ALL SELECT c.id, tree.depth + 1 FROM " + t.name + " c JOIN tree ON c." + t.parent + " = tree.id) " +
		"SELECT " + strings.Join(names, ", ") + " FROM " + t.name + " x JOIN tree ON tree.id = x.id ORDER BY tree.depth, " + db.orderBy(t, "x.")
}

func (db *DB) dumpTable(ctx context.Context, tx *sql.Tx, t *dumpTable, enc *json.Encoder) (int64, error) {
	rows, err := tx.QueryContext(ctx, db.selectAll(t))
	if err != nil {
		return 0, db.mapErr(err)
	}
	defer rows.Close()
	dest := make([]any, len(t.cols))
	for i, c := range t.cols {
		switch {
		case c.kind == kindInt:
			dest[i] = new(int64)
		case c.kind == kindBool:
			dest[i] = new(bool)
		case c.kind == kindBlob:
			dest[i] = new([]byte)
		case c.kind == kindFloat:
			dest[i] = new(sql.NullFloat64)
		case c.null:
			dest[i] = new(sql.NullString)
		default:
			dest[i] = new(string)
		}
	}
	var n int64
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return n, err
		}
		r := make(map[string]any, len(t.cols))
		for i, c := range t.cols {
			switch v := dest[i].(type) {
			case *int64:
				r[c.name] = *v
			case *bool:
				r[c.name] = *v
			case *[]byte:
				r[c.name] = *v // base64
			case *sql.NullFloat64:
				if v.Valid {
					r[c.name] = v.Float64
				} else {
					r[c.name] = nil
				}
			case *string:
				r[c.name] = *v
			case *sql.NullString:
				if v.Valid {
					r[c.name] = v.String
				} else {
					r[c.name] = nil
				}
			}
			// JSON would replace the bytes silently.
			if s, ok := r[c.name].(string); ok && !utf8.ValidString(s) {
				return n, fmt.Errorf("column %s of a row holds text that is not UTF-8: %q", c.name, s)
			}
		}
		if err := enc.Encode(dumpRow{T: t.name, R: r}); err != nil {
			return n, err
		}
		n++
	}
	if err := rows.Err(); err != nil {
		return n, db.mapErr(err)
	}
	if t.parent != "" {
		// A row outside the tree (a cycle) would be left out silently.
		var all int64
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM "+t.name).Scan(&all); err != nil {
			return n, db.mapErr(err)
		}
		if all != n {
			return n, fmt.Errorf("%d of %d rows are not reachable from a root through %s", all-n, all, t.parent)
		}
	}
	return n, nil
}

// damageOr returns the archive's own damage, found by reading the rest of
// it, rather than err, a database's refusal of a row: a byte changed in
// transit shows as a broken archive, not as a row that refers to nothing.
func (a *archiveReader) damageOr(err error) error {
	for {
		t, _, e := a.next()
		if e != nil {
			return e
		}
		if t == nil {
			return err
		}
	}
}

// archiveError is a problem with the archive's content.
func archiveError(line int, format string, a ...any) error {
	return fmt.Errorf("store: restore: not a valid plenary dump (line %d): %s", line, fmt.Sprintf(format, a...))
}

// MaxDumpLine is the longest line an archive may hold, in bytes: a row is
// one line, and the largest row plenary writes is an attachment of
// [domain.MaxAttachmentBytes] (10 MiB, some 13.4 MiB in base64). Restore
// refuses a longer line instead of holding it in memory, so that a small
// archive cannot make it take gigabytes.
const MaxDumpLine = 32 << 20

// errLineTooLong reports a line longer than the reader's limit.
var errLineTooLong = errors.New("line too long")

// lineReader reads lines of at most max bytes, streaming: runs of blank
// lines are skipped as they are read, never gathered in memory.
type lineReader struct {
	br   *bufio.Reader
	max  int
	buf  []byte
	line int  // number of the last line returned
	eof  bool // the last line returned ended at the end of the stream, without a newline
}

// next returns the next line that is not blank, without its newline, and
// io.EOF after the last one. The line is valid until the next call.
func (l *lineReader) next() ([]byte, error) {
	for {
		line, err := l.read()
		if err != nil {
			return nil, err
		}
		if len(bytes.TrimSpace(line)) > 0 {
			return line, nil
		}
	}
}

// read returns the next line, blank or not.
func (l *lineReader) read() ([]byte, error) {
	if err := l.skipBlank(); err != nil {
		return nil, err
	}
	l.line++
	l.buf = l.buf[:0]
	for {
		chunk, err := l.br.ReadSlice('\n')
		if len(l.buf)+len(chunk) > l.max+1 {
			return nil, errLineTooLong
		}
		switch {
		case err == nil && len(l.buf) == 0:
			return chunk[:len(chunk)-1], nil
		case err == nil:
			l.add(chunk[:len(chunk)-1])
			return l.buf, nil
		case err == bufio.ErrBufferFull:
			l.add(chunk)
		case err == io.EOF && len(l.buf)+len(chunk) > 0:
			l.eof = true
			l.add(chunk)
			return l.buf, nil
		default:
			return nil, err
		}
	}
}

// add appends b to the line, doubling the buffer when it must grow (but
// not beyond the limit), so that a line costs at most twice its length.
func (l *lineReader) add(b []byte) {
	if need := len(l.buf) + len(b); need > cap(l.buf) {
		grown := make([]byte, len(l.buf), min(max(2*cap(l.buf), need, 4096), l.max+1))
		copy(grown, l.buf)
		l.buf = grown
	}
	l.buf = append(l.buf, b...)
}

// skipBlank discards the whitespace that starts the rest of the stream,
// a buffer at a time, counting the lines it ends.
func (l *lineReader) skipBlank() error {
	for {
		b, err := l.br.Peek(1)
		if err != nil {
			if err == io.EOF {
				return nil
			}
			return err
		}
		if !isSpace(b[0]) {
			return nil
		}
		b, _ = l.br.Peek(l.br.Buffered())
		n := 0
		for n < len(b) && isSpace(b[n]) {
			if b[n] == '\n' {
				l.line++
			}
			n++
		}
		l.br.Discard(n)
	}
}

// sizeName writes a size in MiB, or KiB below one MiB.
func sizeName(n int) string {
	if n >= 1<<20 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d KiB", n>>10)
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

// archiveReader reads an archive line by line and checks every value
// against the table list, without a database.
type archiveReader struct {
	lines *lineReader
	line  int // the line of the row last read, as the archive numbers it from 1
	last  int // index in dumpTables of the last table seen
	done  bool
	stats DumpStats
	args  []any
}

// readArchive opens an archive and reads its header.
func readArchive(r io.Reader) (*archiveReader, error) {
	return readArchiveMax(r, MaxDumpLine)
}

// readArchiveMax is readArchive with lines of at most maxLine bytes.
func readArchiveMax(r io.Reader, maxLine int) (*archiveReader, error) {
	a := &archiveReader{line: 1, last: -1, stats: DumpStats{Rows: map[string]int64{}}}
	zr, err := gzip.NewReader(bufio.NewReader(r))
	if err != nil {
		return nil, fmt.Errorf("store: restore: not a plenary dump (not gzip-compressed: %w)", err)
	}
	a.lines = &lineReader{br: bufio.NewReaderSize(zr, 64<<10), max: maxLine}
	h := &a.stats.Header
	line, err := a.readLine()
	if err == nil {
		err = json.Unmarshal(line, h)
	}
	if err != nil || h.Format != DumpFormat {
		if err == nil {
			err = fmt.Errorf("format %q", h.Format)
		}
		return nil, fmt.Errorf("store: restore: not a plenary dump (its first line is no %s header: %w)", DumpFormat, err)
	}
	return a, nil
}

// readLine returns the next line that is not blank and sets a.line to its
// number; io.EOF at the end. A line longer than the limit, or a stream
// that is cut short or damaged, is an error that says so.
func (a *archiveReader) readLine() ([]byte, error) {
	line, err := a.lines.next()
	a.line = a.lines.line
	switch {
	case err == nil || err == io.EOF:
		return line, err
	case errors.Is(err, errLineTooLong):
		return nil, fmt.Errorf("store: restore: not a valid plenary dump (line %d): the line is longer than %s, the most a row of a dump may take", a.line, sizeName(a.lines.max))
	}
	return nil, fmt.Errorf("store: restore: the dump is cut short or damaged (line %d): %w", a.line, err)
}

// next returns the next row: its table and its values in the table's
// column order. At the end it checks the row counts and the compressed
// stream's checksum, and returns a nil table.
func (a *archiveReader) next() (*dumpTable, []any, error) {
	if a.done {
		return nil, nil, nil
	}
	line, err := a.readLine()
	if err == io.EOF {
		return nil, nil, a.finish(nil)
	}
	if err != nil {
		return nil, nil, err
	}
	var l archiveLine
	if err := json.Unmarshal(line, &l); err != nil {
		if a.lines.eof {
			// The stream ends in the middle of a line: cut short.
			return nil, nil, fmt.Errorf("store: restore: the dump is cut short or damaged (line %d): %w", a.line, io.ErrUnexpectedEOF)
		}
		return nil, nil, archiveError(a.line, "%v", err)
	}
	if l.End != nil {
		if l.T != "" || l.R != nil {
			return nil, nil, archiveError(a.line, "a last line with row data")
		}
		if err := a.finish(l.End); err != nil {
			return nil, nil, err
		}
		return nil, nil, nil
	}
	return a.row(&l)
}

func (a *archiveReader) row(l *archiveLine) (*dumpTable, []any, error) {
	idx := tableIndex(l.T)
	if idx < 0 {
		return nil, nil, archiveError(a.line, "unknown table %q", l.T)
	}
	t := &dumpTables[idx]
	if idx < a.last {
		return nil, nil, archiveError(a.line, "table %s after a table that refers to it", t.name)
	}
	a.last = idx
	if len(l.R) != len(t.cols) {
		return nil, nil, archiveError(a.line, "%s: %d columns, want %d", t.name, len(l.R), len(t.cols))
	}
	a.args = a.args[:0]
	for _, c := range t.cols {
		raw, ok := l.R[c.name]
		if !ok {
			return nil, nil, archiveError(a.line, "%s: no column %s", t.name, c.name)
		}
		v, err := decodeValue(c, raw)
		if err != nil {
			return nil, nil, archiveError(a.line, "%s.%s: %v", t.name, c.name, err)
		}
		if s, ok := v.(string); ok && strings.IndexByte(s, 0) >= 0 {
			if a.stats.Cleaned == nil {
				a.stats.Cleaned = map[string]int64{}
			}
			a.stats.Cleaned[t.name+"."+c.name]++
			v = strings.ReplaceAll(s, "\x00", "\uFFFD")
		}
		a.args = append(a.args, v)
	}
	a.stats.Rows[t.name]++
	return t, a.args, nil
}

// finish checks the end of the archive: the last line, nothing after it,
// the compressed stream's checksum and the row counts.
func (a *archiveReader) finish(end *dumpEnd) error {
	a.done = true
	if end != nil {
		// Reading on to the end of the compressed stream also checks its
		// checksum.
		if _, err := a.readLine(); err != io.EOF {
			if err == nil {
				return archiveError(a.line, "a line after the last one")
			}
			return err
		}
	}
	if end == nil {
		return fmt.Errorf("store: restore: the dump is cut short: its last line (the row counts) is missing")
	}
	for _, t := range dumpTables {
		if end.Rows[t.name] != a.stats.Rows[t.name] {
			return fmt.Errorf("store: restore: the dump is damaged: table %s has %d rows, its last line says %d", t.name, a.stats.Rows[t.name], end.Rows[t.name])
		}
	}
	for name := range end.Rows {
		if tableIndex(name) < 0 {
			return fmt.Errorf("store: restore: the dump is damaged: its last line counts an unknown table %q", name)
		}
	}
	return nil
}

func tableIndex(name string) int {
	for i := range dumpTables {
		if dumpTables[i].name == name {
			return i
		}
	}
	return -1
}

// VerifyDump reads a whole archive without a database and checks it as
// [DB.Restore] would: its header, every row against the tables and columns
// this program knows, the row counts and the checksum. It does not compare
// the schema version with a database's.
func VerifyDump(r io.Reader) (DumpStats, error) {
	a, err := readArchive(r)
	if err != nil {
		return DumpStats{Rows: map[string]int64{}}, err
	}
	for {
		t, _, err := a.next()
		if err != nil {
			return a.stats, err
		}
		if t == nil {
			return a.stats, nil
		}
	}
}

// Restore loads an archive written by [DB.Dump], on either engine, keeping
// every ID. It runs in one transaction: on any error nothing changes. The
// archive's schema version must equal the database's. A database holding
// data is refused with [ErrNotEmpty] unless replace is true, in which case
// its contents are deleted first, the append-only audit trail included.
func (db *DB) Restore(ctx context.Context, r io.Reader, replace bool) (DumpStats, error) {
	stats := DumpStats{Rows: map[string]int64{}}
	if err := db.CheckSchema(ctx); err != nil {
		return stats, err
	}
	if err := db.CheckDumpSchema(ctx); err != nil {
		return stats, err
	}
	version, _, err := db.SchemaVersion(ctx)
	if err != nil {
		return stats, err
	}
	a, err := readArchive(r)
	if err != nil {
		return stats, err
	}
	if h := a.stats.Header.SchemaVersion; h != version {
		if h > version {
			return a.stats, fmt.Errorf("store: restore: the dump has schema version %d, newer than this plenary (version %d): restore it with the plenary that wrote it or a newer one", h, version)
		}
		return a.stats, fmt.Errorf("store: restore: the dump has schema version %d and this database %d: restore it into an empty database with a plenary whose schema is version %d (the one that wrote it), then run this plenary's 'plenary migrate'", h, version, h)
	}

	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return a.stats, fmt.Errorf("store: restore: %w", db.mapErr(err))
	}
	defer tx.Rollback()
	// The guards' triggers would refuse emptying the tables and inserting
	// the versions of an adopted document: set aside until the rows are in.
	putBack, err := db.dialect.setAsideGuards(ctx, tx)
	if err != nil {
		return a.stats, fmt.Errorf("store: restore: %w", db.mapErr(err))
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM search_counts"); err != nil {
		return a.stats, fmt.Errorf("store: restore: %w", db.mapErr(err))
	}
	for i := range dumpTables {
		t := &dumpTables[i]
		if t.seeded {
			if _, err := tx.ExecContext(ctx, "DELETE FROM "+t.name); err != nil {
				return a.stats, fmt.Errorf("store: restore: %w", db.mapErr(err))
			}
			continue
		}
		var one int
		err := tx.QueryRowContext(ctx, "SELECT 1 FROM "+t.name+" LIMIT 1").Scan(&one)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return a.stats, fmt.Errorf("store: restore: %w", db.mapErr(err))
		}
		if !replace {
			return a.stats, fmt.Errorf("%w (table %s has rows)", ErrNotEmpty, t.name)
		}
		if err := db.clear(ctx, tx); err != nil {
			return a.stats, fmt.Errorf("store: restore: empty the database: %w", db.mapErr(err))
		}
		break
	}

	// Rows go in by batches of one table: one statement per batch is
	// several times faster than one per row, on PostgreSQL above all.
	var (
		cur   *dumpTable
		batch []any
		n     int // rows in batch
		first int // line of the batch's first row
	)
	flush := func() error {
		if n == 0 {
			return nil
		}
		if _, err := tx.ExecContext(ctx, db.insertSQL(cur, n), batch...); err != nil {
			return fmt.Errorf("store: restore: lines %d-%d (table %s): %w", first, a.line-1, cur.name, db.mapErr(err))
		}
		batch, n = batch[:0], 0
		return nil
	}
	for {
		t, args, err := a.next()
		if err != nil {
			return a.stats, err
		}
		if t != cur || n == restoreBatch || t == nil {
			if err := flush(); err != nil {
				return a.stats, a.damageOr(err)
			}
		}
		if t == nil {
			break
		}
		if n == 0 {
			cur, first = t, a.line
		}
		batch = append(batch, args...)
		n++
	}
	if err := putBack(); err != nil {
		return a.stats, fmt.Errorf("store: restore: %w", db.mapErr(err))
	}
	for _, t := range dumpTables {
		if t.identity == "" {
			continue
		}
		// The next number follows the highest restored one.
		if _, err := tx.ExecContext(ctx, db.dialect.restartNumbering(t.name, t.identity)); err != nil {
			return a.stats, fmt.Errorf("store: restore: reset the numbering of %s: %w", t.name, db.mapErr(err))
		}
	}
	wtx := &Tx{db: db, tx: tx}
	if err := wtx.reindexAll(ctx); err != nil {
		return a.stats, fmt.Errorf("store: restore: rebuild the search index: %w", db.mapErr(err))
	}
	if err := tx.Commit(); err != nil {
		return a.stats, fmt.Errorf("store: restore: %w", db.mapErr(err))
	}
	return a.stats, nil
}

// restoreBatch is the most rows one INSERT of [DB.Restore] carries: with
// the widest table (28 columns), 5,600 parameters, far below both engines'
// limits.
const restoreBatch = 200

// insertSQL returns an INSERT of n rows into t.
func (db *DB) insertSQL(t *dumpTable, n int) string {
	names := make([]string, len(t.cols))
	for i, c := range t.cols {
		names[i] = c.name
	}
	var b strings.Builder
	b.WriteString("INSERT INTO " + t.name + " (" + strings.Join(names, ", ") + ")")
	if t.identity != "" {
		b.WriteString(db.dialect.overrideIdentity)
	}
	b.WriteString(" VALUES ")
	row := "(" + placeholders(len(t.cols)) + ")"
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(row)
	}
	return db.dialect.rebind(b.String())
}

// decodeValue checks a value against its column and returns it for the
// driver.
func decodeValue(c dumpColumn, raw json.RawMessage) (any, error) {
	raw = bytes.TrimSpace(raw)
	if string(raw) == "null" {
		if !c.null {
			return nil, errors.New("null in a column that needs a value")
		}
		return nil, nil
	}
	switch c.kind {
	case kindInt:
		var n int64
		if len(raw) == 0 || raw[0] == '"' {
			return nil, fmt.Errorf("want an integer, got %.40s", raw)
		}
		if err := json.Unmarshal(raw, &n); err != nil {
			return nil, fmt.Errorf("want an integer, got %.40s", raw)
		}
		return n, nil
	case kindBool:
		var b bool
		if err := json.Unmarshal(raw, &b); err != nil {
			return nil, fmt.Errorf("want true or false, got %.40s", raw)
		}
		return b, nil
	case kindFloat:
		var f float64
		if len(raw) == 0 || raw[0] == '"' {
			return nil, fmt.Errorf("want a number, got %.40s", raw)
		}
		if err := json.Unmarshal(raw, &f); err != nil {
			return nil, fmt.Errorf("want a number, got %.40s", raw)
		}
		return f, nil
	case kindBlob:
		var b []byte
		if len(raw) == 0 || raw[0] != '"' {
			return nil, fmt.Errorf("want base64 bytes, got %.40s", raw)
		}
		if err := json.Unmarshal(raw, &b); err != nil {
			return nil, fmt.Errorf("want base64 bytes, got %.40s", raw)
		}
		return b, nil
	default:
		var s string
		if len(raw) == 0 || raw[0] != '"' {
			return nil, fmt.Errorf("want text, got %.40s", raw)
		}
		if err := json.Unmarshal(raw, &s); err != nil {
			return nil, fmt.Errorf("want text, got %.40s", raw)
		}
		return s, nil
	}
}

// guardedTables are the tables whose triggers refuse some changes: the
// audit trail (append-only), the outcome documents (saved versions never
// change; an adopted document takes no new version or amendment) and the
// review cycles' reports (likewise, once final).
var guardedTables = []string{"audit_events", "outcome_documents", "outcome_versions", "outcome_amendments", "review_reports", "review_report_versions"}

// clear deletes every row, children first, inside tx, whose guards
// [DB.Restore] has set aside (dialect.setAsideGuards).
func (db *DB) clear(ctx context.Context, tx *sql.Tx) error {
	for i := len(dumpTables) - 1; i >= 0; i-- {
		if _, err := tx.ExecContext(ctx, "DELETE FROM "+dumpTables[i].name); err != nil {
			return fmt.Errorf("table %s: %w", dumpTables[i].name, err)
		}
	}
	return nil
}

// disableGuards sets the guarded tables' triggers aside on PostgreSQL:
// disabled, and enabled again.
func disableGuards(ctx context.Context, tx *sql.Tx) (func() error, error) {
	for _, t := range guardedTables {
		if _, err := tx.ExecContext(ctx, `ALTER TABLE `+t+` DISABLE TRIGGER USER`); err != nil {
			return nil, err
		}
	}
	return func() error {
		for _, t := range guardedTables {
			if _, err := tx.ExecContext(ctx, `ALTER TABLE `+t+` ENABLE TRIGGER USER`); err != nil {
				return err
			}
		}
		return nil
	}, nil
}

// dropGuards sets the guarded tables' triggers aside on SQLite: dropped,
// and created again from their own definitions.
func dropGuards(ctx context.Context, tx *sql.Tx) (func() error, error) {
	type trigger struct{ name, sql string }
	var triggers []trigger
	rows, err := tx.QueryContext(ctx, `SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN ('`+strings.Join(guardedTables, "', '")+`') ORDER BY name`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var tr trigger
		if err := rows.Scan(&tr.name, &tr.sql); err != nil {
			rows.Close()
			return nil, err
		}
		triggers = append(triggers, tr)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, tr := range triggers {
		if _, err := tx.ExecContext(ctx, `DROP TRIGGER "`+tr.name+`"`); err != nil {
			return nil, err
		}
	}
	return func() error {
		for _, tr := range triggers {
			if _, err := tx.ExecContext(ctx, tr.sql); err != nil {
				return err
			}
		}
		return nil
	}, nil
}

// CheckDumpSchema compares the database's tables and columns with those
// the archive format knows, and reports every difference: a table or column
// a dump would leave out, one it expects and does not find, a type or
// nullability that differs. [DB.Dump] and [DB.Restore] refuse to run when
// it fails, so that no dump ever drops data silently.
func (db *DB) CheckDumpSchema(ctx context.Context) error {
	type liveCol struct {
		typ  string
		null bool
	}
	live := map[string]map[string]liveCol{}
	rows, err := db.read.QueryContext(ctx, db.dialect.columnsQuery)
	if err != nil {
		return fmt.Errorf("store: read the schema: %w", db.mapErr(err))
	}
	defer rows.Close()
	for rows.Next() {
		var table, col string
		var c liveCol
		if err := rows.Scan(&table, &col, &c.typ, &c.null); err != nil {
			return fmt.Errorf("store: read the schema: %w", err)
		}
		if live[table] == nil {
			live[table] = map[string]liveCol{}
		}
		live[table][col] = c
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: read the schema: %w", db.mapErr(err))
	}
	var problems []string
	known := map[string]bool{}
	for _, t := range dumpTables {
		known[t.name] = true
		lt, ok := live[t.name]
		if !ok {
			problems = append(problems, fmt.Sprintf("table %s is not in the database", t.name))
			continue
		}
		for _, c := range t.cols {
			lc, ok := lt[c.name]
			if !ok {
				problems = append(problems, fmt.Sprintf("column %s.%s is not in the database", t.name, c.name))
				continue
			}
			if k, ok := kindOfType(lc.typ); !ok || k != c.kind {
				problems = append(problems, fmt.Sprintf("column %s.%s is %s in the database, %s in the dump", t.name, c.name, lc.typ, c.kind))
			}
			if lc.null != c.null {
				problems = append(problems, fmt.Sprintf("column %s.%s: nullable %v in the database, %v in the dump", t.name, c.name, lc.null, c.null))
			}
		}
		for name := range lt {
			if t.column(name) == nil {
				problems = append(problems, fmt.Sprintf("column %s.%s is not in the dump", t.name, name))
			}
		}
	}
	for name := range live {
		if !known[name] && !derivedTable(name) {
			problems = append(problems, fmt.Sprintf("table %s is not in the dump", name))
		}
	}
	if len(problems) > 0 {
		sort.Strings(problems)
		return fmt.Errorf("store: the dump format does not match the database schema (update dumpTables in internal/store/dump.go): %s", strings.Join(problems, "; "))
	}
	return nil
}

// kindOfType maps a column's declared (SQLite) or reported (PostgreSQL)
// type to how a dump writes it.
func kindOfType(typ string) (colKind, bool) {
	switch strings.ToLower(typ) {
	case "text":
		return kindText, true
	case "integer", "bigint":
		return kindInt, true
	case "boolean":
		return kindBool, true
	case "blob", "bytea":
		return kindBlob, true
	case "double precision":
		return kindFloat, true
	}
	return 0, false
}
