package demo

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/plenary-org/plenary/internal/deliberation"
	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/locale"
	"github.com/plenary-org/plenary/internal/outcome"
	"github.com/plenary-org/plenary/internal/store"
	"github.com/plenary-org/plenary/internal/synthesis"
)

// TestDemoGRCP6 checks the completed earlier meeting: marked as
// demonstration content, in GRCP 7's process and listed after it; its
// outcome document adopted (with a hash that its text and its exports
// verify against) and published, in three versions or more, with an
// amendment record holding each kind of decision and a support; every
// block of the adopted version translated into the five other languages;
// and GRCP 7 left without an outcome document for visitors to make.
func TestDemoGRCP6(t *testing.T) {
	db, res, _, _ := loadDemo(t)
	ctx := context.Background()
	synth := synthesis.New(db, nil, nil)
	svc := outcome.New(db, synth, deliberation.New(db, nil), locale.MustLoad())
	secretariat, err := actorFor(ctx, db, "secretariat@demo.plenary.local")
	if err != nil {
		t.Fatal(err)
	}
	mid := res.EarlierMeetingID
	if mid == "" {
		t.Fatal("no earlier meeting")
	}

	m, err := db.Meeting(ctx, mid)
	if err != nil {
		t.Fatal(err)
	}
	grcp7, err := db.Meeting(ctx, res.MeetingID)
	if err != nil {
		t.Fatal(err)
	}
	t.Run("meeting", func(t *testing.T) {
		if !strings.Contains(m.Name(), "(demonstration)") || !strings.Contains(m.Title, "(demonstration)") {
			t.Errorf("name %q, title %q: the earlier meeting must say it is a demonstration", m.Name(), m.Title)
		}
		if !slices.ContainsFunc(m.Details, func(s string) bool { return strings.HasPrefix(s, "Demonstration content") }) {
			t.Errorf("details %q: the agenda must say it is invented", m.Details)
		}
		if m.ProcessID != grcp7.ProcessID || m.StartsOn >= grcp7.StartsOn {
			t.Errorf("GRCP 6 in process %s from %s; GRCP 7 in %s from %s", m.ProcessID, m.StartsOn, grcp7.ProcessID, grcp7.StartsOn)
		}
		ms, err := db.Meetings(ctx, m.ProcessID, "")
		if err != nil {
			t.Fatal(err)
		}
		if len(ms) != 2 || ms[0].ID != res.MeetingID || ms[1].ID != mid {
			t.Errorf("the process lists %d meetings, want GRCP 7 then GRCP 6 (the pages open the first)", len(ms))
		}
	})

	o, err := svc.Outcome(ctx, secretariat, mid)
	if err != nil {
		t.Fatal(err)
	}
	d := o.Document
	t.Run("adopted and published", func(t *testing.T) {
		if o.Status != domain.OutcomePublished || d.PublishedAt.IsZero() {
			t.Errorf("status %s, published at %v; want published", o.Status, d.PublishedAt)
		}
		if d.AdoptedVersion < 3 || d.AdoptedVersion != d.Latest || d.AdoptedBy == "" {
			t.Errorf("adopted version %d of %d by %q; want the latest, 3 or more, by the chair", d.AdoptedVersion, d.Latest, d.AdoptedBy)
		}
		var notes []string
		for _, v := range o.Versions {
			notes = append(notes, v.Note)
		}
		if want := []string{"draft", "edit", "amendments:1"}; !slices.Equal(notes, want) {
			t.Errorf("versions made by %q, want %q", notes, want)
		}
	})

	adopted, err := svc.Public(ctx, outcome.PublicInput{MeetingID: mid})
	if err != nil {
		t.Fatalf("the published document without an account: %v", err)
	}
	t.Run("hash verifies", func(t *testing.T) {
		if adopted.Tampered || adopted.Hash != d.AdoptedHash || adopted.Version.Text.Hash() != d.AdoptedHash {
			t.Errorf("hash %s, adopted %s, tampered %v", adopted.Hash, d.AdoptedHash, adopted.Tampered)
		}
		for _, lang := range []string{"en", "ar"} {
			ex, err := svc.PublicExport(ctx, outcome.ExportInput{TextInput: outcome.TextInput{MeetingID: mid, Lang: lang}, Format: "md"})
			if err != nil {
				t.Fatal(err)
			}
			v, err := svc.Verify(ctx, &domain.Actor{}, ex.Data)
			if err != nil {
				t.Fatal(err)
			}
			if len(v.Matches) != 1 || !v.Matches[0].Exact || v.Matches[0].MeetingID != mid || v.Matches[0].Lang != lang {
				t.Errorf("the %s Markdown export verifies as %+v, want exactly GRCP 6's adopted version", lang, v.Matches)
			}
		}
	})

	t.Run("each group's narrative under its own sub-heading", func(t *testing.T) {
		// The points of agreement and of disagreement hold the
		// rapporteur's words only: the report's other fields come
		// before them, the votes' findings under a sub-heading of
		// their own.
		groups := 0
		for _, s := range adopted.Version.Text.Sections {
			if !strings.HasPrefix(s.Key, "group:") {
				continue
			}
			groups++
			under := ""
			n := 0
			for _, b := range append(slices.Clone(s.Blocks), domain.OutcomeBlock{Kind: domain.BlockSubheading}) {
				if b.Kind != domain.BlockSubheading {
					n++
					continue
				}
				if (under == "Points of general agreement" || under == "Points of disagreement") && n != 1 {
					t.Errorf("%s: %d blocks under %q, want the rapporteur's one paragraph", s.Heading, n, under)
				}
				under, n = b.Text, 0
			}
		}
		if groups == 0 {
			t.Error("no group section in the adopted version")
		}
	})
	t.Run("amendment record", func(t *testing.T) {
		rec, err := svc.Amendments(ctx, secretariat, mid)
		if err != nil {
			t.Fatal(err)
		}
		kinds := map[store.AmendmentStatus]int{}
		bodies := map[string]bool{}
		supported := 0
		for _, am := range rec.Amendments {
			kinds[am.Status]++
			bodies[am.BodyID] = true
			if am.Justification == "" {
				t.Errorf("A%d has no justification", am.Number)
			}
			switch am.Status {
			case store.AmendmentRejected, store.AmendmentChanged:
				if am.Reason == "" {
					t.Errorf("A%d is %s without a reason", am.Number, am.Status)
				}
			}
			if (am.Status == store.AmendmentAccepted || am.Status == store.AmendmentChanged) != (am.AppliedIn == d.AdoptedVersion) {
				t.Errorf("A%d is %s and applied in version %d (adopted %d)", am.Number, am.Status, am.AppliedIn, d.AdoptedVersion)
			}
			for _, s := range am.Supports {
				if s.BodyID != am.BodyID {
					supported++
				}
			}
		}
		for _, k := range []store.AmendmentStatus{store.AmendmentAccepted, store.AmendmentChanged, store.AmendmentRejected} {
			if kinds[k] == 0 {
				t.Errorf("no amendment is %s: %v", k, kinds)
			}
		}
		if len(bodies) != len(rec.Amendments) || len(rec.Amendments) < 3 {
			t.Errorf("%d amendments from %d delegations, want 3 or more from as many", len(rec.Amendments), len(bodies))
		}
		if supported == 0 {
			t.Error("no amendment is supported by another delegation")
		}
	})

	t.Run("six languages", func(t *testing.T) {
		used := map[string]bool{}
		for _, lang := range domain.Locales {
			if lang == d.Lang {
				continue
			}
			_, missing := translate(adopted.Version.Text, lang)
			if len(missing) > 0 {
				t.Errorf("no %s translation of these texts of the adopted version (add them to g6Texts):\n%s", lang, strings.Join(missing, "\n"))
			}
			tr, err := svc.Public(ctx, outcome.PublicInput{MeetingID: mid, Lang: lang})
			if err != nil {
				t.Fatal(err)
			}
			for id, bl := range tr.Blocks {
				if !bl.Translated || bl.Stale || bl.OfVersion != d.AdoptedVersion ||
					(bl.Status != store.TranslationTranslated && bl.Status != store.TranslationRevised) {
					t.Errorf("%s: %s is %+v, want translated from version %d", lang, id, bl, d.AdoptedVersion)
				}
			}
			orig := adopted.Version.Text
			for i, s := range tr.Text.Sections {
				for j, b := range s.Blocks {
					if b.Kind == domain.BlockParagraph && b.Text == orig.Sections[i].Blocks[j].Text {
						t.Errorf("%s: paragraph %s reads as the original: %q", lang, b.ID, b.Text)
					}
				}
			}
		}
		for _, part := range parts(adopted.Version.Text) {
			used[part] = true
		}
		for _, x := range g6Texts {
			for _, lang := range domain.Locales {
				if x.in(lang) == "" {
					t.Errorf("%q has no %s translation", x.en, lang)
				}
			}
			if !used[x.en] {
				t.Errorf("%q is not in the adopted version: remove it from g6Texts", x.en)
			}
		}
	})

	t.Run("GRCP 7 has no outcome document", func(t *testing.T) {
		o, err := svc.Outcome(ctx, secretariat, res.MeetingID)
		if err != nil {
			t.Fatal(err)
		}
		if o.Status != domain.OutcomeNone || o.Document != nil {
			t.Errorf("GRCP 7's outcome document is %s: it is left for visitors to make", o.Status)
		}
	})
}

// parts lists the texts of a document that are translated: title,
// subtitle, headings, blocks and table cells.
func parts(t domain.OutcomeText) []string {
	out := []string{t.Title, t.Subtitle}
	for _, s := range t.Sections {
		out = append(out, s.Heading)
		for _, b := range s.Blocks {
			out = append(out, b.Text)
			for _, row := range b.Rows {
				out = append(out, row...)
			}
		}
	}
	return out
}
