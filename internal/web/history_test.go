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
				[]historyChange{{Field: pg.T("field.non_attribution"), After: yes}, {Field: "regions", After: "Sahel, Andes"}, {Field: title, After: "T"}}},
			{"a deletion shows what was there", `{"ProcessID":"x","Process":"p1","At":"0001-01-01T00:00:00Z"}`, `null`,
				[]historyChange{{Field: "process", Before: "p1"}}},
			{"structures are written compactly", `{"Ranks":[["a"], ["b","c"]]}`, `{"Ranks":[["a","b"]]}`,
				[]historyChange{{Field: "ranks", Before: `[["a"],["b","c"]]`, After: `[["a","b"]]`}}},
			{"a value that is not an object is one change", `"x"`, `"y"`, []historyChange{{Before: "x", After: "y"}}},
			{"nothing changed", `{"a":1}`, `{"a":1}`, nil},
		}
		for _, tc := range tests {
			t.Run(lang+"/"+tc.name, func(t *testing.T) {
				if got := historyChanges(pg, tc.before, tc.after); !reflect.DeepEqual(got, tc.want) {
					t.Errorf("got %+v\nwant %+v", got, tc.want)
				}
			})
		}
	}
	got := historyChanges(&Page{P: cat.Printer("en")}, ``, `{"text":"`+strings.Repeat("é", 500)+`"}`)
	if r := []rune(got[0].After); len(r) != maxHistoryValue+1 || r[len(r)-1] != '…' {
		t.Errorf("a long value is %d characters, want %d and an ellipsis", len(r), maxHistoryValue+1)
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
