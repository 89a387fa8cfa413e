package api

import (
	"bytes"
	"errors"
	"io"
	"maps"
	"mime"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/plenary-org/plenary/internal/commitio"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/followup"
)

// A process's commitments and their indicators (docs/FOLLOW-UP.md), under
// /processes/{id}/commitments, /commitments/{id} and /indicators/{id},
// with the way back from a contribution and from an adopted outcome
// document's recommendations. Each handler is one call of package
// followup, which authorises and validates.

type commitmentJSON struct {
	ID              string                     `json:"id"`
	ProcessID       string                     `json:"process_id"`
	MeetingID       string                     `json:"meeting_id,omitempty"`
	Title           string                     `json:"title"`
	Text            string                     `json:"text"`
	Lang            string                     `json:"lang"`
	OwnerBodyID     string                     `json:"owner_body_id"`
	CoOwnerBodyIDs  []string                   `json:"co_owner_body_ids"`
	PartnerBodyIDs  []string                   `json:"partner_body_ids"`
	Objectives      []string                   `json:"objectives"`
	Recommendations []domain.RecommendationRef `json:"recommendations"`
	ContributionIDs []string                   `json:"contribution_ids"`
	Deliverables    []domain.Deliverable       `json:"deliverables"`
	StartOn         string                     `json:"start_on,omitempty"`
	DueOn           string                     `json:"due_on,omitempty"`
	Status          string                     `json:"status"`
	Late            bool                       `json:"late"`
	History         []domain.StatusChange      `json:"history"`
	SeeksSupport    bool                       `json:"seeks_support"`
	Demo            bool                       `json:"demo"`
	Translations    []translationJSON          `json:"translations"`
	CreatedAt       time.Time                  `json:"created_at"`
	UpdatedAt       time.Time                  `json:"updated_at"`
	Version         int                        `json:"version"`
}

type indicatorJSON struct {
	ID             string   `json:"id"`
	CommitmentID   string   `json:"commitment_id"`
	Name           string   `json:"name"`
	Unit           string   `json:"unit"`
	Baseline       *float64 `json:"baseline,omitempty"`
	BaselineOn     string   `json:"baseline_on,omitempty"`
	Target         *float64 `json:"target,omitempty"`
	TargetOn       string   `json:"target_on,omitempty"`
	Direction      string   `json:"direction"`
	Disaggregation []string `json:"disaggregation"`
	Source         string   `json:"source"`
	Position       int      `json:"position"`
	Demo           bool     `json:"demo"`
	// Latest is its latest accepted value for the whole, when there is
	// one.
	Latest    *latestValueJSON `json:"latest,omitempty"`
	CreatedAt time.Time        `json:"created_at"`
	UpdatedAt time.Time        `json:"updated_at"`
	Version   int              `json:"version"`
}

type latestValueJSON struct {
	Value    float64 `json:"value"`
	On       string  `json:"on"`
	ReportID string  `json:"report_id"`
}

type commitmentDetailJSON struct {
	commitmentJSON
	Indicators []indicatorJSON `json:"indicators"`
	Can        followup.Can    `json:"can"`
}

type commitmentPageJSON struct {
	page[commitmentJSON]
	Can followup.Can `json:"can"`
}

type recommendationJSON struct {
	OutcomeID     string   `json:"outcome_id"`
	BlockID       string   `json:"block_id"`
	Version       int      `json:"version"`
	Number        int      `json:"number"`
	Section       string   `json:"section"`
	Text          string   `json:"text"`
	CommitmentIDs []string `json:"commitment_ids"`
}

type recommendationsJSON struct {
	MeetingID       string               `json:"meeting_id"`
	Version         int                  `json:"version"`
	Recommendations []recommendationJSON `json:"recommendations"`
	Commitments     []commitmentJSON     `json:"commitments"`
}

// The request bodies.
type (
	commitmentInput struct {
		MeetingID       string                     `json:"meeting_id"`
		Title           string                     `json:"title"`
		Text            string                     `json:"text"`
		Lang            string                     `json:"lang"`
		OwnerBodyID     string                     `json:"owner_body_id"`
		CoOwnerBodyIDs  []string                   `json:"co_owner_body_ids"`
		PartnerBodyIDs  []string                   `json:"partner_body_ids"`
		Objectives      []string                   `json:"objectives"`
		Recommendations []domain.RecommendationRef `json:"recommendations"`
		ContributionIDs []string                   `json:"contribution_ids"`
		Deliverables    []domain.Deliverable       `json:"deliverables"`
		StartOn         string                     `json:"start_on"`
		DueOn           string                     `json:"due_on"`
		Status          string                     `json:"status"`
		SeeksSupport    bool                       `json:"seeks_support"`
	}
	commitmentUpdate struct {
		readVersion
		MeetingID       string                     `json:"meeting_id"`
		Title           string                     `json:"title"`
		Text            string                     `json:"text"`
		Lang            string                     `json:"lang"`
		OwnerBodyID     string                     `json:"owner_body_id"`
		CoOwnerBodyIDs  []string                   `json:"co_owner_body_ids"`
		PartnerBodyIDs  []string                   `json:"partner_body_ids"`
		Objectives      []string                   `json:"objectives"`
		Recommendations []domain.RecommendationRef `json:"recommendations"`
		ContributionIDs []string                   `json:"contribution_ids"`
		Deliverables    []domain.Deliverable       `json:"deliverables"`
		StartOn         string                     `json:"start_on"`
		DueOn           string                     `json:"due_on"`
		SeeksSupport    bool                       `json:"seeks_support"`
	}
	commitmentStatusInput struct {
		readVersion
		Status string `json:"status"`
		Note   string `json:"note"`
	}
	commitmentTranslationInput struct {
		// Version, when given, is the commitment's version read: another
		// is a conflict (409).
		Version    int    `json:"version"`
		Title      string `json:"title"`
		Text       string `json:"text"`
		Machine    bool   `json:"machine"`
		Translator string `json:"translator"`
	}
	indicatorInput struct {
		Name           string   `json:"name"`
		Unit           string   `json:"unit"`
		Baseline       *float64 `json:"baseline"`
		BaselineOn     string   `json:"baseline_on"`
		Target         *float64 `json:"target"`
		TargetOn       string   `json:"target_on"`
		Direction      string   `json:"direction"`
		Disaggregation []string `json:"disaggregation"`
		Source         string   `json:"source"`
	}
	indicatorUpdate struct {
		readVersion
		indicatorInput
	}
)

func commitmentView(c *domain.Commitment, late bool) commitmentJSON {
	j := commitmentJSON{ID: c.ID, ProcessID: c.ProcessID, MeetingID: c.MeetingID, Title: c.Title, Text: c.Text, Lang: c.Lang,
		OwnerBodyID: c.OwnerBodyID, CoOwnerBodyIDs: orEmpty(c.CoOwnerBodyIDs), PartnerBodyIDs: orEmpty(c.PartnerBodyIDs),
		Objectives: orEmpty(c.Objectives), Recommendations: orEmpty(c.Recommendations), ContributionIDs: orEmpty(c.ContributionIDs),
		Deliverables: orEmpty(c.Deliverables), StartOn: c.StartOn, DueOn: c.DueOn, Status: string(c.Status), Late: late,
		History: orEmpty(c.History), SeeksSupport: c.SeeksSupport, Demo: c.Demo, Translations: []translationJSON{},
		CreatedAt: c.CreatedAt, UpdatedAt: c.UpdatedAt, Version: c.Version}
	for _, tr := range c.Translations {
		j.Translations = append(j.Translations, translationJSON{Lang: tr.Lang, Title: tr.Title, Text: tr.Text, Machine: tr.Machine, Translator: tr.Translator, UpdatedAt: tr.UpdatedAt})
	}
	return j
}

func indicatorView(ind *domain.Indicator, latest map[string]domain.IndicatorValue) indicatorJSON {
	j := indicatorJSON{ID: ind.ID, CommitmentID: ind.CommitmentID, Name: ind.Name, Unit: ind.Unit, Baseline: ind.Baseline, BaselineOn: ind.BaselineOn,
		Target: ind.Target, TargetOn: ind.TargetOn, Direction: string(ind.Direction), Disaggregation: orEmpty(ind.Disaggregation), Source: ind.Source,
		Position: ind.Position, Demo: ind.Demo, CreatedAt: ind.CreatedAt, UpdatedAt: ind.UpdatedAt, Version: ind.Version}
	if v, ok := latest[ind.ID]; ok {
		j.Latest = &latestValueJSON{Value: v.Value, On: v.On, ReportID: v.ReportID}
	}
	return j
}

func (s *Server) listCommitments(w http.ResponseWriter, r *http.Request) {
	offset, limit, err := pageParams(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	q := r.URL.Query()
	l, err := s.followup.List(r.Context(), actor(r), followup.ListInput{ProcessID: r.PathValue("id"), MeetingID: q.Get("meeting"), BodyID: q.Get("body"),
		Objective: q.Get("objective"), Region: q.Get("region"), Status: domain.CommitmentStatus(q.Get("status")), Sort: q.Get("sort"), Offset: offset, Limit: limit})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out := commitmentPageJSON{page: page[commitmentJSON]{Items: []commitmentJSON{}, Total: l.Total, Offset: offset, Limit: limit}, Can: l.Can}
	for _, c := range l.Commitments {
		out.Items = append(out.Items, commitmentView(c, l.Late[c.ID]))
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) createCommitment(w http.ResponseWriter, r *http.Request) {
	var in commitmentInput
	if err := decode(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	c := &domain.Commitment{ProcessID: r.PathValue("id"), MeetingID: in.MeetingID, Title: in.Title, Text: in.Text, Lang: in.Lang, OwnerBodyID: in.OwnerBodyID,
		CoOwnerBodyIDs: in.CoOwnerBodyIDs, PartnerBodyIDs: in.PartnerBodyIDs, Objectives: in.Objectives, Recommendations: in.Recommendations,
		ContributionIDs: in.ContributionIDs, Deliverables: in.Deliverables, StartOn: in.StartOn, DueOn: in.DueOn, Status: domain.CommitmentStatus(in.Status),
		SeeksSupport: in.SeeksSupport}
	if _, err := s.followup.Create(r.Context(), actor(r), c); err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeCommitment(w, r, http.StatusCreated, c.ID)
}

// writeCommitment answers with the commitment's detail as the caller
// reads it.
func (s *Server) writeCommitment(w http.ResponseWriter, r *http.Request, status int, id string) {
	v, err := s.followup.Get(r.Context(), actor(r), id)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out := commitmentDetailJSON{commitmentJSON: commitmentView(v.Commitment, v.Late), Indicators: []indicatorJSON{}, Can: v.Can}
	for _, ind := range v.Indicators {
		out.Indicators = append(out.Indicators, indicatorView(ind, v.Latest))
	}
	writeJSON(w, status, out)
}

func (s *Server) getCommitment(w http.ResponseWriter, r *http.Request) {
	s.writeCommitment(w, r, http.StatusOK, r.PathValue("id"))
}

func (s *Server) updateCommitment(w http.ResponseWriter, r *http.Request) {
	var in commitmentUpdate
	version, err := decodeRead(w, r, &in)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	c, err := s.followup.Update(r.Context(), actor(r), followup.UpdateInput{ID: r.PathValue("id"), Version: version, MeetingID: in.MeetingID, Title: in.Title,
		Text: in.Text, Lang: in.Lang, OwnerBodyID: in.OwnerBodyID, CoOwnerBodyIDs: in.CoOwnerBodyIDs, PartnerBodyIDs: in.PartnerBodyIDs, Objectives: in.Objectives,
		ContributionIDs: in.ContributionIDs, Recommendations: in.Recommendations, Deliverables: in.Deliverables, StartOn: in.StartOn, DueOn: in.DueOn,
		SeeksSupport: in.SeeksSupport})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeCommitment(w, r, http.StatusOK, c.ID)
}

func (s *Server) changeCommitmentStatus(w http.ResponseWriter, r *http.Request) {
	var in commitmentStatusInput
	version, err := decodeRead(w, r, &in)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	c, err := s.followup.ChangeStatus(r.Context(), actor(r), followup.StatusInput{ID: r.PathValue("id"), Version: version, Status: domain.CommitmentStatus(in.Status), Note: in.Note})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeCommitment(w, r, http.StatusOK, c.ID)
}

// versionParam reads the version a deletion is based on from ?version=.
func versionParam(r *http.Request) (int, error) {
	n, err := intParam(r, "version")
	if err != nil {
		return 0, err
	}
	if n == 0 {
		return requireVersion(nil)
	}
	return n, nil
}

func (s *Server) deleteCommitment(w http.ResponseWriter, r *http.Request) {
	version, err := versionParam(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if err := s.followup.Delete(r.Context(), actor(r), r.PathValue("id"), version); err != nil {
		s.writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) putCommitmentTranslation(w http.ResponseWriter, r *http.Request) {
	var in commitmentTranslationInput
	if err := decode(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	c, err := s.followup.PutTranslation(r.Context(), actor(r), followup.TranslationInput{ID: r.PathValue("id"), Version: in.Version, Lang: r.PathValue("lang"), Title: in.Title,
		Text: in.Text, Machine: in.Machine, Translator: in.Translator})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeCommitment(w, r, http.StatusOK, c.ID)
}

func (s *Server) deleteCommitmentTranslation(w http.ResponseWriter, r *http.Request) {
	version := 0
	if r.URL.Query().Has("version") {
		v, err := versionParam(r)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		version = v
	}
	c, err := s.followup.DeleteTranslation(r.Context(), actor(r), r.PathValue("id"), r.PathValue("lang"), version)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeCommitment(w, r, http.StatusOK, c.ID)
}

func (s *Server) listIndicators(w http.ResponseWriter, r *http.Request) {
	v, err := s.followup.Get(r.Context(), actor(r), r.PathValue("id"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out := list[indicatorJSON]{Items: []indicatorJSON{}}
	for _, ind := range v.Indicators {
		out.Items = append(out.Items, indicatorView(ind, v.Latest))
	}
	writeJSON(w, http.StatusOK, out)
}

func (in indicatorInput) input() followup.IndicatorInput {
	return followup.IndicatorInput{Name: in.Name, Unit: in.Unit, Baseline: in.Baseline, BaselineOn: in.BaselineOn, Target: in.Target, TargetOn: in.TargetOn,
		Direction: domain.Direction(in.Direction), Disaggregation: in.Disaggregation, Source: in.Source}
}

func (s *Server) createIndicator(w http.ResponseWriter, r *http.Request) {
	var in indicatorInput
	if err := decode(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	fi := in.input()
	fi.CommitmentID = r.PathValue("id")
	ind, err := s.followup.AddIndicator(r.Context(), actor(r), fi)
	s.answer(w, r, http.StatusCreated, indicatorViewOf(ind), err)
}

func indicatorViewOf(ind *domain.Indicator) any {
	if ind == nil {
		return nil
	}
	return indicatorView(ind, nil)
}

func (s *Server) getIndicator(w http.ResponseWriter, r *http.Request) {
	ind, _, err := s.followup.Indicator(r.Context(), actor(r), r.PathValue("id"))
	s.answer(w, r, http.StatusOK, indicatorViewOf(ind), err)
}

func (s *Server) updateIndicator(w http.ResponseWriter, r *http.Request) {
	var in indicatorUpdate
	version, err := decodeRead(w, r, &in)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	fi := in.input()
	fi.ID, fi.Version = r.PathValue("id"), version
	ind, err := s.followup.UpdateIndicator(r.Context(), actor(r), fi)
	s.answer(w, r, http.StatusOK, indicatorViewOf(ind), err)
}

func (s *Server) deleteIndicator(w http.ResponseWriter, r *http.Request) {
	version, err := versionParam(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if err := s.followup.DeleteIndicator(r.Context(), actor(r), r.PathValue("id"), version); err != nil {
		s.writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) contributionCommitments(w http.ResponseWriter, r *http.Request) {
	cs, err := s.followup.OfContribution(r.Context(), actor(r), r.PathValue("id"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out := list[commitmentJSON]{Items: []commitmentJSON{}}
	for _, c := range cs {
		out.Items = append(out.Items, commitmentView(c, false))
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) outcomeRecommendations(w http.ResponseWriter, r *http.Request) {
	rs, err := s.followup.Recommendations(r.Context(), actor(r), r.PathValue("id"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out := recommendationsJSON{MeetingID: rs.Meeting.ID, Version: rs.Version, Recommendations: []recommendationJSON{}, Commitments: []commitmentJSON{}}
	for _, rec := range rs.Recommendations {
		out.Recommendations = append(out.Recommendations, recommendationJSON{OutcomeID: rec.Ref.OutcomeID, BlockID: rec.Ref.BlockID, Version: rs.Version,
			Number: rec.Number, Section: rec.Section, Text: rec.Text, CommitmentIDs: orEmpty(rec.Commitments)})
	}
	for _, id := range slices.Sorted(maps.Keys(rs.Commitments)) {
		out.Commitments = append(out.Commitments, commitmentView(rs.Commitments[id], false))
	}
	writeJSON(w, http.StatusOK, out)
}

type commitmentImportJSON struct {
	Commitments int `json:"commitments"`
	Indicators  int `json:"indicators"`
}

// importCommitments records the commitments of the file in the request
// body, with their indicators, all or none.
func (s *Server) importCommitments(w http.ResponseWriter, r *http.Request) {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	format, ok := importFormats[mt]
	if err != nil || !ok {
		s.writeError(w, r, &requestError{status: http.StatusUnsupportedMediaType, code: "unsupported_media_type",
			msg: "send the file as the request body with the Content-Type text/csv, application/json or application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"})
		return
	}
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, commitio.MaxBytes))
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &mbe):
		s.writeError(w, r, &requestError{status: http.StatusRequestEntityTooLarge, code: "too_large", key: "error.io_too_large",
			args: []any{mbe.Limit >> 20}, msg: "the file is larger than " + strconv.FormatInt(mbe.Limit>>20, 10) + " MB"})
		return
	case err != nil:
		s.writeError(w, r, badRequest("the file cannot be read: "+err.Error()))
		return
	}
	res, err := s.followup.Import(r.Context(), actor(r), r.PathValue("id"), format, bytes.NewReader(data))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, commitmentImportJSON{Commitments: res.Commitments, Indicators: res.Indicators})
}

// exportCommitments writes the process's commitments the filters select,
// with their indicators and latest accepted values, as a file.
func (s *Server) exportCommitments(w http.ResponseWriter, r *http.Request) {
	format, err := exportFormat(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	q := r.URL.Query()
	var buf bytes.Buffer
	if err := s.followup.Export(r.Context(), actor(r), followup.ListInput{ProcessID: r.PathValue("id"), MeetingID: q.Get("meeting"), BodyID: q.Get("body"),
		Objective: q.Get("objective"), Region: q.Get("region"), Status: domain.CommitmentStatus(q.Get("status"))}, format, &buf); err != nil {
		s.writeError(w, r, err)
		return
	}
	sendFile(w, format.ContentType(), "commitments."+string(format), buf.Bytes())
}
