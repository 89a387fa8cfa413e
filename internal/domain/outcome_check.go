package domain

import (
	"slices"
	"strconv"
	"strings"
)

// Limits of an outcome document's text.
const (
	MaxOutcomeSections = 500
	MaxOutcomeBlocks   = 5000 // in the whole document
	MaxOutcomeRows     = 500  // a table's rows
	MaxOutcomeCells    = 20   // a row's cells
	MaxOutcomeID       = 100  // a block's ID or a section's key
)

// Validate checks an outcome document's text as a person saved it: a
// language of the six, a title, sections with distinct keys and
// headings, blocks of a known kind with distinct IDs through the whole
// document, text within the limits (a paragraph or note at most
// [MaxText] characters), a table's rows of cells. Each problem names its
// place ("sections.2.blocks.5.text").
func (t *OutcomeText) Validate() error {
	var errs Errors
	if !slices.Contains(Locales, t.Language) {
		errs = append(errs, Invalid("language", "error.locale", "must be one of %s", strings.Join(Locales, ", ")))
	}
	checkText(&errs, "title", t.Title, true, 2*MaxName)
	checkText(&errs, "subtitle", t.Subtitle, false, 2*MaxName)
	if len(t.Sections) > MaxOutcomeSections {
		errs = append(errs, Invalid("sections", "outcome.error_too_many", "at most %d", MaxOutcomeSections))
	}
	keys, ids := map[string]bool{}, map[string]bool{}
	blocks := 0
	for i, s := range t.Sections {
		at := "sections." + strconv.Itoa(i)
		switch {
		case strings.TrimSpace(s.Key) == "" || len(s.Key) > MaxOutcomeID || CheckLine(at+".key", s.Key) != nil:
			errs = append(errs, Invalid(at+".key", "outcome.error_key", "give the section a key of at most %d characters", MaxOutcomeID))
		case keys[s.Key]:
			errs = append(errs, Invalid(at+".key", "outcome.error_duplicate", "%s appears twice", s.Key))
		}
		keys[s.Key] = true
		checkText(&errs, at+".heading", s.Heading, true, 2*MaxName)
		for j, b := range s.Blocks {
			blocks++
			bat := at + ".blocks." + strconv.Itoa(j)
			switch {
			case strings.TrimSpace(b.ID) == "" || len(b.ID) > MaxOutcomeID || CheckLine(bat+".id", b.ID) != nil:
				errs = append(errs, Invalid(bat+".id", "outcome.error_key", "give the block an ID of at most %d characters", MaxOutcomeID))
			case ids[b.ID]:
				errs = append(errs, Invalid(bat+".id", "outcome.error_duplicate", "%s appears twice", b.ID))
			}
			ids[b.ID] = true
			if !slices.Contains(BlockKinds, b.Kind) {
				errs = append(errs, Invalid(bat+".kind", "outcome.error_block_kind", "choose paragraph, note, subheading or table"))
			}
			switch b.Kind {
			case BlockSubheading:
				checkText(&errs, bat+".text", b.Text, true, 2*MaxName)
			case BlockTable:
				checkText(&errs, bat+".text", b.Text, false, 2*MaxName)
				if len(b.Rows) == 0 || len(b.Rows) > MaxOutcomeRows {
					errs = append(errs, Invalid(bat+".rows", "outcome.error_rows", "a table has 1 to %d rows", MaxOutcomeRows))
				}
				for r, row := range b.Rows {
					if len(row) == 0 || len(row) > MaxOutcomeCells {
						errs = append(errs, Invalid(bat+".rows."+strconv.Itoa(r), "outcome.error_cells", "a row has 1 to %d cells", MaxOutcomeCells))
					}
					for c, cell := range row {
						checkText(&errs, bat+".rows."+strconv.Itoa(r)+"."+strconv.Itoa(c), cell, false, MaxText)
					}
				}
			default:
				checkText(&errs, bat+".text", b.Text, true, MaxText)
			}
			if b.Kind != BlockTable && len(b.Rows) > 0 {
				errs = append(errs, Invalid(bat+".rows", "outcome.error_rows_kind", "only a table has rows"))
			}
		}
	}
	if blocks > MaxOutcomeBlocks {
		errs = append(errs, Invalid("sections", "outcome.error_too_many", "at most %d", MaxOutcomeBlocks))
	}
	if len(errs) > 20 {
		errs = errs[:20]
	}
	return errs.Err()
}
