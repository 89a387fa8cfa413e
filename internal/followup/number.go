package followup

import (
	"strconv"
	"strings"
	"unicode"

	"github.com/plenary-org/plenary/internal/domain"
)

// ParseNumber reads a value as people type it in a form, in any of the six
// languages: digits with an optional sign, "." or "," as the decimal mark,
// and spaces, no-break spaces, apostrophes or (before a decimal point)
// commas grouping thousands: "2400", "2 400", "2,400.5", "2.400,5" (a
// comma decimal when the dot groups), "12,5", "-3", "١٢٣" (Arabic-Indic
// digits). A value that is not a finite number is an error for field.
func ParseNumber(field, s string) (float64, error) {
	bad := domain.Invalid(field, "followup.error_number", "must be a number such as 42 or 12.5")
	var b strings.Builder
	for _, r := range strings.TrimSpace(s) {
		switch {
		case r >= '0' && r <= '9', r == '-', r == '+', r == '.', r == ',':
			b.WriteRune(r)
		case r >= '٠' && r <= '٩':
			b.WriteRune('0' + (r - '٠'))
		case r >= '۰' && r <= '۹':
			b.WriteRune('0' + (r - '۰'))
		case r == '٫':
			b.WriteRune('.')
		case r == '٬', r == '\'', r == '’', unicode.IsSpace(r), r == '\u202f':
			// a thousands separator
		default:
			return 0, bad
		}
	}
	t := b.String()
	if t == "" || len(t) > 64 {
		return 0, bad
	}
	dot, comma := strings.Count(t, "."), strings.Count(t, ",")
	switch {
	case dot > 0 && comma > 0:
		// The later mark is the decimal one, the other groups.
		if strings.LastIndex(t, ",") > strings.LastIndex(t, ".") {
			t = strings.ReplaceAll(t, ".", "")
			t = strings.Replace(t, ",", ".", 1)
		} else {
			t = strings.ReplaceAll(t, ",", "")
		}
	case comma == 1:
		t = strings.Replace(t, ",", ".", 1)
	case comma > 1:
		t = strings.ReplaceAll(t, ",", "")
	case dot > 1:
		t = strings.ReplaceAll(t, ".", "")
	}
	v, err := strconv.ParseFloat(t, 64)
	if err != nil || !domain.Finite(v) {
		return 0, bad
	}
	return v, nil
}
