package opinion

import (
	"bytes"
	"io"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
)

// ReadOptions tune [ReadPathWith].
type ReadOptions struct {
	// Progress, when set, is called now and then with the bytes of the
	// input read so far and their total, from any goroutine.
	Progress func(done, total int64)
}

// parallelMin is the size from which a plain votes CSV is read by several
// goroutines: below it, starting them costs more than it saves.
const parallelMin = 4 << 20

// readVotesParallel reads a plain votes CSV held in memory whose lines
// are all "participant,statement,vote[,time]" in integers (after an
// optional header line), as exports of tens of millions of votes are: it
// counts the lines, allocates the votes once, and parses pieces of the
// input on every core into their place, with no allocation per line or
// field. It returns false, having read nothing, for anything else (text
// ids, quotes, blank or comment lines, an error to report with its line
// number), which ReadVotesCSV reads as before: both give the same votes
// for every input this one accepts (FuzzReadVotesParallel).
func readVotesParallel(data []byte, workers int, progress func(done, total int64)) ([]Vote, bool) {
	total := int64(len(data))
	body := data
	first := data
	if i := bytes.IndexByte(data, '\n'); i >= 0 {
		first, body = data[:i+1], data[i+1:]
	} else {
		body = nil
	}
	switch _, ok := fastVoteLine(first); {
	case plainHeader(first): // ReadVotesCSV skips it ("0,0,00" too)
	case ok:
		body = data
	default:
		return nil, false
	}
	// Pieces end at line ends; several per worker, so that one slow piece
	// does not leave the other cores idle.
	bounds := lineBounds(body, max(1, workers*8))
	pieces := len(bounds) - 1
	lines := make([]int, pieces+1) // lines[i+1]: lines of piece i, then their running sum
	run := func(f func(i int) bool) bool { return runPieces(workers, pieces, f) }
	run(func(i int) bool {
		p := body[bounds[i]:bounds[i+1]]
		c := bytes.Count(p, []byte{'\n'})
		if len(p) > 0 && p[len(p)-1] != '\n' {
			c++
		}
		lines[i+1] = c
		return true
	})
	for i := 1; i <= pieces; i++ {
		lines[i] += lines[i-1]
	}
	votes := make([]Vote, lines[pieces])
	var done atomic.Int64
	done.Store(int64(len(data) - len(body)))
	ok := run(func(i int) bool {
		p := body[bounds[i]:bounds[i+1]]
		out := votes[lines[i]:lines[i+1]]
		k := 0
		for len(p) > 0 {
			// The usual line, digits only ("12,345,-1\n"), in one pass;
			// anything else (spaces, a time, "\r\n", the last line without
			// its end) through fastVoteLine.
			if v, n, ok := plainVoteLine(p); ok {
				out[k] = v
				k++
				p = p[n:]
				continue
			}
			line := p
			if j := bytes.IndexByte(p, '\n'); j >= 0 {
				line, p = p[:j+1], p[j+1:]
			} else {
				p = nil
			}
			v, ok := fastVoteLine(line)
			if !ok {
				return false
			}
			out[k] = v
			k++
		}
		if progress != nil {
			progress(done.Add(int64(bounds[i+1]-bounds[i])), total)
		}
		return true
	})
	if !ok {
		return nil, false
	}
	return votes, true
}

// plainVoteLine reads a line "participant,statement,vote\n" at the start
// of b whose ids are at most 18 digits and whose vote is 1, 0, -1 or +1,
// nothing else, and returns the vote and the line's length with its end.
// Such a line is read by fastVoteLine to the same vote; it returns false
// for every other line, which fastVoteLine then reads.
func plainVoteLine(b []byte) (Vote, int, bool) {
	i := 0
	var ids [2]int64
	for f := range ids {
		start := i
		var x int64
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			x = x*10 + int64(b[i]-'0')
			i++
		}
		if i == start || i-start > 18 || i == len(b) || b[i] != ',' {
			return Vote{}, 0, false
		}
		ids[f] = x
		i++
	}
	// The vote and the line end: "1\n", "0\n", "-1\n" or "+1\n".
	neg := false
	if i < len(b) && (b[i] == '-' || b[i] == '+') {
		neg = b[i] == '-'
		i++
	}
	if i+1 >= len(b) || b[i+1] != '\n' || (b[i] != '0' && b[i] != '1') {
		return Vote{}, 0, false
	}
	v := int8(b[i] - '0')
	if neg {
		v = -v
	}
	return Vote{Participant: ids[0], Statement: ids[1], Value: v}, i + 2, true
}

// plainHeader reports whether ReadVotesCSV would take line, the first, for
// a header and skip it: at least three fields, no quotes, and a third
// that is not a vote.
func plainHeader(line []byte) bool {
	text := strings.TrimRight(string(line), "\r\n")
	if strings.IndexByte(text, '"') >= 0 || strings.TrimSpace(text) == "" || strings.HasPrefix(text, "#") {
		return false
	}
	fields := strings.Split(text, ",")
	if len(fields) < 3 {
		return false
	}
	_, isVote := parseVoteValue(fields[2])
	return !isVote
}

// countingReader tells progress how much of an input has been read.
type countingReader struct {
	r        io.Reader
	total    int64
	base     *atomic.Int64 // shared by the files of one export
	progress func(done, total int64)
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	if n > 0 && c.progress != nil {
		c.progress(c.base.Add(int64(n)), c.total)
	}
	return n, err
}

func workers() int { return runtime.GOMAXPROCS(0) }

// runPieces calls f for pieces 0 to pieces-1 on up to workers goroutines,
// each taking the next piece, and stops handing out pieces once f returns
// false for one; it reports whether every call returned true.
func runPieces(workers, pieces int, f func(i int) bool) bool {
	var next atomic.Int64
	var failed atomic.Bool
	var wg sync.WaitGroup
	for range min(workers, pieces) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !failed.Load() {
				i := int(next.Add(1) - 1)
				if i >= pieces {
					return
				}
				if !f(i) {
					failed.Store(true)
				}
			}
		}()
	}
	wg.Wait()
	return !failed.Load()
}

// lineBounds cuts body into up to n pieces of about equal size that end
// at line ends: the pieces are body[bounds[i]:bounds[i+1]].
func lineBounds(body []byte, n int) []int {
	bounds := []int{0}
	for i := 1; i < n; i++ {
		at := max(len(body)*i/n, bounds[len(bounds)-1])
		j := bytes.IndexByte(body[at:], '\n')
		if j < 0 {
			break
		}
		if at+j+1 > bounds[len(bounds)-1] && at+j+1 < len(body) {
			bounds = append(bounds, at+j+1)
		}
	}
	return append(bounds, len(body))
}
