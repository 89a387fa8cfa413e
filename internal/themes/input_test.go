package themes

import (
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/plenary-org/plenary/internal/domain"
)

// utf16LE encodes s as UTF-16 little-endian, with a byte order mark when
// bom is set, as spreadsheet programs save "Unicode text".
func utf16LE(s string, bom bool) string {
	var b []byte
	if bom {
		b = append(b, 0xFF, 0xFE)
	}
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, byte(u), byte(u>>8))
	}
	return string(b)
}

// TestReadRefusesNonText checks that the statements and pairs readers
// refuse what is not UTF-8 text, as the other importers do, naming the
// line of the first problem.
func TestReadRefusesNonText(t *testing.T) {
	tests := []struct {
		name, input, want string
	}{
		{"NUL", "a\tb\nc\x00\td\n", "line 2"},
		{"invalid UTF-8", "a\tb\nc\td\n\xff\xfe\xfd\tx\n", "line 3"},
		{"UTF-16 with a byte order mark", utf16LE("a\tb\n", true), "UTF-16"},
		{"UTF-16 without a byte order mark", utf16LE("a\tb\nc\td\n", false), "UTF-16"},
		{"binary", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "line 1"},
		{"NUL in an otherwise text file", "\x00\x00\x00\rIHDR", "line 1"},
		{"escape character", "a\tb\x1b[31m\n", "line 1"},
		{"C1 control", "a\tb\u0085\n", "line 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := ReadPairs(strings.NewReader(tt.input)); err == nil || !strings.Contains(err.Error(), tt.want) || domain.ErrorCode(err) != domain.EINVALID {
				t.Errorf("ReadPairs: err = %v, want one naming %q", err, tt.want)
			}
			if _, err := ReadStatements(strings.NewReader(tt.input)); err == nil || !strings.Contains(err.Error(), tt.want) || domain.ErrorCode(err) != domain.EINVALID {
				t.Errorf("ReadStatements: err = %v, want one naming %q", err, tt.want)
			}
		})
	}
}

// checkClean fails when a text read from a file is not clean text.
func checkClean(t *testing.T, in string, texts ...string) {
	t.Helper()
	for _, s := range texts {
		if !utf8.ValidString(s) {
			t.Fatalf("invalid UTF-8 %q read from %q", s, in)
		}
		if i, r := domain.FirstBadRune(s); i >= 0 {
			t.Fatalf("control character %U in %q read from %q", r, s, in)
		}
	}
}

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
	for _, s := range []string{"a\nb\n", "id,text\n1,x\n", "text\tgroup\n\"a\tb\n", "\uFEFFtext;group\nx;y\n", ",,,\n", "a\x00b\n", "\xff\xfea\x00\n\x00", "a\x1bb"} {
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
			checkClean(t, s, st.ID, st.Text, st.Group, st.Language, st.Region, st.Body)
		}
	})
}

func FuzzReadPairs(f *testing.F) {
	for _, s := range []string{"a\tb\n", "a\tb\t1.5\n", "x\ty\tscore\na\tb\t2\n", "\n\n", "a\x00\tb\n", "\xff\xfea\x00\t\x00b\x00", "a\tb\xc0\n"} {
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
			checkClean(t, s, p.A, p.B)
		}
	})
}
