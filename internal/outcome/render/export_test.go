package render

import (
	"testing"

	"github.com/plenary-org/plenary/internal/domain"
)

// What the checks of this package's tests offer to the test of the demo's
// own document (demo_export_test.go, package render_test, which may
// import the demo: this package may not).

// CheckPDFText is checkPDFText: pdftotext finds each of want in order.
func CheckPDFText(t *testing.T, pdf string, want []string, dir string) {
	t.Helper()
	checkPDFText(t, pdf, want, dir)
}

// CheckPDFFonts is checkPDFFonts: every font embedded, subset, mapped.
func CheckPDFFonts(t *testing.T, pdf, lang string) {
	t.Helper()
	checkPDFFonts(t, pdf, lang)
}

// SofficeToPDF is sofficeToPDF: LibreOffice converts files to PDF.
func SofficeToPDF(t *testing.T, soffice, dir string, files []string) string {
	t.Helper()
	return sofficeToPDF(t, soffice, dir, files)
}

// TextsOf is paragraphTexts of a document holding text.
func TextsOf(text domain.OutcomeText) []string { return paragraphTexts(Doc{Text: text}) }
