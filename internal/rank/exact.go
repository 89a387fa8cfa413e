package rank

import (
	"math"
	"math/big"
	"strconv"
)

// maxDenominator bounds the fractions [exact] looks for. Group sizes and the
// denominators of hand-written scores are far below it.
const maxDenominator = 1_000_000

// exact returns the fraction a float64 weight or score stands for: the first
// continued-fraction convergent with a denominator of at most
// [maxDenominator] whose float64 is exactly f, so that 1.0/3 is one third
// and 0.1 is one tenth; failing that, the shortest decimal that reads back
// as f. Either way the fraction converts back to f exactly, so nothing the
// caller wrote is changed, only the rounding of division undone. f must be
// finite.
func exact(f float64) *big.Rat {
	if f == 0 {
		return new(big.Rat)
	}
	if f < 0 {
		r := exact(-f)
		return r.Neg(r)
	}
	if r := convergent(f); r != nil {
		return r
	}
	r, ok := new(big.Rat).SetString(strconv.FormatFloat(f, 'g', -1, 64))
	if !ok {
		// FormatFloat of a finite number always parses; keep the exact
		// binary value as a last resort rather than panic.
		return new(big.Rat).SetFloat64(f)
	}
	return r
}

// convergent walks the continued fraction of x > 0 and returns the first
// convergent h/k with k <= maxDenominator and float64(h)/float64(k) == x, or
// nil. h and k stay below 2^53, so the float division is correctly rounded
// and the comparison is exact.
func convergent(x float64) *big.Rat {
	const limit = 1 << 53
	var h0, h1, k0, k1 int64 = 0, 1, 1, 0
	a := x
	for range 64 {
		fl := math.Floor(a)
		if fl >= limit {
			return nil
		}
		ai := int64(fl)
		if ai != 0 && h1 > (limit-h0)/ai {
			return nil
		}
		h2, k2 := ai*h1+h0, ai*k1+k0
		if k2 > maxDenominator {
			return nil
		}
		if float64(h2)/float64(k2) == x {
			return big.NewRat(h2, k2)
		}
		frac := a - fl
		if frac == 0 {
			return nil
		}
		a = 1 / frac
		h0, h1, k0, k1 = h1, h2, k1, k2
	}
	return nil
}

// ratFloat is r rounded to the nearest float64, for display.
func ratFloat(r *big.Rat) float64 {
	f, _ := r.Float64()
	return f
}

// ratCache converts the few distinct floats of a count once each.
type ratCache map[float64]*big.Rat

func (c ratCache) get(f float64) *big.Rat {
	if r, ok := c[f]; ok {
		return r
	}
	r := exact(f)
	c[f] = r
	return r
}
