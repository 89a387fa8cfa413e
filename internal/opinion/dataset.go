package opinion

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
)

// Dataset is a conversation read from files: votes, statements and, for a
// Pol.is export, Pol.is's own results.
type Dataset struct {
	Votes      []Vote
	Statements []StatementInfo
	// Texts holds statement texts by id, when known.
	Texts map[int64]string
	// ParticipantNames and StatementNames give the ids as written in the
	// input when they were not integers (nil otherwise).
	ParticipantNames map[int64]string
	StatementNames   map[int64]string
	// PolisGroups is each participant's group id in a Pol.is export
	// (participants with no group are absent).
	PolisGroups map[int64]int
	// PolisGroupInformedConsensus is the exported column of comments.csv.
	PolisGroupInformedConsensus map[int64]float64
}

// ErrFormat is returned for input that is not a vote file.
var ErrFormat = errors.New("opinion: unrecognised vote file")

// ReadPath reads a Pol.is export folder (votes.csv or
// participants-votes.csv, with comments.csv) or a plain votes CSV file.
func ReadPath(path string) (*Dataset, error) { return ReadPathWith(path, ReadOptions{}) }

// ReadPathWith is ReadPath with options.
func ReadPathWith(path string, opt ReadOptions) (*Dataset, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("read votes: %w", err)
	}
	if st.IsDir() {
		return readPolisExport(path, opt)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read votes: %w", err)
	}
	defer f.Close()
	var ds *Dataset
	if size := st.Size(); size >= parallelMin && st.Mode().IsRegular() {
		data, release, err := mapFile(f, size)
		if err != nil {
			return nil, fmt.Errorf("read votes: %w", err)
		}
		defer release()
		if votes, ok := readVotesParallel(data, workers(), opt.Progress); ok {
			return &Dataset{Texts: map[int64]string{}, Votes: votes}, nil
		}
		ds, err = ReadVotesCSV(&countingReader{r: bytes.NewReader(data), total: size, base: new(atomic.Int64), progress: opt.Progress})
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		return ds, nil
	}
	ds, err = ReadVotesCSV(&countingReader{r: f, total: st.Size(), base: new(atomic.Int64), progress: opt.Progress})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return ds, nil
}

func readPolisExport(dir string, opt ReadOptions) (*Dataset, error) {
	ds := &Dataset{Texts: map[int64]string{}}
	var total int64
	for _, name := range []string{"comments.csv", "votes.csv", "participants-votes.csv"} {
		if st, err := os.Stat(filepath.Join(dir, name)); err == nil {
			total += st.Size()
		}
	}
	read := new(atomic.Int64)
	open := func(name string) (*csv.Reader, func(), error) {
		f, err := os.Open(filepath.Join(dir, name))
		if err != nil {
			return nil, nil, err
		}
		r := csv.NewReader(bufio.NewReaderSize(&countingReader{r: f, total: total, base: read, progress: opt.Progress}, 1<<20))
		r.FieldsPerRecord = -1
		r.ReuseRecord = true
		return r, func() { f.Close() }, nil
	}
	// Statements.
	if r, done, err := open("comments.csv"); err == nil {
		err := readPolisComments(r, ds)
		done()
		if err != nil {
			return nil, fmt.Errorf("%s/comments.csv: %w", dir, err)
		}
	} else if !errors.Is(err, os.ErrNotExist) {
		return nil, err
	}
	// Groups (and votes if there is no votes.csv).
	haveVotes := false
	if r, done, err := open("votes.csv"); err == nil {
		err := readPolisVotes(r, ds)
		done()
		if err != nil {
			return nil, fmt.Errorf("%s/votes.csv: %w", dir, err)
		}
		haveVotes = true
	} else if !errors.Is(err, os.ErrNotExist) {
		return nil, err
	}
	if readParticipantsFile(filepath.Join(dir, "participants-votes.csv"), ds, !haveVotes, func(n int64) {
		if done := read.Add(n); opt.Progress != nil {
			opt.Progress(done, total)
		}
	}) {
		haveVotes = true
	} else if r, done, err := open("participants-votes.csv"); err == nil {
		err := readPolisParticipants(r, ds, !haveVotes)
		done()
		if err != nil {
			return nil, fmt.Errorf("%s/participants-votes.csv: %w", dir, err)
		}
		haveVotes = true
	} else if !errors.Is(err, os.ErrNotExist) {
		return nil, err
	}
	if !haveVotes {
		return nil, fmt.Errorf("%s: no votes.csv or participants-votes.csv: %w", dir, ErrFormat)
	}
	return ds, nil
}

func header(r *csv.Reader) (map[string]int, error) {
	h, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("header: %w", err)
	}
	idx := map[string]int{}
	for i, name := range h {
		idx[strings.TrimSpace(strings.TrimPrefix(name, "\ufeff"))] = i
	}
	return idx, nil
}

func need(idx map[string]int, names ...string) error {
	for _, n := range names {
		if _, ok := idx[n]; !ok {
			return fmt.Errorf("no column %q: %w", n, ErrFormat)
		}
	}
	return nil
}

func readPolisComments(r *csv.Reader, ds *Dataset) error {
	idx, err := header(r)
	if err != nil {
		return err
	}
	if err := need(idx, "comment-id"); err != nil {
		return err
	}
	ds.PolisGroupInformedConsensus = map[int64]float64{}
	field := func(rec []string, name string) string {
		if i, ok := idx[name]; ok && i < len(rec) {
			return rec[i]
		}
		return ""
	}
	for line := 2; ; line++ {
		rec, err := r.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		id, err := strconv.ParseInt(field(rec, "comment-id"), 10, 64)
		if err != nil {
			return fmt.Errorf("line %d: comment-id: %w", line, err)
		}
		info := StatementInfo{ID: id, Moderation: ModeratedIn}
		if s := field(rec, "moderated"); s != "" {
			mod, err := strconv.Atoi(s)
			if err != nil || mod < -1 || mod > 1 {
				return fmt.Errorf("line %d: moderated %q: %w", line, s, ErrFormat)
			}
			info.Moderation = Moderation(mod)
		}
		info.Meta = field(rec, "is-meta") == "true"
		ds.Statements = append(ds.Statements, info)
		ds.Texts[id] = field(rec, "comment-body")
		if s := field(rec, "group-informed-consensus"); s != "" {
			if v, err := strconv.ParseFloat(s, 64); err == nil {
				ds.PolisGroupInformedConsensus[id] = v
			}
		}
	}
}

func readPolisVotes(r *csv.Reader, ds *Dataset) error {
	idx, err := header(r)
	if err != nil {
		return err
	}
	if err := need(idx, "comment-id", "voter-id", "vote"); err != nil {
		return err
	}
	ti, hasTime := idx["timestamp"]
	for line := 2; ; line++ {
		rec, err := r.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		var v Vote
		if v.Statement, err = atoiField(rec, idx["comment-id"]); err != nil {
			return fmt.Errorf("line %d: comment-id: %w", line, err)
		}
		if v.Participant, err = atoiField(rec, idx["voter-id"]); err != nil {
			return fmt.Errorf("line %d: voter-id: %w", line, err)
		}
		val, err := atoiField(rec, idx["vote"])
		if err != nil || val < -1 || val > 1 {
			return fmt.Errorf("line %d: vote: %w", line, ErrBadVote)
		}
		v.Value = int8(val) // the export already uses agree = +1
		if hasTime {
			v.Time, _ = atoiField(rec, ti)
		}
		ds.Votes = append(ds.Votes, v)
	}
}

func atoiField(rec []string, i int) (int64, error) {
	if i >= len(rec) {
		return 0, fmt.Errorf("missing field: %w", ErrFormat)
	}
	return strconv.ParseInt(strings.TrimSpace(rec[i]), 10, 64)
}

// readParticipantsFile reads a large participants-votes.csv with
// [readParticipantsVotesFast], mapped into memory; it returns false,
// having changed nothing, when the file is small (the CSV reader is
// quicker to start), missing, or not in the layout that reader takes.
func readParticipantsFile(path string, ds *Dataset, wantVotes bool, advance func(n int64)) bool {
	st, err := os.Stat(path)
	if err != nil || st.Size() < parallelMin || !st.Mode().IsRegular() {
		return false
	}
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	data, release, err := mapFile(f, st.Size())
	if err != nil {
		return false
	}
	defer release()
	return readParticipantsVotesFast(data, ds, wantVotes, workers(), advance)
}

func readPolisParticipants(r *csv.Reader, ds *Dataset, votes bool) error {
	idx, err := header(r)
	if err != nil {
		return err
	}
	if err := need(idx, "participant", "group-id"); err != nil {
		return err
	}
	cols := participantVoteColumns(idx)
	ds.PolisGroups = map[int64]int{}
	for line := 2; ; line++ {
		rec, err := r.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		pid, err := atoiField(rec, idx["participant"])
		if err != nil {
			return fmt.Errorf("line %d: participant: %w", line, err)
		}
		if gi := idx["group-id"]; gi < len(rec) && rec[gi] != "" {
			g := rec[gi]
			gid, err := strconv.Atoi(g)
			if err != nil {
				return fmt.Errorf("line %d: group-id %q: %w", line, g, ErrFormat)
			}
			ds.PolisGroups[pid] = gid
		}
		if !votes {
			continue
		}
		for _, c := range cols {
			if c.i >= len(rec) || rec[c.i] == "" {
				continue
			}
			val, err := strconv.Atoi(rec[c.i])
			if err != nil || val < -1 || val > 1 {
				return fmt.Errorf("line %d: vote %q: %w", line, rec[c.i], ErrBadVote)
			}
			ds.Votes = append(ds.Votes, Vote{Participant: pid, Statement: c.id, Value: int8(val)})
		}
	}
}

// ReadVotesCSV reads a plain votes CSV: participant, statement, vote and
// an optional time, with or without a header line. Votes are 1 / -1 / 0 or
// agree / disagree / pass. Ids may be any text: integer ids are kept,
// other ids are numbered in sorted order (so the numbering does not depend
// on the order of the lines) and their text kept in the Names maps.
func ReadVotesCSV(r io.Reader) (*Dataset, error) {
	br := bufio.NewReaderSize(r, 1<<20)
	// Integer ids are kept as they are; the first id that is not an
	// integer switches to text ids for the whole file.
	var votes []Vote
	var chunks [][]Vote
	var pText, sText []string
	textIDs := false
	var fields []string
	for line := 1; ; line++ {
		raw, err := br.ReadSlice('\n')
		if err == bufio.ErrBufferFull {
			rest, err2 := br.ReadBytes('\n')
			raw = append(append([]byte(nil), raw...), rest...)
			err = err2
		}
		if err != nil && err != io.EOF {
			return nil, fmt.Errorf("votes csv: %w", err)
		}
		if len(raw) == 0 && err == io.EOF {
			break
		}
		if !textIDs && line > 1 {
			if vote, ok := fastVoteLine(raw); ok {
				if len(votes) == cap(votes) {
					// Grow in chunks, joined once at the end, rather than
					// copying everything on every doubling.
					chunks = append(chunks, votes)
					votes = make([]Vote, 0, 1<<16)
				}
				votes = append(votes, vote)
				if err == io.EOF {
					break
				}
				continue
			}
		}
		text := strings.TrimRight(string(raw), "\r\n")
		if strings.TrimSpace(text) == "" || strings.HasPrefix(text, "#") {
			if err == io.EOF {
				break
			}
			continue
		}
		fields = fields[:0]
		if strings.IndexByte(text, '"') >= 0 {
			// Quoted fields: the csv package reads the line.
			cr := csv.NewReader(strings.NewReader(text))
			cr.FieldsPerRecord = -1
			cr.TrimLeadingSpace = true
			rec, cerr := cr.Read()
			if cerr != nil {
				return nil, fmt.Errorf("votes csv line %d: %w: %w", line, ErrFormat, cerr)
			}
			fields = append(fields, rec...)
		} else {
			for f := range strings.SplitSeq(text, ",") {
				fields = append(fields, strings.TrimSpace(f))
			}
		}
		if len(fields) < 3 {
			return nil, fmt.Errorf("votes csv line %d: want participant,statement,vote: %w", line, ErrFormat)
		}
		v, ok := parseVoteValue(fields[2])
		if !ok {
			if line == 1 {
				continue // a header
			}
			return nil, fmt.Errorf("votes csv line %d: vote %q: %w", line, fields[2], ErrBadVote)
		}
		var t int64
		if len(fields) > 3 && fields[3] != "" {
			var terr error
			t, terr = strconv.ParseInt(fields[3], 10, 64)
			if terr != nil {
				return nil, fmt.Errorf("votes csv line %d: time %q: %w", line, fields[3], ErrFormat)
			}
		}
		p, s := strings.TrimSpace(fields[0]), strings.TrimSpace(fields[1])
		if !textIDs {
			pi, err1 := strconv.ParseInt(p, 10, 64)
			si, err2 := strconv.ParseInt(s, 10, 64)
			if err1 == nil && err2 == nil {
				votes = append(votes, Vote{Participant: pi, Statement: si, Value: v, Time: t})
				if err == io.EOF {
					break
				}
				continue
			}
			// Switch to text ids: earlier integer ids become text.
			votes = joinVotes(chunks, votes)
			chunks = nil
			textIDs = true
			for _, old := range votes {
				pText = append(pText, strconv.FormatInt(old.Participant, 10))
				sText = append(sText, strconv.FormatInt(old.Statement, 10))
			}
		}
		votes = append(votes, Vote{Value: v, Time: t})
		pText = append(pText, p)
		sText = append(sText, s)
		if err == io.EOF {
			break
		}
	}
	votes = joinVotes(chunks, votes)
	ds := &Dataset{Texts: map[int64]string{}, Votes: votes}
	if textIDs {
		var pids, sids []int64
		pids, ds.ParticipantNames = numberIDs(len(votes), func(i int) string { return pText[i] })
		sids, ds.StatementNames = numberIDs(len(votes), func(i int) string { return sText[i] })
		for i := range votes {
			votes[i].Participant, votes[i].Statement = pids[i], sids[i]
		}
	}
	return ds, nil
}

// fastVoteLine parses the common line "int,int,vote[,int]" without
// allocating; anything else is left to the general path.
func fastVoteLine(b []byte) (Vote, bool) {
	var f [4][]byte
	n := 0
	start := 0
	for i := 0; i <= len(b); i++ {
		if i == len(b) || b[i] == ',' || b[i] == '\n' {
			if n == 4 {
				return Vote{}, false
			}
			f[n] = bytes.TrimSpace(b[start:i])
			n++
			start = i + 1
			if i < len(b) && b[i] == '\n' {
				break
			}
		}
	}
	if n < 3 || (n == 4 && len(f[3]) == 0) {
		return Vote{}, false
	}
	p, ok1 := atoiBytes(f[0])
	s, ok2 := atoiBytes(f[1])
	v, ok3 := atoiBytes(f[2])
	if !ok1 || !ok2 || !ok3 || v < -1 || v > 1 {
		return Vote{}, false
	}
	vote := Vote{Participant: p, Statement: s, Value: int8(v)}
	if n == 4 {
		t, ok := atoiBytes(f[3])
		if !ok {
			return Vote{}, false
		}
		vote.Time = t
	}
	return vote, true
}

// atoiBytes parses a decimal integer of at most 18 digits.
func atoiBytes(b []byte) (int64, bool) {
	neg := false
	if len(b) > 0 && (b[0] == '-' || b[0] == '+') {
		neg = b[0] == '-'
		b = b[1:]
	}
	if len(b) == 0 || len(b) > 18 {
		return 0, false
	}
	var x int64
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		x = x*10 + int64(c-'0')
	}
	if neg {
		x = -x
	}
	return x, true
}

func joinVotes(chunks [][]Vote, last []Vote) []Vote {
	if len(chunks) == 0 {
		return last
	}
	n := len(last)
	for _, c := range chunks {
		n += len(c)
	}
	out := make([]Vote, 0, n)
	for _, c := range chunks {
		out = append(out, c...)
	}
	return append(out, last...)
}

func parseVoteValue(s string) (int8, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "1", "+1", "agree", "a":
		return Agree, true
	case "-1", "disagree", "d":
		return Disagree, true
	case "0", "pass", "p":
		return Pass, true
	}
	return 0, false
}

// numberIDs maps ids to integers: kept when all are integers, else
// numbered in sorted order with their names returned.
func numberIDs(n int, get func(int) string) ([]int64, map[int64]string) {
	out := make([]int64, n)
	allInt := true
	for i := 0; i < n; i++ {
		v, err := strconv.ParseInt(get(i), 10, 64)
		if err != nil {
			allInt = false
			break
		}
		out[i] = v
	}
	if allInt {
		return out, nil
	}
	uniq := map[string]int64{}
	for i := 0; i < n; i++ {
		uniq[get(i)] = 0
	}
	names := make([]string, 0, len(uniq))
	for s := range uniq {
		names = append(names, s)
	}
	slices.Sort(names)
	byID := make(map[int64]string, len(names))
	for i, s := range names {
		uniq[s] = int64(i)
		byID[int64(i)] = s
	}
	for i := 0; i < n; i++ {
		out[i] = uniq[get(i)]
	}
	return out, byID
}
