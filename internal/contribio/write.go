package contribio

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/plenary-org/plenary/internal/domain"
)

// Write writes contributions in format f: CSV in UTF-8 with a byte order
// mark (so that spreadsheets read it as UTF-8), an XLSX workbook with one
// worksheet named contributions, or an indented JSON list. Bodies are
// written by acronym or name when that names one body only, authors by
// e-mail address, framework items by code; res looks them up. The
// contributions need their translations (store.DB.ContributionsFull
// loads them). Whether the writer may see every field (authors, drafts,
// non-attribution) is the caller's business: blank what must not leave.
func Write(ctx context.Context, w io.Writer, f Format, cs []*domain.Contribution, res Resolver) error {
	n := newNames(ctx, res)
	rows := make([][]any, len(cs))
	for i, c := range cs {
		vals, err := n.values(c)
		if err != nil {
			return err
		}
		rows[i] = vals
	}
	return writeRows(w, f, rows, nil)
}

// values returns a contribution's cells in [Columns] order: a string, a
// []string (list columns), a bool (demo) or a *translationCell.
func (n *names) values(c *domain.Contribution) ([]any, error) {
	body, err := n.bodyLabel(c.BodyID)
	if err != nil {
		return nil, err
	}
	author, err := n.email(c.AuthorID)
	if err != nil {
		return nil, err
	}
	objectives, principles, tags, err := n.tagColumns(c.Tags)
	if err != nil {
		return nil, err
	}
	v := make([]any, len(Columns))
	set := func(col string, x any) { v[columnIndex[col]] = x }
	set(ColID, c.ID)
	set(ColMeeting, c.MeetingID)
	set(ColKind, string(c.Kind))
	set(ColPractice, string(c.Practice))
	set(ColStatus, string(c.Status))
	set(ColTitle, c.Title)
	set(ColText, c.Text)
	set(ColBody, body)
	set(ColAuthor, author)
	set(ColQuestion, c.QuestionID)
	set(ColLang, c.Lang)
	set(ColRegions, c.Regions)
	set(ColCountries, c.Countries)
	set(ColObjectives, objectives)
	set(ColPrinciples, principles)
	set(ColTags, tags)
	set(ColWhere, c.Where)
	set(ColImplementer, c.Implementer)
	set(ColPartners, c.Partners)
	set(ColPeriodFrom, c.PeriodFrom)
	set(ColPeriodTo, c.PeriodTo)
	set(ColResults, c.Results)
	set(ColReplicability, c.Replicability)
	set(ColLinks, c.Links)
	set(ColReturnReason, c.ReturnReason)
	set(ColDemo, c.Demo)
	set(ColCreatedAt, formatTime(c.CreatedAt))
	set(ColSubmittedAt, formatTime(c.SubmittedAt))
	set(ColPublishedAt, formatTime(c.PublishedAt))
	for _, l := range translationLangs() {
		var tc *translationCell
		for _, t := range c.Translations {
			if t.Lang == l {
				tc = &translationCell{Title: t.Title, Text: t.Text, Machine: t.Machine, Translator: t.Translator, UpdatedAt: formatTime(t.UpdatedAt)}
			}
		}
		set(ColTranslation+l, tc)
	}
	return v, nil
}

func formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}

// cellText is the text of a value in a CSV or XLSX cell.
func cellText(col string, v any) string {
	switch x := v.(type) {
	case string:
		return x
	case []string:
		return strings.Join(x, listColumns[col])
	case bool:
		if x {
			return "true"
		}
		return "false"
	case *translationCell:
		if x == nil {
			return ""
		}
		return string(marshal(x))
	}
	return ""
}

// marshal encodes v as compact JSON without escaping <, > and &.
func marshal(v any) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		panic(fmt.Sprintf("contribio: encode %T: %v", v, err)) // only plain strings, lists and structs are encoded
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}

// writeRows writes the header and rows; help, when given, is a second
// worksheet of an XLSX workbook.
func writeRows(w io.Writer, f Format, rows [][]any, help [][]string) error {
	switch f {
	case CSV:
		return writeCSV(w, rows)
	case XLSX:
		return writeXLSX(w, rows, help)
	case JSON:
		return writeJSON(w, rows)
	}
	return domain.Invalid("format", "error.io_format", "unknown format %q: use csv, xlsx or json", string(f))
}

func writeCSV(w io.Writer, rows [][]any) error {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(Columns); err != nil {
		return err
	}
	rec := make([]string, len(Columns))
	for _, r := range rows {
		for i, col := range Columns {
			rec[i] = protect(cellText(col, r[i]))
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func writeJSON(w io.Writer, rows [][]any) error {
	var b bytes.Buffer
	b.WriteString("[")
	for i, r := range rows {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString("\n  {")
		first := true
		for j, col := range Columns {
			v := r[j]
			switch x := v.(type) {
			case string:
				if x == "" {
					continue
				}
			case []string:
				if len(x) == 0 {
					continue
				}
			case *translationCell:
				if x == nil {
					continue
				}
			}
			if !first {
				b.WriteString(",")
			}
			first = false
			b.WriteString("\n    ")
			b.Write(marshal(col))
			b.WriteString(": ")
			b.Write(marshal(v))
		}
		b.WriteString("\n  }")
		if b.Len() > 1<<20 {
			if _, err := w.Write(b.Bytes()); err != nil {
				return err
			}
			b.Reset()
		}
	}
	if len(rows) > 0 {
		b.WriteString("\n")
	}
	b.WriteString("]\n")
	_, err := w.Write(b.Bytes())
	return err
}

// columnWidth is the width of a column in an XLSX worksheet, in characters.
func columnWidth(col string) float64 {
	switch col {
	case ColTitle:
		return 40
	case ColText, ColResults, ColReplicability, ColPartners:
		return 60
	case ColID, ColMeeting, ColQuestion:
		return 28
	case ColLang, ColDemo:
		return 8
	case ColCreatedAt, ColSubmittedAt, ColPublishedAt:
		return 24
	}
	if strings.HasPrefix(col, ColTranslation) {
		return 40
	}
	return 18
}

func writeXLSX(w io.Writer, rows [][]any, help [][]string) error {
	x := excelize.NewFile()
	defer x.Close()
	if err := x.SetSheetName(x.GetSheetName(0), SheetName); err != nil {
		return err
	}
	bold, err := x.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	top, err := x.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{Vertical: "top"}})
	if err != nil {
		return err
	}
	sw, err := x.NewStreamWriter(SheetName)
	if err != nil {
		return err
	}
	for i, col := range Columns {
		if err := sw.SetColWidth(i+1, i+1, columnWidth(col)); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	cells := make([]any, len(Columns))
	for i, col := range Columns {
		cells[i] = excelize.Cell{StyleID: bold, Value: col}
	}
	if err := sw.SetRow("A1", cells); err != nil {
		return err
	}
	for n, r := range rows {
		for i, col := range Columns {
			cells[i] = excelize.Cell{StyleID: top, Value: cellText(col, r[i])}
		}
		addr, _ := excelize.CoordinatesToCellName(1, n+2)
		if err := sw.SetRow(addr, cells); err != nil {
			return fmt.Errorf("contribio: row %d: %w", n+2, err)
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	if help != nil {
		if err := writeHelpSheet(x, help, bold); err != nil {
			return err
		}
	}
	return x.Write(w)
}

// HelpSheetName is the worksheet of the template that explains the columns.
const HelpSheetName = "help"

func writeHelpSheet(x *excelize.File, help [][]string, bold int) error {
	if _, err := x.NewSheet(HelpSheetName); err != nil {
		return err
	}
	sw, err := x.NewStreamWriter(HelpSheetName)
	if err != nil {
		return err
	}
	if err := sw.SetColWidth(1, 1, 18); err != nil {
		return err
	}
	if err := sw.SetColWidth(2, 2, 100); err != nil {
		return err
	}
	for i, r := range help {
		cells := make([]any, len(r))
		for j, v := range r {
			if i == 0 {
				cells[j] = excelize.Cell{StyleID: bold, Value: v}
			} else {
				cells[j] = v
			}
		}
		addr, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := sw.SetRow(addr, cells); err != nil {
			return err
		}
	}
	return sw.Flush()
}
