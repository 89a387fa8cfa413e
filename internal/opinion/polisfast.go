package opinion

import (
	"bytes"
	"encoding/binary"
	"math/bits"
	"slices"
	"strconv"
	"strings"
)

// voteColumn is a statement column of participants-votes.csv: its field
// index and the statement id its header names.
type voteColumn struct {
	i  int
	id int64
}

// participantVoteColumns returns the statement columns of a
// participants-votes.csv header (the ones named by an integer), in field
// order.
func participantVoteColumns(idx map[string]int) []voteColumn {
	var cols []voteColumn
	for name, i := range idx {
		if id, err := strconv.ParseInt(name, 10, 64); err == nil {
			cols = append(cols, voteColumn{i, id})
		}
	}
	slices.SortFunc(cols, func(a, b voteColumn) int { return a.i - b.i })
	return cols
}

// commas8 is eight commas, as a little-endian word.
const commas8 = 0x2c2c2c2c2c2c2c2c

// participantGroup is one row's group id, kept in row order.
type participantGroup struct {
	pid int64
	gid int
}

// readParticipantsVotesFast reads a Pol.is participants-votes.csv held in
// memory (one row per participant, one column per statement) the way
// readPolisParticipants does, on every core and with no allocation per
// row or field: rows are split at line ends into pieces, counted, then
// parsed into their place. It takes only the usual layout: no quotes,
// integer participant ids before the statement columns, group ids empty
// or integers, and cells empty, 1, 0 or -1. It returns false, having
// changed nothing, for anything else, which the CSV reader then reads
// (and reports with its line number); both give the same result for
// every input this one takes (FuzzReadParticipantsVotesFast).
func readParticipantsVotesFast(data []byte, ds *Dataset, wantVotes bool, workers int, advance func(n int64)) bool {
	if bytes.IndexByte(data, '"') >= 0 {
		return false
	}
	nl := bytes.IndexByte(data, '\n')
	if nl < 0 {
		return false
	}
	head := strings.TrimSuffix(string(data[:nl]), "\r")
	if head == "" {
		return false
	}
	names := strings.Split(head, ",")
	idx := map[string]int{}
	for i, name := range names {
		idx[strings.TrimSpace(strings.TrimPrefix(name, "\ufeff"))] = i
	}
	pi, ok1 := idx["participant"]
	gi, ok2 := idx["group-id"]
	if !ok1 || !ok2 {
		return false
	}
	if gi < pi {
		return false // groups are kept with the id read before them
	}
	// last is the last field to read: without votes, the group's.
	last := gi
	isVote := make([]bool, len(names))
	ids := make([]int64, len(names))
	if wantVotes {
		for _, c := range participantVoteColumns(idx) {
			if c.i < pi {
				return false // votes before the participant's id
			}
			isVote[c.i], ids[c.i] = true, c.id
			last = max(last, c.i)
		}
	}
	body := data[nl+1:]
	bounds := lineBounds(body, max(1, workers*8))
	pieces := len(bounds) - 1
	// parse reads piece i: with out nil it counts the votes and collects
	// the groups, otherwise it writes the votes into out.
	parse := func(i int, out []Vote, groups *[]participantGroup) (int, bool) {
		p := body[bounds[i]:bounds[i+1]]
		k := 0
		for len(p) > 0 {
			line := p
			if j := bytes.IndexByte(p, '\n'); j >= 0 {
				line, p = p[:j], p[j+1:]
			} else {
				p = nil
			}
			line = bytes.TrimSuffix(line, []byte{'\r'})
			if len(line) == 0 {
				continue // the CSV reader skips empty lines
			}
			var pid int64
			havePID := false
			for f, at := 0, 0; ; f++ {
				end := at
				for end < len(line) && line[end] != ',' {
					end++
				}
				cell := line[at:end]
				switch {
				case f == pi:
					if len(cell) == 0 || len(cell) > 18 {
						return 0, false
					}
					for _, c := range cell {
						if c < '0' || c > '9' {
							return 0, false
						}
						pid = pid*10 + int64(c-'0')
					}
					havePID = true
				case f == gi:
					if len(cell) == 0 {
						break
					}
					g, neg := cell, false
					if g[0] == '-' {
						g, neg = g[1:], true
					}
					if len(g) == 0 || len(g) > 9 {
						return 0, false
					}
					gid := 0
					for _, c := range g {
						if c < '0' || c > '9' {
							return 0, false
						}
						gid = gid*10 + int(c-'0')
					}
					if neg {
						gid = -gid
					}
					if groups != nil {
						*groups = append(*groups, participantGroup{pid, gid})
					}
				case f < len(isVote) && isVote[f] && len(cell) > 0:
					v, ok := voteCell(cell)
					if !ok {
						return 0, false
					}
					if out != nil {
						out[k] = Vote{Participant: pid, Statement: ids[f], Value: v}
					}
					k++
				}
				if end == len(line) || f == last {
					break
				}
				at = end + 1
				if f == gi {
					// The participant's id and group are read: the rest
					// of the row is mostly empty cells, skipped a comma
					// (or eight) at a time.
					f++
					for at < len(line) && f <= last {
						if at+8 <= len(line) {
							// Skip the empty cells among the next eight
							// bytes: each comma before the first other
							// byte ends one.
							if x := binary.LittleEndian.Uint64(line[at:]) ^ commas8; x == 0 {
								f += 8
								at += 8
								continue
							} else if n := bits.TrailingZeros64(x) / 8; n > 0 {
								f += n
								at += n
								continue
							}
						} else if line[at] == ',' {
							f++
							at++
							continue
						}
						end := at + 1
						for end < len(line) && line[end] != ',' {
							end++
						}
						if f < len(isVote) && isVote[f] {
							v, ok := voteCell(line[at:end])
							if !ok {
								return 0, false
							}
							if out != nil {
								out[k] = Vote{Participant: pid, Statement: ids[f], Value: v}
							}
							k++
						}
						at = end // the comma ending the cell, or the line's end
					}
					break
				}
			}
			if !havePID {
				return 0, false
			}
		}
		return k, true
	}
	run := func(f func(i int) bool) bool { return runPieces(workers, pieces, f) }
	counts := make([]int, pieces+1)
	groups := make([][]participantGroup, pieces)
	if !run(func(i int) bool {
		c, ok := parse(i, nil, &groups[i])
		counts[i+1] = c
		return ok
	}) {
		return false
	}
	for i := 1; i <= pieces; i++ {
		counts[i] += counts[i-1]
	}
	// Progress from here on only: the input is taken.
	if advance != nil {
		if wantVotes {
			advance(int64(nl + 1))
		} else {
			advance(int64(len(data)))
		}
	}
	var votes []Vote
	if wantVotes {
		votes = make([]Vote, counts[pieces])
		run(func(i int) bool {
			parse(i, votes[counts[i]:counts[i+1]], nil)
			if advance != nil {
				advance(int64(bounds[i+1] - bounds[i]))
			}
			return true
		})
	}
	ds.PolisGroups = map[int64]int{}
	for _, gs := range groups {
		for _, g := range gs {
			ds.PolisGroups[g.pid] = g.gid
		}
	}
	if wantVotes {
		ds.Votes = votes
	}
	return true
}

// voteCell reads a participants-votes cell that holds a vote: 1, 0 or -1.
func voteCell(cell []byte) (int8, bool) {
	switch string(cell) {
	case "1":
		return 1, true
	case "0":
		return 0, true
	case "-1":
		return -1, true
	}
	return 0, false
}
