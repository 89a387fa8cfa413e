package followup

import (
	"context"
	"strings"
	"unicode/utf8"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/store"
)

// Where commitments come from, and the way back: a recommendation of an
// adopted outcome document shows the commitments that answer it, a
// contribution the commitments made from it.

// Recommendation is one recommendation of an adopted outcome document: a
// numbered paragraph of the adopted version in one of its sections of
// recommendations ([RecommendationSection]).
type Recommendation struct {
	Ref     domain.RecommendationRef
	Meeting *domain.Meeting
	Number  int    // the paragraph's number in the document
	Section string // the section's heading
	Text    string
	// Commitments are the IDs of the commitments that answer it.
	Commitments []string
}

// RecommendationSection reports whether the section of an outcome
// document keyed key holds recommendations a commitment may answer: the
// overall recommendations, a breakout group's, the follow-up mechanisms,
// the partners', and a section the secretariat added. The list of
// participants, the sessions' objectives, the themes repeated across
// groups, the endorsed practices and the annexes do not.
func RecommendationSection(key string) bool {
	switch key {
	case "overall", "followup", "partners":
		return true
	}
	return strings.HasPrefix(key, "group:") || strings.HasPrefix(key, "custom:")
}

func errNotAdopted() error {
	return domain.Errorf(domain.EINVALID, "followup.error_not_adopted", "commitments answer the recommendations of an adopted outcome document, and this one is not adopted")
}

func errNotRecommendation(id string) error {
	return domain.Invalid("recommendations", "followup.error_block", "%s is not a recommendation of the adopted outcome document", id)
}

// adopted returns the adopted text of the outcome document of meetingID,
// a meeting of processID the actor may see.
func (s *Service) adopted(ctx context.Context, a *domain.Actor, processID, meetingID string) (*store.OutcomeDocument, *store.OutcomeVersion, *domain.Meeting, error) {
	sc, err := s.db.ScopeOf(ctx, "meeting", meetingID)
	if err != nil || sc.ProcessID != processID || !a.CanViewMeeting(sc.ProcessID, sc.MeetingID) {
		return nil, nil, nil, domain.Invalid("recommendations", "followup.error_meeting", "the meeting is not one of the process's")
	}
	d, err := s.db.OutcomeDocument(ctx, meetingID)
	if domain.ErrorCode(err) == domain.ENOTFOUND {
		return nil, nil, nil, errNotAdopted()
	}
	if err != nil {
		return nil, nil, nil, err
	}
	if d.AdoptedVersion == 0 {
		return nil, nil, nil, errNotAdopted()
	}
	v, err := s.db.OutcomeVersion(ctx, meetingID, d.AdoptedVersion)
	if err != nil {
		return nil, nil, nil, err
	}
	m, err := s.db.Meeting(ctx, meetingID)
	if err != nil {
		return nil, nil, nil, err
	}
	return d, v, m, nil
}

// recommendation finds the recommendation ref names in an adopted outcome
// document of processID: the block must be a paragraph of a section of
// recommendations in the adopted version (a ref naming another version
// is refused: what was adopted is what a commitment answers).
func (s *Service) recommendation(ctx context.Context, a *domain.Actor, processID string, ref domain.RecommendationRef) (*Recommendation, error) {
	d, v, m, err := s.adopted(ctx, a, processID, ref.OutcomeID)
	if err != nil {
		return nil, err
	}
	if ref.Version != 0 && ref.Version != d.AdoptedVersion {
		return nil, errNotRecommendation(ref.BlockID)
	}
	for _, r := range recommendations(v.Text, m) {
		if r.Ref.BlockID == ref.BlockID {
			r.Ref.OutcomeID, r.Ref.Version = ref.OutcomeID, d.AdoptedVersion
			return &r, nil
		}
	}
	return nil, errNotRecommendation(ref.BlockID)
}

// recommendations lists the recommendations of a text, in order.
func recommendations(t domain.OutcomeText, m *domain.Meeting) []Recommendation {
	numbers := t.Numbers()
	var out []Recommendation
	for _, sec := range t.Sections {
		if !RecommendationSection(sec.Key) {
			continue
		}
		for _, b := range sec.Blocks {
			if b.Kind == domain.BlockParagraph {
				out = append(out, Recommendation{Ref: domain.RecommendationRef{OutcomeID: m.ID, BlockID: b.ID}, Meeting: m,
					Number: numbers[b.ID], Section: sec.Heading, Text: b.Text})
			}
		}
	}
	return out
}

// Recommendations is what the recommendations page of an adopted outcome
// document shows: each recommendation with the commitments that answer
// it.
type Recommendations struct {
	Meeting         *domain.Meeting
	Version         int
	Recommendations []Recommendation
	// Commitments are those that answer one, by ID.
	Commitments map[string]*domain.Commitment
	Bodies      map[string]*domain.Body
	// Make: the actor may make commitments from them.
	Make bool
}

// Recommendations returns the recommendations of the adopted outcome
// document of a meeting with the commitments that answer each, to whoever
// sees the process's follow-up. EINVALID (followup.error_not_adopted)
// when the document is not adopted.
func (s *Service) Recommendations(ctx context.Context, a *domain.Actor, meetingID string) (*Recommendations, error) {
	if !a.LoggedIn() {
		return nil, domain.Unauthorized()
	}
	sc, err := s.db.ScopeOf(ctx, "meeting", meetingID)
	if err != nil || !a.CanViewMeeting(sc.ProcessID, sc.MeetingID) || !a.CanViewFollowUp(sc.ProcessID) {
		return nil, domain.NotFound("meeting")
	}
	d, v, m, err := s.adopted(ctx, a, sc.ProcessID, meetingID)
	if err != nil {
		return nil, err
	}
	out := &Recommendations{Meeting: m, Version: d.AdoptedVersion, Recommendations: recommendations(v.Text, m),
		Commitments: map[string]*domain.Commitment{}, Make: a.CanManageCommitments(sc.ProcessID, meetingID)}
	byBlock, err := s.db.RecommendationCommitments(ctx, meetingID)
	if err != nil {
		return nil, err
	}
	cs, _, err := s.db.Commitments(ctx, store.CommitmentFilter{ProcessID: sc.ProcessID, OutcomeID: meetingID, Limit: -1})
	if err != nil {
		return nil, err
	}
	for _, c := range cs {
		out.Commitments[c.ID] = c
	}
	for i := range out.Recommendations {
		out.Recommendations[i].Commitments = byBlock[out.Recommendations[i].Ref.BlockID]
	}
	if out.Bodies, err = s.bodiesOf(ctx, cs); err != nil {
		return nil, err
	}
	return out, nil
}

// titleFrom makes a commitment's title from a text: its first sentence,
// cut at a word to at most 120 characters.
func titleFrom(text string) string {
	text = strings.Join(strings.Fields(text), " ")
	if i := strings.IndexAny(text, ".;:!?。"); i > 0 {
		text = text[:i]
	}
	if utf8.RuneCountInString(text) <= 120 {
		return text
	}
	r := []rune(text)[:120]
	if i := strings.LastIndexByte(string(r), ' '); i > 40 {
		return string(r)[:i] + "…"
	}
	return string(r) + "…"
}

// DraftFromRecommendation returns the commitment a recommendation of an
// adopted outcome document would become, for the secretariat to complete
// (the owner, at least) and confirm with [Service.Create]: its title and
// text from the recommendation, in the document's language, made at its
// meeting, answering it. The secretariat of the process or of that
// meeting only.
func (s *Service) DraftFromRecommendation(ctx context.Context, a *domain.Actor, meetingID, blockID string) (*domain.Commitment, *Recommendation, error) {
	if !a.LoggedIn() {
		return nil, nil, domain.Unauthorized()
	}
	sc, err := s.db.ScopeOf(ctx, "meeting", meetingID)
	if err != nil || !a.CanViewMeeting(sc.ProcessID, sc.MeetingID) {
		return nil, nil, domain.NotFound("meeting")
	}
	if !a.CanManageCommitments(sc.ProcessID, meetingID) {
		return nil, nil, errNotSecretariat()
	}
	r, err := s.recommendation(ctx, a, sc.ProcessID, domain.RecommendationRef{OutcomeID: meetingID, BlockID: blockID})
	if err != nil {
		return nil, nil, err
	}
	d, err := s.db.OutcomeDocument(ctx, meetingID)
	if err != nil {
		return nil, nil, err
	}
	c := &domain.Commitment{ProcessID: sc.ProcessID, MeetingID: meetingID, Title: titleFrom(r.Text), Text: r.Text, Lang: d.Lang,
		Status: domain.CommitmentPlanned, Recommendations: []domain.RecommendationRef{r.Ref}}
	return c, r, nil
}

func errNotSource() error {
	return domain.Errorf(domain.EINVALID, "followup.error_not_source", "only a published commitment or follow-up mechanism becomes a commitment")
}

// source finds a contribution of processID that a commitment may be made
// from: one the actor may read, published, of kind commitment or
// follow-up mechanism.
func (s *Service) source(ctx context.Context, a *domain.Actor, processID, id string) (*domain.Contribution, error) {
	c, err := s.db.Contribution(ctx, id)
	if err != nil {
		return nil, err
	}
	sc, err := s.db.ScopeOf(ctx, "meeting", c.MeetingID)
	if err != nil || sc.ProcessID != processID || !a.CanViewContribution(processID, c) {
		return nil, domain.NotFound("contribution")
	}
	if c.Status != domain.StatusPublished || (c.Kind != domain.KindCommitment && c.Kind != domain.KindFollowUp) {
		return nil, errNotSource()
	}
	return c, nil
}

// DraftFromContribution returns the commitment a published contribution
// of kind commitment or follow-up mechanism would become, for the
// secretariat to complete and confirm with [Service.Create]: its title,
// text and language, its body as the owner (unless the contribution was
// written under the non-attribution rule and its body is not to be
// shown to the actor), the Global Compact codes it was tagged with, made
// at its meeting and from it. The secretariat of the process or of that
// meeting only.
func (s *Service) DraftFromContribution(ctx context.Context, a *domain.Actor, contributionID string) (*domain.Commitment, *domain.Contribution, error) {
	if !a.LoggedIn() {
		return nil, nil, domain.Unauthorized()
	}
	ct, err := s.db.Contribution(ctx, contributionID)
	if err != nil {
		return nil, nil, err
	}
	sc, err := s.db.ScopeOf(ctx, "meeting", ct.MeetingID)
	if err != nil || !a.CanViewContribution(sc.ProcessID, ct) {
		return nil, nil, domain.NotFound("contribution")
	}
	if !a.CanManageCommitments(sc.ProcessID, ct.MeetingID) {
		return nil, nil, errNotSecretariat()
	}
	if _, err := s.source(ctx, a, sc.ProcessID, contributionID); err != nil {
		return nil, nil, err
	}
	codes, err := s.tagCodes(ctx)
	if err != nil {
		return nil, nil, err
	}
	c := &domain.Commitment{ProcessID: sc.ProcessID, MeetingID: ct.MeetingID, Title: ct.Title, Text: ct.Text, Lang: ct.Lang,
		Status: domain.CommitmentPlanned, ContributionIDs: []string{ct.ID}}
	if domain.Attributed(ct, a) {
		c.OwnerBodyID = ct.BodyID
	}
	for _, tag := range ct.Tags {
		if code, ok := codes[tag]; ok {
			c.Objectives = append(c.Objectives, code)
		}
	}
	c.Objectives, _ = domain.NormalizeGCMCodes(c.Objectives)
	return c, ct, nil
}

// tagCodes maps the IDs of the Global Compact's framework items to their
// codes.
func (s *Service) tagCodes(ctx context.Context) (map[string]string, error) {
	fs, err := s.db.Frameworks(ctx)
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, f := range fs {
		if f.Code != "gcm" {
			continue
		}
		full, err := s.db.Framework(ctx, f.ID)
		if err != nil {
			return nil, err
		}
		for _, it := range full.Items {
			out[it.ID] = it.Code
		}
	}
	return out, nil
}

// OfContribution returns the commitments made from a contribution the
// actor may read: what its page shows as "commitments made from this".
// None to whoever does not see the process's follow-up.
func (s *Service) OfContribution(ctx context.Context, a *domain.Actor, contributionID string) ([]*domain.Commitment, error) {
	if !a.LoggedIn() {
		return nil, domain.Unauthorized()
	}
	ct, err := s.db.Contribution(ctx, contributionID)
	if err != nil {
		return nil, err
	}
	sc, err := s.db.ScopeOf(ctx, "meeting", ct.MeetingID)
	if err != nil || !a.CanViewContribution(sc.ProcessID, ct) {
		return nil, domain.NotFound("contribution")
	}
	if !a.CanViewFollowUp(sc.ProcessID) {
		return nil, nil
	}
	cs, _, err := s.db.Commitments(ctx, store.CommitmentFilter{ProcessID: sc.ProcessID, ContributionID: ct.ID, Limit: -1})
	return cs, err
}
