package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/plenary-org/plenary/internal/domain"
)

// newDocument checks an uploaded document's name, type (by its content)
// and makes its metadata: what every kind of attachment shares.
func newDocument(name string, data []byte) (*domain.Attachment, error) {
	name = strings.TrimSpace(filepath.Base(strings.ReplaceAll(name, `\`, "/")))
	if name == "" || name == "." || name == "/" || utf8.RuneCountInString(name) > 200 || domain.CheckLine("file", name) != nil {
		return nil, domain.Invalid("file", "error.attachment_name", "the file needs a name of at most 200 characters")
	}
	ct, err := SniffAttachment(name, data)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(data)
	return &domain.Attachment{ID: NewID(), Name: name, ContentType: ct, Size: int64(len(data)), SHA256: hex.EncodeToString(sum[:])}, nil
}

// AddPartnershipDocument stores a document with a partnership after
// checking its name, type and size; a partnership holds at most
// [domain.MaxAttachments]. Audited as an attachment of the partnership.
func (db *DB) AddPartnershipDocument(ctx context.Context, partnershipID, name string, data []byte) (*domain.Attachment, error) {
	a, err := newDocument(name, data)
	if err != nil {
		return nil, err
	}
	err = db.inTx(ctx, func(tx *Tx) error {
		var meetingID string
		if err := tx.queryRow(ctx, `SELECT COALESCE(meeting_id, '') FROM partnerships WHERE id = ?`+db.dialect.forUpdate, partnershipID).Scan(&meetingID); err != nil {
			return db.notFound(err, "partnership")
		}
		var n int
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM partnership_documents WHERE partnership_id = ?`, partnershipID).Scan(&n); err != nil {
			return err
		}
		if n >= domain.MaxAttachments {
			return domain.Invalid("file", "partnership.error_document_count", "a partnership holds at most %d documents", domain.MaxAttachments)
		}
		now := db.nowMS()
		a.CreatedAt = fromMS(now)
		by := ""
		if tx.actor != nil && tx.actor.User != nil {
			by = tx.actor.User.ID
		}
		if _, err := tx.exec(ctx, `INSERT INTO partnership_documents (id, partnership_id, name, content_type, size, sha256, data, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			a.ID, partnershipID, a.Name, a.ContentType, a.Size, a.SHA256, data, by, now); err != nil {
			return err
		}
		return tx.audit(ctx, "attach", "partnership", partnershipID, meetingID, nil, a)
	})
	if err != nil {
		return nil, err
	}
	return a, nil
}

// PartnershipDocuments lists a partnership's documents, oldest first,
// without their content.
func (db *DB) PartnershipDocuments(ctx context.Context, partnershipID string) ([]*domain.Attachment, error) {
	rows, err := db.query(ctx, `SELECT id, name, content_type, size, sha256, created_at FROM partnership_documents WHERE partnership_id = ? ORDER BY created_at, id`, partnershipID)
	as, err := scanAll(rows, err, func(r scanner) (*domain.Attachment, error) {
		a := &domain.Attachment{}
		var at int64
		err := r.Scan(&a.ID, &a.Name, &a.ContentType, &a.Size, &a.SHA256, &at)
		a.CreatedAt = fromMS(at)
		return a, err
	})
	return as, db.mapErr(err)
}

// PartnershipDocumentData returns a partnership's document with its
// content; ENOTFOUND for a document of another partnership.
func (db *DB) PartnershipDocumentData(ctx context.Context, partnershipID, id string) (*domain.Attachment, []byte, error) {
	a := &domain.Attachment{}
	var data []byte
	var at int64
	err := db.queryRow(ctx, `SELECT id, name, content_type, size, sha256, data, created_at FROM partnership_documents WHERE id = ? AND partnership_id = ?`, id, partnershipID).
		Scan(&a.ID, &a.Name, &a.ContentType, &a.Size, &a.SHA256, &data, &at)
	if err != nil {
		return nil, nil, db.notFound(err, "document")
	}
	a.CreatedAt = fromMS(at)
	return a, data, nil
}

// DeletePartnershipDocument removes a document from its partnership.
// Audited.
func (db *DB) DeletePartnershipDocument(ctx context.Context, partnershipID, id string) error {
	return db.inTx(ctx, func(tx *Tx) error {
		a := &domain.Attachment{}
		var at int64
		var meetingID string
		err := tx.queryRow(ctx, `SELECT d.id, d.name, d.content_type, d.size, d.sha256, d.created_at, COALESCE(p.meeting_id, '')
			FROM partnership_documents d JOIN partnerships p ON p.id = d.partnership_id WHERE d.id = ? AND d.partnership_id = ?`, id, partnershipID).
			Scan(&a.ID, &a.Name, &a.ContentType, &a.Size, &a.SHA256, &at, &meetingID)
		if err != nil {
			return db.notFound(err, "document")
		}
		a.CreatedAt = fromMS(at)
		if _, err := tx.exec(ctx, `DELETE FROM partnership_documents WHERE id = ?`, id); err != nil {
			return err
		}
		return tx.audit(ctx, "detach", "partnership", partnershipID, meetingID, a, nil)
	})
}
