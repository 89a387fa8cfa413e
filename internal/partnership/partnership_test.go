package partnership_test

import (
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/partnership"
	"github.com/plenary-org/plenary/internal/store"
)

func TestCreateKeepsWhatWasRecorded(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	p := &domain.Partnership{ProcessID: w.process.ID, Title: " Labour mobility programme ", Purpose: "Skills partnerships along the routes.",
		Phase: domain.PhaseImplementation, Mechanism: domain.CollabProgramme, StartsOn: "2018-01-01", EndsOn: "2020-12-31",
		Parties:       []string{w.bodies["budapest"].ID, w.bodies["iom"].ID, w.bodies["budapest"].ID},
		Objectives:    []string{"O18", "O5"},
		Links:         []domain.PartnershipLink{{Title: "Memorandum", URL: "https://example.org/mou.pdf"}},
		Contributions: []string{w.data.ID}}
	if _, err := w.svc.Create(w.ctx, w.actors["secretariat"], p); err != nil {
		t.Fatal(err)
	}
	v, err := w.svc.Get(w.ctx, w.actors["observer"], p.ID)
	if err != nil {
		t.Fatal(err)
	}
	got := v.Partnership
	if got.Title != "Labour mobility programme" || got.Status != domain.PartnershipProposed || !slices.Equal(got.Objectives, []string{"O5", "O18"}) ||
		len(got.Parties) != 2 || got.Links[0].URL != "https://example.org/mou.pdf" || len(got.History) != 1 || got.History[0].ActorName != "Person secretariat" {
		t.Errorf("stored %+v", got)
	}
	if len(v.Contributions) != 1 || v.Contributions[0].ID != w.data.ID || v.Can.Manage {
		t.Errorf("the observer sees sources %v and may manage: %v", v.Contributions, v.Can.Manage)
	}
	evs, err := w.db.AuditEvents(w.ctx, store.AuditFilter{ObjectType: "partnership", ObjectID: p.ID})
	if err != nil || len(evs) != 1 || evs[0].Action != "create" || evs[0].ActorName != "Person secretariat" {
		t.Errorf("audit = %+v, %v", evs, err)
	}
}

func TestCreateRefusesBadInput(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	two := []string{w.bodies["budapest"].ID, w.bodies["iom"].ID}
	otherMeeting := &domain.Meeting{ProcessID: w.other.ID, Title: "Elsewhere"}
	if err := w.db.CreateMeetingWithAgenda(w.ctx, &domain.Agenda{Meeting: otherMeeting}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		edit  func(p *domain.Partnership)
		field string
		key   string
	}{
		{"one party", func(p *domain.Partnership) { p.Parties = two[:1] }, "parties", "partnership.error_parties"},
		{"a party that is no body", func(p *domain.Partnership) { p.Parties = append(p.Parties, "nobody") }, "parties", "partnership.error_party_unknown"},
		{"an unknown objective", func(p *domain.Partnership) { p.Objectives = []string{"O24"} }, "objectives", "partnership.error_objectives"},
		{"no title", func(p *domain.Partnership) { p.Title = "  " }, "title", "error.required"},
		{"a NUL in the purpose", func(p *domain.Partnership) { p.Purpose = "a\x00b" }, "purpose", "error.control_char"},
		{"a line break in the title", func(p *domain.Partnership) { p.Title = "a\nb" }, "title", "error.one_line"},
		{"a huge purpose", func(p *domain.Partnership) { p.Purpose = strings.Repeat("x", domain.MaxText+1) }, "purpose", "error.too_long"},
		{"an unknown phase", func(p *domain.Partnership) { p.Phase = "later" }, "phase", "partnership.error_phase"},
		{"an unknown mechanism", func(p *domain.Partnership) { p.Mechanism = "treaty" }, "mechanism", "partnership.error_mechanism"},
		{"an end before the start", func(p *domain.Partnership) { p.StartsOn, p.EndsOn = "2020-01-01", "2019-01-01" }, "ends_on", "error.date_order"},
		{"a link that is no web address", func(p *domain.Partnership) { p.Links = []domain.PartnershipLink{{URL: "javascript:alert(1)"}} }, "links", "error.link"},
		{"a contribution of another process", func(p *domain.Partnership) { p.Contributions = []string{"x"} }, "contributions", "partnership.error_contribution"},
		{"a meeting of another process", func(p *domain.Partnership) { p.MeetingID = otherMeeting.ID }, "meeting", "partnership.error_meeting"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := &domain.Partnership{ProcessID: w.process.ID, Title: "T", Purpose: "P", Phase: domain.PhasePreparation, Mechanism: domain.CollabOther, Parties: two}
			tt.edit(p)
			_, err := w.svc.Create(w.ctx, w.actors["secretariat"], p)
			var de *domain.Error
			if !errorAs(err, &de, tt.field) || de.Key != tt.key {
				t.Fatalf("Create = %v; want %s on %s", err, tt.key, tt.field)
			}
		})
	}
}

// errorAs finds the error on field in err (one error or a list).
func errorAs(err error, out **domain.Error, field string) bool {
	switch e := err.(type) {
	case *domain.Error:
		*out = e
		return e.Field == field
	case domain.Errors:
		for _, x := range e {
			if x.Field == field {
				*out = x
				return true
			}
		}
	}
	return false
}

func TestUpdateKeepsTheStatusHistoryAndRefusesStaleVersions(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	p := w.partnership(t, "Data sharing", []string{"budapest", "iom"}, "O1")
	in := partnership.UpdateInput{ID: p.ID, Version: p.Version, Title: p.Title, Purpose: p.Purpose, Phase: p.Phase, Mechanism: domain.CollabDataSharing,
		Status: domain.PartnershipAgreed, Parties: p.Parties, Objectives: []string{"O1", "O3"}, Note: "signed in Geneva"}
	got, err := w.svc.Update(w.ctx, w.actors["secretariat"], in)
	if err != nil {
		t.Fatal(err)
	}
	if got.Version != 2 || len(got.History) != 2 || got.History[1].Status != domain.PartnershipAgreed || got.History[1].Note != "signed in Geneva" {
		t.Errorf("after the update: version %d, history %+v", got.Version, got.History)
	}
	// The same form sent again is based on version 1: a conflict, not an
	// overwrite.
	if _, err := w.svc.Update(w.ctx, w.actors["secretariat"], in); code(err) != domain.ECONFLICT {
		t.Errorf("stale update = %v; want a conflict", err)
	}
	in.Version, in.Status = got.Version, domain.PartnershipProposed
	if _, err := w.svc.Update(w.ctx, w.actors["secretariat"], in); code(err) != domain.EINVALID {
		t.Errorf("agreed back to proposed = %v; want refused", err)
	}
	in.Status, in.Note = domain.PartnershipActive, "bad\x00note"
	if _, err := w.svc.Update(w.ctx, w.actors["secretariat"], in); code(err) != domain.EINVALID {
		t.Errorf("a NUL in the note = %v; want refused", err)
	}
	in.Note = ""
	got, err = w.svc.Update(w.ctx, w.actors["secretariat"], in)
	if err != nil || len(got.History) != 3 {
		t.Fatalf("agreed to active = %v, history %v", err, got)
	}
	if err := w.svc.Delete(w.ctx, w.actors["secretariat"], p.ID, 1); code(err) != domain.ECONFLICT {
		t.Errorf("stale delete = %v", err)
	}
	if err := w.svc.Delete(w.ctx, w.actors["secretariat"], p.ID, got.Version); err != nil {
		t.Fatal(err)
	}
	if _, err := w.svc.Get(w.ctx, w.actors["secretariat"], p.ID); code(err) != domain.ENOTFOUND {
		t.Errorf("deleted partnership = %v", err)
	}
}

func TestAProposalBecomesAPartnershipOnce(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	sec := w.actors["secretariat"]
	pr, err := w.svc.Propose(w.ctx, sec, w.proposal.ID)
	if err != nil {
		t.Fatal(err)
	}
	d := pr.Draft
	if d.Title != w.proposal.Title || d.Purpose != w.proposal.Text || !slices.Equal(d.Objectives, []string{"O1", "O23"}) ||
		!slices.Equal(d.Parties, []string{w.bodies["budapest"].ID}) || d.Links[0].URL != "https://example.org/observatory" || pr.Existing != nil {
		t.Errorf("draft = %+v", d)
	}
	in := partnership.MakeInput{ContributionID: w.proposal.ID, Title: d.Title, Purpose: d.Purpose, Phase: domain.PhaseImplementation, Mechanism: domain.CollabDataSharing,
		Parties: append(d.Parties, w.bodies["iom"].ID), Objectives: d.Objectives}
	p, err := w.svc.Make(w.ctx, sec, in)
	if err != nil {
		t.Fatal(err)
	}
	if p.MadeFrom != w.proposal.ID || !slices.Equal(p.Contributions, []string{w.proposal.ID}) || p.MeetingID != w.meeting.ID {
		t.Errorf("made %+v", p)
	}
	// Both ways: the contribution names the partnership made from it.
	ps, err := w.svc.OfContribution(w.ctx, w.actors["budapest"], w.proposal.ID)
	if err != nil || len(ps) != 1 || ps[0].ID != p.ID {
		t.Errorf("OfContribution = %v, %v", ps, err)
	}
	again, err := w.svc.Make(w.ctx, sec, in)
	if code(err) != domain.ECONFLICT || again == nil || again.ID != p.ID {
		t.Errorf("second Make = %v, %v; want a conflict pointing to %s", again, err, p.ID)
	}
	pr, err = w.svc.Propose(w.ctx, sec, w.proposal.ID)
	if err != nil || pr.Existing == nil || pr.Existing.ID != p.ID {
		t.Errorf("Propose after Make = %+v, %v", pr, err)
	}
	// An edit keeps the link to the proposal.
	if _, err := w.svc.Update(w.ctx, sec, partnership.UpdateInput{ID: p.ID, Version: p.Version, Title: p.Title, Purpose: p.Purpose, Phase: p.Phase,
		Mechanism: p.Mechanism, Status: p.Status, Parties: p.Parties}); err != nil {
		t.Fatal(err)
	}
	if v, err := w.svc.Get(w.ctx, sec, p.ID); err != nil || !slices.Equal(v.Partnership.Contributions, []string{w.proposal.ID}) {
		t.Errorf("after an edit without sources: %v, %v", v, err)
	}
}

func TestOnlyPublishedProposalsBecomePartnerships(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	sec := w.actors["secretariat"]
	if _, err := w.svc.Propose(w.ctx, sec, w.data.ID); code(err) != domain.EINVALID {
		t.Errorf("a good practice = %v", err)
	}
	// A draft is its author's: the secretariat does not see it.
	if _, err := w.svc.Propose(w.ctx, sec, w.draft.ID); code(err) != domain.ENOTFOUND {
		t.Errorf("a draft = %v", err)
	}
	// Under the non-attribution rule the body is not made a party.
	pr, err := w.svc.Propose(w.ctx, sec, w.hidden.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(pr.Draft.Parties) != 0 {
		t.Errorf("an unattributed proposal's draft names parties %v", pr.Draft.Parties)
	}
}

func TestTwoConfirmationsAtOnceMakeOnePartnership(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	in := partnership.MakeInput{ContributionID: w.proposal.ID, Title: "T", Purpose: "P", Phase: domain.PhaseImplementation, Mechanism: domain.CollabOther,
		Parties: []string{w.bodies["budapest"].ID, w.bodies["iom"].ID}}
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			who := "secretariat"
			if i%2 == 1 {
				who = "admin"
			}
			_, errs[i] = w.svc.Make(w.ctx, w.actors[who], in)
		}()
	}
	wg.Wait()
	made := 0
	for _, err := range errs {
		switch code(err) {
		case "":
			made++
		case domain.ECONFLICT:
		default:
			t.Errorf("Make = %v", err)
		}
	}
	ps, total, err := w.db.Partnerships(w.ctx, store.PartnershipFilter{ProcessID: w.process.ID})
	if made != 1 || total != 1 || err != nil {
		t.Errorf("%d made, %d stored (%v, %v)", made, total, ps, err)
	}
}

func TestEngagementAcrossMeetings(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.partnership(t, "Observatory", []string{"budapest", "iom"}, "O1")
	e, err := w.svc.Engagement(w.ctx, w.actors["observer"], partnership.EngagementInput{ProcessID: w.process.ID, BodyID: w.bodies["budapest"].ID})
	if err != nil {
		t.Fatal(err)
	}
	// The observer sees GRCP 7 only; the meetings come in the order held.
	if len(e.Meetings) != 1 || e.Meetings[0].Meeting.ID != w.meeting.ID || !e.Meetings[0].TookPart {
		t.Fatalf("meetings = %+v", e.Meetings)
	}
	// The published proposal counts; the draft does not.
	if len(e.Meetings[0].Contributions) != 1 || e.Totals.Partnerships != 1 || len(e.Elsewhere) != 1 {
		t.Errorf("engagement = %+v", e)
	}
	all, err := w.svc.Engagement(w.ctx, w.actors["secretariat"], partnership.EngagementInput{ProcessID: w.process.ID, BodyID: w.bodies["ecowas"].ID})
	if err != nil {
		t.Fatal(err)
	}
	if len(all.Meetings) != 2 || all.Meetings[0].Meeting.ShortName != "GRCP 7" {
		t.Fatalf("secretariat's meetings = %+v", all.Meetings)
	}
	// ECOWAS's recommendation counts; its proposal under the rule does not.
	if got := all.Meetings[0]; got.Recommendations != 1 || len(got.Contributions) != 1 {
		t.Errorf("ECOWAS at GRCP 7 = %+v", got)
	}
}

func TestPartnersByTypeAndObjective(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.partnership(t, "Observatory", []string{"budapest", "iom"}, "O1", "O23")
	w.partnership(t, "Skills", []string{"budapest", "iom", "eca"}, "O18")
	w.partnership(t, "Not Budapest's", []string{"ecowas", "eca"}, "O5")
	ps, err := w.svc.Partners(w.ctx, w.actors["chair"], partnership.EngagementInput{ProcessID: w.process.ID, BodyID: w.bodies["budapest"].ID})
	if err != nil {
		t.Fatal(err)
	}
	if ps.Partnerships != 2 || len(ps.Partners) != 2 || ps.Partners[0].Body.Acronym != "IOM" || ps.Partners[0].Partnerships != 2 ||
		!slices.Equal(ps.Partners[0].Objectives, []string{"O1", "O18", "O23"}) {
		t.Errorf("partners = %+v", ps.Partners)
	}
	if len(ps.ByKind) != 2 || ps.ByKind[0].Kind != domain.BodyUNRegionalComm || ps.ByKind[1].Partnerships != 2 {
		t.Errorf("by kind = %+v", ps.ByKind)
	}
	if len(ps.ByObjective) != 3 || ps.ByObjective[0].Code != "O1" || ps.ByObjective[1].Code != "O18" || ps.ByObjective[1].ByKind[domain.BodyUNRegionalComm] != 1 {
		t.Errorf("by objective = %+v", ps.ByObjective)
	}
}

func TestMatchSuggestsPartnersWithTheReason(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.partnership(t, "Free movement support", []string{"ecowas", "eca"}, "O5")
	m, err := w.svc.Match(w.ctx, w.actors["secretariat"], w.proposal.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(m.Objectives, []string{"O1", "O23"}) || len(m.Matches) == 0 {
		t.Fatalf("matches = %+v", m)
	}
	first := m.Matches[0]
	if first.Body.Acronym != "IOM" || !slices.Equal(first.Shared, []string{"O1"}) || first.Similar == nil || first.Similar.ID != w.data.ID {
		t.Errorf("first suggestion = %+v (similar %+v)", first, first.Similar)
	}
	for _, x := range m.Matches {
		if x.Body.ID == w.bodies["budapest"].ID {
			t.Errorf("the proposer is suggested to itself")
		}
		if x.Body.ID == w.bodies["ecowas"].ID && len(x.Shared) > 0 {
			t.Errorf("ECOWAS shares %v: its proposal under the rule must not count", x.Shared)
		}
	}
	if _, err := w.svc.Match(w.ctx, w.actors["secretariat"], w.data.ID); code(err) != domain.EINVALID {
		t.Errorf("matching a good practice = %v", err)
	}
}

func TestAPartnershipServesCommitmentsOfItsProcess(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	c := &domain.Commitment{ProcessID: w.process.ID, Title: "Open two pilot schemes", Text: "Labour pathways.", Lang: "en", OwnerBodyID: w.bodies["budapest"].ID,
		Status: domain.CommitmentStatuses[0]}
	other := &domain.Commitment{ProcessID: w.other.ID, Title: "Elsewhere", Text: "Another process.", Lang: "en", OwnerBodyID: w.bodies["iom"].ID,
		Status: domain.CommitmentStatuses[0]}
	if err := w.db.CreateCommitments(w.ctx, []*domain.Commitment{c, other}, "create"); err != nil {
		t.Fatal(err)
	}
	p := &domain.Partnership{ProcessID: w.process.ID, Title: "T", Purpose: "P", Phase: domain.PhaseImplementation, Mechanism: domain.CollabFunding,
		Parties: []string{w.bodies["budapest"].ID, w.bodies["iom"].ID}, Commitments: []string{other.ID}}
	if _, err := w.svc.Create(w.ctx, w.actors["secretariat"], p); code(err) != domain.EINVALID {
		t.Errorf("a commitment of another process = %v", err)
	}
	p.Commitments = []string{c.ID}
	if _, err := w.svc.Create(w.ctx, w.actors["secretariat"], p); err != nil {
		t.Fatal(err)
	}
	v, err := w.svc.Get(w.ctx, w.actors["observer"], p.ID)
	if err != nil || len(v.Commitments) != 1 || v.Commitments[0].Title != "Open two pilot schemes" {
		t.Errorf("Get = %+v, %v", v, err)
	}
}

// TestEngagementCountsFollowUpCommitments: the timeline lists the
// follow-up commitments a body owns, shares or supports, at the meeting
// they were made in or outside the meetings, and no one else's.
func TestEngagementCountsFollowUpCommitments(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	mk := func(title, meeting, owner string, partners ...string) *domain.Commitment {
		c := &domain.Commitment{ProcessID: w.process.ID, MeetingID: meeting, Title: title, Text: title + ".", Lang: "en",
			OwnerBodyID: w.bodies[owner].ID, Status: domain.CommitmentPlanned}
		for _, p := range partners {
			c.PartnerBodyIDs = append(c.PartnerBodyIDs, w.bodies[p].ID)
		}
		return c
	}
	cs := []*domain.Commitment{
		mk("Data observatory", w.meeting.ID, "budapest"),
		mk("Labour mobility support", "", "iom", "budapest"),
		mk("Free movement", w.meeting.ID, "ecowas"),
	}
	if err := w.db.CreateCommitments(domain.NewContextWithActor(w.ctx, w.actors["secretariat"]), cs, "create"); err != nil {
		t.Fatal(err)
	}
	e, err := w.svc.Engagement(w.ctx, w.actors["observer"], partnership.EngagementInput{ProcessID: w.process.ID, BodyID: w.bodies["budapest"].ID})
	if err != nil {
		t.Fatal(err)
	}
	if len(e.Meetings) != 1 || len(e.Meetings[0].FollowUp) != 1 || e.Meetings[0].FollowUp[0].ID != cs[0].ID {
		t.Fatalf("at GRCP 7: %+v, want the data observatory only", e.Meetings)
	}
	if len(e.FollowUpElsewhere) != 1 || e.FollowUpElsewhere[0].ID != cs[1].ID || e.Totals.FollowUp != 2 {
		t.Errorf("outside the meetings: %+v, total %d; want the labour mobility support it backs, 2 in all", e.FollowUpElsewhere, e.Totals.FollowUp)
	}
}

// TestCommitmentListsItsPartnerships: a commitment's page lists the
// partnerships that serve it, to whoever sees the process; an outsider
// is told the commitment does not exist.
func TestCommitmentListsItsPartnerships(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	c := &domain.Commitment{ProcessID: w.process.ID, Title: "Data observatory", Text: "Pool data.", Lang: "en", OwnerBodyID: w.bodies["budapest"].ID, Status: domain.CommitmentPlanned}
	if err := w.db.CreateCommitments(domain.NewContextWithActor(w.ctx, w.actors["secretariat"]), []*domain.Commitment{c}, "create"); err != nil {
		t.Fatal(err)
	}
	p := &domain.Partnership{ProcessID: w.process.ID, Title: "Observatory", Purpose: "Data.", Phase: domain.PhaseImplementation, Mechanism: domain.CollabTechnical,
		Parties: []string{w.bodies["budapest"].ID, w.bodies["iom"].ID}, Commitments: []string{c.ID}}
	if _, err := w.svc.Create(w.ctx, w.actors["secretariat"], p); err != nil {
		t.Fatal(err)
	}
	w.partnership(t, "Unrelated", []string{"ecowas", "eca"}, "O5")
	ps, err := w.svc.OfCommitment(w.ctx, w.actors["observer"], c.ID)
	if err != nil || len(ps) != 1 || ps[0].ID != p.ID {
		t.Fatalf("the observer: %v, %d partnerships", err, len(ps))
	}
	if _, err := w.svc.OfCommitment(w.ctx, w.actors["outsider"], c.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Errorf("the outsider: %v", err)
	}
	if _, err := w.svc.OfCommitment(w.ctx, nil, c.ID); domain.ErrorCode(err) != domain.EUNAUTHORIZED {
		t.Errorf("anonymous: %v", err)
	}
}

// TestMatchCommitmentThatSeeksSupport: partners are suggested for a
// follow-up commitment by the objectives their partnerships and
// contributions serve; its owner and the parties of a partnership that
// already serves it are left out; only the secretariat asks.
func TestMatchCommitmentThatSeeksSupport(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	c := &domain.Commitment{ProcessID: w.process.ID, Title: "Free movement support", Text: "Support the region's free movement protocols.", Lang: "en",
		OwnerBodyID: w.bodies["budapest"].ID, Objectives: []string{"O5"}, SeeksSupport: true, Status: domain.CommitmentPlanned}
	if err := w.db.CreateCommitments(domain.NewContextWithActor(w.ctx, w.actors["secretariat"]), []*domain.Commitment{c}, "create"); err != nil {
		t.Fatal(err)
	}
	w.partnership(t, "Free movement protocols", []string{"ecowas", "eca"}, "O5")
	m, err := w.svc.MatchCommitment(w.ctx, w.actors["secretariat"], c.ID)
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, x := range m.Matches {
		names[x.Body.ID] = true
	}
	if !names[w.bodies["ecowas"].ID] || !names[w.bodies["eca"].ID] || names[w.bodies["budapest"].ID] {
		t.Fatalf("suggested %v: want ECOWAS and ECA (they partner on O5), never the owner", m.Matches)
	}
	// Once ECA serves it through a partnership, ECA is no longer suggested.
	p := &domain.Partnership{ProcessID: w.process.ID, Title: "ECA supports it", Purpose: "Support.", Phase: domain.PhaseImplementation, Mechanism: domain.CollabTechnical,
		Parties: []string{w.bodies["budapest"].ID, w.bodies["eca"].ID}, Commitments: []string{c.ID}}
	if _, err := w.svc.Create(w.ctx, w.actors["secretariat"], p); err != nil {
		t.Fatal(err)
	}
	if m, err = w.svc.MatchCommitment(w.ctx, w.actors["secretariat"], c.ID); err != nil {
		t.Fatal(err)
	}
	for _, x := range m.Matches {
		if x.Body.ID == w.bodies["eca"].ID {
			t.Errorf("ECA is suggested although it already serves the commitment")
		}
	}
	for who, want := range map[string]string{"iom": domain.EFORBIDDEN, "observer": domain.EFORBIDDEN, "outsider": domain.ENOTFOUND} {
		if _, err := w.svc.MatchCommitment(w.ctx, w.actors[who], c.ID); domain.ErrorCode(err) != want {
			t.Errorf("%s: %v, want %s", who, err, want)
		}
	}
}
