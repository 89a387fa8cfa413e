package opinion

// AdjustedRand returns the adjusted Rand index between two labelings of
// the same items; a label below 0 (no group) is treated as a group of its
// own in each labeling.
func AdjustedRand(a, b []int) float64 {
	ia, ib := map[int]int{}, map[int]int{}
	for i := range a {
		if _, ok := ia[a[i]]; !ok {
			ia[a[i]] = len(ia)
		}
		if _, ok := ib[b[i]]; !ok {
			ib[b[i]] = len(ib)
		}
	}
	tab := make([][]float64, len(ia))
	for i := range tab {
		tab[i] = make([]float64, len(ib))
	}
	for i := range a {
		tab[ia[a[i]]][ib[b[i]]]++
	}
	return adjustedRandTable(tab)
}

// adjustedRandTable computes the adjusted Rand index from a contingency
// table of (possibly weighted) counts.
func adjustedRandTable(tab [][]float64) float64 {
	c2 := func(x float64) float64 { return x * (x - 1) / 2 }
	var n, sumCells, sumRows, sumCols float64
	var cols []float64
	for _, row := range tab {
		if cols == nil {
			cols = make([]float64, len(row))
		}
		rs := 0.0
		for j, x := range row {
			sumCells += c2(x)
			rs += x
			cols[j] += x
		}
		sumRows += c2(rs)
		n += rs
	}
	for _, x := range cols {
		sumCols += c2(x)
	}
	total := c2(n)
	if total == 0 {
		return 1
	}
	expected := sumRows * sumCols / total
	maxIdx := (sumRows + sumCols) / 2
	if maxIdx == expected {
		return 1
	}
	return (sumCells - expected) / (maxIdx - expected)
}
