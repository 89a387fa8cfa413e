package opinion

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
)

// sameAsSequential checks that when the parallel reader accepts in, it
// gives exactly the votes ReadVotesCSV gives, for any number of workers.
func sameAsSequential(t *testing.T, in string) (accepted bool) {
	t.Helper()
	want, werr := ReadVotesCSV(strings.NewReader(in))
	for w := 1; w <= 3; w++ {
		got, ok := readVotesParallel([]byte(in), w, nil)
		if !ok {
			if accepted {
				t.Fatalf("%q: accepted with fewer workers, refused with %d", in, w)
			}
			continue
		}
		accepted = true
		if werr != nil {
			t.Fatalf("%q: the parallel reader accepts what ReadVotesCSV refuses (%v)", in, werr)
		}
		if !slices.Equal(got, want.Votes) && !(len(got) == 0 && len(want.Votes) == 0) {
			t.Fatalf("%q with %d workers: %v, want %v", in, w, got, want.Votes)
		}
		if want.ParticipantNames != nil || want.StatementNames != nil {
			t.Fatalf("%q: accepted text ids", in)
		}
	}
	return accepted
}

func TestReadVotesParallel(t *testing.T) {
	tests := []struct {
		name   string
		in     string
		accept bool
	}{
		{"header", "participant,statement,vote\n1,2,1\n1,3,-1\n2,2,0\n", true},
		{"no header", "1,2,1\n1,3,-1\n", true},
		{"times", "p,s,v,t\n1,2,1,100\n1,2,-1,50\n", true},
		{"CRLF and spaces", "participant,statement,vote\r\n1, 2, 1\r\n 3,4,-1\r\n", true},
		{"no newline at the end", "1,2,1\n3,4,0", true},
		{"negative ids", "-1,-2,1\n", true},
		{"only a header", "participant,statement,vote\n", true},
		{"text ids", "alice,s1,agree\nbob,s1,pass\n", false},
		{"words for votes", "1,2,agree\n", false},
		{"a blank line", "1,2,1\n\n3,4,1\n", false},
		{"a comment", "1,2,1\n# note\n3,4,1\n", false},
		{"quotes", "\"1\",2,1\n", false},
		{"a bad vote", "1,2,1\n1,3,7\n", false},
		{"an empty time", "1,2,1,\n", false},
		{"five fields", "1,2,1,4,5\n", false},
		{"empty", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := sameAsSequential(t, tt.in); got != tt.accept {
				t.Fatalf("accepted %v, want %v", got, tt.accept)
			}
		})
	}
}

// TestReadPathReadsLargeFilesInParallel: a file past parallelMin is read
// by the parallel reader, gives the votes ReadVotesCSV gives, and tells
// its progress up to the whole file.
func TestReadPathReadsLargeFilesInParallel(t *testing.T) {
	in := benchCSV(parallelMin/8 + 1000)
	if len(in) < parallelMin {
		t.Fatalf("the input is %d bytes, below %d", len(in), parallelMin)
	}
	path := filepath.Join(t.TempDir(), "votes.csv")
	if err := os.WriteFile(path, in, 0o600); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var last, total int64
	ds, err := ReadPathWith(path, ReadOptions{Progress: func(d, tot int64) {
		mu.Lock()
		last, total = max(last, d), tot
		mu.Unlock()
	}})
	if err != nil {
		t.Fatal(err)
	}
	want, err := ReadVotesCSV(bytes.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(ds.Votes, want.Votes) {
		t.Fatalf("%d votes, want %d, or other votes", len(ds.Votes), len(want.Votes))
	}
	if last != int64(len(in)) || total != int64(len(in)) {
		t.Fatalf("progress ended at %d of %d, want %d", last, total, len(in))
	}
	// A large file the parallel reader refuses is read as before.
	text := append(append([]byte(nil), in...), "alice,s1,agree\n"...)
	if err := os.WriteFile(path, text, 0o600); err != nil {
		t.Fatal(err)
	}
	ds, err = ReadPath(path)
	if err != nil || len(ds.Votes) != len(want.Votes)+1 || ds.ParticipantNames == nil {
		t.Fatalf("text ids in a large file: %d votes, %v", len(ds.Votes), err)
	}
}

// FuzzReadVotesParallel: for any input, the parallel reader either
// refuses it or gives what ReadVotesCSV gives.
func FuzzReadVotesParallel(f *testing.F) {
	f.Add("participant,statement,vote\n1,2,1\n1,3,-1\n")
	f.Add("1,2,1,5\n3,4,0,6")
	f.Add("p,s,v\r\n1, 2 ,-1\r\n")
	f.Add("alice,s1,agree\n")
	f.Add("1,2,+1\n3,4,-0\n5,6,01\n7,8,1\r\n9,10,-1")
	f.Add("0123456789012345678,1,1\n12345678901234567890,2,0\n")
	f.Fuzz(func(t *testing.T, in string) {
		sameAsSequential(t, in)
	})
}
