package outcome

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf16"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/outcome/render"
	"github.com/plenary-org/plenary/internal/store"
)

func errTampered(n int) error {
	return domain.Errorf(domain.ECONFLICT, "outcome.error_tampered", "version %d no longer gives the content hash stored with it: the stored text was changed outside plenary", n)
}

func errNotAdopted() error {
	return domain.Errorf(domain.ECONFLICT, "outcome.error_not_adopted", "the outcome document is not adopted yet")
}

// adopt marks version n adopted in the transaction, once its text still
// gives the hash it was stored with.
func adopt(ctx context.Context, o *store.OutcomeTx, n int, userID string) error {
	v, err := o.Version(ctx, n)
	if err != nil {
		return err
	}
	h := v.Text.Hash()
	if h != v.Hash {
		return errTampered(n)
	}
	d := o.Doc
	d.Status, d.AdoptedVersion, d.AdoptedHash, d.AdoptedBy, d.AdoptedAt = domain.OutcomeAdopted, n, h, userID, o.Now()
	return nil
}

// AdoptInput adopts the latest version, as read.
type AdoptInput struct {
	MeetingID string
	Version   int
}

// Adopt adopts the latest version of a meeting's outcome document (the
// version read; another is a conflict): the chair, on a draft that is not
// open for amendments. The version is frozen: the document takes no new
// version, edit or amendment (the store's triggers refuse them too), and
// its content hash is stored with the adoption.
func (s *Service) Adopt(ctx context.Context, a *domain.Actor, in AdoptInput) (*store.OutcomeDocument, error) {
	ctx = domain.NewContextWithActor(ctx, a)
	sc, err := s.meeting(ctx, a, in.MeetingID)
	if err != nil {
		return nil, err
	}
	if !a.CanAdoptOutcome(sc.ProcessID, sc.MeetingID) {
		return nil, errNotChair()
	}
	return s.db.ChangeOutcome(ctx, in.MeetingID, "adopt", func(o *store.OutcomeTx) error {
		if err := draftable(o.Doc, in.Version); err != nil {
			return err
		}
		return adopt(ctx, o, in.Version, a.User.ID)
	})
}

// PublishInput publishes or withdraws the publication of an adopted
// document.
type PublishInput struct {
	MeetingID string
	Publish   bool
}

// Publish makes an adopted document readable without an account
// ([Service.Public]), or withdraws it from there: the secretariat, by
// choice (nothing is published by itself).
func (s *Service) Publish(ctx context.Context, a *domain.Actor, in PublishInput) (*store.OutcomeDocument, error) {
	ctx = domain.NewContextWithActor(ctx, a)
	if _, err := s.drafter(ctx, a, in.MeetingID); err != nil {
		return nil, err
	}
	action := "publish"
	if !in.Publish {
		action = "unpublish"
	}
	return s.db.ChangeOutcome(ctx, in.MeetingID, action, func(o *store.OutcomeTx) error {
		d := o.Doc
		if d.AdoptedVersion == 0 {
			return errNotAdopted()
		}
		switch {
		case in.Publish && d.PublishedAt.IsZero():
			d.Status, d.PublishedAt = domain.OutcomePublished, o.Now()
		case !in.Publish:
			d.Status, d.PublishedAt = domain.OutcomeAdopted, time.Time{}
		}
		return nil
	})
}

// PublicInput asks for a meeting's published outcome document.
type PublicInput struct {
	MeetingID string
	Lang      string
}

// Public returns a meeting's published outcome document (its adopted
// version) in a language to anyone, without an account. Anything not
// published answers [domain.ENOTFOUND], whoever asks: a meeting, a draft
// or an adopted document that the secretariat did not publish.
func (s *Service) Public(ctx context.Context, in PublicInput) (*Text, error) {
	d, err := s.settle(ctx, in.MeetingID)
	if err != nil {
		return nil, err
	}
	if d.PublishedAt.IsZero() || d.AdoptedVersion == 0 {
		return nil, domain.NotFound("outcome document")
	}
	m, err := s.db.Meeting(ctx, in.MeetingID)
	if err != nil {
		return nil, err
	}
	return s.text(ctx, m, d, d.AdoptedVersion, in.Lang)
}

// Settle runs the silence procedure's check for a meeting's document (see
// [Service.settle]); it answers [domain.ENOTFOUND] when there is none.
// Reads run it; a server's periodic work may too.
func (s *Service) Settle(ctx context.Context, meetingID string) (*store.OutcomeDocument, error) {
	return s.settle(ctx, meetingID)
}

// SettleAll runs the silence procedure's check ([Service.settle]) for
// every document whose round under silence has reached its deadline
// unbroken: a server's periodic work, so that a document is adopted at
// its deadline though nobody reads it. It returns the meetings whose
// documents it adopted; a failure on one document does not stop the
// others (their errors are joined).
func (s *Service) SettleAll(ctx context.Context) ([]string, error) {
	ds, err := s.db.OutcomeDocuments(ctx, nil)
	if err != nil {
		return nil, err
	}
	ids := slices.Sorted(maps.Keys(ds))
	var adopted []string
	var errs []error
	for _, id := range ids {
		if !silenceDue(ds[id], s.now()) {
			continue
		}
		d, err := s.settle(ctx, id)
		if err != nil {
			errs = append(errs, fmt.Errorf("outcome document of meeting %s: %w", id, err))
			continue
		}
		if d.AdoptedVersion > 0 {
			adopted = append(adopted, id)
		}
	}
	return adopted, errors.Join(errs...)
}

// settle returns a meeting's document after the silence procedure's
// check: a round under silence whose deadline has passed without a
// delegation breaking silence adopts the version it circulated, on
// behalf of nobody (AdoptedBy empty; the audit trail records the
// server's work).
func (s *Service) settle(ctx context.Context, meetingID string) (*store.OutcomeDocument, error) {
	d, err := s.db.OutcomeDocument(ctx, meetingID)
	if err != nil || !silenceDue(d, s.now()) {
		return d, err
	}
	// The check may run from a read: nobody acts.
	ctx = domain.NewContextWithActor(ctx, nil)
	return s.db.ChangeOutcome(ctx, meetingID, "adopt_by_silence", func(o *store.OutcomeTx) error {
		if !silenceDue(o.Doc, s.now()) {
			return nil // settled meanwhile
		}
		return adopt(ctx, o, o.Doc.RoundVersion, "")
	})
}

// silenceDue reports whether a round under silence has reached its
// deadline unbroken.
func silenceDue(d *store.OutcomeDocument, now time.Time) bool {
	return d.Status == domain.OutcomeOpen && d.Silence && d.SilenceAt.IsZero() && deadlinePassed(d, now)
}

// Verification says whether a file is the adopted version of a meeting's
// outcome document.
type Verification struct {
	// Hash is the content hash of the text the file holds, when it holds
	// an outcome document's text (JSON); empty otherwise.
	Hash string `json:"hash,omitempty"`
	// Format is what the file was read as: json (the text), or the export
	// format it looks like (docx, pdf, html, md).
	Format string `json:"format"`
	// Matches are the adopted documents the file is (Exact) or claims to
	// be (it names their content hash, but its content differs from every
	// export of them).
	Matches []Match `json:"matches"`
}

// Match is an adopted document a file matched.
type Match struct {
	MeetingID string `json:"meeting_id"`
	Meeting   string `json:"meeting"`
	Version   int    `json:"version"`
	Hash      string `json:"hash"`
	// Lang and Format are the language and format of the export (or JSON
	// text) the file is exactly; empty when it is not Exact.
	Lang   string `json:"lang,omitempty"`
	Format string `json:"format,omitempty"`
	// Exact is true when the file is the adopted version: its text gives
	// the adopted hash (JSON), or it is byte for byte an export of the
	// adopted version in a language and format.
	Exact     bool `json:"exact"`
	Published bool `json:"published"`
}

var (
	hexHash    = regexp.MustCompile(`\b[0-9a-f]{64}\b`)
	pdfHexText = regexp.MustCompile(`<FEFF([0-9A-Fa-f]+)>`)
)

// Verify says whether data (a file) is the adopted version of an outcome
// document. A JSON text of a document ([domain.OutcomeText]) is hashed
// and matched with the adopted hashes. Any other file is taken for an
// export in the format it looks like: the adopted versions it names the
// content hash of (all adopted versions when it names none, as a PDF
// whose text is compressed) are exported again, in their original
// language and each language they are translated into, and compared byte
// for byte (the exports are deterministic), so that a copy changed by one
// byte is not the adopted version, whatever hash it prints. An anonymous
// actor is told of published documents only; others, of the adopted
// documents of the meetings they may see.
func (s *Service) Verify(ctx context.Context, a *domain.Actor, data []byte) (*Verification, error) {
	out := &Verification{Matches: []Match{}}
	var (
		ds    []*store.OutcomeDocument
		named bool
		err   error
		// exactly returns the language and format in which the file is
		// d's adopted version, "" when it is not.
		exactly func(d *store.OutcomeDocument) (string, string, error)
		t       domain.OutcomeText
	)
	if jerr := json.Unmarshal(data, &t); jerr == nil && t.Title != "" && t.Sections != nil {
		out.Hash, out.Format, named = t.Hash(), "json", true
		ds, err = s.db.AdoptedOutcomes(ctx, out.Hash)
		exactly = func(*store.OutcomeDocument) (string, string, error) { return t.Language, out.Format, nil }
	} else {
		out.Format = sniffFormat(data)
		ds, named, err = s.claimed(ctx, data)
		f, ferr := render.ByName(out.Format)
		sum := sha256.Sum256(data)
		exactly = func(d *store.OutcomeDocument) (string, string, error) {
			if ferr != nil {
				return "", "", nil // a format this build does not render
			}
			lang, err := s.exportedIn(ctx, d, f, sum)
			return lang, f.Name, err
		}
	}
	if err != nil {
		return nil, err
	}
	for _, d := range ds {
		m, err := s.verifiable(ctx, a, d)
		if err != nil {
			return nil, err
		}
		if m == nil {
			continue
		}
		lang, format, err := exactly(d)
		if err != nil {
			return nil, err
		}
		if lang != "" {
			m.Exact, m.Lang, m.Format = true, lang, format
		}
		if m.Exact || named {
			out.Matches = append(out.Matches, *m)
		}
	}
	return out, nil
}

// verifiable returns the match of an adopted document the actor may be
// told of (published, or of a meeting they may see), nil for another.
func (s *Service) verifiable(ctx context.Context, a *domain.Actor, d *store.OutcomeDocument) (*Match, error) {
	m, err := s.db.Meeting(ctx, d.MeetingID)
	if err != nil {
		return nil, err
	}
	published := !d.PublishedAt.IsZero()
	if !published && !a.CanViewMeeting(m.ProcessID, m.ID) {
		return nil, nil
	}
	return &Match{MeetingID: m.ID, Meeting: m.Name(), Version: d.AdoptedVersion, Hash: d.AdoptedHash, Published: published}, nil
}

// claimed returns the adopted documents whose content hashes data names
// (named true), or every adopted document when it names none.
func (s *Service) claimed(ctx context.Context, data []byte) ([]*store.OutcomeDocument, bool, error) {
	var out []*store.OutcomeDocument
	seen := map[string]bool{}
	for _, h := range namedHashes(data) {
		ds, err := s.db.AdoptedOutcomes(ctx, h)
		if err != nil {
			return nil, false, err
		}
		for _, d := range ds {
			if !seen[d.MeetingID] {
				seen[d.MeetingID] = true
				out = append(out, d)
			}
		}
	}
	if len(out) > 0 {
		return out, true, nil
	}
	ds, err := s.db.AdoptedOutcomes(ctx, "")
	return ds, false, err
}

// exportedIn returns the language in which the adopted version of d,
// exported in format f, gives the bytes whose SHA-256 is sum; "" when
// none does.
func (s *Service) exportedIn(ctx context.Context, d *store.OutcomeDocument, f render.Format, sum [sha256.Size]byte) (string, error) {
	langs, err := s.db.OutcomeTranslationLangs(ctx, d.MeetingID)
	if err != nil {
		return "", err
	}
	meeting, err := s.db.Meeting(ctx, d.MeetingID)
	if err != nil {
		return "", err
	}
	for _, lang := range append([]string{d.Lang}, langs...) {
		t, err := s.text(ctx, meeting, d, d.AdoptedVersion, lang)
		if err != nil {
			return "", err
		}
		if t.Tampered {
			return "", nil
		}
		e, err := s.export(t, f)
		if err != nil {
			return "", err
		}
		if sha256.Sum256(e.Data) == sum {
			return t.Lang, nil
		}
	}
	return "", nil
}

// namedHashes returns the content hashes data names: in its bytes, in a
// PDF's document information, and inside the parts of a ZIP archive (a
// DOCX, whose parts are compressed).
func namedHashes(data []byte) []string {
	var hashes []string
	add := func(b []byte) {
		for _, h := range hexHash.FindAll(b, 20) {
			if !slices.Contains(hashes, string(h)) {
				hashes = append(hashes, string(h))
			}
		}
	}
	add(data)
	// A PDF's document information (its Subject names the hash) is text
	// strings in UTF-16 written as hexadecimal: <FEFF0033...>.
	for _, m := range pdfHexText.FindAllSubmatch(data, 64) {
		if len(m[1]) > 4096 {
			continue // not a short text like the Subject
		}
		if b, err := hex.DecodeString(string(m[1])); err == nil && len(b)%2 == 0 {
			u := make([]uint16, len(b)/2)
			for i := range u {
				u[i] = uint16(b[2*i])<<8 | uint16(b[2*i+1])
			}
			add([]byte(string(utf16.Decode(u))))
		}
	}
	if zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data))); err == nil {
		// At most 32 MiB of parts in all, whatever the archive claims.
		budget := int64(32 << 20)
		for _, f := range zr.File {
			if budget <= 0 {
				break
			}
			rc, err := f.Open()
			if err != nil {
				continue
			}
			b, _ := io.ReadAll(io.LimitReader(rc, budget))
			rc.Close()
			budget -= int64(len(b))
			add(b)
		}
	}
	return hashes
}

// sniffFormat names the export format data looks like: pdf, docx, html,
// or md for any other text.
func sniffFormat(data []byte) string {
	head := bytes.TrimLeft(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")), " \t\r\n")
	lower := bytes.ToLower(head[:min(len(head), 16)])
	switch {
	case bytes.HasPrefix(data, []byte("%PDF-")):
		return "pdf"
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		return "docx"
	case bytes.HasPrefix(lower, []byte("<!doctype html")), bytes.HasPrefix(lower, []byte("<html")):
		return "html"
	}
	return "md"
}

// MeetingOutcome is a meeting with the state of its outcome document.
type MeetingOutcome struct {
	ID       string               `json:"id"`
	Title    string               `json:"title"`
	StartsOn string               `json:"starts_on,omitempty"`
	EndsOn   string               `json:"ends_on,omitempty"`
	Outcome  domain.OutcomeStatus `json:"outcome"`
}

// Meetings lists the meetings the actor may see (every meeting for an
// administrator), by process and newest first, with the state of their
// outcome documents.
func (s *Service) Meetings(ctx context.Context, a *domain.Actor) ([]MeetingOutcome, error) {
	if !a.LoggedIn() {
		return nil, domain.Unauthorized()
	}
	onlyFor := a.User.ID
	if a.IsAdmin() {
		onlyFor = ""
	}
	ps, err := s.db.Processes(ctx, onlyFor)
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(ps))
	for i, p := range ps {
		ids[i] = p.ID
	}
	byProcess, err := s.db.MeetingsOfProcesses(ctx, ids, onlyFor)
	if err != nil {
		return nil, err
	}
	var mids []string
	for _, p := range ps {
		for _, m := range byProcess[p.ID] {
			mids = append(mids, m.ID)
		}
	}
	docs, err := s.db.OutcomeDocuments(ctx, mids)
	if err != nil {
		return nil, err
	}
	out := []MeetingOutcome{}
	for _, p := range ps {
		for _, m := range byProcess[p.ID] {
			mo := MeetingOutcome{ID: m.ID, Title: strings.TrimSpace(m.Title), StartsOn: m.StartsOn, EndsOn: m.EndsOn, Outcome: domain.OutcomeNone}
			if d := docs[m.ID]; d != nil {
				mo.Outcome = d.Status
			}
			out = append(out, mo)
		}
	}
	return out, nil
}
