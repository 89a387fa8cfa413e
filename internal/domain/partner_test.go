package domain

import "testing"

// TestBodyKindIsPartner: partner organisations are the bodies that are
// neither a consultation mechanism nor a state.
func TestBodyKindIsPartner(t *testing.T) {
	for _, tc := range []struct {
		kind BodyKind
		want bool
	}{
		{BodyRCP, false}, {BodyIRF, false}, {BodyGlobalProcess, false}, {BodyState, false},
		{BodyUNRegionalComm, true}, {BodyREO, true}, {BodyIGO, true}, {BodyNGO, true}, {BodyAcademia, true}, {BodyPrivateSector, true},
		{"", false}, {"unknown", false},
	} {
		if got := tc.kind.IsPartner(); got != tc.want {
			t.Errorf("%q: IsPartner %v, want %v", tc.kind, got, tc.want)
		}
	}
	for _, k := range BodyKinds {
		if k.IsPartner() && (k.IsMechanism() || k == BodyState) {
			t.Errorf("%s is a partner and a mechanism or a state", k)
		}
	}
}
