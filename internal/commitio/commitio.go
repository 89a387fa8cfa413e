// Package commitio reads and writes files of commitments with their
// indicators (docs/FOLLOW-UP.md, "Import and export"): CSV, XLSX and JSON.
// It is pure: it turns bytes into rows of named cells, each with the line
// a person sees in their spreadsheet, and commitments into bytes. Which
// body a name means, and whether a row is a valid commitment, is package
// followup's to say, with the row and column of every problem.
//
// A file is a table, one row per commitment and indicator: the columns of
// the commitment ([CommitmentColumns]) and those of one of its indicators
// ([IndicatorColumns]). Rows that carry the same id are one commitment
// with several indicators (the commitment's cells are read from its first
// row); a row without an id is a commitment of its own. JSON holds a list
// of commitment objects whose keys are the column names, with lists for
// the columns of several values and their indicators as a list of objects
// under "indicators" (keys without the "indicator_" prefix).
package commitio

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/plenary-org/plenary/internal/contribio"
	"github.com/plenary-org/plenary/internal/domain"
)

// The columns of a commitment.
const (
	ColID            = "id"
	ColTitle         = "title"
	ColText          = "text"
	ColLang          = "lang"
	ColOwner         = "owner"
	ColCoOwners      = "co_owners"
	ColPartners      = "partners"
	ColObjectives    = "objectives"
	ColMeeting       = "meeting"
	ColStartOn       = "start_on"
	ColDueOn         = "due_on"
	ColStatus        = "status"
	ColSeeksSupport  = "seeks_support"
	ColDeliverables  = "deliverables"
	ColContributions = "contributions"
)

// The columns of an indicator; latest_value and latest_on are written,
// and ignored when read.
const (
	ColIndicator      = "indicator"
	ColUnit           = "unit"
	ColBaseline       = "baseline"
	ColBaselineOn     = "baseline_on"
	ColTarget         = "target"
	ColTargetOn       = "target_on"
	ColDirection      = "direction"
	ColDisaggregation = "disaggregation"
	ColSource         = "source"
	ColLatestValue    = "latest_value"
	ColLatestOn       = "latest_on"
)

// CommitmentColumns and IndicatorColumns are the columns in the order
// files are written.
var (
	CommitmentColumns = []string{ColID, ColTitle, ColText, ColLang, ColOwner, ColCoOwners, ColPartners, ColObjectives, ColMeeting,
		ColStartOn, ColDueOn, ColStatus, ColSeeksSupport, ColDeliverables, ColContributions}
	IndicatorColumns = []string{ColIndicator, ColUnit, ColBaseline, ColBaselineOn, ColTarget, ColTargetOn, ColDirection,
		ColDisaggregation, ColSource, ColLatestValue, ColLatestOn}
	// Required are the columns a file must have.
	Required = []string{ColTitle, ColText, ColLang, ColOwner}
)

// ListSep separates the values of a cell that holds several (co-owners,
// partners, objectives, contributions, dimensions); a deliverable takes a
// line of its own.
const ListSep = "; "

// Limits of a file read.
const (
	MaxRows  = 10000
	MaxBytes = 20 << 20
)

// Row is one row of a file: its cells by column name, and its line as
// the person sees it (the header is line 1; in JSON, the n-th commitment
// is row n, all its indicators included).
type Row struct {
	Line  int
	Cells map[string]string
}

// Get returns the cell of column col, trimmed.
func (r Row) Get(col string) string { return strings.TrimSpace(r.Cells[col]) }

// Split returns the values of a cell of several, without empty ones.
func Split(cell string) []string {
	var out []string
	for _, v := range strings.FieldsFunc(cell, func(r rune) bool { return r == ';' || r == '\n' }) {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

func known(col string) bool {
	return slices.Contains(CommitmentColumns, col) || slices.Contains(IndicatorColumns, col)
}

func fileErr(key, msg string, args ...any) contribio.CellError {
	return contribio.CellError{Err: domain.Invalid("file", key, msg, args...)}
}

func cellErr(row int, col, key, msg string, args ...any) contribio.CellError {
	return contribio.CellError{Row: row, Column: col, Err: domain.Invalid(col, key, msg, args...)}
}

// Read reads a file of format f: every problem it finds with the file's
// shape, with its row and column; rows only when there is none.
func Read(f contribio.Format, r io.Reader) ([]Row, contribio.CellErrors) {
	data, err := io.ReadAll(io.LimitReader(r, MaxBytes+1))
	if err != nil {
		return nil, contribio.CellErrors{fileErr("error.io_read", "the file cannot be read: %v", err)}
	}
	if len(data) > MaxBytes {
		return nil, contribio.CellErrors{fileErr("error.io_too_large", "the file is larger than %d MB", MaxBytes>>20)}
	}
	var rows []Row
	var errs contribio.CellErrors
	switch f {
	case contribio.CSV:
		rows, errs = readCSV(data)
	case contribio.XLSX:
		rows, errs = readXLSX(data)
	case contribio.JSON:
		rows, errs = readJSON(data)
	default:
		return nil, contribio.CellErrors{fileErr("error.io_format", "unknown format %q: use csv, xlsx or json", string(f))}
	}
	if len(errs) == 0 && len(rows) == 0 {
		errs = append(errs, fileErr("error.io_no_rows", "the file has a header but no rows"))
	}
	for _, row := range rows {
		for col, v := range row.Cells {
			if e := domain.CheckText(col, v); e != nil {
				errs = append(errs, contribio.CellError{Row: row.Line, Column: col, Err: e.(*domain.Error)})
			}
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return rows, nil
}

// table turns a header and its rows into Rows.
type table struct {
	cols []string
	rows []Row
	errs contribio.CellErrors
}

func (t *table) header(cells []string) bool {
	var unknown []string
	for _, c := range cells {
		c = strings.ToLower(strings.TrimSpace(c))
		if c != "" && !known(c) {
			unknown = append(unknown, c)
		}
		if c != "" && slices.Contains(t.cols, c) {
			t.errs = append(t.errs, fileErr("error.io_column_twice", "the column %s appears twice", c))
		}
		t.cols = append(t.cols, c)
	}
	if len(unknown) > 0 {
		t.errs = append(t.errs, fileErr("error.io_unknown_columns", "unknown columns: %s; use the column names of the template", strings.Join(unknown, ", ")))
	}
	for _, c := range Required {
		if !slices.Contains(t.cols, c) {
			t.errs = append(t.errs, fileErr("error.io_missing_column", "the header has no column %s", c))
		}
	}
	return len(t.errs) == 0
}

// add adds a row; false once the file holds too many.
func (t *table) add(line int, cells []string) bool {
	empty := true
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			empty = false
		}
	}
	if empty {
		return true
	}
	if len(t.rows) >= MaxRows {
		t.errs = append(t.errs, fileErr("error.io_too_many_rows", "a file holds at most %d rows", MaxRows))
		return false
	}
	row := Row{Line: line, Cells: map[string]string{}}
	for i, c := range cells {
		if i >= len(t.cols) {
			if strings.TrimSpace(c) != "" {
				t.errs = append(t.errs, cellErr(line, "", "error.io_extra_cells", "this row has more cells than the header has columns"))
			}
			break
		}
		if t.cols[i] != "" {
			row.Cells[t.cols[i]] = unprotect(c)
		}
	}
	t.rows = append(t.rows, row)
	return true
}

func readCSV(data []byte) ([]Row, contribio.CellErrors) {
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	if !utf8.Valid(data) {
		return nil, contribio.CellErrors{fileErr("error.io_encoding", "the file is not UTF-8 text; save it as CSV UTF-8 and try again")}
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.Comma = delimiter(data)
	cr.FieldsPerRecord = -1
	head, err := cr.Read()
	if err != nil {
		return nil, contribio.CellErrors{fileErr("error.io_empty", "the file is empty or its first row cannot be read: it must be a header naming the columns")}
	}
	t := &table{}
	if !t.header(head) {
		return nil, t.errs
	}
	// Rows are numbered as a spreadsheet shows the file: a cell of several
	// lines is one row, and a blank line, which the CSV reader skips, is
	// an empty row all the same.
	row, end := 1, lastLine(cr, head)
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		row++
		if err != nil {
			t.errs = append(t.errs, cellErr(row, "", "error.io_csv_quote", "a quoted cell is not closed, or a quote stands inside a cell that is not quoted (line %d of the file)", csvLine(err)))
			break
		}
		start, _ := cr.FieldPos(0)
		row += max(start-end-1, 0)
		end = lastLine(cr, rec)
		if !t.add(row, rec) {
			break
		}
	}
	return t.rows, t.errs
}

func csvLine(err error) int {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return pe.StartLine
	}
	return 0
}

// lastLine returns the line of the file on which the record just read ends.
func lastLine(cr *csv.Reader, rec []string) int {
	line, _ := cr.FieldPos(len(rec) - 1)
	return line + strings.Count(rec[len(rec)-1], "\n")
}

func delimiter(data []byte) rune {
	first, _, _ := bytes.Cut(data, []byte("\n"))
	best, n := ',', bytes.Count(first, []byte(","))
	for _, d := range []rune{';', '\t'} {
		if c := bytes.Count(first, []byte(string(d))); c > n {
			best, n = d, c
		}
	}
	return best
}

// formulaStart are the first characters that make a spreadsheet read a
// CSV cell as a formula; a quote protects them, as in package contribio.
const formulaStart = "=+-@\t\r'"

func protect(s string) string {
	if s != "" && strings.IndexByte(formulaStart, s[0]) >= 0 {
		return "'" + s
	}
	return s
}

func unprotect(s string) string {
	if len(s) > 1 && s[0] == '\'' && strings.IndexByte(formulaStart, s[1]) >= 0 {
		return s[1:]
	}
	return s
}

// SheetName is the worksheet written, and read when a workbook has it
// (else its first).
const SheetName = "commitments"

func readXLSX(data []byte) ([]Row, contribio.CellErrors) {
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: 16 * MaxBytes})
	if err != nil {
		return nil, contribio.CellErrors{fileErr("error.io_xlsx", "the file is not an Excel workbook (.xlsx)")}
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, contribio.CellErrors{fileErr("error.io_empty", "the file is empty or its first row cannot be read: it must be a header naming the columns")}
	}
	sheet := sheets[0]
	for _, s := range sheets {
		if strings.EqualFold(s, SheetName) {
			sheet = s
		}
	}
	rows, err := f.Rows(sheet)
	if err != nil {
		return nil, contribio.CellErrors{fileErr("error.io_xlsx", "the file is not an Excel workbook (.xlsx)")}
	}
	defer rows.Close()
	t := &table{}
	line := 0
	for rows.Next() {
		line++
		cells, err := rows.Columns()
		if err != nil {
			t.errs = append(t.errs, cellErr(line, "", "error.io_read", "the file cannot be read: %v", err))
			break
		}
		if line == 1 {
			if !t.header(cells) {
				return nil, t.errs
			}
			continue
		}
		if !t.add(line, cells) {
			break
		}
	}
	if line == 0 {
		return nil, contribio.CellErrors{fileErr("error.io_empty", "the file is empty or its first row cannot be read: it must be a header naming the columns")}
	}
	return t.rows, t.errs
}

// jsonCell turns a JSON value into a cell: text, a number, true or false,
// or a list of texts joined with [ListSep] (a deliverable per line).
func jsonCell(col string, raw json.RawMessage) (string, bool) {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s, true
	}
	var n json.Number
	if json.Unmarshal(raw, &n) == nil {
		return n.String(), true
	}
	var b bool
	if json.Unmarshal(raw, &b) == nil {
		return strconv.FormatBool(b), true
	}
	if string(bytes.TrimSpace(raw)) == "null" {
		return "", true
	}
	var l []string
	if json.Unmarshal(raw, &l) == nil {
		sep := ListSep
		if col == ColDeliverables {
			sep = "\n"
		}
		return strings.Join(l, sep), true
	}
	if col == ColDeliverables {
		var ds []domain.Deliverable
		if json.Unmarshal(raw, &ds) == nil {
			lines := make([]string, len(ds))
			for i, d := range ds {
				lines[i] = FormatDeliverable(d)
			}
			return strings.Join(lines, "\n"), true
		}
	}
	return "", false
}

func readJSON(data []byte) ([]Row, contribio.CellErrors) {
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	var list []json.RawMessage
	if err := json.Unmarshal(data, &list); err != nil {
		var wrapper struct {
			Commitments []json.RawMessage `json:"commitments"`
		}
		var se *json.SyntaxError
		if errors.As(err, &se) {
			line := 1 + bytes.Count(data[:min(int(se.Offset), len(data))], []byte("\n"))
			return nil, contribio.CellErrors{fileErr("error.io_json_syntax", "the file is not valid JSON (line %d)", line)}
		}
		if json.Unmarshal(data, &wrapper) != nil || wrapper.Commitments == nil {
			return nil, contribio.CellErrors{fileErr("followup.error_json_shape", "the file must hold a list of commitments, or an object with a \"commitments\" list")}
		}
		list = wrapper.Commitments
	}
	if len(list) > MaxRows {
		return nil, contribio.CellErrors{fileErr("error.io_too_many_rows", "a file holds at most %d rows", MaxRows)}
	}
	var rows []Row
	var errs contribio.CellErrors
	for i, raw := range list {
		line := i + 1
		var obj map[string]json.RawMessage
		if json.Unmarshal(raw, &obj) != nil {
			errs = append(errs, cellErr(line, "", "error.io_json_object", "each entry of the list must be an object whose keys are column names"))
			continue
		}
		base := Row{Line: line, Cells: map[string]string{ColID: "#" + strconv.Itoa(line)}}
		var inds []map[string]json.RawMessage
		for k, v := range obj {
			k = strings.ToLower(k)
			if k == "indicators" {
				if json.Unmarshal(v, &inds) != nil {
					errs = append(errs, cellErr(line, k, "error.io_json_object", "each entry of the list must be an object whose keys are column names"))
				}
				continue
			}
			if !slices.Contains(CommitmentColumns, k) && k != "recommendations" {
				errs = append(errs, cellErr(line, "", "error.io_unknown_columns", "unknown columns: %s; use the column names of the template", k))
				continue
			}
			if k == ColID || k == "recommendations" {
				// JSON rows are grouped by their place in the list; a
				// recommendation is answered in the product, from the
				// adopted document, never from a file.
				continue
			}
			cell, ok := jsonCell(k, v)
			if !ok {
				errs = append(errs, cellErr(line, k, "error.io_json_value", "must be text, a number, true or false, or a list of texts"))
			}
			base.Cells[k] = cell
		}
		if len(inds) == 0 {
			rows = append(rows, base)
			continue
		}
		for _, ind := range inds {
			row := Row{Line: line, Cells: map[string]string{}}
			for k, v := range base.Cells {
				row.Cells[k] = v
			}
			for k, v := range ind {
				col := strings.ToLower(k)
				if col == "name" {
					col = ColIndicator
				}
				if !slices.Contains(IndicatorColumns, col) {
					errs = append(errs, cellErr(line, "indicators", "error.io_unknown_columns", "unknown columns: %s; use the column names of the template", k))
					continue
				}
				cell, ok := jsonCell(col, v)
				if !ok {
					errs = append(errs, cellErr(line, col, "error.io_json_value", "must be text, a number, true or false, or a list of texts"))
				}
				row.Cells[col] = cell
			}
			rows = append(rows, row)
		}
	}
	if len(rows) > MaxRows {
		errs = append(errs, fileErr("error.io_too_many_rows", "a file holds at most %d rows", MaxRows))
	}
	return rows, errs
}

// FormatDeliverable writes a deliverable as a line of a cell: "[x] " when
// done, the due date and a space when it has one, then its text.
func FormatDeliverable(d domain.Deliverable) string {
	s := d.Text
	if d.DueOn != "" {
		s = d.DueOn + " " + s
	}
	if d.Done {
		s = "[x] " + s
	}
	return s
}

// ParseDeliverable reads a line written by [FormatDeliverable].
func ParseDeliverable(line string) domain.Deliverable {
	var d domain.Deliverable
	line = strings.TrimSpace(line)
	if rest, ok := strings.CutPrefix(line, "[x]"); ok {
		d.Done, line = true, strings.TrimSpace(rest)
	} else if rest, ok := strings.CutPrefix(line, "[ ]"); ok {
		line = strings.TrimSpace(rest)
	}
	if len(line) > 10 && line[10] == ' ' && line[4] == '-' && line[7] == '-' {
		d.DueOn, line = line[:10], strings.TrimSpace(line[11:])
	}
	d.Text = line
	return d
}

// ParseDeliverables reads the deliverables of a cell, one a line.
func ParseDeliverables(cell string) []domain.Deliverable {
	var out []domain.Deliverable
	for _, l := range strings.Split(cell, "\n") {
		if strings.TrimSpace(l) != "" {
			out = append(out, ParseDeliverable(l))
		}
	}
	return out
}

// Item is a commitment as a file holds it: with the names of its bodies
// and meeting, and its indicators with their latest accepted values.
type Item struct {
	Commitment *domain.Commitment
	Owner      string
	CoOwners   []string
	Partners   []string
	Meeting    string
	Indicators []*domain.Indicator
	Latest     map[string]domain.IndicatorValue
}

func number(v *float64) string {
	if v == nil {
		return ""
	}
	return strconv.FormatFloat(*v, 'f', -1, 64)
}

// rows returns the item as rows of cells in the order of the columns.
func (it Item) rows() [][]string {
	c := it.Commitment
	var dl []string
	for _, d := range c.Deliverables {
		dl = append(dl, FormatDeliverable(d))
	}
	head := []string{c.ID, c.Title, c.Text, c.Lang, it.Owner, strings.Join(it.CoOwners, ListSep), strings.Join(it.Partners, ListSep),
		strings.Join(c.Objectives, ListSep), it.Meeting, c.StartOn, c.DueOn, string(c.Status), strconv.FormatBool(c.SeeksSupport),
		strings.Join(dl, "\n"), strings.Join(c.ContributionIDs, ListSep)}
	if len(it.Indicators) == 0 {
		return [][]string{append(head, make([]string, len(IndicatorColumns))...)}
	}
	var out [][]string
	for _, ind := range it.Indicators {
		lv, lon := "", ""
		if v, ok := it.Latest[ind.ID]; ok {
			lv, lon = strconv.FormatFloat(v.Value, 'f', -1, 64), v.On
		}
		row := append(slices.Clone(head), ind.Name, ind.Unit, number(ind.Baseline), ind.BaselineOn, number(ind.Target), ind.TargetOn,
			string(ind.Direction), strings.Join(ind.Disaggregation, ListSep), ind.Source, lv, lon)
		out = append(out, row)
	}
	return out
}

// Write writes items in format f.
func Write(w io.Writer, f contribio.Format, items []Item) error {
	header := append(slices.Clone(CommitmentColumns), IndicatorColumns...)
	switch f {
	case contribio.CSV:
		if _, err := w.Write([]byte("\ufeff")); err != nil {
			return err
		}
		cw := csv.NewWriter(w)
		if err := cw.Write(header); err != nil {
			return err
		}
		for _, it := range items {
			for _, row := range it.rows() {
				for i := range row {
					row[i] = protect(row[i])
				}
				if err := cw.Write(row); err != nil {
					return err
				}
			}
		}
		cw.Flush()
		return cw.Error()
	case contribio.XLSX:
		x := excelize.NewFile()
		defer x.Close()
		if err := x.SetSheetName("Sheet1", SheetName); err != nil {
			return err
		}
		sw, err := x.NewStreamWriter(SheetName)
		if err != nil {
			return err
		}
		line := 1
		put := func(cells []string) error {
			vals := make([]any, len(cells))
			for i, c := range cells {
				vals[i] = c
			}
			cell, _ := excelize.CoordinatesToCellName(1, line)
			line++
			return sw.SetRow(cell, vals)
		}
		if err := put(header); err != nil {
			return err
		}
		for _, it := range items {
			for _, row := range it.rows() {
				if err := put(row); err != nil {
					return err
				}
			}
		}
		if err := sw.Flush(); err != nil {
			return err
		}
		return x.Write(w)
	case contribio.JSON:
		out := make([]jsonItem, 0, len(items))
		for _, it := range items {
			out = append(out, jsonOf(it))
		}
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(map[string]any{"commitments": out})
	}
	return fmt.Errorf("commitio: unknown format %q", f)
}

type jsonIndicator struct {
	Name           string   `json:"name"`
	Unit           string   `json:"unit,omitempty"`
	Baseline       *float64 `json:"baseline,omitempty"`
	BaselineOn     string   `json:"baseline_on,omitempty"`
	Target         *float64 `json:"target,omitempty"`
	TargetOn       string   `json:"target_on,omitempty"`
	Direction      string   `json:"direction"`
	Disaggregation []string `json:"disaggregation,omitempty"`
	Source         string   `json:"source,omitempty"`
	LatestValue    *float64 `json:"latest_value,omitempty"`
	LatestOn       string   `json:"latest_on,omitempty"`
}

type jsonItem struct {
	ID              string                     `json:"id"`
	Title           string                     `json:"title"`
	Text            string                     `json:"text"`
	Lang            string                     `json:"lang"`
	Owner           string                     `json:"owner"`
	CoOwners        []string                   `json:"co_owners"`
	Partners        []string                   `json:"partners"`
	Objectives      []string                   `json:"objectives"`
	Meeting         string                     `json:"meeting,omitempty"`
	StartOn         string                     `json:"start_on,omitempty"`
	DueOn           string                     `json:"due_on,omitempty"`
	Status          string                     `json:"status"`
	SeeksSupport    bool                       `json:"seeks_support"`
	Deliverables    []domain.Deliverable       `json:"deliverables"`
	Contributions   []string                   `json:"contributions"`
	Recommendations []domain.RecommendationRef `json:"recommendations,omitempty"`
	Indicators      []jsonIndicator            `json:"indicators"`
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func jsonOf(it Item) jsonItem {
	c := it.Commitment
	j := jsonItem{ID: c.ID, Title: c.Title, Text: c.Text, Lang: c.Lang, Owner: it.Owner, CoOwners: nonNil(it.CoOwners), Partners: nonNil(it.Partners),
		Objectives: nonNil(c.Objectives), Meeting: it.Meeting, StartOn: c.StartOn, DueOn: c.DueOn, Status: string(c.Status), SeeksSupport: c.SeeksSupport,
		Deliverables: c.Deliverables, Contributions: nonNil(c.ContributionIDs), Recommendations: c.Recommendations, Indicators: []jsonIndicator{}}
	if j.Deliverables == nil {
		j.Deliverables = []domain.Deliverable{}
	}
	for _, ind := range it.Indicators {
		ji := jsonIndicator{Name: ind.Name, Unit: ind.Unit, Baseline: ind.Baseline, BaselineOn: ind.BaselineOn, Target: ind.Target, TargetOn: ind.TargetOn,
			Direction: string(ind.Direction), Disaggregation: ind.Disaggregation, Source: ind.Source}
		if v, ok := it.Latest[ind.ID]; ok {
			val := v.Value
			ji.LatestValue, ji.LatestOn = &val, v.On
		}
		j.Indicators = append(j.Indicators, ji)
	}
	return j
}
