package contribio

import (
	"io"
	"strings"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/locale"
)

// Template writes the file a secretariat fills in: the header and one
// example row, a good practice. The XLSX template has a second worksheet,
// help, that explains every column in the printer's language (English
// when p is nil).
func Template(w io.Writer, f Format, p *locale.Printer) error {
	if p == nil {
		p = locale.MustLoad().Printer("en")
	}
	example := make([]any, len(Columns))
	for i := range example {
		example[i] = ""
	}
	set := func(col string, v any) { example[columnIndex[col]] = v }
	set(ColKind, string(domain.KindGoodPractice))
	set(ColPractice, string(domain.PracticeLegislation))
	set(ColStatus, string(domain.StatusSubmitted))
	set(ColTitle, "Regularisation of migrant workers in irregular situations")
	set(ColText, "A law that lets migrant workers in an irregular situation apply for a residence and work permit.")
	set(ColLang, "en")
	set(ColRegions, []string{"Central America"})
	set(ColCountries, []string{"CR", "PA"})
	set(ColObjectives, []string{"O5", "O6"})
	set(ColPrinciples, []string{"Pf"})
	set(ColTags, []string{})
	set(ColLinks, []string{"https://example.org/regularisation"})
	set(ColWhere, "Costa Rica")
	set(ColImplementer, "Ministry of Labour")
	set(ColPeriodFrom, "2015")
	set(ColPeriodTo, "2019-06")
	set(ColResults, "12,000 workers regularised")
	set(ColDemo, false)
	for _, l := range translationLangs() {
		set(ColTranslation+l, (*translationCell)(nil))
	}
	set(ColTranslation+"es", &translationCell{Title: "Regularización de trabajadores migrantes en situación irregular",
		Text: "Una ley que permite a los trabajadores migrantes en situación irregular solicitar un permiso de residencia y de trabajo."})
	var help [][]string
	if f == XLSX {
		help = HelpRows(p)
	}
	return writeRows(w, f, [][]any{example}, help)
}

// HelpRows explains every column in the printer's language: a header row
// (column, what to write), then one row per column.
func HelpRows(p *locale.Printer) [][]string {
	rows := [][]string{{p.T("io.help.column"), p.T("io.help.description")}}
	for _, col := range Columns {
		var text string
		switch {
		case col == ColKind:
			text = p.T("io.col.kind", codeList(domain.ContributionKinds))
		case col == ColPractice:
			text = p.T("io.col.practice_type", codeList(domain.PracticeTypes))
		case col == ColStatus:
			text = p.T("io.col.status", codeList(domain.Statuses))
		case col == ColLang:
			text = p.T("io.col.lang", strings.Join(domain.Locales, ", "))
		case strings.HasPrefix(col, ColTranslation):
			text = p.T("io.col.translation", strings.TrimPrefix(col, ColTranslation))
		default:
			text = p.T("io.col." + col)
		}
		rows = append(rows, []string{col, text})
	}
	return rows
}
