package contribio_test

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/plenary-org/plenary/internal/contribio"
	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/locale"
	"github.com/plenary-org/plenary/internal/store"
	"github.com/plenary-org/plenary/internal/store/storetest"
)

// problem is a CellError as the tests expect it: "row/column/key".
func problem(e contribio.CellError) string {
	return fmt.Sprintf("%d/%s/%s", e.Row, e.Column, e.Err.Key)
}

func TestReadProblems(t *testing.T) {
	db := storetest.Open(t)
	s := newSetup(t, db)
	ctx := context.Background()
	if err := db.CreateContributions(ctx, []*domain.Contribution{{ID: "taken", MeetingID: s.meeting, Kind: domain.KindIssue,
		Title: "An issue", Text: "A gap in the data.", Lang: "en"}}); err != nil {
		t.Fatal(err)
	}
	const head = "kind,title,text"
	for _, tc := range []struct {
		name    string
		format  contribio.Format
		opts    *contribio.Options // nil: imported into the meeting
		file    string
		want    []string // problems as row/column/key
		rows    int      // valid rows
		problem string   // when set, the English text of the first problem
	}{
		{name: "valid minimal", file: head + "\nrecommendation,Protect workers,Protect migrant workers.\n", rows: 1},
		{name: "labels in English and French, any case", file: "kind,practice_type,status,title,text\n" +
			"Good Practice,LAW,Published,A law,A law on migration.\n" +
			"recommandation,,soumise,Recommandation,Protéger les travailleurs migrants.\n" +
			"Buena práctica,Fondo,Publicada,Un fondo,Un fondo para migrantes retornados.\n" +
			"توصية,,,توصية,حماية العمال المهاجرين.\n", rows: 4},
		{name: "semicolons, byte order mark, quoted lines", file: "\ufeffkind;title;text;regions\nissue_gap;\"A gap; two\";\"Line one\nline two\";\"Asia; Europe\"\n", rows: 1},
		{name: "tabs", file: "kind\ttitle\ttext\nissue gap\tA gap\tMissing data.\n", rows: 1},
		{name: "header with spaces and capitals", file: "Kind,Title,Text,Practice Type\ngood_practice,A fund,A fund for returnees.,fund\n", rows: 1},
		{name: "unknown columns", file: "kind,title,text,titel,Regoins\nissue_gap,A,B\n", want: []string{"1//error.io_unknown_columns"},
			problem: "row 1: unknown columns: titel, Regoins; use the column names of the template"},
		{name: "missing and repeated columns", file: "kind,title,title\nissue_gap,A,B\n", want: []string{"1/title/error.io_column_twice", "1/text/error.io_missing_column"}},
		{name: "meeting column needed without a meeting", opts: &contribio.Options{}, file: head + "\nissue_gap,A,B\n", want: []string{"1/meeting/error.io_missing_column"}},
		{name: "empty file", file: "", want: []string{"0//error.io_empty"}},
		{name: "header only", file: head + "\n", want: []string{"0//error.io_no_rows"}},
		{name: "not UTF-8", file: head + "\nissue_gap,Caf\xe9,B\n", want: []string{"0//error.io_encoding"}},
		{name: "unclosed quote", file: head + "\nissue_gap,A,B\nissue_gap,\"A,B\n", want: []string{"3//error.io_csv_quote"}, rows: 1},
		{name: "extra cells", file: head + "\nissue_gap,A,B,C\n", want: []string{"2//error.io_extra_cells"}},
		{name: "rows numbered as a spreadsheet shows them", file: head + "\nissue_gap,\"two\n\nlines\",B\n\n\n,,\nidea,A,B\n",
			want: []string{"6/kind/error.io_value"}, rows: 1},
		{name: "bad values", file: "kind,practice_type,status,title,text,lang,demo,created_at,countries,links\n" +
			"idea,,,A,B,en,,,,\n" +
			"good_practice,cookbook,final,A,B,de,maybe,yesterday,XX FR,ftp://x\n",
			want: []string{"2/kind/error.io_value", "3/practice_type/error.io_value", "3/status/error.io_value", "3/demo/error.io_bool",
				"3/created_at/error.io_time", "3/lang/error.locale", "3/countries/error.countries", "3/links/error.link"},
			problem: "row 2, column kind: idea is not one of: good_practice, recommendation, commitment, innovative_solution, common_principle, issue_gap, partnership_proposal, follow_up_mechanism"},
		{name: "empty required cells", file: head + "\n,,B\n", want: []string{"2/title/error.required", "2/kind/error.contribution_kind"}},
		{name: "good practice fields on another kind", file: "kind,title,text,where,period_from\nrecommendation,A,B,Costa Rica,2015\n",
			want: []string{"2/where/error.io_good_practice_only", "2/period_from/error.io_good_practice_only"}},
		{name: "period", file: "kind,title,text,period_from,period_to\ngood_practice,A,B,2019,2015-13\ngood_practice,A,B,2019,2015\n",
			want: []string{"2/period_to/error.period", "3/period_to/error.date_order"}},
		{name: "references", file: "kind,title,text,body,author,question,objectives,principles,tags\n" +
			"issue_gap,A,B,RCM,ana@example.org,2,O1 7,pa,sdg:10.7\n" +
			"issue_gap,A,B,Colombo Process,LI@example.org,Which good practices can be replicated?,,,\n" +
			"issue_gap,A,B,CP,nobody@example.org,4,O24 Pa,Pz O1,sdg:99 gcm\n" +
			"issue_gap,A,B,IOM,,Q0,,,\n",
			want: []string{"4/body/error.io_body_ambiguous", "4/author/error.io_author", "4/question/error.io_question",
				"4/objectives/error.io_objectives", "4/principles/error.io_principles", "4/tags/error.io_tags", "5/body/error.io_body_unknown", "5/question/error.io_question"},
			rows: 2},
		{name: "ids", file: "id,kind,title,text\nx1,issue_gap,A,B\nx1,issue_gap,A,B\ntaken,issue_gap,A,B\nnot an id,issue_gap,A,B\n",
			want: []string{"3/id/error.io_id_twice", "4/id/error.id_taken", "5/id/error.io_id"}, rows: 1},
		{name: "meetings", opts: &contribio.Options{}, file: "meeting,kind,title,text\n" + s.meeting + ",issue_gap,A,B\n,issue_gap,A,B\nnope,issue_gap,A,B\n",
			want: []string{"3/meeting/error.io_meeting_missing", "4/meeting/error.io_meeting_unknown"}, rows: 1},
		{name: "another meeting than the one imported into", file: "meeting,kind,title,text\n" + s.other + ",issue_gap,A,B\n" + s.meeting + ",issue_gap,A,B\n",
			want: []string{"2/meeting/error.io_meeting_other"}, rows: 1},
		{name: "translations", file: "kind,title,text,lang,translation_fr,translation_en,translation_es\n" +
			`issue_gap,A gap,Missing data.,en,"{""title"":""Une lacune"",""text"":""Données manquantes.""}",,` + "\n" +
			`issue_gap,A gap,Missing data.,en,not json,"{""title"":""A"",""text"":""B""}","{""title"":"""",""text"":""B"",""extra"":1}"` + "\n",
			want: []string{"3/translation_en/error.translation_same", "3/translation_es/error.io_translation", "3/translation_fr/error.io_translation"}, rows: 1},
		{name: "formula protection is removed", file: "kind,title,text\nissue_gap,'=1+1,'-dash\n", rows: 1},
		{name: "too many rows", opts: &contribio.Options{MaxRows: 2}, file: "meeting,kind,title,text\n" + strings.Repeat(s.meeting+",issue_gap,A,B\n", 3),
			want: []string{"0//error.io_too_many_rows"}, rows: 2},
		{name: "too large", opts: &contribio.Options{MaxBytes: 1 << 20}, file: head + "\nissue_gap,A," + strings.Repeat("x", 1<<20) + "\n",
			want: []string{"0//error.io_too_large"}},
		{name: "json list", format: contribio.JSON, file: `[{"kind":"issue_gap","title":"A","text":"B","regions":["Asia","Europe"],"demo":true},` +
			`{"kind":"idea","title":"A","text":"B","Tittle":"x"},{"kind":"issue_gap","title":"A","text":3,"countries":{"a":1}}, 7]`,
			want: []string{"2//error.io_unknown_columns", "2/kind/error.io_value", "3/countries/error.io_json_value", "4//error.io_json_object"}, rows: 1},
		{name: "json object", format: contribio.JSON, file: `{"contributions":[{"kind":"issue_gap","title":"A","text":"B"}]}`, rows: 1},
		{name: "json other object", format: contribio.JSON, file: `{"items":[]}`, want: []string{"0//error.io_json_shape"}},
		{name: "json syntax", format: contribio.JSON, file: "[\n{\"kind\": }\n]", want: []string{"0//error.io_json_syntax"},
			problem: "the file is not valid JSON (line 2)"},
		{name: "not a workbook", format: contribio.XLSX, file: head + "\n", want: []string{"0//error.io_xlsx"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := contribio.Options{MeetingID: s.meeting}
			if tc.opts != nil {
				o = *tc.opts
			}
			f := tc.format
			if f == "" {
				f = contribio.CSV
			}
			rows, problems, err := contribio.Read(ctx, f, strings.NewReader(tc.file), db, o)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, p := range problems {
				got = append(got, problem(p))
			}
			want := slices.Clone(tc.want)
			slices.Sort(got)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("problems\n got %q\nwant %q\n(%v)", got, want, problems)
			}
			if len(rows) != tc.rows {
				t.Errorf("%d valid rows, want %d", len(rows), tc.rows)
			}
			if tc.problem != "" && (len(problems) == 0 || problems[0].Error() != tc.problem) {
				t.Errorf("first problem = %v, want %q", problems, tc.problem)
			}
			for _, p := range problems {
				if !locale.MustLoad().Has(p.Err.Key) {
					t.Errorf("%s: key %s is not in the catalogue", problem(p), p.Err.Key)
				}
			}
			for _, r := range rows {
				if err := r.Contribution.Validate(); err != nil {
					t.Errorf("row %d is valid yet: %v", r.Line, err)
				}
			}
		})
	}
}

func TestReadValues(t *testing.T) {
	db := storetest.Open(t)
	s := newSetup(t, db)
	file := "kind,practice_type,status,title,text,body,author,question,regions,countries,objectives,principles,tags,links,demo,created_at\n" +
		`Good practice,,,  A fund  ,"A fund for returnees, in two lines.` + "\n" + `Second line.",rcm,LI@example.org,Q2,Asia; Europe;,"cr, pa;mx",7 o1,pa PJ,SDG:10.7,https://a.example https://b.example,yes,2017-10-10` + "\n" +
		"issue_gap,,,'=SUM(A1),'@x,,,,,,,,,,,\n"
	rows, problems, err := contribio.Read(context.Background(), contribio.CSV, strings.NewReader(file), db, contribio.Options{MeetingID: s.meeting})
	if err != nil || len(problems) > 0 || len(rows) != 2 {
		t.Fatalf("%d rows, %v, %v", len(rows), problems, err)
	}
	c := rows[0].Contribution
	want := fmt.Sprintf("%s %s %s %q %q %s %s %s %q %q %q %q %v %s",
		domain.KindGoodPractice, domain.PracticeOther, domain.StatusDraft, "A fund", "A fund for returnees, in two lines.\nSecond line.",
		s.bodies["RCM"], s.users["li@example.org"], s.questions[1], []string{"Asia", "Europe"}, []string{"CR", "MX", "PA"},
		[]string{s.items["gcm:O7"], s.items["gcm:O1"], s.items["gcm:Pa"], s.items["gcm:Pj"], s.items["sdg:10.7"]},
		[]string{"https://a.example", "https://b.example"}, true, "2017-10-10 00:00:00 +0000 UTC")
	got := fmt.Sprintf("%s %s %s %q %q %s %s %s %q %q %q %q %v %s", c.Kind, c.Practice, c.Status, c.Title, c.Text, c.BodyID, c.AuthorID,
		c.QuestionID, c.Regions, c.Countries, c.Tags, c.Links, c.Demo, c.CreatedAt)
	if got != want {
		t.Errorf("read\n got %s\nwant %s", got, want)
	}
	if c := rows[1].Contribution; c.Title != "=SUM(A1)" || c.Text != "@x" {
		t.Errorf("second row: title %q text %q", c.Title, c.Text)
	}
}

func TestLocalize(t *testing.T) {
	db := storetest.Open(t)
	s := newSetup(t, db)
	file := "kind,title,text,body\nidea,A,B,IOM\n"
	_, problems, err := contribio.Read(context.Background(), contribio.CSV, strings.NewReader(file), db, contribio.Options{MeetingID: s.meeting})
	if err != nil || len(problems) != 2 {
		t.Fatalf("%v %v", problems, err)
	}
	cat := locale.MustLoad()
	for _, tc := range []struct{ lang, want string }{
		{"en", "Row 2, column body: No body has the ID, acronym or name IOM."},
		{"fr", "Ligne 2, colonne body : Aucun organisme n'a l'identifiant, le sigle ou le nom IOM."},
		{"zh", "第 2 行，列 body：没有标识符、缩写或名称为 IOM 的机构。"},
	} {
		var got string
		for _, p := range problems {
			if p.Column == "body" {
				got = p.Localize(cat.Printer(tc.lang))
			}
		}
		if got != tc.want {
			t.Errorf("%s: %q, want %q", tc.lang, got, tc.want)
		}
	}
	if code := domain.ErrorCode(problems); code != domain.EINVALID {
		t.Errorf("the problems are %s, want %s", code, domain.EINVALID)
	}
}

// TestCreateRefused shows a row the store refuses after it was read (its
// ID was taken meanwhile): nothing is stored and the problem names the row.
func TestCreateRefused(t *testing.T) {
	db := storetest.Open(t)
	s := newSetup(t, db)
	ctx := context.Background()
	file := "id,kind,title,text\nfirst,issue_gap,A,B\n\nlater,issue_gap,C,D\n"
	rows, problems, err := contribio.Read(ctx, contribio.CSV, strings.NewReader(file), db, contribio.Options{MeetingID: s.meeting})
	if err != nil || len(problems) > 0 || len(rows) != 2 {
		t.Fatalf("%d rows, %v, %v", len(rows), problems, err)
	}
	if err := db.CreateContribution(ctx, &domain.Contribution{ID: "later", MeetingID: s.meeting, Kind: domain.KindIssue, Title: "X", Text: "Y", Lang: "en"}); err != nil {
		t.Fatal(err)
	}
	err = contribio.Create(ctx, db, rows)
	var es contribio.CellErrors
	if !errorsAs(err, &es) || len(es) != 1 || problem(es[0]) != "4/id/error.id_taken" {
		t.Fatalf("Create = %v", err)
	}
	if _, err := db.Contribution(ctx, "first"); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Errorf("the first row was stored: %v", err)
	}
}

func errorsAs(err error, es *contribio.CellErrors) bool {
	e, ok := err.(contribio.CellErrors)
	*es = e
	return ok
}

// TestLargeImportRefusedInTheMiddle imports a file of several thousand
// rows (many chunks of the store's inserts) whose row in the middle the
// store refuses (its ID was taken after the file was read): nothing of
// the file is stored, neither the rows before it nor their search index
// entries, and the problem names the row.
func TestLargeImportRefusedInTheMiddle(t *testing.T) {
	db := storetest.Open(t)
	s := newSetup(t, db)
	ctx := context.Background()
	const n, middle = 3000, 1500
	cs := tenThousand(s, n)
	cs[middle].ID = "middle"
	var file bytes.Buffer
	if err := contribio.Write(ctx, &file, contribio.CSV, cs, db); err != nil {
		t.Fatal(err)
	}
	rows, problems, err := contribio.Read(ctx, contribio.CSV, bytes.NewReader(file.Bytes()), db, contribio.Options{})
	if err != nil || len(problems) > 0 || len(rows) != n {
		t.Fatalf("%d rows, %v, %v", len(rows), problems[:min(len(problems), 5)], err)
	}
	if err := db.CreateContribution(ctx, &domain.Contribution{ID: "middle", MeetingID: s.meeting, Kind: domain.KindIssue, Title: "X", Text: "Y", Lang: "en"}); err != nil {
		t.Fatal(err)
	}
	err = contribio.Create(ctx, db, rows)
	var es contribio.CellErrors
	want := fmt.Sprintf("%d/id/error.id_taken", rows[middle].Line)
	if !errorsAs(err, &es) || len(es) != 1 || problem(es[0]) != want {
		t.Fatalf("Create = %v, want %s", err, want)
	}
	ids, err := db.ContributionIDs(ctx, store.ContributionFilter{})
	if err != nil || len(ids) != 1 || ids[0] != "middle" {
		t.Errorf("stored after the refusal: %d contributions (%v)", len(ids), err)
	}
	res, err := db.Search(ctx, store.Visibility{All: true}, store.SearchQuery{Text: "consultations", Lang: "en", Limit: 10})
	if err != nil || res.Total != 0 {
		t.Errorf("the search index holds %v matches of the refused file (%v)", res, err)
	}
	// The rows before it import, and are found: the search above could
	// have found them.
	if err := contribio.Create(ctx, db, rows[:middle]); err != nil {
		t.Fatal(err)
	}
	res, err = db.Search(ctx, store.Visibility{All: true}, store.SearchQuery{Text: "consultations", Lang: "en", Limit: 10})
	if err != nil || res.Total < middle/8 {
		t.Errorf("the search finds %v of the %d rows imported (%v)", res, middle, err)
	}
}
