package web

import (
	"reflect"
	"strings"
	"testing"

	"github.com/plenary-org/plenary/internal/locale"
)

func TestHistoryChangesInWords(t *testing.T) {
	t.Parallel()
	cat := locale.MustLoad()
	const group, gone = "01m989yvc5dst453md8a26t8hq", "01m989yvcdgqp405yvwv773dac"
	names := historyNames{current: map[string]string{group: "Africa"}, gone: map[string]string{}}
	for _, lang := range []string{"en", "fr"} {
		pg := &Page{P: cat.Printer(lang)}
		title, yes := pg.T("field.title"), pg.T("history.yes")
		tests := []struct {
			name, before, after string
			want                []historyChange
		}{
			{"an update names only what changed, bookkeeping left out",
				`{"Title":"Old","Venue":"Geneva","Version":1,"UpdatedAt":"x"}`, `{"Title":"New","Venue":"Geneva","Version":2,"UpdatedAt":"y"}`,
				[]historyChange{{Field: title, Before: "Old", After: "New"}}},
			{"a creation shows the values set", ``, `{"title":"T","non_attribution":true,"regions":["Sahel","Andes"],"empty":""}`,
				[]historyChange{{Field: pg.T("field.non_attribution"), After: yes}, {Field: pg.T("field.regions"), After: "Sahel, Andes"}, {Field: title, After: "T"}}},
			{"a deletion shows what was there", `{"ProcessID":"x","Process":"p1","At":"0001-01-01T00:00:00Z"}`, `null`,
				[]historyChange{{Field: "process", Before: "p1"}}},
			{"references are named, unknown ones left out", `{"GroupID":"` + gone + `"}`, `{"GroupID":"` + group + `"}`,
				[]historyChange{{Field: pg.T("field.group"), After: "Africa"}}},
			{"kinds, roles and languages in words", ``, `{"Kind":"recommendation","Role":"chair","Lang":"fr"}`,
				[]historyChange{{Field: pg.T("field.kind"), After: pg.T("contrib.kind.recommendation")}, {Field: pg.T("field.lang"), After: "Français"},
					{Field: pg.T("field.role"), After: pg.T("role.chair")}}},
			{"nested objects are flattened, languages named", ``, `{"Texts":{"en":{"follow_up":"Reviews"}}}`,
				[]historyChange{{Field: pg.T("field.texts") + " › English › " + pg.T("report.follow_up"), After: "Reviews"}}},
			{"structures are written in words", `{"Ranks":[["a"], ["b","c"]]}`, `{"Ranks":[["a","b"]]}`,
				[]historyChange{{Field: pg.T("field.ranks"), Before: "a; b, c", After: "a, b"}}},
			{"a value that is not an object is one change", `"x"`, `"y"`, []historyChange{{Before: "x", After: "y"}}},
			{"nothing changed", `{"a":1}`, `{"a":1}`, nil},
		}
		for _, tc := range tests {
			t.Run(lang+"/"+tc.name, func(t *testing.T) {
				if got := historyChanges(pg, names, tc.before, tc.after); !reflect.DeepEqual(got, tc.want) {
					t.Errorf("got %+v\nwant %+v", got, tc.want)
				}
			})
		}
	}
	pg := &Page{P: cat.Printer("en")}
	got := historyChanges(pg, names, ``, `{"text":"`+strings.Repeat("é", 500)+`"}`)
	if r := []rune(got[0].After); len(r) != maxHistoryValue+1 || r[len(r)-1] != '…' {
		t.Errorf("a long value is %d characters, want %d and an ellipsis", len(r), maxHistoryValue+1)
	}
	long := strings.Repeat("Regular pathways for migrant workers should be widened. ", 3)
	got = historyChanges(pg, names, `{"Text":"`+long+`"}`, `{"Text":"`+strings.Replace(long, "widened", "opened", 1)+`"}`)
	var del, ins []string
	for _, p := range got[0].Diff {
		switch {
		case p.Del:
			del = append(del, p.Text)
		case p.Ins:
			ins = append(ins, p.Text)
		}
	}
	if !reflect.DeepEqual(del, []string{"widened."}) || !reflect.DeepEqual(ins, []string{"opened."}) {
		t.Errorf("a long text's change is a word diff: removed %q, added %q", del, ins)
	}
}

func TestWordDiff(t *testing.T) {
	t.Parallel()
	tests := []struct{ before, after, want string }{
		{"a b c", "a x c", "a [-b-]{+x+} c"},
		{"a b", "a b c", "a b{+ c+}"},
		{"", "new words", "{+new words+}"},
		{"same", "same", "same"},
	}
	for _, tc := range tests {
		var b strings.Builder
		for _, p := range wordDiff(tc.before, tc.after) {
			switch {
			case p.Del:
				b.WriteString("[-" + p.Text + "-]")
			case p.Ins:
				b.WriteString("{+" + p.Text + "+}")
			default:
				b.WriteString(p.Text)
			}
		}
		if b.String() != tc.want {
			t.Errorf("wordDiff(%q, %q) = %s, want %s", tc.before, tc.after, b.String(), tc.want)
		}
	}
	if wordDiff(strings.Repeat("a ", 2000), strings.Repeat("b ", 2000)) != nil {
		t.Error("two long texts with nothing in common are diffed; they should be shown whole")
	}
}

func TestSnake(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{"ProcessID": "process_id", "process_id": "process_id", "Title": "title", "NonAttribution": "non_attribution", "ID": "id", "StartsOn": "starts_on"} {
		if got := snake(in); got != want {
			t.Errorf("snake(%q) = %q, want %q", in, got, want)
		}
	}
}
