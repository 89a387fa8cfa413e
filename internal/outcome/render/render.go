// Package render turns one version of a meeting's outcome document into the
// files people use: a printable web page (HTML), Word (DOCX), PDF and
// Markdown. It is pure: it reads no database and serves no request; the
// caller (the outcome use cases, the CLI and the API) gives it the text,
// the version's facts and the labels in the document's language.
//
// Every renderer is deterministic: the same [Doc] gives the same bytes
// (fixed dates inside the files, fixed archive timestamps, no random
// identifiers), so that a file can be checked against the adopted version
// by rendering that version again.
package render

import (
	"fmt"
	"io"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/unicode/bidi"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/locale"
)

// Doc is one version of an outcome document in one language, with what a
// rendered file shows besides the text.
type Doc struct {
	Text domain.OutcomeText
	// Draft marks every page with the Labels.Draft watermark.
	Draft   bool
	Version int
	Status  domain.OutcomeStatus
	// Hash is the content hash (domain.OutcomeText.Hash) of an adopted
	// version, shown short and in full; empty for a draft.
	Hash string
	// Date is the version's date (of adoption, or of the draft); it is
	// also the date written inside the files.
	Date time.Time
	// Dir is "rtl" or "ltr"; empty means the language's own direction.
	Dir    string
	Labels Labels
}

// Labels are the words a rendered file shows around the text, in the
// document's language. [NewLabels] takes them from the catalogues.
type Labels struct {
	Draft   string // the watermark: "DRAFT"
	Version string // "Version 3"
	Status  string // "Adopted"
	Date    string // "Date"
	Hash    string // "Content hash"
	Full    string // "Full hash"
	// PageOf has two %d: the page and the number of pages.
	PageOf string
}

// NewLabels returns the labels of a version in p's language.
func NewLabels(p *locale.Printer, version int, status domain.OutcomeStatus) Labels {
	return Labels{
		Draft:   p.T("export.outcome.draft"),
		Version: p.T("export.outcome.version", version),
		Status:  p.T("export.outcome.status." + string(status)),
		Date:    p.T("export.outcome.date"),
		Hash:    p.T("export.outcome.hash"),
		Full:    p.T("export.outcome.full_hash"),
		PageOf:  p.T("export.outcome.page_of"),
	}
}

// Func writes one document in one format.
type Func func(w io.Writer, d Doc) error

// Format is an export format: its name, file extension and media type.
type Format struct {
	Name      string // as given to plenary export outcome -format
	Extension string // with the dot
	MediaType string
	Render    Func
}

var formats = []Format{
	{"docx", ".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", DOCX},
	{"pdf", ".pdf", "application/pdf", PDF},
	{"md", ".md", "text/markdown; charset=utf-8", Markdown},
	{"html", ".html", "text/html; charset=utf-8", HTML},
}

// FormatNames lists the export formats by name.
func FormatNames() []string {
	names := make([]string, len(formats))
	for i, f := range formats {
		names[i] = f.Name
	}
	return names
}

// ByName returns the format called name (docx, pdf, md or html); any
// other name is an error that lists the formats there are.
func ByName(name string) (Format, error) {
	for _, f := range formats {
		if f.Name == strings.ToLower(strings.TrimSpace(name)) {
			return f, nil
		}
	}
	return Format{}, fmt.Errorf("render: unknown format %q: use one of %s", name, strings.Join(FormatNames(), ", "))
}

// dir is the document's direction.
func (d Doc) dir() string {
	if d.Dir == "rtl" || d.Dir == "ltr" {
		return d.Dir
	}
	return LanguageDir(d.Text.Language)
}

// LanguageDir returns "rtl" for a language written right to left (Arabic
// among the six), else "ltr".
func LanguageDir(lang string) string {
	for _, l := range locale.Languages {
		if l.Code == lang && l.RTL {
			return "rtl"
		}
	}
	return "ltr"
}

// TextDir returns the direction of most of s's strongly directional
// letters, "rtl" or "ltr", or "" when s has none: a statement quoted in
// another script than the document's is set in its own direction.
func TextDir(s string) string {
	var l, r int
	for _, c := range s {
		p, _ := bidi.LookupRune(c)
		switch p.Class() {
		case bidi.L:
			l++
		case bidi.R, bidi.AL:
			r++
		}
	}
	switch {
	case r > l:
		return "rtl"
	case l > r:
		return "ltr"
	}
	return ""
}

// blockDir is the direction a block is set in: its own when it has more
// letters of the other direction than of the document's, else the
// document's.
func blockDir(s, docDir string) string {
	if d := TextDir(s); d != "" {
		return d
	}
	return docDir
}

// dateText is the date as the files show it: ISO 8601, read alike in the
// six languages.
func (d Doc) dateText() string {
	if d.Date.IsZero() {
		return ""
	}
	return d.Date.UTC().Format("2006-01-02")
}

// metaLine is the line under the title: version, status and date.
func (d Doc) metaLine() string {
	var parts []string
	if d.Labels.Version != "" {
		parts = append(parts, d.Labels.Version)
	}
	if d.Labels.Status != "" {
		parts = append(parts, d.Labels.Status)
	}
	if t := d.dateText(); t != "" {
		parts = append(parts, strings.TrimSpace(d.Labels.Date+" "+t))
	}
	return strings.Join(parts, " · ")
}

// shortHashLine is "Content hash: 3f2a 9c01 77be 0d12", empty without a
// hash.
func (d Doc) shortHashLine() string {
	if d.Hash == "" {
		return ""
	}
	return d.Labels.Hash + ": " + d.ltr() + domain.ShortHash(d.Hash)
}

// fullHashLine is "Full hash: 3f2a9c0177be0d12...".
func (d Doc) fullHashLine() string {
	if d.Hash == "" {
		return ""
	}
	return d.Labels.Full + ": " + d.ltr() + d.Hash
}

// ltr is a left-to-right mark in a right-to-left document, put before a
// hash so that its first digits stay with its letters (the bidirectional
// algorithm would set "3c0e..." after an Arabic label as "c0e...3").
func (d Doc) ltr() string {
	if d.dir() == "rtl" {
		return "\u200e"
	}
	return ""
}

// pageOf splits the PageOf label around its two numbers, for the formats
// that put fields or counters in their place.
func (d Doc) pageOf() (before, between, after string) {
	parts := strings.SplitN(d.Labels.PageOf, "%d", 3)
	if len(parts) != 3 {
		return "", " / ", ""
	}
	return parts[0], parts[1], parts[2]
}

// lines splits a block's text into its lines, without trailing spaces.
func lines(s string) []string {
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	ls := strings.Split(strings.TrimRightFunc(s, unicode.IsSpace), "\n")
	for i, l := range ls {
		ls[i] = strings.TrimRightFunc(l, unicode.IsSpace)
	}
	return ls
}

// columns is the number of columns of a table: its widest row.
func columns(rows [][]string) int {
	n := 0
	for _, r := range rows {
		n = max(n, len(r))
	}
	return n
}

// cell is row r's cell c, empty past the row's end.
func cell(rows [][]string, r, c int) string {
	if c < len(rows[r]) {
		return rows[r][c]
	}
	return ""
}
