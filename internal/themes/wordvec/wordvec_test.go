package wordvec

import (
	"math"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/plenary-org/plenary/internal/themes/dict"
)

const sample = `{"precision":8,"l2NormIndex":3,"wordIndex":4,"size":3,"dimensions":3,
"words":["the","card","déjà"],
"vectors":{"the":[1,0,0,1,0],"card":[0,3,4,5,1],"d\u00e9j\u00e0":[-2,0,0,2,2],"zero":[0,0,0,0,3]},
"unkVector":[0,0,0,0,-1]}`

func TestRead(t *testing.T) {
	v, err := Read(strings.NewReader(sample), 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	if v.Dims() != 3 || v.Len() != 3 {
		t.Fatalf("dims %d, words %d; want 3 and 3 (the zero vector left out)", v.Dims(), v.Len())
	}
	tests := []struct {
		word string
		want []float32
	}{
		{"the", []float32{1, 0, 0}},
		{"card", []float32{0, 0.6, 0.8}},
		{"déjà", []float32{-1, 0, 0}},
		{"zero", nil},
		{"unknown", nil},
	}
	for _, tt := range tests {
		got := v.Vector(tt.word)
		if len(got) != len(tt.want) {
			t.Errorf("%s: %v, want %v", tt.word, got, tt.want)
			continue
		}
		for i := range got {
			if math.Abs(float64(got[i]-tt.want[i])) > 1e-6 {
				t.Errorf("%s: %v, want %v", tt.word, got, tt.want)
				break
			}
		}
	}
	if v, err := Read(strings.NewReader(sample), 1, nil); err != nil || v.Len() != 1 || v.Vector("card") != nil {
		t.Errorf("maxWords 1: %v words, err %v; want the first word only", v.Len(), err)
	}
	// Wanted words only: "the" is skipped unparsed, "card" kept; "déjà"
	// is the third word, beyond maxWords 2.
	v, err = Read(strings.NewReader(sample), 2, func(w string) bool { return w != "the" })
	if err != nil || v.Len() != 1 || v.Vector("card") == nil || v.Vector("the") != nil {
		t.Errorf("wanted: %d words (%v); want card alone", v.Len(), err)
	}
}

func TestReadRefuses(t *testing.T) {
	tests := []struct {
		name, in, want string
		skipAll        bool // want no word: every vector skipped unparsed
	}{
		{"empty", ``, "unexpected EOF", false},
		{"not an object", `[1]`, "want '{'", false},
		{"no vectors", `{"dimensions":3}`, `no "vectors"`, false},
		{"vectors first", `{"vectors":{"a":[1,2,3]},"dimensions":3}`, `"vectors" before "dimensions"`, false},
		{"bad dimensions", `{"dimensions":0.5,"vectors":{}}`, "dimensions", false},
		{"huge dimensions", `{"dimensions":100000,"vectors":{}}`, "dimensions", false},
		{"short vector", `{"dimensions":3,"vectors":{"a":[1,2]}}`, "2 numbers", false},
		{"bad number", `{"dimensions":3,"vectors":{"a":[1,2,x]}}`, "bad number", false},
		{"truncated", `{"dimensions":3,"vectors":{"a":[1,2,3],"b":[1,`, "unexpected EOF", false},
		{"no words", `{"dimensions":3,"vectors":{}}`, "no word vectors", false},
		{"unwanted truncated", `{"dimensions":3,"vectors":{"a":[1,2`, "unexpected EOF", true},
		{"unwanted not numbers", `{"dimensions":3,"vectors":{"a":[1,"x"]}}`, "want a number", true},
		{"none wanted", `{"dimensions":3,"vectors":{"a":[1,2,3]}}`, "no word vectors", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var want func(string) bool
			if tt.skipAll {
				want = func(string) bool { return false }
			}
			_, err := Read(strings.NewReader(tt.in), 0, want)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want one containing %q", err, tt.want)
			}
		})
	}
}

func FuzzRead(f *testing.F) {
	f.Add(sample)
	f.Add(`{"dimensions":2,"vectors":{"a":[1e3,-2.5e-1]}}`)
	f.Add(`{"x":[{"y":"\"}"},true,null],"dimensions":1,"vectors":{"a":[1]}}`)
	f.Fuzz(func(t *testing.T, in string) {
		v, err := Read(strings.NewReader(in), 0, nil)
		if err != nil {
			return
		}
		for w := range v.index {
			vec := v.Vector(w)
			if len(vec) != v.Dims() {
				t.Fatalf("%q: %d numbers, want %d", w, len(vec), v.Dims())
			}
			var n float64
			for _, x := range vec {
				n += float64(x) * float64(x)
			}
			if math.Abs(n-1) > 1e-3 {
				t.Fatalf("%q: norm² %v, want 1", w, n)
			}
		}
	})
}

// TestLoadInstalled reads the installed package, when there is one.
func TestLoadInstalled(t *testing.T) {
	p := Find(dict.SearchPath(os.Getenv))
	if p == "" {
		t.Skipf("skipping: %s not installed (%s)", Package, Install)
	}
	start := time.Now()
	v, err := Load(p, DefaultWords, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d words of %d dimensions in %v", v.Len(), v.Dims(), time.Since(start))
	if v.Len() != DefaultWords || v.Dims() != 100 {
		t.Fatalf("%d words of %d dimensions, want %d of 100", v.Len(), v.Dims(), DefaultWords)
	}
	sim := func(a, b string) float64 {
		x, y := v.Vector(a), v.Vector(b)
		if x == nil || y == nil {
			t.Fatalf("%q or %q missing", a, b)
		}
		var s float64
		for i := range x {
			s += float64(x[i]) * float64(y[i])
		}
		return s
	}
	if !(sim("migrants", "refugees") > sim("migrants", "banana")) {
		t.Errorf("migrants~refugees %.2f not above migrants~banana %.2f", sim("migrants", "refugees"), sim("migrants", "banana"))
	}
}
