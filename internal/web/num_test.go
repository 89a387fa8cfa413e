package web

import "testing"

// TestNumShowsWeightsShort: counts stay whole, weights of an equal say
// are rounded to two decimals without trailing zeros.
func TestNumShowsWeightsShort(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		in   float64
		want string
	}{
		{0, "0"}, {3, "3"}, {12, "12"}, {-2, "-2"},
		{0.5, "0.5"}, {1.25, "1.25"}, {1.0 / 3, "0.33"}, {5.0 / 3, "1.67"},
		{2.0 / 3 * 3, "2"}, {0.999, "1"}, {1.004, "1"}, {1.1, "1.1"},
	} {
		if got := num(c.in); got != c.want {
			t.Errorf("num(%v) = %q, want %q", c.in, got, c.want)
		}
	}
}
