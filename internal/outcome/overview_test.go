package outcome_test

import (
	"strings"
	"testing"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/outcome"
	"github.com/plenary-org/plenary/internal/store"
)

// TestEditSection edits one section as each role and from a stale
// version: only the secretariat's edit of the latest version is saved,
// and a refused field is named by the section's own fields.
func TestEditSection(t *testing.T) {
	w := newWorld(t, false)
	v := w.draft(t)
	block := firstParagraph(t, v.Text, "overall")
	edit := func(read int, text string) outcome.SectionEdit {
		return outcome.SectionEdit{MeetingID: w.meeting.ID, Version: read, Key: "overall", Heading: "Recommendations",
			Blocks: []domain.OutcomeBlock{{ID: block, Kind: domain.BlockParagraph, Text: text}, {Kind: domain.BlockNote, Text: "A new note."}}}
	}
	for _, tt := range []struct {
		name, who string
		in        outcome.SectionEdit
		code      string
		field     string
	}{
		{"a delegate", "budapest", edit(1, "Changed."), domain.EFORBIDDEN, ""},
		{"the chair", "chair", edit(1, "Changed."), domain.EFORBIDDEN, ""},
		{"an outsider", "outsider", edit(1, "Changed."), domain.ENOTFOUND, ""},
		{"an empty heading", "secretariat", outcome.SectionEdit{MeetingID: w.meeting.ID, Version: 1, Key: "overall", Blocks: edit(1, "x").Blocks}, domain.EINVALID, "heading"},
		{"a text with a control character", "secretariat", edit(1, "Bad \x07 text."), domain.EINVALID, "blocks.0.text"},
		{"no such section", "secretariat", outcome.SectionEdit{MeetingID: w.meeting.ID, Version: 1, Key: "nowhere", Heading: "X"}, domain.ENOTFOUND, ""},
		{"the secretariat", "secretariat", edit(1, "Open regular pathways, and protect wages."), "", ""},
		{"the secretariat again from version 1", "secretariat", edit(1, "Stale."), domain.ECONFLICT, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := w.svc.EditSection(w.ctx, w.actors[tt.who], tt.in)
			if code(err) != tt.code {
				t.Fatalf("code %q, want %q: %v", code(err), tt.code, err)
			}
			if tt.field != "" {
				list, _ := err.(domain.Errors)
				if len(list) == 0 || list[0].Field != tt.field {
					t.Fatalf("errors %v, want one on %s", err, tt.field)
				}
			}
		})
	}
	got := w.latest(t)
	if got.Version.Number != 2 {
		t.Fatalf("latest version %d, want 2", got.Version.Number)
	}
	for _, s := range got.Text.Sections {
		if s.Key != "overall" {
			continue
		}
		if s.Heading != "Recommendations" || len(s.Blocks) != 2 || s.Blocks[0].ID != block || !strings.Contains(s.Blocks[0].Text, "protect wages") ||
			s.Blocks[1].ID == "" || !s.Generated {
			t.Fatalf("section after the edit: %+v", s)
		}
	}
}

// TestOverview reads the page's overview as each role: observers see the
// state and no text before adoption; participants see the text, the
// record and the translations' states; delegates get their delegation's
// name.
func TestOverview(t *testing.T) {
	w := newWorld(t, false)
	w.draft(t)
	if _, err := w.svc.PutTranslation(w.ctx, w.actors["secretariat"], outcome.TranslationInput{MeetingID: w.meeting.ID, Lang: "fr", Version: 1,
		Status: store.TranslationRevised, Blocks: []outcome.BlockText{{ID: "title", Text: "Document final"}}}); err != nil {
		t.Fatal(err)
	}
	ov, err := w.svc.Overview(w.ctx, w.actors["observer"], outcome.OverviewInput{MeetingID: w.meeting.ID})
	if err != nil || ov.Status != domain.OutcomeDraft || ov.Text != nil || ov.Record != nil || ov.Languages != nil {
		t.Fatalf("observer: %+v, %v", ov, err)
	}
	ov, err = w.svc.Overview(w.ctx, w.actors["budapest"], outcome.OverviewInput{MeetingID: w.meeting.ID, Lang: "fr"})
	if err != nil {
		t.Fatal(err)
	}
	if ov.Text == nil || ov.Text.Text.Title != "Document final" || ov.Record == nil || ov.Bodies[w.bodies["budapest"].ID] == "" {
		t.Fatalf("delegate: %+v", ov)
	}
	if len(ov.Languages) != 5 {
		t.Fatalf("%d languages, want the 5 besides the original", len(ov.Languages))
	}
	for _, l := range ov.Languages {
		want := 0
		if l.Lang == "fr" {
			want = 1
		}
		if l.Translated != want || l.Parts == 0 || (want == 1 && (l.Status() != store.TranslationRevised || l.OfVersions[0] != 1)) {
			t.Fatalf("%s: %+v", l.Lang, l)
		}
	}
	if _, err := w.svc.Overview(w.ctx, w.actors["outsider"], outcome.OverviewInput{MeetingID: w.meeting.ID}); code(err) != domain.ENOTFOUND {
		t.Fatalf("outsider: %v", err)
	}
}
