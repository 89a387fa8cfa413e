package store

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/themes/textproc"
)

// Limits on what a search may ask for.
const (
	MaxSearchRunes   = 500 // characters of search text
	MaxSearchClauses = 32  // words and phrases
	MaxFilterValues  = 200 // values of one filter
	DefaultPageSize  = 50
	MaxPageSize      = 500
)

// textQuery is what the words of a search ask for: every clause of must
// matches and no clause of not does. A clause matches when one of its
// alternatives does.
type textQuery struct {
	must, not []clause
}

// clause is one word or phrase of the search, read in each language it may
// be written in.
type clause []alternative

// alternative is a sequence of index terms found next to each other (a
// single term for a word), or with prefix the beginning of one term.
type alternative struct {
	terms  []string
	prefix bool
}

func (a alternative) key() string {
	k := strings.Join(a.terms, " ")
	if a.prefix {
		k += "*"
	}
	return k
}

// empty reports whether the query asks for no words at all.
func (q textQuery) empty() bool { return len(q.must) == 0 && len(q.not) == 0 }

// unit is a word, a hyphenated or apostrophed chunk, or a quoted phrase of
// the search text.
type unit struct {
	text        string
	neg, quoted bool
	prefix      bool
}

// isQuote reports whether r opens or closes a phrase (after [textproc.Normalize],
// which has turned typographic single quotes into apostrophes).
func isQuote(r rune) bool {
	switch r {
	case '"', '“', '”', '„', '«', '»', '「', '」', '『', '』':
		return true
	}
	return false
}

// splitUnits cuts normalised search text into words and quoted phrases; a
// '-' right before one excludes it, a '*' right after a word asks for
// terms that begin with it.
func splitUnits(s string) []unit {
	var out []unit
	rs := []rune(s)
	for i := 0; i < len(rs); {
		if unicode.IsSpace(rs[i]) {
			i++
			continue
		}
		neg := false
		if (rs[i] == '-' || rs[i] == '−') && i+1 < len(rs) && !unicode.IsSpace(rs[i+1]) {
			neg = true
			i++
		}
		if isQuote(rs[i]) {
			j := i + 1
			for j < len(rs) && !isQuote(rs[j]) {
				j++
			}
			out = append(out, unit{text: string(rs[i+1 : j]), neg: neg, quoted: true})
			i = j + 1
			continue
		}
		j := i
		for j < len(rs) && !unicode.IsSpace(rs[j]) && !isQuote(rs[j]) {
			j++
		}
		u := unit{text: string(rs[i:j]), neg: neg}
		if strings.HasSuffix(u.text, "*") {
			u.text, u.prefix = strings.TrimRight(u.text, "*"), true
		}
		out = append(out, u)
		i = j
	}
	return out
}

// candidateLangs returns the languages words may be written in, judged by
// their script: Latin words in the searcher's language (when it writes
// Latin) and in English, French and Spanish; Cyrillic in Russian; Arabic
// in Arabic; Han in Chinese. Latin words inside Russian, Arabic and
// Chinese texts are indexed as English, so English covers them too.
func candidateLangs(words []string, lang string) []string {
	var out []string
	add := func(l string) {
		if !slices.Contains(out, l) {
			out = append(out, l)
		}
	}
	for _, w := range words {
		r, _ := utf8.DecodeRuneInString(w)
		switch {
		case textproc.IsHan(r):
			add(textproc.Chinese)
		case unicode.Is(unicode.Cyrillic, r):
			add(textproc.Russian)
		case unicode.Is(unicode.Arabic, r):
			add(textproc.Arabic)
		default:
			if lang == textproc.English || lang == textproc.French || lang == textproc.Spanish {
				add(lang)
			}
			add(textproc.English)
			add(textproc.French)
			add(textproc.Spanish)
		}
	}
	return out
}

// parseSearchText reads search text into a query. The words are
// normalised, segmented, stripped of stop words and stemmed the way the
// index is built ([searchTerms]); since a word's language is often
// unclear, each clause is an alternative of its readings in the languages
// its script may be. Text that is not valid UTF-8, too long, or has no
// word left to search is refused with an EINVALID error on field "q".
func parseSearchText(text, lang string) (textQuery, error) {
	var q textQuery
	if !utf8.ValidString(text) {
		return q, domain.Invalid("q", "error.encoding", "must be valid text")
	}
	if utf8.RuneCountInString(text) > MaxSearchRunes {
		return q, domain.Invalid("q", "error.too_long", "must be at most %d characters", MaxSearchRunes)
	}
	if strings.TrimSpace(text) == "" {
		return q, nil
	}
	for _, u := range splitUnits(textproc.Normalize(text)) {
		for _, c := range u.clauses(lang) {
			if u.neg {
				q.not = append(q.not, c)
			} else {
				q.must = append(q.must, c)
			}
		}
		if len(q.must)+len(q.not) > MaxSearchClauses {
			return textQuery{}, domain.Invalid("q", "error.too_many", "at most %d words", MaxSearchClauses)
		}
	}
	if q.empty() {
		return q, domain.Invalid("q", "error.search_words", "type at least one word to search for; very common words are not searched")
	}
	return q, nil
}

// clauses turns a unit into the clauses it asks for: none when it has
// only stop words; one per bigram for an unquoted run of Chinese (all of
// them required, in any order); one otherwise.
func (u unit) clauses(lang string) []clause {
	words := textproc.Words(u.text)
	if len(words) == 0 {
		return nil
	}
	first, _ := utf8.DecodeRuneInString(words[0])
	if len(words) == 1 && textproc.IsHan(first) && !u.quoted {
		var out []clause
		seen := map[string]bool{}
		for _, t := range textproc.NormalizedTokens(words[0], textproc.Chinese) {
			if seen[t.Stem] {
				continue
			}
			seen[t.Stem] = true
			// A lone character is indexed only inside bigrams: look for
			// the bigrams it begins.
			out = append(out, clause{{terms: []string{t.Stem}, prefix: utf8.RuneCountInString(t.Stem) == 1}})
		}
		return out
	}
	langs := candidateLangs(words, lang)
	if len(words) == 1 && u.prefix && utf8.RuneCountInString(words[0]) >= 2 {
		return []clause{{{terms: []string{words[0]}, prefix: true}}}
	}
	if len(words) == 1 {
		// A word that is a stop word in one of its languages is dropped:
		// read as a content word in another language, it would make
		// "the migrants" require a French "the".
		for _, l := range langs {
			if textproc.IsStopWord(l, words[0]) {
				return nil
			}
		}
	}
	var c clause
	seen := map[string]bool{}
	joined := strings.Join(words, " ")
	for _, l := range langs {
		toks := textproc.NormalizedTokens(joined, l)
		if len(toks) == 0 {
			continue
		}
		a := alternative{terms: make([]string, len(toks))}
		for i, t := range toks {
			a.terms[i] = t.Stem
		}
		if k := a.key(); !seen[k] {
			seen[k] = true
			c = append(c, a)
		}
	}
	if len(c) == 0 {
		return nil
	}
	return []clause{c}
}

// ftsMatch writes clauses as an FTS5 query, every term double-quoted: the
// clauses joined by AND (or by OR with any), the alternatives of a clause
// by OR, the terms of a phrase by +.
func ftsMatch(cs []clause, any bool) string {
	parts := make([]string, len(cs))
	for i, c := range cs {
		alts := make([]string, len(c))
		for j, a := range c {
			ts := make([]string, len(a.terms))
			for k, t := range a.terms {
				ts[k] = `"` + strings.ReplaceAll(t, `"`, `""`) + `"`
			}
			alts[j] = strings.Join(ts, " + ")
			if a.prefix {
				alts[j] += " *"
			}
		}
		parts[i] = "(" + strings.Join(alts, " OR ") + ")"
	}
	op := " AND "
	if any {
		op = " OR "
	}
	return strings.Join(parts, op)
}

// tsQuery writes clauses as a PostgreSQL tsquery constant, every lexeme
// quoted: clauses joined by & (or | with any), alternatives by |, the
// terms of a phrase by <->.
func tsQuery(cs []clause, any bool) string {
	parts := make([]string, len(cs))
	for i, c := range cs {
		alts := make([]string, len(c))
		for j, a := range c {
			ts := make([]string, len(a.terms))
			for k, t := range a.terms {
				ts[k] = `'` + strings.NewReplacer(`'`, `''`, `\`, `\\`).Replace(t) + `'`
				if a.prefix {
					ts[k] += ":*"
				}
			}
			alts[j] = "(" + strings.Join(ts, " <-> ") + ")"
		}
		parts[i] = "(" + strings.Join(alts, " | ") + ")"
	}
	op := " & "
	if any {
		op = " | "
	}
	return strings.Join(parts, op)
}
