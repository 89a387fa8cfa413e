package locale

import (
	"math"
	"sync"
	"testing"
)

// TestNumberReadsAsTheLanguageWritesIt: separators follow the language,
// Arabic keeps the digits 0-9, and odd values never print garbage.
func TestNumberReadsAsTheLanguageWritesIt(t *testing.T) {
	t.Parallel()
	c := MustLoad()
	for _, tc := range []struct {
		lang string
		in   float64
		want string
	}{
		{"en", 1234567.891, "1,234,567.89"},
		{"fr", 1234.5, "1\u00a0234,5"},
		{"es", 1234.5, "1.234,5"},
		{"es", 12345.5, "12.345,5"},
		{"ru", 1234.5, "1\u00a0234,5"},
		{"zh", 1234.5, "1,234.5"},
		{"ar", 1234.5, "1,234.5"},
		{"en", 0, "0"},
		{"ar", 999, "999"},
		{"fr", 999.5, "999,5"},
		{"ru", 1000, "1\u00a0000"},
		{"en", -0.001, "0"},
		{"en", -12, "-12"},
		{"en", 2.0 / 3, "0.67"},
		{"en", 1e300, "1e+300"},
		{"en", math.NaN(), ""},
		{"en", math.Inf(-1), ""},
	} {
		if got := c.Printer(tc.lang).Number(tc.in); got != tc.want {
			t.Errorf("%s Number(%v) = %q, want %q", tc.lang, tc.in, got, tc.want)
		}
	}
	if got := c.Printer("en").Percent(0.456); got != "45.6%" {
		t.Errorf("Percent(0.456) = %q", got)
	}
	if got := c.Printer("fr").Percent(0.5); got != "50\u00a0%" {
		t.Errorf("fr Percent(0.5) = %q", got)
	}
}

// TestNumberIsSafeInParallel: pages format numbers from many requests.
func TestNumberIsSafeInParallel(t *testing.T) {
	t.Parallel()
	c := MustLoad()
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p := c.Printer(Languages[i%len(Languages)].Code)
			for j := range 200 {
				if p.Number(float64(j)) == "" {
					t.Error("empty")
					return
				}
			}
		}()
	}
	wg.Wait()
}
