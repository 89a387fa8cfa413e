package api

import (
	"net/http"
	"time"

	"github.com/plenary-org/plenary/internal/account"
)

// identityJSON is an OpenID identity linked to the caller's account.
type identityJSON struct {
	ID           string     `json:"id"`
	Provider     string     `json:"provider"`
	ProviderName string     `json:"provider_name"`
	Issuer       string     `json:"issuer"`
	Email        string     `json:"email"`
	LinkedAt     time.Time  `json:"linked_at"`
	LastUsedAt   *time.Time `json:"last_used_at,omitempty"`
}

func identityView(id account.LinkedIdentity) identityJSON {
	out := identityJSON{ID: id.ID, Provider: id.Provider, ProviderName: id.ProviderName, Issuer: id.Issuer, Email: id.Email, LinkedAt: id.CreatedAt.UTC()}
	if !id.LastUsedAt.IsZero() {
		t := id.LastUsedAt.UTC()
		out.LastUsedAt = &t
	}
	return out
}

// listIdentities lists the identities linked to the caller's account, as
// the account page does.
func (s *Server) listIdentities(w http.ResponseWriter, r *http.Request) {
	ids, err := s.accounts.Identities(r.Context(), actor(r))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, list[identityJSON]{Items: mapSlice(ids, identityView)})
}

// unlinkIdentity removes one of the caller's identities, unless it is
// their last way to sign in; another person's identity is not found.
func (s *Server) unlinkIdentity(w http.ResponseWriter, r *http.Request) {
	if _, err := s.accounts.UnlinkIdentity(r.Context(), actor(r), r.PathValue("id")); err != nil {
		s.writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
