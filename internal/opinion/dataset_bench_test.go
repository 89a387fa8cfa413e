package opinion

import (
	"bytes"
	"strconv"
	"testing"
)

// benchCSV is a plain votes CSV of n votes, as the benchmark of the issue
// writes them (participant,statement,vote).
func benchCSV(n int) []byte {
	b := make([]byte, 0, n*12)
	b = append(b, "participant,statement,vote\n"...)
	for i := range n {
		b = strconv.AppendInt(b, int64(i/100), 10)
		b = append(b, ',')
		b = strconv.AppendInt(b, int64((i*7919)%1000), 10)
		b = append(b, ',')
		b = strconv.AppendInt(b, int64(i%3-1), 10)
		b = append(b, '\n')
	}
	return b
}

// BenchmarkReadVotesCSV reads a million votes; the MB/s it reports times
// 122 MB is the time of the 10M-vote file (docs/PERFORMANCE.md).
func BenchmarkReadVotesCSV(b *testing.B) {
	in := benchCSV(1_000_000)
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	for b.Loop() {
		ds, err := ReadVotesCSV(bytes.NewReader(in))
		if err != nil || len(ds.Votes) != 1_000_000 {
			b.Fatal(err, len(ds.Votes))
		}
	}
}

// BenchmarkReadVotesParallel is BenchmarkReadVotesCSV through the reader
// ReadPath uses for large files.
func BenchmarkReadVotesParallel(b *testing.B) {
	in := benchCSV(1_000_000)
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	cpu0 := cpuTime()
	for b.Loop() {
		votes, ok := readVotesParallel(in, workers(), nil)
		if !ok || len(votes) != 1_000_000 {
			b.Fatal(ok, len(votes))
		}
	}
	// The CPU time per million votes, steadier than the wall time on a
	// shared machine.
	b.ReportMetric((cpuTime()-cpu0).Seconds()/float64(b.N), "cpu-s/op")
}

// benchParticipantsVotes is a Pol.is participants-votes.csv of n
// participants and 1,000 statements, each participant voting on every
// tenth (as the 100k x 1k benchmark's 10M votes).
func benchParticipantsVotes(n int) []byte {
	b := []byte("participant,group-id,n-comments,n-votes,n-agree,n-disagree")
	for s := range 1000 {
		b = append(b, ',')
		b = strconv.AppendInt(b, int64(s), 10)
	}
	b = append(b, '\n')
	for p := range n {
		b = strconv.AppendInt(b, int64(p), 10)
		b = append(b, ",0,1000,100,40,40"...)
		for s := range 1000 {
			b = append(b, ',')
			if (s*7919+p)%10 == 0 {
				b = strconv.AppendInt(b, int64((s+p)%3-1), 10)
			}
		}
		b = append(b, '\n')
	}
	return b
}

// BenchmarkReadParticipantsVotes reads a participants-votes.csv of a
// million votes (10,000 participants) with the reader ReadPath uses for
// large exports; cpu-s/op times 10 is the 10M-vote export's.
func BenchmarkReadParticipantsVotes(b *testing.B) {
	in := benchParticipantsVotes(10_000)
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	cpu0 := cpuTime()
	for b.Loop() {
		ds := &Dataset{}
		if !readParticipantsVotesFast(in, ds, true, workers(), nil) || len(ds.Votes) != 1_000_000 {
			b.Fatal(len(ds.Votes))
		}
	}
	b.ReportMetric((cpuTime()-cpu0).Seconds()/float64(b.N), "cpu-s/op")
}
