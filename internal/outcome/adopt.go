package outcome

import (
	"context"
	"encoding/json"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/plenary-org/plenary/internal/domain"
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

// Verification says whether a file's text is the adopted version of a
// meeting's outcome document.
type Verification struct {
	// Hash is the content hash of the text the file holds, when it holds
	// an outcome document's text (JSON); empty otherwise.
	Hash string `json:"hash,omitempty"`
	// Matches are the adopted documents the file is (Exact) or claims to
	// be: a file that is not the text itself (Markdown, HTML, DOCX, PDF)
	// names the hash of what it was made from, which is matched, but
	// whose content is not compared.
	Matches []Match `json:"matches"`
}

// Match is an adopted document a file matched.
type Match struct {
	MeetingID string `json:"meeting_id"`
	Meeting   string `json:"meeting"`
	Version   int    `json:"version"`
	Hash      string `json:"hash"`
	// Exact is true when the file's text gives the adopted hash.
	Exact     bool `json:"exact"`
	Published bool `json:"published"`
}

var hexHash = regexp.MustCompile(`\b[0-9a-f]{64}\b`)

// Verify says whether data (a file) is the adopted version of an outcome
// document: a JSON text of a document ([domain.OutcomeText]) is hashed
// and matched exactly; any other file is matched by the content hashes it
// names. An anonymous actor is told of published documents only;
// others, of the adopted documents of the meetings they may see.
func (s *Service) Verify(ctx context.Context, a *domain.Actor, data []byte) (*Verification, error) {
	out := &Verification{Matches: []Match{}}
	var t domain.OutcomeText
	var hashes []string
	if err := json.Unmarshal(data, &t); err == nil && t.Title != "" && t.Sections != nil {
		out.Hash = t.Hash()
		hashes = []string{out.Hash}
	} else {
		for _, h := range hexHash.FindAll(data, 20) {
			if !slices.Contains(hashes, string(h)) {
				hashes = append(hashes, string(h))
			}
		}
	}
	for _, h := range hashes {
		ds, err := s.db.AdoptedOutcomes(ctx, h)
		if err != nil {
			return nil, err
		}
		for _, d := range ds {
			m, err := s.db.Meeting(ctx, d.MeetingID)
			if err != nil {
				return nil, err
			}
			published := !d.PublishedAt.IsZero()
			if !published && !a.CanViewMeeting(m.ProcessID, m.ID) {
				continue
			}
			out.Matches = append(out.Matches, Match{MeetingID: m.ID, Meeting: m.Name(), Version: d.AdoptedVersion, Hash: d.AdoptedHash,
				Exact: h == out.Hash, Published: published})
		}
	}
	return out, nil
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
