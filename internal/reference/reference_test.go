package reference

import (
	"errors"
	"strings"
	"testing"
	"unicode"
)

func TestGCM(t *testing.T) {
	f := GCM()
	if len(f.Items) != 33 {
		t.Fatalf("%d items, want 23 objectives and 10 principles", len(f.Items))
	}
	first, last := f.Items[0], f.Items[22]
	if first.Code != "O1" || first.ShortLabel != "Data" || !strings.HasPrefix(first.Title, "Collect and utilize accurate") {
		t.Fatalf("first objective = %+v", first)
	}
	if last.Code != "O23" || last.Kind != "objective" {
		t.Fatalf("objective 23 = %+v", last)
	}
	if p := f.Items[23]; p.Code != "Pa" || p.Title != "People-centred" || p.Kind != "principle" {
		t.Fatalf("first principle = %+v", p)
	}
	if p := f.Items[32]; p.Code != "Pj" || p.Title != "Whole-of-society approach" {
		t.Fatalf("last principle = %+v", p)
	}
}

func TestParseTable(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		codes string
		errs  []string
	}{
		{"csv", "code,title,short_label\n10.7,Facilitate orderly migration,Migration policies\n10.c,Reduce remittance costs,\n", "10.7 10.c", nil},
		{"tsv with extra columns in another order", "title\tnotes\tcode\nFirst\tx\tA1\nSecond\ty\tA2\n", "A1 A2", nil},
		{"semicolons and a BOM", "\ufeffcode;title\nX;Un titre\n", "X", nil},
		{"quoted commas", "code,title\nT1,\"Protect labour rights, promote safe work\"\n", "T1", nil},
		{"blank lines skipped", "code,title\n\nA,B\n\n", "A", nil},
		{"missing header column", "id,title\n1,x\n", "", []string{"row 1, column code: the header has no column code"}},
		{"every bad row reported", "code,title\n,no code\nA,\nA,dup\nbad code!,x\n", "", []string{
			"row 2, column code: is empty", "row 3, column title: is empty", `row 4, column code: "A" is used already on row 3`, `row 5, column code: "bad code!" is not a code`}},
		{"header only", "code,title\n", "", []string{"row 2: the table has a header but no rows"}},
		{"empty", "", "", []string{"row 1: the file is empty"}},
		{"not utf-8", "code,title\nA,\xff\n", "", []string{"row 1: the file is not UTF-8"}},
		{"NUL", "code,title\nA,x\nB,y\x00\n", "", []string{"row 3: the file holds a control character"}},
		{"UTF-16 without a byte order mark", "c\x00o\x00d\x00e\x00,\x00t\x00i\x00t\x00l\x00e\x00\n\x00", "", []string{"row 1: the file is UTF-16 text"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			items, err := ParseTable(strings.NewReader(tt.in))
			if tt.errs == nil {
				if err != nil {
					t.Fatal(err)
				}
				var codes []string
				for _, it := range items {
					codes = append(codes, it.Code)
					if it.Title == "" {
						t.Errorf("item %s has no title", it.Code)
					}
				}
				if got := strings.Join(codes, " "); got != tt.codes {
					t.Fatalf("codes = %q, want %q", got, tt.codes)
				}
				return
			}
			var re RowErrors
			if !errors.As(err, &re) {
				t.Fatalf("err = %v, want row errors", err)
			}
			if len(re) != len(tt.errs) {
				t.Fatalf("errors = %v, want %d of them", re, len(tt.errs))
			}
			for i, want := range tt.errs {
				if !strings.HasPrefix(re[i].Error(), want) {
					t.Errorf("error %d = %q, want it to start with %q", i, re[i].Error(), want)
				}
			}
		})
	}
}

func FuzzParseTable(f *testing.F) {
	f.Add("code,title\nA,B\n")
	f.Add("code\ttitle\tshort_label\nO1\tData\tD\n")
	f.Add("code;title\n\"x;y\";z\n")
	f.Fuzz(func(t *testing.T, in string) {
		items, err := ParseTable(strings.NewReader(in))
		if err == nil {
			seen := map[string]bool{}
			for _, it := range items {
				if it.Code == "" || it.Title == "" || seen[it.Code] {
					t.Fatalf("accepted an invalid item %+v", it)
				}
				seen[it.Code] = true
			}
		}
	})
}

// TestGCMTranslations checks that the built-in framework comes in the
// five other languages with the same codes in the same order, each title
// and short label given, in the language's script, and marked unofficial.
func TestGCMTranslations(t *testing.T) {
	en := GCM()
	scripts := map[string]*unicode.RangeTable{"ar": unicode.Arabic, "zh": unicode.Han, "ru": unicode.Cyrillic, "fr": unicode.Latin, "es": unicode.Latin}
	tr := GCMTranslations()
	if len(tr) != 5 {
		t.Fatalf("got %d languages, want 5", len(tr))
	}
	for _, f := range tr {
		if len(f.Items) != len(en.Items) || len(f.Items) != 33 {
			t.Fatalf("%s: %d items, want %d", f.Lang, len(f.Items), len(en.Items))
		}
		for i, it := range f.Items {
			if it.Code != en.Items[i].Code || it.Kind != en.Items[i].Kind {
				t.Errorf("%s item %d: %s %s, want %s %s", f.Lang, i, it.Code, it.Kind, en.Items[i].Code, en.Items[i].Kind)
			}
			if it.Title == "" || it.ShortLabel == "" || !it.Unofficial {
				t.Errorf("%s %s: title %q short %q unofficial %v", f.Lang, it.Code, it.Title, it.ShortLabel, it.Unofficial)
			}
			if first := []rune(it.Title)[0]; !unicode.Is(scripts[f.Lang], first) {
				t.Errorf("%s %s: %q does not start in the language's script", f.Lang, it.Code, it.Title)
			}
			if it.Title == en.Items[i].Title {
				t.Errorf("%s %s: the English title", f.Lang, it.Code)
			}
		}
	}
}
