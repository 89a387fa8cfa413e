package domain

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
)

// This file is the model of a meeting's outcome document that every part
// shares: the use cases that draft, amend and adopt it, the store, the
// pages and the exports (DOCX, PDF, Markdown, HTML). A document is a
// title and a sequence of sections; a section is a heading and a sequence
// of blocks; a block is a numbered paragraph, an unnumbered note, a
// sub-heading or a table. Every block keeps its ID from version to
// version, so that amendments, translations and the difference between two
// versions name paragraphs, not positions.

// OutcomeStatus is where a meeting's outcome document stands.
type OutcomeStatus string

// The states of an outcome document, in the order it goes through them.
// A document that is open for amendments goes back to draft when the
// secretariat closes the round; an adopted one is frozen and may then be
// published on the meeting's public page.
const (
	OutcomeNone      OutcomeStatus = "none"
	OutcomeDraft     OutcomeStatus = "draft"
	OutcomeOpen      OutcomeStatus = "open"
	OutcomeAdopted   OutcomeStatus = "adopted"
	OutcomePublished OutcomeStatus = "published"
)

// OutcomeStatuses lists the states in order.
var OutcomeStatuses = []OutcomeStatus{OutcomeNone, OutcomeDraft, OutcomeOpen, OutcomeAdopted, OutcomePublished}

// BlockKind is what a block of an outcome document is.
type BlockKind string

// The kinds of block. Only paragraphs are numbered.
const (
	BlockParagraph  BlockKind = "paragraph"
	BlockNote       BlockKind = "note"
	BlockSubheading BlockKind = "subheading"
	BlockTable      BlockKind = "table"
)

// BlockKinds lists the block kinds.
var BlockKinds = []BlockKind{BlockParagraph, BlockNote, BlockSubheading, BlockTable}

// OutcomeBlock is one block of an outcome document's text.
type OutcomeBlock struct {
	// ID is stable across versions and translations ("p" and a short
	// random or derived suffix); the renderers use it as an anchor.
	ID   string    `json:"id"`
	Kind BlockKind `json:"kind"`
	// Text is the paragraph, note or sub-heading; for a table, its
	// caption (may be empty).
	Text string `json:"text,omitempty"`
	// Rows of a table; the first row is its header.
	Rows [][]string `json:"rows,omitempty"`
}

// OutcomeSection is one section of an outcome document.
type OutcomeSection struct {
	// Key names the section stably: "participants", "session:ID",
	// "group:ID", "repeated", "endorsed", "overall", "annex:ID", or
	// "custom:..." for one the secretariat added.
	Key     string `json:"key"`
	Heading string `json:"heading"`
	// Generated is true for a section made from the meeting's synthesis
	// (it may be made again from it until Frozen).
	Generated bool           `json:"generated,omitempty"`
	Frozen    bool           `json:"frozen,omitempty"`
	Blocks    []OutcomeBlock `json:"blocks"`
}

// OutcomeText is the whole text of one version of an outcome document in
// one language: what is adopted, hashed, translated and exported.
type OutcomeText struct {
	Language string           `json:"language"`
	Title    string           `json:"title"`
	Subtitle string           `json:"subtitle,omitempty"` // meeting, dates, venue
	Sections []OutcomeSection `json:"sections"`
}

// Numbers returns the number each numbered paragraph carries, by block ID:
// paragraphs are numbered 1, 2, ... through the whole document in order;
// other blocks have none.
func (t OutcomeText) Numbers() map[string]int {
	n := map[string]int{}
	i := 0
	for _, s := range t.Sections {
		for _, b := range s.Blocks {
			if b.Kind == BlockParagraph {
				i++
				n[b.ID] = i
			}
		}
	}
	return n
}

// Hash is the content hash of the text: SHA-256, in hexadecimal, of a
// canonical form that holds the language, title, subtitle, and every
// section's key and heading and every block's ID, kind, text and cells,
// each field length-prefixed so that no two different texts share a form.
// It does not depend on how the text is stored or exported; it is what an
// adopted document shows and what a check of a copy compares.
func (t OutcomeText) Hash() string {
	h := sha256.New()
	put := func(s string) {
		h.Write([]byte(strconv.Itoa(len(s))))
		h.Write([]byte{':'})
		h.Write([]byte(s))
	}
	put("plenary-outcome-1")
	put(t.Language)
	put(t.Title)
	put(t.Subtitle)
	put(strconv.Itoa(len(t.Sections)))
	for _, s := range t.Sections {
		put(s.Key)
		put(s.Heading)
		put(strconv.Itoa(len(s.Blocks)))
		for _, b := range s.Blocks {
			put(b.ID)
			put(string(b.Kind))
			put(b.Text)
			put(strconv.Itoa(len(b.Rows)))
			for _, r := range b.Rows {
				put(strconv.Itoa(len(r)))
				for _, c := range r {
					put(c)
				}
			}
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

// ShortHash is the first 16 hexadecimal digits of a hash, grouped by four
// for reading aloud and printing ("3f2a 9c01 ..."); the full hash is what
// a check compares.
func ShortHash(hash string) string {
	if len(hash) > 16 {
		hash = hash[:16]
	}
	var b strings.Builder
	for i, r := range hash {
		if i > 0 && i%4 == 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(r)
	}
	return b.String()
}
