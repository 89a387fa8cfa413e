package outcome

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"slices"
	"strings"
	"time"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/store"
)

// Outcome is the state of a meeting's outcome document as the actor reads
// it.
type Outcome struct {
	Meeting *domain.Meeting
	// Document is nil when none was drafted (Status none).
	Document *store.OutcomeDocument
	Status   domain.OutcomeStatus
	// Versions lists the versions without their texts, to whoever reads
	// drafts; nil for observers.
	Versions []*store.OutcomeVersion
	// AdoptedHash is the adopted version's content hash as stored, and
	// ShortHash its first digits grouped for reading.
	AdoptedHash, ShortHash string
	Can                    Permissions
}

// Permissions are what the actor may do with a meeting's outcome
// document.
type Permissions struct {
	ReadDrafts bool `json:"read_drafts"`
	Draft      bool `json:"draft"`
	Decide     bool `json:"decide"`
	Adopt      bool `json:"adopt"`
	// Bodies are the delegations the actor amends and supports for.
	Bodies []string `json:"bodies"`
}

func permissions(a *domain.Actor, sc *scope) Permissions {
	p, m := sc.ProcessID, sc.MeetingID
	bodies := a.AmendingBodies(p, m)
	if bodies == nil {
		bodies = []string{}
	}
	return Permissions{ReadDrafts: a.CanReadOutcomeDrafts(p, m), Draft: a.CanDraftOutcome(p, m), Decide: a.CanDecideAmendment(p, m),
		Adopt: a.CanAdoptOutcome(p, m), Bodies: bodies}
}

// Outcome returns the state of a meeting's outcome document to whoever may
// see the meeting: its status (none before a draft), its versions to
// those who read drafts, the adopted hash, and what the actor may do. A
// silence procedure whose deadline passed unbroken adopts the document
// first ([Service.Settle]).
func (s *Service) Outcome(ctx context.Context, a *domain.Actor, meetingID string) (*Outcome, error) {
	sc, err := s.meeting(ctx, a, meetingID)
	if err != nil {
		return nil, err
	}
	out := &Outcome{Meeting: sc.Meeting, Status: domain.OutcomeNone, Can: permissions(a, sc)}
	d, err := s.settle(ctx, meetingID)
	switch {
	case domain.ErrorCode(err) == domain.ENOTFOUND:
		return out, nil
	case err != nil:
		return nil, err
	}
	out.Document, out.Status = d, d.Status
	if d.AdoptedVersion > 0 {
		out.AdoptedHash, out.ShortHash = d.AdoptedHash, domain.ShortHash(d.AdoptedHash)
	}
	if out.Can.ReadDrafts {
		if out.Versions, err = s.db.OutcomeVersions(ctx, meetingID); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// readable returns the document and checks that the actor may read
// version n of it (0: the latest they may read): drafts to those who
// read drafts, the adopted version to whoever may see the meeting.
func (s *Service) readable(ctx context.Context, a *domain.Actor, sc *scope, n int) (*store.OutcomeDocument, int, error) {
	d, err := s.settle(ctx, sc.MeetingID)
	if err != nil {
		return nil, 0, err
	}
	if a.CanReadOutcomeDrafts(sc.ProcessID, sc.MeetingID) {
		if n == 0 {
			n = d.Latest
		}
		return d, n, nil
	}
	if d.AdoptedVersion == 0 || (n != 0 && n != d.AdoptedVersion) {
		return nil, 0, errDraftsHidden()
	}
	return d, d.AdoptedVersion, nil
}

// TextInput asks for one version of a meeting's outcome document in a
// language.
type TextInput struct {
	MeetingID string
	// Version is the version's number; 0 for the latest the actor may
	// read (the adopted one for observers).
	Version int
	// Lang is the language; empty for the original.
	Lang string
}

// Text is one version of an outcome document in one language.
type Text struct {
	Meeting  *domain.Meeting
	Document *store.OutcomeDocument
	// Version is the version as stored, its text in the original
	// language.
	Version *store.OutcomeVersion
	// Text is the version in Lang: translated blocks, the others in the
	// original ([InLanguage]); Blocks says which is which.
	Text   domain.OutcomeText
	Lang   string
	Blocks map[string]BlockLang
	// Hash is the content hash of the original text as read now.
	Hash string
	// Adopted is true for the adopted version. Tampered is true when the
	// text read does not give the hash stored with it, or, for the
	// adopted version, the hash stored when it was adopted: the database
	// was changed behind plenary's back.
	Adopted  bool
	Tampered bool
}

// Text returns one version of a meeting's outcome document in a language
// (see [TextInput]): drafts to the meeting's participants, the adopted
// version to whoever may see the meeting. It recomputes the content hash
// and reports a text that no longer matches it (Tampered).
func (s *Service) Text(ctx context.Context, a *domain.Actor, in TextInput) (*Text, error) {
	sc, err := s.meeting(ctx, a, in.MeetingID)
	if err != nil {
		return nil, err
	}
	d, n, err := s.readable(ctx, a, sc, in.Version)
	if err != nil {
		return nil, err
	}
	return s.text(ctx, sc.Meeting, d, n, in.Lang)
}

// text reads version n in lang and checks its hash.
func (s *Service) text(ctx context.Context, m *domain.Meeting, d *store.OutcomeDocument, n int, lang string) (*Text, error) {
	if lang != "" && !slices.Contains(domain.Locales, lang) {
		return nil, domain.Invalid("lang", "error.locale", "must be one of %s", strings.Join(domain.Locales, ", "))
	}
	v, err := s.db.OutcomeVersion(ctx, d.MeetingID, n)
	if err != nil {
		return nil, err
	}
	t := &Text{Meeting: m, Document: d, Version: v, Hash: v.Text.Hash(), Adopted: d.AdoptedVersion == n && n > 0}
	t.Tampered = t.Hash != v.Hash || (t.Adopted && t.Hash != d.AdoptedHash)
	if lang == "" || lang == d.Lang {
		t.Text, t.Lang, t.Blocks = InLanguage(v.Text, d.Lang, nil)
		return t, nil
	}
	trs, err := s.db.OutcomeTranslations(ctx, d.MeetingID, lang)
	if err != nil {
		return nil, err
	}
	t.Text, t.Lang, t.Blocks = InLanguage(v.Text, lang, trs)
	return t, nil
}

// DraftInput asks for the first draft of a meeting's outcome document.
type DraftInput struct {
	MeetingID string
	// Lang is the original language of the document; "en" when empty.
	Lang string
}

// Draft makes version 1 of a meeting's outcome document from its agenda
// and synthesis (see draft.go) in the language asked: the secretariat,
// once ([store.ErrOutcomeExists] afterwards: regenerate sections
// instead).
func (s *Service) Draft(ctx context.Context, a *domain.Actor, in DraftInput) (*store.OutcomeVersion, error) {
	ctx = domain.NewContextWithActor(ctx, a)
	sc, err := s.drafter(ctx, a, in.MeetingID)
	if err != nil {
		return nil, err
	}
	if in.Lang == "" {
		in.Lang = "en"
	}
	if !slices.Contains(domain.Locales, in.Lang) {
		return nil, domain.Invalid("lang", "error.locale", "must be one of %s", strings.Join(domain.Locales, ", "))
	}
	if _, err := s.db.OutcomeDocument(ctx, in.MeetingID); err == nil {
		return nil, store.ErrOutcomeExists
	}
	text, err := s.generate(ctx, a, sc, in.Lang)
	if err != nil {
		return nil, err
	}
	_, v, err := s.db.CreateOutcome(ctx, sc.MeetingID, in.Lang, text, "draft", a.User.ID)
	return v, err
}

// SectionInput names a section of the latest version, read at Version.
type SectionInput struct {
	MeetingID string
	Key       string
	Version   int // the latest version, as read
}

func errNoSection(key string) error {
	return domain.Invalid("key", "outcome.error_section", "no section %s is made from the meeting's synthesis", key)
}

func errFrozen(key string) error {
	return domain.Errorf(domain.ECONFLICT, "outcome.error_frozen", "section %s is frozen: it is no longer made again from the synthesis", key)
}

// Regenerate makes one generated section again from the meeting's
// synthesis as it stands, in a new version: the secretariat, on a draft
// (not open for amendments), unless the section is frozen. A section the
// synthesis now has and the document lacks (a new group) is added where
// the draft would place it.
func (s *Service) Regenerate(ctx context.Context, a *domain.Actor, in SectionInput) (*store.OutcomeVersion, error) {
	ctx = domain.NewContextWithActor(ctx, a)
	sc, err := s.drafter(ctx, a, in.MeetingID)
	if err != nil {
		return nil, err
	}
	d, err := s.db.OutcomeDocument(ctx, in.MeetingID)
	if err != nil {
		return nil, err
	}
	fresh, err := s.generate(ctx, a, sc, d.Lang)
	if err != nil {
		return nil, err
	}
	fi := slices.IndexFunc(fresh.Sections, func(x domain.OutcomeSection) bool { return x.Key == in.Key })
	if fi < 0 {
		return nil, errNoSection(in.Key)
	}
	return s.newVersion(ctx, a, in.MeetingID, "regenerate", in.Version, func(text *domain.OutcomeText, _ *store.OutcomeDocument) (string, error) {
		i := slices.IndexFunc(text.Sections, func(x domain.OutcomeSection) bool { return x.Key == in.Key })
		switch {
		case i >= 0 && text.Sections[i].Frozen:
			return "", errFrozen(in.Key)
		case i >= 0 && !text.Sections[i].Generated:
			return "", errNoSection(in.Key)
		case i >= 0:
			text.Sections[i] = fresh.Sections[fi]
		default:
			// After the last section that precedes it in the fresh draft.
			at := 0
			for _, prev := range fresh.Sections[:fi] {
				if j := slices.IndexFunc(text.Sections, func(x domain.OutcomeSection) bool { return x.Key == prev.Key }); j >= 0 {
					at = j + 1
				}
			}
			text.Sections = slices.Insert(text.Sections, at, fresh.Sections[fi])
		}
		return "regenerate:" + in.Key, nil
	})
}

// Freeze freezes a generated section: it is no longer made again from the
// synthesis. The secretariat, on a draft, in a new version; freezing a
// frozen section changes nothing and returns the latest version.
func (s *Service) Freeze(ctx context.Context, a *domain.Actor, in SectionInput) (*store.OutcomeVersion, error) {
	return s.newVersion(ctx, a, in.MeetingID, "freeze", in.Version, func(text *domain.OutcomeText, _ *store.OutcomeDocument) (string, error) {
		i := slices.IndexFunc(text.Sections, func(x domain.OutcomeSection) bool { return x.Key == in.Key })
		if i < 0 || !text.Sections[i].Generated {
			return "", errNoSection(in.Key)
		}
		if text.Sections[i].Frozen {
			return "", nil
		}
		text.Sections[i].Frozen = true
		return "freeze:" + in.Key, nil
	})
}

// newVersion is a change of the secretariat that makes a new version from
// the latest one (as read at version read) on a draft: change edits a
// copy of the latest text and returns the new version's note, or "" to
// make none (the latest version is then returned).
func (s *Service) newVersion(ctx context.Context, a *domain.Actor, meetingID, action string, read int,
	change func(text *domain.OutcomeText, d *store.OutcomeDocument) (string, error)) (*store.OutcomeVersion, error) {
	ctx = domain.NewContextWithActor(ctx, a)
	if _, err := s.drafter(ctx, a, meetingID); err != nil {
		return nil, err
	}
	var out *store.OutcomeVersion
	_, err := s.db.ChangeOutcome(ctx, meetingID, action, func(o *store.OutcomeTx) error {
		if err := draftable(o.Doc, read); err != nil {
			return err
		}
		latest, err := o.Version(ctx, o.Doc.Latest)
		if err != nil {
			return err
		}
		text := cloneText(latest.Text)
		note, err := change(&text, o.Doc)
		if err != nil || note == "" {
			out = latest
			return err
		}
		out, err = o.AddVersion(ctx, text, note, a.User.ID)
		return err
	})
	return out, err
}

// EditInput saves a person's edit of the whole text, made from Version.
type EditInput struct {
	MeetingID string
	Version   int // the version the editor read
	Text      domain.OutcomeText
}

// Edit saves the secretariat's edit as a new version: only from the
// latest version (another is a conflict, never an overwrite), on a draft
// that is not open for amendments. The text keeps the document's
// language; a block without an ID gets a new one, a section without a key
// a "custom:" one; generated and frozen marks come from the version read
// (a frozen section stays frozen), so that an edit cannot make a section
// the synthesis would overwrite.
func (s *Service) Edit(ctx context.Context, a *domain.Actor, in EditInput) (*store.OutcomeVersion, error) {
	return s.newVersion(ctx, a, in.MeetingID, "edit", in.Version, func(text *domain.OutcomeText, d *store.OutcomeDocument) (string, error) {
		marks := map[string]domain.OutcomeSection{}
		for _, sec := range text.Sections {
			marks[sec.Key] = sec
		}
		*text = cloneText(in.Text)
		text.Language = d.Lang
		for i := range text.Sections {
			sec := &text.Sections[i]
			if sec.Key == "" {
				sec.Key = "custom:" + newID()
			}
			prev, ok := marks[sec.Key]
			sec.Generated, sec.Frozen = ok && prev.Generated, ok && prev.Frozen
			for j := range sec.Blocks {
				if sec.Blocks[j].ID == "" {
					sec.Blocks[j].ID = "p" + newID()
				}
			}
		}
		return "edit", text.Validate()
	})
}

// DiffInput asks for the difference between two versions.
type DiffInput struct {
	MeetingID string
	From, To  int
}

// VersionDiff is the difference between two versions.
type VersionDiff struct {
	From, To   *store.OutcomeVersion
	Difference Difference
}

// Diff returns the difference between two versions of a meeting's outcome
// document, by block ([Diff]), to those who read drafts.
func (s *Service) Diff(ctx context.Context, a *domain.Actor, in DiffInput) (*VersionDiff, error) {
	sc, err := s.meeting(ctx, a, in.MeetingID)
	if err != nil {
		return nil, err
	}
	if !a.CanReadOutcomeDrafts(sc.ProcessID, sc.MeetingID) {
		return nil, errDraftsHidden()
	}
	from, err := s.db.OutcomeVersion(ctx, in.MeetingID, in.From)
	if err != nil {
		return nil, err
	}
	to, err := s.db.OutcomeVersion(ctx, in.MeetingID, in.To)
	if err != nil {
		return nil, err
	}
	return &VersionDiff{From: from, To: to, Difference: Diff(from.Text, to.Text)}, nil
}

// CloneText copies a text deeply enough that changing its sections and
// blocks leaves the original as it was (see [EditSectionText]).
func CloneText(t domain.OutcomeText) domain.OutcomeText { return cloneText(t) }

// cloneText copies a text deeply enough that changing its sections and
// blocks leaves the original as it was.
func cloneText(t domain.OutcomeText) domain.OutcomeText {
	c := t
	c.Sections = make([]domain.OutcomeSection, len(t.Sections))
	for i, s := range t.Sections {
		s.Blocks = slices.Clone(s.Blocks)
		if s.Blocks == nil {
			s.Blocks = []domain.OutcomeBlock{}
		}
		c.Sections[i] = s
	}
	return c
}

// newID returns a short random suffix for a new block's ID.
func newID() string {
	var b [6]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// deadlinePassed reports whether t is past a round's deadline.
func deadlinePassed(d *store.OutcomeDocument, now time.Time) bool {
	return !d.Deadline.IsZero() && !now.Before(d.Deadline)
}
