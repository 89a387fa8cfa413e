package store

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/plenary-org/plenary/internal/domain"
)

// FuzzEndorsementValidate checks that whatever is typed as region and
// conditions is either refused or saved trimmed, as valid text within its
// bounds, and never for one of the practice's own regions, nor for a region
// that shares a country with them (Western Africa, in any of the six
// languages).
func FuzzEndorsementValidate(f *testing.F) {
	for _, s := range [][3]string{{"", "", "Europe"}, {" europe ", "Funding.", ""}, {"West Africa", "\xff", "Asia"}, {"غرب أفريقيا", "تمويل", ""}, {"Africa", "", ""}, {"", "", "Western Africa"}, {"Afrique de l'Ouest", "", ""},
		{strings.Repeat("r", 101), "", ""}, {"Asia", strings.Repeat("c", MaxEndorseConditions+1), ""}} {
		f.Add(s[0], s[1], s[2])
	}
	f.Fuzz(func(t *testing.T, region, conditions, bodyRegion string) {
		e := &Endorsement{Region: region, Conditions: conditions}
		res := &regionResolver{names: map[string]string{"west africa": "011"}}
		target := &endorseTarget{regions: []regionRef{{"West Africa", "011"}, {"Europe", "150"}}, index: domain.NewRegionIndex(nil)}
		if err := e.validate(target, regionRef{bodyRegion, res.id(bodyRegion)}, res); err != nil {
			if domain.ErrorCode(err) != domain.EINVALID {
				t.Fatalf("error %v is not a validation error", err)
			}
			return
		}
		if e.Region == "" || e.Region != strings.TrimSpace(e.Region) || utf8.RuneCountInString(e.Region) > domain.MaxShort || !utf8.ValidString(e.Region) {
			t.Fatalf("region %q accepted", e.Region)
		}
		if strings.EqualFold(e.Region, "West Africa") || strings.EqualFold(e.Region, "Europe") || e.RegionID == "002" || e.RegionID == "011" || e.RegionID == "001" {
			t.Fatalf("own region %q accepted", e.Region)
		}
		if e.Conditions != strings.TrimSpace(e.Conditions) || utf8.RuneCountInString(e.Conditions) > MaxEndorseConditions || !utf8.ValidString(e.Conditions) {
			t.Fatalf("conditions %q accepted", e.Conditions)
		}
	})
}
