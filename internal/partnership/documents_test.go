package partnership_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/partnership"
)

// TestDocuments: the secretariat uploads a partnership's documents
// (checked by content, name, size and count); everyone in the process
// reads them, nobody outside it, and a document is reached only through
// its own partnership; only the secretariat removes one.
func TestDocuments(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	p := w.partnership(t, "Observatory", []string{"budapest", "iom"}, "O1")
	other := w.partnership(t, "Skills", []string{"budapest", "eca"}, "O18")
	mou := []byte("Memorandum of understanding between the parties.\n")
	for _, c := range []struct {
		name, actor string
		in          partnership.AttachInput
		want        string
	}{
		{"delegate", "budapest", partnership.AttachInput{PartnershipID: p.ID, Name: "mou.txt", Data: mou}, domain.EFORBIDDEN},
		{"outsider", "outsider", partnership.AttachInput{PartnershipID: p.ID, Name: "mou.txt", Data: mou}, domain.ENOTFOUND},
		{"no file", "secretariat", partnership.AttachInput{PartnershipID: p.ID}, domain.EINVALID},
		{"empty", "secretariat", partnership.AttachInput{PartnershipID: p.ID, Name: "mou.txt"}, domain.EINVALID},
		{"a program as a PDF", "secretariat", partnership.AttachInput{PartnershipID: p.ID, Name: "mou.pdf", Data: []byte("MZ\x90\x00 not a PDF")}, domain.EINVALID},
		{"a script", "secretariat", partnership.AttachInput{PartnershipID: p.ID, Name: "run.sh", Data: []byte("#!/bin/sh\n")}, domain.EINVALID},
		{"NUL in the name", "secretariat", partnership.AttachInput{PartnershipID: p.ID, Name: "mou\x00.txt", Data: mou}, domain.EINVALID},
		{"too large", "secretariat", partnership.AttachInput{PartnershipID: p.ID, Name: "big.txt", Data: bytes.Repeat([]byte("a"), domain.MaxAttachmentBytes+1)}, domain.EINVALID},
	} {
		if _, err := w.svc.Attach(w.ctx, w.actors[c.actor], c.in); domain.ErrorCode(err) != c.want {
			t.Errorf("%s: %v, want %s", c.name, err, c.want)
		}
	}
	d, err := w.svc.Attach(w.ctx, w.actors["secretariat"], partnership.AttachInput{PartnershipID: p.ID, Name: `C:\Users\sec\mou.txt`, Data: mou})
	if err != nil {
		t.Fatal(err)
	}
	if d.Name != "mou.txt" || !strings.HasPrefix(d.ContentType, "text/plain") {
		t.Errorf("stored as %q (%s), want the base name as text", d.Name, d.ContentType)
	}
	v, err := w.svc.Get(w.ctx, w.actors["observer"], p.ID)
	if err != nil || len(v.Documents) != 1 {
		t.Fatalf("the observer's page: %v, %d documents", err, len(v.Documents))
	}
	f, err := w.svc.Document(w.ctx, w.actors["iom"], p.ID, d.ID)
	if err != nil || !bytes.Equal(f.Data, mou) {
		t.Fatalf("IOM downloads it: %v", err)
	}
	if _, err := w.svc.Document(w.ctx, w.actors["outsider"], p.ID, d.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Errorf("the outsider downloads it: %v", err)
	}
	if _, err := w.svc.Document(w.ctx, w.actors["observer"], other.ID, d.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Errorf("through another partnership: %v, want not found", err)
	}
	for i := 1; i < domain.MaxAttachments; i++ {
		if _, err := w.svc.Attach(w.ctx, w.actors["secretariat"], partnership.AttachInput{PartnershipID: p.ID, Name: "annex.txt", Data: mou}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := w.svc.Attach(w.ctx, w.actors["secretariat"], partnership.AttachInput{PartnershipID: p.ID, Name: "one-more.txt", Data: mou}); domain.ErrorCode(err) != domain.EINVALID {
		t.Errorf("document %d: %v, want refused", domain.MaxAttachments+1, err)
	}
	if err := w.svc.Detach(w.ctx, w.actors["iom"], p.ID, d.ID); domain.ErrorCode(err) != domain.EFORBIDDEN {
		t.Errorf("IOM removes it: %v", err)
	}
	if err := w.svc.Detach(w.ctx, w.actors["secretariat"], other.ID, d.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Errorf("removed through another partnership: %v", err)
	}
	if err := w.svc.Detach(w.ctx, w.actors["secretariat"], p.ID, d.ID); err != nil {
		t.Fatal(err)
	}
	if ds, err := w.svc.Documents(w.ctx, w.actors["observer"], p.ID); err != nil || len(ds) != domain.MaxAttachments-1 {
		t.Errorf("after the removal: %v, %d documents", err, len(ds))
	}
}
