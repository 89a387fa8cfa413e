package partnership

import (
	"context"

	"github.com/plenary-org/plenary/internal/domain"
)

// AttachInput is a document to add to a partnership.
type AttachInput struct {
	PartnershipID string
	Name          string
	Data          []byte
}

// Attach adds a document (a memorandum of understanding, a programme
// document) to a partnership: whoever manages it. The type is checked by
// the content, the size and count are limited.
func (s *Service) Attach(ctx context.Context, a *domain.Actor, in AttachInput) (*domain.Attachment, error) {
	p, err := s.partnership(ctx, a, in.PartnershipID)
	if err != nil {
		return nil, err
	}
	if !a.CanManagePartnership(p.ProcessID, p.MeetingID) {
		return nil, errNotSecretariat()
	}
	if in.Name == "" && len(in.Data) == 0 {
		return nil, domain.Invalid("file", "error.attachment_missing", "choose a file to attach")
	}
	if len(in.Data) == 0 {
		return nil, domain.Invalid("file", "error.attachment_empty", "%s is empty", in.Name)
	}
	if len(in.Data) > domain.MaxAttachmentBytes {
		return nil, domain.Invalid("file", "error.attachment_size", "%s is larger than %d MB", in.Name, domain.MaxAttachmentBytes>>20)
	}
	return s.db.AddPartnershipDocument(domain.NewContextWithActor(ctx, a), p.ID, in.Name, in.Data)
}

// Documents lists a partnership's documents to whoever may see it.
func (s *Service) Documents(ctx context.Context, a *domain.Actor, partnershipID string) ([]*domain.Attachment, error) {
	p, err := s.partnership(ctx, a, partnershipID)
	if err != nil {
		return nil, err
	}
	return s.db.PartnershipDocuments(ctx, p.ID)
}

// DocumentFile is a partnership's document with its content.
type DocumentFile struct {
	Document *domain.Attachment
	Data     []byte
}

// Document returns one of a partnership's documents to whoever may see
// the partnership; ENOTFOUND for a document of another one.
func (s *Service) Document(ctx context.Context, a *domain.Actor, partnershipID, id string) (*DocumentFile, error) {
	p, err := s.partnership(ctx, a, partnershipID)
	if err != nil {
		return nil, err
	}
	d, data, err := s.db.PartnershipDocumentData(ctx, p.ID, id)
	if err != nil {
		return nil, err
	}
	return &DocumentFile{Document: d, Data: data}, nil
}

// Detach removes a document from a partnership: whoever manages it.
func (s *Service) Detach(ctx context.Context, a *domain.Actor, partnershipID, id string) error {
	p, err := s.partnership(ctx, a, partnershipID)
	if err != nil {
		return err
	}
	if !a.CanManagePartnership(p.ProcessID, p.MeetingID) {
		return errNotSecretariat()
	}
	return s.db.DeletePartnershipDocument(domain.NewContextWithActor(ctx, a), p.ID, id)
}
