package storetest

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/store"
)

// FollowUpSize says how much follow-up [GenerateFollowUp] makes.
type FollowUpSize struct {
	// Commitments of the process; each has 3 indicators and 2 progress
	// reports, each report 10 indicator values: 10,000 commitments make
	// 30,000 indicators and 200,000 values.
	Commitments int
}

// FollowUpWorld names what [GenerateFollowUp] made.
type FollowUpWorld struct {
	ProcessID  string
	MeetingIDs []string
	BodyIDs    []string
	Regions    []string
	// CycleIDs are a closed cycle (a regional review, 60% of the
	// commitments in scope) and an open one (every commitment).
	CycleIDs []string
	// IndicatorIDs are the first commitment's indicators.
	IndicatorIDs []string
	// Users by role: "admin", "secretariat" (of the process), "delegate"
	// (of its first body), "observer", "outsider" (secretariat of another
	// process).
	Users map[string]*domain.User
}

// followUpProcess names the generated process, to find it again.
const followUpProcess = "Follow-up benchmark (generated)"

var followUpRegions = []string{"Africa", "Americas", "Arab States", "Asia and the Pacific", "Caribbean", "Central Asia",
	"Eastern Europe", "Europe", "Gulf", "Pacific", "South America", "West Africa"}

// GenerateFollowUp fills the migrated, empty database db (at url) with a
// process and its follow-up, the same for the same size: the people, the
// process, its meetings and bodies through the store; the commitments,
// indicators, cycles, reports and values written directly in batches,
// since going through the use cases one by one would take hours for
// 200,000 values. Statuses, objectives, regions, reporting dates and
// states are spread as a real follow-up's would be, with a fixed seed.
func GenerateFollowUp(ctx context.Context, db *store.DB, url string, size FollowUpSize) (*FollowUpWorld, error) {
	w := &FollowUpWorld{Regions: followUpRegions, Users: map[string]*domain.User{}}
	admin := &domain.User{Email: "admin@followup.example", Name: "Admin", Admin: true}
	if err := db.CreateUser(ctx, admin, ""); err != nil {
		return nil, err
	}
	w.Users["admin"] = admin
	actx := domain.NewContextWithActor(ctx, &domain.Actor{User: admin})
	p := &domain.Process{Name: followUpProcess}
	other := &domain.Process{Name: "Another process"}
	for _, pr := range []*domain.Process{p, other} {
		if err := db.CreateProcess(actx, pr); err != nil {
			return nil, err
		}
	}
	w.ProcessID = p.ID
	for i := range 3 {
		a := &domain.Agenda{Meeting: &domain.Meeting{ProcessID: p.ID, Title: fmt.Sprintf("Meeting %d", i+1), ShortName: fmt.Sprintf("M%d", i+1),
			StartsOn: fmt.Sprintf("%d-10-10", 2019+2*i), EndsOn: fmt.Sprintf("%d-10-11", 2019+2*i)}}
		if err := db.CreateMeetingWithAgenda(actx, a); err != nil {
			return nil, err
		}
		w.MeetingIDs = append(w.MeetingIDs, a.Meeting.ID)
	}
	for i := range 60 {
		b := &domain.Body{Name: fmt.Sprintf("Body %02d", i+1), Kind: domain.BodyRCP, Region: followUpRegions[i%len(followUpRegions)]}
		if i%15 == 14 {
			b.Region = "" // a few bodies have no region
		}
		if err := db.CreateBody(actx, b); err != nil {
			return nil, err
		}
		w.BodyIDs = append(w.BodyIDs, b.ID)
	}
	for _, m := range []struct {
		role    string
		process string
		r       domain.Role
		body    string
	}{
		{"secretariat", p.ID, domain.RoleSecretariat, ""},
		{"delegate", p.ID, domain.RoleDelegate, w.BodyIDs[0]},
		{"observer", p.ID, domain.RoleObserver, ""},
		{"outsider", other.ID, domain.RoleSecretariat, ""},
	} {
		u := &domain.User{Email: m.role + "@followup.example", Name: strings.ToUpper(m.role[:1]) + m.role[1:]}
		if err := db.CreateUser(ctx, u, ""); err != nil {
			return nil, err
		}
		if err := db.AddMembership(actx, &domain.Membership{UserID: u.ID, ProcessID: m.process, Role: m.r, BodyID: m.body}); err != nil {
			return nil, err
		}
		w.Users[m.role] = u
	}
	raw, err := openRaw(url)
	if err != nil {
		return nil, err
	}
	defer raw.Close()
	if err := writeFollowUp(ctx, raw, w, size); err != nil {
		return nil, fmt.Errorf("storetest: generate follow-up: %w", err)
	}
	return w, nil
}

// FindFollowUp finds again the world [GenerateFollowUp] made in db.
func FindFollowUp(ctx context.Context, db *store.DB, url string) (*FollowUpWorld, error) {
	w := &FollowUpWorld{Regions: followUpRegions, Users: map[string]*domain.User{}}
	for _, role := range []string{"admin", "secretariat", "delegate", "observer", "outsider"} {
		u, _, err := db.UserByEmail(ctx, role+"@followup.example")
		if err != nil {
			return nil, fmt.Errorf("storetest: %s: %w", role, err)
		}
		w.Users[role] = u
	}
	raw, err := openRaw(url)
	if err != nil {
		return nil, err
	}
	defer raw.Close()
	if err := raw.QueryRowContext(ctx, `SELECT id FROM processes WHERE name = '`+followUpProcess+`'`).Scan(&w.ProcessID); err != nil {
		return nil, fmt.Errorf("storetest: the generated process: %w", err)
	}
	for _, q := range []struct {
		dst *[]string
		sql string
	}{
		{&w.MeetingIDs, `SELECT id FROM meetings WHERE process_id = '` + w.ProcessID + `' ORDER BY starts_on`},
		{&w.BodyIDs, `SELECT id FROM bodies WHERE name LIKE 'Body %' ORDER BY name`},
		{&w.CycleIDs, `SELECT id FROM review_cycles WHERE process_id = '` + w.ProcessID + `' ORDER BY id`},
		{&w.IndicatorIDs, `SELECT id FROM indicators WHERE commitment_id = '` + benchID('C', 0) + `' ORDER BY position`},
	} {
		rows, err := raw.QueryContext(ctx, q.sql)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return nil, err
			}
			*q.dst = append(*q.dst, id)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return w, nil
}

func openRaw(url string) (*sql.DB, error) {
	if store.IsPostgresURL(url) {
		return sql.Open("pgx", url)
	}
	path := strings.TrimPrefix(strings.TrimPrefix(url, "sqlite:"), "file:")
	return sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(20000)")
}

// benchID is a generated row's ID, a valid ULID unlike any the store
// makes: "01BENCH", a kind letter and the row's number.
func benchID(kind byte, n int) string {
	return fmt.Sprintf("01BENCH%c%018d", kind, n)
}

// batch collects the rows of one table and writes them in multi-row
// INSERTs of literal values (the values are generated here, never user
// text, and quoted all the same).
type batch struct {
	tx    *sql.Tx
	ctx   context.Context
	table string
	cols  string
	rows  []string
	err   error
	// all are the batches of one transaction, parents first: a full batch
	// writes them all in that order, so that every row's parent is written
	// before it.
	all *[]*batch
}

func (b *batch) add(vals ...any) {
	var s strings.Builder
	s.WriteByte('(')
	for i, v := range vals {
		if i > 0 {
			s.WriteString(", ")
		}
		switch v := v.(type) {
		case nil:
			s.WriteString("NULL")
		case string:
			s.WriteString("'" + strings.ReplaceAll(v, "'", "''") + "'")
		case int:
			s.WriteString(strconv.Itoa(v))
		case int64:
			s.WriteString(strconv.FormatInt(v, 10))
		case float64:
			s.WriteString(strconv.FormatFloat(v, 'f', -1, 64))
		case bool:
			s.WriteString(strings.ToUpper(strconv.FormatBool(v)))
		default:
			panic(fmt.Sprintf("batch: %T", v))
		}
	}
	s.WriteByte(')')
	b.rows = append(b.rows, s.String())
	if len(b.rows) == 500 {
		for _, o := range *b.all {
			o.flush()
		}
	}
}

func (b *batch) flush() {
	if len(b.rows) == 0 || b.err != nil {
		b.rows = b.rows[:0]
		return
	}
	_, b.err = b.tx.ExecContext(b.ctx, "INSERT INTO "+b.table+" ("+b.cols+") VALUES "+strings.Join(b.rows, ", "))
	if b.err != nil {
		b.err = fmt.Errorf("%s: %w", b.table, b.err)
	}
	b.rows = b.rows[:0]
}

func writeFollowUp(ctx context.Context, raw *sql.DB, w *FollowUpWorld, size FollowUpSize) error {
	tx, err := raw.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var all []*batch
	mk := func(table, cols string) *batch {
		b := &batch{tx: tx, ctx: ctx, table: table, cols: cols, all: &all}
		all = append(all, b)
		return b
	}
	cycles := mk("review_cycles", "id, process_id, name, opens_on, deadline, state, review_report, demo, closed_by, closed_at, created_at, updated_at, version")
	commitments := mk("commitments", "id, process_id, meeting_id, title, text, lang, owner_body_id, start_on, due_on, status, seeks_support, demo, created_by, created_at, updated_at, version")
	bodies := mk("commitment_bodies", "commitment_id, body_id, role, position")
	objectives := mk("commitment_objectives", "commitment_id, code")
	history := mk("commitment_status_changes", "commitment_id, n, from_status, to_status, at, by_id, note")
	indicators := mk("indicators", "id, commitment_id, name, unit, baseline, baseline_on, target, target_on, direction, disaggregation, source, position, demo, created_at, updated_at, version")
	scope := mk("review_cycle_commitments", "cycle_id, commitment_id")
	reports := mk("progress_reports", "id, commitment_id, cycle_id, body_id, period_from, period_to, period_label, state, status, lang, narrative, challenges, support_needed, return_reason, created_by, submitted_by, submitted_at, reviewed_by, reviewed_at, demo, created_at, updated_at, version")
	values := mk("indicator_values", "report_id, indicator_id, on_date, dimension, category, value")

	ms := func(y int, m time.Month, d int) int64 { return time.Date(y, m, d, 12, 0, 0, 0, time.UTC).UnixMilli() }
	created := ms(2019, 1, 15)
	w.CycleIDs = []string{benchID('Y', 0), benchID('Y', 1)}
	cycles.add(w.CycleIDs[0], w.ProcessID, "Regional review 2024", "2024-01-01", "2024-03-31", "closed", "", false, w.Users["secretariat"].ID, ms(2024, 6, 1), created, created, 1)
	cycles.add(w.CycleIDs[1], w.ProcessID, "IMRF 2026", "2025-10-01", "2026-03-31", "open", "", false, "", int64(0), created, created, 1)
	statuses := []string{"planned", "on_track", "on_track", "on_track", "at_risk", "delayed", "achieved", "achieved", "dropped"}
	states := []string{"accepted", "accepted", "accepted", "accepted", "accepted", "accepted", "accepted", "submitted", "returned", "draft"}
	langs := []string{"en", "en", "en", "fr", "es", "ar", "ru", "zh"}
	units := []string{"%", "people", "USD", ""}
	report := 0
	for i := range size.Commitments {
		r := rand.New(rand.NewPCG(uint64(i), 16))
		id := benchID('C', i)
		owner := w.BodyIDs[r.IntN(len(w.BodyIDs))]
		var meeting any
		if k := r.IntN(4); k < len(w.MeetingIDs) {
			meeting = w.MeetingIDs[k]
		}
		status := statuses[r.IntN(len(statuses))]
		start := 2018 + r.IntN(5)
		commitments.add(id, w.ProcessID, meeting, fmt.Sprintf("Commitment %d of the generated follow-up", i+1),
			"A generated commitment to measure the dashboards: what a body undertakes, its deliverables and its indicators.",
			langs[r.IntN(len(langs))], owner, fmt.Sprintf("%d-01-01", start), fmt.Sprintf("%d-12-31", start+2+r.IntN(8)), status,
			r.IntN(10) == 0, false, w.Users["secretariat"].ID, created, created, 1)
		history.add(id, 1, "", status, created, "", "")
		if r.IntN(10) == 0 {
			if co := w.BodyIDs[r.IntN(len(w.BodyIDs))]; co != owner {
				bodies.add(id, co, "co_owner", 0)
			}
		}
		// One to three objectives, the first ones more often, and a
		// guiding principle now and then.
		codes := map[string]bool{}
		for range 1 + r.IntN(3) {
			codes[fmt.Sprintf("O%d", 1+min(r.IntN(23), r.IntN(23)))] = true
		}
		if r.IntN(5) == 0 {
			codes["P"+string(rune('a'+r.IntN(10)))] = true
		}
		for code := range codes {
			objectives.add(id, code)
		}
		var inds []string
		for k := range 3 {
			ind := benchID('D', 3*i+k)
			inds = append(inds, ind)
			if i == 0 {
				w.IndicatorIDs = append(w.IndicatorIDs, ind)
			}
			base := float64(r.IntN(50))
			indicators.add(ind, id, fmt.Sprintf("Indicator %d of commitment %d", k+1, i+1), units[r.IntN(len(units))],
				base, fmt.Sprintf("%d-01-01", start), base+float64(10+r.IntN(50)), "2030-12-31", "up_is_good",
				`["sex"]`, "Generated", k, false, created, created, 1)
		}
		inScopeA := i%5 < 3
		if inScopeA {
			scope.add(w.CycleIDs[0], id)
		}
		scope.add(w.CycleIDs[1], id)
		for n, period := range []struct {
			from, to string
			cycle    string
			deadline int64
			year     int
		}{{"2023-01-01", "2023-12-31", w.CycleIDs[0], ms(2024, 4, 1), 2023}, {"2024-01-01", "2025-12-31", w.CycleIDs[1], ms(2026, 4, 1), 2025}} {
			var cycle any
			if n == 1 || inScopeA {
				cycle = period.cycle
			}
			state := states[r.IntN(len(states))]
			var submitted, reviewed int64
			if state != "draft" {
				// Four in five on time, by up to 60 days; the others late.
				if r.IntN(5) == 0 {
					submitted = period.deadline + int64(r.IntN(60)+1)*86400000
				} else {
					submitted = period.deadline - int64(r.IntN(60)+1)*86400000
				}
			}
			if state == "accepted" || state == "returned" {
				reviewed = submitted + 7*86400000
			}
			rid := benchID('R', report)
			report++
			reports.add(rid, id, cycle, owner, period.from, period.to, strconv.Itoa(period.year), state, status, "en",
				"Generated narrative of the period.", "", "", map[bool]string{true: "Generated reason.", false: ""}[state == "returned"],
				w.Users["delegate"].ID, w.Users["delegate"].ID, submitted, w.Users["secretariat"].ID, reviewed, false, created, created, 1)
			for k, ind := range inds {
				for q := range 3 {
					on := fmt.Sprintf("%d-%02d-28", period.year, 4*q+4)
					values.add(rid, ind, on, "", "", float64(r.IntN(100)))
				}
				if k == 0 {
					values.add(rid, ind, fmt.Sprintf("%d-12-28", period.year), "sex", "female", float64(r.IntN(100)))
				}
			}
		}
	}
	for _, b := range all {
		b.flush()
		if b.err != nil {
			return b.err
		}
	}
	return tx.Commit()
}
