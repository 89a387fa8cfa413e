// Package reference holds the built-in reference framework (the Global
// Compact for Safe, Orderly and Regular Migration: 23 objectives and 10
// guiding principles, each with a stable code) and reads other frameworks
// (a CSV or TSV of codes and titles, such as SDG targets) for tagging.
// It does no I/O beyond the reader it is given.
package reference

import (
	"bytes"
	"embed"
	"encoding/csv"
	"fmt"
	"io"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/plenary-org/plenary/internal/domain"
)

//go:embed data/gcm-objectives.tsv
var gcmObjectives []byte

//go:embed data/gcm-guiding-principles.tsv
var gcmPrinciples []byte

//go:embed data/gcm-objectives.*.tsv data/gcm-guiding-principles.*.tsv
var gcmTranslated embed.FS

// Item is one entry of a framework: a code that never changes, and its
// title and short label in one language.
type Item struct {
	Code       string `json:"code"`
	Kind       string `json:"kind,omitempty"`
	Title      string `json:"title"`
	ShortLabel string `json:"short_label,omitempty"`
	// Unofficial marks a title that is not the official text in its
	// language.
	Unofficial bool `json:"unofficial,omitempty"`
}

// Framework is a named list of items to tag contributions against.
type Framework struct {
	Code        string `json:"code"`
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
	Lang        string `json:"lang"`
	Items       []Item `json:"items"`
}

// GCMCode is the code of the built-in framework.
const GCMCode = "gcm"

// GCM returns the built-in framework: objectives coded O1 to O23, then the
// guiding principles coded Pa to Pj, in English.
func GCM() Framework {
	f := Framework{Code: GCMCode, Lang: "en",
		Name:        "Global Compact for Safe, Orderly and Regular Migration",
		Description: "The 23 objectives and 10 cross-cutting guiding principles of the Global Compact (A/RES/73/195, 2018)."}
	for i, row := range tsvRows(gcmObjectives) {
		if len(row) < 3 {
			panic(fmt.Sprintf("reference: objectives row %d", i+2))
		}
		f.Items = append(f.Items, Item{Code: "O" + row[0], Kind: "objective", Title: row[1], ShortLabel: row[2]})
	}
	for i, row := range tsvRows(gcmPrinciples) {
		if len(row) < 2 {
			panic(fmt.Sprintf("reference: principles row %d", i+2))
		}
		f.Items = append(f.Items, Item{Code: "P" + row[0], Kind: "principle", Title: row[1], ShortLabel: row[1]})
	}
	return f
}

// GCMTranslatedLangs are the languages [GCMTranslations] gives the
// built-in framework's titles in.
var GCMTranslatedLangs = []string{"fr", "es", "ar", "zh", "ru"}

// GCMTranslations returns the built-in framework's objectives and guiding
// principles in the five other UN languages, one framework per language,
// items in the order of [GCM]. Every title is marked Unofficial: they are
// working translations, not checked word for word against the official
// texts of resolution 73/195 in those languages (docs/TRANSLATION.md says
// how a secretariat replaces them with the official ones).
func GCMTranslations() []Framework {
	var out []Framework
	for _, lang := range GCMTranslatedLangs {
		f := Framework{Code: GCMCode, Lang: lang}
		obj, err := gcmTranslated.ReadFile("data/gcm-objectives." + lang + ".tsv")
		if err != nil {
			panic("reference: " + err.Error())
		}
		pr, err := gcmTranslated.ReadFile("data/gcm-guiding-principles." + lang + ".tsv")
		if err != nil {
			panic("reference: " + err.Error())
		}
		for i, row := range tsvRows(obj) {
			if len(row) < 3 {
				panic(fmt.Sprintf("reference: %s objectives row %d", lang, i+2))
			}
			f.Items = append(f.Items, Item{Code: "O" + row[0], Kind: "objective", Title: row[1], ShortLabel: row[2], Unofficial: true})
		}
		for i, row := range tsvRows(pr) {
			if len(row) < 2 {
				panic(fmt.Sprintf("reference: %s principles row %d", lang, i+2))
			}
			f.Items = append(f.Items, Item{Code: "P" + row[0], Kind: "principle", Title: row[1], ShortLabel: row[1], Unofficial: true})
		}
		out = append(out, f)
	}
	return out
}

func tsvRows(b []byte) [][]string {
	var out [][]string
	for i, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		if i == 0 {
			continue
		}
		out = append(out, strings.Split(strings.TrimRight(line, "\r"), "\t"))
	}
	return out
}

// RowError is a problem with one cell or row of an imported table. Row is
// the 1-based line of the file (the header is row 1); Column is the
// header's name, or "" for the whole row.
type RowError struct {
	Row    int
	Column string
	Msg    string
}

func (e RowError) Error() string {
	if e.Column == "" {
		return fmt.Sprintf("row %d: %s", e.Row, e.Msg)
	}
	return fmt.Sprintf("row %d, column %s: %s", e.Row, e.Column, e.Msg)
}

// RowErrors lists every problem of a table; a table with any is imported
// not at all.
type RowErrors []RowError

func (es RowErrors) Error() string {
	var b strings.Builder
	for i, e := range es {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

// Limits on imported tables.
const (
	MaxItems      = 20000
	MaxCodeLen    = 40
	MaxTitleLen   = 2000
	maxShortLabel = 200
)

var codeRE = regexp.MustCompile(`^[\p{L}\p{N}][\p{L}\p{N}._:/-]*$`)

// ParseTable reads a framework's items from a CSV or TSV table (the
// delimiter is the one the header line uses). The header must name the
// columns "code" and "title"; "short_label" and "kind" are optional, in any
// order, and other columns are ignored. Every row is checked and every
// problem is returned, with its row and column.
func ParseTable(r io.Reader) ([]Item, error) {
	data, err := io.ReadAll(io.LimitReader(r, 32<<20))
	if err != nil {
		return nil, err
	}
	if !utf8.Valid(data) {
		return nil, RowErrors{{Row: 1, Msg: "the file is not UTF-8 text; save it as UTF-8 and try again"}}
	}
	if e, ok := domain.CheckTextFile(data).(*domain.Error); ok {
		row, msg := 1, e.Msg
		if len(e.Args) == 1 {
			row, _ = e.Args[0].(int)
			_, msg, _ = strings.Cut(msg, ": ") // the row says the line
		}
		return nil, RowErrors{{Row: row, Msg: msg}}
	}
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	first, _, _ := bytes.Cut(data, []byte("\n"))
	cr := csv.NewReader(bytes.NewReader(data))
	if bytes.Count(first, []byte("\t")) > bytes.Count(first, []byte(",")) {
		cr.Comma = '\t'
		cr.LazyQuotes = true
	} else if bytes.Count(first, []byte(";")) > bytes.Count(first, []byte(",")) {
		cr.Comma = ';'
	}
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		return nil, RowErrors{{Row: 1, Msg: "the file is empty or its first line cannot be read: it must be a header naming the columns code and title"}}
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.ToLower(strings.TrimSpace(h))] = i
	}
	var errs RowErrors
	for _, need := range []string{"code", "title"} {
		if _, ok := col[need]; !ok {
			errs = append(errs, RowError{Row: 1, Column: need, Msg: "the header has no column " + need})
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	cell := func(rec []string, name string) string {
		i, ok := col[name]
		if !ok || i >= len(rec) {
			return ""
		}
		return strings.TrimSpace(rec[i])
	}
	var items []Item
	seen := map[string]int{}
	for row := 2; ; row++ {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			errs = append(errs, RowError{Row: row, Msg: "cannot be read: " + err.Error()})
			break
		}
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		it := Item{Code: cell(rec, "code"), Title: cell(rec, "title"), ShortLabel: cell(rec, "short_label"), Kind: cell(rec, "kind")}
		switch {
		case it.Code == "":
			errs = append(errs, RowError{Row: row, Column: "code", Msg: "is empty"})
		case utf8.RuneCountInString(it.Code) > MaxCodeLen || !codeRE.MatchString(it.Code):
			errs = append(errs, RowError{Row: row, Column: "code", Msg: fmt.Sprintf("%q is not a code: use up to %d letters, digits and . _ : / -", it.Code, MaxCodeLen)})
		case seen[it.Code] > 0:
			errs = append(errs, RowError{Row: row, Column: "code", Msg: fmt.Sprintf("%q is used already on row %d", it.Code, seen[it.Code])})
		default:
			seen[it.Code] = row
		}
		switch {
		case it.Title == "":
			errs = append(errs, RowError{Row: row, Column: "title", Msg: "is empty"})
		case utf8.RuneCountInString(it.Title) > MaxTitleLen:
			errs = append(errs, RowError{Row: row, Column: "title", Msg: fmt.Sprintf("is longer than %d characters", MaxTitleLen)})
		}
		if utf8.RuneCountInString(it.ShortLabel) > maxShortLabel {
			errs = append(errs, RowError{Row: row, Column: "short_label", Msg: fmt.Sprintf("is longer than %d characters", maxShortLabel)})
		}
		if utf8.RuneCountInString(it.Kind) > 40 {
			errs = append(errs, RowError{Row: row, Column: "kind", Msg: "is longer than 40 characters"})
		}
		items = append(items, it)
		if len(items) > MaxItems {
			errs = append(errs, RowError{Row: row, Msg: fmt.Sprintf("a framework has at most %d items", MaxItems)})
			break
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	if len(items) == 0 {
		return nil, RowErrors{{Row: 2, Msg: "the table has a header but no rows"}}
	}
	return items, nil
}
