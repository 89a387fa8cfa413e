package store

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/plenary-org/plenary/internal/domain"
)

// FuzzEndorsementValidate checks that whatever is typed as region and
// conditions is either refused or saved trimmed, as valid text within its
// bounds, and never for one of the practice's own regions.
func FuzzEndorsementValidate(f *testing.F) {
	for _, s := range [][3]string{{"", "", "Europe"}, {" europe ", "Funding.", ""}, {"West Africa", "\xff", "Asia"}, {"غرب أفريقيا", "تمويل", ""},
		{strings.Repeat("r", 101), "", ""}, {"Asia", strings.Repeat("c", MaxEndorseConditions+1), ""}} {
		f.Add(s[0], s[1], s[2])
	}
	f.Fuzz(func(t *testing.T, region, conditions, bodyRegion string) {
		e := &Endorsement{Region: region, Conditions: conditions}
		target := &endorseTarget{regions: []string{"West Africa", "Europe"}}
		if err := e.validate(target, bodyRegion); err != nil {
			if domain.ErrorCode(err) != domain.EINVALID {
				t.Fatalf("error %v is not a validation error", err)
			}
			return
		}
		if e.Region == "" || e.Region != strings.TrimSpace(e.Region) || utf8.RuneCountInString(e.Region) > domain.MaxShort || !utf8.ValidString(e.Region) {
			t.Fatalf("region %q accepted", e.Region)
		}
		if strings.EqualFold(e.Region, "West Africa") || strings.EqualFold(e.Region, "Europe") {
			t.Fatalf("own region %q accepted", e.Region)
		}
		if e.Conditions != strings.TrimSpace(e.Conditions) || utf8.RuneCountInString(e.Conditions) > MaxEndorseConditions || !utf8.ValidString(e.Conditions) {
			t.Fatalf("conditions %q accepted", e.Conditions)
		}
	})
}
