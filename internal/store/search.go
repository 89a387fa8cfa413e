package store

import (
	"context"
	"errors"

	"github.com/plenary-org/plenary/internal/domain"
)

// SearchQuery asks for contributions. Values within one filter are
// alternatives (kind is a recommendation OR a commitment); filters combine
// (AND). Empty filters do not filter.
type SearchQuery struct {
	Text        string // words to find, in any of the six languages
	Lang        string // the searcher's interface language, to read the words when their language is unclear
	MeetingIDs  []string
	Kinds       []domain.ContributionKind
	Practices   []domain.PracticeType
	Regions     []string
	BodyIDs     []string
	Objectives  []string // framework item IDs of objectives (any framework)
	Principles  []string // framework item IDs of guiding principles
	Tags        []string // any other framework item IDs
	QuestionIDs []string
	Langs       []string // language of the original
	Statuses    []domain.Status
	Demo        *bool  // nil: both
	Sort        string // SortRelevance (the default with Text), SortNewest (the default without), SortOldest, SortTitle, SortUpdated
	Offset      int
	Limit       int  // 1 to 500, 50 when 0
	Facets      bool // count contributions per filter value
}

// The sort orders of a search.
const (
	SortRelevance = "relevance"
	SortNewest    = "newest"
	SortOldest    = "oldest"
	SortTitle     = "title"
	SortUpdated   = "updated"
)

// Visibility says which contributions a person may find: every one
// (instance administrators); the published ones of the meetings they may
// see; every one of the meetings they manage; their own, whatever their
// status. Bodies are neither shown, filtered nor counted in meetings held
// without attribution, except for the viewer's own contributions.
type Visibility struct {
	All              bool
	PublishedIn      []string // meeting IDs
	ManagedIn        []string // meeting IDs
	AuthorID         string
	NonAttributionIn []string // meeting IDs held without attribution
}

// FacetCount is how many contributions have one value of a filter.
type FacetCount struct {
	Value string
	Count int
}

// SearchResult is a page of contributions with the total and, when asked,
// the counts per filter value.
type SearchResult struct {
	Total int
	Items []*domain.Contribution // with regions, countries and tags
	// Facets by filter: "kind", "practice_type", "region", "body",
	// "objective", "principle", "tag", "question", "lang", "status",
	// "meeting"; counts are largest first.
	Facets map[string][]FacetCount
}

// ErrSearchUnavailable is returned until search is built.
var ErrSearchUnavailable = errors.New("store: search is not available yet")

// VisibilityFor returns what the actor may find.
func (db *DB) VisibilityFor(ctx context.Context, a *domain.Actor) (Visibility, error) {
	return Visibility{}, ErrSearchUnavailable
}

// Search finds contributions the viewer may see.
func (db *DB) Search(ctx context.Context, v Visibility, q SearchQuery) (*SearchResult, error) {
	return nil, ErrSearchUnavailable
}
