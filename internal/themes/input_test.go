package themes

import (
	"strings"
	"testing"
)

func TestReadStatements(t *testing.T) {
	tests := []struct {
		name  string
		input string
		want  []Statement
	}{
		{"lines", "First one.\n\n  Second one.  \n", []Statement{{ID: "1", Text: "First one."}, {ID: "3", Text: "Second one."}}},
		{"csv with columns", "id,group,text,language\nr1,Asia,\"Share data, now.\",en\n,Africa,Protect workers,\n",
			[]Statement{{ID: "r1", Group: "Asia", Text: "Share data, now.", Language: "en"}, {ID: "3", Group: "Africa", Text: "Protect workers"}}},
		{"tsv text only", "text\tregion\nA\tX\n", []Statement{{ID: "2", Text: "A", Region: "X"}}},
		{"bom and lang", "\uFEFFText,Lang\nbonjour,fr\n", []Statement{{ID: "2", Text: "bonjour", Language: "fr"}}},
		{"comma but no header is lines", "Share data, now.\nProtect workers, too.\n",
			[]Statement{{ID: "1", Text: "Share data, now."}, {ID: "2", Text: "Protect workers, too."}}},
		{"multi-line csv cell keeps record line", "text,id\n\"a\nb\",\nc,\n", []Statement{{ID: "2", Text: "a\nb"}, {ID: "4", Text: "c"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ReadStatements(strings.NewReader(tc.input))
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tc.want) {
				t.Fatalf("got %+v, want %+v", got, tc.want)
			}
			for i := range got {
				if got[i] != tc.want[i] {
					t.Errorf("statement %d = %+v, want %+v", i, got[i], tc.want[i])
				}
			}
		})
	}
}

func TestReadPairs(t *testing.T) {
	tests := []struct {
		name    string
		input   string
		want    []Pair
		wantErr bool
	}{
		{"plain", "a\tb\n\nc\td\n", []Pair{{A: "a", B: "b"}, {A: "c", B: "d"}}, false},
		{"scored with header", "sentence1\tsentence2\tscore\na\tb\t2.5\n", []Pair{{A: "a", B: "b", Score: 2.5, HasScore: true}}, false},
		{"one field", "just one\n", nil, true},
		{"bad score later", "a\tb\t1\nc\td\tx\n", nil, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ReadPairs(strings.NewReader(tc.input))
			if (err != nil) != tc.wantErr {
				t.Fatalf("err = %v, wantErr %v", err, tc.wantErr)
			}
			if len(got) != len(tc.want) {
				t.Fatalf("got %+v, want %+v", got, tc.want)
			}
			for i := range got {
				if got[i] != tc.want[i] {
					t.Errorf("pair %d = %+v, want %+v", i, got[i], tc.want[i])
				}
			}
		})
	}
}

func FuzzReadStatements(f *testing.F) {
	for _, s := range []string{"a\nb\n", "id,text\n1,x\n", "text\tgroup\n\"a\tb\n", "\uFEFFtext;group\nx;y\n", ",,,\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		stmts, err := ReadStatements(strings.NewReader(s))
		if err != nil {
			return
		}
		for _, st := range stmts {
			if st.ID == "" {
				t.Fatalf("statement without id from %q", s)
			}
		}
	})
}

func FuzzReadPairs(f *testing.F) {
	for _, s := range []string{"a\tb\n", "a\tb\t1.5\n", "x\ty\tscore\na\tb\t2\n", "\n\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		pairs, err := ReadPairs(strings.NewReader(s))
		if err != nil {
			return
		}
		for _, p := range pairs {
			if strings.Contains(p.A, "\t") || strings.Contains(p.B, "\t") {
				t.Fatalf("tab inside a text from %q", s)
			}
		}
	})
}
