package synthesis

import (
	"context"
	"slices"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/store"
)

// Endorsements across regions: a delegate or partner marks a published
// good practice of another region as workable for their region, with the
// conditions it would take, on behalf of a body they act for
// ([domain.Actor.EndorsementBody]); the meeting's list ranks the practices
// by how many regions endorse them.

// Endorsement is an endorsement as the actor reads it.
type Endorsement struct {
	*store.Endorsement
	// Mine is true when the actor acts for the body; Named when they may
	// see which body it is ([domain.Actor.SeesEndorser]): otherwise the
	// body's name, acronym and region are cleared, and its kind too unless
	// the meeting may show it (see [Service.endorsementsFor]).
	Mine, Named bool
}

// endorsementsFor returns es as a reads them in meeting m. An endorsement
// a may not see the body of shows the body's kind only when the meeting
// describes the body by its kind and its region ([domain.Describe]): the
// endorsement's region, shown beside the kind, is usually the body's own.
func (s *Service) endorsementsFor(ctx context.Context, a *domain.Actor, m *domain.Meeting, es []*store.Endorsement) ([]Endorsement, error) {
	if len(es) == 0 {
		return nil, nil
	}
	out := make([]Endorsement, 0, len(es))
	var descs *domain.Descriptions
	for _, e := range es {
		ee := Endorsement{Endorsement: e, Mine: slices.Contains(a.EndorsingBodies(m.ProcessID, m.ID), e.BodyID), Named: a.SeesEndorser(m, e.BodyID, e.Unattributed)}
		if !ee.Named {
			if descs == nil {
				counts, err := s.db.ParticipantTraits(ctx, m.ID)
				if err != nil {
					return nil, err
				}
				d := domain.Describe(counts, m.MinDescribed())
				descs = &d
			}
			shown := *e
			if !descs.Of(&domain.Body{Kind: e.BodyKind, Region: e.BodyRegion}).Full() {
				shown.BodyKind = ""
			}
			shown.BodyName, shown.BodyAcronym, shown.BodyRegion = "", "", ""
			ee.Endorsement = &shown
		}
		out = append(out, ee)
	}
	return out, nil
}

// visiblePractice returns a contribution and its meeting when the actor
// may read it; [domain.ENOTFOUND] otherwise, so that existence does not
// leak.
func (s *Service) visiblePractice(ctx context.Context, a *domain.Actor, id string) (*domain.Contribution, *domain.Meeting, error) {
	if !a.LoggedIn() {
		return nil, nil, domain.Unauthorized()
	}
	c, err := s.db.Contribution(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	m, err := s.db.Meeting(ctx, c.MeetingID)
	if err != nil {
		return nil, nil, err
	}
	if !a.CanViewContribution(m.ProcessID, c) {
		return nil, nil, domain.NotFound("contribution")
	}
	return c, m, nil
}

// endorsingBody is the body an endorsement of a practice of meeting m is
// for (see [domain.Actor.EndorsementBody]); refused when there is none.
func endorsingBody(a *domain.Actor, m *domain.Meeting, named string) (string, error) {
	if b := a.EndorsementBody(m.ProcessID, m.ID, named); b != "" {
		return b, nil
	}
	return "", domain.Errorf(domain.EFORBIDDEN, "endorse.error_no_body", "only delegates and partners endorse practices, for a body they act for in the meeting")
}

// EndorseInput creates or edits a body's endorsement of a practice.
type EndorseInput struct {
	ContributionID string
	// BodyID is the body it is for; "" for the actor's only body.
	BodyID     string
	Region     string // the region it is workable for; "" for the body's
	Conditions string
	Version    int // 0 for a new endorsement, else the version read
}

// Endorse saves the actor's body's endorsement of a published good
// practice of another region and returns it as stored (Version 1 when
// new). The actor must act for the body as a delegate or partner of the
// meeting; the store checks the practice (a published good practice), the
// region (not one of the practice's own) and the version.
func (s *Service) Endorse(ctx context.Context, a *domain.Actor, in EndorseInput) (*Endorsement, error) {
	c, m, err := s.visiblePractice(ctx, a, in.ContributionID)
	if err != nil {
		return nil, err
	}
	body, err := endorsingBody(a, m, in.BodyID)
	if err != nil {
		return nil, err
	}
	ctx = domain.NewContextWithActor(ctx, a)
	e := &store.Endorsement{ContributionID: c.ID, BodyID: body, Region: in.Region, Conditions: in.Conditions, Version: in.Version}
	if err := s.db.PutEndorsement(ctx, e); err != nil {
		return nil, err
	}
	saved, err := s.db.Endorsement(ctx, c.ID, body)
	if err != nil {
		return nil, err
	}
	out, err := s.endorsementsFor(ctx, a, m, []*store.Endorsement{saved})
	if err != nil {
		return nil, err
	}
	return &out[0], nil
}

// WithdrawInput withdraws a body's endorsement.
type WithdrawInput struct {
	ContributionID string
	BodyID         string // "" for the actor's only body
	Version        int    // the version read
	// Confirmed is true when the person confirmed the withdrawal (the
	// page's box; a DELETE of the API is its own confirmation).
	Confirmed bool
}

// Withdraw deletes the actor's body's endorsement of a practice at the
// version read, whatever the practice's state.
func (s *Service) Withdraw(ctx context.Context, a *domain.Actor, in WithdrawInput) error {
	c, m, err := s.visiblePractice(ctx, a, in.ContributionID)
	if err != nil {
		return err
	}
	body, err := endorsingBody(a, m, in.BodyID)
	if err != nil {
		return err
	}
	if !in.Confirmed {
		return domain.Invalid("confirm", "endorse.error_confirm", "tick the box to confirm the withdrawal")
	}
	return s.db.DeleteEndorsement(domain.NewContextWithActor(ctx, a), c.ID, body, in.Version)
}

// EndorsingBody is a body the actor endorses for, with its endorsement of
// one practice.
type EndorsingBody struct {
	Body *domain.Body
	// OwnRegion is true when the practice comes from the body's region:
	// the endorsement must then name another region.
	OwnRegion   bool
	Endorsement *store.Endorsement // nil when the body has not endorsed it
}

// PracticeEndorsements are the endorsements of one good practice as the
// actor reads them.
type PracticeEndorsements struct {
	// Open is true for a published good practice, which may be endorsed.
	Open bool
	// Endorsements are those for regions the practice is not from, by
	// region and body name; Regions counts their distinct regions.
	Endorsements []Endorsement
	Regions      int
	// Bodies are the bodies the actor endorses for, while Open.
	Bodies []EndorsingBody
}

// PracticeEndorsements returns the endorsements of a contribution the
// actor may read; nil when it is not a good practice.
func (s *Service) PracticeEndorsements(ctx context.Context, a *domain.Actor, contributionID string) (*PracticeEndorsements, error) {
	c, m, err := s.visiblePractice(ctx, a, contributionID)
	if err != nil || c.Kind != domain.KindGoodPractice {
		return nil, err
	}
	es, err := s.db.ContributionEndorsements(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	out := &PracticeEndorsements{Open: c.Status == domain.StatusPublished}
	own, err := s.db.PracticeRegions(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	var regions []string
	var others []*store.Endorsement
	for _, e := range es {
		if own.Own(e.Region, e.RegionID) {
			continue
		}
		others = append(others, e)
		if k := own.Key(e.Region, e.RegionID); !slices.Contains(regions, k) {
			regions = append(regions, k)
		}
	}
	if out.Endorsements, err = s.endorsementsFor(ctx, a, m, others); err != nil {
		return nil, err
	}
	out.Regions = len(regions)
	if !out.Open {
		return out, nil
	}
	for _, id := range a.EndorsingBodies(m.ProcessID, m.ID) {
		b, err := s.db.Body(ctx, id)
		if err != nil {
			return nil, err
		}
		eb := EndorsingBody{Body: b, OwnRegion: b.Region != "" && own.Own(b.Region, b.RegionID)}
		if i := slices.IndexFunc(es, func(e *store.Endorsement) bool { return e.BodyID == b.ID }); i >= 0 {
			eb.Endorsement = es[i]
		}
		out.Bodies = append(out.Bodies, eb)
	}
	return out, nil
}

// EndorsedInput asks for a page of a meeting's endorsed practices.
type EndorsedInput struct {
	MeetingID string
	Filter    store.EndorsedFilter
	// Filters asks for the regions the list can be filtered by.
	Filters bool
}

// EndorsedPractice is one practice of the list with the endorsements of
// other regions.
type EndorsedPractice struct {
	Practice *domain.Contribution
	// Regions counts the distinct endorsing regions, Bodies the endorsing
	// bodies.
	Regions, Bodies int
	Endorsements    []Endorsement
}

// EndorsedPage is a page of a meeting's endorsed practices.
type EndorsedPage struct {
	Meeting *domain.Meeting
	Items   []EndorsedPractice
	Total   int // in all, whatever the page
	// FromRegions are the regions of the endorsed practices, ByRegions
	// those of the endorsements, when asked for.
	FromRegions, ByRegions []string
}

// EndorsedPractices returns a page of a meeting's published good
// practices that bodies of other regions endorse, most endorsing regions
// first, to whoever may see the meeting. Without attribution the
// endorsing bodies are named only to their own delegates and partners.
func (s *Service) EndorsedPractices(ctx context.Context, a *domain.Actor, in EndorsedInput) (*EndorsedPage, error) {
	if !a.LoggedIn() {
		return nil, domain.Unauthorized()
	}
	m, err := s.db.Meeting(ctx, in.MeetingID)
	if err != nil {
		return nil, err
	}
	if !a.CanViewMeeting(m.ProcessID, m.ID) {
		return nil, domain.NotFound("meeting")
	}
	if in.Filter.Practice != "" && !in.Filter.Practice.Valid() {
		return nil, domain.Invalid("practice_type", "error.practice_type", "choose policy, legislation, project, institution, fund or other")
	}
	res, err := s.db.EndorsedPractices(ctx, m.ID, in.Filter)
	if err != nil {
		return nil, err
	}
	out := &EndorsedPage{Meeting: m, Total: res.Total}
	for _, it := range res.Items {
		p := EndorsedPractice{Practice: it.Practice, Regions: it.Regions, Bodies: it.Bodies}
		if p.Endorsements, err = s.endorsementsFor(ctx, a, m, it.Endorsements); err != nil {
			return nil, err
		}
		out.Items = append(out.Items, p)
	}
	if in.Filters {
		if out.FromRegions, out.ByRegions, err = s.db.EndorsementRegions(ctx, m.ID); err != nil {
			return nil, err
		}
	}
	return out, nil
}
