// Package geo is the reference data of places: the countries and areas of
// ISO 3166-1 (alpha-2, alpha-3 and their UN M49 numeric codes) and the
// regions and sub-regions of UN M49 with what they contain, with names in
// the six UN languages. The codes, the containment and most names come
// from the Unicode CLDR as golang.org/x/text carries it; the English names
// of the regions are M49's own (data/m49-regions.tsv), and so are the
// other languages' names of the two regions CLDR names otherwise or not at
// all. docs/REGISTRY.md cites the sources and their licences.
package geo

import (
	"bufio"
	"bytes"
	_ "embed"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// Languages are the six UN languages names are given in.
var Languages = []string{"en", "fr", "es", "ar", "zh", "ru"}

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

// Country is a country or area of ISO 3166-1.
type Country struct {
	Alpha2 string // "CO"
	Alpha3 string // "COL"
	M49    string // "170", three digits
}

//go:embed data/m49-regions.tsv
var m49TSV []byte

// region is an M49 region as read from the data file.
type region struct {
	code  string
	tag   language.Region
	names map[string]string // M49's names where CLDR's are not used
	// countries are the alpha-2 codes the region contains, sorted.
	countries []string
}

var (
	countries  []Country
	byAlpha2   = map[string]Country{}
	byAlpha3   = map[string]string{}
	regions    []*region
	regionByID = map[string]*region{}
)

func init() {
	for _, c := range countryCodes {
		r := language.MustParseRegion(c)
		cc := Country{Alpha2: c, Alpha3: r.ISO3(), M49: fmt.Sprintf("%03d", r.M49())}
		countries = append(countries, cc)
		byAlpha2[c] = cc
		byAlpha3[cc.Alpha3] = c
	}
	sc := bufio.NewScanner(bytes.NewReader(m49TSV))
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		tag, err := language.ParseRegion(f[0])
		if err != nil || !tag.IsGroup() || len(f) < 2 {
			panic("geo: bad M49 region line " + strconv.Quote(line))
		}
		r := &region{code: f[0], tag: tag, names: map[string]string{"en": f[1]}}
		for i, lang := range Languages[1:] {
			if len(f) > i+2 && f[i+2] != "" {
				r.names[lang] = f[i+2]
			}
		}
		for _, c := range countryCodes {
			if tag.Contains(language.MustParseRegion(c)) {
				r.countries = append(r.countries, c)
			}
		}
		regions = append(regions, r)
		regionByID[r.code] = r
	}
}

// Countries returns every ISO 3166-1 country or area, by alpha-2 code.
func Countries() []Country { return slices.Clone(countries) }

// CountryCodes returns the ISO 3166-1 alpha-2 codes, sorted.
func CountryCodes() []string { return slices.Clone(countryCodes) }

// IsCountry reports whether code is an assigned ISO 3166-1 alpha-2 code.
func IsCountry(code string) bool {
	_, ok := slices.BinarySearch(countryCodes, code)
	return ok
}

// Alpha3 returns the ISO 3166-1 alpha-3 code of an alpha-2 code, "" when
// it is none.
func Alpha3(alpha2 string) string { return byAlpha2[alpha2].Alpha3 }

// FromAlpha3 returns the alpha-2 code of an ISO 3166-1 alpha-3 code, in
// any case.
func FromAlpha3(alpha3 string) (string, bool) {
	c, ok := byAlpha3[strings.ToUpper(strings.TrimSpace(alpha3))]
	return c, ok
}

// CountryName returns the name of a country in lang (a BCP 47 tag such as
// "fr"), falling back to the code.
func CountryName(alpha2, lang string) string {
	r, err := language.ParseRegion(alpha2)
	if err != nil {
		return alpha2
	}
	if n := display.Regions(tagOf(lang)).Name(r); n != "" {
		return n
	}
	return alpha2
}

// Regions returns the three-digit codes of the M49 regions, in code
// order.
func Regions() []string {
	out := make([]string, len(regions))
	for i, r := range regions {
		out[i] = r.code
	}
	return out
}

// IsRegion reports whether code is the three-digit code of an M49 region.
func IsRegion(code string) bool { return regionByID[code] != nil }

// RegionName returns the name of an M49 region in lang: M49's own in
// English and where data/m49-regions.tsv gives one, CLDR's otherwise, and
// the English one when CLDR has none.
func RegionName(code, lang string) string {
	r := regionByID[code]
	if r == nil {
		return code
	}
	base, _ := tagOf(lang).Base()
	if n := r.names[base.String()]; n != "" {
		return n
	}
	if n := display.Regions(tagOf(lang)).Name(r.tag); n != "" {
		return n
	}
	return r.names["en"]
}

// RegionCountries returns the alpha-2 codes of the countries an M49
// region contains, sorted; nil for an unknown code.
func RegionCountries(code string) []string {
	if r := regionByID[code]; r != nil {
		return slices.Clone(r.countries)
	}
	return nil
}

// RegionsOf returns the codes of the M49 regions that contain a country,
// widest first.
func RegionsOf(alpha2 string) []string {
	var out []string
	for _, r := range regions {
		if _, ok := slices.BinarySearch(r.countries, alpha2); ok {
			out = append(out, r.code)
		}
	}
	slices.SortStableFunc(out, func(a, b string) int { return len(regionByID[b].countries) - len(regionByID[a].countries) })
	return out
}

// Expand returns the countries behind a list of parts, each an M49 region
// code or an ISO 3166-1 alpha-2 code, sorted and without duplicates; the
// parts that are neither are returned apart.
func Expand(parts []string) (countries, bad []string) {
	for _, p := range parts {
		p = strings.ToUpper(strings.TrimSpace(p))
		switch {
		case p == "":
		case IsRegion(p):
			countries = append(countries, regionByID[p].countries...)
		case IsCountry(p):
			countries = append(countries, p)
		default:
			bad = append(bad, p)
		}
	}
	slices.Sort(countries)
	return slices.Compact(countries), bad
}

func tagOf(lang string) language.Tag {
	t, err := language.Parse(lang)
	if err != nil {
		return language.English
	}
	return t
}
