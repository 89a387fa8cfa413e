package opinion

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
)

// sharedData finds shared/data beside the checkout by walking up from the
// package directory, or skips the test.
func sharedData(t testing.TB, sub string) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		p := filepath.Join(dir, "shared", "data", sub)
		if _, err := os.Stat(p); err == nil {
			return p
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skipf("shared/data/%s not found beside the checkout; skipping the real-data test", sub)
		}
		dir = parent
	}
}

type goldenRepness struct {
	Tid         int64   `json:"tid"`
	NSuccess    float64 `json:"n-success"`
	NTrials     float64 `json:"n-trials"`
	PSuccess    float64 `json:"p-success"`
	PTest       float64 `json:"p-test"`
	Repness     float64 `json:"repness"`
	RepnessTest float64 `json:"repness-test"`
	RepfulFor   string  `json:"repful-for"`
	BestAgree   bool    `json:"best-agree"`
	NAgree      float64 `json:"n-agree"`
}

type goldenConsensus struct {
	Tid      int64   `json:"tid"`
	NSuccess float64 `json:"n-success"`
	NTrials  float64 `json:"n-trials"`
	PSuccess float64 `json:"p-success"`
	PTest    float64 `json:"p-test"`
}

type goldenMath struct {
	N        int     `json:"n"`
	Tids     []int64 `json:"tids"`
	InConv   []int64 `json:"in-conv"`
	ModOut   []int64 `json:"mod-out"`
	MetaTids []int64 `json:"meta-tids"`
	PCA      struct {
		Center     []float64   `json:"center"`
		Comps      [][]float64 `json:"comps"`
		Projection [][]float64 `json:"comment-projection"`
		Extremity  []float64   `json:"comment-extremity"`
	} `json:"pca"`
	BaseClusters struct {
		ID      []int     `json:"id"`
		Members [][]int64 `json:"members"`
		X       []float64 `json:"x"`
		Y       []float64 `json:"y"`
		Count   []int     `json:"count"`
	} `json:"base-clusters"`
	GroupClusters []struct {
		ID      int       `json:"id"`
		Members []int     `json:"members"`
		Center  []float64 `json:"center"`
	} `json:"group-clusters"`
	Repness   map[string][]goldenRepness `json:"repness"`
	Consensus struct {
		Agree    []goldenConsensus `json:"agree"`
		Disagree []goldenConsensus `json:"disagree"`
	} `json:"consensus"`
	GAC            map[string]float64 `json:"group-aware-consensus"`
	Priorities     map[string]float64 `json:"comment-priorities"`
	UserVoteCounts map[string]int     `json:"user-vote-counts"`
}

type goldenCase struct {
	name    string
	votes   []Vote
	stmts   []StatementInfo
	strict  bool
	flipped bool
	math    goldenMath
}

func loadGolden(t *testing.T, dir string) goldenCase {
	t.Helper()
	gc := goldenCase{name: filepath.Base(dir)}
	var raw []map[string]any
	readJSON(t, filepath.Join(dir, "votes.json"), &raw)
	num := func(o map[string]any, keys ...string) int64 {
		for _, k := range keys {
			switch v := o[k].(type) {
			case float64:
				return int64(v)
			case string:
				f, err := strconv.ParseFloat(v, 64)
				if err != nil {
					t.Fatalf("%s: %s = %q: %v", dir, k, v, err)
				}
				return int64(f)
			}
		}
		t.Fatalf("%s: no %v in %v", dir, keys, o)
		return 0
	}
	for _, o := range raw {
		gc.votes = append(gc.votes, Vote{
			Participant: num(o, "pid", "participant_id"),
			Statement:   num(o, "tid", "statement_id"),
			Value:       int8(num(o, "vote")),
			Time:        num(o, "modified"),
		})
	}
	var comments []map[string]any
	readJSON(t, filepath.Join(dir, "comments.json"), &comments)
	for _, o := range comments {
		gc.stmts = append(gc.stmts, StatementInfo{
			ID:         num(o, "tid", "statement_id"),
			Moderation: Moderation(num(o, "mod", "moderated")),
			Meta:       o["is_meta"] == true,
		})
	}
	gc.flipped = votesSignFromCounts(gc.votes, comments)
	if gc.flipped {
		for i := range gc.votes {
			gc.votes[i].Value = FromPolisSign(gc.votes[i].Value)
		}
	}
	var conv map[string]any
	readJSON(t, filepath.Join(dir, "conversation.json"), &conv)
	gc.strict = conv["strict_moderation"] == true
	readJSON(t, filepath.Join(dir, "math-pca2.json"), &gc.math)
	return gc
}

func readJSON(t *testing.T, path string, v any) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

func goldenDirs(t *testing.T) []string {
	t.Helper()
	root := sharedData(t, "polis-golden")
	ents, err := os.ReadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	var dirs []string
	for _, e := range ents {
		if e.IsDir() {
			dirs = append(dirs, filepath.Join(root, e.Name()))
		}
	}
	if len(dirs) == 0 {
		t.Fatal("no golden conversations")
	}
	return dirs
}

// polisState turns the golden output into the state Pol.is had: its
// in-conv set and its base clusters.
func (gc goldenCase) polisState() *PolisState {
	st := &PolisState{InConv: gc.math.InConv}
	b := gc.math.BaseClusters
	for i := range b.ID {
		st.BaseClusters = append(st.BaseClusters, BaseCluster{
			ID: b.ID[i], Members: b.Members[i], Center: [2]float64{b.X[i], b.Y[i]}, Weight: float64(b.Count[i]),
		})
	}
	return st
}

func near(a, b, tol float64) bool {
	return math.Abs(a-b) <= tol*math.Max(1, math.Max(math.Abs(a), math.Abs(b)))
}

func TestPolisParityGolden(t *testing.T) {
	for _, dir := range goldenDirs(t) {
		gc := loadGolden(t, dir)
		t.Run(gc.name, func(t *testing.T) {
			m, err := NewMatrix(gc.votes)
			if err != nil {
				t.Fatal(err)
			}
			res, err := Analyze(m, Options{Mode: ModePolis, Statements: gc.stmts, StrictModeration: gc.strict, Polis: gc.polisState()})
			if err != nil {
				t.Fatal(err)
			}
			checkGolden(t, gc, m, res)
		})
	}
}

func checkGolden(t *testing.T, gc goldenCase, m *Matrix, res *Result) {
	t.Helper()
	g := gc.math
	if !slices.Equal(m.Statements(), g.Tids) {
		t.Fatalf("statements %v, want %v", m.Statements(), g.Tids)
	}
	if m.Rows() != g.N {
		t.Errorf("participants %d, want %d", m.Rows(), g.N)
	}
	for _, p := range res.Participants {
		if want := g.UserVoteCounts[strconv.FormatInt(p.ID, 10)]; p.Votes != want {
			t.Errorf("participant %d votes %d, want %d", p.ID, p.Votes, want)
		}
	}
	// Centre: our sign is the opposite of Pol.is's.
	for c := range g.PCA.Center {
		if !near(res.PCA.Center[c], -g.PCA.Center[c], 1e-12) {
			t.Errorf("center[%d] = %v, want %v", c, res.PCA.Center[c], -g.PCA.Center[c])
		}
	}
	// Components, up to sign.
	sign := [2]float64{}
	for i := 0; i < 2; i++ {
		ours, want := res.PCA.Components[i], g.PCA.Comps[i]
		sign[i] = 1
		if dot(ours, want) < 0 {
			sign[i] = -1
		}
		worst := 0.0
		for c := range want {
			worst = math.Max(worst, math.Abs(ours[c]-sign[i]*want[c]))
		}
		if worst > 1e-6 {
			t.Errorf("component %d differs by %g (> 1e-6)", i, worst)
		} else {
			t.Logf("component %d max difference %.2g", i, worst)
		}
	}
	// Participant positions where base clusters are single points.
	pos := map[int64]ParticipantResult{}
	for _, p := range res.Participants {
		pos[p.ID] = p
	}
	b := g.BaseClusters
	worst, checked := 0.0, 0
	for i := range b.ID {
		if len(b.Members[i]) != 1 {
			continue
		}
		p := pos[b.Members[i][0]]
		// ours = -(sign) * Pol.is's, from the flipped vote sign.
		worst = math.Max(worst, math.Abs(p.X+sign[0]*b.X[i]))
		worst = math.Max(worst, math.Abs(p.Y+sign[1]*b.Y[i]))
		checked++
	}
	if worst > 1e-6 {
		t.Errorf("participant positions differ by %g (> 1e-6) over %d participants", worst, checked)
	} else if checked > 0 {
		t.Logf("participant positions: %d checked, max difference %.2g", checked, worst)
	}
	// Statement projection and extremity.
	for c := range g.PCA.Extremity {
		if !near(res.Statements[c].Extremity, g.PCA.Extremity[c], 1e-6) {
			t.Errorf("extremity[%d] = %v, want %v", c, res.Statements[c].Extremity, g.PCA.Extremity[c])
		}
	}
	// Groups: same k and partition of the base clusters.
	if len(res.Groups) != len(g.GroupClusters) {
		t.Fatalf("k = %d, want %d (scores %v)", len(res.Groups), len(g.GroupClusters), res.KScores)
	}
	for i, want := range g.GroupClusters {
		got := res.Groups[i]
		if got.ID != want.ID || !slices.Equal(got.BaseClusters, want.Members) {
			t.Errorf("group %d: id %d base clusters %v, want id %d %v", i, got.ID, got.BaseClusters, want.ID, want.Members)
		}
	}
	// Repness.
	for _, grp := range res.Groups {
		want := g.Repness[strconv.Itoa(grp.ID)]
		if err := sameRepness(grp.Repness, want); err != nil {
			t.Errorf("group %d repness: %v\n got %+v\nwant %+v", grp.ID, err, grp.Repness, want)
		}
	}
	// Consensus.
	if err := sameConsensus(res.Consensus.Agree, g.Consensus.Agree); err != nil {
		t.Errorf("consensus agree: %v", err)
	}
	if err := sameConsensus(res.Consensus.Disagree, g.Consensus.Disagree); err != nil {
		t.Errorf("consensus disagree: %v", err)
	}
	// Group-informed consensus and priorities.
	for _, s := range res.Statements {
		key := strconv.FormatInt(s.ID, 10)
		if want := g.GAC[key]; !near(s.GroupInformedConsensus, want, 1e-12) {
			t.Errorf("group-aware consensus of %d = %v, want %v", s.ID, s.GroupInformedConsensus, want)
		}
		if want := g.Priorities[key]; !near(s.Priority, want, 1e-6) {
			t.Errorf("priority of %d = %v, want %v", s.ID, s.Priority, want)
		}
	}
}

func sameRepness(got []Repness, want []goldenRepness) error {
	if len(got) != len(want) {
		return fmt.Errorf("%d statements, want %d", len(got), len(want))
	}
	for i, w := range want {
		r := got[i]
		if r.Statement != w.Tid || string(r.Direction) != w.RepfulFor || r.BestAgree != w.BestAgree {
			return fmt.Errorf("item %d: statement %d %s best-agree %v, want %d %s %v", i, r.Statement, r.Direction, r.BestAgree, w.Tid, w.RepfulFor, w.BestAgree)
		}
		vals := [][2]float64{{r.NSuccess, w.NSuccess}, {r.NTrials, w.NTrials}, {r.PSuccess, w.PSuccess}, {r.PTest, w.PTest}, {r.Repness, w.Repness}, {r.NAgree, w.NAgree}}
		for k, v := range vals {
			if !near(v[0], v[1], 1e-9) {
				return fmt.Errorf("item %d (statement %d) value %d: %v, want %v", i, r.Statement, k, v[0], v[1])
			}
		}
		// Pol.is rounds repness-test to float32.
		if float32(r.RepnessTest) != float32(w.RepnessTest) && !near(r.RepnessTest, w.RepnessTest, 1e-9) {
			return fmt.Errorf("item %d (statement %d) repness-test %v, want %v", i, r.Statement, r.RepnessTest, w.RepnessTest)
		}
	}
	return nil
}

func sameConsensus(got []ConsensusStatement, want []goldenConsensus) error {
	if len(got) != len(want) {
		return fmt.Errorf("%d statements, want %d (%+v)", len(got), len(want), got)
	}
	for i, w := range want {
		c := got[i]
		if c.Statement != w.Tid || !near(c.NSuccess, w.NSuccess, 0) || !near(c.NTrials, w.NTrials, 0) ||
			!near(c.PSuccess, w.PSuccess, 1e-9) || !near(c.PTest, w.PTest, 1e-9) {
			return fmt.Errorf("item %d: %+v, want %+v", i, c, w)
		}
	}
	return nil
}

// votesSignFromCounts reports whether votes.json is in Pol.is's internal
// sign (agree = -1), as its README says, by comparing the vote counts with
// the agree_count and disagree_count of comments.json. The fixtures at
// hand turn out to use agree = +1.
func votesSignFromCounts(votes []Vote, comments []map[string]any) bool {
	plus := map[int64]int{}
	minus := map[int64]int{}
	for _, v := range votes {
		switch v.Value {
		case 1:
			plus[v.Statement]++
		case -1:
			minus[v.Statement]++
		}
	}
	agreeIsPlus, agreeIsMinus := 0, 0
	for _, o := range comments {
		id, ok := o["tid"].(float64)
		if !ok {
			id, ok = o["statement_id"].(float64)
		}
		a, okA := o["agree_count"].(float64)
		d, okD := o["disagree_count"].(float64)
		if !ok || !okA || !okD || a == d {
			continue
		}
		t := int64(id)
		if int(a) == plus[t] && int(d) == minus[t] {
			agreeIsPlus++
		}
		if int(a) == minus[t] && int(d) == plus[t] {
			agreeIsMinus++
		}
	}
	if agreeIsPlus == 0 && agreeIsMinus == 0 {
		return true // no counts: trust the README
	}
	return agreeIsMinus > agreeIsPlus
}
