package loadgen

import (
	"slices"
	"syscall"
	"time"
)

// Percentile returns the p-th percentile (0-100) of ds by the nearest
// rank, without reordering ds; 0 when ds is empty. The benchmarks that
// time requests themselves (dashboards, pages at 100,000 contributions)
// report their p50 and p99 with it.
func Percentile(ds []time.Duration, p int) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	i := (len(s)*p + 99) / 100
	return s[min(max(i-1, 0), len(s)-1)]
}

// Millis is d in milliseconds, to the microsecond, for a benchmark's
// reported metrics.
func Millis(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// ProcessCPU returns the processor time (user and system) this process has
// used so far: on a shared machine the difference across a piece of work
// says what it costs whatever else runs (a database server's own work is
// not in it). 0 where the system does not say.
func ProcessCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
