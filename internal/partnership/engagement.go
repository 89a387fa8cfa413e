package partnership

import (
	"cmp"
	"context"
	"slices"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/store"
)

// EngagementInput names a body of a process.
type EngagementInput struct {
	ProcessID string
	BodyID    string
}

// MeetingEngagement is what a body did at one meeting.
type MeetingEngagement struct {
	Meeting  *domain.Meeting
	TookPart bool
	// Contributions are its published contributions written outside the
	// non-attribution rule.
	Contributions []*store.BodyContribution
	// Recommendations counts its recommendations: contributions of that
	// kind and the recommendations its people wrote in the breakout
	// groups (statements that keep their body).
	Recommendations int
	// Commitments counts its commitments (contributions of that kind).
	Commitments int
	// Partnerships are those made at this meeting that it is a party to.
	Partnerships []*domain.Partnership
	// FollowUp are the follow-up commitments made at this meeting that
	// it owns, shares or supports, when the actor sees the follow-up.
	FollowUp []*domain.Commitment
}

// EngagementTotals sums a body's engagement over the meetings.
type EngagementTotals struct {
	Meetings        int `json:"meetings"`
	Contributions   int `json:"contributions"`
	Recommendations int `json:"recommendations"`
	Commitments     int `json:"commitments"`
	Partnerships    int `json:"partnerships"`
	// FollowUp counts its follow-up commitments, wherever made.
	FollowUp int `json:"follow_up_commitments"`
}

// Engagement is a body's engagement across a process's meetings, in the
// order they were held: the partner engagement timeline.
type Engagement struct {
	Process  *domain.Process
	Body     *domain.Body
	Meetings []MeetingEngagement
	// Elsewhere are its partnerships recorded at the process's level, or
	// at a meeting the actor may not see.
	Elsewhere []*domain.Partnership
	// FollowUpElsewhere are its follow-up commitments made in no meeting
	// (or in one the actor may not see).
	FollowUpElsewhere []*domain.Commitment
	Totals            EngagementTotals
}

// Engagement returns what a body did across the meetings of a process the
// actor may see: whoever may see the process. What the non-attribution
// rule hides of a body is never counted.
func (s *Service) Engagement(ctx context.Context, a *domain.Actor, in EngagementInput) (*Engagement, error) {
	p, err := s.process(ctx, a, in.ProcessID)
	if err != nil {
		return nil, err
	}
	b, err := s.db.Body(ctx, in.BodyID)
	if err != nil {
		return nil, err
	}
	e := &Engagement{Process: p, Body: b}
	ms, err := s.db.Meetings(ctx, p.ID, "")
	if err != nil {
		return nil, err
	}
	slices.SortStableFunc(ms, func(x, y *domain.Meeting) int { return cmp.Compare(x.StartsOn, y.StartsOn) })
	part, err := s.db.BodyParticipation(ctx, p.ID, b.ID)
	if err != nil {
		return nil, err
	}
	cs, err := s.db.BodyContributions(ctx, p.ID, b.ID)
	if err != nil {
		return nil, err
	}
	stmts, err := s.db.BodyStatementCounts(ctx, p.ID, b.ID)
	if err != nil {
		return nil, err
	}
	ps, _, err := s.db.Partnerships(ctx, store.PartnershipFilter{ProcessID: p.ID, BodyID: b.ID, Limit: -1})
	if err != nil {
		return nil, err
	}
	if ps, err = s.visible(ctx, a, p.ID, ps); err != nil {
		return nil, err
	}
	var commitments []*domain.Commitment
	if a.CanViewFollowUp(p.ID) {
		if commitments, _, err = s.db.Commitments(ctx, store.CommitmentFilter{ProcessID: p.ID, BodyID: b.ID, Sort: "due", Limit: -1}); err != nil {
			return nil, err
		}
	}
	seen := map[string]bool{}
	for _, m := range ms {
		if !a.CanViewMeeting(p.ID, m.ID) {
			continue
		}
		me := MeetingEngagement{Meeting: m, TookPart: part.Process || part.Meetings[m.ID], Recommendations: stmts[m.ID][domain.KindRecommendation]}
		for _, c := range cs {
			if c.MeetingID != m.ID {
				continue
			}
			me.Contributions = append(me.Contributions, c)
			switch c.Kind {
			case domain.KindRecommendation:
				me.Recommendations++
			case domain.KindCommitment:
				me.Commitments++
			}
		}
		me.Commitments += stmts[m.ID][domain.KindCommitment]
		for _, pa := range ps {
			if pa.MeetingID == m.ID {
				me.Partnerships = append(me.Partnerships, pa)
				seen[pa.ID] = true
			}
		}
		for _, c := range commitments {
			if c.MeetingID == m.ID {
				me.FollowUp = append(me.FollowUp, c)
				seen[c.ID] = true
			}
		}
		e.Meetings = append(e.Meetings, me)
		if me.TookPart {
			e.Totals.Meetings++
		}
		e.Totals.Contributions += len(me.Contributions)
		e.Totals.Recommendations += me.Recommendations
		e.Totals.Commitments += me.Commitments
	}
	for _, pa := range ps {
		if !seen[pa.ID] {
			e.Elsewhere = append(e.Elsewhere, pa)
		}
	}
	for _, c := range commitments {
		if !seen[c.ID] {
			e.FollowUpElsewhere = append(e.FollowUpElsewhere, c)
		}
	}
	e.Totals.Partnerships = len(ps)
	e.Totals.FollowUp = len(commitments)
	return e, nil
}

// PartnerRow is one partner of a mechanism: the partnerships they share
// and the objectives those serve.
type PartnerRow struct {
	Body         *domain.Body
	Partnerships int
	Objectives   []string
}

// KindCount counts a mechanism's partners and partnerships by the
// partner's kind.
type KindCount struct {
	Kind         domain.BodyKind
	Partners     int
	Partnerships int
}

// ObjectiveCount counts, for one objective, the mechanism's partnerships
// that serve it by the kind of partner.
type ObjectiveCount struct {
	Code   string
	ByKind map[domain.BodyKind]int
	Total  int
}

// Partners is a mechanism's partners in a process, by type and objective.
type Partners struct {
	Process      *domain.Process
	Body         *domain.Body
	Partners     []PartnerRow
	ByKind       []KindCount
	ByObjective  []ObjectiveCount
	Partnerships int
}

// Partners returns the bodies a mechanism (or any body) partners with in a
// process, with their kinds and the objectives their partnerships serve:
// whoever may see the process.
func (s *Service) Partners(ctx context.Context, a *domain.Actor, in EngagementInput) (*Partners, error) {
	p, err := s.process(ctx, a, in.ProcessID)
	if err != nil {
		return nil, err
	}
	b, err := s.db.Body(ctx, in.BodyID)
	if err != nil {
		return nil, err
	}
	ps, _, err := s.db.Partnerships(ctx, store.PartnershipFilter{ProcessID: p.ID, BodyID: b.ID, Limit: -1})
	if err != nil {
		return nil, err
	}
	bodies, err := s.bodiesOf(ctx, ps)
	if err != nil {
		return nil, err
	}
	out := &Partners{Process: p, Body: b, Partnerships: len(ps)}
	rows := map[string]*PartnerRow{}
	kinds := map[domain.BodyKind]*KindCount{}
	objs := map[string]*ObjectiveCount{}
	for _, pa := range ps {
		kindSeen := map[domain.BodyKind]bool{}
		for _, id := range pa.Parties {
			if id == b.ID {
				continue
			}
			pb := bodies[id]
			r := rows[id]
			if r == nil {
				r = &PartnerRow{Body: pb}
				rows[id] = r
				if kinds[pb.Kind] == nil {
					kinds[pb.Kind] = &KindCount{Kind: pb.Kind}
				}
				kinds[pb.Kind].Partners++
			}
			r.Partnerships++
			for _, o := range pa.Objectives {
				if !slices.Contains(r.Objectives, o) {
					r.Objectives = append(r.Objectives, o)
				}
			}
			if !kindSeen[pb.Kind] {
				kindSeen[pb.Kind] = true
				kinds[pb.Kind].Partnerships++
				for _, o := range pa.Objectives {
					if objs[o] == nil {
						objs[o] = &ObjectiveCount{Code: o, ByKind: map[domain.BodyKind]int{}}
					}
					objs[o].ByKind[pb.Kind]++
				}
			}
		}
		for _, o := range pa.Objectives {
			if objs[o] != nil {
				objs[o].Total++
			}
		}
	}
	for _, r := range rows {
		slices.SortFunc(r.Objectives, func(x, y string) int { return slices.Index(ObjectiveCodes, x) - slices.Index(ObjectiveCodes, y) })
		out.Partners = append(out.Partners, *r)
	}
	slices.SortFunc(out.Partners, func(x, y PartnerRow) int {
		return cmp.Or(y.Partnerships-x.Partnerships, cmp.Compare(x.Body.Name, y.Body.Name))
	})
	for _, k := range domain.BodyKinds {
		if kinds[k] != nil {
			out.ByKind = append(out.ByKind, *kinds[k])
		}
	}
	for _, code := range ObjectiveCodes {
		if objs[code] != nil {
			out.ByObjective = append(out.ByObjective, *objs[code])
		}
	}
	return out, nil
}

// Profile is a body's page in a process: its engagement over time and its
// partners by type and objective.
type Profile struct {
	*Engagement
	Partners *Partners
}

// Profile returns a body's engagement and partners in a process: whoever
// may see the process.
func (s *Service) Profile(ctx context.Context, a *domain.Actor, in EngagementInput) (*Profile, error) {
	e, err := s.Engagement(ctx, a, in)
	if err != nil {
		return nil, err
	}
	ps, err := s.Partners(ctx, a, in)
	if err != nil {
		return nil, err
	}
	return &Profile{Engagement: e, Partners: ps}, nil
}
