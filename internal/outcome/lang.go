package outcome

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/store"
)

// Translations of an outcome document are kept per language and block
// (and for the title, the subtitle and each section's heading), each with
// its status and the version it translates, and the digest of the
// original it was made from: a translation is stale when the original's
// block has changed since.

// Translation IDs of the parts of a text that are not blocks.
const (
	idTitle       = "title"
	idSubtitle    = "subtitle"
	headingPrefix = "heading:"
)

// BlockLang says in which language a block of a text is given.
type BlockLang struct {
	// Translated is false when the block is given in the original
	// language (no translation into the language asked).
	Translated bool `json:"translated"`
	// Status and OfVersion are the translation's; Stale is true when the
	// original changed since it was translated.
	Status    store.TranslationStatus `json:"status,omitempty"`
	OfVersion int                     `json:"of_version,omitempty"`
	Stale     bool                    `json:"stale,omitempty"`
}

// digest is the digest of an original block (or title, subtitle or
// heading) that a translation records: the text's canonical hash of that
// one part.
func digest(kind domain.BlockKind, text string, rows [][]string) string {
	t := domain.OutcomeText{Sections: []domain.OutcomeSection{{Blocks: []domain.OutcomeBlock{{Kind: kind, Text: text, Rows: rows}}}}}
	return t.Hash()[:32]
}

// parts lists what a text has to translate, by translation ID, with its
// digest.
func parts(t domain.OutcomeText) map[string]string {
	out := map[string]string{idTitle: digest("", t.Title, nil)}
	if t.Subtitle != "" {
		out[idSubtitle] = digest("", t.Subtitle, nil)
	}
	for _, s := range t.Sections {
		out[headingPrefix+s.Key] = digest("", s.Heading, nil)
		for _, b := range s.Blocks {
			out[b.ID] = digest(b.Kind, b.Text, b.Rows)
		}
	}
	return out
}

// InLanguage returns the text in lang: each block (and the title, the
// subtitle, each heading) translated when trs holds a translation of it,
// in the original otherwise, with what each one is, by translation ID.
// A table's translation may leave its cells out (they stay the
// original's). Pure.
func InLanguage(orig domain.OutcomeText, lang string, trs map[string]*store.OutcomeTranslation) (domain.OutcomeText, string, map[string]BlockLang) {
	out := cloneText(orig)
	info := map[string]BlockLang{}
	if lang == "" {
		lang = orig.Language
	}
	if lang == orig.Language {
		trs = nil
	}
	out.Language = lang
	pick := func(id, text string, kind domain.BlockKind, rows [][]string) (string, [][]string) {
		tr, ok := trs[id]
		if !ok {
			info[id] = BlockLang{}
			return text, rows
		}
		info[id] = BlockLang{Translated: true, Status: tr.Status, OfVersion: tr.OfVersion, Stale: tr.Source != digest(kind, text, rows)}
		if len(tr.Rows) > 0 {
			rows = tr.Rows
		}
		return tr.Text, rows
	}
	out.Title, _ = pick(idTitle, orig.Title, "", nil)
	if orig.Subtitle != "" {
		out.Subtitle, _ = pick(idSubtitle, orig.Subtitle, "", nil)
	}
	for i := range out.Sections {
		s := &out.Sections[i]
		s.Heading, _ = pick(headingPrefix+s.Key, s.Heading, "", nil)
		for j := range s.Blocks {
			b := &s.Blocks[j]
			b.Text, b.Rows = pick(b.ID, b.Text, b.Kind, b.Rows)
		}
	}
	return out, lang, info
}

// TranslationInput puts translations of blocks of one version.
type TranslationInput struct {
	MeetingID string
	Lang      string
	// Version is the version translated.
	Version int
	Status  store.TranslationStatus
	Blocks  []BlockText
}

// BlockText is the translation of one block (ID: a block's ID, "title",
// "subtitle", or "heading:" and a section's key).
type BlockText struct {
	ID   string     `json:"id"`
	Text string     `json:"text"`
	Rows [][]string `json:"rows,omitempty"`
}

// TranslationStatuses lists the statuses of a translation.
var TranslationStatuses = []store.TranslationStatus{store.TranslationMachine, store.TranslationTranslated, store.TranslationRevised}

// PutTranslation stores translations of blocks of a version into another
// language than the original: the secretariat, at any time (an adopted
// document is translated after its adoption; its original does not
// change). Each block must be one of the version's.
func (s *Service) PutTranslation(ctx context.Context, a *domain.Actor, in TranslationInput) (int, error) {
	ctx = domain.NewContextWithActor(ctx, a)
	if _, err := s.drafter(ctx, a, in.MeetingID); err != nil {
		return 0, err
	}
	var errs domain.Errors
	if !slices.Contains(domain.Locales, in.Lang) {
		errs = append(errs, domain.Invalid("lang", "error.locale", "must be one of %s", strings.Join(domain.Locales, ", ")))
	}
	if !slices.Contains(TranslationStatuses, in.Status) {
		errs = append(errs, domain.Invalid("status", "outcome.error_translation_status", "choose machine, translated or revised"))
	}
	if len(in.Blocks) == 0 {
		errs = append(errs, domain.Invalid("blocks", "error.required", "this field is required"))
	}
	if err := errs.Err(); err != nil {
		return 0, err
	}
	for i, b := range in.Blocks {
		// The block's text and cells, checked as an edit checks them.
		t := domain.OutcomeText{Language: in.Lang, Title: "-", Sections: []domain.OutcomeSection{{Key: "k", Heading: "-",
			Blocks: []domain.OutcomeBlock{{ID: "b", Kind: domain.BlockNote, Text: b.Text}}}}}
		if len(b.Rows) > 0 {
			t.Sections[0].Blocks[0] = domain.OutcomeBlock{ID: "b", Kind: domain.BlockTable, Text: b.Text, Rows: b.Rows}
		} else if strings.TrimSpace(b.Text) == "" {
			continue // an empty translation of an empty subtitle
		}
		if err := t.Validate(); err != nil {
			return 0, domain.Invalid("blocks."+strconv.Itoa(i), "outcome.error_translation_text", "the translation of %s is too long or holds characters that are not allowed", b.ID)
		}
	}
	_, err := s.db.ChangeOutcome(ctx, in.MeetingID, "translate", func(o *store.OutcomeTx) error {
		if err := TranslationLang(o.Doc.Lang, in.Lang); err != nil {
			return err
		}
		v, err := o.Version(ctx, in.Version)
		if err != nil {
			return err
		}
		have := parts(v.Text)
		ts := make([]*store.OutcomeTranslation, 0, len(in.Blocks))
		for i, b := range in.Blocks {
			src, ok := have[b.ID]
			if !ok {
				return domain.Invalid("blocks."+strconv.Itoa(i)+".id", "outcome.error_block", "version %d has no block %s", in.Version, b.ID)
			}
			ts = append(ts, &store.OutcomeTranslation{Lang: in.Lang, BlockID: b.ID, Text: b.Text, Rows: b.Rows, Status: in.Status,
				OfVersion: in.Version, Source: src, UpdatedBy: a.User.ID})
		}
		return o.PutTranslations(ctx, ts)
	})
	if err != nil {
		return 0, err
	}
	return len(in.Blocks), nil
}

// TranslationLang refuses to translate a document whose original is in
// original into lang when lang is empty or that same language: the
// original is edited, not translated. The translation form asks it before
// it shows, PutTranslation when it saves.
func TranslationLang(original, lang string) error {
	if lang == "" || lang == original {
		return domain.Invalid("lang", "outcome.error_original_lang", "this is the document's original language: edit the document instead")
	}
	return nil
}
