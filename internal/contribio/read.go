package contribio

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/store"
	"github.com/plenary-org/plenary/internal/themes/textproc"
)

// Read reads a file of contributions in format f and checks every row:
// rows are the valid ones, problems lists every problem found (by row and
// column, in file order). Nothing is stored. err reports a failure that
// is not the file's: the database could not be asked.
//
// The caller imports rows with [Create] when problems is empty, or when
// the user asked to import the valid rows only.
func Read(ctx context.Context, f Format, r io.Reader, res Resolver, o Options) (rows []Row, problems CellErrors, err error) {
	data, ferr := readAll(r, o.maxBytes())
	if ferr != nil {
		return nil, CellErrors{*ferr}, nil
	}
	var recs []record
	switch f {
	case CSV:
		recs, problems = decodeCSV(data, o)
	case XLSX:
		recs, problems = decodeXLSX(data, o)
	case JSON:
		recs, problems = decodeJSON(data, o)
	default:
		return nil, nil, domain.Invalid("format", "error.io_format", "unknown format %q: use csv, xlsx or json", string(f))
	}
	if len(recs) == 0 {
		if len(problems) == 0 {
			problems = CellErrors{fileErr("error.io_no_rows", "the file has a header but no rows")}
		}
		return nil, problems, nil
	}
	p := &parser{names: newNames(ctx, res), opts: o, ids: map[string]int{}}
	bad := map[int]bool{}
	for _, e := range problems {
		bad[e.Row] = true
	}
	for _, rec := range recs {
		c, errs, err := p.parse(&rec)
		if err != nil {
			return nil, nil, err
		}
		problems = append(problems, errs...)
		if len(errs) == 0 && !bad[rec.row] {
			rows = append(rows, Row{Line: rec.row, Contribution: c})
		}
	}
	rows, taken, err := p.existing(rows)
	if err != nil {
		return nil, nil, err
	}
	problems = append(problems, taken...)
	slices.SortStableFunc(problems, func(a, b CellError) int { return a.Row - b.Row })
	return rows, problems, nil
}

// Creator stores contributions in one transaction; *store.DB is one.
type Creator interface {
	CreateContributions(ctx context.Context, cs []*domain.Contribution) error
}

// Create stores the rows in one transaction: all or none. When the store
// refuses a row, the error is [CellErrors] naming its row in the file.
func Create(ctx context.Context, db Creator, rows []Row) error {
	cs := make([]*domain.Contribution, len(rows))
	for i, r := range rows {
		cs[i] = r.Contribution
	}
	err := db.CreateContributions(ctx, cs)
	var re *store.RowError
	if err == nil || !errors.As(err, &re) || re.Row < 1 || re.Row > len(rows) {
		return err
	}
	line := rows[re.Row-1].Line
	var es domain.Errors
	var e *domain.Error
	switch {
	case errors.As(re.Err, &es):
		out := make(CellErrors, len(es))
		for i, e := range es {
			out[i] = CellError{Row: line, Column: fieldColumn(e.Field), Err: e}
		}
		return out
	case errors.As(re.Err, &e) && e.Code == domain.EINVALID:
		return CellErrors{{Row: line, Column: fieldColumn(e.Field), Err: e}}
	}
	return fmt.Errorf("row %d: %w", line, re.Err)
}

// fieldColumn names the column of a field of a validation error.
func fieldColumn(field string) string {
	switch field {
	case "reason":
		return ColReturnReason
	case "file":
		return ""
	}
	if _, ok := columnIndex[field]; ok {
		return field
	}
	return ""
}

type parser struct {
	*names
	opts Options
	ids  map[string]int // IDs given in the file, by row
}

var idRE = regexp.MustCompile(`^[0-9a-zA-Z_-]{1,64}$`)

// rowCheck gathers the problems of one row.
type rowCheck struct {
	rec  *record
	errs CellErrors
}

func (r *rowCheck) fail(e *domain.Error) {
	r.errs = append(r.errs, CellError{Row: r.rec.row, Column: e.Field, Err: e})
}

func (r *rowCheck) bad(col, key, msg string, args ...any) {
	r.fail(domain.Invalid(col, key, msg, args...))
}

// oneLine turns the line breaks and tabs of a cell that holds one line of
// text (a title, a place, a name) into spaces: a spreadsheet cell may wrap
// its text, which the one-line fields of a contribution refuse.
func oneLine(s string) string {
	return strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ", "\t", " ").Replace(s)
}

// cell returns a cell without surrounding space.
func (r *rowCheck) cell(col string) string { return strings.TrimSpace(r.rec.get(col)) }

// parse turns one record into a contribution and lists its problems; err
// is a failure of the database.
func (p *parser) parse(rec *record) (*domain.Contribution, CellErrors, error) {
	r := &rowCheck{rec: rec}
	c := &domain.Contribution{
		ID: r.cell(ColID), Title: oneLine(rec.get(ColTitle)), Text: rec.get(ColText), Lang: strings.ToLower(r.cell(ColLang)),
		Where: oneLine(rec.get(ColWhere)), Implementer: oneLine(rec.get(ColImplementer)), Partners: rec.get(ColPartners),
		PeriodFrom: r.cell(ColPeriodFrom), PeriodTo: r.cell(ColPeriodTo), Results: rec.get(ColResults),
		Replicability: rec.get(ColReplicability), ReturnReason: rec.get(ColReturnReason),
		Links: strings.Fields(rec.get(ColLinks)), Countries: splitList(rec.get(ColCountries)),
	}
	for reg := range strings.SplitSeq(rec.get(ColRegions), ";") {
		if reg = strings.TrimSpace(reg); reg != "" {
			c.Regions = append(c.Regions, reg)
		}
	}
	p.checkID(r, c)
	if err := p.readMeeting(r, c); err != nil {
		return nil, nil, err
	}
	readCodes(r, c)
	if err := p.readReferences(r, c); err != nil {
		return nil, nil, err
	}
	readFlagsAndTimes(r, c)
	if c.Lang == "" {
		c.Lang = textproc.Detect(c.Title + "\n" + c.Text)
	}
	readTranslations(r, c)

	reported := map[string]bool{}
	for _, col := range rec.bad {
		reported[col] = true
	}
	for _, e := range r.errs {
		reported[e.Column] = true
	}
	if err := c.Validate(); err != nil {
		for _, e := range asErrors(err) {
			if col := fieldColumn(e.Field); !reported[col] {
				r.errs = append(r.errs, CellError{Row: rec.row, Column: col, Err: e})
			}
		}
	}
	return c, r.errs, nil
}

func (p *parser) checkID(r *rowCheck, c *domain.Contribution) {
	switch {
	case c.ID == "":
	case !idRE.MatchString(c.ID):
		r.bad(ColID, "error.io_id", "an ID is made of up to 64 letters, digits, - and _")
	case p.ids[c.ID] > 0:
		r.bad(ColID, "error.io_id_twice", "the ID %s is used on row %d already", c.ID, p.ids[c.ID])
	default:
		p.ids[c.ID] = r.rec.row
	}
}

// readMeeting takes the row's meeting, or the one the file goes into.
func (p *parser) readMeeting(r *rowCheck, c *domain.Contribution) error {
	c.MeetingID = r.cell(ColMeeting)
	switch {
	case c.MeetingID == "" && p.opts.MeetingID == "":
		r.bad(ColMeeting, "error.io_meeting_missing", "give the meeting's ID")
	case c.MeetingID == "":
		c.MeetingID = p.opts.MeetingID
	case p.opts.MeetingID != "" && c.MeetingID != p.opts.MeetingID:
		r.bad(ColMeeting, "error.io_meeting_other", "this file is imported into meeting %s, but the row names meeting %s", p.opts.MeetingID, c.MeetingID)
		c.MeetingID = ""
	}
	if c.MeetingID == "" {
		return nil
	}
	ok, err := p.meeting(c.MeetingID)
	if err != nil {
		return err
	}
	if !ok {
		r.bad(ColMeeting, "error.io_meeting_unknown", "there is no meeting %s", c.MeetingID)
		c.MeetingID = ""
	}
	return nil
}

// readCodes reads kind, practice type and status, and refuses the good
// practices' fields on other kinds rather than drop them.
func readCodes(r *rowCheck, c *domain.Contribution) {
	for _, f := range []struct {
		col   string
		words map[string]string
		into  func(string)
		list  string
	}{
		{ColKind, kindWords, func(v string) { c.Kind = domain.ContributionKind(v) }, codeList(domain.ContributionKinds)},
		{ColPractice, practiceWords, func(v string) { c.Practice = domain.PracticeType(v) }, codeList(domain.PracticeTypes)},
		{ColStatus, statusWords, func(v string) { c.Status = domain.Status(v) }, codeList(domain.Statuses)},
	} {
		v := r.cell(f.col)
		if v == "" {
			continue
		}
		code, ok := lookupCode(f.words, v)
		f.into(code)
		if !ok {
			r.bad(f.col, "error.io_value", "%s is not one of: %s", v, f.list)
		}
	}
	if c.Kind != domain.KindGoodPractice && c.Kind != "" {
		for _, col := range []string{ColPractice, ColWhere, ColImplementer, ColPartners, ColPeriodFrom, ColPeriodTo, ColResults, ColReplicability} {
			if r.cell(col) != "" {
				r.bad(col, "error.io_good_practice_only", "only good practices have this field: leave it empty, or make the kind good_practice")
			}
		}
	}
}

// readReferences resolves the body, the author, the guiding question and
// the framework codes.
func (p *parser) readReferences(r *rowCheck, c *domain.Contribution) error {
	if v := r.cell(ColBody); v != "" {
		id, e, err := p.body(v)
		if err != nil {
			return err
		}
		if e != nil {
			r.fail(e)
		}
		c.BodyID = id
	}
	if v := r.cell(ColAuthor); v != "" {
		id, err := p.userID(v)
		if err != nil {
			return err
		}
		if id == "" {
			r.bad(ColAuthor, "error.io_author", "no account has the e-mail address %s", v)
		}
		c.AuthorID = id
	}
	if v := r.cell(ColQuestion); v != "" && c.MeetingID != "" {
		id, e, err := p.question(c.MeetingID, v)
		if err != nil {
			return err
		}
		if e != nil {
			r.fail(e)
		}
		c.QuestionID = id
	}
	for _, g := range []struct{ col, kind string }{{ColObjectives, kindObjective}, {ColPrinciples, kindPrinciple}} {
		ids, e, err := p.gcmItems(g.col, g.kind, r.rec.get(g.col))
		if err != nil {
			return err
		}
		if e != nil {
			r.fail(e)
		}
		c.Tags = append(c.Tags, ids...)
	}
	ids, e, err := p.tags(r.rec.get(ColTags))
	if err != nil {
		return err
	}
	if e != nil {
		r.fail(e)
	}
	c.Tags = append(c.Tags, ids...)
	return nil
}

func readFlagsAndTimes(r *rowCheck, c *domain.Contribution) {
	switch strings.ToLower(r.cell(ColDemo)) {
	case "", "false", "no", "0":
	case "true", "yes", "1":
		c.Demo = true
	default:
		r.bad(ColDemo, "error.io_bool", "write true or false")
	}
	for _, t := range []struct {
		col string
		at  *time.Time
	}{{ColCreatedAt, &c.CreatedAt}, {ColSubmittedAt, &c.SubmittedAt}, {ColPublishedAt, &c.PublishedAt}} {
		if v := r.cell(t.col); v != "" {
			at, ok := parseTime(v)
			if !ok {
				r.bad(t.col, "error.io_time", "write a date and time like 2017-10-10T09:30:00Z")
			}
			*t.at = at
		}
	}
}

// readTranslations reads the translation columns; c.Lang must be known.
func readTranslations(r *rowCheck, c *domain.Contribution) {
	for _, l := range translationLangs() {
		col := ColTranslation + l
		v := r.cell(col)
		if v == "" {
			continue
		}
		t, ok := parseTranslation(v)
		if !ok {
			r.bad(col, "error.io_translation", `write a JSON object such as {"title": "…", "text": "…"}`)
			continue
		}
		t.Lang = l
		if err := t.Validate(c.Lang); err != nil {
			for _, e := range asErrors(err) {
				r.fail(&domain.Error{Code: domain.EINVALID, Field: col, Key: e.Key, Args: e.Args, Msg: e.Msg})
			}
			continue
		}
		c.Translations = append(c.Translations, t)
	}
}

func asErrors(err error) domain.Errors {
	var es domain.Errors
	var e *domain.Error
	switch {
	case errors.As(err, &es):
		return es
	case errors.As(err, &e):
		return domain.Errors{e}
	}
	return domain.Errors{{Code: domain.EINVALID, Key: "error.internal", Msg: err.Error()}}
}

// existing refuses rows whose ID is taken by a stored contribution.
func (p *parser) existing(rows []Row) ([]Row, CellErrors, error) {
	var ids []string
	for _, r := range rows {
		if r.Contribution.ID != "" {
			ids = append(ids, r.Contribution.ID)
		}
	}
	if len(ids) == 0 {
		return rows, nil, nil
	}
	found, err := p.res.ContributionsByID(p.ctx, ids)
	if err != nil {
		return nil, nil, fmt.Errorf("contribio: existing contributions: %w", err)
	}
	if len(found) == 0 {
		return rows, nil, nil
	}
	taken := map[string]bool{}
	for _, c := range found {
		taken[c.ID] = true
	}
	var errs CellErrors
	kept := rows[:0]
	for _, r := range rows {
		if taken[r.Contribution.ID] {
			errs = append(errs, cellErr(r.Line, ColID, "error.id_taken", "a contribution with this ID exists already"))
			continue
		}
		kept = append(kept, r)
	}
	return kept, errs, nil
}

func parseTime(v string) (time.Time, bool) {
	if t, err := time.Parse(time.RFC3339Nano, v); err == nil {
		return t.UTC().Truncate(time.Millisecond), true
	}
	if t, err := time.Parse(time.DateOnly, v); err == nil {
		return t, true
	}
	return time.Time{}, false
}

// translationCell is a translation as one cell holds it.
type translationCell struct {
	Title      string `json:"title"`
	Text       string `json:"text"`
	Machine    bool   `json:"machine,omitempty"`
	Translator string `json:"translator,omitempty"`
	UpdatedAt  string `json:"updated_at,omitempty"`
}

func parseTranslation(v string) (domain.Translation, bool) {
	var tc translationCell
	dec := json.NewDecoder(strings.NewReader(v))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&tc); err != nil || dec.More() {
		return domain.Translation{}, false
	}
	t := domain.Translation{Title: tc.Title, Text: tc.Text, Machine: tc.Machine, Translator: strings.TrimSpace(tc.Translator)}
	if tc.UpdatedAt != "" {
		at, ok := parseTime(tc.UpdatedAt)
		if !ok {
			return t, false
		}
		t.UpdatedAt = at
	}
	return t, true
}
