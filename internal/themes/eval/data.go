package eval

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
)

// ErrNoData is returned when the shared data folder cannot be found.
var ErrNoData = errors.New("eval: no shared/data folder beside the checkout")

// DataDir walks up from dir to the first folder that holds shared/data and
// returns that shared/data path.
func DataDir(dir string) (string, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", fmt.Errorf("eval: %w", err)
	}
	for {
		p := filepath.Join(dir, "shared", "data")
		if st, err := os.Stat(p); err == nil && st.IsDir() {
			return p, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", ErrNoData
		}
		dir = parent
	}
}

// Pair is one labelled sentence pair of an STS file.
type Pair struct {
	A, B  string
	Score float64
}

// ReadSTS reads a stsb-multi-mt file: sentence1, sentence2, score; no header.
func ReadSTS(path string) ([]Pair, error) {
	recs, err := readCSV(path)
	if err != nil {
		return nil, err
	}
	out := make([]Pair, 0, len(recs))
	for i, r := range recs {
		if len(r) != 3 {
			return nil, fmt.Errorf("eval: %s line %d: %d fields, want 3", path, i+1, len(r))
		}
		s, err := strconv.ParseFloat(r[2], 64)
		if err != nil {
			return nil, fmt.Errorf("eval: %s line %d: %w", path, i+1, err)
		}
		out = append(out, Pair{A: r[0], B: r[1], Score: s})
	}
	return out, nil
}

// Labelled is one text with its true class.
type Labelled struct {
	Text, Label string
}

// ReadLabelled reads a CSV with a header and columns text, category.
func ReadLabelled(path string) ([]Labelled, error) {
	recs, err := readCSV(path)
	if err != nil {
		return nil, err
	}
	if len(recs) == 0 {
		return nil, fmt.Errorf("eval: %s: empty", path)
	}
	var out []Labelled
	for _, r := range recs[1:] {
		if len(r) < 2 {
			continue
		}
		out = append(out, Labelled{Text: r[0], Label: r[1]})
	}
	return out, nil
}

func readCSV(path string) ([][]string, error) {
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("eval: %w", err)
		}
		return nil, fmt.Errorf("eval: %w", err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	recs, err := r.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("eval: %s: %w", path, err)
	}
	return recs, nil
}
