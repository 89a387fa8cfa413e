package partnership

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/plenary-org/plenary/internal/contribio"
	"github.com/plenary-org/plenary/internal/domain"
)

// The registry's files (docs/REGISTRY.md) share the contributions' formats
// ([contribio.Format]: CSV in UTF-8 with a byte order mark, an XLSX
// workbook, a JSON list) and their problem reports ([contribio.CellError]:
// row and column).

// The columns of a partnerships file, in the order they are written. Only
// title, purpose and parties are required when reading.
const (
	ColID            = "id"
	ColTitle         = "title"
	ColPurpose       = "purpose"
	ColParties       = "parties"
	ColObjectives    = "objectives"
	ColPhase         = "phase"
	ColMechanism     = "mechanism"
	ColStatus        = "status"
	ColStartsOn      = "starts_on"
	ColEndsOn        = "ends_on"
	ColMeeting       = "meeting"
	ColMadeFrom      = "made_from"
	ColContributions = "contributions"
	ColLinks         = "links"
	ColDemo          = "demo"
)

// Columns lists the columns in file order.
var Columns = []string{ColID, ColTitle, ColPurpose, ColParties, ColObjectives, ColPhase, ColMechanism, ColStatus,
	ColStartsOn, ColEndsOn, ColMeeting, ColMadeFrom, ColContributions, ColLinks, ColDemo}

// Limits on a file read.
const (
	MaxFileBytes = 8 << 20
	MaxRows      = 5000
)

// Record is one row of a partnerships file as written: lists are split,
// nothing is looked up or checked beyond the file's shape.
type Record struct {
	Line          int      `json:"-"`
	ID            string   `json:"id,omitempty"`
	Title         string   `json:"title"`
	Purpose       string   `json:"purpose"`
	Parties       []string `json:"parties"`
	Objectives    []string `json:"objectives,omitempty"`
	Phase         string   `json:"phase,omitempty"`
	Mechanism     string   `json:"mechanism,omitempty"`
	Status        string   `json:"status,omitempty"`
	StartsOn      string   `json:"starts_on,omitempty"`
	EndsOn        string   `json:"ends_on,omitempty"`
	Meeting       string   `json:"meeting,omitempty"`
	MadeFrom      string   `json:"made_from,omitempty"`
	Contributions []string `json:"contributions,omitempty"`
	Links         []Link   `json:"links,omitempty"`
	Demo          bool     `json:"demo,omitempty"`
	// History is the status history, written to JSON only and never
	// read: an import starts a new history.
	History []HistoryStep `json:"history,omitempty"`
}

// Link is a document or web page of a record.
type Link struct {
	Title string `json:"title,omitempty"`
	URL   string `json:"url"`
}

// HistoryStep is one status of a record's history.
type HistoryStep struct {
	Status string `json:"status"`
	At     string `json:"at"`
	By     string `json:"by,omitempty"`
	Note   string `json:"note,omitempty"`
}

func fileErr(key, msg string, args ...any) contribio.CellError {
	return contribio.CellError{Err: domain.Errorf(domain.EINVALID, key, msg, args...)}
}

func cellErr(row int, col, key, msg string, args ...any) contribio.CellError {
	return contribio.CellError{Row: row, Column: col, Err: domain.Invalid(col, key, msg, args...)}
}

// ReadRecords reads a partnerships file of format f. It returns the
// records and the problems of the file's shape (an unknown column, a
// missing required column, a cell that is no valid text); nothing is
// looked up. Rows are numbered as a person sees them: the header is row 1
// in CSV and XLSX, the n-th object is row n in JSON.
func ReadRecords(f contribio.Format, data []byte) ([]Record, contribio.CellErrors) {
	if len(data) > MaxFileBytes {
		return nil, contribio.CellErrors{fileErr("error.io_too_large", "the file is larger than %d MB", MaxFileBytes>>20)}
	}
	if f == contribio.JSON {
		return readJSON(data)
	}
	var table [][]string
	switch f {
	case contribio.CSV:
		data = bytes.TrimPrefix(data, []byte("\ufeff"))
		if !utf8.Valid(data) {
			return nil, contribio.CellErrors{fileErr("error.encoding", "must be valid UTF-8 text")}
		}
		r := csv.NewReader(bytes.NewReader(data))
		r.FieldsPerRecord = -1
		if first, _, _ := strings.Cut(string(data), "\n"); strings.Count(first, ";") > strings.Count(first, ",") {
			r.Comma = ';'
		}
		for {
			row, err := r.Read()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				return nil, contribio.CellErrors{fileErr("partnership.error_file", "the file is not a table this program reads: %v", err)}
			}
			if len(table) > MaxRows {
				return nil, contribio.CellErrors{fileErr("partnership.error_rows", "at most %d rows", MaxRows)}
			}
			for i := range row {
				row[i] = unprotect(row[i])
			}
			table = append(table, row)
		}
	case contribio.XLSX:
		x, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: 16 * MaxFileBytes, UnzipXMLSizeLimit: 16 * MaxFileBytes})
		if err != nil {
			return nil, contribio.CellErrors{fileErr("partnership.error_file", "the file is not a table this program reads: %v", err)}
		}
		defer x.Close()
		sheets := x.GetSheetList()
		if len(sheets) == 0 {
			return nil, contribio.CellErrors{fileErr("partnership.error_file", "the file is not a table this program reads: %v", "no worksheet")}
		}
		rows, err := x.Rows(sheets[0])
		if err != nil {
			return nil, contribio.CellErrors{fileErr("partnership.error_file", "the file is not a table this program reads: %v", err)}
		}
		defer rows.Close()
		for rows.Next() {
			row, err := rows.Columns()
			if err != nil {
				return nil, contribio.CellErrors{fileErr("partnership.error_file", "the file is not a table this program reads: %v", err)}
			}
			if len(table) > MaxRows {
				return nil, contribio.CellErrors{fileErr("partnership.error_rows", "at most %d rows", MaxRows)}
			}
			table = append(table, row)
		}
	default:
		return nil, contribio.CellErrors{fileErr("error.io_format", "unknown format %q: use csv, xlsx or json", f)}
	}
	return readTable(table)
}

// readTable turns a header and rows into records.
func readTable(table [][]string) ([]Record, contribio.CellErrors) {
	if len(table) == 0 {
		return nil, contribio.CellErrors{fileErr("partnership.error_empty", "the file has no header row: expected the columns %s", strings.Join(Columns, ", "))}
	}
	var problems contribio.CellErrors
	index := map[string]int{}
	for i, h := range table[0] {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		if h == "" {
			continue
		}
		if !contains(Columns, h) {
			problems = append(problems, cellErr(1, h, "partnership.error_column", "unknown column %q: the columns are %s", h, strings.Join(Columns, ", ")))
			continue
		}
		index[h] = i
	}
	for _, c := range []string{ColTitle, ColPurpose, ColParties} {
		if _, ok := index[c]; !ok {
			problems = append(problems, cellErr(1, c, "partnership.error_missing_column", "the column %s is missing", c))
		}
	}
	if len(problems) > 0 {
		return nil, problems
	}
	var out []Record
	for n, row := range table[1:] {
		line := n + 2
		cell := func(col string) string {
			i, ok := index[col]
			if !ok || i >= len(row) {
				return ""
			}
			return strings.TrimSpace(domain.NormalizeNewlines(row[i]))
		}
		if strings.TrimSpace(strings.Join(row, "")) == "" {
			continue
		}
		bad := false
		for _, col := range Columns {
			if err := domain.CheckText(col, cell(col)); err != nil {
				problems = append(problems, contribio.CellError{Row: line, Column: col, Err: err.(*domain.Error)})
				bad = true
			}
		}
		if bad {
			continue
		}
		r := Record{Line: line, ID: cell(ColID), Title: cell(ColTitle), Purpose: cell(ColPurpose), Parties: splitList(cell(ColParties)),
			Objectives: splitWords(cell(ColObjectives)), Phase: cell(ColPhase), Mechanism: cell(ColMechanism), Status: cell(ColStatus),
			StartsOn: cell(ColStartsOn), EndsOn: cell(ColEndsOn), Meeting: cell(ColMeeting), MadeFrom: cell(ColMadeFrom),
			Contributions: splitWords(cell(ColContributions)), Links: splitLinks(cell(ColLinks))}
		if d := strings.ToLower(cell(ColDemo)); d != "" {
			v, err := strconv.ParseBool(d)
			if err != nil && d != "yes" && d != "no" {
				problems = append(problems, cellErr(line, ColDemo, "partnership.error_demo", "write true or false"))
				continue
			}
			r.Demo = v || d == "yes"
		}
		out = append(out, r)
	}
	return out, problems
}

func readJSON(data []byte) ([]Record, contribio.CellErrors) {
	var rs []Record
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&rs); err != nil {
		return nil, contribio.CellErrors{fileErr("partnership.error_file", "the file is not a table this program reads: %v", err)}
	}
	if len(rs) > MaxRows {
		return nil, contribio.CellErrors{fileErr("partnership.error_rows", "at most %d rows", MaxRows)}
	}
	var problems contribio.CellErrors
	var out []Record
	for i := range rs {
		rs[i].Line, rs[i].History = i+1, nil
		if err := domain.CheckStrings(&rs[i]); err != nil {
			var es domain.Errors
			if errors.As(err, &es) {
				for _, e := range es {
					problems = append(problems, contribio.CellError{Row: i + 1, Column: e.Field, Err: e})
				}
			} else {
				problems = append(problems, contribio.CellError{Row: i + 1, Err: domain.Errorf(domain.EINVALID, "error.control_char", "%v", err)})
			}
			continue
		}
		out = append(out, rs[i])
	}
	return out, problems
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// splitList splits a cell of names on semicolons and line breaks (names
// hold commas and spaces).
func splitList(s string) []string {
	var out []string
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == '\n' }) {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

// splitWords splits a cell of codes or IDs on spaces, commas and
// semicolons.
func splitWords(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == ',' || r == ' ' || r == '\n' || r == '\t' })
}

// splitLinks reads one link a line: "Title | https://..." or the address
// alone.
func splitLinks(s string) []Link {
	var out []Link
	for _, line := range strings.Split(s, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		if i := strings.LastIndex(line, " | "); i >= 0 {
			out = append(out, Link{Title: strings.TrimSpace(line[:i]), URL: strings.TrimSpace(line[i+3:])})
		} else {
			out = append(out, Link{URL: line})
		}
	}
	return out
}

// cells returns a record's cells in [Columns] order.
func (r *Record) cells() []string {
	links := make([]string, len(r.Links))
	for i, l := range r.Links {
		links[i] = l.URL
		if l.Title != "" {
			links[i] = l.Title + " | " + l.URL
		}
	}
	demo := ""
	if r.Demo {
		demo = "true"
	}
	return []string{r.ID, r.Title, r.Purpose, strings.Join(r.Parties, "; "), strings.Join(r.Objectives, " "), r.Phase, r.Mechanism, r.Status,
		r.StartsOn, r.EndsOn, r.Meeting, r.MadeFrom, strings.Join(r.Contributions, " "), strings.Join(links, "\n"), demo}
}

// WriteRecords writes records in format f.
func WriteRecords(w io.Writer, f contribio.Format, rs []Record) error {
	if f == contribio.JSON {
		if rs == nil {
			rs = []Record{}
		}
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(rs)
	}
	rows := make([][]string, len(rs))
	for i := range rs {
		rows[i] = rs[i].cells()
	}
	return WriteTable(w, f, "partnerships", Columns, rows)
}

// WriteTable writes a header and rows of text in format f: CSV with a byte
// order mark, an XLSX workbook with one worksheet named sheet, or a JSON
// list of objects keyed by the header. Cells that a spreadsheet would read
// as a formula are written as text.
func WriteTable(w io.Writer, f contribio.Format, sheet string, header []string, rows [][]string) error {
	switch f {
	case contribio.JSON:
		out := make([]map[string]string, len(rows))
		for i, row := range rows {
			out[i] = map[string]string{}
			for j, h := range header {
				if j < len(row) {
					out[i][h] = row[j]
				}
			}
		}
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	case contribio.XLSX:
		x := excelize.NewFile()
		defer x.Close()
		if err := x.SetSheetName("Sheet1", sheet); err != nil {
			return err
		}
		for i, row := range append([][]string{header}, rows...) {
			cells := make([]any, len(row))
			for j, c := range row {
				cells[j] = c
			}
			addr, err := excelize.CoordinatesToCellName(1, i+1)
			if err != nil {
				return err
			}
			if err := x.SetSheetRow(sheet, addr, &cells); err != nil {
				return err
			}
		}
		return x.Write(w)
	case contribio.CSV:
		if _, err := io.WriteString(w, "\ufeff"); err != nil {
			return err
		}
		cw := csv.NewWriter(w)
		if err := cw.Write(header); err != nil {
			return err
		}
		for _, row := range rows {
			safe := make([]string, len(row))
			for i, c := range row {
				safe[i] = noFormula(c)
			}
			if err := cw.Write(safe); err != nil {
				return err
			}
		}
		cw.Flush()
		return cw.Error()
	}
	return fmt.Errorf("partnership: unknown format %q", f)
}

// formulaStart are the first characters that make a spreadsheet read a
// CSV cell as a formula; a quote protects them, as spreadsheets do (the
// contributions' files do the same).
const formulaStart = "=+-@\t\r'"

// noFormula prefixes a cell that a spreadsheet would take for a formula
// with a quote; unprotect removes exactly that quote, so the pair
// round-trips.
func noFormula(s string) string {
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
