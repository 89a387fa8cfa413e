package demo

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/followup"
)

// TestDemoFollowUp checks the demo's follow-up as the secretariat and the
// owners see it: commitments from GRCP 6's recommendations, from GRCP 7's
// contributions (found from both ends) and entered directly, each marked
// as demonstration content, in every status, some late; each owned by a
// body that a demo account reports for; indicators with a baseline and a
// target whose source says the values are invented.
func TestDemoFollowUp(t *testing.T) {
	db, res, _, _ := loadDemo(t)
	ctx := context.Background()
	svc := followup.New(db)
	sec, err := actorFor(ctx, db, fuSecretariat)
	if err != nil {
		t.Fatal(err)
	}
	m, err := db.Meeting(ctx, res.MeetingID)
	if err != nil {
		t.Fatal(err)
	}
	l, err := svc.List(ctx, sec, followup.ListInput{ProcessID: m.ProcessID, Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	if l.Total != len(fuCommitments) || len(l.Commitments) != len(fuCommitments) {
		t.Fatalf("%d commitments (%d listed), want %d", l.Total, len(l.Commitments), len(fuCommitments))
	}

	t.Run("statuses", func(t *testing.T) {
		n := map[domain.CommitmentStatus]int{}
		for _, c := range l.Commitments {
			n[c.Status]++
			if !c.Demo {
				t.Errorf("%q is not marked as demonstration content", c.Title)
			}
			if c.Status != domain.CommitmentPlanned && len(c.History) < 2 {
				t.Errorf("%q is %s with a history of %d changes", c.Title, c.Status, len(c.History))
			}
		}
		for _, s := range domain.CommitmentStatuses {
			if n[s] == 0 {
				t.Errorf("no commitment is %s: %v", s, n)
			}
		}
		if len(l.Late) == 0 {
			t.Error("no commitment is past its due date: the list shows no late one")
		}
	})

	t.Run("provenance", func(t *testing.T) {
		var fromRec, fromContrib, direct int
		for _, c := range l.Commitments {
			switch {
			case len(c.Recommendations) > 0:
				fromRec++
				if c.MeetingID != res.EarlierMeetingID {
					t.Errorf("%q answers GRCP 6 but is made at meeting %s", c.Title, c.MeetingID)
				}
			case len(c.ContributionIDs) > 0:
				fromContrib++
				got, err := svc.OfContribution(ctx, sec, c.ContributionIDs[0])
				if err != nil {
					t.Fatal(err)
				}
				if !slices.ContainsFunc(got, func(o *domain.Commitment) bool { return o.ID == c.ID }) {
					t.Errorf("contribution %s does not show %q as made from it", c.ContributionIDs[0], c.Title)
				}
			default:
				direct++
			}
		}
		if fromRec < 3 || fromContrib < 3 || direct < 2 {
			t.Errorf("%d from recommendations, %d from contributions, %d entered directly; want some of each", fromRec, fromContrib, direct)
		}
		recs, err := svc.Recommendations(ctx, sec, res.EarlierMeetingID)
		if err != nil {
			t.Fatal(err)
		}
		answered := 0
		for _, r := range recs.Recommendations {
			if len(r.Commitments) > 0 {
				answered++
			}
		}
		if answered != fromRec {
			t.Errorf("GRCP 6's recommendations page shows %d answered, want %d", answered, fromRec)
		}
	})

	t.Run("owners report", func(t *testing.T) {
		var actors []*domain.Actor
		for _, lg := range res.Logins {
			if lg.Role == string(domain.RoleDelegate) || lg.Role == string(domain.RolePartner) {
				a, err := actorFor(ctx, db, lg.Email)
				if err != nil {
					t.Fatal(err)
				}
				actors = append(actors, a)
			}
		}
		for _, c := range l.Commitments {
			if !slices.ContainsFunc(actors, func(a *domain.Actor) bool { return a.CanReportProgress(c) }) {
				t.Errorf("no demo account reports on %q (owner %s)", c.Title, l.Bodies[c.OwnerBodyID].Label())
			}
		}
	})

	t.Run("indicators", func(t *testing.T) {
		n := 0
		for _, c := range l.Commitments {
			v, err := svc.Get(ctx, sec, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			for _, ind := range v.Indicators {
				n++
				if !ind.Demo || !strings.HasPrefix(ind.Source, fuDemoSource) {
					t.Errorf("%q: indicator %q is not marked as demonstration values (source %q)", c.Title, ind.Name, ind.Source)
				}
				if ind.Baseline == nil || ind.Target == nil {
					t.Errorf("%q: indicator %q has no baseline or target", c.Title, ind.Name)
				}
			}
		}
		if n < 10 {
			t.Errorf("%d indicators, want 10 or more", n)
		}
	})
}
