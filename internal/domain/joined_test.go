package domain

import (
	"maps"
	"testing"
	"unicode/utf8"
)

func TestParseJoined(t *testing.T) {
	tests := []struct {
		name, in string
		want     map[string]string
		bad      bool
	}{
		{"lines", "MX 1996\nCOL 2000-05-12\n", map[string]string{"MX": "1996", "CO": "2000-05-12"}, false},
		{"commas and lower case", "mx 1996, pa 1997-03", map[string]string{"MX": "1996", "PA": "1997-03"}, false},
		{"empty", " \n ", map[string]string{}, false},
		{"no date", "MX", nil, true},
		{"unknown code", "XX 1996", nil, true},
		{"bad date", "MX 1996-13-01", nil, true},
		{"year out of range", "MX 1492", nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseJoined(tt.in)
			if tt.bad {
				if ErrorCode(err) != EINVALID {
					t.Fatalf("ParseJoined(%q) = %v, %v, want EINVALID", tt.in, got, err)
				}
				return
			}
			if err != nil || !maps.Equal(got, tt.want) {
				t.Errorf("ParseJoined(%q) = %v, %v, want %v", tt.in, got, err, tt.want)
			}
			again, err := ParseJoined(FormatJoined(got))
			if err != nil || !maps.Equal(again, got) {
				t.Errorf("round trip: %v, %v", again, err)
			}
		})
	}
}

func FuzzParseJoined(f *testing.F) {
	for _, s := range []string{"MX 1996", "COL 2000-05-12; PA 1997", "mx", "XX 1996", "\x00 1996", "MX 1996-02-30"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParseJoined(s)
		if err != nil {
			if ErrorCode(err) != EINVALID {
				t.Fatalf("error %v is not a validation error", err)
			}
			return
		}
		for c, d := range got {
			if !IsCountry(c) || !ValidJoinDate(d) || !utf8.ValidString(d) {
				t.Fatalf("accepted %q %q", c, d)
			}
		}
		b := &Body{Name: "B", Kind: BodyRCP, Joined: got}
		for c := range got {
			b.Countries = append(b.Countries, c)
		}
		if err := b.Validate(); err != nil {
			t.Fatalf("parsed dates do not validate: %v", err)
		}
	})
}
