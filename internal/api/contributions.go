package api

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/plenary-org/plenary/internal/contribution"
	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/store"
)

// Contributions: good practices, recommendations and the other inputs of a
// meeting. Who may do what is decided by the [domain.Actor] methods
// CanContribute, ContributeBodies, CanViewContribution, CanEditContribution
// and CanTransition; of a contribution written under the non-attribution
// rule the body and the author are shown to the author only
// ([domain.Attributed]).

// contributionJSON is a contribution as lists show it, without its
// translations and attachments.
type contributionJSON struct {
	ID           string `json:"id"`
	MeetingID    string `json:"meeting_id"`
	Kind         string `json:"kind"`
	PracticeType string `json:"practice_type"`
	Status       string `json:"status"`
	Title        string `json:"title"`
	Text         string `json:"text"`
	// Attributed is false when the contribution, written under the
	// non-attribution rule, hides who submitted it from this caller:
	// body_id, body_name and author_id are then left out and body_region
	// and body_kind describe the body instead, as far as the meeting's
	// participants allow ([domain.Describe]): either or both are left out
	// when they would fit fewer than k participants.
	Attributed    bool       `json:"attributed"`
	BodyID        string     `json:"body_id,omitempty"`
	BodyName      string     `json:"body_name,omitempty"`
	BodyRegion    string     `json:"body_region,omitempty"`
	BodyKind      string     `json:"body_kind,omitempty"`
	AuthorID      string     `json:"author_id,omitempty"`
	QuestionID    string     `json:"question_id"`
	Lang          string     `json:"lang"`
	LangDetected  string     `json:"lang_detected"`
	Regions       []string   `json:"regions"`
	Countries     []string   `json:"countries"`
	Tags          []string   `json:"tags"`
	Where         string     `json:"where"`
	Implementer   string     `json:"implementer"`
	Partners      string     `json:"partners"`
	PeriodFrom    string     `json:"period_from"`
	PeriodTo      string     `json:"period_to"`
	Results       string     `json:"results"`
	Replicability string     `json:"replicability"`
	Links         []string   `json:"links"`
	ReturnReason  string     `json:"return_reason"`
	Demo          bool       `json:"demo"`
	SubmittedAt   *time.Time `json:"submitted_at,omitempty"`
	PublishedAt   *time.Time `json:"published_at,omitempty"`
	CreatedAt     time.Time  `json:"created_at"`
	UpdatedAt     time.Time  `json:"updated_at"`
	Version       int        `json:"version"`
}

// contributionDetailJSON is one contribution with its translations and
// the metadata of its attachments.
type contributionDetailJSON struct {
	contributionJSON
	Translations []translationJSON `json:"translations"`
	Attachments  []attachmentJSON  `json:"attachments"`
}

type translationJSON struct {
	Lang       string    `json:"lang"`
	Title      string    `json:"title"`
	Text       string    `json:"text"`
	Machine    bool      `json:"machine"`
	Translator string    `json:"translator"`
	UpdatedAt  time.Time `json:"updated_at"`
}

type attachmentJSON struct {
	ID          string    `json:"id"`
	Name        string    `json:"name"`
	ContentType string    `json:"content_type"`
	Size        int64     `json:"size"`
	SHA256      string    `json:"sha256"`
	URL         string    `json:"url"`
	CreatedAt   time.Time `json:"created_at"`
}

func attachmentView(a domain.Attachment) attachmentJSON {
	return attachmentJSON{ID: a.ID, Name: a.Name, ContentType: a.ContentType, Size: a.Size, SHA256: a.SHA256,
		URL: prefix + "/attachments/" + a.ID, CreatedAt: a.CreatedAt}
}

func translationView(t domain.Translation) translationJSON {
	return translationJSON{Lang: t.Lang, Title: t.Title, Text: t.Text, Machine: t.Machine, Translator: t.Translator, UpdatedAt: t.UpdatedAt}
}

func timeOrNil(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

// viewer renders contributions for one caller. It remembers the meetings
// and bodies it has read, so that a page of results costs one query per
// distinct meeting and body.
type viewer struct {
	db       *store.DB
	a        *domain.Actor
	meetings map[string]*domain.Meeting
	bodies   map[string]*domain.Body
	descs    map[string]domain.Descriptions
}

func (s *Server) viewerFor(r *http.Request) *viewer {
	return &viewer{db: s.db, a: actor(r), meetings: map[string]*domain.Meeting{}, bodies: map[string]*domain.Body{}, descs: map[string]domain.Descriptions{}}
}

// describe returns how meeting m describes body b without attribution.
func (v *viewer) describe(ctx context.Context, m *domain.Meeting, b *domain.Body) (domain.Description, error) {
	d, ok := v.descs[m.ID]
	if !ok {
		counts, err := v.db.ParticipantTraits(ctx, m.ID)
		if err != nil {
			return domain.Description{}, err
		}
		d = domain.Describe(counts, m.MinDescribed())
		v.descs[m.ID] = d
	}
	return d.Of(b), nil
}

func (v *viewer) meeting(ctx context.Context, id string) (*domain.Meeting, error) {
	if m, ok := v.meetings[id]; ok {
		return m, nil
	}
	m, err := v.db.Meeting(ctx, id)
	if err != nil {
		return nil, err
	}
	v.meetings[id] = m
	return m, nil
}

func (v *viewer) body(ctx context.Context, id string) (*domain.Body, error) {
	if b, ok := v.bodies[id]; ok {
		return b, nil
	}
	b, err := v.db.Body(ctx, id)
	if err != nil {
		return nil, err
	}
	v.bodies[id] = b
	return b, nil
}

// loadBodies reads the bodies of cs in one query rather than one by one
// (a page of fifty contributions named some forty bodies); a body not
// found is left to body, which says so.
func (v *viewer) loadBodies(ctx context.Context, cs []*domain.Contribution) error {
	var ids []string
	for _, c := range cs {
		if _, ok := v.bodies[c.BodyID]; !ok && c.BodyID != "" && !slices.Contains(ids, c.BodyID) {
			ids = append(ids, c.BodyID)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	bs, err := v.db.BodiesByID(ctx, ids)
	if err != nil {
		return err
	}
	for id, b := range bs {
		v.bodies[id] = b
	}
	return nil
}

// summary renders c as the caller may see it.
func (v *viewer) summary(ctx context.Context, c *domain.Contribution) (contributionJSON, error) {
	j := contributionJSON{ID: c.ID, MeetingID: c.MeetingID, Kind: string(c.Kind), PracticeType: string(c.Practice),
		Status: string(c.Status), Title: c.Title, Text: c.Text, Attributed: domain.Attributed(c, v.a),
		QuestionID: c.QuestionID, Lang: c.Lang, LangDetected: c.LangAuto, Regions: orEmpty(c.Regions),
		Countries: orEmpty(c.Countries), Tags: orEmpty(c.Tags), Where: c.Where, Implementer: c.Implementer,
		Partners: c.Partners, PeriodFrom: c.PeriodFrom, PeriodTo: c.PeriodTo, Results: c.Results,
		Replicability: c.Replicability, Links: orEmpty(c.Links), ReturnReason: c.ReturnReason, Demo: c.Demo,
		SubmittedAt: timeOrNil(c.SubmittedAt), PublishedAt: timeOrNil(c.PublishedAt),
		CreatedAt: c.CreatedAt, UpdatedAt: c.UpdatedAt, Version: c.Version}
	if c.BodyID != "" {
		b, err := v.body(ctx, c.BodyID)
		if err != nil {
			return contributionJSON{}, err
		}
		if j.Attributed {
			j.BodyID, j.BodyName, j.BodyRegion, j.BodyKind = b.ID, b.Name, b.Region, string(b.Kind)
		} else {
			m, err := v.meeting(ctx, c.MeetingID)
			if err != nil {
				return contributionJSON{}, err
			}
			d, err := v.describe(ctx, m, b)
			if err != nil {
				return contributionJSON{}, err
			}
			j.BodyRegion, j.BodyKind = d.Region, string(d.Kind)
		}
	}
	if j.Attributed {
		j.AuthorID = c.AuthorID
	}
	return j, nil
}

// detail renders c with its translations and attachments.
func (v *viewer) detail(ctx context.Context, c *domain.Contribution) (contributionDetailJSON, error) {
	sum, err := v.summary(ctx, c)
	return contributionDetailJSON{contributionJSON: sum, Translations: mapSlice(c.Translations, translationView),
		Attachments: mapSlice(c.Attachments, attachmentView)}, err
}

// contributionInput is the body of a new contribution.
type contributionInput struct {
	Kind          string   `json:"kind"`
	PracticeType  string   `json:"practice_type"`
	Title         string   `json:"title"`
	Text          string   `json:"text"`
	BodyID        string   `json:"body_id"`
	QuestionID    string   `json:"question_id"`
	Lang          string   `json:"lang"`
	Regions       []string `json:"regions"`
	Countries     []string `json:"countries"`
	Tags          []string `json:"tags"`
	Where         string   `json:"where"`
	Implementer   string   `json:"implementer"`
	Partners      string   `json:"partners"`
	PeriodFrom    string   `json:"period_from"`
	PeriodTo      string   `json:"period_to"`
	Results       string   `json:"results"`
	Replicability string   `json:"replicability"`
	Links         []string `json:"links"`
	Submit        bool     `json:"submit"` // submit at once rather than keep a draft
}

// contributionPatch is the body of an update: fields left out (or null)
// keep their values.
type contributionPatch struct {
	Kind          *string   `json:"kind"`
	PracticeType  *string   `json:"practice_type"`
	Title         *string   `json:"title"`
	Text          *string   `json:"text"`
	BodyID        *string   `json:"body_id"`
	QuestionID    *string   `json:"question_id"`
	Lang          *string   `json:"lang"`
	Regions       *[]string `json:"regions"`
	Countries     *[]string `json:"countries"`
	Tags          *[]string `json:"tags"`
	Where         *string   `json:"where"`
	Implementer   *string   `json:"implementer"`
	Partners      *string   `json:"partners"`
	PeriodFrom    *string   `json:"period_from"`
	PeriodTo      *string   `json:"period_to"`
	Results       *string   `json:"results"`
	Replicability *string   `json:"replicability"`
	Links         *[]string `json:"links"`
	Version       *int      `json:"version"`
}

func (p *contributionPatch) apply(c *domain.Contribution) {
	set := func(dst *string, v *string) {
		if v != nil {
			*dst = *v
		}
	}
	setList := func(dst *[]string, v *[]string) {
		if v != nil {
			*dst = *v
		}
	}
	if p.Kind != nil {
		c.Kind = domain.ContributionKind(*p.Kind)
	}
	if p.PracticeType != nil {
		c.Practice = domain.PracticeType(*p.PracticeType)
	}
	set(&c.Title, p.Title)
	set(&c.Text, p.Text)
	set(&c.BodyID, p.BodyID)
	set(&c.QuestionID, p.QuestionID)
	set(&c.Lang, p.Lang)
	setList(&c.Regions, p.Regions)
	setList(&c.Countries, p.Countries)
	setList(&c.Tags, p.Tags)
	set(&c.Where, p.Where)
	set(&c.Implementer, p.Implementer)
	set(&c.Partners, p.Partners)
	set(&c.PeriodFrom, p.PeriodFrom)
	set(&c.PeriodTo, p.PeriodTo)
	set(&c.Results, p.Results)
	set(&c.Replicability, p.Replicability)
	setList(&c.Links, p.Links)
}

// contributionFields maps the store's field names to the request's.
var contributionFields = map[string]string{"body": "body_id", "question": "question_id"}

// checkBody checks that the actor may submit on behalf of bodyID in the
// meeting, and picks their body when they name none and have exactly one.
func checkBody(a *domain.Actor, m *domain.Meeting, bodyID string) (string, error) {
	ids, all := a.ContributeBodies(m.ProcessID, m.ID)
	switch {
	case all:
		return bodyID, nil
	case bodyID == "" && len(ids) == 1:
		return ids[0], nil
	case bodyID == "" && len(ids) > 1:
		return "", domain.Invalid("body_id", "error.required", "this field is required: choose the body you submit for")
	case bodyID != "" && !slices.Contains(ids, bodyID):
		return "", domain.Errorf(domain.EFORBIDDEN, "error.contribute_body", "you may submit only on behalf of a body you represent in this meeting")
	}
	return bodyID, nil
}

func (s *Server) createContribution(w http.ResponseWriter, r *http.Request) {
	m, err := s.viewableMeeting(r, false)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	a := actor(r)
	if !a.CanContribute(m.ProcessID, m.ID) {
		s.writeError(w, r, domain.Forbidden())
		return
	}
	var in contributionInput
	if err := decode(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	body, err := checkBody(a, m, in.BodyID)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	c := domain.Contribution{MeetingID: m.ID, Kind: domain.ContributionKind(in.Kind), Practice: domain.PracticeType(in.PracticeType),
		Status: domain.StatusDraft, Title: in.Title, Text: in.Text, BodyID: body, AuthorID: a.User.ID, QuestionID: in.QuestionID,
		Lang: in.Lang, Regions: in.Regions, Countries: in.Countries, Tags: in.Tags, Where: in.Where, Implementer: in.Implementer,
		Partners: in.Partners, PeriodFrom: in.PeriodFrom, PeriodTo: in.PeriodTo, Results: in.Results,
		Replicability: in.Replicability, Links: in.Links}
	if in.Submit {
		c.Status = domain.StatusSubmitted
	}
	if err := s.db.CreateContribution(r.Context(), &c); err != nil {
		s.writeError(w, r, renameFields(err, contributionFields))
		return
	}
	out, err := s.viewerFor(r).detail(r.Context(), &c)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	created(w, "/contributions/"+c.ID, out)
}

// viewableContribution loads the contribution named in the path, with its
// meeting, if the actor may read it; else it is not found.
func (s *Server) viewableContribution(r *http.Request, v *viewer) (*domain.Contribution, *domain.Meeting, error) {
	return s.contributionFor(r, v, r.PathValue("id"))
}

func (s *Server) contributionFor(r *http.Request, v *viewer, id string) (*domain.Contribution, *domain.Meeting, error) {
	ctx := r.Context()
	c, err := s.db.Contribution(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	m, err := v.meeting(ctx, c.MeetingID)
	if err != nil {
		return nil, nil, err
	}
	if !v.a.CanViewContribution(m.ProcessID, c) {
		return nil, nil, domain.NotFound("contribution")
	}
	return c, m, nil
}

func (s *Server) getContribution(w http.ResponseWriter, r *http.Request) {
	v := s.viewerFor(r)
	c, _, err := s.viewableContribution(r, v)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out, err := v.detail(r.Context(), c)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, out)
}

// editableContribution is viewableContribution for a change: 403 when the
// actor may read the contribution but not change it.
func (s *Server) editableContribution(r *http.Request, v *viewer) (*domain.Contribution, *domain.Meeting, error) {
	c, m, err := s.viewableContribution(r, v)
	if err != nil {
		return nil, nil, err
	}
	if !v.a.CanEditContribution(m.ProcessID, c) {
		if c.Status == domain.StatusWithdrawn && (v.a.CanManageMeeting(m.ProcessID, m.ID) || c.AuthorID == v.a.User.ID) {
			return nil, nil, domain.Invalid("status", "error.withdrawn", "a withdrawn contribution cannot be changed; reopen it first")
		}
		return nil, nil, domain.Forbidden()
	}
	return c, m, nil
}

func (s *Server) updateContribution(w http.ResponseWriter, r *http.Request) {
	v := s.viewerFor(r)
	c, m, err := s.editableContribution(r, v)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	var in contributionPatch
	if err := decode(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	if c.Version, err = requireVersion(in.Version); err != nil {
		s.writeError(w, r, err)
		return
	}
	if in.BodyID != nil && *in.BodyID != c.BodyID {
		if *in.BodyID, err = checkBody(v.a, m, *in.BodyID); err != nil {
			s.writeError(w, r, err)
			return
		}
	}
	in.apply(c)
	if err := s.db.UpdateContribution(r.Context(), c); err != nil {
		s.writeError(w, r, renameFields(err, contributionFields))
		return
	}
	out, err := v.detail(r.Context(), c)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, out)
}

type transitionInput struct {
	Action  string `json:"action"`
	Version *int   `json:"version"`
	Reason  string `json:"reason"`
}

func (s *Server) transitionContribution(w http.ResponseWriter, r *http.Request) {
	v := s.viewerFor(r)
	c, _, err := s.viewableContribution(r, v)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	var in transitionInput
	if err := decode(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	t := domain.Transition(in.Action)
	if !slices.Contains(domain.Transitions, t) {
		s.writeError(w, r, domain.Invalid("action", "error.transition_action", "choose submit, publish, return, withdraw or reopen"))
		return
	}
	version, err := requireVersion(in.Version)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out, err := s.contribs.Transition(r.Context(), v.a, contribution.TransitionInput{ID: c.ID, Version: version, Step: t, Reason: in.Reason})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	j, err := v.detail(r.Context(), out)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, j)
}

// versionJSON is one saved state of a contribution, without its content.
// The actor is left out when the meeting hides authorship from the caller.
type versionJSON struct {
	Version   int       `json:"version"`
	ActorID   string    `json:"actor_id,omitempty"`
	ActorName string    `json:"actor_name,omitempty"`
	At        time.Time `json:"at"`
}

// versionDetailJSON is one saved state with the contribution as it was.
type versionDetailJSON struct {
	versionJSON
	Contribution contributionDetailJSON `json:"contribution"`
}

// historyContribution loads the contribution named in the path for a read
// of its versions: its author and whoever manages the meeting; others who
// may read it are refused.
func (s *Server) historyContribution(r *http.Request, v *viewer) (*domain.Contribution, bool, error) {
	c, m, err := s.viewableContribution(r, v)
	if err != nil {
		return nil, false, err
	}
	if !v.a.CanManageMeeting(m.ProcessID, m.ID) && (c.AuthorID == "" || c.AuthorID != v.a.User.ID) {
		return nil, false, domain.Forbidden()
	}
	return c, domain.Attributed(c, v.a), nil
}

func versionView(cv domain.ContributionVersion, attributed bool) versionJSON {
	j := versionJSON{Version: cv.Version, At: cv.At}
	if attributed {
		j.ActorID, j.ActorName = cv.ActorID, cv.ActorName
	}
	return j
}

func (s *Server) listContributionVersions(w http.ResponseWriter, r *http.Request) {
	c, attributed, err := s.historyContribution(r, s.viewerFor(r))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	vs, err := s.db.ContributionVersions(r.Context(), c.ID)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, list[versionJSON]{Items: mapSlice(vs, func(cv domain.ContributionVersion) versionJSON {
		return versionView(cv, attributed)
	})})
}

func (s *Server) getContributionVersion(w http.ResponseWriter, r *http.Request) {
	v := s.viewerFor(r)
	c, attributed, err := s.historyContribution(r, v)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	n, err := strconv.Atoi(r.PathValue("n"))
	if err != nil || n < 1 {
		s.writeError(w, r, domain.NotFound("version"))
		return
	}
	old, cv, err := s.db.ContributionVersion(r.Context(), c.ID, n)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	// A snapshot is shown under the attribution of the contribution as it
	// is now: its meeting and author do not change, and a rule it was
	// changed under since holds for its earlier versions too.
	old.MeetingID, old.AuthorID, old.Unattributed = c.MeetingID, c.AuthorID, c.Unattributed
	j, err := v.detail(r.Context(), old)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, versionDetailJSON{versionJSON: versionView(*cv, attributed), Contribution: j})
}

type translationInput struct {
	Title      string `json:"title"`
	Text       string `json:"text"`
	Machine    bool   `json:"machine"`
	Translator string `json:"translator"`
	Version    *int   `json:"version"`
}

func (s *Server) putTranslation(w http.ResponseWriter, r *http.Request) {
	v := s.viewerFor(r)
	c, _, err := s.editableContribution(r, v)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	var in translationInput
	if err := decode(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	version, err := requireVersion(in.Version)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	t := domain.Translation{Lang: r.PathValue("lang"), Title: in.Title, Text: in.Text, Machine: in.Machine, Translator: in.Translator}
	out, err := s.db.PutTranslation(r.Context(), c.ID, version, t)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	j, err := v.detail(r.Context(), out)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, j)
}

// deleteTranslation removes a translation. Like every DELETE it has no
// body, so the version read travels as the query parameter version.
func (s *Server) deleteTranslation(w http.ResponseWriter, r *http.Request) {
	c, _, err := s.editableContribution(r, s.viewerFor(r))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	var version *int
	if q := r.URL.Query().Get("version"); q != "" {
		n, err := strconv.Atoi(q)
		if err != nil {
			s.writeError(w, r, domain.Invalid("version", "error.number", "must be a whole number"))
			return
		}
		version = &n
	}
	n, err := requireVersion(version)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if _, err := s.db.DeleteTranslation(r.Context(), c.ID, n, r.PathValue("lang")); err != nil {
		s.writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// attachmentMargin is what a multipart request may carry beyond the file
// itself: boundaries and part headers.
const attachmentMargin = 64 << 10

func (s *Server) addAttachment(w http.ResponseWriter, r *http.Request) {
	v := s.viewerFor(r)
	c, _, err := s.editableContribution(r, v)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	name, data, err := readUpload(w, r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	a, err := s.db.AddAttachment(r.Context(), c.ID, name, data)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	created(w, "/attachments/"+a.ID, attachmentView(*a))
}

// readUpload reads the part "file" of a multipart/form-data request, at
// most [domain.MaxAttachmentBytes] long.
func readUpload(w http.ResponseWriter, r *http.Request) (string, []byte, error) {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/form-data" {
		return "", nil, &requestError{status: http.StatusUnsupportedMediaType, code: "unsupported_media_type",
			msg: "send the document as multipart/form-data in the field \"file\""}
	}
	tooLarge := func(name string) error {
		return &requestError{status: http.StatusRequestEntityTooLarge, code: "too_large", key: "error.attachment_size",
			args: []any{name, domain.MaxAttachmentBytes >> 20},
			msg:  fmt.Sprintf("%s is larger than %d MB", name, domain.MaxAttachmentBytes>>20)}
	}
	r.Body = http.MaxBytesReader(w, r.Body, domain.MaxAttachmentBytes+attachmentMargin)
	mr, err := r.MultipartReader()
	if err != nil {
		return "", nil, badRequest("the multipart body cannot be read: " + err.Error())
	}
	for {
		part, err := mr.NextPart()
		var mbe *http.MaxBytesError
		switch {
		case errors.Is(err, io.EOF):
			return "", nil, domain.Invalid("file", "error.required", "this field is required: send the document in the field \"file\"")
		case errors.As(err, &mbe):
			return "", nil, tooLarge("the request")
		case err != nil:
			return "", nil, badRequest("the multipart body cannot be read: " + err.Error())
		}
		if part.FormName() != "file" {
			part.Close()
			continue
		}
		name := part.FileName()
		data, err := io.ReadAll(io.LimitReader(part, domain.MaxAttachmentBytes+1))
		if errors.As(err, &mbe) || len(data) > domain.MaxAttachmentBytes {
			return "", nil, tooLarge(name)
		}
		if err != nil {
			return "", nil, badRequest("the document cannot be read: " + err.Error())
		}
		return name, data, nil
	}
}

// attachmentContribution finds the contribution of the attachment named in
// the path and checks that the actor may read it.
func (s *Server) attachmentContribution(r *http.Request, v *viewer) (*domain.Attachment, []byte, *domain.Contribution, *domain.Meeting, error) {
	a, cid, data, err := s.db.AttachmentData(r.Context(), r.PathValue("id"))
	if err != nil {
		return nil, nil, nil, nil, err
	}
	c, m, err := s.contributionFor(r, v, cid)
	if domain.ErrorCode(err) == domain.ENOTFOUND {
		err = domain.NotFound("attachment")
	}
	return a, data, c, m, err
}

func (s *Server) getAttachment(w http.ResponseWriter, r *http.Request) {
	a, data, _, _, err := s.attachmentContribution(r, s.viewerFor(r))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	sendDocument(w, r, a, data)
}

// sendDocument sends an attached document as a download that a browser
// neither sniffs nor runs.
func sendDocument(w http.ResponseWriter, r *http.Request, a *domain.Attachment, data []byte) {
	h := w.Header()
	h.Set("Content-Type", a.ContentType)
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": a.Name}))
	h.Set("Content-Length", strconv.Itoa(len(data)))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "sandbox")
	h.Set("ETag", `"`+a.SHA256+`"`)
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(data)
	}
}

func (s *Server) deleteAttachment(w http.ResponseWriter, r *http.Request) {
	v := s.viewerFor(r)
	_, _, c, m, err := s.attachmentContribution(r, v)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if !v.a.CanEditContribution(m.ProcessID, c) {
		s.writeError(w, r, domain.Forbidden())
		return
	}
	if err := s.db.DeleteAttachment(r.Context(), r.PathValue("id")); err != nil {
		s.writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// facetJSON is how many contributions have one value of a filter.
type facetJSON struct {
	Value string `json:"value"`
	Count int    `json:"count"`
}

// searchJSON is a page of search results.
type searchJSON struct {
	Items  []contributionJSON     `json:"items"`
	Total  int                    `json:"total"`
	Offset int                    `json:"offset"`
	Limit  int                    `json:"limit"`
	Next   string                 `json:"next_cursor,omitempty"`
	Prev   string                 `json:"prev_cursor,omitempty"`
	Facets map[string][]facetJSON `json:"facets,omitempty"` // when asked with facets=true
}

// searchQuery reads the search filters of r's query string. Filters that
// take several values repeat the parameter (kind=a&kind=b). The store
// checks the values themselves.
func searchQuery(r *http.Request) (store.SearchQuery, error) {
	q := r.URL.Query()
	var errs domain.Errors
	values := func(name string) []string {
		var out []string
		for _, v := range q[name] {
			if v = strings.TrimSpace(v); v != "" && !slices.Contains(out, v) {
				out = append(out, v)
			}
		}
		return out
	}
	sq := store.SearchQuery{Text: strings.TrimSpace(q.Get("q")), Sort: q.Get("sort"),
		MeetingIDs: values("meeting"), Regions: values("region"), BodyIDs: values("body"), Objectives: values("objective"),
		Principles: values("principle"), Tags: values("tag"), QuestionIDs: values("question"), Langs: values("lang"),
		Kinds:     convert[domain.ContributionKind](values("kind")),
		Practices: convert[domain.PracticeType](values("practice_type")),
		Statuses:  convert[domain.Status](values("status")),
		Cursor:    strings.TrimSpace(q.Get("cursor"))}
	boolParam := func(name string) *bool {
		var b bool
		switch q.Get(name) {
		case "":
			return nil
		case "true":
			b = true
		case "false":
		default:
			errs = append(errs, domain.Invalid(name, "error.boolean", "must be true or false"))
			return nil
		}
		return &b
	}
	sq.Demo = boolParam("demo")
	facets := boolParam("facets")
	sq.Facets = facets != nil && *facets
	offset, limit, err := pageParams(r)
	var es domain.Errors
	if errors.As(err, &es) {
		errs = append(errs, es...)
	}
	sq.Offset, sq.Limit = offset, limit
	return sq, errs.Err()
}

// convert turns strings into a string type of the domain.
func convert[T ~string](in []string) []T {
	out := make([]T, len(in))
	for i, s := range in {
		out[i] = T(s)
	}
	return out
}

// search runs the search of r's query string for the caller.
func (s *Server) search(r *http.Request) (*store.SearchResult, store.SearchQuery, error) {
	sq, err := searchQuery(r)
	if err != nil {
		return nil, sq, err
	}
	sq.Lang = requestLang(r)
	ctx := r.Context()
	vis, err := s.db.VisibilityFor(ctx, actor(r))
	if err != nil {
		return nil, sq, err
	}
	res, err := s.db.Search(ctx, vis, sq)
	return res, sq, err
}

func (s *Server) searchContributions(w http.ResponseWriter, r *http.Request) {
	res, sq, err := s.search(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	v := s.viewerFor(r)
	if err := v.loadBodies(r.Context(), res.Items); err != nil {
		s.writeError(w, r, err)
		return
	}
	out := searchJSON{Items: make([]contributionJSON, 0, len(res.Items)), Total: res.Total, Offset: sq.Offset, Limit: sq.Limit,
		Next: res.Next, Prev: res.Prev}
	for _, c := range res.Items {
		j, err := v.summary(r.Context(), c)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		out.Items = append(out.Items, j)
	}
	if sq.Facets {
		out.Facets = map[string][]facetJSON{}
		for name, counts := range res.Facets {
			out.Facets[name] = mapSlice(counts, func(fc store.FacetCount) facetJSON { return facetJSON{Value: fc.Value, Count: fc.Count} })
		}
	}
	writeJSON(w, http.StatusOK, out)
}
