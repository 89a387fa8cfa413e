package texts

import (
	"context"
	"fmt"
	"strings"

	"github.com/plenary-org/plenary/internal/domain"
)

// ImportOptions mark the translations an imported agenda gives.
type ImportOptions struct {
	Machine    bool
	Unofficial bool
}

// ImportAgenda takes translated, an agenda in lang, as that language's
// version of a meeting: its structure must be the meeting's (the same
// sessions by number, the same parts, objectives, guiding questions and
// issues in the same order, the same footnotes); otherwise EINVALID says
// where the two differ and nothing is saved. Each text of the translation
// that differs from the original
// replaces the stored translation into lang of the matching text, whatever
// its version (an import is the whole language's version); a text left
// empty in the translation is left as it was. Groups are not part of an
// agenda. For those who manage the meeting.
func (s *Service) ImportAgenda(ctx context.Context, a *domain.Actor, meetingID, lang string, translated *domain.Agenda, opt ImportOptions) (SaveResult, error) {
	ag, err := s.meetingScope(ctx, a, meetingID, true)
	if err != nil {
		return SaveResult{}, err
	}
	if !ValidLang(lang) {
		return SaveResult{}, domain.Invalid("lang", "error.locale", "must be one of %s", strings.Join(domain.Locales, ", "))
	}
	orig, err := s.db.OriginalLang(ctx, domain.TextMeeting, meetingID)
	if err != nil {
		return SaveResult{}, err
	}
	if lang == orig {
		return SaveResult{}, domain.Invalid("lang", "error.translation_same", "this is the language of the original")
	}
	if err := SameStructure(ag, translated); err != nil {
		return SaveResult{}, err
	}
	// Give the translation the stored IDs, then list both agendas' texts:
	// same structure, same order.
	copyIDs(ag, translated)
	want := AgendaEntries(ag, nil)
	got := AgendaEntries(translated, nil)
	gotBy := map[domain.TextKey]string{}
	for _, e := range got {
		gotBy[e.TextKey] = e.Original
	}
	current, err := s.db.MeetingTexts(ctx, meetingID, lang)
	if err != nil {
		return SaveResult{}, err
	}
	versions := map[domain.TextKey]int{}
	for _, t := range current {
		versions[t.TextKey] = t.Version
	}
	var edits []Edit
	for _, e := range want {
		// A text left empty, or left as the original (an export of the
		// language's version writes the original where a translation is
		// missing), is not a translation.
		text, ok := gotBy[e.TextKey]
		if !ok || strings.TrimSpace(text) == "" || text == e.Original {
			continue
		}
		edits = append(edits, Edit{TextKey: e.TextKey, Lang: lang, Text: text, Machine: opt.Machine, Unofficial: opt.Unofficial, Version: versions[e.TextKey]})
	}
	groups, err := s.db.Groups(ctx, meetingID)
	if err != nil {
		return SaveResult{}, err
	}
	return s.save(ctx, a, meetingID, domain.TextMeeting, meetingID, orig, AgendaEntries(ag, groups), edits)
}

// SameStructure checks that translated has the structure of stored: the
// same sessions (by number, in order), each with the same parts, and the
// same objectives, guiding questions and issues (with the same labels and
// nesting) everywhere, and the same footnote numbers. The error, EINVALID
// on "file", names the first place where they differ.
func SameStructure(stored, translated *domain.Agenda) error {
	differ := func(where, format string, args ...any) error {
		return domain.Invalid("file", "error.agenda_structure", "the translated agenda does not match the meeting's at %s: %s", where, fmt.Sprintf(format, args...))
	}
	if err := sameItems(stored.Items, translated.Items, "the meeting's objectives and issues", differ); err != nil {
		return err
	}
	if len(stored.Sessions) != len(translated.Sessions) {
		return differ("the sessions", "the meeting has %d sessions, the translation %d", len(stored.Sessions), len(translated.Sessions))
	}
	for i, sn := range stored.Sessions {
		tn := translated.Sessions[i]
		where := fmt.Sprintf("session %d", sn.Number)
		if sn.Number != tn.Number {
			return differ(fmt.Sprintf("the %s session", ordinal(i+1)), "the meeting has session %d, the translation session %d", sn.Number, tn.Number)
		}
		if err := sameItems(sn.Items, tn.Items, where, differ); err != nil {
			return err
		}
		if len(sn.Parts) != len(tn.Parts) {
			return differ(where, "the meeting's session has %d parts, the translation's %d", len(sn.Parts), len(tn.Parts))
		}
		for j, pn := range sn.Parts {
			// A part's kind is not compared: the importer tells it from
			// words of the title ("breakout", "plenary") that a translation
			// does not hold.
			tp := tn.Parts[j]
			pw := fmt.Sprintf("%s, part %d (%q)", where, j+1, pn.Title)
			if err := sameItems(pn.Items, tp.Items, pw, differ); err != nil {
				return err
			}
		}
	}
	if len(stored.Footnotes) != len(translated.Footnotes) {
		return differ("the footnotes", "the meeting has %d footnotes, the translation %d", len(stored.Footnotes), len(translated.Footnotes))
	}
	for i, f := range stored.Footnotes {
		if translated.Footnotes[i].Number != f.Number {
			return differ("the footnotes", "the meeting has footnote %d where the translation has footnote %d", f.Number, translated.Footnotes[i].Number)
		}
	}
	return nil
}

func sameItems(a, b []*domain.ItemNode, where string, differ func(string, string, ...any) error) error {
	for _, k := range []domain.ItemKind{domain.ItemObjective, domain.ItemQuestion, domain.ItemIssue} {
		x, y := domain.ItemsOfKind(a, k), domain.ItemsOfKind(b, k)
		if len(x) != len(y) {
			return differ(where, "the meeting has %d %s items, the translation %d", len(x), k, len(y))
		}
		for i := range x {
			iw := fmt.Sprintf("%s, %s %d", where, k, i+1)
			if x[i].Label != y[i].Label {
				return differ(iw, "the meeting's item is labelled %q, the translation's %q", x[i].Label, y[i].Label)
			}
			if err := sameItems(x[i].Children, y[i].Children, iw, differ); err != nil {
				return err
			}
		}
	}
	return nil
}

func ordinal(n int) string {
	switch n {
	case 1:
		return "1st"
	case 2:
		return "2nd"
	case 3:
		return "3rd"
	}
	return fmt.Sprintf("%dth", n)
}

// copyIDs gives the nodes of dst, of the same structure as src, the IDs of
// src's.
func copyIDs(src, dst *domain.Agenda) {
	dst.Meeting.ID = src.Meeting.ID
	copyItemIDs(src.Items, dst.Items)
	for i, sn := range src.Sessions {
		tn := dst.Sessions[i]
		tn.ID = sn.ID
		copyItemIDs(sn.Items, tn.Items)
		for j, pn := range sn.Parts {
			tn.Parts[j].ID = pn.ID
			copyItemIDs(pn.Items, tn.Parts[j].Items)
		}
	}
}

func copyItemIDs(a, b []*domain.ItemNode) {
	for _, k := range []domain.ItemKind{domain.ItemObjective, domain.ItemQuestion, domain.ItemIssue} {
		x, y := domain.ItemsOfKind(a, k), domain.ItemsOfKind(b, k)
		for i := range x {
			y[i].ID = x[i].ID
			copyItemIDs(x[i].Children, y[i].Children)
		}
	}
}

// AgendaIn returns a meeting's agenda with its texts in lang where a
// translation exists and the original elsewhere, and how many texts
// stayed in the original: the agenda export of a language. For those who
// may see the meeting.
func (s *Service) AgendaIn(ctx context.Context, a *domain.Actor, meetingID, lang string) (*domain.Agenda, int, error) {
	ag, err := s.meetingScope(ctx, a, meetingID, false)
	if err != nil {
		return nil, 0, err
	}
	if !ValidLang(lang) {
		return nil, 0, domain.Invalid("lang", "error.locale", "must be one of %s", strings.Join(domain.Locales, ", "))
	}
	orig, err := s.db.OriginalLang(ctx, domain.TextMeeting, meetingID)
	if err != nil || orig == lang {
		return ag, 0, err
	}
	trs, err := s.db.MeetingTexts(ctx, meetingID, lang)
	if err != nil {
		return nil, 0, err
	}
	by := map[domain.TextKey]string{}
	for _, t := range trs {
		by[t.TextKey] = t.Text
	}
	missing := 0
	pick := func(kind domain.TextKind, id, field string, dst *string) {
		if strings.TrimSpace(*dst) == "" {
			return
		}
		if t, ok := by[domain.TextKey{Kind: kind, ID: id, Field: field}]; ok {
			*dst = t
			return
		}
		missing++
	}
	m := ag.Meeting
	for _, f := range []struct {
		name string
		dst  *string
	}{{"title", &m.Title}, {"subtitle", &m.Subtitle}, {"doc_title", &m.DocTitle}, {"venue", &m.Venue},
		{"objectives_title", &m.ObjectivesTitle}, {"objectives_intro", &m.ObjectivesIntro}, {"issues_title", &m.IssuesTitle},
		{"issues_intro", &m.IssuesIntro}, {"sessions_title", &m.SessionsTitle}} {
		pick(domain.TextMeeting, m.ID, f.name, f.dst)
	}
	for _, f := range []struct {
		name string
		dst  *[]string
	}{{"organisation", &m.Organisation}, {"details", &m.Details}} {
		joined := strings.Join(*f.dst, "\n")
		pick(domain.TextMeeting, m.ID, f.name, &joined)
		if joined != "" {
			*f.dst = strings.Split(joined, "\n")
		}
	}
	var items func([]*domain.ItemNode)
	items = func(ns []*domain.ItemNode) {
		for _, n := range ns {
			pick(domain.TextItem, n.ID, "text", &n.Text)
			items(n.Children)
		}
	}
	items(ag.Items)
	for _, sn := range ag.Sessions {
		pick(domain.TextSession, sn.ID, "title", &sn.Title)
		pick(domain.TextSession, sn.ID, "intro", &sn.Intro)
		pick(domain.TextSession, sn.ID, "objectives_note", &sn.ObjectivesNote)
		pick(domain.TextSession, sn.ID, "questions_note", &sn.QuestionsNote)
		items(sn.Items)
		for _, pn := range sn.Parts {
			pick(domain.TextPart, pn.ID, "title", &pn.Title)
			pick(domain.TextPart, pn.ID, "intro", &pn.Intro)
			pick(domain.TextPart, pn.ID, "objectives_note", &pn.ObjectivesNote)
			pick(domain.TextPart, pn.ID, "questions_note", &pn.QuestionsNote)
			items(pn.Items)
		}
	}
	for i := range ag.Footnotes {
		pick(domain.TextFootnote, domain.FootnoteID(m.ID, ag.Footnotes[i].Number), "text", &ag.Footnotes[i].Text)
	}
	return ag, missing, nil
}
