package opinion

import (
	"math"
	"reflect"
	"slices"
	"testing"
)

// sameResult compares two results: identical groups, members and lists,
// numbers within tol.
func sameResult(t *testing.T, got, want *Result, tol float64) {
	t.Helper()
	if len(got.Participants) != len(want.Participants) || len(got.Statements) != len(want.Statements) {
		t.Fatalf("%d participants, %d statements; want %d, %d", len(got.Participants), len(got.Statements), len(want.Participants), len(want.Statements))
	}
	for i, p := range got.Participants {
		w := want.Participants[i]
		if p.ID != w.ID || p.Group != w.Group || math.Abs(p.X-w.X) > tol || math.Abs(p.Y-w.Y) > tol {
			t.Fatalf("participant %d: %+v, want %+v", i, p, w)
		}
	}
	if len(got.Groups) != len(want.Groups) {
		t.Fatalf("%d groups, want %d", len(got.Groups), len(want.Groups))
	}
	for g := range got.Groups {
		if !slices.Equal(got.Groups[g].Members, want.Groups[g].Members) {
			t.Fatalf("group %d members differ", g)
		}
		a, b := got.Groups[g].Repness, want.Groups[g].Repness
		if len(a) != len(b) {
			t.Fatalf("group %d: %d representative statements, want %d", g, len(a), len(b))
		}
		for i := range a {
			if a[i].Statement != b[i].Statement || a[i].Direction != b[i].Direction || *a[i].Stability != *b[i].Stability {
				t.Fatalf("group %d repness %d: %+v, want %+v", g, i, a[i], b[i])
			}
		}
		if *got.Groups[g].Stability != *want.Groups[g].Stability {
			t.Fatalf("group %d stability %v, want %v", g, *got.Groups[g].Stability, *want.Groups[g].Stability)
		}
	}
	for i, s := range got.Statements {
		w := want.Statements[i]
		if s.ID != w.ID || s.Agree != w.Agree || s.Disagree != w.Disagree || s.Pass != w.Pass ||
			math.Abs(s.Priority-w.Priority) > tol*math.Max(1, w.Priority) || math.Abs(s.GroupInformedConsensus-w.GroupInformedConsensus) > 1e-15 {
			t.Fatalf("statement %d: %+v, want %+v", i, s, w)
		}
	}
}

func TestConversationMatchesFullAnalysis(t *testing.T) {
	votes, _ := synth(t, SynthConfig{Participants: 3000, Statements: 150, Groups: 4, VotesPerParticipant: 40, Noise: 0.2, PassRate: 0.1, Seed: 11})
	// Later votes that change earlier ones, and newcomers.
	extra, _ := synth(t, SynthConfig{Participants: 3100, Statements: 160, Groups: 4, VotesPerParticipant: 3, Noise: 0.2, Seed: 12})
	for i := range extra {
		extra[i].Time = 1
	}
	conv := NewConversation(Options{Bootstrap: 8})
	cut := len(votes) * 9 / 10
	if err := conv.Add(votes[:cut]...); err != nil {
		t.Fatal(err)
	}
	if _, err := conv.Result(); err != nil {
		t.Fatal(err)
	}
	cold := conv.Products()
	all := slices.Clone(votes[:cut])
	rest := append(slices.Clone(votes[cut:]), extra...)
	for len(rest) > 0 {
		n := min(len(rest), 4000)
		if err := conv.Add(rest[:n]...); err != nil {
			t.Fatal(err)
		}
		all = append(all, rest[:n]...)
		rest = rest[n:]
		got, err := conv.Result()
		if err != nil {
			t.Fatal(err)
		}
		want, err := AnalyzeVotes(all, Options{Bootstrap: 8})
		if err != nil {
			t.Fatal(err)
		}
		sameResult(t, got, want, 1e-8)
		t.Logf("burst of %d votes: %d products (cold start: %d, full analysis: %d)", n, conv.Products(), cold, want.PCA.Iterations)
	}
	// No new votes: the cached result.
	a, _ := conv.Result()
	b, _ := conv.Result()
	if a != b {
		t.Error("an unchanged conversation was analysed again")
	}
}

func TestConversationMergeKeepsLatestVote(t *testing.T) {
	conv := NewConversation(Options{})
	if err := conv.Add(Vote{Participant: 2, Statement: 5, Value: Agree, Time: 10}); err != nil {
		t.Fatal(err)
	}
	_ = conv.Matrix()
	if err := conv.Add(
		Vote{Participant: 2, Statement: 5, Value: Disagree, Time: 5}, // older: ignored
		Vote{Participant: 1, Statement: 7, Value: Pass, Time: 1},
		Vote{Participant: 2, Statement: 3, Value: Disagree, Time: 11},
	); err != nil {
		t.Fatal(err)
	}
	got := conv.Matrix().Votes()
	want, _ := NewMatrix([]Vote{
		{Participant: 2, Statement: 5, Value: Agree, Time: 10},
		{Participant: 2, Statement: 5, Value: Disagree, Time: 5},
		{Participant: 1, Statement: 7, Value: Pass, Time: 1},
		{Participant: 2, Statement: 3, Value: Disagree, Time: 11},
	})
	if !slices.Equal(got, want.Votes()) {
		t.Fatalf("merged %+v, want %+v", got, want.Votes())
	}
	if err := conv.Add(Vote{Value: 3}); err == nil {
		t.Error("vote value 3 accepted")
	}
}

// TestCoaccFollowsBursts checks that the pair sums a Conversation updates
// for the rows that change equal the sums built from scratch, after bursts
// with newcomers, revised votes and new statements whose ids sort before,
// between and after the old ones (so old columns move), and that the Gram
// matrix they give is the one of the sparse operator.
func TestCoaccFollowsBursts(t *testing.T) {
	votes, _ := synth(t, SynthConfig{Participants: 400, Statements: 80, Groups: 3, VotesPerParticipant: 30, Noise: 0.2, PassRate: 0.1, Seed: 5})
	for i := range votes {
		votes[i].Statement = 10 * (votes[i].Statement + 1) // room for new ids in between
	}
	conv := NewConversation(Options{Bootstrap: -1})
	if err := conv.Add(votes...); err != nil {
		t.Fatal(err)
	}
	if _, err := conv.Result(); err != nil {
		t.Fatal(err)
	}
	if conv.acc == nil {
		t.Fatal("pair sums not kept for a small room")
	}
	bursts := [][]Vote{
		// Revised votes (later time) of existing participants.
		{{Participant: 3, Statement: 10, Value: Disagree, Time: 5}, {Participant: 3, Statement: 20, Value: Agree, Time: 5}, {Participant: 7, Statement: 10, Value: Pass, Time: 5}},
		// Newcomers on old statements.
		{{Participant: 1000, Statement: 10, Value: Agree}, {Participant: 1000, Statement: 30, Value: Disagree}, {Participant: 1001, Statement: 800, Value: Agree}},
		// New statements before, between and after the old ones.
		{{Participant: 0, Statement: 1, Value: Agree, Time: 6}, {Participant: 2, Statement: 15, Value: Disagree, Time: 6}, {Participant: 1002, Statement: 9999, Value: Pass}, {Participant: 5, Statement: 15, Value: Agree, Time: 6}},
		// An older vote that must not replace a newer one.
		{{Participant: 3, Statement: 10, Value: Agree, Time: 1}},
	}
	for b, burst := range bursts {
		if err := conv.Add(burst...); err != nil {
			t.Fatal(err)
		}
		m := conv.Matrix()
		want := newCoacc(m)
		if conv.acc.d != want.d || !slices.Equal(conv.acc.e, want.e) {
			t.Fatalf("burst %d: pair sums differ from a rebuild", b)
		}
		excluded, _ := excludedColumns(m, Options{}, true)
		use := make([]bool, m.Cols())
		for c := range use {
			use[c] = !excluded[c]
		}
		center := columnMeans(m, excluded, nil)
		g := conv.acc.gram(center, use)
		ref := newCentred(m, center, use, nil).gram()
		for i := range g {
			if math.Abs(g[i]-ref[i]) > 1e-9*math.Max(1, math.Abs(ref[i])) {
				t.Fatalf("burst %d: Gram entry %d = %v, want %v", b, i, g[i], ref[i])
			}
		}
	}
}

// TestConversationBursts feeds bursts of each kind and compares each
// update with a full analysis of all the votes: the same groups, members
// and lists, and bit for bit the result of the same engine run from
// scratch on the merged matrix.
func TestConversationBursts(t *testing.T) {
	base, _ := synth(t, SynthConfig{Participants: 900, Statements: 60, Groups: 2, VotesPerParticipant: 30, Noise: 0.1, PassRate: 0.1, Seed: 21})
	// A third camp that joins later: new participants who vote on new
	// statements against both groups.
	camp, _ := synth(t, SynthConfig{Participants: 500, Statements: 30, Groups: 1, VotesPerParticipant: 25, Noise: 0.05, Seed: 22})
	for i := range camp {
		camp[i].Participant += 5000
		camp[i].Statement += 1000
	}
	for p := int64(5000); p < 5500; p++ {
		for s := int64(0); s < 20; s++ {
			camp = append(camp, Vote{Participant: p, Statement: s, Value: Disagree})
		}
	}
	newcomers, _ := synth(t, SynthConfig{Participants: 50, Statements: 60, Groups: 2, VotesPerParticipant: 30, Noise: 0.1, Seed: 23})
	for i := range newcomers {
		newcomers[i].Participant += 2000
	}
	var changed []Vote
	for i := 0; i < len(base); i += 40 {
		v := base[i]
		v.Value = -v.Value
		v.Time = 10
		changed = append(changed, v)
	}
	var newStatements []Vote
	for p := int64(0); p < 900; p += 3 {
		newStatements = append(newStatements, Vote{Participant: p, Statement: 500 + p%4, Value: int8(p%3) - 1})
	}
	opts := Options{Bootstrap: 6}
	conv := NewConversation(opts)
	if err := conv.Add(base...); err != nil {
		t.Fatal(err)
	}
	first, err := conv.Result()
	if err != nil {
		t.Fatal(err)
	}
	all := slices.Clone(base)
	prev := first
	for _, b := range []struct {
		name  string
		votes []Vote
		check func(prev, got *Result) bool
	}{
		{"a third camp", camp, func(p, g *Result) bool { return len(g.Groups) != len(p.Groups) }},
		{"new participants", newcomers, func(p, g *Result) bool { return len(g.Participants) == len(p.Participants)+50 }},
		{"changed votes", changed, func(p, g *Result) bool { return len(g.Participants) == len(p.Participants) }},
		{"new statements", newStatements, func(p, g *Result) bool { return len(g.Statements) == len(p.Statements)+4 }},
	} {
		if err := conv.Add(b.votes...); err != nil {
			t.Fatal(err)
		}
		all = append(all, b.votes...)
		got, err := conv.Result()
		if err != nil {
			t.Fatal(err)
		}
		if !b.check(prev, got) {
			t.Fatalf("%s: the burst did not do what it is meant to test (%d groups before, %d after)", b.name, len(prev.Groups), len(got.Groups))
		}
		want, err := AnalyzeVotes(all, opts)
		if err != nil {
			t.Fatal(err)
		}
		sameResult(t, got, want, 1e-8)
		// Bit for bit the engine's result from scratch on the same votes.
		m, err := NewMatrix(all)
		if err != nil {
			t.Fatal(err)
		}
		o := opts
		o.acc = newCoacc(m)
		exact, err := Analyze(m, o)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, exact) {
			t.Fatalf("%s: the update differs from the same engine run on all the votes", b.name)
		}
		t.Logf("%s: %d participants, %d statements, %d groups", b.name, len(got.Participants), len(got.Statements), len(got.Groups))
		prev = got
	}
}

// TestConversationIndependentOfBursts: the same votes in one burst or in
// many give the same result, bit for bit.
func TestConversationIndependentOfBursts(t *testing.T) {
	votes, _ := synth(t, SynthConfig{Participants: 1200, Statements: 70, Groups: 3, VotesPerParticipant: 25, Noise: 0.2, PassRate: 0.1, Seed: 31})
	one := NewConversation(Options{Bootstrap: 4})
	if err := one.Add(votes...); err != nil {
		t.Fatal(err)
	}
	want, err := one.Result()
	if err != nil {
		t.Fatal(err)
	}
	many := NewConversation(Options{Bootstrap: 4})
	for i := 0; i < len(votes); i += 3000 {
		if err := many.Add(votes[i:min(i+3000, len(votes))]...); err != nil {
			t.Fatal(err)
		}
		if _, err := many.Result(); err != nil {
			t.Fatal(err)
		}
	}
	got, _ := many.Result()
	if !reflect.DeepEqual(got, want) {
		t.Fatal("bursts changed the result")
	}
}
