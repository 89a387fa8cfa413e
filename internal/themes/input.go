package themes

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/plenary-org/plenary/internal/domain"
)

// ErrNoText is returned by [ReadStatements] for a table without a text
// column.
var ErrNoText = errors.New("themes: no text column")

// ReadStatements reads statements in one of two shapes, told apart by the
// first line:
//   - a CSV (or tab-separated) table whose header names a "text" column
//     and optionally "id", "group", "language" (or "lang"), "region" and
//     "body"; a row without an id gets its line number;
//   - otherwise one statement per line, with the line number as id; blank
//     lines are skipped.
func ReadStatements(r io.Reader) ([]Statement, error) {
	data, err := readText(r)
	if err != nil {
		return nil, fmt.Errorf("themes: reading statements: %w", err)
	}
	first, _, _ := bytes.Cut(data, []byte("\n"))
	first = bytes.TrimRight(first, "\r")
	for _, sep := range []rune{'\t', ',', ';'} {
		if cols := headerColumns(string(first), sep); cols != nil {
			return readTable(data, sep, cols)
		}
	}
	var out []Statement
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for line := 1; sc.Scan(); line++ {
		text := strings.TrimSpace(sc.Text())
		if text == "" {
			continue
		}
		out = append(out, Statement{ID: strconv.Itoa(line), Text: text})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("themes: reading statements: %w", err)
	}
	return out, nil
}

// readText reads the whole of r and checks that it is UTF-8 text as the
// other importers do ([domain.CheckTextFile]: binary files, invalid UTF-8,
// UTF-16 and control characters are refused with the line of the first
// problem); it drops a UTF-8 byte order mark.
func readText(r io.Reader) ([]byte, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	if err := domain.CheckTextFile(data); err != nil {
		return nil, err
	}
	return bytes.TrimPrefix(data, []byte("\uFEFF")), nil
}

// headerColumns returns the column index of each known field if line is a
// header with a text column, split by sep; nil otherwise.
func headerColumns(line string, sep rune) map[string]int {
	if !strings.ContainsRune(line, sep) {
		return nil
	}
	cr := csv.NewReader(strings.NewReader(line))
	cr.Comma = sep
	cr.LazyQuotes = true
	rec, err := cr.Read()
	if err != nil {
		return nil
	}
	cols := map[string]int{}
	for i, name := range rec {
		name = strings.ToLower(strings.TrimSpace(name))
		if name == "lang" {
			name = "language"
		}
		switch name {
		case "id", "text", "group", "language", "region", "body":
			if _, dup := cols[name]; !dup {
				cols[name] = i
			}
		}
	}
	if _, ok := cols["text"]; !ok {
		return nil
	}
	return cols
}

func readTable(data []byte, sep rune, cols map[string]int) ([]Statement, error) {
	cr := csv.NewReader(bytes.NewReader(data))
	cr.Comma = sep
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	if _, err := cr.Read(); err != nil { // header
		return nil, fmt.Errorf("themes: reading header: %w", err)
	}
	field := func(rec []string, name string) string {
		i, ok := cols[name]
		if !ok || i >= len(rec) {
			return ""
		}
		return strings.TrimSpace(rec[i])
	}
	var out []Statement
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("themes: reading statements: %w", err)
		}
		line, _ := cr.FieldPos(0)
		s := Statement{
			ID: field(rec, "id"), Text: field(rec, "text"), Group: field(rec, "group"),
			Language: field(rec, "language"), Region: field(rec, "region"), Body: field(rec, "body"),
		}
		if s.Text == "" && s.ID == "" {
			continue
		}
		if s.ID == "" {
			s.ID = strconv.Itoa(line)
		}
		out = append(out, s)
	}
	return out, nil
}

// Pair is a pair of texts to score, with the score people gave it if the
// file has one.
type Pair struct {
	A, B     string
	Score    float64
	HasScore bool
}

// ReadPairs reads tab-separated sentence pairs, one per line: text A, text
// B, and optionally a score. Blank lines are skipped; a first line whose
// third field is not a number is taken for a header and skipped.
func ReadPairs(r io.Reader) ([]Pair, error) {
	data, err := readText(r)
	if err != nil {
		return nil, fmt.Errorf("themes: reading pairs: %w", err)
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	var out []Pair
	for line := 1; sc.Scan(); line++ {
		text := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(text) == "" {
			continue
		}
		f := strings.Split(text, "\t")
		if len(f) < 2 {
			return nil, fmt.Errorf("themes: line %d: want two tab-separated texts, got %d field(s)", line, len(f))
		}
		p := Pair{A: f[0], B: f[1]}
		if len(f) >= 3 && strings.TrimSpace(f[2]) != "" {
			s, err := strconv.ParseFloat(strings.TrimSpace(f[2]), 64)
			if err != nil {
				if line == 1 && len(out) == 0 {
					continue // header
				}
				return nil, fmt.Errorf("themes: line %d: score: %w", line, err)
			}
			p.Score, p.HasScore = s, true
		}
		out = append(out, p)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("themes: reading pairs: %w", err)
	}
	return out, nil
}

// Similarities scores each pair with a model fitted on all the texts of
// the pairs (so that word weights come from the same material), or with
// emb when it is not nil.
func Similarities(ctx context.Context, pairs []Pair, lang string, tr Translator, emb Embedder) ([]float64, error) {
	texts := make([]TextInput, 0, 2*len(pairs))
	for _, p := range pairs {
		texts = append(texts, TextInput{Text: p.A, Lang: lang}, TextInput{Text: p.B, Lang: lang})
	}
	out := make([]float64, len(pairs))
	if emb != nil {
		raw := make([]string, len(texts))
		for i, t := range texts {
			raw[i] = t.Text
		}
		vecs, err := emb.Embed(ctx, raw)
		if err != nil {
			return nil, err
		}
		if len(vecs) != len(raw) {
			return nil, fmt.Errorf("themes: embedder returned %d vectors for %d texts", len(vecs), len(raw))
		}
		for i := range pairs {
			out[i] = denseDot(denseToVector(vecs[2*i]), denseToVector(vecs[2*i+1]))
		}
		return out, nil
	}
	m, err := NewModel(ctx, texts, tr)
	if err != nil {
		return nil, err
	}
	for i := range pairs {
		out[i] = m.Similarity(2*i, 2*i+1)
	}
	return out, nil
}
