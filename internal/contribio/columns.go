package contribio

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/locale"
)

// Format is a file format of the import and export.
type Format string

// The formats.
const (
	CSV  Format = "csv"
	XLSX Format = "xlsx"
	JSON Format = "json"
)

// Formats lists the formats.
var Formats = []Format{CSV, XLSX, JSON}

// ParseFormat returns the format named by s ("csv", "XLSX", ".json"), or
// an EINVALID error.
func ParseFormat(s string) (Format, error) {
	f := Format(strings.ToLower(strings.TrimPrefix(strings.TrimSpace(s), ".")))
	if !slices.Contains(Formats, f) {
		return "", domain.Invalid("format", "error.io_format", "unknown format %q: use csv, xlsx or json", s)
	}
	return f, nil
}

// FormatOf returns the format a file name's extension says, or false.
func FormatOf(name string) (Format, bool) {
	f, err := ParseFormat(filepath.Ext(name))
	return f, err == nil
}

// ContentType returns the media type of files in format f.
func (f Format) ContentType() string {
	switch f {
	case XLSX:
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	case JSON:
		return "application/json"
	}
	return "text/csv; charset=utf-8"
}

// The columns of the format, in the order files are written. Every column
// is optional in a file read, except kind, title and text.
const (
	ColID            = "id"
	ColMeeting       = "meeting"
	ColKind          = "kind"
	ColPractice      = "practice_type"
	ColStatus        = "status"
	ColTitle         = "title"
	ColText          = "text"
	ColBody          = "body"
	ColAuthor        = "author"
	ColQuestion      = "question"
	ColLang          = "lang"
	ColRegions       = "regions"
	ColCountries     = "countries"
	ColObjectives    = "objectives"
	ColPrinciples    = "principles"
	ColTags          = "tags"
	ColWhere         = "where"
	ColImplementer   = "implementer"
	ColPartners      = "partners"
	ColPeriodFrom    = "period_from"
	ColPeriodTo      = "period_to"
	ColResults       = "results"
	ColReplicability = "replicability"
	ColLinks         = "links"
	ColReturnReason  = "return_reason"
	ColDemo          = "demo"
	ColCreatedAt     = "created_at"
	ColSubmittedAt   = "submitted_at"
	ColPublishedAt   = "published_at"
	// ColTranslation is the prefix of the six translation columns,
	// translation_ar to translation_zh.
	ColTranslation = "translation_"
)

// Columns lists every column in file order: the fields, then one
// translation column per interface language.
var Columns = func() []string {
	cols := []string{ColID, ColMeeting, ColKind, ColPractice, ColStatus, ColTitle, ColText, ColBody, ColAuthor,
		ColQuestion, ColLang, ColRegions, ColCountries, ColObjectives, ColPrinciples, ColTags, ColWhere, ColImplementer,
		ColPartners, ColPeriodFrom, ColPeriodTo, ColResults, ColReplicability, ColLinks, ColReturnReason, ColDemo,
		ColCreatedAt, ColSubmittedAt, ColPublishedAt}
	for _, l := range translationLangs() {
		cols = append(cols, ColTranslation+l)
	}
	return cols
}()

// translationLangs returns the interface languages in alphabetical order,
// the order translation columns come in.
func translationLangs() []string {
	ls := slices.Clone(domain.Locales)
	slices.Sort(ls)
	return ls
}

var requiredColumns = []string{ColKind, ColTitle, ColText}

// columnIndex maps a column name to its position in Columns.
var columnIndex = func() map[string]int {
	m := make(map[string]int, len(Columns))
	for i, c := range Columns {
		m[c] = i
	}
	return m
}()

// normalizeHeader reads a header cell as a column name: case, spaces and
// hyphens do not matter ("Practice type" is practice_type).
func normalizeHeader(h string) string {
	h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
	return strings.NewReplacer(" ", "_", "-", "_").Replace(h)
}

// Limits on a file read.
const (
	MaxRows  = 50000
	MaxBytes = 50 << 20
)

// Options tell [Read] how to read a file.
type Options struct {
	// MeetingID is the meeting the rows go into. When set, the meeting
	// column may be empty; a row naming another meeting is refused. When
	// empty, every row names its meeting.
	MeetingID string
	// MaxRows and MaxBytes override the limits (tests); 0 keeps them.
	MaxRows  int
	MaxBytes int64
}

func (o Options) maxRows() int {
	if o.MaxRows > 0 {
		return o.MaxRows
	}
	return MaxRows
}

func (o Options) maxBytes() int64 {
	if o.MaxBytes > 0 {
		return o.MaxBytes
	}
	return MaxBytes
}

// Row is a valid row of a file: the contribution it describes, ready for
// the store, and where it was in the file.
type Row struct {
	Line         int // row number as the user sees it: the header is 1
	Contribution *domain.Contribution
}

// CellError is a problem with one cell, one row or the whole file. Row is
// numbered as the user sees the file (the header is row 1; in JSON, the
// n-th object of the list is row n); 0 is the whole file. Column is the
// column's name, or "" for the whole row.
type CellError struct {
	Row    int
	Column string
	Err    *domain.Error
}

func (e CellError) Error() string {
	switch {
	case e.Row == 0:
		return e.Err.Msg
	case e.Column == "":
		return fmt.Sprintf("row %d: %s", e.Row, e.Err.Msg)
	}
	return fmt.Sprintf("row %d, column %s: %s", e.Row, e.Column, e.Err.Msg)
}

// Localize returns the problem in the printer's language.
func (e CellError) Localize(p *locale.Printer) string {
	msg := e.Err.Msg
	if e.Err.Key != "" {
		msg = p.T(e.Err.Key, e.Err.Args...)
	}
	switch {
	case e.Row == 0:
		return msg
	case e.Column == "":
		return p.T("io.row_error", e.Row, msg)
	}
	return p.T("io.cell_error", e.Row, e.Column, msg)
}

// CellErrors lists the problems of a file. As an error, it is EINVALID.
type CellErrors []CellError

func (es CellErrors) Error() string {
	var b strings.Builder
	for i, e := range es {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

// As lets [domain.ErrorCode] see the first problem, so a list of problems
// is EINVALID like any validation error.
func (es CellErrors) As(target any) bool {
	if p, ok := target.(**domain.Error); ok && len(es) > 0 {
		*p = es[0].Err
		return true
	}
	return false
}

// Rows returns the numbers of the rows that have problems, in order.
func (es CellErrors) Rows() []int {
	var rows []int
	for _, e := range es {
		if e.Row > 0 && !slices.Contains(rows, e.Row) {
			rows = append(rows, e.Row)
		}
	}
	slices.Sort(rows)
	return rows
}

func fileErr(key, msg string, args ...any) CellError {
	return CellError{Err: domain.Invalid("file", key, msg, args...)}
}

func cellErr(row int, col, key, msg string, args ...any) CellError {
	return CellError{Row: row, Column: col, Err: domain.Invalid(col, key, msg, args...)}
}
