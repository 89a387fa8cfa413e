package followup

import "github.com/plenary-org/plenary/internal/locale"

// WithCatalog gives the use cases the catalogues the review report's
// words come from (its headings, column names, statuses), and returns s.
// Without one, the report is written with the embedded catalogues.
func (s *Service) WithCatalog(cat *locale.Catalog) *Service {
	s.cat = cat
	return s
}

// catalog is the catalogue the review report is written with.
func (s *Service) catalog() *locale.Catalog {
	if s.cat != nil {
		return s.cat
	}
	return locale.MustLoad()
}
