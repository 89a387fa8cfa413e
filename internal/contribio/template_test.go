package contribio_test

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/plenary-org/plenary/internal/contribio"
	"github.com/plenary-org/plenary/internal/locale"
	"github.com/plenary-org/plenary/internal/store/storetest"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to write it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file:\n%s", name, got)
	}
}

// TestTemplate checks the templates against their golden files and that
// each imports as one valid good practice.
func TestTemplate(t *testing.T) {
	db := storetest.Open(t)
	s := newSetup(t, db)
	p := locale.MustLoad().Printer("fr")
	for _, f := range contribio.Formats {
		t.Run(string(f), func(t *testing.T) {
			var b bytes.Buffer
			if err := contribio.Template(&b, f, p); err != nil {
				t.Fatal(err)
			}
			if f != contribio.XLSX {
				golden(t, "template."+string(f), b.Bytes())
			}
			rows, problems, err := contribio.Read(context.Background(), f, bytes.NewReader(b.Bytes()), db, contribio.Options{MeetingID: s.meeting})
			if err != nil || len(problems) > 0 || len(rows) != 1 {
				t.Fatalf("the template reads as %d rows, %v, %v", len(rows), problems, err)
			}
			c := rows[0].Contribution
			if c.Kind != "good_practice" || len(c.Tags) != 3 || len(c.Translations) != 1 || c.Translations[0].Lang != "es" {
				t.Errorf("template row = %+v", c)
			}
		})
	}
}

// TestXLSXLayout opens the template as a spreadsheet would: the first
// sheet is the contributions, its header bold and frozen, the columns
// sized, and a help sheet explains every column in the printer's language.
func TestXLSXLayout(t *testing.T) {
	var b bytes.Buffer
	if err := contribio.Template(&b, contribio.XLSX, locale.MustLoad().Printer("ar")); err != nil {
		t.Fatal(err)
	}
	x, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	if got := strings.Join(x.GetSheetList(), ","); got != "contributions,help" {
		t.Fatalf("sheets %s", got)
	}
	panes, err := x.GetPanes("contributions")
	if err != nil || !panes.Freeze || panes.YSplit != 1 {
		t.Errorf("panes = %+v, %v", panes, err)
	}
	style, _ := x.GetCellStyle("contributions", "A1")
	st, err := x.GetStyle(style)
	if err != nil || st.Font == nil || !st.Font.Bold {
		t.Errorf("header style = %+v, %v", st, err)
	}
	if w, _ := x.GetColWidth("contributions", "G"); w != 60 {
		t.Errorf("text column width %v", w)
	}
	help, err := x.GetRows("help")
	if err != nil {
		t.Fatal(err)
	}
	if len(help) != len(contribio.Columns)+1 || help[0][0] != "العمود" || help[3][0] != "kind" ||
		!strings.Contains(help[3][1], "good_practice, recommendation") {
		t.Errorf("help sheet: %d rows, %q", len(help), help[:4])
	}
}

// TestXLSXSheetAndRows reads a workbook whose contributions sheet is not
// the first and whose rows have gaps: problems name the rows Excel shows.
func TestXLSXSheetAndRows(t *testing.T) {
	db := storetest.Open(t)
	s := newSetup(t, db)
	x := excelize.NewFile()
	x.SetSheetName("Sheet1", "notes")
	x.SetCellValue("notes", "A1", "not read")
	x.NewSheet("Contributions")
	for cell, v := range map[string]any{"A1": "Kind", "B1": "Title", "C1": "Text", "D1": "period_from",
		"A2": "good_practice", "B2": "A", "C2": "B", "D2": 2015,
		"A5": "idea", "B5": "A", "C5": "B"} {
		x.SetCellValue("Contributions", cell, v)
	}
	var b bytes.Buffer
	if err := x.Write(&b); err != nil {
		t.Fatal(err)
	}
	rows, problems, err := contribio.Read(context.Background(), contribio.XLSX, &b, db, contribio.Options{MeetingID: s.meeting})
	if err != nil || len(rows) != 1 || len(problems) != 1 || problem(problems[0]) != "5/kind/error.io_value" {
		t.Fatalf("%d rows, %v, %v", len(rows), problems, err)
	}
	if rows[0].Contribution.PeriodFrom != "2015" {
		t.Errorf("period_from %q", rows[0].Contribution.PeriodFrom)
	}
}
