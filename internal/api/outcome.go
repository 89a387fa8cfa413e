package api

import (
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/outcome"
	"github.com/plenary-org/plenary/internal/store"
)

// A meeting's outcome document under /meetings/{id}/outcome: its state,
// versions and their difference, the text of a version in a language,
// the rounds of amendments and the silence procedure, adoption,
// publication, translations and exports; and the published document,
// read without a token. Each handler is one call of package outcome,
// which authorises and validates (docs/OUTCOME.md).

type outcomeJSON struct {
	MeetingID string              `json:"meeting_id"`
	Status    string              `json:"status"`
	Document  *outcomeDocJSON     `json:"document,omitempty"`
	Versions  []outcomeVerJSON    `json:"versions,omitempty"` // to those who read drafts
	Can       outcome.Permissions `json:"can"`
}

// outcomeDocJSON is the document's state. It names no person: the body
// that broke silence, never who acted for it.
type outcomeDocJSON struct {
	Lang            string     `json:"lang"`
	Status          string     `json:"status"`
	Latest          int        `json:"latest"`
	Round           int        `json:"round"`
	RoundVersion    int        `json:"round_version,omitempty"`
	Deadline        *time.Time `json:"deadline,omitempty"`
	Silence         bool       `json:"silence"`
	SilenceBrokenBy string     `json:"silence_broken_by,omitempty"`
	SilenceReason   string     `json:"silence_reason,omitempty"`
	SilenceBrokenAt *time.Time `json:"silence_broken_at,omitempty"`
	AdoptedVersion  int        `json:"adopted_version,omitempty"`
	AdoptedHash     string     `json:"adopted_hash,omitempty"`
	ShortHash       string     `json:"short_hash,omitempty"`
	AdoptedAt       *time.Time `json:"adopted_at,omitempty"`
	PublishedAt     *time.Time `json:"published_at,omitempty"`
	UpdatedAt       time.Time  `json:"updated_at"`
	Version         int        `json:"version"`
}

type outcomeVerJSON struct {
	Number    int       `json:"number"`
	Hash      string    `json:"hash"`
	Note      string    `json:"note"`
	CreatedAt time.Time `json:"created_at"`
}

type outcomeTextJSON struct {
	MeetingID    string             `json:"meeting_id"`
	Version      outcomeVerJSON     `json:"version"`
	Lang         string             `json:"lang"`
	OriginalLang string             `json:"original_lang"`
	Text         domain.OutcomeText `json:"text"`
	// Numbers are the paragraphs' numbers by block ID.
	Numbers map[string]int `json:"numbers"`
	// Blocks says of each block (and title, subtitle, heading:KEY)
	// whether it is translated; Untranslated lists those given in the
	// original language instead.
	Blocks       map[string]outcome.BlockLang `json:"blocks"`
	Untranslated []string                     `json:"untranslated"`
	// Hash is the content hash of the version's original text.
	Hash     string `json:"hash"`
	Adopted  bool   `json:"adopted"`
	Tampered bool   `json:"tampered"`
}

type outcomeDiffJSON struct {
	From       int                `json:"from"`
	To         int                `json:"to"`
	Difference outcome.Difference `json:"difference"`
}

type amendmentJSON struct {
	ID            string        `json:"id"`
	Label         string        `json:"label"` // A1, A2...
	Round         int           `json:"round"`
	BasedOn       int           `json:"based_on"`
	BlockID       string        `json:"block_id"`
	Op            string        `json:"op"`
	Text          string        `json:"text,omitempty"`
	Lang          string        `json:"lang"`
	Justification string        `json:"justification"`
	BodyID        string        `json:"body_id"`
	BodyName      string        `json:"body_name,omitempty"`
	Status        string        `json:"status"`
	DecidedText   string        `json:"decided_text,omitempty"`
	Reason        string        `json:"reason,omitempty"`
	DecidedAt     *time.Time    `json:"decided_at,omitempty"`
	AppliedIn     int           `json:"applied_in,omitempty"`
	Supports      []supportJSON `json:"supports"`
	CreatedAt     time.Time     `json:"created_at"`
	Version       int           `json:"version"`
}

type supportJSON struct {
	BodyID    string    `json:"body_id"`
	BodyName  string    `json:"body_name,omitempty"`
	CreatedAt time.Time `json:"created_at"`
}

type amendmentRecordJSON struct {
	Document   outcomeDocJSON  `json:"document"`
	Amendments []amendmentJSON `json:"amendments"`
}

type translationsResultJSON struct {
	Lang    string `json:"lang"`
	Version int    `json:"version"`
	Blocks  int    `json:"blocks"`
}

// The request bodies.
type (
	outcomeDraftInput struct {
		Lang string `json:"lang"`
	}
	// readVersion is the version read that a change carries (schema
	// VersionInput alone).
	readVersion struct {
		Version *int `json:"version"`
	}
	outcomeEditInput struct {
		readVersion
		Text domain.OutcomeText `json:"text"`
	}
	outcomeRoundInput struct {
		readVersion
		Deadline time.Time `json:"deadline"`
		Silence  bool      `json:"silence"`
	}
	amendmentInput struct {
		BodyID        string `json:"body_id"`
		BlockID       string `json:"block_id"`
		Op            string `json:"op"`
		Text          string `json:"text"`
		Lang          string `json:"lang"`
		Justification string `json:"justification"`
	}
	amendmentSupportInput struct {
		BodyID string `json:"body_id"`
	}
	amendmentDecisionInput struct {
		readVersion
		Decision string `json:"decision"`
		Text     string `json:"text"`
		Reason   string `json:"reason"`
	}
	silenceBreakInput struct {
		BodyID string `json:"body_id"`
		Reason string `json:"reason"`
	}
	publicationInput struct {
		Published bool `json:"published"`
	}
	outcomeTranslationInput struct {
		readVersion
		Status string              `json:"status"`
		Blocks []outcome.BlockText `json:"blocks"`
	}
)

func (v *readVersion) read() *int { return v.Version }

// decodeRead decodes r's body into in, which carries the version read,
// and returns that version, which is required.
func decodeRead(w http.ResponseWriter, r *http.Request, in interface{ read() *int }) (int, error) {
	if err := decode(w, r, in); err != nil {
		return 0, err
	}
	return requireVersion(in.read())
}

func timePtr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

func outcomeDocView(d *store.OutcomeDocument) outcomeDocJSON {
	v := outcomeDocJSON{Lang: d.Lang, Status: string(d.Status), Latest: d.Latest, Round: d.Round, RoundVersion: d.RoundVersion, Deadline: timePtr(d.Deadline),
		Silence: d.Silence, SilenceBrokenBy: d.SilenceBody, SilenceReason: d.SilenceReason, SilenceBrokenAt: timePtr(d.SilenceAt),
		AdoptedVersion: d.AdoptedVersion, AdoptedHash: d.AdoptedHash, AdoptedAt: timePtr(d.AdoptedAt), PublishedAt: timePtr(d.PublishedAt),
		UpdatedAt: d.UpdatedAt, Version: d.Version}
	if d.AdoptedHash != "" {
		v.ShortHash = domain.ShortHash(d.AdoptedHash)
	}
	return v
}

func outcomeVerView(v *store.OutcomeVersion) outcomeVerJSON {
	return outcomeVerJSON{Number: v.Number, Hash: v.Hash, Note: v.Note, CreatedAt: v.CreatedAt}
}

func outcomeTextView(t *outcome.Text) outcomeTextJSON {
	out := outcomeTextJSON{MeetingID: t.Document.MeetingID, Version: outcomeVerView(t.Version), Lang: t.Lang, OriginalLang: t.Document.Lang, Text: t.Text,
		Numbers: t.Text.Numbers(), Blocks: t.Blocks, Untranslated: []string{}, Hash: t.Hash, Adopted: t.Adopted, Tampered: t.Tampered}
	if t.Lang != t.Document.Lang {
		for id, b := range t.Blocks {
			if !b.Translated {
				out.Untranslated = append(out.Untranslated, id)
			}
		}
		slices.Sort(out.Untranslated)
	}
	return out
}

func amendmentView(am *store.OutcomeAmendment, bodies map[string]string) amendmentJSON {
	v := amendmentJSON{ID: am.ID, Label: "A" + strconv.Itoa(am.Number), Round: am.Round, BasedOn: am.BasedOn, BlockID: am.BlockID, Op: string(am.Op),
		Text: am.Text, Lang: am.Lang, Justification: am.Justification, BodyID: am.BodyID, BodyName: bodies[am.BodyID], Status: string(am.Status),
		DecidedText: am.DecidedText, Reason: am.Reason, DecidedAt: timePtr(am.DecidedAt), AppliedIn: am.AppliedIn, Supports: []supportJSON{},
		CreatedAt: am.CreatedAt, Version: am.Version}
	for _, s := range am.Supports {
		v.Supports = append(v.Supports, supportJSON{BodyID: s.BodyID, BodyName: bodies[s.BodyID], CreatedAt: s.CreatedAt})
	}
	return v
}

// answer writes v with status, or err.
func (s *Server) answer(w http.ResponseWriter, r *http.Request, status int, v any, err error) {
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, status, v)
}

// intParam reads a whole number from 1 of the query (0 when absent).
func intParam(r *http.Request, name string) (int, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		return 0, domain.Invalid(name, "error.version_number", "must be a version number: a whole number from 1")
	}
	return n, nil
}

func (s *Server) getOutcome(w http.ResponseWriter, r *http.Request) {
	o, err := s.outcome.Outcome(r.Context(), actor(r), r.PathValue("id"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out := outcomeJSON{MeetingID: o.Meeting.ID, Status: string(o.Status), Can: o.Can}
	if o.Document != nil {
		d := outcomeDocView(o.Document)
		out.Document = &d
	}
	if o.Versions != nil {
		out.Versions = mapSlice(o.Versions, outcomeVerView)
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) createOutcome(w http.ResponseWriter, r *http.Request) {
	var in outcomeDraftInput
	if err := decode(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	v, err := s.outcome.Draft(r.Context(), actor(r), outcome.DraftInput{MeetingID: r.PathValue("id"), Lang: in.Lang})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	created(w, "/meetings/"+v.MeetingID+"/outcome/versions/"+strconv.Itoa(v.Number), outcomeVerView(v))
}

func (s *Server) getOutcomeVersion(w http.ResponseWriter, r *http.Request) {
	n, err := strconv.Atoi(r.PathValue("n"))
	if err != nil || n < 1 {
		s.writeError(w, r, domain.NotFound("version"))
		return
	}
	t, err := s.outcome.Text(r.Context(), actor(r), outcome.TextInput{MeetingID: r.PathValue("id"), Version: n, Lang: r.URL.Query().Get("lang")})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, outcomeTextView(t))
}

func (s *Server) diffOutcome(w http.ResponseWriter, r *http.Request) {
	from, ferr := intParam(r, "from")
	to, terr := intParam(r, "to")
	var errs domain.Errors
	for _, c := range []struct {
		name string
		n    int
		err  error
	}{{"from", from, ferr}, {"to", to, terr}} {
		switch {
		case c.err != nil:
			errs = append(errs, c.err.(*domain.Error))
		case c.n == 0:
			errs = append(errs, domain.Invalid(c.name, "error.required", "this field is required: give the version numbers to compare"))
		}
	}
	if err := errs.Err(); err != nil {
		s.writeError(w, r, err)
		return
	}
	d, err := s.outcome.Diff(r.Context(), actor(r), outcome.DiffInput{MeetingID: r.PathValue("id"), From: from, To: to})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	diff := d.Difference
	diff.Sections, diff.Blocks = orEmpty(diff.Sections), orEmpty(diff.Blocks)
	writeJSON(w, http.StatusOK, outcomeDiffJSON{From: d.From.Number, To: d.To.Number, Difference: diff})
}

func (s *Server) editOutcome(w http.ResponseWriter, r *http.Request) {
	var in outcomeEditInput
	read, err := decodeRead(w, r, &in)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	v, err := s.outcome.Edit(r.Context(), actor(r), outcome.EditInput{MeetingID: r.PathValue("id"), Version: read, Text: in.Text})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	created(w, "/meetings/"+v.MeetingID+"/outcome/versions/"+strconv.Itoa(v.Number), outcomeVerView(v))
}

// sectionInput reads the section of the path and the version read.
func sectionInput(w http.ResponseWriter, r *http.Request) (outcome.SectionInput, error) {
	var in readVersion
	read, err := decodeRead(w, r, &in)
	return outcome.SectionInput{MeetingID: r.PathValue("id"), Key: r.PathValue("key"), Version: read}, err
}

func (s *Server) regenerateOutcomeSection(w http.ResponseWriter, r *http.Request) {
	in, err := sectionInput(w, r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	v, err := s.outcome.Regenerate(r.Context(), actor(r), in)
	s.answerVersion(w, r, v, err)
}

func (s *Server) freezeOutcomeSection(w http.ResponseWriter, r *http.Request) {
	in, err := sectionInput(w, r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	v, err := s.outcome.Freeze(r.Context(), actor(r), in)
	s.answerVersion(w, r, v, err)
}

func (s *Server) answerVersion(w http.ResponseWriter, r *http.Request, v *store.OutcomeVersion, err error) {
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, outcomeVerView(v))
}

// answerDoc writes the document's state, or err.
func (s *Server) answerDoc(w http.ResponseWriter, r *http.Request, d *store.OutcomeDocument, err error) {
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, outcomeDocView(d))
}

func (s *Server) openOutcomeRound(w http.ResponseWriter, r *http.Request) {
	var in outcomeRoundInput
	read, err := decodeRead(w, r, &in)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	d, err := s.outcome.OpenRound(r.Context(), actor(r), outcome.RoundInput{MeetingID: r.PathValue("id"), Version: read, Deadline: in.Deadline, Silence: in.Silence})
	s.answerDoc(w, r, d, err)
}

func (s *Server) closeOutcomeRound(w http.ResponseWriter, r *http.Request) {
	d, err := s.outcome.CloseRound(r.Context(), actor(r), r.PathValue("id"))
	s.answerDoc(w, r, d, err)
}

func (s *Server) breakOutcomeSilence(w http.ResponseWriter, r *http.Request) {
	var in silenceBreakInput
	if err := decode(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	d, err := s.outcome.BreakSilence(r.Context(), actor(r), outcome.BreakInput{MeetingID: r.PathValue("id"), Body: in.BodyID, Reason: in.Reason})
	s.answerDoc(w, r, d, renameFields(err, amendmentFields))
}

func (s *Server) listOutcomeAmendments(w http.ResponseWriter, r *http.Request) {
	rec, err := s.outcome.Amendments(r.Context(), actor(r), r.PathValue("id"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out := amendmentRecordJSON{Document: outcomeDocView(rec.Document), Amendments: []amendmentJSON{}}
	for _, am := range rec.Amendments {
		out.Amendments = append(out.Amendments, amendmentView(am, rec.Bodies))
	}
	writeJSON(w, http.StatusOK, out)
}

// amendmentFields names the API's fields for the use case's.
var amendmentFields = map[string]string{"body": "body_id", "block": "block_id"}

func (s *Server) proposeAmendment(w http.ResponseWriter, r *http.Request) {
	var in amendmentInput
	if err := decode(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	am, err := s.outcome.Propose(r.Context(), actor(r), outcome.ProposeInput{MeetingID: r.PathValue("id"), Body: in.BodyID, BlockID: in.BlockID,
		Op: store.AmendmentOp(in.Op), Text: in.Text, Lang: in.Lang, Justification: in.Justification})
	if err != nil {
		s.writeError(w, r, renameFields(err, amendmentFields))
		return
	}
	created(w, "/meetings/"+am.MeetingID+"/outcome/amendments", amendmentView(am, nil))
}

func (s *Server) supportAmendment(w http.ResponseWriter, r *http.Request) {
	var in amendmentSupportInput
	if err := decode(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	am, err := s.outcome.Support(r.Context(), actor(r), outcome.SupportInput{MeetingID: r.PathValue("id"), AmendmentID: r.PathValue("aid"), Body: in.BodyID})
	s.answerAmendment(w, r, am, err)
}

func (s *Server) withdrawAmendment(w http.ResponseWriter, r *http.Request) {
	var in readVersion
	read, err := decodeRead(w, r, &in)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	am, err := s.outcome.Withdraw(r.Context(), actor(r), outcome.AmendmentRef{MeetingID: r.PathValue("id"), AmendmentID: r.PathValue("aid"), Version: read})
	s.answerAmendment(w, r, am, err)
}

func (s *Server) decideAmendment(w http.ResponseWriter, r *http.Request) {
	var in amendmentDecisionInput
	read, err := decodeRead(w, r, &in)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	am, err := s.outcome.Decide(r.Context(), actor(r), outcome.DecideInput{
		AmendmentRef: outcome.AmendmentRef{MeetingID: r.PathValue("id"), AmendmentID: r.PathValue("aid"), Version: read},
		Decision:     outcome.Decision(in.Decision), Text: in.Text, Reason: in.Reason})
	s.answerAmendment(w, r, am, err)
}

func (s *Server) answerAmendment(w http.ResponseWriter, r *http.Request, am *store.OutcomeAmendment, err error) {
	if err != nil {
		s.writeError(w, r, renameFields(err, amendmentFields))
		return
	}
	writeJSON(w, http.StatusOK, amendmentView(am, nil))
}

func (s *Server) adoptOutcome(w http.ResponseWriter, r *http.Request) {
	var in readVersion
	read, err := decodeRead(w, r, &in)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	d, err := s.outcome.Adopt(r.Context(), actor(r), outcome.AdoptInput{MeetingID: r.PathValue("id"), Version: read})
	s.answerDoc(w, r, d, err)
}

func (s *Server) publishOutcome(w http.ResponseWriter, r *http.Request) {
	var in publicationInput
	if err := decode(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	d, err := s.outcome.Publish(r.Context(), actor(r), outcome.PublishInput{MeetingID: r.PathValue("id"), Publish: in.Published})
	s.answerDoc(w, r, d, err)
}

func (s *Server) putOutcomeTranslation(w http.ResponseWriter, r *http.Request) {
	var in outcomeTranslationInput
	read, err := decodeRead(w, r, &in)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	lang := r.PathValue("lang")
	n, err := s.outcome.PutTranslation(r.Context(), actor(r), outcome.TranslationInput{MeetingID: r.PathValue("id"), Lang: lang, Version: read,
		Status: store.TranslationStatus(in.Status), Blocks: in.Blocks})
	s.answer(w, r, http.StatusOK, translationsResultJSON{Lang: lang, Version: read, Blocks: n}, err)
}

// exportInput reads the export's query: format, lang and version.
func exportInput(r *http.Request) (outcome.ExportInput, error) {
	q := r.URL.Query()
	n, err := intParam(r, "version")
	return outcome.ExportInput{TextInput: outcome.TextInput{MeetingID: r.PathValue("id"), Version: n, Lang: q.Get("lang")}, Format: q.Get("format")}, err
}

func (s *Server) exportOutcome(w http.ResponseWriter, r *http.Request) {
	in, err := exportInput(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	e, err := s.outcome.Export(r.Context(), actor(r), in)
	s.sendExport(w, r, e, err)
}

// sendExport answers with the file, to save.
func (s *Server) sendExport(w http.ResponseWriter, r *http.Request, e *outcome.Export, err error) {
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	sendFile(w, e.Format.MediaType, e.Name, e.Data)
}

func (s *Server) getPublishedOutcome(w http.ResponseWriter, r *http.Request) {
	t, err := s.outcome.Public(r.Context(), outcome.PublicInput{MeetingID: r.PathValue("id"), Lang: r.URL.Query().Get("lang")})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, outcomeTextView(t))
}

func (s *Server) exportPublishedOutcome(w http.ResponseWriter, r *http.Request) {
	in, err := exportInput(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	e, err := s.outcome.PublicExport(r.Context(), in)
	s.sendExport(w, r, e, err)
}
