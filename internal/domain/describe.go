package domain

import (
	"cmp"
	"slices"
)

// Under the non-attribution rule a contribution shows, in place of its
// body's name, a description of the body: its kind and region, its region,
// its kind, or nothing ("a participant"). A description must not name the
// body: each one shown in a meeting must fit at least k of the meeting's
// participants (k is the meeting's [Meeting.MinDescribed]).
//
// The meeting's participants are the bodies that take part in it: those
// with a member in the meeting (a membership of the meeting or of its whole
// process) and those a contribution of the meeting was submitted for. They
// are who a reader could take the author for.
//
// Generalising body by body ("region only when the pair is rare") would
// itself tell: a reader who sees only "Africa" learns that the body is one
// whose (kind, region) pair is rare in Africa, perhaps a single one. So
// the bodies are put in classes, and a description is shown for a class
// only when the class holds at least k bodies, counting exactly the bodies
// shown that way:
//
//  1. kind and region, for each pair that at least k participants share;
//  2. region only, for the rest of a region when at least k of them remain;
//  3. kind only, for the rest of a kind when at least k of them remain;
//  4. nothing, for the rest. When fewer than k bodies (but some) would be
//     left with nothing, whole classes are given up to it, the smallest
//     and least precise first, until it holds k.
//
// A reader who knows the participants and this rule can therefore narrow a
// description down to no fewer than k bodies. When the meeting has fewer
// than k participants nothing better is possible: every description is
// "a participant".

// DefaultMinDescribed is how many participants a description of a body must
// fit when the meeting does not say (k).
const DefaultMinDescribed = 3

// MaxMinDescribed bounds a meeting's k.
const MaxMinDescribed = 100

// BodyTraits is what a description may tell of a body.
type BodyTraits struct {
	Kind   BodyKind
	Region string
}

// Description is what is shown of a body without attribution: Kind and
// Region, either, or neither (both empty: "a participant").
type Description struct {
	Kind   BodyKind
	Region string
}

// Full reports whether the description keeps both the kind and the region.
func (d Description) Full() bool { return d.Kind != "" && d.Region != "" }

// Descriptions is how a meeting describes the bodies of its participants
// (see [Describe]).
type Descriptions struct {
	of map[BodyTraits]Description
}

// Of returns the description of body b; nothing for a body that is not one
// of the participants counted, or for nil.
func (d Descriptions) Of(b *Body) Description {
	if b == nil {
		return Description{}
	}
	return d.of[BodyTraits{Kind: b.Kind, Region: b.Region}]
}

// Describe decides the description of every participant's body from the
// number of participants of each kind and region (counts) and the least
// number k of participants a description must fit (below 2, the default).
func Describe(counts map[BodyTraits]int, k int) Descriptions {
	if k < 2 {
		k = DefaultMinDescribed
	}
	type class struct {
		level int // 0 kind and region, 1 region, 2 kind
		d     Description
		pairs []BodyTraits
		n     int
	}
	var classes []*class
	pairs := make([]BodyTraits, 0, len(counts))
	for p, n := range counts {
		if n > 0 {
			pairs = append(pairs, p)
		}
	}
	slices.SortFunc(pairs, func(a, b BodyTraits) int {
		return cmp.Or(cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.Region, b.Region))
	})
	// group puts the pairs left into classes by key, keeping those of at
	// least k bodies, and returns the pairs still left.
	group := func(level int, left []BodyTraits, key func(BodyTraits) (Description, bool)) []BodyTraits {
		byKey := map[Description]*class{}
		var order []Description
		var rest []BodyTraits
		for _, p := range left {
			d, ok := key(p)
			if !ok {
				rest = append(rest, p)
				continue
			}
			c := byKey[d]
			if c == nil {
				c = &class{level: level, d: d}
				byKey[d] = c
				order = append(order, d)
			}
			c.pairs = append(c.pairs, p)
			c.n += counts[p]
		}
		for _, d := range order {
			if c := byKey[d]; c.n >= k {
				classes = append(classes, c)
			} else {
				rest = append(rest, c.pairs...)
			}
		}
		return rest
	}
	left := group(0, pairs, func(p BodyTraits) (Description, bool) {
		return Description(p), p.Kind != "" && p.Region != ""
	})
	left = group(1, left, func(p BodyTraits) (Description, bool) { return Description{Region: p.Region}, p.Region != "" })
	left = group(2, left, func(p BodyTraits) (Description, bool) { return Description{Kind: p.Kind}, p.Kind != "" })
	none := 0
	for _, p := range left {
		none += counts[p]
	}
	if none > 0 && none < k {
		// Give up whole classes to "a participant", the least precise and
		// then the smallest first, until it fits k bodies.
		slices.SortStableFunc(classes, func(a, b *class) int { return cmp.Or(cmp.Compare(b.level, a.level), cmp.Compare(a.n, b.n)) })
		for len(classes) > 0 && none < k {
			none += classes[0].n
			classes = classes[1:]
		}
	}
	out := Descriptions{of: map[BodyTraits]Description{}}
	for _, c := range classes {
		for _, p := range c.pairs {
			out.of[p] = c.d
		}
	}
	return out
}

// MinDescribed returns k, how many of the meeting's participants a
// description of a body must fit under the non-attribution rule.
func (m *Meeting) MinDescribed() int {
	if m == nil || m.NonAttributionMinBodies == 0 {
		return DefaultMinDescribed
	}
	return m.NonAttributionMinBodies
}
