package domain

import (
	"math/rand/v2"
	"testing"
)

func TestDescribe(t *testing.T) {
	pair := func(k BodyKind, r string) BodyTraits { return BodyTraits{Kind: k, Region: r} }
	full := func(k BodyKind, r string) Description { return Description{Kind: k, Region: r} }
	region := func(r string) Description { return Description{Region: r} }
	kind := func(k BodyKind) Description { return Description{Kind: k} }
	nothing := Description{}
	tests := []struct {
		name   string
		counts map[BodyTraits]int
		k      int
		want   map[BodyTraits]Description
	}{
		{
			name:   "every pair shared by three bodies: kind and region",
			counts: map[BodyTraits]int{pair(BodyState, "Africa"): 3, pair(BodyNGO, "Europe"): 4},
			k:      3,
			want:   map[BodyTraits]Description{pair(BodyState, "Africa"): full(BodyState, "Africa"), pair(BodyNGO, "Europe"): full(BodyNGO, "Europe")},
		},
		{
			name:   "two of a pair: region only, when the region's rare pairs hold three",
			counts: map[BodyTraits]int{pair(BodyState, "Africa"): 2, pair(BodyRCP, "Africa"): 2, pair(BodyIGO, "Africa"): 1},
			k:      3,
			want: map[BodyTraits]Description{pair(BodyState, "Africa"): region("Africa"), pair(BodyRCP, "Africa"): region("Africa"),
				pair(BodyIGO, "Africa"): region("Africa")},
		},
		{
			name:   "k = 2 keeps the pairs of two",
			counts: map[BodyTraits]int{pair(BodyState, "Africa"): 2, pair(BodyRCP, "Africa"): 2, pair(BodyIGO, "Africa"): 2},
			k:      2,
			want: map[BodyTraits]Description{pair(BodyState, "Africa"): full(BodyState, "Africa"), pair(BodyRCP, "Africa"): full(BodyRCP, "Africa"),
				pair(BodyIGO, "Africa"): full(BodyIGO, "Africa")},
		},
		{
			name:   "one body per region: kind only",
			counts: map[BodyTraits]int{pair(BodyRCP, "Africa"): 1, pair(BodyRCP, "Asia"): 1, pair(BodyRCP, "Europe"): 1},
			k:      3,
			want:   map[BodyTraits]Description{pair(BodyRCP, "Africa"): kind(BodyRCP), pair(BodyRCP, "Asia"): kind(BodyRCP), pair(BodyRCP, "Europe"): kind(BodyRCP)},
		},
		{
			// "Africa" alone would tell the one RCP: the states are
			// described, so the only African body left is the RCP.
			name:   "the region's only rare body is not described by its region",
			counts: map[BodyTraits]int{pair(BodyState, "Africa"): 5, pair(BodyRCP, "Africa"): 1},
			k:      3,
			want:   map[BodyTraits]Description{pair(BodyState, "Africa"): nothing, pair(BodyRCP, "Africa"): nothing},
		},
		{
			name: "too few left with nothing: the smallest class joins them",
			counts: map[BodyTraits]int{pair(BodyState, "Africa"): 4, pair(BodyNGO, "Asia"): 3, pair(BodyIGO, "Europe"): 1,
				pair(BodyAcademia, "Americas"): 1},
			k: 3,
			want: map[BodyTraits]Description{pair(BodyState, "Africa"): full(BodyState, "Africa"), pair(BodyNGO, "Asia"): nothing,
				pair(BodyIGO, "Europe"): nothing, pair(BodyAcademia, "Americas"): nothing},
		},
		{
			name: "a kind class is given up before a pair class",
			counts: map[BodyTraits]int{pair(BodyState, "Africa"): 3, pair(BodyNGO, "Asia"): 1, pair(BodyNGO, "Europe"): 1,
				pair(BodyNGO, "Americas"): 1, pair(BodyIGO, "Oceania"): 1},
			k: 3,
			want: map[BodyTraits]Description{pair(BodyState, "Africa"): full(BodyState, "Africa"), pair(BodyNGO, "Asia"): nothing,
				pair(BodyNGO, "Europe"): nothing, pair(BodyNGO, "Americas"): nothing, pair(BodyIGO, "Oceania"): nothing},
		},
		{
			name:   "fewer participants than k: nothing for anyone",
			counts: map[BodyTraits]int{pair(BodyState, "Africa"): 2},
			k:      3,
			want:   map[BodyTraits]Description{pair(BodyState, "Africa"): nothing},
		},
		{
			name:   "bodies without a region: kind only",
			counts: map[BodyTraits]int{pair(BodyNGO, ""): 3},
			k:      3,
			want:   map[BodyTraits]Description{pair(BodyNGO, ""): kind(BodyNGO)},
		},
		{
			name:   "k below 2 is the default 3",
			counts: map[BodyTraits]int{pair(BodyState, "Africa"): 2, pair(BodyState, "Asia"): 1},
			k:      1,
			want:   map[BodyTraits]Description{pair(BodyState, "Africa"): kind(BodyState), pair(BodyState, "Asia"): kind(BodyState)},
		},
		{
			name:   "a body that is not a participant: nothing",
			counts: map[BodyTraits]int{pair(BodyState, "Africa"): 3},
			k:      3,
			want:   map[BodyTraits]Description{pair(BodyRCP, "Africa"): nothing, pair(BodyState, "Africa"): full(BodyState, "Africa")},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := Describe(tt.counts, tt.k)
			for p, want := range tt.want {
				if got := d.Of(&Body{Kind: p.Kind, Region: p.Region}); got != want {
					t.Errorf("%v: %+v, want %+v", p, got, want)
				}
			}
			if got := d.Of(nil); got != nothing {
				t.Errorf("no body: %+v", got)
			}
		})
	}
}

// TestDescribeNeverNamesFewerThanK checks the promise on random meetings:
// every description shown, "a participant" included, fits at least k of
// the participants, unless there are fewer than k in all.
func TestDescribeNeverNamesFewerThanK(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	regions := []string{"", "Africa", "Asia", "Europe", "Americas", "Oceania"}
	for i := range 2000 {
		counts := map[BodyTraits]int{}
		total := 0
		for range 1 + r.IntN(25) {
			p := BodyTraits{Kind: BodyKinds[r.IntN(len(BodyKinds))], Region: regions[r.IntN(len(regions))]}
			counts[p]++
			total++
		}
		k := 2 + r.IntN(4)
		d := Describe(counts, k)
		fits := map[Description]int{}
		for p, n := range counts {
			got := d.Of(&Body{Kind: p.Kind, Region: p.Region})
			if (got.Kind != "" && got.Kind != p.Kind) || (got.Region != "" && got.Region != p.Region) {
				t.Fatalf("meeting %d: %v described as %+v", i, p, got)
			}
			fits[got] += n
		}
		if total < k {
			continue
		}
		for desc, n := range fits {
			if n < k {
				t.Fatalf("meeting %d (k=%d, %v): %+v fits %d bodies", i, k, counts, desc, n)
			}
		}
	}
}

func TestMeetingMinDescribed(t *testing.T) {
	tests := []struct {
		k       int
		want    int
		invalid bool
	}{{0, DefaultMinDescribed, false}, {1, 1, true}, {2, 2, false}, {5, 5, false}, {MaxMinDescribed, MaxMinDescribed, false}, {MaxMinDescribed + 1, 0, true}, {-3, 0, true}}
	for _, tt := range tests {
		m := &Meeting{Title: "GRCP 7", NonAttributionMinBodies: tt.k}
		err := m.Validate()
		if (err != nil) != tt.invalid {
			t.Errorf("k=%d: Validate() = %v", tt.k, err)
		}
		if !tt.invalid && m.MinDescribed() != tt.want {
			t.Errorf("k=%d: MinDescribed() = %d, want %d", tt.k, m.MinDescribed(), tt.want)
		}
	}
}
