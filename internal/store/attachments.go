package store

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/plenary-org/plenary/internal/domain"
)

// attachmentTypes lists the documents a contribution may carry, by file
// extension, with the content type they are served as.
var attachmentTypes = map[string]string{
	".pdf":  "application/pdf",
	".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
	".odt":  "application/vnd.oasis.opendocument.text",
	".ods":  "application/vnd.oasis.opendocument.spreadsheet",
	".odp":  "application/vnd.oasis.opendocument.presentation",
	".doc":  "application/msword",
	".xls":  "application/vnd.ms-excel",
	".ppt":  "application/vnd.ms-powerpoint",
	".txt":  "text/plain; charset=utf-8",
	".csv":  "text/csv; charset=utf-8",
}

// AttachmentExtensions is the list of accepted file extensions, for forms.
const AttachmentExtensions = ".pdf,.docx,.xlsx,.pptx,.odt,.ods,.odp,.doc,.xls,.ppt,.txt,.csv"

// SniffAttachment checks that data is the kind of document its name says
// it is, by its first bytes and, for office documents, by what the archive
// holds. It returns the content type to serve it as.
func SniffAttachment(name string, data []byte) (string, error) {
	bad := domain.Invalid("file", "error.attachment_type", "%s: attach PDF, office documents (Word, Excel, PowerPoint, OpenDocument) or plain text", name)
	ext := strings.ToLower(filepath.Ext(name))
	ct, ok := attachmentTypes[ext]
	if !ok {
		return "", bad
	}
	if len(data) == 0 {
		return "", domain.Invalid("file", "error.attachment_empty", "%s is empty", name)
	}
	if len(data) > domain.MaxAttachmentBytes {
		return "", domain.Invalid("file", "error.attachment_size", "%s is larger than %d MB", name, domain.MaxAttachmentBytes>>20)
	}
	switch ext {
	case ".pdf":
		if !bytes.HasPrefix(data, []byte("%PDF-")) {
			return "", bad
		}
	case ".doc", ".xls", ".ppt":
		// The Compound File Binary format of older Office documents.
		if !bytes.HasPrefix(data, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}) {
			return "", bad
		}
	case ".txt", ".csv":
		if !utf8.Valid(data) || strings.HasPrefix(http.DetectContentType(data), "application/") {
			return "", bad
		}
	default:
		if !zipHolds(data, ext) {
			return "", bad
		}
	}
	return ct, nil
}

// zipHolds reports whether data is a ZIP archive laid out as an Office Open
// XML or OpenDocument file of the kind ext names.
func zipHolds(data []byte, ext string) bool {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return false
	}
	want := map[string]string{".docx": "word/", ".xlsx": "xl/", ".pptx": "ppt/"}[ext]
	for _, f := range zr.File {
		if want != "" && strings.HasPrefix(f.Name, want) {
			return true
		}
		if want == "" && f.Name == "mimetype" {
			rc, err := f.Open()
			if err != nil {
				return false
			}
			b, _ := io.ReadAll(io.LimitReader(rc, 100))
			rc.Close()
			return strings.TrimSpace(string(b)) == strings.TrimSuffix(attachmentTypes[ext], "; charset=utf-8")
		}
	}
	return false
}

// AddAttachment stores a document with a contribution after checking its
// type and size; the contribution may hold at most MaxAttachments.
func (db *DB) AddAttachment(ctx context.Context, contributionID, name string, data []byte) (*domain.Attachment, error) {
	name = strings.TrimSpace(filepath.Base(strings.ReplaceAll(name, `\`, "/")))
	if name == "" || name == "." || name == "/" || utf8.RuneCountInString(name) > 200 || domain.CheckLine("file", name) != nil {
		return nil, domain.Invalid("file", "error.attachment_name", "the file needs a name of at most 200 characters")
	}
	ct, err := SniffAttachment(name, data)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(data)
	a := &domain.Attachment{ID: NewID(), Name: name, ContentType: ct, Size: int64(len(data)), SHA256: hex.EncodeToString(sum[:])}
	err = db.inTx(ctx, func(tx *Tx) error {
		c := &domain.Contribution{ID: contributionID}
		var status string
		if err := tx.queryRow(ctx, `SELECT meeting_id, status, COALESCE(author_id, ''), unattributed FROM contributions WHERE id = ?`, contributionID).
			Scan(&c.MeetingID, &status, &c.AuthorID, &c.Unattributed); err != nil {
			return db.notFound(err, "contribution")
		}
		if status == string(domain.StatusWithdrawn) {
			return domain.Invalid("status", "error.withdrawn", "a withdrawn contribution cannot be changed; reopen it first")
		}
		var n int
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM attachments WHERE contribution_id = ?`, contributionID).Scan(&n); err != nil {
			return err
		}
		if n >= domain.MaxAttachments {
			return domain.Invalid("file", "error.attachment_count", "a contribution holds at most %d documents", domain.MaxAttachments)
		}
		now := db.nowMS()
		a.CreatedAt = fromMS(now)
		if _, err := tx.exec(ctx, `INSERT INTO attachments (id, contribution_id, name, content_type, size, sha256, data, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			a.ID, contributionID, a.Name, a.ContentType, a.Size, a.SHA256, data, now); err != nil {
			return err
		}
		if err := tx.stampContribution(ctx, c); err != nil {
			return err
		}
		return tx.auditRecord(ctx, recordOf(c), "attach", "contribution", contributionID, c.MeetingID, nil, a)
	})
	if err != nil {
		return nil, err
	}
	return a, nil
}

// AttachmentData returns an attachment's metadata, the contribution it
// belongs to and its content.
func (db *DB) AttachmentData(ctx context.Context, id string) (*domain.Attachment, string, []byte, error) {
	a := &domain.Attachment{}
	var cid string
	var data []byte
	var at int64
	err := db.queryRow(ctx, `SELECT id, contribution_id, name, content_type, size, sha256, data, created_at FROM attachments WHERE id = ?`, id).
		Scan(&a.ID, &cid, &a.Name, &a.ContentType, &a.Size, &a.SHA256, &data, &at)
	if err != nil {
		return nil, "", nil, db.notFound(err, "attachment")
	}
	a.CreatedAt = fromMS(at)
	return a, cid, data, nil
}

// DeleteAttachment removes a document from its contribution.
func (db *DB) DeleteAttachment(ctx context.Context, id string) error {
	return db.inTx(ctx, func(tx *Tx) error {
		a := &domain.Attachment{}
		c := &domain.Contribution{}
		var at int64
		err := tx.queryRow(ctx, `SELECT a.id, a.contribution_id, c.meeting_id, COALESCE(c.author_id, ''), c.unattributed, a.name, a.content_type, a.size, a.sha256, a.created_at
			FROM attachments a JOIN contributions c ON c.id = a.contribution_id WHERE a.id = ?`, id).
			Scan(&a.ID, &c.ID, &c.MeetingID, &c.AuthorID, &c.Unattributed, &a.Name, &a.ContentType, &a.Size, &a.SHA256, &at)
		if err != nil {
			return db.notFound(err, "attachment")
		}
		a.CreatedAt = fromMS(at)
		if _, err := tx.exec(ctx, `DELETE FROM attachments WHERE id = ?`, id); err != nil {
			return err
		}
		if err := tx.stampContribution(ctx, c); err != nil {
			return err
		}
		return tx.auditRecord(ctx, recordOf(c), "detach", "contribution", c.ID, c.MeetingID, a, nil)
	})
}
