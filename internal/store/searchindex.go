package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/themes/textproc"
)

// Full-text search works on terms plenary makes itself, the same on both
// engines: each text is normalised, split into words (Chinese into
// character bigrams), stripped of stop words and stemmed in its own
// language with [textproc]. SQLite's FTS5 (unicode61 tokenizer, which
// then only splits on the spaces) and PostgreSQL's tsvector (built from
// the terms, without a text search configuration) index the same terms, so
// a query matches the same contributions on both.

// maxTermPosition is the highest position PostgreSQL records in a tsvector.
const maxTermPosition = 16383

// searchTerms returns the index terms of text in lang.
func searchTerms(text, lang string) []string {
	toks := textproc.Tokens(text, lang)
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = t.Stem
	}
	return out
}

// contributionTerms returns the terms of a contribution's title and of the
// rest (its text, the good-practice fields, its translations).
func contributionTerms(c *domain.Contribution) (title, body []string) {
	title = searchTerms(c.Title, c.Lang)
	for _, f := range []string{c.Text, c.Where, c.Implementer, c.Partners, c.Results, c.Replicability} {
		if f != "" {
			body = append(body, searchTerms(f, c.Lang)...)
		}
	}
	for _, t := range c.Translations {
		title = append(title, searchTerms(t.Title, t.Lang)...)
		body = append(body, searchTerms(t.Text, t.Lang)...)
	}
	return title, body
}

// tsvectorLiteral writes terms as a tsvector constant: title terms weighted
// A, the rest D (PostgreSQL's default weight), with their positions.
func tsvectorLiteral(title, body []string) string {
	pos := map[string][]string{}
	var order []string
	add := func(terms []string, start int, weight string) {
		for i, t := range terms {
			p := start + i
			if p > maxTermPosition {
				p = maxTermPosition
			}
			if _, ok := pos[t]; !ok {
				order = append(order, t)
			}
			pos[t] = append(pos[t], fmt.Sprintf("%d%s", p, weight))
		}
	}
	add(title, 1, "A")
	add(body, len(title)+2, "")
	var b strings.Builder
	for i, t := range order {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteByte('\'')
		b.WriteString(strings.NewReplacer(`'`, `''`, `\`, `\\`).Replace(t))
		b.WriteString("':")
		ps := pos[t]
		if len(ps) > 256 { // PostgreSQL keeps at most 256 positions a term
			ps = ps[:256]
		}
		b.WriteString(strings.Join(ps, ","))
	}
	return b.String()
}

// indexContribution puts c's terms into the full-text index, replacing
// what was there for it.
func (tx *Tx) indexContribution(ctx context.Context, c *domain.Contribution) error {
	ix := &tx.db.dialect.index
	title, body := contributionTerms(c)
	if ix.remove != "" {
		if _, err := tx.execRow(ctx, ix.remove, c.Seq); err != nil {
			return err
		}
	}
	_, err := tx.execRow(ctx, `INSERT INTO `+ix.table+` (`+ix.cols+`) VALUES `+ix.row+ix.upsert,
		append([]any{c.Seq}, ix.values(title, body)...)...)
	return err
}

// ftsValues are an FTS5 row's values: the title's terms and the body's.
func ftsValues(title, body []string) []any {
	return []any{strings.Join(title, " "), strings.Join(body, " ")}
}

// tsvectorValues are a tsvector row's value: one tsvector of both.
func tsvectorValues(title, body []string) []any {
	return []any{tsvectorLiteral(title, body)}
}

// reindexAll rebuilds the full-text index of every contribution, after a
// restore.
func (tx *Tx) reindexAll(ctx context.Context) error {
	if _, err := tx.exec(ctx, `DELETE FROM `+tx.db.dialect.index.table); err != nil {
		return err
	}
	var ids []string
	rows, err := tx.query(ctx, `SELECT id FROM contributions ORDER BY seq`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return err
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, id := range ids {
		c, err := scanContribution(tx.queryRow(ctx, `SELECT `+contributionCols+` FROM contributions c WHERE c.id = ?`, id))
		if err != nil {
			return err
		}
		trows, err := tx.query(ctx, `SELECT lang, title, text FROM contribution_translations WHERE contribution_id = ? ORDER BY lang`, id)
		if err != nil {
			return err
		}
		for trows.Next() {
			var t domain.Translation
			if err := trows.Scan(&t.Lang, &t.Title, &t.Text); err != nil {
				trows.Close()
				return err
			}
			c.Translations = append(c.Translations, t)
		}
		trows.Close()
		if err := trows.Err(); err != nil {
			return err
		}
		if err := tx.indexContribution(ctx, c); err != nil {
			return err
		}
	}
	return nil
}
