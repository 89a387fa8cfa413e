package domain

import (
	"errors"
	"testing"
)

func TestRegionIndexComparesCountries(t *testing.T) {
	asiaPacific := &Region{ID: "asia-pacific", Name: "Asia and the Pacific", Parts: []string{"142", "009"}}
	southAsia := &Region{ID: "south-asia", Name: "South and South-East Asia", Parts: []string{"034", "035"}}
	gulf := &Region{ID: "gulf", Name: "Gulf", Parts: []string{"AE", "BH", "KW", "OM", "QA", "SA"}}
	x := NewRegionIndex([]*Region{asiaPacific, southAsia, gulf})
	same := []struct {
		name string
		a, b string
		want bool
	}{
		{"Asia-Pacific and South Asia share countries", "asia-pacific", "south-asia", true},
		{"Africa and Europe do not", "002", "150", false},
		{"West Africa is in Africa", "011", "002", true},
		{"the Gulf is in Western Asia", "gulf", "145", true},
		{"South Asia and the Gulf do not", "south-asia", "gulf", false},
		{"an unknown ID is itself", "atlantis", "atlantis", true},
		{"an unknown ID is no other", "atlantis", "002", false},
		{"no region is none", "", "", false},
	}
	for _, tt := range same {
		t.Run(tt.name, func(t *testing.T) {
			if got := x.SameRegion(tt.a, tt.b); got != tt.want {
				t.Errorf("SameRegion(%s, %s) = %v, want %v", tt.a, tt.b, got, tt.want)
			}
			if got := x.SameRegion(tt.b, tt.a); got != tt.want {
				t.Errorf("SameRegion(%s, %s) = %v, want %v", tt.b, tt.a, got, tt.want)
			}
		})
	}
	within := []struct {
		name         string
		inner, outer string
		want         bool
	}{
		{"North America is within the Americas", "003", "019", true},
		{"the Americas are not within North America", "019", "003", false},
		{"South America is within Latin America and the Caribbean", "005", "419", true},
		{"South Asia is within Asia and the Pacific", "south-asia", "asia-pacific", true},
		{"the world is its own", "001", "001", true},
		{"Africa is not the world's own", "002", "001", false},
		{"the world is not within Africa", "001", "002", false},
	}
	for _, tt := range within {
		t.Run(tt.name, func(t *testing.T) {
			if got := x.Within(tt.inner, tt.outer); got != tt.want {
				t.Errorf("Within(%s, %s) = %v, want %v", tt.inner, tt.outer, got, tt.want)
			}
		})
	}
	if got := x.Name("419", "es"); got != "América Latina y el Caribe" {
		t.Errorf("Name(419, es) = %q", got)
	}
}

func TestRegionValidate(t *testing.T) {
	tests := []struct {
		name  string
		r     Region
		field string
	}{
		{"a grouping", Region{Name: "Asia and the Gulf", Parts: []string{"034", "ae", " SA "}}, ""},
		{"no name", Region{Parts: []string{"002"}}, "name"},
		{"no parts", Region{Name: "Nowhere"}, "parts"},
		{"a bad part", Region{Name: "Atlantis", Parts: []string{"002", "XX"}}, "parts"},
		{"an M49 ID", Region{ID: "419", Name: "LAC", Parts: []string{"419"}}, "id"},
		{"a NUL in the name", Region{Name: "A\x00B", Parts: []string{"002"}}, "name"},
		{"a name in an unknown language", Region{Name: "A", Names: map[string]string{"de": "B"}, Parts: []string{"002"}}, "names"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.r.Validate()
			if tt.field == "" {
				if err != nil {
					t.Fatal(err)
				}
				if got := tt.r.Parts; len(got) != 3 || got[0] != "034" || got[1] != "AE" {
					t.Errorf("parts = %v", got)
				}
				return
			}
			if !hasFieldError(err, tt.field) {
				t.Errorf("error %v, want one on %s", err, tt.field)
			}
		})
	}
}

// hasFieldError reports whether err holds a validation error on field.
func hasFieldError(err error, field string) bool {
	var es Errors
	if errors.As(err, &es) {
		for _, e := range es {
			if e.Field == field {
				return true
			}
		}
		return false
	}
	var e *Error
	return errors.As(err, &e) && e.Field == field
}
