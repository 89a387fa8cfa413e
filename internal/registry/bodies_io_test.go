package registry_test

import (
	"bytes"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/plenary-org/plenary/internal/contribio"
	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/registry"
	"github.com/plenary-org/plenary/internal/store"
)

// A bodies file exported in each format imports again to the same bodies,
// member states as ISO 3166-1 alpha-3 codes.
func TestBodiesRoundTrip(t *testing.T) {
	for _, f := range contribio.Formats {
		t.Run(string(f), func(t *testing.T) {
			w := newWorld(t)
			rs, err := w.svc.ExportBodies(w.ctx, w.actors["observer"])
			if err != nil {
				t.Fatal(err)
			}
			i := slices.IndexFunc(rs, func(r registry.BodyRecord) bool { return r.Acronym == "RCM" })
			if i < 0 || rs[i].Members != "GTM MEX USA" || rs[i].Observers != "COL" || rs[i].Joined != "MEX 1996" || rs[i].RegionID != "003" {
				t.Fatalf("RCM exported as %+v", rs[i])
			}
			var buf bytes.Buffer
			if err := registry.WriteBodies(&buf, f, rs); err != nil {
				t.Fatal(err)
			}
			res, err := w.svc.ImportBodies(w.ctx, w.actors["secretariat"], f, bytes.NewReader(buf.Bytes()))
			if err != nil {
				t.Fatal(err)
			}
			if res.Created != 0 || res.Updated != len(rs) {
				t.Errorf("import = %+v, want %d updated", res, len(rs))
			}
			after, err := w.svc.ExportBodies(w.ctx, w.actors["observer"])
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(after, rs) {
				t.Errorf("after a round trip:\n%+v\nwant\n%+v", after, rs)
			}
		})
	}
}

// A file with problems changes nothing and names each problem's row and
// column.
func TestImportBodiesAllOrNothing(t *testing.T) {
	w := newWorld(t)
	csv := "name,kind,members,joined,website\n" +
		"Colombo Process,rcp,AFG BGD LKA,LKA 2003,https://www.colomboprocess.org\n" +
		"Bad kind,council,,,\n" +
		"Bad members,rcp,XYZ FRA,,\n" +
		"Bad joined,rcp,FRA,FRA sometime,\n" +
		"Bad site,rcp,FRA,,javascript:alert(1)\n" +
		"Colombo Process,rcp,,,\n"
	_, err := w.svc.ImportBodies(w.ctx, w.actors["secretariat"], contribio.CSV, strings.NewReader(csv))
	var es contribio.CellErrors
	if !errors.As(err, &es) {
		t.Fatalf("err = %v, want row and column problems", err)
	}
	got := map[string]bool{}
	for _, e := range es {
		got[strings.Join([]string{string(rune('0' + e.Row)), e.Column}, " ")] = true
	}
	for _, want := range []string{"3 kind", "4 members", "5 joined", "6 website", "7 name"} {
		if !got[want] {
			t.Errorf("no problem at row/column %s in %v", want, es)
		}
	}
	bs, _, _ := w.db.Bodies(w.ctx, store.BodyFilter{Query: "Colombo"})
	if len(bs) != 0 {
		t.Error("the valid row of a file with problems was imported")
	}
	res, err := w.svc.ImportBodies(w.ctx, w.actors["secretariat"], contribio.CSV, strings.NewReader("name,kind,members,joined\nColombo Process,rcp,AFG BGD LKA,LKA 2003\n"))
	if err != nil || res.Created != 1 {
		t.Fatalf("import = %+v, %v", res, err)
	}
	bs, _, _ = w.db.Bodies(w.ctx, store.BodyFilter{Query: "Colombo"})
	if len(bs) != 1 || !slices.Equal(bs[0].Countries, []string{"AF", "BD", "LK"}) || bs[0].Joined["LK"] != "2003" {
		t.Errorf("imported %+v", bs)
	}
	if _, err := w.svc.ImportBodies(w.ctx, w.actors["delegate"], contribio.CSV, strings.NewReader("name,kind\nX,rcp\n")); domain.ErrorCode(err) != domain.EFORBIDDEN {
		t.Errorf("a delegate imports: %v", err)
	}
	for _, bad := range []string{"", "nom,genre\nX,rcp\n", "name\nX\n", "\xff\xfe"} {
		if _, err := w.svc.ImportBodies(w.ctx, w.actors["secretariat"], contribio.CSV, strings.NewReader(bad)); !errors.As(err, &es) {
			t.Errorf("%q: %v, want problems", bad, err)
		}
	}
}

func FuzzReadBodies(f *testing.F) {
	f.Add([]byte("name,kind,members\nRCM,rcp,MEX GTM\n"), 0)
	f.Add([]byte("\ufeffname;kind;joined\nA;irf;MEX 1996\n"), 0)
	f.Add([]byte(`[{"name":"A","kind":"rcp","members":"FRA"}]`), 2)
	f.Add([]byte(`[{"name":"A\u0000","kind":"rcp"}]`), 2)
	f.Add([]byte("name,kind\n\"unterminated,rcp\n"), 0)
	f.Add([]byte("PK\x03\x04"), 1)
	f.Fuzz(func(t *testing.T, data []byte, n int) {
		formats := contribio.Formats
		format := formats[((n%len(formats))+len(formats))%len(formats)]
		rs, problems := registry.ReadBodies(format, data)
		for _, p := range problems {
			if p.Err == nil || domain.ErrorCode(p.Err) != domain.EINVALID {
				t.Fatalf("problem %+v is not a validation error", p)
			}
		}
		if len(problems) > 0 {
			return
		}
		for _, r := range rs {
			for _, c := range []string{r.Name, r.Kind, r.Members, r.Joined, r.Website} {
				if domain.CheckText("x", c) != nil {
					t.Fatalf("accepted %q", c)
				}
			}
		}
	})
}
