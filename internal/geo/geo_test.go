package geo

import (
	"slices"
	"testing"
)

func TestRegionsContainTheirCountries(t *testing.T) {
	tests := []struct {
		name, region, country string
		in                    bool
	}{
		{"Colombia is in Latin America and the Caribbean", "419", "CO", true},
		{"the Dominican Republic is in the Caribbean", "029", "DO", true},
		{"the Dominican Republic is in Latin America and the Caribbean", "419", "DO", true},
		{"Mexico is in Central America", "013", "MX", true},
		{"Canada is not in Latin America", "419", "CA", false},
		{"Sri Lanka is in Southern Asia", "034", "LK", true},
		{"Indonesia is in Asia", "142", "ID", true},
		{"Australia is in Oceania, not Asia", "142", "AU", false},
		{"Kazakhstan is in Central Asia", "143", "KZ", true},
		{"Egypt is in Northern Africa", "015", "EG", true},
		{"every country is in the world", "001", "TV", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, got := slices.BinarySearch(RegionCountries(tt.region), tt.country)
			if got != tt.in {
				t.Errorf("%s in %s = %v, want %v", tt.country, tt.region, got, tt.in)
			}
		})
	}
	if n := len(RegionCountries("001")); n < 240 {
		t.Errorf("the world holds %d countries, want every one", n)
	}
}

func TestNamesInTheSixLanguages(t *testing.T) {
	tests := []struct{ code, lang, want string }{
		{"419", "en", "Latin America and the Caribbean"},
		{"419", "es", "América Latina y el Caribe"},
		{"142", "ar", "آسيا"},
		{"142", "zh", "亚洲"},
		{"035", "en", "South-eastern Asia"},
		{"150", "ru", "Европа"},
		{"002", "fr", "Afrique"},
	}
	for _, tt := range tests {
		if got := RegionName(tt.code, tt.lang); got != tt.want {
			t.Errorf("RegionName(%s, %s) = %q, want %q", tt.code, tt.lang, got, tt.want)
		}
	}
	for _, code := range Regions() {
		en := RegionName(code, "en")
		for _, lang := range Languages {
			n := RegionName(code, lang)
			if n == "" || n == code || (lang == "ar" || lang == "zh") && n == en {
				t.Errorf("region %s has no name of its own in %s: %q", code, lang, n)
			}
		}
	}
	if got := CountryName("CO", "zh"); got != "哥伦比亚" {
		t.Errorf("Colombia in Chinese = %q", got)
	}
	if got := CountryName("CO", "ar"); got != "كولومبيا" {
		t.Errorf("Colombia in Arabic = %q", got)
	}
}

func TestCodes(t *testing.T) {
	if len(Countries()) != 249 {
		t.Errorf("%d countries, want the 249 of ISO 3166-1", len(Countries()))
	}
	for _, c := range Countries() {
		if len(c.Alpha3) != 3 || len(c.M49) != 3 {
			t.Errorf("%s: alpha-3 %q, M49 %q", c.Alpha2, c.Alpha3, c.M49)
		}
		if a2, ok := FromAlpha3(c.Alpha3); !ok || a2 != c.Alpha2 {
			t.Errorf("FromAlpha3(%s) = %s, %v", c.Alpha3, a2, ok)
		}
	}
	if Alpha3("CO") != "COL" || byAlpha2["CO"].M49 != "170" {
		t.Errorf("Colombia = %+v", byAlpha2["CO"])
	}
	if got := RegionsOf("CO"); !slices.Equal(got, []string{"001", "019", "419", "005"}) {
		t.Errorf("RegionsOf(CO) = %v", got)
	}
	c, bad := Expand([]string{"013", "mx", "XX", "DO"})
	if !slices.Contains(c, "MX") || !slices.Contains(c, "DO") || !slices.Equal(bad, []string{"XX"}) || len(c) != 9 {
		t.Errorf("Expand = %v %v", c, bad)
	}
}
