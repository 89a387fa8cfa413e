package outcome_test

import (
	"testing"

	"github.com/plenary-org/plenary/internal/deliberation"
	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/outcome"
	"github.com/plenary-org/plenary/internal/store"
)

// TestDraftGivesTheRapporteursNarrative: a group's section of the draft
// gives its report in the rapporteur's words: each guiding question the
// report answers as a sub-heading with its answer as a paragraph, then the
// points of general agreement and of disagreement; a question left blank
// is not there, nor anything in a group whose report says nothing. An
// answer rewritten is the same paragraph changed when the section is made
// again.
func TestDraftGivesTheRapporteursNarrative(t *testing.T) {
	w := newWorld(t, false)
	var qs []*domain.AgendaItem
	for _, text := range []string{"What are five recommendations of your region?", "What mechanisms at the regional level would ensure follow-up?"} {
		q := &domain.AgendaItem{MeetingID: w.meeting.ID, PartID: w.part, Kind: domain.ItemQuestion, Text: text}
		if err := w.db.CreateItem(w.ctx, q); err != nil {
			t.Fatal(err)
		}
		qs = append(qs, q)
	}
	delib := deliberation.New(w.db, nil)
	africa := w.groups[0]
	conv := deliberation.ConversationInput{GroupID: africa.ID, PartID: w.part}
	save := func(version int, answer string) *store.Report {
		t.Helper()
		rep, err := delib.SaveReport(w.ctx, w.actors["rapporteur"], deliberation.ReportInput{ConversationInput: conv, Lang: "en", Version: version,
			Texts: map[string]store.ReportText{"en": {Agreement: "Regular pathways need regional agreements.", Disagreement: "Whether return quotas belong in the GCM.",
				Answers: map[string]string{qs[1].ID: answer}}}})
		if err != nil {
			t.Fatal(err)
		}
		return rep
	}
	rep := save(0, "A yearly regional review held by the RCPs.")
	v := w.draft(t)
	var got [][2]string
	for _, s := range v.Text.Sections {
		if s.Key == "group:"+w.groups[1].ID {
			for _, b := range s.Blocks {
				if b.Kind == domain.BlockSubheading {
					t.Errorf("Europe's section has a sub-heading %q: its group wrote no report", b.Text)
				}
			}
		}
		if s.Key != "group:"+africa.ID {
			continue
		}
		for _, b := range s.Blocks {
			got = append(got, [2]string{string(b.Kind), b.Text})
		}
	}
	want := [][2]string{
		{"subheading", qs[1].Text}, {"paragraph", "A yearly regional review held by the RCPs."},
		{"subheading", "Points of general agreement"}, {"paragraph", "Regular pathways need regional agreements."},
		{"subheading", "Points of disagreement"}, {"paragraph", "Whether return quotas belong in the GCM."},
	}
	at := -1
	for i, b := range got {
		if b == want[0] {
			at = i
		}
		if b[1] == qs[0].Text {
			t.Errorf("the draft asks a question the report left blank: %v", b)
		}
	}
	if at < 0 || len(got) < at+len(want) {
		t.Fatalf("Africa's section %v lacks %v", got, want)
	}
	for i, b := range want {
		if got[at+i] != b {
			t.Fatalf("Africa's section %v: block %d is %v, want %v", got, at+i, got[at+i], b)
		}
	}

	// The rapporteur rewrites the answer; the section made again changes
	// that paragraph only.
	save(rep.Version, "A yearly regional review held by the RCPs with their partners.")
	v2, err := w.svc.Regenerate(w.ctx, w.actors["secretariat"], outcome.SectionInput{MeetingID: w.meeting.ID, Key: "group:" + africa.ID, Version: v.Number})
	if err != nil {
		t.Fatal(err)
	}
	d := outcome.Diff(v.Text, v2.Text)
	if len(d.Blocks) != 1 || d.Blocks[0].Kind != outcome.Changed || d.Blocks[0].New.Text != "A yearly regional review held by the RCPs with their partners." {
		t.Fatalf("difference %+v, want the answer's paragraph changed", d.Blocks)
	}
}
