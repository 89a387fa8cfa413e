package opinion

import (
	"encoding/csv"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReadVotesCSV(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		votes   int
		names   bool
		wantErr error
	}{
		{"header and integers", "participant,statement,vote\n1,2,1\n1,3,-1\n2,2,0\n", 3, false, nil},
		{"no header, words", "alice,s1,agree\nbob,s1,disagree\nbob,s2,pass\n", 3, true, nil},
		{"with time", "p,s,v,t\n1,1,1,5\n1,1,-1,7\n", 2, false, nil},
		{"bad vote", "1,2,1\n1,3,maybe\n", 0, false, ErrBadVote},
		{"too few fields", "1,2\n", 0, false, ErrFormat},
		{"bad time", "1,2,1,yesterday\n", 0, false, ErrFormat},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ds, err := ReadVotesCSV(strings.NewReader(tt.in))
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("error %v, want %v", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(ds.Votes) != tt.votes || (ds.ParticipantNames != nil) != tt.names {
				t.Fatalf("%d votes, names %v; want %d, %v", len(ds.Votes), ds.ParticipantNames, tt.votes, tt.names)
			}
		})
	}
}

func TestReadVotesCSVNumbersNamesInSortedOrder(t *testing.T) {
	a, err := ReadVotesCSV(strings.NewReader("zoe,q2,1\nadam,q1,-1\n"))
	if err != nil {
		t.Fatal(err)
	}
	b, err := ReadVotesCSV(strings.NewReader("adam,q1,-1\nzoe,q2,1\n"))
	if err != nil {
		t.Fatal(err)
	}
	if a.ParticipantNames[0] != "adam" || b.ParticipantNames[0] != "adam" || a.StatementNames[1] != "q2" {
		t.Fatalf("names %v %v", a.ParticipantNames, a.StatementNames)
	}
}

func TestReadPolisExport(t *testing.T) {
	dir := filepath.Join(sharedData(t, "polis"), "15-per-hour-seattle")
	ds, err := ReadPath(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(ds.Votes) < 2000 || len(ds.Statements) != 54 || len(ds.PolisGroups) == 0 || ds.Texts[0] == "" {
		t.Fatalf("%d votes, %d statements, %d grouped, text %q", len(ds.Votes), len(ds.Statements), len(ds.PolisGroups), ds.Texts[0])
	}
}

// FuzzReadVotesCSV checks that no input makes the plain CSV reader panic
// and that what it accepts is a valid vote matrix.
func FuzzReadVotesCSV(f *testing.F) {
	f.Add("participant,statement,vote\n1,2,1\n1,3,-1\n")
	f.Add("alice,s1,agree\nbob,s1,pass,17\n")
	f.Add("\"a,b\",c,1\n")
	f.Fuzz(func(t *testing.T, in string) {
		ds, err := ReadVotesCSV(strings.NewReader(in))
		if err != nil {
			return
		}
		if _, err := NewMatrix(ds.Votes); err != nil {
			t.Fatalf("accepted votes make no matrix: %v", err)
		}
	})
}

// FuzzPolisCSV feeds the same input to the three Pol.is export readers.
func FuzzPolisCSV(f *testing.F) {
	for _, name := range []string{"votes.csv", "comments.csv", "participants-votes.csv"} {
		if b, err := os.ReadFile(filepath.Join("..", "..", "..", "shared", "data", "polis", "london.youth.policing", name)); err == nil {
			f.Add(string(b))
		}
	}
	f.Add("timestamp,datetime,comment-id,voter-id,vote\n1,x,0,0,1\n")
	f.Add("comment-id,moderated,is-meta,comment-body\n3,-1,true,hello\n")
	f.Add("participant,xid,group-id,0,1\n0,,1,1,-1\n")
	f.Fuzz(func(t *testing.T, in string) {
		for _, read := range []func(*csv.Reader, *Dataset) error{
			readPolisVotes, readPolisComments,
			func(r *csv.Reader, ds *Dataset) error { return readPolisParticipants(r, ds, true) },
		} {
			r := csv.NewReader(strings.NewReader(in))
			r.FieldsPerRecord = -1
			ds := &Dataset{Texts: map[int64]string{}}
			if err := read(r, ds); err != nil {
				continue
			}
			if _, err := NewMatrix(ds.Votes); err != nil {
				t.Fatalf("accepted votes make no matrix: %v", err)
			}
		}
	})
}
