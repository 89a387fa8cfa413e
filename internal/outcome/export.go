package outcome

import (
	"bytes"
	"context"
	"strconv"
	"strings"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/outcome/render"
)

// ExportInput asks for one version of a meeting's outcome document in a
// language as a file.
type ExportInput struct {
	TextInput
	// Format is a name [render.ByName] knows: docx, md, html (and pdf).
	Format string
}

// Export is a rendered file of one version in one language.
type Export struct {
	Text   *Text
	Format render.Format
	// Name is the file's name: the meeting's short name, the version, the
	// language and the format's extension.
	Name string
	Data []byte
}

func errFormat() error {
	return domain.Invalid("format", "outcome.error_format", "choose one of the formats: %s", strings.Join(render.FormatNames(), ", "))
}

// Export renders one version of a meeting's outcome document in a
// language (see [TextInput]) as a file, to whoever may read that version
// ([Service.Text]): drafts are watermarked, the adopted version shows its
// content hash. A version whose stored text no longer gives its hash is
// not exported.
func (s *Service) Export(ctx context.Context, a *domain.Actor, in ExportInput) (*Export, error) {
	f, err := render.ByName(in.Format)
	if err != nil {
		return nil, errFormat()
	}
	t, err := s.Text(ctx, a, in.TextInput)
	if err != nil {
		return nil, err
	}
	return s.export(t, f)
}

// PublicExport is [Service.Export] of a meeting's published document, to
// anyone ([Service.Public]).
func (s *Service) PublicExport(ctx context.Context, in ExportInput) (*Export, error) {
	f, err := render.ByName(in.Format)
	if err != nil {
		return nil, errFormat()
	}
	t, err := s.Public(ctx, PublicInput{MeetingID: in.MeetingID, Lang: in.Lang})
	if err != nil {
		return nil, err
	}
	return s.export(t, f)
}

// export renders t in format f. What a file shows depends on the version
// alone, never on the document's later state (published or not) or the
// clock, so that exporting the adopted version again gives the same bytes
// ([Service.Verify]).
func (s *Service) export(t *Text, f render.Format) (*Export, error) {
	if t.Tampered {
		return nil, errTampered(t.Version.Number)
	}
	var buf bytes.Buffer
	if err := f.Render(&buf, s.renderDoc(t)); err != nil {
		return nil, err
	}
	return &Export{Text: t, Format: f, Name: exportName(t, f), Data: buf.Bytes()}, nil
}

// renderDoc is what the renderers are given of t.
func (s *Service) renderDoc(t *Text) render.Doc {
	status, date, hash := domain.OutcomeDraft, t.Version.CreatedAt, ""
	if t.Adopted {
		status, date, hash = domain.OutcomeAdopted, t.Document.AdoptedAt, t.Hash
	}
	return render.Doc{Text: t.Text, Draft: !t.Adopted, Version: t.Version.Number, Status: status, Hash: hash,
		Date: date.UTC(), Labels: render.NewLabels(s.cat.Printer(t.Lang), t.Version.Number, status)}
}

// exportName is "GRCP-7-outcome-v3-fr.docx": the meeting's short name (or
// "meeting") in letters, digits and hyphens, the version, the language.
func exportName(t *Text, f render.Format) string {
	name := t.Meeting.ShortName
	if name == "" {
		name = "meeting"
	}
	var b strings.Builder
	for _, r := range name {
		switch {
		case r < 128 && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'):
			b.WriteRune(r)
		case b.Len() > 0 && !strings.HasSuffix(b.String(), "-"):
			b.WriteByte('-')
		}
	}
	base := strings.Trim(b.String(), "-")
	if base == "" {
		base = "meeting"
	}
	return base + "-outcome-v" + strconv.Itoa(t.Version.Number) + "-" + t.Lang + f.Extension
}
