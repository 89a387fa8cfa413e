package api

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/store"
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
// under the non-attribution rule unless the caller acts for the body.
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

func endorsementView(m *domain.Meeting, e *store.Endorsement, own []string) endorsementJSON {
	j := endorsementJSON{ContributionID: e.ContributionID, Region: e.Region, Conditions: e.Conditions, BodyKind: string(e.BodyKind),
		UpdatedAt: e.UpdatedAt.UTC(), Version: e.Version}
	if !m.NonAttribution || slices.Contains(own, e.BodyID) {
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
	m, err := s.viewableMeeting(r, false)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	offset, limit, err := pageParams(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	limit = min(limit, 200)
	q := r.URL.Query()
	f := store.EndorsedFilter{Region: strings.TrimSpace(q.Get("region")), By: strings.TrimSpace(q.Get("by")),
		Practice: domain.PracticeType(q.Get("practice_type")), Limit: limit, Offset: offset}
	if f.Practice != "" && !f.Practice.Valid() {
		s.writeError(w, r, domain.Invalid("practice_type", "error.practice_type", "choose policy, legislation, project, institution, fund or other"))
		return
	}
	res, err := s.db.EndorsedPractices(r.Context(), m.ID, f)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	own := store.EndorsingBodies(actor(r), m.ProcessID, m.ID)
	out := endorsedPage{Items: []endorsedJSON{}, Total: res.Total, Offset: offset, Limit: limit}
	for _, it := range res.Items {
		j := endorsedJSON{ContributionID: it.Practice.ID, Title: it.Practice.Title, Lang: it.Practice.Lang, PracticeType: string(it.Practice.Practice),
			Regions: append([]string{}, it.Practice.Regions...), EndorsingRegions: it.Regions, EndorsingBodies: it.Bodies, Endorsements: []endorsementJSON{}}
		for _, e := range it.Endorsements {
			j.Endorsements = append(j.Endorsements, endorsementView(m, e, own))
		}
		out.Items = append(out.Items, j)
	}
	writeJSON(w, http.StatusOK, out)
}

// endorser finds the contribution and the body the caller endorses for:
// body_id when given, else their only body. 403 when they act for none.
func (s *Server) endorser(r *http.Request, bodyID string) (*domain.Contribution, *domain.Meeting, string, error) {
	c, m, err := s.viewableContribution(r, s.viewerFor(r))
	if err != nil {
		return nil, nil, "", err
	}
	own := store.EndorsingBodies(actor(r), m.ProcessID, m.ID)
	if bodyID == "" && len(own) == 1 {
		bodyID = own[0]
	}
	if bodyID == "" || !slices.Contains(own, bodyID) {
		return nil, nil, "", domain.Errorf(domain.EFORBIDDEN, "endorse.error_no_body", "only delegates and partners endorse practices, for a body they act for in the meeting")
	}
	return c, m, bodyID, nil
}

// putEndorsement creates (version 0) or edits the caller's body's
// endorsement of a contribution.
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
	c, m, body, err := s.endorser(r, in.BodyID)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	e := &store.Endorsement{ContributionID: c.ID, BodyID: body, Region: in.Region, Conditions: in.Conditions, Version: version}
	if err := s.db.PutEndorsement(r.Context(), e); err != nil {
		s.writeError(w, r, err)
		return
	}
	status := http.StatusOK
	if e.Version == 1 {
		status = http.StatusCreated
	}
	saved, err := s.db.Endorsement(r.Context(), c.ID, body)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, status, endorsementView(m, saved, []string{body}))
}

// deleteEndorsement withdraws the caller's body's endorsement at the
// version given in the query.
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
	c, _, body, err := s.endorser(r, q.Get("body_id"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if err := s.db.DeleteEndorsement(r.Context(), c.ID, body, n); err != nil {
		s.writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
