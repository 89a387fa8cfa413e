package contribio_test

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"hash/crc32"
	"io"
	"strings"
	"testing"

	"github.com/plenary-org/plenary/internal/contribio"
	"github.com/plenary-org/plenary/internal/store/storetest"
	"github.com/xuri/excelize/v2"
)

// goodWorkbook returns an XLSX file of n valid contribution rows.
func goodWorkbook(t *testing.T, n int) []byte {
	t.Helper()
	x := excelize.NewFile()
	defer x.Close()
	sheet := x.GetSheetName(0)
	if err := x.SetSheetRow(sheet, "A1", &[]string{"kind", "title", "text"}); err != nil {
		t.Fatal(err)
	}
	for i := range n {
		if err := x.SetSheetRow(sheet, fmt.Sprintf("A%d", i+2), &[]string{"recommendation", fmt.Sprintf("Title %d", i), "Protect migrant workers."}); err != nil {
			t.Fatal(err)
		}
	}
	var b bytes.Buffer
	if err := x.Write(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// rezip copies a ZIP archive, passing each entry's content through edit,
// and, when badCRC is set, recording a wrong checksum for the edited entry.
func rezip(t *testing.T, data []byte, name string, edit func([]byte) []byte, badCRC bool) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	found := false
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if f.Name != name {
			w, err := zw.Create(f.Name)
			if err != nil {
				t.Fatal(err)
			}
			w.Write(body)
			continue
		}
		found = true
		body = edit(body)
		sum := crc32.ChecksumIEEE(body)
		if badCRC {
			sum++
		}
		w, err := zw.CreateRaw(&zip.FileHeader{Name: f.Name, Method: zip.Store, CRC32: sum,
			CompressedSize64: uint64(len(body)), UncompressedSize64: uint64(len(body))})
		if err != nil {
			t.Fatal(err)
		}
		w.Write(body)
	}
	if !found {
		t.Fatalf("no %s in the workbook", name)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// TestDamagedWorkbookIsRefusedWhole builds damaged copies of a good
// workbook (its worksheet cut at a row boundary, or stored with a wrong
// checksum, each inside a valid ZIP) and checks that the import refuses
// the whole file instead of reading the rows before the damage.
func TestDamagedWorkbookIsRefusedWhole(t *testing.T) {
	db := storetest.Open(t)
	s := newSetup(t, db)
	ctx := context.Background()
	good := goodWorkbook(t, 40)
	const sheet = "xl/worksheets/sheet1.xml"
	cut := func(b []byte) []byte {
		s := string(b)
		i := 0
		for range 20 {
			i += strings.Index(s[i:], "</row>") + len("</row>")
		}
		return []byte(s[:i])
	}
	tests := []struct {
		name string
		file []byte
		rows int
		want string
	}{
		{"good", good, 40, ""},
		{"good, rezipped", rezip(t, good, sheet, func(b []byte) []byte { return b }, false), 40, ""},
		{"worksheet cut at a row boundary", rezip(t, good, sheet, cut, false), 0, "0//error.io_xlsx_damaged"},
		{"worksheet with a wrong checksum", rezip(t, good, sheet, func(b []byte) []byte { return b }, true), 0, "0//error.io_xlsx_damaged"},
		{"shared strings cut", rezip(t, good, "xl/sharedStrings.xml", func(b []byte) []byte { return b[:len(b)/2] }, false), 0, "0//error.io_xlsx_damaged"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, problems, err := contribio.Read(ctx, contribio.XLSX, bytes.NewReader(tt.file), db, contribio.Options{MeetingID: s.meeting})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, p := range problems {
				got = append(got, problem(p))
			}
			if len(rows) != tt.rows || strings.Join(got, " ") != tt.want {
				t.Fatalf("%d rows, problems %q (%v); want %d rows and %q", len(rows), got, problems, tt.rows, tt.want)
			}
		})
	}
}

// TestReadRefusesControlCharacters: a cell holding NUL or another control
// character is a problem of its row and column, in every format, and
// nothing is imported; CR LF inside a cell is read as LF.
func TestReadRefusesControlCharacters(t *testing.T) {
	db := storetest.Open(t)
	s := newSetup(t, db)
	ctx := context.Background()
	tests := []struct {
		name   string
		format contribio.Format
		file   string
		want   string
	}{
		{"CSV with NUL", contribio.CSV, "kind,title,text\nrecommendation,T,a\x00b\n", "2/text/error.control_char"},
		{"CSV with an escape", contribio.CSV, "kind,title,text\nrecommendation,\x1b[1mT,b\n", "2/title/error.control_char"},
		{"JSON with NUL", contribio.JSON, `[{"kind":"recommendation","title":"T","text":"a\u0000b"}]`, "1/text/error.control_char"},
		{"CSV with CR LF in a cell", contribio.CSV, "kind,title,text\r\nrecommendation,T,\"one\r\ntwo\"\r\n", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, problems, err := contribio.Read(ctx, tt.format, strings.NewReader(tt.file), db, contribio.Options{MeetingID: s.meeting})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, p := range problems {
				got = append(got, problem(p))
			}
			if strings.Join(got, " ") != tt.want {
				t.Fatalf("problems %q, want %q", got, tt.want)
			}
			if tt.want == "" && (len(rows) != 1 || rows[0].Contribution.Text != "one\ntwo") {
				t.Fatalf("rows %+v", rows)
			}
		})
	}
}
