package texts

import (
	"context"
	"slices"
	"strings"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/store"
)

// BodyTexts returns the names of every body with their translations, for
// those who manage bodies.
func (s *Service) BodyTexts(ctx context.Context, a *domain.Actor) (*Texts, error) {
	if !a.LoggedIn() {
		return nil, domain.Unauthorized()
	}
	if !a.CanManageBodies() {
		return nil, domain.Forbidden()
	}
	entries, langs, err := s.bodyEntries(ctx)
	if err != nil {
		return nil, err
	}
	trs, err := s.db.KindTexts(ctx, domain.TextBody, "")
	if err != nil {
		return nil, err
	}
	t := &Texts{Kind: domain.TextBody, Lang: "en", Entries: entries}
	// Each body has its own original language, against which its name
	// counts.
	for i := range t.Entries {
		e := &t.Entries[i]
		if l := langs[e.ID]; l != "" && l != t.Lang {
			e.Lang, e.Where = l, l
		}
	}
	t.fill(trs)
	return t, nil
}

func (s *Service) bodyEntries(ctx context.Context) ([]Entry, map[string]string, error) {
	langs, err := s.db.OriginalLangs(ctx, domain.TextBody)
	if err != nil {
		return nil, nil, err
	}
	var out []Entry
	for off := 0; ; off += 500 {
		bs, _, err := s.db.Bodies(ctx, store.BodyFilter{Limit: 500, Offset: off})
		if err != nil {
			return nil, nil, err
		}
		for _, b := range bs {
			out = append(out, Entry{TextKey: domain.TextKey{Kind: domain.TextBody, ID: b.ID, Field: "name"}, Original: b.Name})
		}
		if len(bs) < 500 {
			break
		}
	}
	return out, langs, nil
}

// SaveBodyTexts saves translations of bodies' names, for those who manage
// bodies. A translation into a body's own language is refused.
func (s *Service) SaveBodyTexts(ctx context.Context, a *domain.Actor, edits []Edit) (SaveResult, error) {
	if !a.LoggedIn() {
		return SaveResult{}, domain.Unauthorized()
	}
	if !a.CanManageBodies() {
		return SaveResult{}, domain.Forbidden()
	}
	entries, langs, err := s.bodyEntries(ctx)
	if err != nil {
		return SaveResult{}, err
	}
	for _, e := range edits {
		if l := langs[e.ID]; l == e.Lang {
			return SaveResult{}, domain.Invalid(FieldName(e.TextKey, e.Lang), "error.translation_same", "this is the language of the original")
		}
	}
	// The original language check of save is per record here: pass one
	// that no edit uses.
	return s.save(ctx, a, "", domain.TextBody, "", "", entries, edits)
}

// ProcessTexts returns a process's name and description with their
// translations, for those who manage the process.
func (s *Service) ProcessTexts(ctx context.Context, a *domain.Actor, processID string) (*Texts, error) {
	p, lang, err := s.processScope(ctx, a, processID)
	if err != nil {
		return nil, err
	}
	trs, err := s.db.KindTexts(ctx, domain.TextProcess, "")
	if err != nil {
		return nil, err
	}
	t := &Texts{Kind: domain.TextProcess, ID: p.ID, Name: p.Name, Lang: lang, Entries: processEntries(p)}
	t.fill(trs)
	return t, nil
}

func processEntries(p *domain.Process) []Entry {
	var out []Entry
	for _, f := range []struct{ name, v string }{{"name", p.Name}, {"description", p.Description}} {
		if strings.TrimSpace(f.v) != "" {
			out = append(out, Entry{TextKey: domain.TextKey{Kind: domain.TextProcess, ID: p.ID, Field: f.name}, Original: f.v})
		}
	}
	return out
}

func (s *Service) processScope(ctx context.Context, a *domain.Actor, processID string) (*domain.Process, string, error) {
	if !a.LoggedIn() {
		return nil, "", domain.Unauthorized()
	}
	if !a.CanViewProcess(processID) {
		return nil, "", domain.NotFound("process")
	}
	if !a.CanManageProcess(processID) {
		return nil, "", domain.Forbidden()
	}
	p, err := s.db.Process(ctx, processID)
	if err != nil {
		return nil, "", err
	}
	lang, err := s.db.OriginalLang(ctx, domain.TextProcess, processID)
	return p, lang, err
}

// SaveProcessTexts saves translations of a process's name and description.
func (s *Service) SaveProcessTexts(ctx context.Context, a *domain.Actor, processID string, edits []Edit) (SaveResult, error) {
	p, lang, err := s.processScope(ctx, a, processID)
	if err != nil {
		return SaveResult{}, err
	}
	return s.save(ctx, a, "", domain.TextProcess, p.ID, lang, processEntries(p), edits)
}

// ValidLang reports whether lang is one of the six languages.
func ValidLang(lang string) bool { return slices.Contains(domain.Locales, lang) }
