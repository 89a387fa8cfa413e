package store

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"runtime"
	"strings"
	"testing"
)

// gzipped compresses a header line followed by what body writes.
func gzipped(t *testing.T, body func(w io.Writer) error) []byte {
	t.Helper()
	var b bytes.Buffer
	zw, err := gzip.NewWriterLevel(&b, gzip.BestCompression)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(zw, `{"format":%q,"schema_version":1,"engine":"sqlite","created_at":"2026-01-01T00:00:00Z"}`+"\n", DumpFormat)
	if err := body(zw); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// repeatByte writes n bytes c.
func repeatByte(w io.Writer, c byte, n int) error {
	chunk := bytes.Repeat([]byte{c}, 1<<20)
	for ; n > 0; n -= len(chunk) {
		if _, err := w.Write(chunk[:min(n, len(chunk))]); err != nil {
			return err
		}
	}
	return nil
}

// allocated returns the bytes allocated while f ran.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// TestRestoreMemoryIsBounded reads archives made to exhaust memory, a
// small file holding a huge run of blank lines and one holding a line
// longer than any row, and checks that the reader refuses each clearly
// while allocating a bounded amount: blank lines are skipped as they
// stream by, and a line is given up once it passes the limit.
func TestRestoreMemoryIsBounded(t *testing.T) {
	blankRun := 256 << 20
	if testing.Short() {
		blankRun = 32 << 20
	}
	tests := []struct {
		name     string
		data     []byte
		maxLine  int
		want     string
		maxAlloc uint64
	}{
		{"blank lines", gzipped(t, func(w io.Writer) error { return repeatByte(w, '\n', blankRun) }), MaxDumpLine,
			"last line (the row counts) is missing", 4 << 20},
		{"blank lines, then a row", gzipped(t, func(w io.Writer) error {
			if err := repeatByte(w, '\n', blankRun); err != nil {
				return err
			}
			_, err := io.WriteString(w, `{"t":"nope","r":{}}`+"\n")
			return err
		}), MaxDumpLine, fmt.Sprintf(`(line %d): unknown table "nope"`, blankRun+2), 4 << 20},
		{"a line longer than a row may be", gzipped(t, func(w io.Writer) error { return repeatByte(w, 'a', MaxDumpLine+(8<<20)) }), MaxDumpLine,
			"(line 2): the line is longer than 32 MiB", 3 * MaxDumpLine},
		{"a line over a small limit", gzipped(t, func(w io.Writer) error { return repeatByte(w, ' ', 1<<20) }), 64 << 10,
			"", 4 << 20}, // blank, however long
		{"a row over a small limit", gzipped(t, func(w io.Writer) error {
			_, err := io.WriteString(w, `{"t":"users","r":{"name":"`+strings.Repeat("x", 1<<20)+`"}}`+"\n")
			return err
		}), 64 << 10, "(line 2): the line is longer than 64 KiB", 4 << 20},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var err error
			n := allocated(func() {
				var a *archiveReader
				a, err = readArchiveMax(bytes.NewReader(tt.data), tt.maxLine)
				for err == nil {
					var tab *dumpTable
					tab, _, err = a.next()
					if tab == nil && err == nil {
						break
					}
				}
			})
			if tt.want == "" {
				tt.want = "last line (the row counts) is missing"
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want one with %q", err, tt.want)
			}
			if n > tt.maxAlloc {
				t.Fatalf("allocated %d MiB reading a %d KiB archive, want at most %d MiB", n>>20, len(tt.data)>>10, tt.maxAlloc>>20)
			}
			t.Logf("%d KiB archive: %d KiB allocated: %v", len(tt.data)>>10, n>>10, err)
		})
	}
}
