package opinion

import (
	"errors"
	"math/rand/v2"
)

// SynthConfig describes a synthetic conversation with planted opinion
// groups, for tests and benchmarks.
type SynthConfig struct {
	Participants int
	Statements   int
	// Groups is the number of planted groups (default 3). Group g has
	// weight g+1 in GroupWeights unless given.
	Groups       int
	GroupWeights []float64
	// VotesPerParticipant is the mean number of statements each
	// participant votes on (at most Statements); each draws a number
	// uniformly in [v/2, 3v/2].
	VotesPerParticipant int
	// Noise is the probability that a vote is drawn uniformly from agree,
	// disagree and pass instead of following the group's stance.
	Noise float64
	// PassRate is the probability of a pass instead of the stance.
	PassRate float64
	// Consensus is the share of statements on which every group has the
	// same stance.
	Consensus float64
	Seed      uint64
}

// Synthesize draws the votes of a synthetic conversation and returns them
// with each participant's planted group (indexed by participant id, which
// runs from 0).
func Synthesize(cfg SynthConfig) ([]Vote, []int, error) {
	if cfg.Participants <= 0 || cfg.Statements <= 0 {
		return nil, nil, errors.New("opinion: synthetic conversation needs participants and statements")
	}
	if cfg.Groups <= 0 {
		cfg.Groups = 3
	}
	weights := cfg.GroupWeights
	if len(weights) == 0 {
		for g := 0; g < cfg.Groups; g++ {
			weights = append(weights, 1)
		}
	}
	if len(weights) != cfg.Groups {
		return nil, nil, errors.New("opinion: GroupWeights must have one weight per group")
	}
	vpp := min(max(cfg.VotesPerParticipant, 1), cfg.Statements)
	rng := rand.New(rand.NewPCG(cfg.Seed, 0x5717))
	// Stances: a consensus share shared by all groups, the rest drawn per
	// group.
	stance := make([][]int8, cfg.Groups)
	shared := make([]int8, cfg.Statements)
	isCons := make([]bool, cfg.Statements)
	for c := range shared {
		shared[c] = int8(1 - 2*rng.IntN(2))
		isCons[c] = rng.Float64() < cfg.Consensus
	}
	for g := range stance {
		stance[g] = make([]int8, cfg.Statements)
		for c := range stance[g] {
			if isCons[c] {
				stance[g][c] = shared[c]
			} else {
				stance[g][c] = int8(1 - 2*rng.IntN(2))
			}
		}
	}
	total := 0.0
	for _, w := range weights {
		total += w
	}
	planted := make([]int, cfg.Participants)
	votes := make([]Vote, 0, cfg.Participants*vpp)
	mark := make([]int32, cfg.Statements)
	for i := range mark {
		mark[i] = -1
	}
	for p := 0; p < cfg.Participants; p++ {
		u := rng.Float64() * total
		g := 0
		for g < cfg.Groups-1 && u >= weights[g] {
			u -= weights[g]
			g++
		}
		planted[p] = g
		n := vpp/2 + rng.IntN(vpp+1)
		n = min(max(n, 1), cfg.Statements)
		for k := 0; k < n; k++ {
			c := rng.IntN(cfg.Statements)
			for mark[c] == int32(p) {
				c = rng.IntN(cfg.Statements)
			}
			mark[c] = int32(p)
			var v int8
			switch x := rng.Float64(); {
			case x < cfg.Noise:
				v = int8(rng.IntN(3) - 1)
			case x < cfg.Noise+cfg.PassRate:
				v = Pass
			default:
				v = stance[g][c]
			}
			votes = append(votes, Vote{Participant: int64(p), Statement: int64(c), Value: v})
		}
	}
	return votes, planted, nil
}
