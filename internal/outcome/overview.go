package outcome

import (
	"context"
	"slices"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/store"
)

// OverviewInput asks for what the outcome document's page shows.
type OverviewInput struct {
	MeetingID string
	// Version to read; 0 for the latest the actor may read.
	Version int
	// Lang to read it in; empty for the original.
	Lang string
}

// Overview is a meeting's outcome document as its page shows it to one
// person: its state and what they may do ([Outcome]), the version read
// (nil before the first draft, and for observers before adoption), the
// record of amendments to those who read drafts, the state of each
// translation, and the names of the delegations the person speaks for.
type Overview struct {
	*Outcome
	Text *Text
	// Record is nil for observers.
	Record *Record
	// Languages is the state of the translations of the version read, one
	// per language other than the original, in the order of
	// domain.Locales.
	Languages []LanguageState
	// Bodies names the delegations of Can.Bodies, by ID.
	Bodies map[string]string
}

// LanguageState is how far a version is translated into one language.
type LanguageState struct {
	Lang string
	// Parts is how many parts the version has to translate (title,
	// subtitle, headings, blocks); Translated how many are, Stale how
	// many of those were made from another original.
	Parts, Translated, Stale int
	// Statuses counts the translated parts by status.
	Statuses map[store.TranslationStatus]int
	// OfVersions lists the versions the translations were made from,
	// oldest first.
	OfVersions []int
}

// Status is the least advanced status of the translated parts ("" when
// none is translated): a document is revised when every part is.
func (l LanguageState) Status() store.TranslationStatus {
	for _, st := range TranslationStatuses {
		if l.Statuses[st] > 0 {
			return st
		}
	}
	return ""
}

// Overview returns what the outcome document's page shows (see
// [Overview]) to whoever may see the meeting: the state always; a version
// (in a language) to those who may read it; the amendments and the
// translations' states to those who read drafts.
func (s *Service) Overview(ctx context.Context, a *domain.Actor, in OverviewInput) (*Overview, error) {
	o, err := s.Outcome(ctx, a, in.MeetingID)
	if err != nil {
		return nil, err
	}
	ov := &Overview{Outcome: o, Bodies: map[string]string{}}
	if len(o.Can.Bodies) > 0 {
		bs, err := s.db.BodiesByID(ctx, o.Can.Bodies)
		if err != nil {
			return nil, err
		}
		for id, b := range bs {
			ov.Bodies[id] = b.Label()
		}
	}
	if o.Document == nil || (!o.Can.ReadDrafts && o.Document.AdoptedVersion == 0) {
		return ov, nil
	}
	if ov.Text, err = s.Text(ctx, a, TextInput(in)); err != nil {
		return nil, err
	}
	if !o.Can.ReadDrafts {
		return ov, nil
	}
	if ov.Record, err = s.Amendments(ctx, a, in.MeetingID); err != nil {
		return nil, err
	}
	orig := ov.Text.Version.Text
	for _, lang := range domain.Locales {
		if lang == o.Document.Lang {
			continue
		}
		trs, err := s.db.OutcomeTranslations(ctx, in.MeetingID, lang)
		if err != nil {
			return nil, err
		}
		_, _, info := InLanguage(orig, lang, trs)
		ls := LanguageState{Lang: lang, Parts: len(info), Statuses: map[store.TranslationStatus]int{}}
		for _, b := range info {
			if !b.Translated {
				continue
			}
			ls.Translated++
			ls.Statuses[b.Status]++
			if b.Stale {
				ls.Stale++
			}
			if !slices.Contains(ls.OfVersions, b.OfVersion) {
				ls.OfVersions = append(ls.OfVersions, b.OfVersion)
			}
		}
		slices.Sort(ls.OfVersions)
		ov.Languages = append(ov.Languages, ls)
	}
	return ov, nil
}
