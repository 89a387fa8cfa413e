// Package registry holds the use cases of the registry (docs/REGISTRY.md):
// the regions (M49 regions and the groupings processes define) and the
// overlap of states across mechanisms, and the import and export of
// bodies with their member states.
//
// Each operation is one method of [Service] that takes the acting person
// ([domain.Actor]): reading needs an account ([domain.Actor.CanViewBodies],
// [domain.EUNAUTHORIZED] otherwise); changing regions and bodies needs
// [domain.Actor.CanManageBodies] ([domain.EFORBIDDEN] otherwise).
package registry

import (
	"context"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/store"
)

// Service runs the registry's use cases over one database.
type Service struct {
	db *store.DB
}

// New returns the registry's use cases over db.
func New(db *store.DB) *Service { return &Service{db: db} }

func canView(a *domain.Actor) error {
	if !a.CanViewBodies() {
		return domain.Unauthorized()
	}
	return nil
}

func canManage(a *domain.Actor) error {
	if err := canView(a); err != nil {
		return err
	}
	if !a.CanManageBodies() {
		return domain.Forbidden()
	}
	return nil
}

// RegionEntry is a region with its name in one language and its
// countries.
type RegionEntry struct {
	Region    *domain.Region
	Name      string
	Countries []string
}

// Regions returns every region, M49 regions in code order then the
// groupings by name, with their names in lang.
func (s *Service) Regions(ctx context.Context, a *domain.Actor, lang string) ([]RegionEntry, error) {
	if err := canView(a); err != nil {
		return nil, err
	}
	gs, err := s.db.Groupings(ctx)
	if err != nil {
		return nil, err
	}
	var out []RegionEntry
	for _, r := range append(domain.M49Regions(), gs...) {
		out = append(out, RegionEntry{Region: r, Name: r.NameIn(lang), Countries: r.Countries()})
	}
	return out, nil
}

// SaveGrouping creates or changes a grouping of countries (see
// [store.DB.SaveGrouping]).
func (s *Service) SaveGrouping(ctx context.Context, a *domain.Actor, g *domain.Region) error {
	if err := canManage(a); err != nil {
		return err
	}
	return s.db.SaveGrouping(domain.NewContextWithActor(ctx, a), g)
}

// UnmappedRegions lists the regions written as text that refer to no
// region, for those who manage bodies.
func (s *Service) UnmappedRegions(ctx context.Context, a *domain.Actor) ([]*store.UnmappedRegion, error) {
	if err := canManage(a); err != nil {
		return nil, err
	}
	return s.db.UnmappedRegions(ctx)
}

// MapRegionName makes a text a name of a region and refers the records
// written with it to the region (see [store.DB.MapRegionName]).
func (s *Service) MapRegionName(ctx context.Context, a *domain.Actor, text, regionID string) (int, error) {
	if err := canManage(a); err != nil {
		return 0, err
	}
	return s.db.MapRegionName(domain.NewContextWithActor(ctx, a), text, regionID)
}

// PartnerTypes returns the partner types in their order, to anyone with
// an account.
func (s *Service) PartnerTypes(ctx context.Context, a *domain.Actor) ([]*domain.PartnerType, error) {
	if err := canView(a); err != nil {
		return nil, err
	}
	return s.db.PartnerTypes(ctx)
}

// SavePartnerType adds a partner type or renames one (see
// [store.DB.SavePartnerType]), for those who manage bodies.
func (s *Service) SavePartnerType(ctx context.Context, a *domain.Actor, t *domain.PartnerType) error {
	if err := canManage(a); err != nil {
		return err
	}
	return s.db.SavePartnerType(domain.NewContextWithActor(ctx, a), t)
}
