package domain

import (
	"slices"
	"sort"
	"strings"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// countryCodes are the 249 officially assigned ISO 3166-1 alpha-2 codes.
var countryCodes = strings.Fields(
	"AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE " +
		"BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD " +
		"CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM " +
		"DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF " +
		"GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU " +
		"ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN " +
		"KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME " +
		"MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA " +
		"NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM " +
		"PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI " +
		"SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK " +
		"TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI " +
		"VN VU WF WS YE YT ZA ZM ZW")

// CountryCodes returns the ISO 3166-1 alpha-2 codes, sorted.
func CountryCodes() []string { return slices.Clone(countryCodes) }

// IsCountry reports whether code is an assigned ISO 3166-1 alpha-2 code.
func IsCountry(code string) bool {
	_, ok := slices.BinarySearch(countryCodes, code)
	return ok
}

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
func CountryName(code, locale string) string {
	tag, err := language.Parse(locale)
	if err != nil {
		tag = language.English
	}
	r, err := language.ParseRegion(code)
	if err != nil {
		return code
	}
	if n := display.Regions(tag).Name(r); n != "" {
		return n
	}
	return code
}

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
