package partnership

import (
	"cmp"
	"context"
	"slices"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/store"
	"github.com/plenary-org/plenary/internal/themes"
)

// Matchmaking weights: a shared objective says more than similar words,
// and similar words below MinSimilarity say nothing (the themes engine's
// lexical similarity of two unrelated texts on migration is about 0.05 to
// 0.1).
const (
	objectiveWeight = 0.6
	textWeight      = 0.4
	// MinSimilarity is the least textual similarity that counts as a
	// reason.
	MinSimilarity = 0.15
	// MaxMatches is how many suggestions are given at most.
	MaxMatches = 10
)

// Evidence is the most similar text a suggested partner wrote or
// partners in: a partnership's purpose or a contribution.
type Evidence struct {
	Kind       string // "partnership" or "contribution"
	ID         string
	Title      string
	Similarity float64
}

// Match is one suggested partner and why.
type Match struct {
	Body  *domain.Body
	Score float64
	// Shared are the objectives of the proposal that the body's past
	// partnerships or contributions serve.
	Shared []string
	// Similar is its text most like the proposal's, nil below
	// [MinSimilarity].
	Similar       *Evidence
	Partnerships  int // its partnerships in the process
	Contributions int // its published contributions in the process
}

// Matches are the suggestions for one proposal.
type Matches struct {
	Contribution *domain.Contribution
	ProcessID    string
	Objectives   []string // the proposal's objectives
	Matches      []Match
}

func errNotMatchable() error {
	return domain.Errorf(domain.EINVALID, "partnership.error_not_matchable", "suggestions are made for a partnership proposal or a commitment")
}

// Match suggests partners for a partnership proposal or a commitment (a
// contribution the actor may read): the bodies whose past partnerships or
// published contributions in the process serve the same objectives of the
// Global Compact, or whose texts are close to it (the themes engine's
// similarity), ranked, with the reason. The secretariat of its meeting
// only. The proposer and the parties of a partnership already made from it
// are left out; so is what the non-attribution rule hides.
func (s *Service) Match(ctx context.Context, a *domain.Actor, contributionID string) (*Matches, error) {
	c, processID, err := s.contribution(ctx, a, contributionID)
	if err != nil {
		return nil, err
	}
	if !a.CanManagePartnership(processID, c.MeetingID) {
		return nil, errNotSecretariat()
	}
	if c.Kind != domain.KindPartnership && c.Kind != domain.KindCommitment {
		return nil, errNotMatchable()
	}
	codes, err := s.tagCodes(ctx)
	if err != nil {
		return nil, err
	}
	out := &Matches{Contribution: c, ProcessID: processID}
	for _, t := range c.Tags {
		if code, ok := codes[t]; ok && slices.Contains(ObjectiveCodes, code) {
			out.Objectives = append(out.Objectives, code)
		}
	}
	exclude := map[string]bool{}
	if c.BodyID != "" {
		exclude[c.BodyID] = true
	}
	made, err := s.db.PartnershipsOfContribution(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	for _, p := range made {
		for _, b := range p.Parties {
			exclude[b] = true
		}
	}
	list, err := s.rank(ctx, processID, subject{text: c.Title + "\n" + c.Text, lang: c.Lang, objectives: out.Objectives, exclude: exclude,
		skip: func(p *domain.Partnership) bool { return slices.Contains(p.Contributions, c.ID) }, skipContribution: c.ID})
	if err != nil {
		return nil, err
	}
	out.Matches = list
	return out, nil
}

// subject is what partners are suggested for: its text, objectives, the
// bodies left out, and the partnerships and contribution that are its
// own (not evidence).
type subject struct {
	text, lang       string
	objectives       []string
	exclude          map[string]bool
	skip             func(*domain.Partnership) bool
	skipContribution string
}

// rank suggests partners for subj among the process's bodies.
func (s *Service) rank(ctx context.Context, processID string, subj subject) ([]Match, error) {
	ps, _, err := s.db.Partnerships(ctx, store.PartnershipFilter{ProcessID: processID, Limit: -1})
	if err != nil {
		return nil, err
	}
	cs, err := s.db.BodyContributions(ctx, processID, "")
	if err != nil {
		return nil, err
	}
	// The evidence: each partnership once a party, each contribution of
	// its body; texts[0] is the proposal.
	type doc struct {
		body       string
		ev         Evidence
		objectives []string
	}
	var docs []doc
	texts := []themes.TextInput{{Text: subj.text, Lang: subj.lang}}
	for _, p := range ps {
		if subj.skip(p) {
			continue
		}
		for _, b := range p.Parties {
			docs = append(docs, doc{body: b, ev: Evidence{Kind: "partnership", ID: p.ID, Title: p.Title}, objectives: p.Objectives})
		}
		texts = append(texts, themes.TextInput{Text: p.Title + "\n" + p.Purpose})
	}
	for _, bc := range cs {
		if bc.ID == subj.skipContribution {
			continue
		}
		docs = append(docs, doc{body: bc.BodyID, ev: Evidence{Kind: "contribution", ID: bc.ID, Title: bc.Title}, objectives: bc.Objectives})
		texts = append(texts, themes.TextInput{Text: bc.Title + "\n" + bc.Text, Lang: bc.Lang})
	}
	model, err := themes.NewModel(ctx, texts, s.tr)
	if err != nil {
		return nil, err
	}
	// Map each doc to its text: partnerships have one text for all their
	// parties.
	textOf := make([]int, len(docs))
	t, i := 1, 0
	for _, p := range ps {
		if subj.skip(p) {
			continue
		}
		for range p.Parties {
			textOf[i] = t
			i++
		}
		t++
	}
	for ; i < len(docs); i++ {
		textOf[i] = t
		t++
	}
	byBody := map[string]*Match{}
	for i, d := range docs {
		if subj.exclude[d.body] {
			continue
		}
		m := byBody[d.body]
		if m == nil {
			m = &Match{}
			byBody[d.body] = m
		}
		if d.ev.Kind == "partnership" {
			m.Partnerships++
		} else {
			m.Contributions++
		}
		for _, o := range d.objectives {
			if slices.Contains(subj.objectives, o) && !slices.Contains(m.Shared, o) {
				m.Shared = append(m.Shared, o)
			}
		}
		if sim := model.Similarity(0, textOf[i]); sim >= MinSimilarity && (m.Similar == nil || sim > m.Similar.Similarity) {
			ev := d.ev
			ev.Similarity = sim
			m.Similar = &ev
		}
	}
	var out []Match
	for id, m := range byBody {
		if len(m.Shared) == 0 && m.Similar == nil {
			continue
		}
		b, err := s.db.Body(ctx, id)
		if err != nil {
			return nil, err
		}
		m.Body = b
		slices.SortFunc(m.Shared, func(x, y string) int { return slices.Index(ObjectiveCodes, x) - slices.Index(ObjectiveCodes, y) })
		if len(subj.objectives) > 0 {
			m.Score = objectiveWeight * float64(len(m.Shared)) / float64(len(subj.objectives))
		}
		if m.Similar != nil {
			m.Score += textWeight * m.Similar.Similarity
		}
		out = append(out, *m)
	}
	slices.SortFunc(out, func(x, y Match) int {
		return cmp.Or(cmp.Compare(y.Score, x.Score), cmp.Compare(x.Body.Name, y.Body.Name))
	})
	if len(out) > MaxMatches {
		out = out[:MaxMatches]
	}
	return out, nil
}

// CommitmentMatches are the suggestions for one follow-up commitment.
type CommitmentMatches struct {
	Commitment *domain.Commitment
	Objectives []string // the commitment's objectives
	Matches    []Match
}

// MatchCommitment suggests partners for a follow-up commitment, above all
// one that seeks support: the bodies whose past partnerships or published
// contributions in the process serve its objectives, or whose texts are
// close to it, ranked, with the reason, as [Service.Match] does for a
// proposal. The secretariat that manages its partnerships only. Its
// owners, co-owners and supporting partners, and the parties of the
// partnerships that already serve it, are left out.
func (s *Service) MatchCommitment(ctx context.Context, a *domain.Actor, commitmentID string) (*CommitmentMatches, error) {
	if !a.LoggedIn() {
		return nil, domain.Unauthorized()
	}
	c, err := s.db.Commitment(ctx, commitmentID)
	if err != nil {
		return nil, err
	}
	if !a.CanViewFollowUp(c.ProcessID) {
		return nil, domain.NotFound("commitment")
	}
	if !a.CanManagePartnership(c.ProcessID, c.MeetingID) {
		return nil, errNotSecretariat()
	}
	out := &CommitmentMatches{Commitment: c}
	for _, o := range c.Objectives {
		if slices.Contains(ObjectiveCodes, o) {
			out.Objectives = append(out.Objectives, o)
		}
	}
	exclude := map[string]bool{c.OwnerBodyID: true}
	for _, b := range append(slices.Clone(c.CoOwnerBodyIDs), c.PartnerBodyIDs...) {
		exclude[b] = true
	}
	serving, err := s.db.PartnershipsOfCommitment(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	for _, p := range serving {
		for _, b := range p.Parties {
			exclude[b] = true
		}
	}
	out.Matches, err = s.rank(ctx, c.ProcessID, subject{text: c.Title + "\n" + c.Text, lang: c.Lang, objectives: out.Objectives, exclude: exclude,
		skip: func(p *domain.Partnership) bool { return slices.Contains(p.Commitments, c.ID) }})
	if err != nil {
		return nil, err
	}
	return out, nil
}
