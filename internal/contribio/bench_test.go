package contribio_test

import (
	"bytes"
	"context"
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/plenary-org/plenary/internal/contribio"
	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/loadgen"
	"github.com/plenary-org/plenary/internal/store/storetest"
)

// tenThousand returns n contributions made from the fixture's eight (all
// kinds, six languages, translations, tags), each with a title and text
// of its own and without an ID, as a secretariat's spreadsheet would have.
func tenThousand(s *setup, n int) []*domain.Contribution {
	base := s.contributions()
	out := make([]*domain.Contribution, n)
	for i := range out {
		c := *base[i%len(base)]
		c.Title = fmt.Sprintf("%s (%d)", c.Title, i+1)
		c.Text = fmt.Sprintf("%s %s Input %d from the regional consultations.", c.Text, c.Text, i+1)
		c.CreatedAt = c.CreatedAt.Add(time.Duration(i) * time.Second)
		c.Translations = append([]domain.Translation(nil), c.Translations...)
		out[i] = &c
	}
	return out
}

// BenchmarkImportXLSX10k reads, checks and stores a workbook of 10,000
// contributions into a fresh database (SQLite, or PostgreSQL when
// PLENARY_TEST_DATABASE_URL is set). Target: under 10 s.
//
//	go test ./internal/contribio/ -run XXX -bench ImportXLSX10k -benchtime 1x
func BenchmarkImportXLSX10k(b *testing.B) {
	ctx := context.Background()
	gen := storetest.Open(b)
	s := newSetup(b, gen)
	fresh := snapshot(b, gen)
	var file bytes.Buffer
	if err := contribio.Write(ctx, &file, contribio.XLSX, tenThousand(s, 10000), gen); err != nil {
		b.Fatal(err)
	}
	var read, create, cpu time.Duration
	for b.Loop() {
		b.StopTimer()
		db := fresh()
		b.StartTimer()
		cpu0 := loadgen.ProcessCPU()
		t0 := time.Now()
		rows, problems, err := contribio.Read(ctx, contribio.XLSX, bytes.NewReader(file.Bytes()), db, contribio.Options{})
		if err != nil || len(problems) > 0 || len(rows) != 10000 {
			b.Fatalf("%d rows, %v, %v", len(rows), problems[:min(len(problems), 5)], err)
		}
		t1 := time.Now()
		if err := contribio.Create(ctx, db, rows); err != nil {
			b.Fatal(err)
		}
		read += t1.Sub(t0)
		create += time.Since(t1)
		cpu += loadgen.ProcessCPU() - cpu0
	}
	b.ReportMetric(float64(file.Len())/(1<<20), "MB/file")
	b.ReportMetric(read.Seconds()/float64(b.N), "s-read+check/op")
	b.ReportMetric(create.Seconds()/float64(b.N), "s-store/op")
	b.ReportMetric(cpu.Seconds()/float64(b.N), "s-cpu/op")
}

// BenchmarkImportCSV100k reads, checks and stores a CSV file of 100,000
// contributions (as BenchmarkImportXLSX10k makes them) into a fresh
// database, the way `plenary import contributions` does, and reports rows
// a second and the heap in use at its peak (SQLite, or PostgreSQL when
// PLENARY_TEST_DATABASE_URL is set). Target: 20,000 rows/s.
//
//	go test ./internal/contribio/ -run XXX -bench ImportCSV100k -benchtime 1x
func BenchmarkImportCSV100k(b *testing.B) {
	const n = 100000
	ctx := context.Background()
	gen := storetest.Open(b)
	s := newSetup(b, gen)
	fresh := snapshot(b, gen)
	var file bytes.Buffer
	if err := contribio.Write(ctx, &file, contribio.CSV, tenThousand(s, n), gen); err != nil {
		b.Fatal(err)
	}
	opts := contribio.Options{MaxRows: n, MaxBytes: int64(file.Len()) + 1}
	var total, read, cpu time.Duration
	var peak uint64
	for b.Loop() {
		b.StopTimer()
		db := fresh()
		runtime.GC()
		stop := watchHeap(&peak)
		b.StartTimer()
		cpu0 := loadgen.ProcessCPU()
		t0 := time.Now()
		rows, problems, err := contribio.Read(ctx, contribio.CSV, bytes.NewReader(file.Bytes()), db, opts)
		if err != nil || len(problems) > 0 || len(rows) != n {
			b.Fatalf("%d rows, %v, %v", len(rows), problems[:min(len(problems), 5)], err)
		}
		read += time.Since(t0)
		if err := contribio.Create(ctx, db, rows); err != nil {
			b.Fatal(err)
		}
		total += time.Since(t0)
		cpu += loadgen.ProcessCPU() - cpu0
		stop()
	}
	b.ReportMetric(float64(file.Len())/(1<<20), "MB/file")
	b.ReportMetric(float64(n*b.N)/total.Seconds(), "rows/s")
	b.ReportMetric(read.Seconds()/float64(b.N), "s-read+check/op")
	b.ReportMetric(float64(peak)/(1<<20), "MiB-peak-heap")
	// On a busy machine the wall clock counts other people's work too:
	// rows a second of this process's processor time (PostgreSQL's own
	// work is not in it) say what the import costs.
	b.ReportMetric(float64(n*b.N)/cpu.Seconds(), "rows/cpu-s")
}

// watchHeap samples the heap in use every 20 ms into peak until stop.
func watchHeap(peak *uint64) (stop func()) {
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			*peak = max(*peak, ms.HeapInuse)
			select {
			case <-done:
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	}()
	return func() { close(done); <-finished }
}
