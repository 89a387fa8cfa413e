package opinion

import (
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// slowParticipants reads participants-votes text with the CSV reader.
func slowParticipants(in string, votes bool) (*Dataset, error) {
	r := csv.NewReader(strings.NewReader(in))
	r.FieldsPerRecord = -1
	r.ReuseRecord = true
	ds := &Dataset{}
	return ds, readPolisParticipants(r, ds, votes)
}

// sameParticipants checks that whenever the fast reader takes in, the CSV
// reader reads it too, to the same votes and groups; it reports whether
// the fast reader took it with its votes.
func sameParticipants(t *testing.T, in string) (taken bool) {
	t.Helper()
	for _, votes := range []bool{true, false} {
		for _, workers := range []int{1, 3} {
			fast := &Dataset{}
			if !readParticipantsVotesFast([]byte(in), fast, votes, workers, nil) {
				if fast.Votes != nil || fast.PolisGroups != nil {
					t.Fatalf("%q: refused, but changed the dataset", in)
				}
				continue
			}
			taken = taken || votes
			slow, err := slowParticipants(in, votes)
			if err != nil {
				t.Fatalf("%q: the fast reader took it, the CSV reader says %v", in, err)
			}
			if len(fast.Votes) != len(slow.Votes) || (len(slow.Votes) > 0 && !reflect.DeepEqual(fast.Votes, slow.Votes)) {
				t.Fatalf("%q (votes %v, %d workers): votes %v, want %v", in, votes, workers, fast.Votes, slow.Votes)
			}
			if !reflect.DeepEqual(fast.PolisGroups, slow.PolisGroups) {
				t.Fatalf("%q (votes %v): groups %v, want %v", in, votes, fast.PolisGroups, slow.PolisGroups)
			}
		}
	}
	return taken
}

func TestReadParticipantsVotesFast(t *testing.T) {
	const head = "participant,group-id,n-comments,n-votes,n-agree,n-disagree,0,1,7\n"
	for _, tc := range []struct {
		name, in string
		taken    bool
	}{
		{"usual", head + "0,1,3,2,1,1,1,,-1\n1,,3,3,1,1,0,1,-1\n2,0,3,0,0,0,,,\n", true},
		{"CRLF, empty lines, short rows, no final newline", strings.ReplaceAll(head, "\n", "\r\n") + "\r\n0,1,3,2,1,1,1\r\n\n5,2\r\n6,-1,3,1,1,0,,,1", true},
		{"a later row of a participant keeps its group", head + "3,1,,,,,1,,\n3,2,,,,,,0,\n", true},
		{"header with a byte order mark and spaces", "\ufeffparticipant, group-id ,0\n4,,1\n", true},
		{"quotes", head + "\"0\",1,,,,,1,,\n", false},
		{"a vote written +1", head + "0,1,,,,,+1,,\n", false},
		{"a bad vote", head + "0,1,,,,,2,,\n", false},
		{"a participant id with a space", head + " 0,1,,,,,1,,\n", false},
		{"a text group id", head + "0,a,,,,,1,,\n", false},
		{"a row without its participant", head + "\n,1,,,,,1,,\n", false},
		{"no group column", "participant,0\n1,1\n", false},
		{"votes before the participant", "0,participant,group-id\n1,2,\n", false},
		{"header only", head, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := sameParticipants(t, tc.in); got != tc.taken {
				t.Fatalf("taken %v, want %v", got, tc.taken)
			}
		})
	}
}

// TestReadPathParticipantsVotesLarge reads an export whose
// participants-votes.csv is large enough for the fast reader through
// ReadPath, against the CSV reader.
func TestReadPathParticipantsVotesLarge(t *testing.T) {
	var b strings.Builder
	b.WriteString("participant,group-id,n-comments,n-votes,n-agree,n-disagree")
	const stmts = 300
	for s := 0; s < stmts; s++ {
		fmt.Fprintf(&b, ",%d", s*2)
	}
	b.WriteString("\n")
	cells := []string{"", "1", "", "-1", "0", ""}
	for p := 0; b.Len() < parallelMin+1<<20; p++ {
		fmt.Fprintf(&b, "%d,%d,,,,", p, p%3)
		for s := 0; s < stmts; s++ {
			b.WriteString("," + cells[(p*7+s*3)%len(cells)])
		}
		b.WriteString("\n")
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "participants-votes.csv"), []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	var last int64
	ds, err := ReadPathWith(dir, ReadOptions{Progress: func(done, total int64) { last = done }})
	if err != nil {
		t.Fatal(err)
	}
	want, err := slowParticipants(b.String(), true)
	if err != nil {
		t.Fatal(err)
	}
	if len(ds.Votes) == 0 || !reflect.DeepEqual(ds.Votes, want.Votes) || !reflect.DeepEqual(ds.PolisGroups, want.PolisGroups) {
		t.Fatalf("%d votes, %d groups; want %d, %d", len(ds.Votes), len(ds.PolisGroups), len(want.Votes), len(want.PolisGroups))
	}
	if last != int64(b.Len()) {
		t.Fatalf("progress ended at %d of %d bytes", last, b.Len())
	}
}

func FuzzReadParticipantsVotesFast(f *testing.F) {
	f.Add("participant,group-id,0,1\n0,1,1,\n1,,-1,0\n")
	f.Add("participant,group-id,n-votes,5,3\r\n2,0,2,1,1\r\n\r\n3,,0,,\r\n4,1,1,0")
	f.Add("\ufeffparticipant,group-id,x,9\n7,-2,a,1\n7,3,b,-1\n")
	f.Fuzz(func(t *testing.T, in string) {
		sameParticipants(t, in)
	})
}
