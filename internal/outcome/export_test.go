package outcome_test

import (
	"archive/zip"
	"bytes"
	"io"
	"strings"
	"testing"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/outcome"
	"github.com/plenary-org/plenary/internal/outcome/render"
	"github.com/plenary-org/plenary/internal/store"
)

// formatStart is how a file of each format begins.
var formatStart = map[string]string{"docx": "PK\x03\x04", "pdf": "%PDF-", "html": "<!DOCTYPE html>", "md": ""}

// adoptedWorld is the world with its draft translated into French (title
// and first overall paragraph), adopted as version 1 and published.
func adoptedWorld(t *testing.T) (*world, string) {
	t.Helper()
	w := newWorld(t, false)
	v := w.draft(t)
	mid := w.meeting.ID
	p := firstParagraph(t, v.Text, "overall")
	if _, err := w.svc.PutTranslation(w.ctx, w.actors["secretariat"], outcome.TranslationInput{MeetingID: mid, Lang: "fr", Version: 1, Status: store.TranslationTranslated,
		Blocks: []outcome.BlockText{{ID: "title", Text: "Document final de la GRCP 7"}, {ID: p, Text: "Ouvrir des voies régulières de migration de main-d'œuvre."}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := w.svc.Adopt(w.ctx, w.actors["chair"], outcome.AdoptInput{MeetingID: mid, Version: 1}); err != nil {
		t.Fatal(err)
	}
	return w, p
}

// TestExport: each format of a draft and of the adopted version, in the
// original and in a translation, watermarked or with the hash, named
// after the meeting, the same bytes twice; an unknown format, a language
// that is not one of the six, and a draft asked by an observer are
// refused.
func TestExport(t *testing.T) {
	w := newWorld(t, false)
	w.draft(t)
	mid := w.meeting.ID
	sec := w.actors["secretariat"]
	for _, name := range render.FormatNames() {
		in := outcome.ExportInput{TextInput: outcome.TextInput{MeetingID: mid}, Format: name}
		e, err := w.svc.Export(w.ctx, sec, in)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !strings.HasPrefix(string(e.Data), formatStart[name]) || e.Name != "GRCP-7-outcome-v1-en"+e.Format.Extension || e.Format.Name != name {
			t.Errorf("%s: %s starts %q", name, e.Name, e.Data[:min(16, len(e.Data))])
		}
		again, _ := w.svc.Export(w.ctx, sec, in)
		if !bytes.Equal(e.Data, again.Data) {
			t.Errorf("%s: two exports differ", name)
		}
	}
	md, _ := w.svc.Export(w.ctx, sec, outcome.ExportInput{TextInput: outcome.TextInput{MeetingID: mid}, Format: "md"})
	if !strings.Contains(string(md.Data), "**DRAFT**") {
		t.Errorf("a draft without its watermark:\n%s", md.Data)
	}
	for _, c := range []struct {
		who  string
		in   outcome.ExportInput
		code string
	}{
		{"secretariat", outcome.ExportInput{TextInput: outcome.TextInput{MeetingID: mid}, Format: "odt"}, domain.EINVALID},
		{"secretariat", outcome.ExportInput{TextInput: outcome.TextInput{MeetingID: mid, Lang: "de"}, Format: "md"}, domain.EINVALID},
		{"secretariat", outcome.ExportInput{TextInput: outcome.TextInput{MeetingID: mid, Version: 7}, Format: "md"}, domain.ENOTFOUND},
		{"observer", outcome.ExportInput{TextInput: outcome.TextInput{MeetingID: mid}, Format: "md"}, domain.EFORBIDDEN},
		{"outsider", outcome.ExportInput{TextInput: outcome.TextInput{MeetingID: mid}, Format: "md"}, domain.ENOTFOUND},
	} {
		if _, err := w.svc.Export(w.ctx, w.actors[c.who], c.in); code(err) != c.code {
			t.Errorf("%s %+v: %v, want %s", c.who, c.in, err, c.code)
		}
	}
	if _, err := w.svc.Export(w.ctx, nil, outcome.ExportInput{TextInput: outcome.TextInput{MeetingID: mid}, Format: "md"}); code(err) != domain.EUNAUTHORIZED {
		t.Errorf("anonymous: %v", err)
	}
	if _, err := w.svc.PublicExport(w.ctx, outcome.ExportInput{TextInput: outcome.TextInput{MeetingID: mid}, Format: "md"}); code(err) != domain.ENOTFOUND {
		t.Errorf("public export of a draft: %v", err)
	}
}

// TestExportAdopted: the adopted version in French shows its hash and no
// watermark, to the observer as to anyone once published; publishing
// changes no byte of it.
func TestExportAdopted(t *testing.T) {
	w, _ := adoptedWorld(t)
	mid := w.meeting.ID
	in := outcome.ExportInput{TextInput: outcome.TextInput{MeetingID: mid, Lang: "fr"}, Format: "md"}
	e, err := w.svc.Export(w.ctx, w.actors["observer"], in)
	if err != nil {
		t.Fatal(err)
	}
	s := string(e.Data)
	if !strings.HasPrefix(s, "# Document final de la GRCP 7") || strings.Contains(s, "**"+cat.Printer("fr").T("export.outcome.draft")+"**") || !strings.Contains(s, e.Text.Hash) ||
		e.Name != "GRCP-7-outcome-v1-fr.md" {
		t.Fatalf("%s:\n%s", e.Name, s)
	}
	if _, err := w.svc.Publish(w.ctx, w.actors["secretariat"], outcome.PublishInput{MeetingID: mid, Publish: true}); err != nil {
		t.Fatal(err)
	}
	pub, err := w.svc.PublicExport(w.ctx, in)
	if err != nil || !bytes.Equal(pub.Data, e.Data) {
		t.Fatalf("public export: %v; same bytes %v", err, err == nil && bytes.Equal(pub.Data, e.Data))
	}
}

// TestVerifyExports: every export of the adopted version, in the original
// and in French, is recognised exactly with its language and format; the
// same file with one byte of a paragraph changed is not, though it still
// prints the hash; a draft's export is not either.
func TestVerifyExports(t *testing.T) {
	w, p := adoptedWorld(t)
	mid := w.meeting.ID
	for _, name := range render.FormatNames() {
		for _, lang := range []string{"en", "fr"} {
			t.Run(name+"/"+lang, func(t *testing.T) {
				e, err := w.svc.Export(w.ctx, w.actors["secretariat"], outcome.ExportInput{TextInput: outcome.TextInput{MeetingID: mid, Lang: lang}, Format: name})
				if err != nil {
					t.Fatal(err)
				}
				vr, err := w.svc.Verify(w.ctx, w.actors["observer"], e.Data)
				if err != nil || vr.Format != name || len(vr.Matches) != 1 {
					t.Fatalf("verify: %v %+v", err, vr)
				}
				if m := vr.Matches[0]; !m.Exact || m.Lang != lang || m.Format != name || m.MeetingID != mid || m.Version != 1 {
					t.Fatalf("match %+v", m)
				}
				var para string
				for _, s := range e.Text.Text.Sections {
					for _, b := range s.Blocks {
						if b.ID == p {
							para = b.Text
						}
					}
				}
				changed := changeByte(t, e.Data, para[:12])
				vr, err = w.svc.Verify(w.ctx, w.actors["observer"], changed)
				if err != nil {
					t.Fatal(err)
				}
				for _, m := range vr.Matches {
					if m.Exact {
						t.Fatalf("a changed file verified: %+v", m)
					}
				}
				// An outsider is told of nothing unpublished.
				if vr, _ := w.svc.Verify(w.ctx, w.actors["outsider"], e.Data); len(vr.Matches) != 0 {
					t.Fatalf("outsider: %+v", vr)
				}
			})
		}
	}
}

// changeByte returns data with one letter of the first occurrence of
// within changed; in a ZIP archive (DOCX), in the part that holds it,
// the archive written anew as a person's editor would.
func changeByte(t *testing.T, data []byte, within string) []byte {
	t.Helper()
	flip := func(b []byte) ([]byte, bool) {
		i := bytes.Index(b, []byte(within))
		if i < 0 {
			return b, false
		}
		out := bytes.Clone(b)
		out[i+1] ^= 0x01 // a letter of the paragraph's first word
		return out, true
	}
	if bytes.HasPrefix(data, []byte("%PDF-")) {
		// A PDF holds its text as compressed glyph codes: change a byte
		// in the middle of the file instead.
		out := bytes.Clone(data)
		out[len(out)/2] ^= 0x01
		return out
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		out, ok := flip(data)
		if !ok {
			t.Fatalf("%q is not in the file", within)
		}
		return out
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	found := false
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		var ok bool
		if b, ok = flip(b); ok {
			found = true
		}
		fw, err := zw.CreateHeader(&zip.FileHeader{Name: f.Name, Method: f.Method, Modified: f.Modified})
		if err != nil {
			t.Fatal(err)
		}
		fw.Write(b)
	}
	if err := zw.Close(); err != nil || !found {
		t.Fatalf("%q is not in the archive (%v)", within, err)
	}
	return buf.Bytes()
}

// TestVerifyNamesHashOfEachFormat: every export of the adopted version
// names its content hash where Verify finds it, so that a changed copy is
// reported as claiming to be the adopted version rather than as nothing.
func TestVerifyNamesHashOfEachFormat(t *testing.T) {
	w, _ := adoptedWorld(t)
	for _, name := range render.FormatNames() {
		e, err := w.svc.Export(w.ctx, w.actors["secretariat"], outcome.ExportInput{TextInput: outcome.TextInput{MeetingID: w.meeting.ID}, Format: name})
		if err != nil {
			t.Fatal(err)
		}
		// A copy no export gives (one more byte at the end).
		vr, err := w.svc.Verify(w.ctx, w.actors["observer"], append(bytes.Clone(e.Data), '\n'))
		if err != nil || len(vr.Matches) != 1 || vr.Matches[0].Exact || vr.Matches[0].Hash != e.Text.Hash {
			t.Errorf("%s: %v %+v", name, err, vr)
		}
	}
}
