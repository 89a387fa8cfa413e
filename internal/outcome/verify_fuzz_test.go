package outcome

import (
	"archive/zip"
	"bytes"
	"regexp"
	"slices"
	"testing"
)

// FuzzVerifyReading feeds arbitrary files to what Verify reads of a file
// before comparing it: the format it looks like and the hashes it names
// (in its bytes or inside a ZIP archive's parts). Neither may panic; the
// format is one of the four, and every hash named is 64 hexadecimal
// digits found in the file.
func FuzzVerifyReading(f *testing.F) {
	hash := "3f2a9c0177be0d12" + "3f2a9c0177be0d12" + "3f2a9c0177be0d12" + "3f2a9c0177be0d12"
	var zipped bytes.Buffer
	zw := zip.NewWriter(&zipped)
	w, _ := zw.Create("docProps/core.xml")
	w.Write([]byte("<dc:identifier>" + hash + "</dc:identifier>"))
	zw.Close()
	for _, seed := range [][]byte{nil, []byte("%PDF-1.7\n"), []byte("\xef\xbb\xbf <!DOCTYPE html><p>" + hash), []byte("# T\n\nContent hash: " + hash), zipped.Bytes(),
		zipped.Bytes()[:30], []byte("PK\x03\x04garbage"),
		[]byte("%PDF-1.7\n2 0 obj <</Subject<FEFF00330066>/Title<FEFF0>>> endobj")} {
		f.Add(seed)
	}
	hex := regexp.MustCompile(`^[0-9a-f]{64}$`)
	f.Fuzz(func(t *testing.T, data []byte) {
		if got := sniffFormat(data); !slices.Contains([]string{"pdf", "docx", "html", "md"}, got) {
			t.Fatalf("format %q", got)
		}
		for _, h := range namedHashes(data) {
			if !hex.MatchString(h) {
				t.Fatalf("hash %q", h)
			}
		}
	})
}
