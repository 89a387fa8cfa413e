package outcome

import (
	"fmt"
	"testing"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/store"
)

func para(id, text string) domain.OutcomeBlock {
	return domain.OutcomeBlock{ID: id, Kind: domain.BlockParagraph, Text: text}
}

func doc(sections ...domain.OutcomeSection) domain.OutcomeText {
	return domain.OutcomeText{Language: "en", Title: "T", Sections: sections}
}

func sec(key string, blocks ...domain.OutcomeBlock) domain.OutcomeSection {
	return domain.OutcomeSection{Key: key, Heading: key, Blocks: blocks}
}

// summary writes a difference's blocks as "kind id" (with "+moved").
func summary(d Difference) []string {
	var out []string
	for _, c := range d.Blocks {
		s := string(c.Kind) + " " + c.ID
		if c.Moved {
			s += "+moved"
		}
		out = append(out, s)
	}
	return out
}

func TestDiff(t *testing.T) {
	base := doc(sec("a", para("p1", "one"), para("p2", "two"), para("p3", "three")), sec("b", para("p4", "four")))
	for _, c := range []struct {
		name string
		new  domain.OutcomeText
		want []string
	}{
		{"same", base, nil},
		{"changed", doc(sec("a", para("p1", "one"), para("p2", "TWO"), para("p3", "three")), sec("b", para("p4", "four"))), []string{"changed p2"}},
		{"added", doc(sec("a", para("p1", "one"), para("p2", "two"), para("n1", "new"), para("p3", "three")), sec("b", para("p4", "four"))), []string{"added n1"}},
		{"removed in place", doc(sec("a", para("p1", "one"), para("p3", "three")), sec("b", para("p4", "four"))), []string{"removed p2"}},
		{"removed first", doc(sec("a", para("p2", "two"), para("p3", "three")), sec("b", para("p4", "four"))), []string{"removed p1"}},
		{"moved within", doc(sec("a", para("p2", "two"), para("p3", "three"), para("p1", "one")), sec("b", para("p4", "four"))), []string{"moved p1"}},
		{"moved to another section", doc(sec("a", para("p1", "one"), para("p2", "two")), sec("b", para("p3", "three"), para("p4", "four"))), []string{"moved p3"}},
		{"changed and moved", doc(sec("a", para("p1", "one"), para("p3", "three")), sec("b", para("p4", "four"), para("p2", "2"))), []string{"changed p2+moved"}},
		{"kind changed", doc(sec("a", para("p1", "one"), domain.OutcomeBlock{ID: "p2", Kind: domain.BlockNote, Text: "two"}, para("p3", "three")), sec("b", para("p4", "four"))), []string{"changed p2"}},
		{"everything", doc(sec("b", para("p4", "4"), para("p1", "one")), sec("c", para("x", "x"))), []string{"changed p4", "moved p1", "removed p2", "removed p3", "added x"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			d := Diff(base, c.new)
			if got := summary(d); fmt.Sprint(got) != fmt.Sprint(c.want) {
				t.Fatalf("got %v, want %v", got, c.want)
			}
			for _, ch := range d.Blocks {
				if (ch.Old == nil) != (ch.Kind == Added) || (ch.New == nil) != (ch.Kind == Removed) {
					t.Fatalf("%s %s: old %v new %v", ch.Kind, ch.ID, ch.Old, ch.New)
				}
			}
		})
	}
	d := Diff(base, doc(sec("a", para("p1", "one")), sec("c", para("p4", "four"))))
	if fmt.Sprint(d.Sections) != "[{c added  c} {b removed b }]" {
		t.Fatalf("sections %v", d.Sections)
	}
	ch := Diff(base, doc(sec("a", para("p1", "one"), para("p2", "TWO"), para("p3", "three")), sec("b", para("p4", "four")))).Blocks[0]
	if ch.Old.Text != "two" || ch.New.Text != "TWO" || ch.OldNumber != 2 || ch.NewNumber != 2 {
		t.Fatalf("change %+v", ch)
	}
}

func TestApply(t *testing.T) {
	base := doc(sec("a", para("p1", "one"), para("p2", "two")), sec("b", para("p3", "three")))
	got, skipped := Apply(base, []Applied{
		{BlockID: "p1", Op: store.AmendReplace, Text: "ONE"},
		{BlockID: "p1", Op: store.AmendInsertAfter, Text: "after one", NewID: "i1"},
		{BlockID: "p1", Op: store.AmendInsertAfter, Text: "after that", NewID: "i2"},
		{BlockID: "p2", Op: store.AmendDelete},
		{BlockID: "p2", Op: store.AmendInsertAfter, Text: "instead of two", NewID: "i3"},
		{BlockID: "gone", Op: store.AmendDelete},
	})
	want := doc(sec("a", para("p1", "ONE"), para("i1", "after one"), para("i2", "after that"), para("i3", "instead of two")), sec("b", para("p3", "three")))
	if got.Hash() != want.Hash() {
		t.Fatalf("got %+v", got)
	}
	if len(skipped) != 1 || skipped[0].BlockID != "gone" {
		t.Fatalf("skipped %v", skipped)
	}
	if base.Sections[0].Blocks[0].Text != "one" {
		t.Fatal("Apply changed its input")
	}
}

func TestInLanguage(t *testing.T) {
	orig := doc(sec("a", para("p1", "one"), para("p2", "two")))
	trs := map[string]*store.OutcomeTranslation{
		"title":     {BlockID: "title", Text: "Titre", Status: store.TranslationRevised, OfVersion: 1, Source: digest("", "T", nil)},
		"heading:a": {BlockID: "heading:a", Text: "A", Status: store.TranslationMachine, OfVersion: 1, Source: digest("", "a", nil)},
		"p1":        {BlockID: "p1", Text: "un", Status: store.TranslationTranslated, OfVersion: 1, Source: digest(domain.BlockParagraph, "one", nil)},
		"p2":        {BlockID: "p2", Text: "deux", Status: store.TranslationTranslated, OfVersion: 1, Source: digest(domain.BlockParagraph, "TWO", nil)},
	}
	got, lang, info := InLanguage(orig, "fr", trs)
	if lang != "fr" || got.Language != "fr" || got.Title != "Titre" || got.Sections[0].Heading != "A" || got.Sections[0].Blocks[0].Text != "un" {
		t.Fatalf("got %+v", got)
	}
	if !info["p1"].Translated || info["p1"].Stale || !info["p2"].Stale || info["title"].Status != store.TranslationRevised {
		t.Fatalf("info %+v", info)
	}
	// Without translations every block is the original's, and says so.
	got, _, info = InLanguage(orig, "ar", nil)
	if got.Sections[0].Blocks[1].Text != "two" || info["p2"].Translated {
		t.Fatalf("fallback %+v %+v", got, info)
	}
	// The original language ignores translations.
	got, _, _ = InLanguage(orig, "en", trs)
	if got.Hash() != orig.Hash() {
		t.Fatal("the original changed")
	}
}
