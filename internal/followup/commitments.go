package followup

import (
	"context"
	"slices"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/store"
)

// ListInput selects a process's commitments.
type ListInput struct {
	ProcessID string
	MeetingID string
	BodyID    string // owner, co-owner or partner
	Objective string // "O5", "Pa"
	Region    string // of the owner body
	Status    domain.CommitmentStatus
	Sort      string // "", "due", "title"
	Offset    int
	Limit     int // default 50, at most 500
}

// List is a page of a process's commitments with the bodies they name.
type List struct {
	Process     *domain.Process
	Commitments []*domain.Commitment
	Total       int
	Bodies      map[string]*domain.Body
	// Late holds the IDs of the listed commitments past their due date.
	Late map[string]bool
	Can  Can
}

// List returns the process's commitments that in selects, newest first
// unless in.Sort says otherwise. An unknown status or objective in the
// filter answers EINVALID, so that a mistyped filter is not an empty
// list.
func (s *Service) List(ctx context.Context, a *domain.Actor, in ListInput) (*List, error) {
	p, err := s.process(ctx, a, in.ProcessID)
	if err != nil {
		return nil, err
	}
	var errs domain.Errors
	if in.Status != "" && !in.Status.Valid() {
		errs = append(errs, domain.Invalid("status", "followup.error_status", "choose planned, on track, at risk, delayed, achieved or dropped"))
	}
	if in.Objective != "" && !domain.GCMCodeValid(in.Objective) {
		errs = append(errs, domain.Invalid("objective", "followup.error_objective", "unknown objectives or guiding principles: %s (use O1 to O23 and Pa to Pj)", in.Objective))
	}
	for _, f := range []struct{ name, v string }{{"meeting", in.MeetingID}, {"body", in.BodyID}, {"region", in.Region}} {
		if e := domain.CheckLine(f.name, f.v); e != nil {
			errs = append(errs, e.(*domain.Error))
		}
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	if in.Sort != "due" && in.Sort != "title" {
		in.Sort = ""
	}
	cs, total, err := s.db.Commitments(ctx, store.CommitmentFilter{ProcessID: p.ID, MeetingID: in.MeetingID, BodyID: in.BodyID, Objective: in.Objective,
		Region: in.Region, Status: in.Status, Sort: in.Sort, Offset: in.Offset, Limit: max(in.Limit, 0)})
	if err != nil {
		return nil, err
	}
	bodies, err := s.bodiesOf(ctx, cs)
	if err != nil {
		return nil, err
	}
	l := &List{Process: p, Commitments: cs, Total: total, Bodies: bodies, Late: map[string]bool{},
		Can: Can{Manage: a.CanManageCommitments(p.ID, in.MeetingID)}}
	today := s.today()
	for _, c := range cs {
		if c.Late(today) {
			l.Late[c.ID] = true
		}
	}
	return l, nil
}

// bodiesOf returns the bodies the commitments name, by ID.
func (s *Service) bodiesOf(ctx context.Context, cs []*domain.Commitment) (map[string]*domain.Body, error) {
	out := map[string]*domain.Body{}
	for _, c := range cs {
		for _, id := range append(c.Bodies(), c.PartnerBodyIDs...) {
			if out[id] != nil {
				continue
			}
			b, err := s.db.Body(ctx, id)
			if err != nil {
				return nil, err
			}
			out[id] = b
		}
	}
	return out, nil
}

// View is one commitment with what its page shows.
type View struct {
	Commitment *domain.Commitment
	Process    *domain.Process
	Meeting    *domain.Meeting // where it was made, nil when none
	Bodies     map[string]*domain.Body
	// Contributions are the sources the actor may read (others are left
	// out, never named).
	Contributions []*domain.Contribution
	// Recommendations are the texts of the recommendations it answers.
	Recommendations []Recommendation
	Indicators      []*domain.Indicator
	// Latest holds each indicator's latest accepted value for the whole,
	// by indicator ID.
	Latest map[string]domain.IndicatorValue
	Late   bool
	Can    Can
}

// Get returns a commitment the actor may see with its provenance and
// indicators: [domain.ENOTFOUND] for one of a process they are not in.
func (s *Service) Get(ctx context.Context, a *domain.Actor, id string) (*View, error) {
	c, err := s.commitment(ctx, a, id)
	if err != nil {
		return nil, err
	}
	v := &View{Commitment: c, Late: c.Late(s.today()), Can: permissions(a, c)}
	if v.Process, err = s.db.Process(ctx, c.ProcessID); err != nil {
		return nil, err
	}
	if c.MeetingID != "" {
		if v.Meeting, err = s.db.Meeting(ctx, c.MeetingID); err != nil {
			return nil, err
		}
	}
	if v.Bodies, err = s.bodiesOf(ctx, []*domain.Commitment{c}); err != nil {
		return nil, err
	}
	cs, err := s.db.ContributionsByID(ctx, c.ContributionIDs)
	if err != nil {
		return nil, err
	}
	for _, ct := range cs {
		if a.CanViewContribution(c.ProcessID, ct) {
			v.Contributions = append(v.Contributions, ct)
		}
	}
	for _, ref := range c.Recommendations {
		if r, err := s.recommendation(ctx, a, c.ProcessID, ref); err == nil {
			v.Recommendations = append(v.Recommendations, *r)
		}
	}
	if v.Indicators, err = s.db.Indicators(ctx, c.ID); err != nil {
		return nil, err
	}
	ids := make([]string, len(v.Indicators))
	for i, ind := range v.Indicators {
		ids[i] = ind.ID
	}
	if v.Latest, err = s.db.LatestValues(ctx, ids); err != nil {
		return nil, err
	}
	return v, nil
}

// checkRefs checks what a commitment of c.ProcessID refers to: its
// meeting is one of the process's; its bodies are in the registry; the
// contributions and recommendations it adds to before (nil for a new
// commitment) are sources the actor may read and make commitments from.
// It fills in the version of recommendations named without one (the
// adopted version).
func (s *Service) checkRefs(ctx context.Context, a *domain.Actor, c, before *domain.Commitment) error {
	if c.MeetingID != "" {
		sc, err := s.db.ScopeOf(ctx, "meeting", c.MeetingID)
		if err != nil || sc.ProcessID != c.ProcessID {
			return domain.Invalid("meeting", "followup.error_meeting", "the meeting is not one of the process's")
		}
	}
	for _, f := range []struct {
		field string
		ids   []string
	}{{"owner", []string{c.OwnerBodyID}}, {"co_owners", c.CoOwnerBodyIDs}, {"partners", c.PartnerBodyIDs}} {
		for _, id := range f.ids {
			if id == "" {
				continue
			}
			if _, err := s.db.Body(ctx, id); err != nil {
				return domain.Invalid(f.field, "followup.error_body", "%s is not a body of the registry", id)
			}
		}
	}
	for _, id := range c.ContributionIDs {
		if before != nil && slices.Contains(before.ContributionIDs, id) {
			continue
		}
		if _, err := s.source(ctx, a, c.ProcessID, id); err != nil {
			return domain.Invalid("contributions", "followup.error_contribution", "%s is not a published commitment or follow-up mechanism of this process that you can read", id)
		}
	}
	for i, ref := range c.Recommendations {
		if before != nil && slices.Contains(before.Recommendations, ref) {
			continue
		}
		r, err := s.recommendation(ctx, a, c.ProcessID, ref)
		if err != nil {
			return err
		}
		c.Recommendations[i].Version = r.Ref.Version
	}
	return nil
}

// Create records a commitment of c.ProcessID (made at c.MeetingID, or
// at the process's level): the secretariat of the process or of that
// meeting only.
func (s *Service) Create(ctx context.Context, a *domain.Actor, c *domain.Commitment) (*domain.Commitment, error) {
	if _, err := s.process(ctx, a, c.ProcessID); err != nil {
		return nil, err
	}
	if !a.CanManageCommitments(c.ProcessID, c.MeetingID) {
		return nil, errNotSecretariat()
	}
	c.History, c.Translations = nil, nil
	// The version of a recommendation is filled in from the adopted
	// document before the fields are checked.
	if err := s.fillVersions(ctx, a, c); err != nil {
		return nil, err
	}
	if err := c.Validate(); err != nil {
		return nil, err
	}
	if err := s.checkRefs(ctx, a, c, nil); err != nil {
		return nil, err
	}
	if err := s.db.CreateCommitments(domain.NewContextWithActor(ctx, a), []*domain.Commitment{c}, "create"); err != nil {
		return nil, err
	}
	return c, nil
}

// fillVersions sets the version of the recommendations named without one
// to the adopted version of their document, when it has one.
func (s *Service) fillVersions(ctx context.Context, a *domain.Actor, c *domain.Commitment) error {
	for i, ref := range c.Recommendations {
		if ref.Version != 0 || ref.OutcomeID == "" {
			continue
		}
		if d, err := s.db.OutcomeDocument(ctx, ref.OutcomeID); err == nil {
			c.Recommendations[i].Version = d.AdoptedVersion
		}
	}
	return nil
}

// UpdateInput is a commitment's new fields, based on Version. Its status
// changes with [Service.ChangeStatus], its translations with
// [Service.PutTranslation].
type UpdateInput struct {
	ID              string
	Version         int
	MeetingID       string
	Title           string
	Text            string
	Lang            string
	OwnerBodyID     string
	CoOwnerBodyIDs  []string
	PartnerBodyIDs  []string
	Objectives      []string
	ContributionIDs []string
	Recommendations []domain.RecommendationRef
	Deliverables    []domain.Deliverable
	StartOn         string
	DueOn           string
	SeeksSupport    bool
}

// Update changes a commitment's fields: whoever manages it, and, when it
// moves to another meeting, manages it there too.
func (s *Service) Update(ctx context.Context, a *domain.Actor, in UpdateInput) (*domain.Commitment, error) {
	if _, err := s.manager(ctx, a, in.ID); err != nil {
		return nil, err
	}
	return s.db.ChangeCommitment(domain.NewContextWithActor(ctx, a), in.ID, in.Version, "update", "", func(c *domain.Commitment) error {
		if !a.CanManageCommitments(c.ProcessID, c.MeetingID) || !a.CanManageCommitments(c.ProcessID, in.MeetingID) {
			return errNotSecretariat()
		}
		before := cloneRefs(c)
		c.MeetingID, c.Title, c.Text, c.Lang, c.OwnerBodyID = in.MeetingID, in.Title, in.Text, in.Lang, in.OwnerBodyID
		c.CoOwnerBodyIDs, c.PartnerBodyIDs, c.Objectives = in.CoOwnerBodyIDs, in.PartnerBodyIDs, in.Objectives
		c.ContributionIDs, c.Recommendations, c.Deliverables = in.ContributionIDs, append([]domain.RecommendationRef(nil), in.Recommendations...), in.Deliverables
		c.StartOn, c.DueOn, c.SeeksSupport = in.StartOn, in.DueOn, in.SeeksSupport
		if err := s.fillVersions(ctx, a, c); err != nil {
			return err
		}
		if err := c.Validate(); err != nil {
			return err
		}
		for _, tr := range c.Translations {
			if tr.Lang == c.Lang {
				return domain.Invalid("lang", "followup.error_lang_translated", "there is a translation into this language: remove it before making it the original's")
			}
		}
		return s.checkRefs(ctx, a, c, before)
	})
}

func cloneRefs(c *domain.Commitment) *domain.Commitment {
	return &domain.Commitment{ContributionIDs: append([]string(nil), c.ContributionIDs...),
		Recommendations: append([]domain.RecommendationRef(nil), c.Recommendations...)}
}

// StatusInput is a change of a commitment's status, based on Version,
// with a note that says why (required to drop it).
type StatusInput struct {
	ID      string
	Version int
	Status  domain.CommitmentStatus
	Note    string
}

// ChangeStatus moves a commitment to another status, kept in its history
// with who, when and the note: whoever manages it.
func (s *Service) ChangeStatus(ctx context.Context, a *domain.Actor, in StatusInput) (*domain.Commitment, error) {
	if _, err := s.manager(ctx, a, in.ID); err != nil {
		return nil, err
	}
	return s.db.ChangeCommitment(domain.NewContextWithActor(ctx, a), in.ID, in.Version, "change_status", in.Note, func(c *domain.Commitment) error {
		if err := domain.CheckStatusChange(c.Status, in.Status, in.Note); err != nil {
			return err
		}
		c.Status = in.Status
		return nil
	})
}

func errInUse() error {
	return domain.Errorf(domain.ECONFLICT, "followup.error_in_use", "progress has been reported on this commitment or it is under review: mark it dropped instead of deleting it")
}

// Delete removes a commitment made by mistake, with its indicators:
// whoever manages it, and only while nothing depends on it (no progress
// report, no indicator value, no review cycle); otherwise it answers
// [domain.ECONFLICT] (followup.error_in_use): mark it dropped instead.
func (s *Service) Delete(ctx context.Context, a *domain.Actor, id string, version int) error {
	if _, err := s.manager(ctx, a, id); err != nil {
		return err
	}
	return s.db.DeleteCommitment(domain.NewContextWithActor(ctx, a), id, version, func(c *domain.Commitment, d store.Dependents) error {
		if !a.CanManageCommitments(c.ProcessID, c.MeetingID) {
			return errNotSecretariat()
		}
		if d.Any() {
			return errInUse()
		}
		return nil
	})
}

// Dependents says what depends on a commitment the actor manages: what
// the confirmation of its deletion shows.
func (s *Service) Dependents(ctx context.Context, a *domain.Actor, id string) (*domain.Commitment, store.Dependents, error) {
	c, err := s.manager(ctx, a, id)
	if err != nil {
		return nil, store.Dependents{}, err
	}
	d, err := s.db.CommitmentDependents(ctx, id)
	return c, d, err
}

// TranslationInput is a commitment's title and text in another language
// than its original.
type TranslationInput struct {
	ID string
	// Version is the commitment's version the translator read (their
	// form carries it): another is a conflict, so that a translation
	// made from an original changed since, or over someone else's
	// translation saved since, is not saved unseen. 0 does not check
	// (the API's callers who send no version).
	Version    int
	Lang       string
	Title      string
	Text       string
	Machine    bool
	Translator string
}

// PutTranslation adds or replaces the translation of a commitment into
// in.Lang: whoever manages it, at the version read (see
// [TranslationInput]).
func (s *Service) PutTranslation(ctx context.Context, a *domain.Actor, in TranslationInput) (*domain.Commitment, error) {
	if _, err := s.manager(ctx, a, in.ID); err != nil {
		return nil, err
	}
	return s.db.ChangeCommitment(domain.NewContextWithActor(ctx, a), in.ID, in.Version, "translate", "", func(c *domain.Commitment) error {
		tr := domain.Translation{Lang: in.Lang, Title: in.Title, Text: in.Text, Machine: in.Machine, Translator: in.Translator, UpdatedAt: s.now().UTC()}
		if err := tr.Validate(c.Lang); err != nil {
			return err
		}
		c.Translations = slices.DeleteFunc(c.Translations, func(t domain.Translation) bool { return t.Lang == in.Lang })
		c.Translations = append(c.Translations, tr)
		return nil
	})
}

// DeleteTranslation removes the translation of a commitment into lang:
// whoever manages it, at the version read (0 does not check). NOTFOUND
// when there is none.
func (s *Service) DeleteTranslation(ctx context.Context, a *domain.Actor, id, lang string, version int) (*domain.Commitment, error) {
	if _, err := s.manager(ctx, a, id); err != nil {
		return nil, err
	}
	return s.db.ChangeCommitment(domain.NewContextWithActor(ctx, a), id, version, "translate", "", func(c *domain.Commitment) error {
		n := len(c.Translations)
		c.Translations = slices.DeleteFunc(c.Translations, func(t domain.Translation) bool { return t.Lang == lang })
		if len(c.Translations) == n {
			return domain.NotFound("translation")
		}
		return nil
	})
}

// InLanguage returns the commitment's title and text in lang when it has
// a translation into it, else the original's, and the language given.
func InLanguage(c *domain.Commitment, lang string) (title, text, got string) {
	for _, tr := range c.Translations {
		if tr.Lang == lang {
			return tr.Title, tr.Text, tr.Lang
		}
	}
	return c.Title, c.Text, c.Lang
}
