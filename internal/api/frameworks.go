package api

import (
	"net/http"

	"github.com/plenary-org/plenary/internal/domain"
)

// frameworkJSON describes a reference framework without its items.
type frameworkJSON struct {
	ID          string `json:"id"`
	Code        string `json:"code"`
	Name        string `json:"name"`
	Description string `json:"description"`
	Builtin     bool   `json:"builtin"`
	ItemCount   int    `json:"item_count"`
	Version     int    `json:"version"`
}

// frameworkLabelJSON is an item's title in one language.
type frameworkLabelJSON struct {
	Title      string `json:"title"`
	ShortLabel string `json:"short_label"`
	// Unofficial marks a translation that is not the official text.
	Unofficial bool `json:"unofficial"`
}

// frameworkItemJSON is one item with its titles by language code.
type frameworkItemJSON struct {
	Code   string                        `json:"code"`
	Kind   string                        `json:"kind"`
	Labels map[string]frameworkLabelJSON `json:"labels"`
}

// frameworkDetailJSON is a framework with every item.
type frameworkDetailJSON struct {
	frameworkJSON
	Items []frameworkItemJSON `json:"items"`
}

func frameworkView(f *domain.Framework) frameworkJSON {
	return frameworkJSON{ID: f.ID, Code: f.Code, Name: f.Name, Description: f.Description, Builtin: f.Builtin, ItemCount: len(f.Items), Version: f.Version}
}

// listFrameworks lists the frameworks contributions are tagged against;
// any user may read them.
func (s *Server) listFrameworks(w http.ResponseWriter, r *http.Request) {
	if !actor(r).CanViewBodies() {
		s.writeError(w, r, domain.Forbidden())
		return
	}
	fs, err := s.db.Frameworks(r.Context())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, list[frameworkJSON]{Items: mapSlice(fs, frameworkView)})
}

func (s *Server) getFramework(w http.ResponseWriter, r *http.Request) {
	if !actor(r).CanViewBodies() {
		s.writeError(w, r, domain.Forbidden())
		return
	}
	f, err := s.db.Framework(r.Context(), r.PathValue("id"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out := frameworkDetailJSON{frameworkJSON: frameworkView(f), Items: []frameworkItemJSON{}}
	for _, it := range f.Items {
		j := frameworkItemJSON{Code: it.Code, Kind: it.Kind, Labels: map[string]frameworkLabelJSON{}}
		for lang, l := range it.Labels {
			j.Labels[lang] = frameworkLabelJSON{Title: l.Title, ShortLabel: l.ShortLabel, Unofficial: l.Unofficial}
		}
		out.Items = append(out.Items, j)
	}
	writeJSON(w, http.StatusOK, out)
}
