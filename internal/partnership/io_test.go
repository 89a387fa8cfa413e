package partnership_test

import (
	"bytes"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/plenary-org/plenary/internal/contribio"
	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/partnership"
	"github.com/plenary-org/plenary/internal/store"
)

func TestExportImportRoundTrip(t *testing.T) {
	t.Parallel()
	for _, f := range contribio.Formats {
		t.Run(string(f), func(t *testing.T) {
			t.Parallel()
			w := newWorld(t)
			p := w.partnership(t, "=Observatory, with \"quotes\"", []string{"budapest", "iom", "eca"}, "O1", "O23")
			if _, err := w.svc.Update(w.ctx, w.actors["secretariat"], partnership.UpdateInput{ID: p.ID, Version: p.Version, Title: p.Title,
				Purpose: "Line one;\nline two, with a comma", Phase: domain.PhaseFollowUp, Mechanism: domain.CollabDataSharing, Status: domain.PartnershipAgreed,
				StartsOn: "2018-03-01", Parties: p.Parties, Objectives: p.Objectives, Contributions: []string{w.data.ID},
				Links: []domain.PartnershipLink{{Title: "MoU | signed", URL: "https://example.org/mou"}, {URL: "https://example.org/b"}}}); err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if err := w.svc.Export(w.ctx, w.actors["observer"], partnership.ExportInput{ProcessID: w.process.ID, Format: f}, &buf); err != nil {
				t.Fatal(err)
			}
			// Into the same process again: a copy with a new ID.
			n, err := w.svc.Import(w.ctx, w.actors["secretariat"], partnership.ImportInput{ProcessID: w.process.ID, Format: f, Data: buf.Bytes()})
			if err != nil || n != 1 {
				t.Fatalf("Import = %d, %v", n, err)
			}
			ps, _, err := w.db.Partnerships(w.ctx, store.PartnershipFilter{ProcessID: w.process.ID})
			if err != nil || len(ps) != 2 {
				t.Fatalf("after import: %v, %v", ps, err)
			}
			got, want := ps[0], ps[1]
			if got.ID == want.ID || got.Title != want.Title || got.Purpose != want.Purpose || got.Phase != want.Phase || got.Mechanism != want.Mechanism ||
				got.Status != want.Status || got.StartsOn != want.StartsOn || !slices.Equal(got.Parties, want.Parties) ||
				!slices.Equal(got.Objectives, want.Objectives) || !slices.Equal(got.Links, want.Links) || !slices.Equal(got.Contributions, want.Contributions) {
				t.Errorf("imported\n%+v\nwant\n%+v", got, want)
			}
		})
	}
}

func TestImportIsAllOrNothingWithRowAndColumn(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	file := "title,purpose,parties,objectives,phase\n" +
		"Good,Fine,Budapest Process; IOM,O1,implementation\n" +
		"Bad party,Fine,Budapest Process; Nobody,O1,\n" +
		"Bad objective,Fine,IOM; ECA,O99,\n" +
		"Bad phase,Fine,IOM; ECA,,someday\n"
	_, err := w.svc.Import(w.ctx, w.actors["secretariat"], partnership.ImportInput{ProcessID: w.process.ID, Format: contribio.CSV, Data: []byte(file)})
	var es contribio.CellErrors
	if !errors.As(err, &es) {
		t.Fatalf("Import = %v; want cell errors", err)
	}
	var got []string
	for _, e := range es {
		got = append(got, e.Error())
	}
	for _, want := range []string{"row 3, column parties: Nobody is not a body", "row 4, column objectives: unknown objectives", "row 5, column phase:"} {
		if !slices.ContainsFunc(got, func(s string) bool { return strings.HasPrefix(s, want) }) {
			t.Errorf("problems %q lack %q", got, want)
		}
	}
	if _, n, _ := w.db.Partnerships(w.ctx, store.PartnershipFilter{ProcessID: w.process.ID}); n != 0 {
		t.Errorf("%d partnerships stored from a file with problems", n)
	}
	// The process's secretariat only.
	if _, err := w.svc.Import(w.ctx, w.actors["chair"], partnership.ImportInput{ProcessID: w.process.ID, Format: contribio.CSV, Data: []byte(file)}); domain.ErrorCode(err) != domain.EFORBIDDEN {
		t.Errorf("the chair's import = %v", err)
	}
}

func TestImportMadeFromAProposalOnce(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	row := "Made,Fine,Budapest Process; IOM," + w.proposal.ID + "\n"
	file := "title,purpose,parties,made_from\n" + row + row
	_, err := w.svc.Import(w.ctx, w.actors["secretariat"], partnership.ImportInput{ProcessID: w.process.ID, Format: contribio.CSV, Data: []byte(file)})
	if err == nil || !strings.Contains(err.Error(), "row 3, column made_from") {
		t.Errorf("two rows from one proposal = %v", err)
	}
	file = "title,purpose,parties,made_from\n" + row
	if n, err := w.svc.Import(w.ctx, w.actors["secretariat"], partnership.ImportInput{ProcessID: w.process.ID, Format: contribio.CSV, Data: []byte(file)}); err != nil || n != 1 {
		t.Fatalf("Import = %d, %v", n, err)
	}
	if _, err := w.svc.Import(w.ctx, w.actors["secretariat"], partnership.ImportInput{ProcessID: w.process.ID, Format: contribio.CSV, Data: []byte(file)}); err == nil ||
		!strings.Contains(err.Error(), "already made") {
		t.Errorf("a proposal made twice = %v", err)
	}
}

func TestReadRecordsRefusesBadFiles(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, file string
		want       string
	}{
		{"empty", "", "no header row"},
		{"unknown column", "title,purpose,parties,colour\n", "row 1, column colour: unknown column"},
		{"missing column", "title,parties\n", "row 1, column purpose: the column purpose is missing"},
		{"NUL in a cell", "title,purpose,parties\nA\x00,B,C\n", "row 2, column title:"},
		{"bad demo", "title,purpose,parties,demo\nA,B,C,maybe\n", "row 2, column demo:"},
		{"not UTF-8", "title,purpose,parties\n\xff,B,C\n", "UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, problems := partnership.ReadRecords(contribio.CSV, []byte(tt.file))
			if len(problems) == 0 || !strings.Contains(problems.Error(), tt.want) {
				t.Errorf("problems = %v; want %q", problems, tt.want)
			}
		})
	}
	if _, problems := partnership.ReadRecords(contribio.JSON, []byte(`[{"title":"A","purpose":"B","parties":["x"],"colour":1}]`)); len(problems) == 0 {
		t.Error("a JSON object with an unknown field was read")
	}
	if _, problems := partnership.ReadRecords(contribio.XLSX, []byte("not a workbook")); len(problems) == 0 {
		t.Error("a file that is no workbook was read")
	}
}

func FuzzReadRecords(f *testing.F) {
	f.Add(uint8(0), []byte("title,purpose,parties,objectives,links\nA,B,\"X; Y\",O1 O2,\"T | https://e.org\nhttps://f.org\"\n"))
	f.Add(uint8(0), []byte("\ufefftitle;purpose;parties\n'=A;B;C\n"))
	f.Add(uint8(1), []byte(`[{"title":"A","purpose":"B","parties":["X","Y"],"links":[{"url":"https://e.org"}]}]`))
	f.Add(uint8(2), []byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, which uint8, data []byte) {
		format := contribio.Formats[int(which)%len(contribio.Formats)]
		if format == contribio.XLSX && len(data) > 1<<16 {
			return
		}
		recs, problems := partnership.ReadRecords(format, data)
		for _, r := range recs {
			for _, s := range append([]string{r.Title, r.Purpose, r.Phase}, r.Parties...) {
				if domain.CheckText("x", s) != nil {
					t.Fatalf("a record holds bad text %q", s)
				}
			}
		}
		for _, p := range problems {
			if p.Err == nil {
				t.Fatal("a problem without an error")
			}
		}
	})
}
