package web

import (
	"net/http"
	"strings"
	"testing"
)

// TestCommitmentImportPage: the secretariat downloads the template,
// uploads a file with problems and reads each with its row and column
// (nothing imported), then a good file whose commitments join the list;
// a file of another kind, or too large, is told at the file field.
func TestCommitmentImportPage(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	page := f.do(t, "secretariat", "GET", "/processes/{process}/commitments", nil).Body.String()
	if !strings.Contains(page, "/processes/"+f.ids["process"]+"/commitments/import") {
		t.Fatal("the commitments page does not link to the import")
	}
	if strings.Contains(f.do(t, "observer", "GET", "/processes/{process}/commitments", nil).Body.String(), "/commitments/import") {
		t.Fatal("an observer is offered the import")
	}
	rec := f.do(t, "secretariat", "GET", "/processes/{process}/commitments/import", nil)
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "commitments/template?format=xlsx") || !strings.Contains(rec.Body.String(), `enctype="multipart/form-data"`) {
		t.Fatalf("import page: %d", rec.Code)
	}
	rec = f.do(t, "secretariat", "GET", "/processes/{process}/commitments/template?format=csv", nil)
	if rec.Code != http.StatusOK || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/csv") || !strings.Contains(rec.Body.String(), "Regional migration data hub") {
		t.Fatalf("template: %d %s", rec.Code, rec.Header().Get("Content-Type"))
	}

	const header = "id,title,text,lang,owner,objectives,due_on,indicator,baseline,baseline_on,target,target_on\n"
	bad := header +
		"A,Resource centres,Open two centres.,en,Nobody Known,O5,2027-12-31,Centres open,0,2025-01-01,2,2027-12-31\n" +
		"B,Data hub,Share data.,en,{bodyname},O99,2027-13-01,,,,,\n"
	bad = strings.ReplaceAll(bad, "{bodyname}", f.bodyName(t))
	rec = f.uploadFile(t, "secretariat", "en", "/processes/{process}/commitments/import", nil, "commitments.csv", bad)
	body := rec.Body.String()
	if rec.Code != http.StatusUnprocessableEntity {
		t.Fatalf("a file with problems: %d", rec.Code)
	}
	for _, want := range []string{"problems in the file: nothing was imported", "Row 2", "owner", "Row 3", "O99", "due_on"} {
		if !strings.Contains(body, want) {
			t.Errorf("the page of a file with problems lacks %q", want)
		}
	}
	if list := f.do(t, "secretariat", "GET", "/processes/{process}/commitments", nil).Body.String(); strings.Contains(list, "Resource centres") {
		t.Fatal("a file with problems imported a commitment")
	}
	// The same problems in French.
	if rec := f.uploadFile(t, "secretariat", "fr", "/processes/{process}/commitments/import", nil, "commitments.csv", bad); !strings.Contains(rec.Body.String(), "rien n") {
		t.Errorf("the problems are not told in French")
	}

	good := header +
		"A,Resource centres,Open two centres.,en,{bodyname},O5,2027-12-31,Centres open,0,2025-01-01,2,2027-12-31\n" +
		"A,,,,,,,Staff trained,0,2025-01-01,40,2027-12-31\n"
	good = strings.ReplaceAll(good, "{bodyname}", f.bodyName(t))
	rec = f.uploadFile(t, "secretariat", "en", "/processes/{process}/commitments/import", nil, "commitments.csv", good)
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/processes/"+f.ids["process"]+"/commitments" {
		t.Fatalf("a good file: %d %s", rec.Code, rec.Body)
	}
	if list := f.do(t, "secretariat", "GET", "/processes/{process}/commitments", nil).Body.String(); !strings.Contains(list, "Resource centres") {
		t.Fatal("the imported commitment is not listed")
	}

	rec = f.uploadFile(t, "secretariat", "en", "/processes/{process}/commitments/import", nil, "commitments.txt", good)
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), `id="f-file-err"`) {
		t.Fatalf("a .txt file: %d", rec.Code)
	}
	rec = f.uploadFile(t, "secretariat", "en", "/processes/{process}/commitments/import", nil, "commitments.csv", strings.Repeat("x", (maxUploadMB+1)<<20))
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), "larger than 12 MB") {
		t.Fatalf("a file over the limit: %d", rec.Code)
	}
	// A delegate of the process may not import.
	if rec := f.uploadFile(t, "delegate", "en", "/processes/{process}/commitments/import", nil, "commitments.csv", good); rec.Code != http.StatusForbidden && rec.Code != http.StatusNotFound {
		t.Fatalf("a delegate's import: %d", rec.Code)
	}
}

// bodyName is the name of the fixture's body.
func (f *fixture) bodyName(t *testing.T) string {
	t.Helper()
	b, err := f.db.Body(t.Context(), f.ids["body"])
	if err != nil {
		t.Fatal(err)
	}
	return b.Name
}
