package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/themes/textproc"
)

const contributionCols = `c.id, c.seq, c.meeting_id, c.kind, c.practice_type, c.status, c.title, c.text,
	COALESCE(c.body_id, ''), COALESCE(c.author_id, ''), COALESCE(c.question_id, ''), c.lang, c.lang_detected,
	c.where_text, c.implementer, c.partners, c.period_from, c.period_to, c.results, c.replicability, c.links,
	c.return_reason, c.demo, c.submitted_at, c.published_at, c.created_at, c.updated_at, c.version, c.unattributed`

func scanContribution(r scanner) (*domain.Contribution, error) {
	c := &domain.Contribution{}
	var kind, practice, status, links string
	var sub, pub, created, updated int64
	err := r.Scan(&c.ID, &c.Seq, &c.MeetingID, &kind, &practice, &status, &c.Title, &c.Text,
		&c.BodyID, &c.AuthorID, &c.QuestionID, &c.Lang, &c.LangAuto,
		&c.Where, &c.Implementer, &c.Partners, &c.PeriodFrom, &c.PeriodTo, &c.Results, &c.Replicability, &links,
		&c.ReturnReason, &c.Demo, &sub, &pub, &created, &updated, &c.Version, &c.Unattributed)
	if err != nil {
		return nil, err
	}
	c.Kind, c.Practice, c.Status = domain.ContributionKind(kind), domain.PracticeType(practice), domain.Status(status)
	if sub != 0 {
		c.SubmittedAt = fromMS(sub)
	}
	if pub != 0 {
		c.PublishedAt = fromMS(pub)
	}
	c.CreatedAt, c.UpdatedAt = fromMS(created), fromMS(updated)
	if err := json.Unmarshal([]byte(links), &c.Links); err != nil {
		return nil, fmt.Errorf("store: links of contribution %s: %w", c.ID, err)
	}
	return c, nil
}

func msOrZero(c *domain.Contribution, which string) int64 {
	t := c.SubmittedAt
	if which == "published" {
		t = c.PublishedAt
	}
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}

// Contribution returns one contribution with its regions, countries, tags,
// translations and attachments (without their content).
func (db *DB) Contribution(ctx context.Context, id string) (*domain.Contribution, error) {
	c, err := scanContribution(db.queryRow(ctx, `SELECT `+contributionCols+` FROM contributions c WHERE c.id = ?`, id))
	if err != nil {
		return nil, db.notFound(err, "contribution")
	}
	if err := db.loadContributionDetails(ctx, []*domain.Contribution{c}, true); err != nil {
		return nil, err
	}
	return c, nil
}

// ContributionsByID returns the contributions with the given IDs, in that
// order, with regions, countries and tags; IDs that do not exist are left
// out.
func (db *DB) ContributionsByID(ctx context.Context, ids []string) ([]*domain.Contribution, error) {
	var out []*domain.Contribution
	for chunk := range slices.Chunk(ids, 500) {
		args := make([]any, len(chunk))
		for i, id := range chunk {
			args[i] = id
		}
		rows, err := db.query(ctx, `SELECT `+contributionCols+` FROM contributions c WHERE c.id IN (`+placeholders(len(chunk))+`)`, args...)
		cs, err := scanAll(rows, err, scanContribution)
		if err != nil {
			return nil, db.mapErr(err)
		}
		out = append(out, cs...)
	}
	pos := make(map[string]int, len(ids))
	for i, id := range ids {
		pos[id] = i
	}
	slices.SortFunc(out, func(a, b *domain.Contribution) int { return pos[a.ID] - pos[b.ID] })
	return out, db.loadContributionDetails(ctx, out, false)
}

// loadContributionDetails fills regions, countries and tags, and with full
// translations and attachments too.
func (db *DB) loadContributionDetails(ctx context.Context, cs []*domain.Contribution, full bool) error {
	if len(cs) == 0 {
		return nil
	}
	byID := make(map[string]*domain.Contribution, len(cs))
	for _, c := range cs {
		byID[c.ID] = c
		c.Regions, c.Countries, c.Tags, c.Translations, c.Attachments = []string{}, []string{}, []string{}, nil, nil
	}
	for chunk := range slices.Chunk(cs, 500) {
		args := make([]any, len(chunk))
		for i, c := range chunk {
			args[i] = c.ID
		}
		in := `(` + placeholders(len(chunk)) + `)`
		for _, q := range []struct {
			sql  string
			into func(c *domain.Contribution, v string)
		}{
			{`SELECT contribution_id, region FROM contribution_regions WHERE contribution_id IN ` + in + ` ORDER BY region`,
				func(c *domain.Contribution, v string) { c.Regions = append(c.Regions, v) }},
			{`SELECT contribution_id, country FROM contribution_countries WHERE contribution_id IN ` + in + ` ORDER BY country`,
				func(c *domain.Contribution, v string) { c.Countries = append(c.Countries, v) }},
			{`SELECT t.contribution_id, t.item_id FROM contribution_tags t JOIN framework_items i ON i.id = t.item_id
				JOIN frameworks f ON f.id = i.framework_id WHERE t.contribution_id IN ` + in + ` ORDER BY f.code, i.position`,
				func(c *domain.Contribution, v string) { c.Tags = append(c.Tags, v) }},
		} {
			rows, err := db.query(ctx, q.sql, args...)
			if err != nil {
				return err
			}
			for rows.Next() {
				var id, v string
				if err := rows.Scan(&id, &v); err != nil {
					rows.Close()
					return db.mapErr(err)
				}
				q.into(byID[id], v)
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return db.mapErr(err)
			}
		}
		if !full {
			continue
		}
		rows, err := db.query(ctx, `SELECT contribution_id, lang, title, text, machine, translator, updated_at FROM contribution_translations
			WHERE contribution_id IN `+in+` ORDER BY lang`, args...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var id string
			var t domain.Translation
			var at int64
			if err := rows.Scan(&id, &t.Lang, &t.Title, &t.Text, &t.Machine, &t.Translator, &at); err != nil {
				rows.Close()
				return db.mapErr(err)
			}
			t.UpdatedAt = fromMS(at)
			byID[id].Translations = append(byID[id].Translations, t)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return db.mapErr(err)
		}
		rows, err = db.query(ctx, `SELECT contribution_id, id, name, content_type, size, sha256, created_at FROM attachments
			WHERE contribution_id IN `+in+` ORDER BY created_at, id`, args...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var id string
			var a domain.Attachment
			var at int64
			if err := rows.Scan(&id, &a.ID, &a.Name, &a.ContentType, &a.Size, &a.SHA256, &at); err != nil {
				rows.Close()
				return db.mapErr(err)
			}
			a.CreatedAt = fromMS(at)
			byID[id].Attachments = append(byID[id].Attachments, a)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return db.mapErr(err)
		}
	}
	return nil
}

// prepareContribution validates c, fills the detected language and checks
// that what it refers to exists: the meeting, the body, the guiding
// question (of the same meeting) and the framework items.
func (tx *Tx) prepareContribution(ctx context.Context, c *domain.Contribution) error {
	detectLanguage(c)
	return tx.checkContribution(ctx, c)
}

// detectLanguage fills the detected language of c, and its language when
// not given.
func detectLanguage(c *domain.Contribution) {
	c.LangAuto = textproc.Detect(detectSample(c.Title, c.Text))
	if c.Lang == "" {
		c.Lang = c.LangAuto
	}
}

// checkContribution is prepareContribution once the language is known.
func (tx *Tx) checkContribution(ctx context.Context, c *domain.Contribution) error {
	var errs domain.Errors
	if err := c.Validate(); err != nil {
		var es domain.Errors
		var e *domain.Error
		switch {
		case errors.As(err, &es):
			errs = append(errs, es...)
		case errors.As(err, &e):
			errs = append(errs, e)
		default:
			return err
		}
	}
	refs := tx.refs
	if refs == nil {
		refs = &contribRefs{}
	}
	ok, err := refs.meeting(ctx, tx, c.MeetingID)
	if err != nil {
		return err
	}
	if !ok {
		return domain.NotFound("meeting")
	}
	if c.BodyID != "" {
		ok, err := refs.body(ctx, tx, c.BodyID)
		if err != nil {
			return err
		}
		if !ok {
			errs = append(errs, domain.Invalid("body", "error.unknown_body", "there is no such body"))
		}
	}
	if c.QuestionID != "" {
		q, err := refs.question(ctx, tx, c.QuestionID)
		if err != nil {
			return err
		}
		if q.kind != string(domain.ItemQuestion) || q.meeting != c.MeetingID {
			errs = append(errs, domain.Invalid("question", "error.unknown_question", "choose one of the meeting's guiding questions"))
		}
	}
	if len(c.Tags) > 0 {
		ok, err := refs.tagsExist(ctx, tx, c.Tags)
		if err != nil {
			return err
		}
		if !ok {
			errs = append(errs, domain.Invalid("tags", "error.unknown_tag", "choose tags from the reference frameworks"))
		}
	}
	return errs.Err()
}

// CreateContribution stores a new contribution as version 1. Its status is
// kept as given (draft unless told: imports may bring published ones); the
// caller decides who may do that.
func (db *DB) CreateContribution(ctx context.Context, c *domain.Contribution) error {
	return db.inTx(ctx, func(tx *Tx) error {
		if err := tx.prepareContribution(ctx, c); err != nil {
			return err
		}
		return tx.createContribution(ctx, c, true)
	})
}

// CreateContributions stores many contributions in one transaction: all or
// none. An error names the contribution by its position, from 1. The audit
// trail records one import event per meeting rather than one per row.
// What the rows refer to is looked up once for the whole batch.
func (db *DB) CreateContributions(ctx context.Context, cs []*domain.Contribution) error {
	if len(cs) == 0 {
		return nil
	}
	// Every row is checked first; then all go in with a few statements a
	// table, which is what makes a 10,000-row import take seconds, on
	// PostgreSQL above all. Should the database refuse the batch all the
	// same (an ID taken meanwhile), it is tried again row by row to name
	// the row at fault.
	saved := make([]savedFields, len(cs))
	for i, c := range cs {
		saved[i] = saveFields(c)
	}
	// The languages are detected on every processor before the
	// transaction begins.
	inParallel(len(cs), func(i int) { detectLanguage(cs[i]) })
	err := db.inTx(ctx, func(tx *Tx) error {
		tx.refs = &contribRefs{}
		for i, c := range cs {
			if err := tx.checkContribution(ctx, c); err != nil {
				return &RowError{Row: i + 1, Err: err}
			}
		}
		if err := tx.insertContributions(ctx, cs); err != nil {
			return err
		}
		return tx.auditImport(ctx, cs)
	})
	var re *RowError
	if err == nil || errors.As(err, &re) || ctx.Err() != nil {
		return err
	}
	for i := range cs {
		saved[i].restore(cs[i])
	}
	return db.inTx(ctx, func(tx *Tx) error {
		tx.refs = &contribRefs{}
		for i, c := range cs {
			if err := tx.prepareContribution(ctx, c); err != nil {
				return &RowError{Row: i + 1, Err: err}
			}
			if err := tx.createContribution(ctx, c, false); err != nil {
				return &RowError{Row: i + 1, Err: db.mapErr(err)}
			}
		}
		return tx.auditImport(ctx, cs)
	})
}

// savedFields are what a batch's attempt changes in a contribution (the
// translations' times aside, which the next attempt keeps), put back
// before the batch is tried row by row: a copy of these rather than of
// whole contributions, which for a large import held a copy of every
// row's fields besides the rows.
type savedFields struct {
	id, lang, langAuto                             string
	version                                        int
	seq                                            int64
	createdAt, updatedAt, submittedAt, publishedAt time.Time
	unattributed                                   bool
}

func saveFields(c *domain.Contribution) savedFields {
	return savedFields{c.ID, c.Lang, c.LangAuto, c.Version, c.Seq, c.CreatedAt, c.UpdatedAt, c.SubmittedAt, c.PublishedAt, c.Unattributed}
}

func (f *savedFields) restore(c *domain.Contribution) {
	c.ID, c.Lang, c.LangAuto, c.Version, c.Seq = f.id, f.lang, f.langAuto, f.version, f.seq
	c.CreatedAt, c.UpdatedAt, c.SubmittedAt, c.PublishedAt, c.Unattributed = f.createdAt, f.updatedAt, f.submittedAt, f.publishedAt, f.unattributed
}

// auditImport records one import event per meeting of a batch.
func (tx *Tx) auditImport(ctx context.Context, cs []*domain.Contribution) error {
	perMeeting := map[string]int{}
	var meetings []string
	for _, c := range cs {
		if perMeeting[c.MeetingID] == 0 {
			meetings = append(meetings, c.MeetingID)
		}
		perMeeting[c.MeetingID]++
	}
	for _, m := range meetings {
		if err := tx.audit(ctx, "import", "contribution", "", m, nil, map[string]int{"contributions": perMeeting[m]}); err != nil {
			return err
		}
	}
	return nil
}

// bulkParams is the most parameters one multi-row INSERT carries, below
// SQLite's limit (32,766) and PostgreSQL's (65,535).
const bulkParams = 30000

// insertRows inserts rows (each ncols values) into table with as few
// statements as the parameter limit allows.
func (tx *Tx) insertRows(ctx context.Context, table, cols string, ncols int, rows [][]any) error {
	return tx.insertRowsAs(ctx, table, cols, "("+placeholders(ncols)+")", rows)
}

// insertRowsAs is insertRows with the values of one row written as row,
// one ? a value.
func (tx *Tx) insertRowsAs(ctx context.Context, table, cols, row string, rows [][]any) error {
	ncols := strings.Count(row, "?")
	per := bulkParams / ncols
	for chunk := range slices.Chunk(rows, per) {
		var b strings.Builder
		b.WriteString("INSERT INTO " + table + " (" + cols + ") VALUES ")
		args := make([]any, 0, len(chunk)*ncols)
		for i, r := range chunk {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(row)
			args = append(args, r...)
		}
		if _, err := tx.exec(ctx, b.String(), args...); err != nil {
			return err
		}
	}
	return nil
}

// importChunk is how many contributions insertContributions writes at
// a time: what is derived from them (their search terms, the snapshot of
// version 1) is made for one chunk ahead of the inserts and dropped after,
// so that a large import holds a few chunks of it, not all of it.
const importChunk = 256

// importRows is the most rows one INSERT of insertContributions carries.
// Statements carry a power of two of rows, so that a few statement texts,
// each prepared once in the transaction (planned once per connection on
// PostgreSQL), write every chunk.
const importRows = 256

// derivedRow is what a contribution's rows need beyond the contribution.
type derivedRow struct {
	links, snapshot string
	index           []any
	err             error
}

// insertContributions stores checked contributions as version 1 with
// multi-row INSERTs, chunk by chunk and table by table. Their numbers
// (seq) are taken first, so that their snapshots and search index rows,
// the costly part of the work besides the database's, are made on the
// other processors while the previous chunk is written.
func (tx *Tx) insertContributions(ctx context.Context, cs []*domain.Contribution) error {
	now := tx.db.nowMS()
	seqs, err := tx.contributionSeqs(ctx, len(cs))
	if err != nil {
		return err
	}
	for i, c := range cs {
		if c.ID == "" {
			c.ID = NewID()
		}
		fillNew(c, now)
		on, err := tx.underRule(ctx, c.MeetingID)
		if err != nil {
			return err
		}
		c.Unattributed = c.Unattributed || on
		c.Seq = seqs[i]
		for j := range c.Translations {
			t := &c.Translations[j]
			if t.UpdatedAt.IsZero() {
				t.UpdatedAt = fromMS(now)
			}
			if err := t.Validate(c.Lang); err != nil {
				return err
			}
		}
	}
	ix := &tx.db.dialect.index
	actorID, actorName := "", ""
	if tx.actor != nil && tx.actor.User != nil {
		actorID, actorName = tx.actor.User.ID, tx.actor.User.Name
	}
	res, err := tx.regionResolver(ctx)
	if err != nil {
		return err
	}

	// A chunk's derived rows are made while the previous one is written.
	chunks := slices.Collect(slices.Chunk(cs, importChunk))
	ready := make(chan []derivedRow, 1)
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		defer close(ready)
		for _, chunk := range chunks {
			d := make([]derivedRow, len(chunk))
			inParallel(len(chunk), func(i int) {
				c := chunk[i]
				links, err := json.Marshal(c.Links)
				if err != nil {
					d[i].err = err
					return
				}
				snap := *c
				snap.Attachments = nil
				b, err := json.Marshal(snap)
				if err != nil {
					d[i].err = err
					return
				}
				title, body := contributionTerms(c)
				d[i] = derivedRow{links: string(links), snapshot: string(b), index: append([]any{c.Seq}, ix.values(title, body)...)}
			})
			select {
			case ready <- d:
			case <-stop:
				return
			}
		}
	}()

	const contribCols = `id, seq, meeting_id, kind, practice_type, status, title, text, body_id, author_id, question_id,
		lang, lang_detected, where_text, implementer, partners, period_from, period_to, results, replicability, links, return_reason,
		demo, submitted_at, published_at, created_at, updated_at, version, regions, tags, unattributed`
	var contribs, regions, countries, tags, translations, versions, index []any
	for _, chunk := range chunks {
		var d []derivedRow
		select {
		case d = <-ready:
		case <-ctx.Done():
			return ctx.Err()
		}
		contribs, regions, countries, tags, translations, versions, index = contribs[:0], regions[:0], countries[:0], tags[:0], translations[:0], versions[:0], index[:0]
		for i, c := range chunk {
			if d[i].err != nil {
				return d[i].err
			}
			contribs = append(contribs, c.ID, c.Seq, c.MeetingID, string(c.Kind), string(c.Practice), string(c.Status), c.Title, c.Text,
				nullIfEmpty(c.BodyID), nullIfEmpty(c.AuthorID), nullIfEmpty(c.QuestionID), c.Lang, c.LangAuto,
				c.Where, c.Implementer, c.Partners, c.PeriodFrom, c.PeriodTo, c.Results, c.Replicability, d[i].links, c.ReturnReason,
				c.Demo, msOrZero(c, "submitted"), msOrZero(c, "published"), c.CreatedAt.UnixMilli(), now, 1,
				encodeList(c.Regions), encodeList(c.Tags), c.Unattributed)
			for _, v := range c.Regions {
				regions = append(regions, c.ID, v, res.id(v))
			}
			for _, v := range c.Countries {
				countries = append(countries, c.ID, v)
			}
			for _, v := range c.Tags {
				tags = append(tags, c.ID, v)
			}
			for _, t := range c.Translations {
				translations = append(translations, c.ID, t.Lang, t.Title, t.Text, t.Machine, t.Translator, t.UpdatedAt.UnixMilli())
			}
			versions = append(versions, c.ID, 1, actorID, actorName, now, d[i].snapshot)
			index = append(index, d[i].index...)
		}
		for _, t := range []struct {
			table, cols, row string
			args             []any
		}{
			{"contributions", contribCols, "(" + placeholders(31) + ")", contribs},
			{"contribution_regions", "contribution_id, region, region_id", "(?, ?, ?)", regions},
			{"contribution_countries", "contribution_id, country", "(?, ?)", countries},
			{"contribution_tags", "contribution_id, item_id", "(?, ?)", tags},
			{"contribution_translations", "contribution_id, lang, title, text, machine, translator, updated_at", "(" + placeholders(7) + ")", translations},
			{"contribution_versions", "contribution_id, version, actor_id, actor_name, at, snapshot", "(" + placeholders(6) + ")", versions},
			{ix.table, ix.cols, ix.row, index},
		} {
			if err := tx.insertFlat(ctx, t.table, t.cols, t.row, t.args); err != nil {
				return err
			}
		}
		clear(contribs)
		clear(versions)
		clear(index)
		clear(translations)
	}
	return nil
}

// contributionSeqs takes the numbers of n new contributions.
func (tx *Tx) contributionSeqs(ctx context.Context, n int) ([]int64, error) {
	out := make([]int64, 0, n)
	if !tx.db.dialect.identity {
		var last int64
		if err := tx.queryRow(ctx, `SELECT COALESCE(MAX(seq), 0) FROM contributions`).Scan(&last); err != nil {
			return nil, err
		}
		for i := range n {
			out = append(out, last+int64(i)+1)
		}
		return out, nil
	}
	rows, err := tx.query(ctx, `SELECT nextval(pg_get_serial_sequence('contributions', 'seq')) FROM generate_series(1, ?::int)`, n)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var v int64
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// insertFlat inserts rows into table, row being one row's values (one ?
// a value) and args the rows' values one after the other, by statements
// of a power of two of rows (at most importRows), each prepared once in
// the transaction.
func (tx *Tx) insertFlat(ctx context.Context, table, cols, row string, args []any) error {
	ncols := strings.Count(row, "?")
	for len(args) > 0 {
		n := importRows
		for n*ncols > len(args) || n*ncols > bulkParams {
			n /= 2
		}
		var b strings.Builder
		b.WriteString("INSERT INTO " + table + " (" + cols + ") VALUES ")
		for i := range n {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(row)
		}
		if _, err := tx.execRow(ctx, b.String(), args[:n*ncols]...); err != nil {
			return err
		}
		args = args[n*ncols:]
	}
	return nil
}

// inParallel runs f(0) … f(n-1) on as many goroutines as there are
// processors to run them.
func inParallel(n int, f func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				f(i)
			}
		})
	}
	wg.Wait()
}

// fillNew sets what a new contribution gets: version 1 and its times (a
// submitted or published one its submission and publication times).
func fillNew(c *domain.Contribution, now int64) {
	c.Version = 1
	if c.CreatedAt.IsZero() {
		c.CreatedAt = fromMS(now)
	}
	c.UpdatedAt = fromMS(now)
	if c.Status == domain.StatusSubmitted && c.SubmittedAt.IsZero() {
		c.SubmittedAt = fromMS(now)
	}
	if c.Status == domain.StatusPublished && c.PublishedAt.IsZero() {
		c.PublishedAt = fromMS(now)
		if c.SubmittedAt.IsZero() {
			c.SubmittedAt = c.PublishedAt
		}
	}
}

// RowError is a failure of one row of a batch, numbered from 1.
type RowError struct {
	Row int
	Err error
}

func (e *RowError) Error() string { return fmt.Sprintf("row %d: %v", e.Row, e.Err) }
func (e *RowError) Unwrap() error { return e.Err }

func (tx *Tx) createContribution(ctx context.Context, c *domain.Contribution, audit bool) error {
	now := tx.db.nowMS()
	if c.ID == "" {
		c.ID = NewID()
	}
	fillNew(c, now)
	on, err := tx.underRule(ctx, c.MeetingID)
	if err != nil {
		return err
	}
	c.Unattributed = c.Unattributed || on
	links, err := json.Marshal(c.Links)
	if err != nil {
		return err
	}
	q := `INSERT INTO contributions (id, seq, meeting_id, kind, practice_type, status, title, text, body_id, author_id, question_id,
		lang, lang_detected, where_text, implementer, partners, period_from, period_to, results, replicability, links, return_reason,
		demo, submitted_at, published_at, created_at, updated_at, version, unattributed)
		VALUES (?, %s, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?) RETURNING seq`
	if err := tx.queryRowRow(ctx, fmt.Sprintf(q, tx.db.dialect.nextSeq("contributions")), c.ID, c.MeetingID, string(c.Kind), string(c.Practice), string(c.Status), c.Title, c.Text,
		nullIfEmpty(c.BodyID), nullIfEmpty(c.AuthorID), nullIfEmpty(c.QuestionID), c.Lang, c.LangAuto,
		c.Where, c.Implementer, c.Partners, c.PeriodFrom, c.PeriodTo, c.Results, c.Replicability, string(links), c.ReturnReason,
		c.Demo, msOrZero(c, "submitted"), msOrZero(c, "published"), c.CreatedAt.UnixMilli(), now, c.Unattributed).Scan(&c.Seq); err != nil {
		if domain.ErrorCode(tx.db.mapErr(err)) == domain.ECONFLICT {
			return domain.Invalid("id", "error.id_taken", "a contribution with this ID exists already")
		}
		return err
	}
	if err := tx.writeContributionLists(ctx, c, false); err != nil {
		return err
	}
	for i := range c.Translations {
		if err := tx.putTranslation(ctx, c, &c.Translations[i]); err != nil {
			return err
		}
	}
	if err := tx.saveVersion(ctx, c); err != nil {
		return err
	}
	if err := tx.indexContribution(ctx, c); err != nil {
		return err
	}
	if !audit {
		return nil
	}
	return tx.auditRecord(ctx, recordOf(c), "create", "contribution", c.ID, c.MeetingID, nil, c)
}

// recordOf is what the audit trail needs to know of c.
func recordOf(c *domain.Contribution) record {
	return record{unattributed: c.Unattributed, authorID: c.AuthorID}
}

func nullIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// writeContributionLists writes regions, countries and tags, replacing
// the old ones when replace is set, and the copies of the regions and tags
// that search counts from.
func (tx *Tx) writeContributionLists(ctx context.Context, c *domain.Contribution, replace bool) error {
	if _, err := tx.exec(ctx, `UPDATE contributions SET regions = ?, tags = ? WHERE id = ?`, encodeList(c.Regions), encodeList(c.Tags), c.ID); err != nil {
		return err
	}
	if replace {
		if _, err := tx.exec(ctx, `DELETE FROM contribution_regions WHERE contribution_id = ?`, c.ID); err != nil {
			return err
		}
	}
	if len(c.Regions) > 0 {
		res, err := tx.regionResolver(ctx)
		if err != nil {
			return err
		}
		for _, v := range c.Regions {
			if _, err := tx.execRow(ctx, `INSERT INTO contribution_regions (contribution_id, region, region_id) VALUES (?, ?, ?)`, c.ID, v, res.id(v)); err != nil {
				return err
			}
		}
	}
	for _, l := range []struct {
		table, col string
		vals       []string
	}{{"contribution_countries", "country", c.Countries}, {"contribution_tags", "item_id", c.Tags}} {
		if replace {
			if _, err := tx.exec(ctx, `DELETE FROM `+l.table+` WHERE contribution_id = ?`, c.ID); err != nil {
				return err
			}
		}
		for _, v := range l.vals {
			if _, err := tx.execRow(ctx, `INSERT INTO `+l.table+` (contribution_id, `+l.col+`) VALUES (?, ?)`, c.ID, v); err != nil {
				return err
			}
		}
	}
	return nil
}

// saveVersion records c as it now is under its version number.
func (tx *Tx) saveVersion(ctx context.Context, c *domain.Contribution) error {
	snap := *c
	snap.Attachments = nil
	b, err := json.Marshal(snap)
	if err != nil {
		return err
	}
	var actorID, actorName string
	if tx.actor != nil && tx.actor.User != nil {
		actorID, actorName = tx.actor.User.ID, tx.actor.User.Name
	}
	_, err = tx.execRow(ctx, `INSERT INTO contribution_versions (contribution_id, version, actor_id, actor_name, at, snapshot) VALUES (?, ?, ?, ?, ?, ?)`,
		c.ID, c.Version, actorID, actorName, tx.db.nowMS(), string(b))
	return err
}

// loadForUpdate reads a contribution inside a write transaction, with its
// lists and translations.
func (tx *Tx) loadForUpdate(ctx context.Context, id string) (*domain.Contribution, error) {
	c, err := scanContribution(tx.queryRow(ctx, `SELECT `+contributionCols+` FROM contributions c WHERE c.id = ?`, id))
	if err != nil {
		return nil, tx.db.notFound(err, "contribution")
	}
	// Reads see the transaction's own writes only through tx; the lists are
	// read before anything is written, so the read pool is consistent
	// enough on SQLite (one writer) and on PostgreSQL (row versions).
	if err := tx.db.loadContributionDetails(ctx, []*domain.Contribution{c}, true); err != nil {
		return nil, err
	}
	return c, nil
}

// UpdateContribution saves the editable fields of c (not its status, meeting
// or author) as a new version; ECONFLICT when c.Version is not the stored
// one. Translations and attachments are left as they are.
func (db *DB) UpdateContribution(ctx context.Context, c *domain.Contribution) error {
	return db.inTx(ctx, func(tx *Tx) error {
		before, err := tx.loadForUpdate(ctx, c.ID)
		if err != nil {
			return err
		}
		if before.Version != c.Version {
			return domain.Conflict("this contribution")
		}
		c.MeetingID, c.Status, c.AuthorID, c.Seq, c.Demo = before.MeetingID, before.Status, before.AuthorID, before.Seq, before.Demo
		c.ReturnReason, c.SubmittedAt, c.PublishedAt, c.CreatedAt = before.ReturnReason, before.SubmittedAt, before.PublishedAt, before.CreatedAt
		c.Unattributed = before.Unattributed
		if err := tx.prepareContribution(ctx, c); err != nil {
			return err
		}
		if err := tx.stampContribution(ctx, c); err != nil {
			return err
		}
		links, err := json.Marshal(c.Links)
		if err != nil {
			return err
		}
		now := db.nowMS()
		if err := tx.execOne(ctx, domain.Conflict("this contribution"), `UPDATE contributions SET kind = ?, practice_type = ?, title = ?, text = ?, body_id = ?, question_id = ?,
			lang = ?, lang_detected = ?, where_text = ?, implementer = ?, partners = ?, period_from = ?, period_to = ?, results = ?,
			replicability = ?, links = ?, updated_at = ?, version = version + 1 WHERE id = ? AND version = ?`,
			string(c.Kind), string(c.Practice), c.Title, c.Text, nullIfEmpty(c.BodyID), nullIfEmpty(c.QuestionID),
			c.Lang, c.LangAuto, c.Where, c.Implementer, c.Partners, c.PeriodFrom, c.PeriodTo, c.Results,
			c.Replicability, string(links), now, c.ID, c.Version); err != nil {
			return err
		}
		if err := tx.writeContributionLists(ctx, c, true); err != nil {
			return err
		}
		c.Version++
		c.UpdatedAt = fromMS(now)
		c.Translations, c.Attachments = before.Translations, before.Attachments
		if err := tx.saveVersion(ctx, c); err != nil {
			return err
		}
		if err := tx.indexContribution(ctx, c); err != nil {
			return err
		}
		return tx.auditRecord(ctx, recordOf(c), "update", "contribution", c.ID, c.MeetingID, before, c)
	})
}

// TransitionContribution takes a workflow step on the contribution at the
// given version; returning needs a reason. It returns the contribution as
// it now is. The caller checks who may take the step. It tells nobody:
// see [DB.TransitionContributionNotify].
func (db *DB) TransitionContribution(ctx context.Context, id string, version int, t domain.Transition, reason string) (*domain.Contribution, error) {
	return db.TransitionContributionNotify(ctx, id, version, t, reason, nil)
}

// ContributionNotices makes the notifications of a workflow step t, given
// the contribution as the step left it: the use case's rule of who is
// told what, applied by the store inside the step's transaction.
type ContributionNotices func(c *domain.Contribution, t domain.Transition) []*Notification

// TransitionContributionNotify is [DB.TransitionContribution] that also
// stores the notifications notices makes of the step (nil for none), in
// the step's transaction.
func (db *DB) TransitionContributionNotify(ctx context.Context, id string, version int, t domain.Transition, reason string, notices ContributionNotices) (*domain.Contribution, error) {
	var out *domain.Contribution
	err := db.inTx(ctx, func(tx *Tx) error {
		c, err := tx.loadForUpdate(ctx, id)
		if err != nil {
			return err
		}
		if c.Version != version {
			return domain.Conflict("this contribution")
		}
		next, ok := t.Next(c.Status)
		if !ok {
			return domain.Invalid("status", "error.transition", "this step cannot be taken from the contribution's present state")
		}
		reason = strings.TrimSpace(reason)
		if t == domain.TransReturn && reason == "" {
			return domain.Invalid("reason", "error.return_reason", "say why the contribution is returned, so that its author can act on it")
		}
		before := *c
		now := db.nowMS()
		c.Status = next
		c.ReturnReason = ""
		if t == domain.TransReturn {
			c.ReturnReason = reason
		}
		if next == domain.StatusSubmitted {
			c.SubmittedAt = fromMS(now)
		}
		if next == domain.StatusPublished {
			c.PublishedAt = fromMS(now)
		}
		if err := c.Validate(); err != nil {
			return err
		}
		if err := tx.stampContribution(ctx, c); err != nil {
			return err
		}
		if err := tx.execOne(ctx, domain.Conflict("this contribution"), `UPDATE contributions SET status = ?, return_reason = ?, submitted_at = ?,
			published_at = ?, updated_at = ?, version = version + 1 WHERE id = ? AND version = ?`,
			string(c.Status), c.ReturnReason, msOrZero(c, "submitted"), msOrZero(c, "published"), now, c.ID, c.Version); err != nil {
			return err
		}
		c.Version++
		c.UpdatedAt = fromMS(now)
		if err := tx.saveVersion(ctx, c); err != nil {
			return err
		}
		out = c
		if notices != nil {
			if _, err := tx.addNotifications(ctx, notices(c, t)); err != nil {
				return err
			}
		}
		return tx.auditRecord(ctx, recordOf(c), string(t), "contribution", c.ID, c.MeetingID, map[string]any{"status": before.Status}, map[string]any{"status": c.Status, "reason": c.ReturnReason})
	})
	return out, err
}

// ContributionVersions returns every saved state of a contribution, the
// newest first.
func (db *DB) ContributionVersions(ctx context.Context, id string) ([]domain.ContributionVersion, error) {
	rows, err := db.query(ctx, `SELECT version, actor_id, actor_name, at, snapshot FROM contribution_versions WHERE contribution_id = ? ORDER BY version DESC`, id)
	vs, err := scanAll(rows, err, func(r scanner) (domain.ContributionVersion, error) {
		var v domain.ContributionVersion
		var at int64
		err := r.Scan(&v.Version, &v.ActorID, &v.ActorName, &at, &v.Snapshot)
		v.At = fromMS(at)
		return v, err
	})
	return vs, db.mapErr(err)
}

// ContributionVersion returns one saved state of a contribution, decoded.
func (db *DB) ContributionVersion(ctx context.Context, id string, version int) (*domain.Contribution, *domain.ContributionVersion, error) {
	var v domain.ContributionVersion
	var at int64
	err := db.queryRow(ctx, `SELECT version, actor_id, actor_name, at, snapshot FROM contribution_versions WHERE contribution_id = ? AND version = ?`, id, version).
		Scan(&v.Version, &v.ActorID, &v.ActorName, &at, &v.Snapshot)
	if err != nil {
		return nil, nil, db.notFound(err, "version")
	}
	v.At = fromMS(at)
	c := &domain.Contribution{}
	if err := json.Unmarshal([]byte(v.Snapshot), c); err != nil {
		return nil, nil, fmt.Errorf("store: version %d of contribution %s: %w", version, id, err)
	}
	return c, &v, nil
}

// PutTranslation adds or replaces the translation of a contribution into
// t.Lang; it makes a new version. ECONFLICT when version is stale.
func (db *DB) PutTranslation(ctx context.Context, id string, version int, t domain.Translation) (*domain.Contribution, error) {
	return db.changeTranslations(ctx, id, version, func(tx *Tx, c *domain.Contribution) error {
		if err := t.Validate(c.Lang); err != nil {
			return err
		}
		if err := tx.putTranslation(ctx, c, &t); err != nil {
			return err
		}
		i := slices.IndexFunc(c.Translations, func(x domain.Translation) bool { return x.Lang == t.Lang })
		if i >= 0 {
			c.Translations[i] = t
		} else {
			c.Translations = append(c.Translations, t)
			slices.SortFunc(c.Translations, func(a, b domain.Translation) int { return strings.Compare(a.Lang, b.Lang) })
		}
		return nil
	})
}

// DeleteTranslation removes the translation into lang.
func (db *DB) DeleteTranslation(ctx context.Context, id string, version int, lang string) (*domain.Contribution, error) {
	return db.changeTranslations(ctx, id, version, func(tx *Tx, c *domain.Contribution) error {
		if err := tx.execOne(ctx, domain.NotFound("translation"), `DELETE FROM contribution_translations WHERE contribution_id = ? AND lang = ?`, id, lang); err != nil {
			return err
		}
		c.Translations = slices.DeleteFunc(c.Translations, func(x domain.Translation) bool { return x.Lang == lang })
		return nil
	})
}

func (db *DB) changeTranslations(ctx context.Context, id string, version int, fn func(tx *Tx, c *domain.Contribution) error) (*domain.Contribution, error) {
	var out *domain.Contribution
	err := db.inTx(ctx, func(tx *Tx) error {
		c, err := tx.loadForUpdate(ctx, id)
		if err != nil {
			return err
		}
		if c.Version != version {
			return domain.Conflict("this contribution")
		}
		if c.Status == domain.StatusWithdrawn {
			return domain.Invalid("status", "error.withdrawn", "a withdrawn contribution cannot be changed; reopen it first")
		}
		before := slices.Clone(c.Translations)
		if err := fn(tx, c); err != nil {
			return err
		}
		if err := tx.stampContribution(ctx, c); err != nil {
			return err
		}
		now := db.nowMS()
		if err := tx.execOne(ctx, domain.Conflict("this contribution"), `UPDATE contributions SET updated_at = ?, version = version + 1 WHERE id = ? AND version = ?`,
			now, id, c.Version); err != nil {
			return err
		}
		c.Version++
		c.UpdatedAt = fromMS(now)
		if err := tx.saveVersion(ctx, c); err != nil {
			return err
		}
		if err := tx.indexContribution(ctx, c); err != nil {
			return err
		}
		out = c
		return tx.auditRecord(ctx, recordOf(c), "translate", "contribution", id, c.MeetingID, before, c.Translations)
	})
	return out, err
}

func (tx *Tx) putTranslation(ctx context.Context, c *domain.Contribution, t *domain.Translation) error {
	now := tx.db.nowMS()
	if t.UpdatedAt.IsZero() {
		t.UpdatedAt = fromMS(now)
	}
	if err := t.Validate(c.Lang); err != nil {
		return err
	}
	_, err := tx.exec(ctx, `INSERT INTO contribution_translations (contribution_id, lang, title, text, machine, translator, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (contribution_id, lang) DO UPDATE SET title = excluded.title, text = excluded.text,
		machine = excluded.machine, translator = excluded.translator, updated_at = excluded.updated_at`,
		c.ID, t.Lang, t.Title, t.Text, t.Machine, t.Translator, t.UpdatedAt.UnixMilli())
	return err
}

// GuidingQuestions returns a meeting's guiding questions in agenda order:
// by session, then part, then position.
func (db *DB) GuidingQuestions(ctx context.Context, meetingID string) ([]*domain.AgendaItem, error) {
	q := `SELECT i.id, i.meeting_id, COALESCE(i.session_id, ''), COALESCE(i.part_id, ''), COALESCE(i.parent_id, ''), i.kind, i.label, i.text,
		i.footnotes, i.position, i.version FROM agenda_items i
		LEFT JOIN meeting_sessions s ON s.id = i.session_id LEFT JOIN session_parts p ON p.id = i.part_id
		WHERE i.meeting_id = ? AND i.kind = ? ORDER BY COALESCE(s.position, 0), COALESCE(p.position, 0), i.position, i.id`
	rows, err := db.query(ctx, q, meetingID, string(domain.ItemQuestion))
	items, err := scanAll(rows, err, scanItem)
	return items, db.mapErr(err)
}

// detectSample is what language detection reads of a contribution: the
// title and the start of the text, enough to tell the language and
// bounded in cost.
func detectSample(title, text string) string {
	const most = 400 // bytes of text
	if len(text) > most {
		cut := most
		for cut > 0 && !utf8.RuneStart(text[cut]) {
			cut--
		}
		text = text[:cut]
	}
	return title + "\n" + text
}

// contribRefs remembers, for a batch, what its contributions refer to.
type contribRefs struct {
	meetings, bodies map[string]bool
	questions        map[string]questionRef
	tags             map[string]bool // every framework item, once loaded
}

type questionRef struct{ kind, meeting string }

func (r *contribRefs) meeting(ctx context.Context, tx *Tx, id string) (bool, error) {
	return exists(ctx, tx, &r.meetings, "meetings", id)
}

func (r *contribRefs) body(ctx context.Context, tx *Tx, id string) (bool, error) {
	return exists(ctx, tx, &r.bodies, "bodies", id)
}

// exists reports whether table has a row with the ID, remembering the
// answer in *seen.
func exists(ctx context.Context, tx *Tx, seen *map[string]bool, table, id string) (bool, error) {
	if ok, found := (*seen)[id]; found {
		return ok, nil
	}
	var n int
	if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM `+table+` WHERE id = ?`, id).Scan(&n); err != nil {
		return false, err
	}
	if *seen == nil {
		*seen = map[string]bool{}
	}
	(*seen)[id] = n > 0
	return n > 0, nil
}

func (r *contribRefs) question(ctx context.Context, tx *Tx, id string) (questionRef, error) {
	if q, seen := r.questions[id]; seen {
		return q, nil
	}
	var q questionRef
	err := tx.queryRow(ctx, `SELECT kind, meeting_id FROM agenda_items WHERE id = ?`, id).Scan(&q.kind, &q.meeting)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return q, err
	}
	if r.questions == nil {
		r.questions = map[string]questionRef{}
	}
	r.questions[id] = q
	return q, nil
}

func (r *contribRefs) tagsExist(ctx context.Context, tx *Tx, ids []string) (bool, error) {
	if r.tags == nil {
		rows, err := tx.query(ctx, `SELECT id FROM framework_items`)
		if err != nil {
			return false, err
		}
		r.tags = map[string]bool{}
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return false, err
			}
			r.tags[id] = true
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return false, err
		}
	}
	for _, id := range ids {
		if !r.tags[id] {
			return false, nil
		}
	}
	return true, nil
}
