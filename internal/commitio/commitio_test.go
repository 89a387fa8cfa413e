package commitio

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/plenary-org/plenary/internal/contribio"
	"github.com/plenary-org/plenary/internal/domain"
)

func TestReadCSV(t *testing.T) {
	t.Parallel()
	file := "\ufefftitle,text,lang,owner,co_owners,deliverables\n" +
		"A,\"Two\nlines\",en,IOM,\"ECA; ECOWAS \",\"[x] 2019-06-30 Hub online\n2020-01-01 Bulletin\nTraining\"\n" +
		",,,,,\n" +
		"\n" +
		"B,'=1+1,fr,ECA,,\n"
	rows, errs := Read(contribio.CSV, strings.NewReader(file))
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if len(rows) != 2 || rows[0].Line != 2 || rows[1].Line != 5 { // an empty row, a blank line, then B
		t.Fatalf("rows %+v", rows)
	}
	if got := Split(rows[0].Get(ColCoOwners)); !slices.Equal(got, []string{"ECA", "ECOWAS"}) {
		t.Errorf("co-owners %v", got)
	}
	if rows[1].Get(ColText) != "=1+1" {
		t.Errorf("a protected formula reads %q", rows[1].Get(ColText))
	}
	want := []domain.Deliverable{{Text: "Hub online", DueOn: "2019-06-30", Done: true}, {Text: "Bulletin", DueOn: "2020-01-01"}, {Text: "Training"}}
	if got := ParseDeliverables(rows[0].Cells[ColDeliverables]); !slices.Equal(got, want) {
		t.Errorf("deliverables %+v", got)
	}
}

func TestReadJSON(t *testing.T) {
	t.Parallel()
	file := `{"commitments":[{"title":"A","text":"X","lang":"en","owner":"IOM","objectives":["O5","Pa"],"seeks_support":true,
		"deliverables":[{"text":"Hub online","due_on":"2019-06-30","done":true}],
		"indicators":[{"name":"Centres","baseline":0,"baseline_on":"2018-01-01"},{"name":"Staff","unit":"people"}]},
		{"title":"B","text":"Y","lang":"fr","owner":"ECA"}]}`
	rows, errs := Read(contribio.JSON, strings.NewReader(file))
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if len(rows) != 3 || rows[0].Line != 1 || rows[1].Line != 1 || rows[2].Line != 2 {
		t.Fatalf("rows %+v", rows)
	}
	if rows[0].Get(ColID) != rows[1].Get(ColID) || rows[0].Get(ColID) == rows[2].Get(ColID) {
		t.Errorf("the indicators of one commitment share its id: %q %q %q", rows[0].Get(ColID), rows[1].Get(ColID), rows[2].Get(ColID))
	}
	if rows[0].Get(ColObjectives) != "O5; Pa" || rows[0].Get(ColSeeksSupport) != "true" || rows[1].Get(ColIndicator) != "Staff" || rows[0].Get(ColBaseline) != "0" {
		t.Errorf("cells %v / %v", rows[0].Cells, rows[1].Cells)
	}
	if d := ParseDeliverables(rows[0].Cells[ColDeliverables]); len(d) != 1 || !d[0].Done || d[0].DueOn != "2019-06-30" {
		t.Errorf("deliverables %+v", d)
	}
}

func TestReadProblems(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name string
		f    contribio.Format
		file string
		want string
	}{
		{"column twice", contribio.CSV, "title,text,lang,owner,title\nA,B,en,C,D\n", "twice"},
		{"extra cells", contribio.CSV, "title,text,lang,owner\nA,B,en,C,D\n", "row 2: "},
		{"open quote", contribio.CSV, "title,text,lang,owner\n\"A,B,en,C\n", "quote"},
		{"not UTF-8", contribio.CSV, "title,text,lang,owner\n\xff,B,en,C\n", "UTF-8"},
		{"JSON entry not an object", contribio.JSON, `[1]`, "row 1: "},
		{"JSON value", contribio.JSON, `[{"title":{"a":1}}]`, "row 1, column title"},
		{"unknown format", "ods", "x", "unknown format"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, errs := Read(tt.f, strings.NewReader(tt.file))
			if len(errs) == 0 || !strings.Contains(errs.Error(), tt.want) {
				t.Errorf("errors %v, want %q", errs, tt.want)
			}
		})
	}
	var big strings.Builder
	big.WriteString("title,text,lang,owner\n")
	for range MaxRows + 1 {
		big.WriteString("A,B,en,C\n")
	}
	if _, errs := Read(contribio.CSV, strings.NewReader(big.String())); len(errs) == 0 || !strings.Contains(errs.Error(), "at most") {
		t.Errorf("too many rows: %v", errs)
	}
}

func TestWriteRead(t *testing.T) {
	t.Parallel()
	b, tg := 1.5, 10.0
	items := []Item{{Commitment: &domain.Commitment{ID: "c1", Title: "=A", Text: "x\ny", Lang: "en", Objectives: []string{"O1"}, Status: domain.CommitmentPlanned,
		Deliverables: []domain.Deliverable{{Text: "D", DueOn: "2020-01-01", Done: true}}}, Owner: "IOM", CoOwners: []string{"ECA"},
		Indicators: []*domain.Indicator{{ID: "i1", Name: "N", Baseline: &b, BaselineOn: "2018-01-01", Target: &tg, TargetOn: "2020-01-01", Direction: domain.UpIsGood}},
		Latest:     map[string]domain.IndicatorValue{"i1": {Value: 4, On: "2019-01-01"}}}}
	for _, f := range contribio.Formats {
		var buf bytes.Buffer
		if err := Write(&buf, f, items); err != nil {
			t.Fatal(err)
		}
		rows, errs := Read(f, &buf)
		if len(errs) > 0 || len(rows) != 1 {
			t.Fatalf("%s: %v %v", f, rows, errs)
		}
		r := rows[0]
		if r.Get(ColTitle) != "=A" || r.Cells[ColText] != "x\ny" || r.Get(ColBaseline) != "1.5" || r.Get(ColLatestValue) != "4" || r.Get(ColCoOwners) != "ECA" {
			t.Errorf("%s: %v", f, r.Cells)
		}
	}
}

func FuzzRead(f *testing.F) {
	f.Add("title,text,lang,owner\nA,B,en,C\n", "csv")
	f.Add("title;text;lang;owner;indicator;baseline\nA;B;en;C;I;1.5\n", "csv")
	f.Add(`[{"title":"A","text":"B","lang":"en","owner":"C","indicators":[{"name":"I","baseline":1}]}]`, "json")
	f.Add(`{"commitments":[{"title":null}]}`, "json")
	f.Add("PK\x03\x04", "xlsx")
	f.Fuzz(func(t *testing.T, data, format string) {
		fm, err := contribio.ParseFormat(format)
		if err != nil {
			return
		}
		rows, errs := Read(fm, strings.NewReader(data))
		if len(errs) > 0 && rows != nil {
			t.Fatal("rows and problems at once")
		}
		for _, r := range rows {
			if r.Line < 1 {
				t.Fatalf("row at line %d", r.Line)
			}
			for col, v := range r.Cells {
				if domain.CheckText(col, v) != nil {
					t.Fatalf("cell %s holds %q", col, v)
				}
			}
		}
	})
}

// TestTemplateReadsBack: the template of each format is a file Read takes
// without a problem, its example commitment's two indicators on two rows
// of one id.
func TestTemplateReadsBack(t *testing.T) {
	for _, f := range contribio.Formats {
		t.Run(string(f), func(t *testing.T) {
			var buf bytes.Buffer
			if err := Template(&buf, f); err != nil {
				t.Fatal(err)
			}
			rows, problems := Read(f, &buf)
			if len(problems) > 0 {
				t.Fatalf("problems: %v", problems)
			}
			if len(rows) != 2 || rows[0].Get(ColID) == "" || rows[1].Get(ColID) != rows[0].Get(ColID) || rows[1].Get(ColDirection) != string(domain.DownIsGood) ||
				rows[0].Get(ColOwner) != "Budapest Process" || !strings.Contains(rows[0].Get(ColDeliverables), "Shared method agreed") {
				t.Fatalf("rows = %+v", rows)
			}
		})
	}
}
