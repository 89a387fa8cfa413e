package api

import (
	"net/http"
	"slices"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/registry"
	"github.com/plenary-org/plenary/internal/store"
)

func (s *Server) me(w http.ResponseWriter, r *http.Request) {
	a := actor(r)
	writeJSON(w, http.StatusOK, meJSON{User: userView(a.User), Memberships: mapSlice(a.Memberships, membershipView)})
}

// bodyInput is what a client sends to create a body.
type bodyInput struct {
	Name        string   `json:"name"`
	Acronym     string   `json:"acronym"`
	Kind        string   `json:"kind"`
	Region      string   `json:"region"`
	RegionID    string   `json:"region_id"`
	PartnerType string   `json:"partner_type"`
	Established int      `json:"established"`
	Secretariat string   `json:"secretariat"`
	Website     string   `json:"website"`
	Countries   []string `json:"countries"`
	Observers   []string `json:"observers"`
	// Joined gives the date each member or observer state joined, by
	// ISO 3166-1 alpha-2 code.
	Joined      map[string]string `json:"joined"`
	MembersNote string            `json:"members_note"`
}

// bodyUpdate is what a client sends to replace a body's fields.
type bodyUpdate struct {
	bodyInput
	Version *int `json:"version"`
}

func (in bodyInput) apply(b *domain.Body) {
	b.Name, b.Acronym, b.Kind, b.Region, b.RegionID = in.Name, in.Acronym, domain.BodyKind(in.Kind), in.Region, in.RegionID
	b.Established, b.Secretariat, b.Countries = in.Established, in.Secretariat, in.Countries
	b.Website, b.Observers, b.Joined, b.MembersNote = in.Website, in.Observers, in.Joined, in.MembersNote
	b.PartnerType = in.PartnerType
}

func (s *Server) listBodies(w http.ResponseWriter, r *http.Request) {
	offset, limit, err := pageParams(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	q := r.URL.Query()
	f := store.BodyFilter{Query: q.Get("q"), Kind: domain.BodyKind(q.Get("kind")), Region: q.Get("region"), Offset: offset, Limit: limit}
	bs, total, err := registry.New(s.db).Bodies(r.Context(), actor(r), f)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, page[bodyJSON]{Items: mapSlice(bs, bodyView), Total: total, Offset: offset, Limit: limit})
}

func (s *Server) getBody(w http.ResponseWriter, r *http.Request) {
	b, err := registry.New(s.db).Body(r.Context(), actor(r), r.PathValue("id"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, bodyView(b))
}

func (s *Server) createBody(w http.ResponseWriter, r *http.Request) {
	var in bodyInput
	if err := decode(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	var b domain.Body
	in.apply(&b)
	if err := registry.New(s.db).CreateBody(r.Context(), actor(r), &b); err != nil {
		s.writeError(w, r, err)
		return
	}
	created(w, "/bodies/"+b.ID, bodyView(&b))
}

func (s *Server) updateBody(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	svc := registry.New(s.db)
	var in bodyUpdate
	if err := decode(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	b, err := svc.Body(ctx, actor(r), r.PathValue("id"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if b.Version, err = requireVersion(in.Version); err != nil {
		s.writeError(w, r, err)
		return
	}
	in.apply(b)
	if err := svc.UpdateBody(ctx, actor(r), b); err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, bodyView(b))
}

// created answers a POST with 201, the new object's URL and its JSON.
func created(w http.ResponseWriter, path string, v any) {
	w.Header().Set("Location", prefix+path)
	writeJSON(w, http.StatusCreated, v)
}

type regionJSON struct {
	ID        string   `json:"id"`
	Name      string   `json:"name"`
	M49       bool     `json:"m49"`
	Parts     []string `json:"parts"`
	Countries []string `json:"countries"`
}

func (s *Server) listRegions(w http.ResponseWriter, r *http.Request) {
	lang := r.URL.Query().Get("lang")
	if lang == "" {
		lang = "en"
	}
	if !slices.Contains(domain.Locales, lang) {
		s.writeError(w, r, domain.Invalid("lang", "error.language", "names are given in English, French, Spanish, Arabic, Chinese or Russian"))
		return
	}
	rs, err := registry.New(s.db).Regions(r.Context(), actor(r), lang)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out := make([]regionJSON, len(rs))
	for i, e := range rs {
		out[i] = regionJSON{ID: e.Region.ID, Name: e.Name, M49: e.Region.M49(), Parts: orEmpty(e.Region.Parts), Countries: orEmpty(e.Countries)}
	}
	writeJSON(w, http.StatusOK, out)
}
