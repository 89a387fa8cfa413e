package api

import (
	"net/http"
	"time"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/partnership"
)

// A process's partnerships (docs/REGISTRY.md): the registry, one
// partnership, a partnership proposal made into one, matchmaking
// suggestions and a body's engagement across the process's meetings.
// Each handler is one call of package partnership, which authorises and
// validates.

type partnershipLinkJSON struct {
	Title string `json:"title,omitempty"`
	URL   string `json:"url"`
}

type partnershipStepJSON struct {
	Status string    `json:"status"`
	At     time.Time `json:"at"`
	By     string    `json:"by,omitempty"`
	Note   string    `json:"note,omitempty"`
}

type partnershipJSON struct {
	ID            string                `json:"id"`
	ProcessID     string                `json:"process_id"`
	MeetingID     string                `json:"meeting_id,omitempty"`
	MadeFrom      string                `json:"made_from,omitempty"`
	Title         string                `json:"title"`
	Purpose       string                `json:"purpose"`
	Phase         string                `json:"phase"`
	Mechanism     string                `json:"mechanism"`
	Status        string                `json:"status"`
	StartsOn      string                `json:"starts_on,omitempty"`
	EndsOn        string                `json:"ends_on,omitempty"`
	Parties       []string              `json:"parties"`
	Objectives    []string              `json:"objectives"`
	Links         []partnershipLinkJSON `json:"links"`
	Contributions []string              `json:"contributions"`
	Commitments   []string              `json:"commitments"`
	Demo          bool                  `json:"demo"`
	History       []partnershipStepJSON `json:"history"`
	CreatedAt     time.Time             `json:"created_at"`
	UpdatedAt     time.Time             `json:"updated_at"`
	Version       int                   `json:"version"`
}

func partnershipView(p *domain.Partnership) partnershipJSON {
	out := partnershipJSON{ID: p.ID, ProcessID: p.ProcessID, MeetingID: p.MeetingID, MadeFrom: p.MadeFrom, Title: p.Title, Purpose: p.Purpose,
		Phase: string(p.Phase), Mechanism: string(p.Mechanism), Status: string(p.Status), StartsOn: p.StartsOn, EndsOn: p.EndsOn,
		Parties: nonNil(p.Parties), Objectives: nonNil(p.Objectives), Contributions: nonNil(p.Contributions), Commitments: nonNil(p.Commitments), Demo: p.Demo,
		Links: []partnershipLinkJSON{}, History: []partnershipStepJSON{}, CreatedAt: p.CreatedAt, UpdatedAt: p.UpdatedAt, Version: p.Version}
	for _, l := range p.Links {
		out.Links = append(out.Links, partnershipLinkJSON(l))
	}
	for _, h := range p.History {
		out.History = append(out.History, partnershipStepJSON{Status: string(h.Status), At: h.At, By: h.ActorName, Note: h.Note})
	}
	return out
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

type partnershipInput struct {
	MeetingID     string                `json:"meeting_id"`
	Title         string                `json:"title"`
	Purpose       string                `json:"purpose"`
	Phase         string                `json:"phase"`
	Mechanism     string                `json:"mechanism"`
	Status        string                `json:"status"`
	StartsOn      string                `json:"starts_on"`
	EndsOn        string                `json:"ends_on"`
	Parties       []string              `json:"parties"`
	Objectives    []string              `json:"objectives"`
	Links         []partnershipLinkJSON `json:"links"`
	Contributions []string              `json:"contributions"`
	Commitments   []string              `json:"commitments"`
}

type partnershipUpdate struct {
	partnershipInput
	Version *int   `json:"version"`
	Note    string `json:"note"`
}

func (in *partnershipInput) links() []domain.PartnershipLink {
	var out []domain.PartnershipLink
	for _, l := range in.Links {
		out = append(out, domain.PartnershipLink(l))
	}
	return out
}

func (s *Server) listPartnerships(w http.ResponseWriter, r *http.Request) {
	offset, limit, err := pageParams(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	q := r.URL.Query()
	l, err := s.partnership.List(r.Context(), actor(r), partnership.ListInput{ProcessID: r.PathValue("id"), BodyID: q.Get("body"),
		Status: domain.PartnershipStatus(q.Get("status")), Objective: q.Get("objective"), Offset: offset, Limit: limit})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out := page[partnershipJSON]{Items: []partnershipJSON{}, Total: l.Total, Offset: offset, Limit: limit}
	for _, p := range l.Partnerships {
		out.Items = append(out.Items, partnershipView(p))
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) createPartnership(w http.ResponseWriter, r *http.Request) {
	var in partnershipInput
	if err := decode(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	p := &domain.Partnership{ProcessID: r.PathValue("id"), MeetingID: in.MeetingID, Title: in.Title, Purpose: in.Purpose,
		Phase: domain.PartnershipPhase(in.Phase), Mechanism: domain.Collaboration(in.Mechanism), Status: domain.PartnershipStatus(in.Status),
		StartsOn: in.StartsOn, EndsOn: in.EndsOn, Parties: in.Parties, Objectives: in.Objectives, Links: in.links(), Contributions: in.Contributions,
		Commitments: in.Commitments}
	if _, err := s.partnership.Create(r.Context(), actor(r), p); err != nil {
		s.writeError(w, r, err)
		return
	}
	created(w, "/partnerships/"+p.ID, partnershipView(p))
}

func (s *Server) getPartnership(w http.ResponseWriter, r *http.Request) {
	v, err := s.partnership.Get(r.Context(), actor(r), r.PathValue("id"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out := partnershipView(v.Partnership)
	out.Contributions = []string{}
	for _, c := range v.Contributions {
		out.Contributions = append(out.Contributions, c.ID)
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) updatePartnership(w http.ResponseWriter, r *http.Request) {
	var in partnershipUpdate
	if err := decode(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	version, err := requireVersion(in.Version)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	p, err := s.partnership.Update(r.Context(), actor(r), partnership.UpdateInput{ID: r.PathValue("id"), Version: version, Title: in.Title, Purpose: in.Purpose,
		Phase: domain.PartnershipPhase(in.Phase), Mechanism: domain.Collaboration(in.Mechanism), Status: domain.PartnershipStatus(in.Status),
		StartsOn: in.StartsOn, EndsOn: in.EndsOn, Parties: in.Parties, Objectives: in.Objectives, Links: in.links(), Contributions: in.Contributions, Commitments: in.Commitments, Note: in.Note})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, partnershipView(p))
}

func (s *Server) deletePartnership(w http.ResponseWriter, r *http.Request) {
	version, err := versionParam(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if err := s.partnership.Delete(r.Context(), actor(r), r.PathValue("id"), version); err != nil {
		s.writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

type makePartnershipInput struct {
	Title      string   `json:"title"`
	Purpose    string   `json:"purpose"`
	Phase      string   `json:"phase"`
	Mechanism  string   `json:"mechanism"`
	StartsOn   string   `json:"starts_on"`
	EndsOn     string   `json:"ends_on"`
	Parties    []string `json:"parties"`
	Objectives []string `json:"objectives"`
}

// makePartnership turns a published partnership proposal into a
// partnership; a proposal made into one already answers 409 with a
// Location of that partnership.
func (s *Server) makePartnership(w http.ResponseWriter, r *http.Request) {
	var in makePartnershipInput
	if err := decode(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	p, err := s.partnership.Make(r.Context(), actor(r), partnership.MakeInput{ContributionID: r.PathValue("id"), Title: in.Title, Purpose: in.Purpose,
		Phase: domain.PartnershipPhase(in.Phase), Mechanism: domain.Collaboration(in.Mechanism), StartsOn: in.StartsOn, EndsOn: in.EndsOn,
		Parties: in.Parties, Objectives: in.Objectives})
	if err != nil {
		if p != nil {
			w.Header().Set("Location", prefix+"/partnerships/"+p.ID)
		}
		s.writeError(w, r, err)
		return
	}
	created(w, "/partnerships/"+p.ID, partnershipView(p))
}

type evidenceJSON struct {
	Kind       string  `json:"kind"`
	ID         string  `json:"id"`
	Title      string  `json:"title"`
	Similarity float64 `json:"similarity"`
}

type matchJSON struct {
	BodyID        string        `json:"body_id"`
	Body          string        `json:"body"`
	Score         float64       `json:"score"`
	Shared        []string      `json:"shared"`
	Similar       *evidenceJSON `json:"similar,omitempty"`
	Partnerships  int           `json:"partnerships"`
	Contributions int           `json:"contributions"`
}

type matchesJSON struct {
	ContributionID string      `json:"contribution_id"`
	Objectives     []string    `json:"objectives"`
	Matches        []matchJSON `json:"matches"`
}

func (s *Server) partnershipMatches(w http.ResponseWriter, r *http.Request) {
	m, err := s.partnership.Match(r.Context(), actor(r), r.PathValue("id"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out := matchesJSON{ContributionID: m.Contribution.ID, Objectives: nonNil(m.Objectives), Matches: []matchJSON{}}
	for _, x := range m.Matches {
		mj := matchJSON{BodyID: x.Body.ID, Body: x.Body.Name, Score: x.Score, Shared: nonNil(x.Shared), Partnerships: x.Partnerships, Contributions: x.Contributions}
		if x.Similar != nil {
			mj.Similar = &evidenceJSON{Kind: x.Similar.Kind, ID: x.Similar.ID, Title: x.Similar.Title, Similarity: x.Similar.Similarity}
		}
		out.Matches = append(out.Matches, mj)
	}
	writeJSON(w, http.StatusOK, out)
}

type meetingEngagementJSON struct {
	MeetingID       string   `json:"meeting_id"`
	Meeting         string   `json:"meeting"`
	StartsOn        string   `json:"starts_on,omitempty"`
	TookPart        bool     `json:"took_part"`
	Contributions   []string `json:"contributions"`
	Recommendations int      `json:"recommendations"`
	Commitments     int      `json:"commitments"`
	Partnerships    []string `json:"partnerships"`
	// FollowUp are the follow-up commitments made at the meeting.
	FollowUp []string `json:"follow_up_commitments"`
}

type engagementJSON struct {
	ProcessID string                  `json:"process_id"`
	BodyID    string                  `json:"body_id"`
	Meetings  []meetingEngagementJSON `json:"meetings"`
	Elsewhere []string                `json:"elsewhere"`
	// FollowUpElsewhere are the follow-up commitments made outside the
	// meetings.
	FollowUpElsewhere []string                     `json:"follow_up_elsewhere"`
	Totals            partnership.EngagementTotals `json:"totals"`
}

func (s *Server) bodyEngagement(w http.ResponseWriter, r *http.Request) {
	e, err := s.partnership.Engagement(r.Context(), actor(r), partnership.EngagementInput{ProcessID: r.PathValue("id"), BodyID: r.PathValue("bid")})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out := engagementJSON{ProcessID: e.Process.ID, BodyID: e.Body.ID, Meetings: []meetingEngagementJSON{}, Elsewhere: []string{}, FollowUpElsewhere: []string{}, Totals: e.Totals}
	for _, m := range e.Meetings {
		mj := meetingEngagementJSON{MeetingID: m.Meeting.ID, Meeting: m.Meeting.Name(), StartsOn: m.Meeting.StartsOn, TookPart: m.TookPart,
			Contributions: []string{}, Recommendations: m.Recommendations, Commitments: m.Commitments, Partnerships: []string{}, FollowUp: []string{}}
		for _, c := range m.Contributions {
			mj.Contributions = append(mj.Contributions, c.ID)
		}
		for _, p := range m.Partnerships {
			mj.Partnerships = append(mj.Partnerships, p.ID)
		}
		for _, c := range m.FollowUp {
			mj.FollowUp = append(mj.FollowUp, c.ID)
		}
		out.Meetings = append(out.Meetings, mj)
	}
	for _, p := range e.Elsewhere {
		out.Elsewhere = append(out.Elsewhere, p.ID)
	}
	for _, c := range e.FollowUpElsewhere {
		out.FollowUpElsewhere = append(out.FollowUpElsewhere, c.ID)
	}
	writeJSON(w, http.StatusOK, out)
}

// A partnership's documents: listed and downloaded by whoever sees the
// partnership, uploaded (multipart/form-data, field "file") and removed
// by the secretariat. Package partnership authorises and checks them.

func (s *Server) listPartnershipDocuments(w http.ResponseWriter, r *http.Request) {
	ds, err := s.partnership.Documents(r.Context(), actor(r), r.PathValue("id"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out := []attachmentJSON{}
	for _, d := range ds {
		out = append(out, attachmentView(*d))
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) addPartnershipDocument(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	name, data, err := readUpload(w, r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	d, err := s.partnership.Attach(r.Context(), actor(r), partnership.AttachInput{PartnershipID: id, Name: name, Data: data})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	created(w, "/partnerships/"+id+"/documents/"+d.ID, attachmentView(*d))
}

func (s *Server) getPartnershipDocument(w http.ResponseWriter, r *http.Request) {
	f, err := s.partnership.Document(r.Context(), actor(r), r.PathValue("id"), r.PathValue("did"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	sendDocument(w, r, f.Document, f.Data)
}

func (s *Server) deletePartnershipDocument(w http.ResponseWriter, r *http.Request) {
	if err := s.partnership.Detach(r.Context(), actor(r), r.PathValue("id"), r.PathValue("did")); err != nil {
		s.writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
