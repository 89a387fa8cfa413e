package followup

import (
	"context"

	"github.com/plenary-org/plenary/internal/domain"
)

// IndicatorInput is an indicator's fields: a new one on CommitmentID, or
// a change of indicator ID based on Version.
type IndicatorInput struct {
	ID             string
	CommitmentID   string
	Version        int
	Name           string
	Unit           string
	Baseline       *float64
	BaselineOn     string
	Target         *float64
	TargetOn       string
	Direction      domain.Direction
	Disaggregation []string
	Source         string
}

func (in IndicatorInput) apply(ind *domain.Indicator) {
	ind.Name, ind.Unit, ind.Baseline, ind.BaselineOn = in.Name, in.Unit, in.Baseline, in.BaselineOn
	ind.Target, ind.TargetOn, ind.Direction, ind.Disaggregation, ind.Source = in.Target, in.TargetOn, in.Direction, in.Disaggregation, in.Source
}

// AddIndicator adds an indicator at the end of a commitment's: whoever
// manages the commitment. At most [domain.MaxIndicators] a commitment.
func (s *Service) AddIndicator(ctx context.Context, a *domain.Actor, in IndicatorInput) (*domain.Indicator, error) {
	c, err := s.manager(ctx, a, in.CommitmentID)
	if err != nil {
		return nil, err
	}
	ind := &domain.Indicator{CommitmentID: c.ID, Demo: c.Demo}
	in.apply(ind)
	if err := ind.Validate(); err != nil {
		return nil, err
	}
	if err := s.db.CreateIndicator(domain.NewContextWithActor(ctx, a), ind); err != nil {
		return nil, err
	}
	return ind, nil
}

// indicator finds an indicator the actor may see, with its commitment.
func (s *Service) indicator(ctx context.Context, a *domain.Actor, id string) (*domain.Indicator, *domain.Commitment, error) {
	if !a.LoggedIn() {
		return nil, nil, domain.Unauthorized()
	}
	ind, err := s.db.Indicator(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	c, err := s.commitment(ctx, a, ind.CommitmentID)
	if err != nil {
		if domain.ErrorCode(err) == domain.ENOTFOUND {
			return nil, nil, domain.NotFound("indicator")
		}
		return nil, nil, err
	}
	return ind, c, nil
}

// Indicator returns an indicator and its commitment to whoever sees the
// process's follow-up.
func (s *Service) Indicator(ctx context.Context, a *domain.Actor, id string) (*domain.Indicator, *domain.Commitment, error) {
	return s.indicator(ctx, a, id)
}

// UpdateIndicator changes an indicator: whoever manages its commitment.
// Its dimensions may change; values already reported under a dimension
// it no longer has stay as they were reported.
func (s *Service) UpdateIndicator(ctx context.Context, a *domain.Actor, in IndicatorInput) (*domain.Indicator, error) {
	_, c, err := s.indicator(ctx, a, in.ID)
	if err != nil {
		return nil, err
	}
	if !a.CanManageCommitments(c.ProcessID, c.MeetingID) {
		return nil, errNotSecretariat()
	}
	return s.db.ChangeIndicator(domain.NewContextWithActor(ctx, a), in.ID, in.Version, func(ind *domain.Indicator) error {
		in.apply(ind)
		return ind.Validate()
	})
}

func errIndicatorInUse(n int) error {
	return domain.Errorf(domain.ECONFLICT, "followup.error_indicator_in_use", "progress reports gave %d values of this indicator: it cannot be deleted", n)
}

// DeleteIndicator removes an indicator no report gave a value of:
// whoever manages its commitment; [domain.ECONFLICT]
// (followup.error_indicator_in_use) when reports did.
func (s *Service) DeleteIndicator(ctx context.Context, a *domain.Actor, id string, version int) error {
	_, c, err := s.indicator(ctx, a, id)
	if err != nil {
		return err
	}
	if !a.CanManageCommitments(c.ProcessID, c.MeetingID) {
		return errNotSecretariat()
	}
	return s.db.DeleteIndicator(domain.NewContextWithActor(ctx, a), id, version, func(values int) error {
		if values > 0 {
			return errIndicatorInUse(values)
		}
		return nil
	})
}
