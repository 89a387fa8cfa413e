package domain

import (
	"slices"
	"strings"
	"time"

	"github.com/plenary-org/plenary/internal/geo"
)

// Region is a region of the product: an M49 region (ID its three-digit
// code, "419") or a grouping of countries a process defines ("Asia and
// the Pacific", the region of a breakout group), made of M49 regions and
// countries. Bodies, breakout groups, contributions and endorsements
// refer to regions by ID; two regions are compared by the countries
// behind them ([RegionIndex]).
type Region struct {
	ID   string
	Name string // English name; a grouping's name as its secretariat gave it
	// Names are a grouping's names in the other UN languages, by
	// language; an M49 region's come from the reference data.
	Names map[string]string
	// Parts are a grouping's M49 region codes and ISO 3166-1 alpha-2
	// codes, sorted; empty for an M49 region.
	Parts     []string
	Version   int
	CreatedAt time.Time
	UpdatedAt time.Time
}

// MaxRegionParts bounds the parts of a grouping.
const MaxRegionParts = 300

// M49 reports whether r is an M49 region of the reference data.
func (r *Region) M49() bool { return len(r.Parts) == 0 && geo.IsRegion(r.ID) }

// NameIn returns the region's name in lang, falling back to the English
// one.
func (r *Region) NameIn(lang string) string {
	if r.M49() {
		return geo.RegionName(r.ID, lang)
	}
	if n := r.Names[lang]; n != "" {
		return n
	}
	return r.Name
}

// Countries returns the ISO 3166-1 alpha-2 codes of the countries behind
// the region, sorted.
func (r *Region) Countries() []string {
	if r.M49() {
		return geo.RegionCountries(r.ID)
	}
	c, _ := geo.Expand(r.Parts)
	return c
}

// M49Region returns the M49 region with the three-digit code, or nil.
func M49Region(code string) *Region {
	if !geo.IsRegion(code) {
		return nil
	}
	return &Region{ID: code, Name: geo.RegionName(code, "en")}
}

// M49Regions returns every M49 region of the reference data, in code
// order.
func M49Regions() []*Region {
	var out []*Region
	for _, c := range geo.Regions() {
		out = append(out, M49Region(c))
	}
	return out
}

// Validate checks a grouping: a name, names in the other languages that
// are text, and parts that are M49 regions or countries (normalised to
// upper case, sorted, without duplicates) and stand for one country at
// least. An M49 region's ID may not name a grouping.
func (r *Region) Validate() error {
	var errs Errors
	r.Name = strings.TrimSpace(r.Name)
	checkText(&errs, "name", r.Name, true, MaxName)
	for lang, n := range r.Names {
		n = strings.TrimSpace(n)
		if !slices.Contains(Locales, lang) || lang == "en" {
			errs = append(errs, Invalid("names", "error.language", "names are given in French, Spanish, Arabic, Chinese or Russian"))
			break
		}
		checkText(&errs, "name_"+lang, n, false, MaxName)
		if n == "" {
			delete(r.Names, lang)
		} else {
			r.Names[lang] = n
		}
	}
	if geo.IsRegion(r.ID) {
		errs = append(errs, Invalid("id", "region.error_m49", "M49 regions are reference data and cannot be changed"))
	}
	var parts []string
	for _, p := range r.Parts {
		if p = strings.ToUpper(strings.TrimSpace(p)); p != "" {
			parts = append(parts, p)
		}
	}
	slices.Sort(parts)
	r.Parts = slices.Compact(parts)
	countries, bad := geo.Expand(r.Parts)
	switch {
	case len(r.Parts) > MaxRegionParts:
		errs = append(errs, Invalid("parts", "error.too_many", "at most %d", MaxRegionParts))
	case len(bad) > 0:
		errs = append(errs, Invalid("parts", "region.error_parts", "neither an M49 region code nor an ISO 3166 country code: %s", strings.Join(bad, ", ")))
	case len(countries) == 0:
		errs = append(errs, Invalid("parts", "region.error_empty", "list the M49 regions and countries the region is made of"))
	}
	return errs.Err()
}

// RegionIndex knows the countries behind every region: the M49 regions
// and the groupings it was made with. Region IDs it does not know stand
// for themselves only (a region still written as free text).
type RegionIndex struct {
	regions   map[string]*Region
	countries map[string][]string
}

// NewRegionIndex indexes the M49 regions and the groupings.
func NewRegionIndex(groupings []*Region) *RegionIndex {
	x := &RegionIndex{regions: map[string]*Region{}, countries: map[string][]string{}}
	for _, r := range M49Regions() {
		x.regions[r.ID], x.countries[r.ID] = r, r.Countries()
	}
	for _, r := range groupings {
		x.regions[r.ID], x.countries[r.ID] = r, r.Countries()
	}
	return x
}

// Region returns the region with the ID, or nil.
func (x *RegionIndex) Region(id string) *Region { return x.regions[id] }

// Countries returns the countries behind a region, sorted.
func (x *RegionIndex) Countries(id string) []string { return x.countries[id] }

// Name returns the name of the region with the ID in lang, or the ID.
func (x *RegionIndex) Name(id, lang string) string {
	if r := x.regions[id]; r != nil {
		return r.NameIn(lang)
	}
	return id
}

// world is the M49 code of the whole world.
const world = "001"

// SameRegion reports whether two regions are the same region for the
// question "is this another region?": they share a country (the Bali
// Process's "Asia-Pacific" and the Colombo Process's "Asia and the
// Pacific" do; Africa and Europe do not). An ID the index does not know
// is the same only as itself; "" is no region.
func (x *RegionIndex) SameRegion(a, b string) bool {
	if a == "" || b == "" {
		return false
	}
	if a == b {
		return true
	}
	ca, cb := x.countries[a], x.countries[b]
	i, j := 0, 0
	for i < len(ca) && j < len(cb) {
		switch {
		case ca[i] == cb[j]:
			return true
		case ca[i] < cb[j]:
			i++
		default:
			j++
		}
	}
	return false
}

// Within reports whether the region inner lies within outer, by their
// countries: the Puebla Process's North America within the Americas, and
// South America within Latin America and the Caribbean. The whole world
// holds every region but takes as its own only what is about the world as
// a whole: a breakout group of global processes reads the global inputs,
// not every input there is. Unknown IDs are within themselves only.
func (x *RegionIndex) Within(inner, outer string) bool {
	if inner == "" || outer == "" {
		return false
	}
	if inner == outer {
		return true
	}
	ci, co := x.countries[inner], x.countries[outer]
	if len(ci) == 0 || len(co) == 0 || outer == world || len(co) == len(x.countries[world]) {
		return false
	}
	for _, c := range ci {
		if _, ok := slices.BinarySearch(co, c); !ok {
			return false
		}
	}
	return true
}

// Names returns the names in lang of the regions of the index, sorted
// and without duplicates.
func (x *RegionIndex) Names(lang string) []string {
	var out []string
	for _, r := range x.regions {
		out = append(out, r.NameIn(lang))
	}
	slices.Sort(out)
	return slices.Compact(out)
}
