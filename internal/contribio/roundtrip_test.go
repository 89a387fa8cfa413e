package contribio_test

import (
	"bytes"
	"context"
	"fmt"
	"reflect"
	"testing"

	"github.com/plenary-org/plenary/internal/contribio"
	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/store"
	"github.com/plenary-org/plenary/internal/store/storetest"
)

func TestRoundTrip(t *testing.T) {
	ctx := context.Background()
	src := storetest.Open(t)
	s := newSetup(t, src)
	empty := snapshot(t, src) // the same bodies, meetings and frameworks, no contributions
	if err := src.CreateContributions(ctx, s.contributions()); err != nil {
		t.Fatal(err)
	}
	ids, err := src.ContributionIDs(ctx, store.ContributionFilter{})
	if err != nil {
		t.Fatal(err)
	}
	want, err := src.ContributionsFull(ctx, ids)
	if err != nil {
		t.Fatal(err)
	}
	if len(want) != 8 {
		t.Fatalf("%d contributions in the source", len(want))
	}
	for _, f := range contribio.Formats {
		t.Run(string(f), func(t *testing.T) {
			dst := empty()
			exported := exportAll(t, src, string(f))
			rows, problems, err := contribio.Read(ctx, f, bytes.NewReader(exported), dst, contribio.Options{})
			if err != nil || len(problems) > 0 {
				t.Fatalf("read: %v %v", err, problems)
			}
			if len(rows) != len(want) {
				t.Fatalf("%d rows, want %d", len(rows), len(want))
			}
			for i, r := range rows {
				wantLine := i + 2
				if f == contribio.JSON {
					wantLine = i + 1
				}
				if r.Line != wantLine {
					t.Errorf("row %d has line %d, want %d", i, r.Line, wantLine)
				}
			}
			if err := contribio.Create(ctx, dst, rows); err != nil {
				t.Fatal(err)
			}
			got, err := dst.ContributionsFull(ctx, ids)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(want) {
				t.Fatalf("%d contributions imported, want %d", len(got), len(want))
			}
			for i := range want {
				compareContribution(t, want[i], got[i])
			}
			again := exportAll(t, dst, string(f))
			if f == contribio.XLSX {
				// A workbook records when it was written; compare what it holds.
				other := empty()
				a, pa, _ := contribio.Read(ctx, f, bytes.NewReader(exported), other, contribio.Options{})
				b, pb, _ := contribio.Read(ctx, f, bytes.NewReader(again), other, contribio.Options{})
				if len(pa)+len(pb) > 0 || len(a) != len(want) || !reflect.DeepEqual(a, b) {
					t.Error("the workbook exported after the import holds other rows")
				}
				return
			}
			if !bytes.Equal(exported, again) {
				t.Errorf("export after import differs:\n%s\n---\n%s", exported, again)
			}
		})
	}
}

// compareContribution reports every field the format carries that differs.
func compareContribution(t *testing.T, want, got *domain.Contribution) {
	t.Helper()
	w, g := reflect.ValueOf(*want), reflect.ValueOf(*got)
	for i := 0; i < w.NumField(); i++ {
		name := w.Type().Field(i).Name
		switch name {
		case "Seq", "Version", "UpdatedAt", "Attachments":
			continue
		}
		if !reflect.DeepEqual(w.Field(i).Interface(), g.Field(i).Interface()) {
			t.Errorf("%s: %s = %s, want %s", want.ID, name, show(g.Field(i).Interface()), show(w.Field(i).Interface()))
		}
	}
}

func show(v any) string { return fmt.Sprintf("%+v", v) }
