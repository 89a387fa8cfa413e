package partnership

import (
	"context"
	"slices"

	"github.com/plenary-org/plenary/internal/domain"
)

// Proposal is a partnership proposal contribution about to become a
// partnership: the confirmation page's content.
type Proposal struct {
	Contribution *domain.Contribution
	ProcessID    string
	// Draft is the partnership it would become, from the contribution's
	// title, text, objectives, links and body.
	Draft *domain.Partnership
	// Existing is the partnership already made from it, nil when none:
	// the page points to it instead of making another.
	Existing *domain.Partnership
}

func errNotProposal() error {
	return domain.Errorf(domain.EINVALID, "partnership.error_not_proposal", "only a published partnership proposal becomes a partnership")
}

// errMadeAlready is the answer to turning a proposal a second time; the
// partnership made from it is returned with it.
func errMadeAlready() error {
	return domain.Errorf(domain.ECONFLICT, "partnership.error_made_already", "a partnership was already made from this proposal")
}

// Propose returns what a published partnership proposal would become: the
// secretariat of its meeting only.
func (s *Service) Propose(ctx context.Context, a *domain.Actor, contributionID string) (*Proposal, error) {
	c, processID, err := s.contribution(ctx, a, contributionID)
	if err != nil {
		return nil, err
	}
	if !a.CanManagePartnership(processID, c.MeetingID) {
		return nil, errNotSecretariat()
	}
	if c.Kind != domain.KindPartnership || c.Status != domain.StatusPublished {
		return nil, errNotProposal()
	}
	pr := &Proposal{Contribution: c, ProcessID: processID}
	codes, err := s.tagCodes(ctx)
	if err != nil {
		return nil, err
	}
	// Only the objectives: a proposal's guiding principles (Pa to Pj) are
	// no objectives a partnership serves.
	for id, code := range codes {
		if !slices.Contains(ObjectiveCodes, code) {
			delete(codes, id)
		}
	}
	pr.Draft = domain.PartnershipFrom(processID, c, codes)
	ps, err := s.db.PartnershipsOfContribution(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	if ps, err = s.visible(ctx, a, processID, ps); err != nil {
		return nil, err
	}
	for _, p := range ps {
		if p.MadeFrom == c.ID {
			pr.Existing = p
		}
	}
	return pr, nil
}

// tagCodes maps the IDs of the Global Compact's framework items to their
// codes.
func (s *Service) tagCodes(ctx context.Context) (map[string]string, error) {
	fs, err := s.db.Frameworks(ctx)
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, f := range fs {
		if f.Code != "gcm" {
			continue
		}
		full, err := s.db.Framework(ctx, f.ID)
		if err != nil {
			return nil, err
		}
		for _, it := range full.Items {
			out[it.ID] = it.Code
		}
	}
	return out, nil
}

// MakeInput is the confirmed form of a proposal turned into a
// partnership: the proposal, and what the secretariat set or changed of
// its draft (at least the other parties).
type MakeInput struct {
	ContributionID string
	Title          string
	Purpose        string
	Phase          domain.PartnershipPhase
	Mechanism      domain.Collaboration
	StartsOn       string
	EndsOn         string
	Parties        []string
	Objectives     []string
}

// Make turns a published partnership proposal into a partnership, which
// keeps the link to it: the secretariat of its meeting only. A proposal
// already made into a partnership answers [domain.ECONFLICT] with that
// partnership, even when two people confirm at once.
func (s *Service) Make(ctx context.Context, a *domain.Actor, in MakeInput) (*domain.Partnership, error) {
	pr, err := s.Propose(ctx, a, in.ContributionID)
	if err != nil {
		return nil, err
	}
	if pr.Existing != nil {
		return pr.Existing, errMadeAlready()
	}
	p := pr.Draft
	p.Title, p.Purpose, p.Phase, p.Mechanism = in.Title, in.Purpose, in.Phase, in.Mechanism
	p.StartsOn, p.EndsOn, p.Parties, p.Objectives = in.StartsOn, in.EndsOn, in.Parties, in.Objectives
	if err := p.Validate(ObjectiveCodes); err != nil {
		return nil, err
	}
	if err := s.db.CreatePartnerships(domain.NewContextWithActor(ctx, a), []*domain.Partnership{p}); err != nil {
		if domain.ErrorCode(err) == domain.ECONFLICT {
			if again, _ := s.Propose(ctx, a, in.ContributionID); again != nil && again.Existing != nil {
				return again.Existing, errMadeAlready()
			}
		}
		return nil, err
	}
	return p, nil
}
