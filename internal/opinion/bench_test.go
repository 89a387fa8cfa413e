package opinion

import (
	"runtime"
	"slices"
	"syscall"
	"testing"
	"time"
)

// benchCase is one size of the figures.
type benchCase struct {
	name                              string
	participants, statements, perUser int
}

// The sizes: 100k x 1k x 10M votes, 1M x 2k x 50M votes, and a
// breakout room of 50 x 40.
var (
	benchBreakout = benchCase{"breakout-50x40", 50, 40, 30}
	bench100k     = benchCase{"100k-x-1k-10M", 100_000, 1000, 100}
	bench1M       = benchCase{"1M-x-2k-50M", 1_000_000, 2000, 50}
)

func benchVotes(b *testing.B, c benchCase) ([]Vote, []int) {
	b.Helper()
	v, p, err := Synthesize(SynthConfig{Participants: c.participants, Statements: c.statements, Groups: 4,
		GroupWeights: []float64{4, 3, 2, 1}, VotesPerParticipant: c.perUser, Noise: 0.2, PassRate: 0.1, Consensus: 0.2, Seed: 42})
	if err != nil {
		b.Fatal(err)
	}
	return v, p
}

// cpuTime is the process's user plus system CPU time: under load from
// other processes it is steadier than wall time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// peakRSS is the process's peak resident set size in bytes.
func peakRSS() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return float64(ru.Maxrss) * 1024
}

// runBench times building the matrix and analysing it, separately, and
// reports the peak heap seen by a sampler and the process's peak RSS
// (which includes the generated votes).
func runBench(b *testing.B, c benchCase, opts Options) {
	sample := c.participants > 10_000 // ReadMemStats stops the world: only for the large runs
	votes, planted := benchVotes(b, c)
	runtime.GC()
	var base runtime.MemStats
	runtime.ReadMemStats(&base)
	stop := make(chan struct{})
	peak := make(chan uint64)
	go func() {
		var ms runtime.MemStats
		var p uint64
		t := time.NewTicker(100 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-stop:
				peak <- p
				return
			case <-t.C:
				if !sample {
					continue
				}
				runtime.ReadMemStats(&ms)
				p = max(p, ms.HeapAlloc)
			}
		}
	}()
	b.ReportAllocs()
	b.ResetTimer()
	var build, analyze time.Duration
	var res *Result
	cpu0 := cpuTime()
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		m, err := NewMatrix(votes)
		if err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		res, err = Analyze(m, opts)
		if err != nil {
			b.Fatal(err)
		}
		build += t1.Sub(t0)
		analyze += time.Since(t1)
	}
	b.StopTimer()
	cpu := cpuTime() - cpu0
	close(stop)
	p := <-peak
	b.ReportMetric(build.Seconds()/float64(b.N), "build-s/op")
	b.ReportMetric(analyze.Seconds()/float64(b.N), "analyze-s/op")
	b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/op")
	b.ReportMetric(float64(p-min(p, base.HeapAlloc))/(1<<20), "peak-heap-MiB")
	b.ReportMetric(float64(base.HeapAlloc)/(1<<20), "votes-heap-MiB")
	b.ReportMetric(peakRSS()/(1<<20), "peak-rss-MiB")
	b.ReportMetric(float64(len(res.Groups)), "groups")
	b.ReportMetric(plantedARI(res, planted), "planted-ARI")
	if res.Stability != nil {
		b.ReportMetric(float64(res.Stability.Resamples), "resamples")
	}
	b.ReportMetric(float64(res.PCA.Iterations), "matvecs")
}

func BenchmarkBreakoutPlenary(b *testing.B) { runBench(b, benchBreakout, Options{}) }
func BenchmarkBreakoutPolis(b *testing.B)   { runBench(b, benchBreakout, Options{Mode: ModePolis}) }

// Run the large ones once each: go test -run '^$' -bench 'Large' -benchtime 1x
func BenchmarkLarge100kPlenary(b *testing.B) { runBench(b, bench100k, Options{}) }
func BenchmarkLarge100kPlenaryNoBootstrap(b *testing.B) {
	runBench(b, bench100k, Options{Bootstrap: -1})
}
func BenchmarkLarge100kPolis(b *testing.B) { runBench(b, bench100k, Options{Mode: ModePolis}) }
func BenchmarkLarge1MPlenary(b *testing.B) { runBench(b, bench1M, Options{}) }

func BenchmarkBreakoutPlenaryNoBootstrap(b *testing.B) {
	runBench(b, benchBreakout, Options{Bootstrap: -1})
}

// BenchmarkLarge100kIncremental times a Conversation update after a burst
// of 1,000 new votes on the 100k room, against the full analysis above.
func BenchmarkLarge100kIncremental(b *testing.B) { benchIncremental(b, Options{}) }

// BenchmarkLarge100kIncrementalNoBootstrap is the live-screen case:
// groups and lists on every burst, stability computed separately.
func BenchmarkLarge100kIncrementalNoBootstrap(b *testing.B) {
	benchIncremental(b, Options{Bootstrap: -1})
}

func benchIncremental(b *testing.B, opts Options) {
	votes, _ := benchVotes(b, bench100k)
	burst := 1000
	conv := NewConversation(opts)
	if err := conv.Add(votes[:len(votes)-burst]...); err != nil {
		b.Fatal(err)
	}
	if _, err := conv.Result(); err != nil {
		b.Fatal(err)
	}
	cold := conv.Products()
	b.ResetTimer()
	var cpu time.Duration
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		// The same state for every iteration.
		// A long-lived conversation has the previous matrix's cell arrays
		// to reuse (already in memory): give this copy its own.
		c := &Conversation{opts: conv.opts, m: conv.m, times: conv.times, comps: conv.comps, compIDs: conv.compIDs, acc: conv.acc.clone(),
			spareCol: slices.Grow(slices.Clone(conv.m.col), burst), spareVal: slices.Grow(slices.Clone(conv.m.val), burst), spareTimes: slices.Grow(slices.Clone(conv.times), burst)}
		// The copies' garbage is collected outside the timing.
		runtime.GC()
		b.StartTimer()
		cpu0 := cpuTime()
		if err := c.Add(votes[len(votes)-burst:]...); err != nil {
			b.Fatal(err)
		}
		if _, err := c.Result(); err != nil {
			b.Fatal(err)
		}
		cpu += cpuTime() - cpu0
		b.ReportMetric(float64(c.Products()), "matvecs")
	}
	b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/op")
	b.ReportMetric(float64(cold), "cold-matvecs")
}
