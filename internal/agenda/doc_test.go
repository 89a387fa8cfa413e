package agenda

import (
	"reflect"
	"strings"
	"testing"
)

// TestFormatDocExample checks that the example in docs/AGENDA-FORMAT.md
// parses to what the page says it does.
func TestFormatDocExample(t *testing.T) {
	doc := string(readFile(t, "../../docs/AGENDA-FORMAT.md"))
	_, rest, ok := strings.Cut(doc, "```markdown\n")
	example, _, ok2 := strings.Cut(rest, "```\n")
	if !ok || !ok2 {
		t.Fatal("no ```markdown example in docs/AGENDA-FORMAT.md")
	}
	m := mustParse(t, example)
	want := &Meeting{
		Organization:  []string{"International Organization for Migration (IOM)"},
		Title:         "Regional Consultation on Labour Migration",
		Subtitle:      "Third Meeting of the Example Process (EP 3)",
		ShortName:     "EP 3",
		DocumentTitle: "SESSION OBJECTIVES AND GUIDING QUESTIONS",
		TimeZone:      "Europe/Zurich",
		Objectives: &Section{Title: "Meeting objectives", Intro: "The meeting aims to:", Items: []Item{
			{Label: "i", Text: "review good practices on fair recruitment;"},
			{Label: "ii", Text: "agree on **five** recommendations[^1].", Footnotes: []int{1}},
		}},
		Footnotes: []Footnote{{1, "To be transmitted to the GCM co-facilitators."}},
		Sessions: []Session{{
			Number: 1, Title: "Fair recruitment", StartsAt: "2026-03-02T09:00", EndsAt: "2026-03-02T12:30",
			Objectives: []Item{{Text: "to share national experiences."}},
			Parts: []Part{
				{Title: "Breakout groups", Kind: KindBreakout, StartsAt: "2026-03-02T09:00", EndsAt: "2026-03-02T11:00", Questions: []Item{{Text: "Which practices could other regions replicate?"}}},
				{Title: "Plenary discussion", Kind: KindPlenary, Questions: []Item{{Text: "Which recommendations do all groups share?"}}},
			},
		}},
	}
	if !reflect.DeepEqual(m, want) {
		t.Errorf("got %+v\nwant %+v", m, want)
	}
	assertRoundTrip(t, m)
}
