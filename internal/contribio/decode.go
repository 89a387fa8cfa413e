package contribio

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/plenary-org/plenary/internal/domain"
)

// record is one data row of a file, its cells in [Columns] order.
type record struct {
	row   int
	cells []string
	bad   []string // columns whose cell was refused and emptied, their problem reported
}

func (r *record) get(col string) string { return r.cells[columnIndex[col]] }

// header maps the columns of a file's header to [Columns] positions (-1
// for a column that is not known) and reports unknown, repeated and
// missing columns.
func header(cells []string, needMeeting bool) ([]int, CellErrors) {
	pos := make([]int, len(cells))
	var errs CellErrors
	var unknown []string
	seen := map[string]bool{}
	for i, h := range cells {
		name := normalizeHeader(h)
		pos[i] = -1
		if name == "" {
			continue
		}
		j, ok := columnIndex[name]
		switch {
		case !ok:
			unknown = append(unknown, strings.TrimSpace(h))
		case seen[name]:
			errs = append(errs, cellErr(1, name, "error.io_column_twice", "the column %s appears twice", name))
		default:
			seen[name] = true
			pos[i] = j
		}
	}
	if len(unknown) > 0 {
		errs = append(errs, cellErr(1, "", "error.io_unknown_columns", "unknown columns: %s; use the column names of the template", strings.Join(unknown, ", ")))
	}
	need := requiredColumns
	if needMeeting {
		need = append(slices.Clone(need), ColMeeting)
	}
	for _, c := range need {
		if !seen[c] {
			errs = append(errs, cellErr(1, c, "error.io_missing_column", "the header has no column %s", c))
		}
	}
	return pos, errs
}

// tableReader turns the rows of a CSV file or a worksheet into records.
type tableReader struct {
	pos    []int
	csv    bool // CSV cells may carry the quote that protects them from spreadsheet formulas
	recs   []record
	errs   CellErrors
	max    int
	tooBig bool
}

// add reads one data row; it returns false when the file has too many rows.
func (t *tableReader) add(row int, cells []string) bool {
	empty := true
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			empty = false
			break
		}
	}
	if empty {
		return true
	}
	if len(t.recs) >= t.max {
		t.errs = append(t.errs, fileErr("error.io_too_many_rows", "a file holds at most %d rows", t.max))
		t.tooBig = true
		return false
	}
	rec := record{row: row, cells: make([]string, len(Columns))}
	var extra bool
	for i, c := range cells {
		if i >= len(t.pos) {
			extra = extra || strings.TrimSpace(c) != ""
			continue
		}
		if t.pos[i] >= 0 {
			if t.csv {
				c = unprotect(c)
			}
			if err := domain.CheckText(Columns[t.pos[i]], c); err != nil {
				t.errs = append(t.errs, CellError{Row: row, Column: Columns[t.pos[i]], Err: err.(*domain.Error)})
				rec.bad = append(rec.bad, Columns[t.pos[i]])
				c = ""
			}
			rec.cells[t.pos[i]] = domain.NormalizeNewlines(c)
		}
	}
	if extra {
		t.errs = append(t.errs, cellErr(row, "", "error.io_extra_cells", "this row has more cells than the header has columns"))
	}
	t.recs = append(t.recs, rec)
	return true
}

func (t *tableReader) setHeader(cells []string, needMeeting bool) bool {
	pos, errs := header(cells, needMeeting)
	t.pos, t.errs = pos, append(t.errs, errs...)
	return len(errs) == 0
}

// readAll reads at most max bytes; a larger input is a file error.
func readAll(r io.Reader, max int64) ([]byte, *CellError) {
	data, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		e := fileErr("error.io_read", "the file cannot be read: %v", err)
		return nil, &e
	}
	if int64(len(data)) > max {
		e := fileErr("error.io_too_large", "the file is larger than %d MB", max>>20)
		return nil, &e
	}
	return data, nil
}

// decodeCSV reads UTF-8 CSV with or without a byte order mark; the
// delimiter (comma, semicolon or tab) is the one the header line uses most.
func decodeCSV(data []byte, o Options) ([]record, CellErrors) {
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	if !utf8.Valid(data) {
		return nil, CellErrors{fileErr("error.io_encoding", "the file is not UTF-8 text; save it as CSV UTF-8 and try again")}
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.Comma = delimiter(data)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	head, err := cr.Read()
	if err != nil {
		return nil, CellErrors{fileErr("error.io_empty", "the file is empty or its first row cannot be read: it must be a header naming the columns")}
	}
	t := &tableReader{csv: true, max: o.maxRows()}
	if !t.setHeader(head, o.MeetingID == "") {
		return nil, t.errs
	}
	// Rows are numbered as a spreadsheet shows the file: a blank line,
	// which the CSV reader skips, is an empty row all the same.
	row, end := 1, lastLine(cr, head)
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		row++
		if err == nil {
			start, _ := cr.FieldPos(0)
			row += max(start-end-1, 0)
			end = lastLine(cr, rec)
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) && (errors.Is(pe.Err, csv.ErrQuote) || errors.Is(pe.Err, csv.ErrBareQuote)) {
				t.errs = append(t.errs, cellErr(row, "", "error.io_csv_quote", "a quoted cell is not closed, or a quote stands inside a cell that is not quoted (line %d of the file)", pe.Line))
			} else {
				t.errs = append(t.errs, cellErr(row, "", "error.io_read", "the file cannot be read: %v", err))
			}
			break
		}
		if !t.add(row, rec) {
			break
		}
	}
	return t.recs, t.errs
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
// CSV cell as a formula; a quote protects them, as spreadsheets do.
const formulaStart = "=+-@\t\r'"

// protect prefixes a cell that a spreadsheet would take for a formula with
// a quote; unprotect removes exactly that quote, so the pair round-trips.
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

// SheetName is the worksheet an XLSX file is read from when it has one of
// that name; otherwise the first worksheet is read.
const SheetName = "contributions"

func decodeXLSX(data []byte, o Options) ([]record, CellErrors) {
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: 16 * o.maxBytes()})
	if err != nil {
		return nil, CellErrors{fileErr("error.io_xlsx", "the file is not an Excel workbook (.xlsx)")}
	}
	if part, err := checkWorkbook(data, 16*o.maxBytes()); err != nil {
		return nil, CellErrors{fileErr("error.io_xlsx_damaged", "the workbook is damaged (%s is cut short or corrupt): nothing was imported; save it again from the spreadsheet program and try again", part)}
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, CellErrors{fileErr("error.io_empty", "the file is empty or its first row cannot be read: it must be a header naming the columns")}
	}
	sheet := sheets[0]
	for _, s := range sheets {
		if strings.EqualFold(s, SheetName) {
			sheet = s
		}
	}
	rows, err := f.Rows(sheet)
	if err != nil {
		return nil, CellErrors{fileErr("error.io_xlsx", "the file is not an Excel workbook (.xlsx)")}
	}
	defer rows.Close()
	t := &tableReader{max: o.maxRows()}
	for row := 1; rows.Next(); row++ {
		cells, err := rows.Columns()
		if err != nil {
			t.errs = append(t.errs, cellErr(row, "", "error.io_read", "the file cannot be read: %v", err))
			break
		}
		if row == 1 {
			if !t.setHeader(cells, o.MeetingID == "") {
				return nil, t.errs
			}
			continue
		}
		if !t.add(row, cells) {
			break
		}
	}
	if t.pos == nil {
		return nil, CellErrors{fileErr("error.io_empty", "the file is empty or its first row cannot be read: it must be a header naming the columns")}
	}
	if err := rows.Error(); err != nil && !t.tooBig {
		t.errs = append(t.errs, fileErr("error.io_read", "the file cannot be read: %v", err))
	}
	return t.recs, t.errs
}

// checkWorkbook reads every XML part of an XLSX file to its end and
// returns the name of the first one that is damaged: a ZIP entry whose
// checksum does not match, or XML that is not well-formed to its end. A
// worksheet cut at a row boundary still unzips, and excelize's row reader
// stops at the cut without an error, so that without this check the rows
// before the cut would be imported as if they were the whole file. limit
// bounds the bytes unzipped in all.
func checkWorkbook(data []byte, limit int64) (string, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return "the archive", err
	}
	budget := &io.LimitedReader{N: limit}
	for _, zf := range zr.File {
		if !strings.HasSuffix(zf.Name, ".xml") && !strings.HasSuffix(zf.Name, ".rels") {
			continue
		}
		rc, err := zf.Open()
		if err != nil {
			return zf.Name, err
		}
		budget.R = rc
		d := xml.NewDecoder(budget)
		for {
			_, err = d.Token()
			if err != nil {
				break
			}
		}
		rc.Close()
		if err != io.EOF {
			return zf.Name, err
		}
		if budget.N <= 0 {
			return zf.Name, errors.New("larger than the limit once unzipped")
		}
	}
	return "", nil
}

// listColumns hold several values; in JSON they may be lists of strings.
var listColumns = map[string]string{ColRegions: "; ", ColCountries: " ", ColObjectives: " ", ColPrinciples: " ", ColTags: " ", ColLinks: " "}

// decodeJSON reads a list of objects whose keys are column names, or an
// object whose "contributions" key holds that list.
func decodeJSON(data []byte, o Options) ([]record, CellErrors) {
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	var list []json.RawMessage
	trimmed := bytes.TrimSpace(data)
	var err error
	switch {
	case len(trimmed) == 0:
		return nil, CellErrors{fileErr("error.io_json_shape", `the file must hold a list of objects, or an object with a "contributions" list`)}
	case trimmed[0] == '{':
		var wrap map[string]json.RawMessage
		if err = json.Unmarshal(trimmed, &wrap); err == nil {
			inner, ok := wrap["contributions"]
			if !ok || len(wrap) != 1 {
				return nil, CellErrors{fileErr("error.io_json_shape", `the file must hold a list of objects, or an object with a "contributions" list`)}
			}
			err = json.Unmarshal(inner, &list)
		}
	default:
		err = json.Unmarshal(trimmed, &list)
	}
	if err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			line := 1 + bytes.Count(trimmed[:min(int(se.Offset), len(trimmed))], []byte("\n"))
			return nil, CellErrors{fileErr("error.io_json_syntax", "the file is not valid JSON (line %d)", line)}
		}
		return nil, CellErrors{fileErr("error.io_json_shape", `the file must hold a list of objects, or an object with a "contributions" list`)}
	}
	var errs CellErrors
	if len(list) > o.maxRows() {
		return nil, CellErrors{fileErr("error.io_too_many_rows", "a file holds at most %d rows", o.maxRows())}
	}
	recs := make([]record, 0, len(list))
	for i, raw := range list {
		row := i + 1
		var obj map[string]json.RawMessage
		if err := json.Unmarshal(raw, &obj); err != nil || obj == nil {
			errs = append(errs, cellErr(row, "", "error.io_json_object", "each entry of the list must be an object whose keys are column names"))
			continue
		}
		rec := record{row: row, cells: make([]string, len(Columns))}
		keys := make([]string, 0, len(obj))
		for k := range obj {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		var unknown []string
		for _, k := range keys {
			col := normalizeHeader(k)
			j, ok := columnIndex[col]
			if !ok {
				unknown = append(unknown, k)
				continue
			}
			v, ok := jsonCell(col, obj[k])
			if !ok {
				errs = append(errs, cellErr(row, col, "error.io_json_value", "must be text, a number, true or false, or a list of texts"))
				continue
			}
			if err := domain.CheckText(col, v); err != nil {
				errs = append(errs, CellError{Row: row, Column: col, Err: err.(*domain.Error)})
				rec.bad = append(rec.bad, col)
				continue
			}
			rec.cells[j] = domain.NormalizeNewlines(v)
		}
		if len(unknown) > 0 {
			errs = append(errs, cellErr(row, "", "error.io_unknown_columns", "unknown columns: %s; use the column names of the template", strings.Join(unknown, ", ")))
		}
		recs = append(recs, rec)
	}
	return recs, errs
}

// jsonCell turns a JSON value into the text of a cell.
func jsonCell(col string, raw json.RawMessage) (string, bool) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return "", false
	}
	switch raw[0] {
	case 'n':
		return "", true
	case 't', 'f':
		var b bool
		if json.Unmarshal(raw, &b) != nil {
			return "", false
		}
		return fmt.Sprint(b), true
	case '"':
		var s string
		return s, json.Unmarshal(raw, &s) == nil
	case '[':
		sep, ok := listColumns[col]
		if !ok {
			return "", false
		}
		var vs []string
		if json.Unmarshal(raw, &vs) != nil {
			return "", false
		}
		return strings.Join(vs, sep), true
	case '{':
		if !strings.HasPrefix(col, ColTranslation) {
			return "", false
		}
		var b bytes.Buffer
		if json.Compact(&b, raw) != nil {
			return "", false
		}
		return b.String(), true
	}
	var n json.Number
	if json.Unmarshal(raw, &n) != nil {
		return "", false
	}
	return n.String(), true
}
