package domain

import (
	"slices"
	"sort"
	"strings"

	"github.com/plenary-org/plenary/internal/geo"
	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

// countryCodes are the 249 officially assigned ISO 3166-1 alpha-2 codes
// (package geo holds the reference data).
var countryCodes = geo.CountryCodes()

// CountryCodes returns the ISO 3166-1 alpha-2 codes, sorted.
func CountryCodes() []string { return geo.CountryCodes() }

// IsCountry reports whether code is an assigned ISO 3166-1 alpha-2 code.
func IsCountry(code string) bool { return geo.IsCountry(code) }

// NormalizeCountries upper-cases, trims, de-duplicates and sorts codes and
// returns the ones that are not ISO 3166-1 alpha-2 codes separately.
func NormalizeCountries(codes []string) (ok, bad []string) {
	for _, c := range codes {
		c = strings.ToUpper(strings.TrimSpace(c))
		switch {
		case c == "":
		case IsCountry(c):
			if !slices.Contains(ok, c) {
				ok = append(ok, c)
			}
		default:
			bad = append(bad, c)
		}
	}
	sort.Strings(ok)
	return ok, bad
}

// CountryName returns the name of the country with code in the language
// locale (a BCP 47 tag such as "fr" or "ar"), falling back to the code.
func CountryName(code, locale string) string { return geo.CountryName(code, locale) }

// Country is a country code with its name in one language.
type Country struct {
	Code string
	Name string
}

// Countries returns every country with its name in locale, sorted by name
// in that language's collation order.
func Countries(locale string) []Country {
	out := make([]Country, len(countryCodes))
	for i, c := range countryCodes {
		out[i] = Country{Code: c, Name: CountryName(c, locale)}
	}
	tag, err := language.Parse(locale)
	if err != nil {
		tag = language.English
	}
	col := collate.New(tag)
	sort.SliceStable(out, func(i, j int) bool { return col.CompareString(out[i].Name, out[j].Name) < 0 })
	return out
}
