package themes

import (
	"context"
	"strings"

	"github.com/plenary-org/plenary/internal/themes/textproc"
)

// MinHash parameters: 32 hashes in 8 bands of 4 find pairs whose character
// 5-gram Jaccard similarity is above about 0.6 with high probability; the
// estimate from all 32 hashes then decides.
const (
	mhHashes = 32
	mhBands  = 8
	mhRows   = mhHashes / mhBands
	// NearDuplicateJaccard is the estimated Jaccard similarity of
	// character 5-grams above which two statements are near-duplicates.
	NearDuplicateJaccard = 0.7
)

// signature returns the MinHash signature of text's character 5-grams
// (after normalisation, with runs of spaces and punctuation collapsed).
func signature(text string) [mhHashes]uint32 {
	words := textproc.Words(textproc.Normalize(text))
	s := []byte(" " + strings.Join(words, " ") + " ")
	var sig [mhHashes]uint32
	for i := range sig {
		sig[i] = ^uint32(0)
	}
	shingle := func(b []byte) {
		h := uint64(14695981039346656037)
		for _, c := range b {
			h ^= uint64(c)
			h *= 1099511628211
		}
		for i := range sig {
			// Cheap independent hashes: multiply-shift with odd constants.
			x := uint32((h * (uint64(i)*0x9E3779B97F4A7C15 + 0xD1B54A32D192ED03 | 1)) >> 32)
			if x < sig[i] {
				sig[i] = x
			}
		}
	}
	const k = 5 // bytes: enough for the six scripts (2-3 bytes a letter) to form grams of 2-5 letters
	if len(s) <= k {
		shingle(s)
		return sig
	}
	for i := 0; i+k <= len(s); i++ {
		shingle(s[i : i+k])
	}
	return sig
}

// nearDuplicates returns pairs (i < j) whose estimated Jaccard similarity
// is at least NearDuplicateJaccard, with that estimate. Each statement is
// paired with at most maxPer others (the first found), which bounds the work
// when one text is pasted thousands of times.
func nearDuplicates(ctx context.Context, texts []string, maxPer int) (map[[2]int32]float64, error) {
	n := len(texts)
	sigs := make([][mhHashes]uint32, n)
	if err := parallel(ctx, n, func(i int) { sigs[i] = signature(texts[i]) }); err != nil {
		return nil, err
	}
	pairs := map[[2]int32]float64{}
	count := make([]int, n)
	for b := 0; b < mhBands; b++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		buckets := make(map[uint64][]int32, n)
		for i := range sigs {
			h := uint64(b) * 0x9E3779B97F4A7C15
			for r := 0; r < mhRows; r++ {
				h = (h ^ uint64(sigs[i][b*mhRows+r])) * 1099511628211
			}
			buckets[h] = append(buckets[h], int32(i))
		}
		for _, list := range buckets {
			for x := 1; x < len(list); x++ {
				i := list[x]
				// Compare with a bounded number of earlier members.
				for y := max(0, x-maxPer); y < x; y++ {
					j := list[y]
					key := [2]int32{j, i}
					if _, ok := pairs[key]; ok {
						continue
					}
					if count[i] >= maxPer && count[j] >= maxPer {
						continue
					}
					same := 0
					for h := range sigs[i] {
						if sigs[i][h] == sigs[j][h] {
							same++
						}
					}
					if jac := float64(same) / mhHashes; jac >= NearDuplicateJaccard {
						pairs[key] = jac
						count[i]++
						count[j]++
					}
				}
			}
		}
	}
	return pairs, nil
}
