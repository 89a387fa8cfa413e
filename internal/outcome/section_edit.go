package outcome

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/store"
)

// SectionEdit is a person's edit of one section of the latest version,
// made from the version read: its heading and its blocks in order. A
// block without an ID is new (it gets one); a block of the section left
// out is removed.
type SectionEdit struct {
	MeetingID string
	Version   int // the version the editor read
	Key       string
	Heading   string
	Blocks    []domain.OutcomeBlock
}

// EditSection saves the secretariat's edit of one section as a new
// version, under the rules of [Service.Edit]: only from the latest version
// (another is a conflict, never an overwrite), on a draft that is not
// open for amendments; the section keeps its generated and frozen marks.
// Errors name the section's own fields ("heading", "blocks.2.text").
func (s *Service) EditSection(ctx context.Context, a *domain.Actor, in SectionEdit) (*store.OutcomeVersion, error) {
	return s.newVersion(ctx, a, in.MeetingID, "edit", in.Version, func(text *domain.OutcomeText, _ *store.OutcomeDocument) (string, error) {
		return "edit", EditSectionText(text, in.Key, in.Heading, in.Blocks)
	})
}

// EditSectionText replaces the heading and blocks of the section of text
// keyed key, as [Service.EditSection] does: texts trimmed, a block without
// an ID given a new one, the section's marks kept. It returns ENOTFOUND
// for a section text lacks, and the text's validation errors named by the
// section's own fields ("heading", "blocks.2.text"). Every document made
// of [domain.OutcomeText] (the outcome document, a review cycle's report)
// is edited a section at a time through it.
func EditSectionText(text *domain.OutcomeText, key, heading string, blocks []domain.OutcomeBlock) error {
	i := slices.IndexFunc(text.Sections, func(x domain.OutcomeSection) bool { return x.Key == key })
	if i < 0 {
		return domain.NotFound("section")
	}
	sec := &text.Sections[i]
	sec.Heading = strings.TrimSpace(heading)
	sec.Blocks = make([]domain.OutcomeBlock, len(blocks))
	for j, b := range blocks {
		b.Text = strings.TrimSpace(b.Text)
		if b.ID == "" {
			b.ID = "p" + newID()
		}
		sec.Blocks[j] = b
	}
	return sectionErrors(text.Validate(), i)
}

// sectionErrors names the errors of section i by the section's own
// fields, and keeps the others as they are.
func sectionErrors(err error, i int) error {
	var list domain.Errors
	if err == nil || !errors.As(err, &list) {
		return err
	}
	prefix := "sections." + strconv.Itoa(i) + "."
	out := make(domain.Errors, len(list))
	for j, e := range list {
		c := *e
		c.Field = strings.TrimPrefix(c.Field, prefix)
		out[j] = &c
	}
	return out
}
