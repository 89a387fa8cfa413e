package agenda

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

const seedPath = "testdata/000_e6af97edc075e991.txt"

func readFile(t testing.TB, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func mustParse(t *testing.T, src string) *Meeting {
	t.Helper()
	m, err := ParseBytes([]byte(src))
	if err != nil {
		t.Fatalf("ParseBytes: %v\n%s", err, src)
	}
	return m
}

// golden compares got with the golden file, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want := readFile(t, path)
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the output; rerun with -update and review the diff\ngot:\n%s", path, got)
	}
}

// assertRoundTrip checks that rendering m and parsing the result gives m.
func assertRoundTrip(t *testing.T, m *Meeting) {
	t.Helper()
	md := m.Markdown()
	back, err := ParseBytes(md)
	if err != nil {
		t.Fatalf("parsing the rendered agenda: %v\n%s", err, md)
	}
	if !reflect.DeepEqual(m, back) {
		a, _ := json.MarshalIndent(m, "", " ")
		b, _ := json.MarshalIndent(back, "", " ")
		t.Fatalf("round trip changed the meeting\nrendered:\n%s\nbefore:\n%s\nafter:\n%s", md, a, b)
	}
}

func TestSeedGolden(t *testing.T) {
	m, err := Parse(bytes.NewReader(readFile(t, seedPath)))
	if err != nil {
		t.Fatal(err)
	}
	j, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "seed.golden.json", append(j, '\n'))
	golden(t, "seed.golden.md", m.Markdown())
	assertRoundTrip(t, m)
}
