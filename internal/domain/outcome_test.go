package domain

import "testing"

func TestOutcomeTextNumbersAndHash(t *testing.T) {
	base := OutcomeText{Language: "en", Title: "Outcome", Sections: []OutcomeSection{
		{Key: "a", Heading: "A", Blocks: []OutcomeBlock{
			{ID: "p1", Kind: BlockParagraph, Text: "one"},
			{ID: "n1", Kind: BlockNote, Text: "note"},
			{ID: "p2", Kind: BlockParagraph, Text: "two"},
		}},
		{Key: "b", Heading: "B", Blocks: []OutcomeBlock{
			{ID: "t1", Kind: BlockTable, Rows: [][]string{{"x", "y"}, {"1", "2"}}},
			{ID: "p3", Kind: BlockParagraph, Text: "three"},
		}},
	}}
	n := base.Numbers()
	if n["p1"] != 1 || n["p2"] != 2 || n["p3"] != 3 || n["n1"] != 0 || n["t1"] != 0 {
		t.Fatalf("numbers %v", n)
	}
	h := base.Hash()
	if len(h) != 64 || h != base.Hash() {
		t.Fatalf("hash %q not stable", h)
	}
	// Each change, however small, changes the hash; moving text between
	// fields does too (the fields are length-prefixed).
	changes := map[string]func(*OutcomeText){
		"language":      func(t *OutcomeText) { t.Language = "fr" },
		"title":         func(t *OutcomeText) { t.Title = "Outcome." },
		"subtitle":      func(t *OutcomeText) { t.Subtitle = "x" },
		"heading":       func(t *OutcomeText) { t.Sections[0].Heading = "A " },
		"key":           func(t *OutcomeText) { t.Sections[1].Key = "c" },
		"text":          func(t *OutcomeText) { t.Sections[0].Blocks[0].Text = "one!" },
		"id":            func(t *OutcomeText) { t.Sections[0].Blocks[0].ID = "p9" },
		"kind":          func(t *OutcomeText) { t.Sections[0].Blocks[1].Kind = BlockParagraph },
		"cell":          func(t *OutcomeText) { t.Sections[1].Blocks[0].Rows[1][1] = "3" },
		"cells shifted": func(t *OutcomeText) { t.Sections[1].Blocks[0].Rows = [][]string{{"x", "y", "1"}, {"2"}} },
		"text moved": func(t *OutcomeText) {
			t.Sections[0].Blocks[0].Text, t.Sections[0].Blocks[2].Text = "onetwo", ""
		},
		"block dropped": func(t *OutcomeText) { t.Sections[0].Blocks = t.Sections[0].Blocks[:2] },
	}
	for name, change := range changes {
		c := clone(base)
		change(&c)
		if c.Hash() == h {
			t.Errorf("%s: hash unchanged", name)
		}
	}
	if got := ShortHash(h); len(got) != 19 || got[4] != ' ' {
		t.Errorf("short hash %q", got)
	}
}

func clone(t OutcomeText) OutcomeText {
	c := t
	c.Sections = make([]OutcomeSection, len(t.Sections))
	for i, s := range t.Sections {
		s.Blocks = append([]OutcomeBlock(nil), s.Blocks...)
		for j, b := range s.Blocks {
			rows := make([][]string, len(b.Rows))
			for k, r := range b.Rows {
				rows[k] = append([]string(nil), r...)
			}
			s.Blocks[j].Rows = rows
		}
		c.Sections[i] = s
	}
	return c
}
