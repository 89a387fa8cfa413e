package followup_test

import (
	"bytes"
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/plenary-org/plenary/internal/contribio"
	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/followup"
	"github.com/plenary-org/plenary/internal/store"
)

// summary describes a process's commitments as a file carries them, so
// that two exports compare whatever the IDs.
func summary(t *testing.T, w *world) []string {
	t.Helper()
	cs, _, err := w.db.Commitments(w.ctx, store.CommitmentFilter{ProcessID: w.process.ID, Sort: "title", Limit: -1})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, c := range cs {
		inds, err := w.db.Indicators(w.ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		s := strings.Join([]string{c.Title, c.Text, c.Lang, c.OwnerBodyID, strings.Join(c.CoOwnerBodyIDs, ","), strings.Join(c.PartnerBodyIDs, ","),
			strings.Join(c.Objectives, ","), c.MeetingID, c.StartOn, c.DueOn, string(c.Status)}, "|")
		for _, d := range c.Deliverables {
			s += "|d:" + d.Text + "/" + d.DueOn + "/" + map[bool]string{true: "x"}[d.Done]
		}
		for _, ind := range inds {
			s += "|i:" + ind.Name + "/" + ind.Unit + "/" + ind.BaselineOn + "/" + ind.TargetOn + "/" + string(ind.Direction) + "/" + strings.Join(ind.Disaggregation, ",")
			if ind.Baseline != nil {
				s += "/b" + strconv.FormatFloat(*ind.Baseline, 'g', -1, 64)
			}
			if ind.Target != nil {
				s += "/t" + strconv.FormatFloat(*ind.Target, 'g', -1, 64)
			}
		}
		out = append(out, s)
	}
	return out
}

// TestImportExportRoundTrip exports the process's commitments in each
// format and imports the file into a fresh process that shares the
// bodies: the commitments come back the same.
func TestImportExportRoundTrip(t *testing.T) {
	t.Parallel()
	for _, f := range contribio.Formats {
		t.Run(string(f), func(t *testing.T) {
			t.Parallel()
			w := newWorld(t)
			sec := w.actors["secretariat"]
			c := w.commitment(t, "Joint data hub, « phase 2 »", "budapest", func(c *domain.Commitment) {
				c.MeetingID, c.CoOwnerBodyIDs, c.PartnerBodyIDs = w.meeting.ID, []string{w.bodies["ecowas"].ID}, []string{w.bodies["iom"].ID, w.bodies["eca"].ID}
				c.Objectives, c.StartOn, c.DueOn, c.Status = []string{"O1", "Pa"}, "2018-01-01", "2025-12-31", domain.CommitmentOnTrack
				c.Text = "Line one.\nLine two, with \"quotes\"; and a semicolon.\n=SUM(A1)"
				c.Deliverables = []domain.Deliverable{{Text: "Hub online", DueOn: "2019-06-30", Done: true}, {Text: "Yearly bulletin"}}
			})
			for _, in := range []followup.IndicatorInput{
				{CommitmentID: c.ID, Name: "Datasets shared", Unit: "datasets", Baseline: num(2.5), BaselineOn: "2018-01-01", Target: num(40), TargetOn: "2025-12-31",
					Disaggregation: []string{"region", "sex"}, Source: "Hub registry"},
				{CommitmentID: c.ID, Name: "Days to answer a request", Baseline: num(30), BaselineOn: "2018-01-01", Target: num(5), TargetOn: "2025-12-31", Direction: domain.DownIsGood},
			} {
				if _, err := w.svc.AddIndicator(w.ctx, sec, in); err != nil {
					t.Fatal(err)
				}
			}
			w.commitment(t, "Alone, without indicators", "eca", nil)
			before := summary(t, w)

			var buf bytes.Buffer
			if err := w.svc.Export(w.ctx, w.actors["observer"], followup.ListInput{ProcessID: w.process.ID}, f, &buf); err != nil {
				t.Fatal(err)
			}
			// Delete what was there, then import the file back.
			cs, _, _ := w.db.Commitments(w.ctx, store.CommitmentFilter{ProcessID: w.process.ID, Limit: -1})
			for _, c := range cs {
				if err := w.svc.Delete(w.ctx, sec, c.ID, c.Version); err != nil {
					t.Fatal(err)
				}
			}
			res, err := w.svc.Import(w.ctx, sec, w.process.ID, f, bytes.NewReader(buf.Bytes()))
			if err != nil {
				t.Fatalf("import: %v\n%s", err, buf.String())
			}
			if res.Commitments != 2 || res.Indicators != 2 {
				t.Errorf("imported %+v", res)
			}
			// Imported commitments begin their history anew, planned or
			// as the file says.
			if after := summary(t, w); !slices.Equal(after, before) {
				t.Errorf("after the round trip\n%v\nwant\n%v", after, before)
			}
		})
	}
}

func TestImportProblems(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	sec := w.actors["secretariat"]
	file := "title,text,lang,owner,objectives,status,meeting,indicator,baseline,baseline_on,target,target_on,direction\n" +
		"Good one,Text,en,Budapest Process,O5,planned,GRCP 7,Centres,0,2018-01-01,3,2025-12-31,up_is_good\n" +
		"No owner,Text,en,,O5,planned,,,,,,,\n" +
		"Bad objective,Text,fr,IOM,O42,finished,GRCP 99,,,,,,\n" +
		"Bad indicator,Text,en,ECA,,,,Waiting days,ten,2018-01-01,5,2017-01-01,down_is_good\n"
	_, err := w.svc.Import(w.ctx, sec, w.process.ID, contribio.CSV, strings.NewReader(file))
	var es contribio.CellErrors
	if !errors.As(err, &es) || domain.ErrorCode(err) != domain.EINVALID {
		t.Fatalf("import = %v", err)
	}
	var got []string
	for _, e := range es {
		got = append(got, e.Error()[:strings.Index(e.Error(), ":")])
	}
	want := []string{"row 3, column owner", "row 4, column meeting", "row 4, column objectives", "row 4, column status", "row 5, column baseline"}
	if !slices.Equal(got, want) {
		t.Errorf("problems\n%v\nwant\n%v\n(%v)", got, want, err)
	}
	if _, total, _ := w.db.Commitments(w.ctx, store.CommitmentFilter{ProcessID: w.process.ID}); total != 0 {
		t.Errorf("%d commitments recorded from a file with problems", total)
	}
	for _, tt := range []struct {
		name, file string
		f          contribio.Format
		want       string
	}{
		{"unknown column", "title,text,lang,owner,colour\nT,X,en,IOM,red\n", contribio.CSV, "colour"},
		{"missing column", "title,text,lang\nT,X,en\n", contribio.CSV, "owner"},
		{"header only", "title,text,lang,owner\n", contribio.CSV, "no rows"},
		{"not JSON", "{", contribio.JSON, "JSON"},
		{"JSON of another shape", `{"contributions":[]}`, contribio.JSON, "commitments"},
		{"not a workbook", "PK", contribio.XLSX, "Excel"},
		{"NUL", "title,text,lang,owner\nT\x00,X,en,IOM\n", contribio.CSV, "title"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := w.svc.Import(w.ctx, sec, w.process.ID, tt.f, strings.NewReader(tt.file))
			if domain.ErrorCode(err) != domain.EINVALID || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("import = %v, want EINVALID with %q", err, tt.want)
			}
		})
	}
	for _, who := range []string{"chair", "budapest", "meetsec"} {
		if _, err := w.svc.Import(w.ctx, w.actors[who], w.process.ID, contribio.CSV, strings.NewReader(file)); domain.ErrorCode(err) != domain.EFORBIDDEN {
			t.Errorf("import as %s = %v", who, err)
		}
	}
	if _, err := w.svc.Import(w.ctx, w.actors["outsider"], w.process.ID, contribio.CSV, strings.NewReader(file)); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Errorf("import as an outsider = %v", err)
	}
	if err := w.svc.Export(w.ctx, w.actors["outsider"], followup.ListInput{ProcessID: w.process.ID}, contribio.CSV, &bytes.Buffer{}); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Errorf("export as an outsider = %v", err)
	}
	// The good row alone imports, with its indicator, at GRCP 7.
	good := strings.SplitAfterN(file, "\n", 3)
	res, err := w.svc.Import(w.ctx, sec, w.process.ID, contribio.CSV, strings.NewReader(good[0]+good[1]))
	if err != nil || res.Commitments != 1 || res.Indicators != 1 {
		t.Fatalf("import = %+v, %v", res, err)
	}
	evs, _ := w.db.AuditEvents(w.ctx, store.AuditFilter{ObjectType: "commitment", MeetingID: w.meeting.ID})
	if len(evs) != 1 || evs[0].Action != "import" {
		t.Errorf("audit %+v", evs)
	}
}
