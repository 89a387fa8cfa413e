package api

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/store"
	"github.com/plenary-org/plenary/internal/synthesis"
)

// Endorsements: a delegate or partner marks a published good practice of
// another region as workable for their region, with conditions.

type endorsementInput struct {
	BodyID     string `json:"body_id"`
	Region     string `json:"region"`
	Conditions string `json:"conditions"`
	Version    *int   `json:"version"`
}

// endorsementJSON is an endorsement; body_id and body_name are left out
// under the non-attribution rule unless the caller acts for the body, and
// body_kind is then "" unless the meeting describes the body by its kind
// and its region ([domain.Describe]).
type endorsementJSON struct {
	ContributionID string    `json:"contribution_id"`
	Region         string    `json:"region"`
	Conditions     string    `json:"conditions"`
	BodyKind       string    `json:"body_kind"`
	BodyID         string    `json:"body_id,omitempty"`
	BodyName       string    `json:"body_name,omitempty"`
	UpdatedAt      time.Time `json:"updated_at"`
	Version        int       `json:"version"`
}

func endorsementView(e synthesis.Endorsement) endorsementJSON {
	j := endorsementJSON{ContributionID: e.ContributionID, Region: e.Region, Conditions: e.Conditions, BodyKind: string(e.BodyKind),
		UpdatedAt: e.UpdatedAt.UTC(), Version: e.Version}
	if e.Named {
		j.BodyID, j.BodyName = e.BodyID, e.BodyName
	}
	return j
}

type endorsedJSON struct {
	ContributionID   string            `json:"contribution_id"`
	Title            string            `json:"title"`
	Lang             string            `json:"lang"`
	PracticeType     string            `json:"practice_type"`
	Regions          []string          `json:"regions"`
	EndorsingRegions int               `json:"endorsing_regions"`
	EndorsingBodies  int               `json:"endorsing_bodies"`
	Endorsements     []endorsementJSON `json:"endorsements"`
}

type endorsedPage struct {
	Items  []endorsedJSON `json:"items"`
	Total  int            `json:"total"`
	Offset int            `json:"offset"`
	Limit  int            `json:"limit"`
}

// listEndorsed answers the meeting's good practices endorsed by other
// regions, ranked as the page ranks them.
func (s *Server) listEndorsed(w http.ResponseWriter, r *http.Request) {
	offset, limit, err := pageParams(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	limit = min(limit, 200)
	q := r.URL.Query()
	f := store.EndorsedFilter{Region: strings.TrimSpace(q.Get("region")), By: strings.TrimSpace(q.Get("by")),
		Practice: domain.PracticeType(q.Get("practice_type")), Limit: limit, Offset: offset}
	res, err := s.synth.EndorsedPractices(r.Context(), actor(r), synthesis.EndorsedInput{MeetingID: r.PathValue("id"), Filter: f})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out := endorsedPage{Items: []endorsedJSON{}, Total: res.Total, Offset: offset, Limit: limit}
	for _, it := range res.Items {
		j := endorsedJSON{ContributionID: it.Practice.ID, Title: it.Practice.Title, Lang: it.Practice.Lang, PracticeType: string(it.Practice.Practice),
			Regions: append([]string{}, it.Practice.Regions...), EndorsingRegions: it.Regions, EndorsingBodies: it.Bodies, Endorsements: []endorsementJSON{}}
		for _, e := range it.Endorsements {
			j.Endorsements = append(j.Endorsements, endorsementView(e))
		}
		out.Items = append(out.Items, j)
	}
	writeJSON(w, http.StatusOK, out)
}

// putEndorsement creates (version 0) or edits the caller's body's
// endorsement of a contribution: body_id when given, else their only
// body.
func (s *Server) putEndorsement(w http.ResponseWriter, r *http.Request) {
	var in endorsementInput
	if err := decode(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	version, err := requireVersion(in.Version)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	e, err := s.synth.Endorse(r.Context(), actor(r), synthesis.EndorseInput{ContributionID: r.PathValue("id"), BodyID: in.BodyID, Region: in.Region, Conditions: in.Conditions, Version: version})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	status := http.StatusOK
	if e.Version == 1 {
		status = http.StatusCreated
	}
	writeJSON(w, status, endorsementView(*e))
}

// deleteEndorsement withdraws the caller's body's endorsement at the
// version given in the query (body_id when given, else their only body).
func (s *Server) deleteEndorsement(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	var version *int
	if v := q.Get("version"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			s.writeError(w, r, domain.Invalid("version", "error.number", "must be a whole number"))
			return
		}
		version = &n
	}
	n, err := requireVersion(version)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	in := synthesis.WithdrawInput{ContributionID: r.PathValue("id"), BodyID: q.Get("body_id"), Version: n, Confirmed: true}
	if err := s.synth.Withdraw(r.Context(), actor(r), in); err != nil {
		s.writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
