package demo

import (
	"context"
	"fmt"
	"slices"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/partnership"
	"github.com/plenary-org/plenary/internal/store"
)

// The registry's partnerships among the demo's bodies (docs/REGISTRY.md).
// Every one is demonstration content: the bodies are real, these
// partnerships between them are invented to show the registry. One of
// GRCP 7's partnership proposals is made into a partnership by the
// secretariat; the others are left for a visitor to turn.

type demoPartnership struct {
	title, purpose string
	parties        []string // body labels
	objectives     []string
	phase          domain.PartnershipPhase
	mechanism      domain.Collaboration
	meeting        string // "grcp6", "grcp7" or "" (the process's level)
	startsOn       string
	endsOn         string
	// steps are the statuses it went through after proposed, each with
	// its note.
	steps [][2]string
	links []domain.PartnershipLink
}

var demoPartnerships = []demoPartnership{
	{"Shared portal of labour migration data (demo)", "Countries of origin and of destination pool their data on labour migration along the Asia–Gulf corridor in one portal, with IOM's help, so that both ends read the same figures.",
		[]string{"Colombo Process", "ADD", "IOM"}, []string{"O1", "O6"}, domain.PhaseImplementation, domain.CollabDataSharing, "grcp6", "2016-03-01", "",
		[][2]string{{"agreed", "Terms of reference adopted at the senior officials' meeting."}, {"active", "The portal opened."}},
		[]domain.PartnershipLink{{Title: "Terms of reference (demo)", URL: "https://example.org/demo/portal-tor.pdf"}}},
	{"Support to the free movement protocols (demo)", "The Migration Dialogue for West Africa, ECOWAS and the Economic Commission for Africa help Member States put the free movement protocols into practice at the borders.",
		[]string{"MIDWA", "ECOWAS", "ECA"}, []string{"O5", "O11", "O23"}, domain.PhaseImplementation, domain.CollabTechnical, "grcp6", "2016-06-01", "",
		[][2]string{{"agreed", ""}, {"active", ""}}, nil},
	{"Exchange on return and reintegration between processes (demo)", "Two annual joint meetings of the Budapest, Prague and Rabat processes on sustainable reintegration, with shared conclusions.",
		[]string{"Budapest Process", "Prague Process", "Rabat Process (Euro-African Dialogue on Migration and Development)"}, []string{"O21", "O23"},
		domain.PhaseFollowUp, domain.CollabJointMeeting, "", "2016-01-01", "2018-12-31",
		[][2]string{{"agreed", ""}, {"active", ""}, {"ended", "The two years foreseen are over; a follow-up is discussed."}}, nil},
	{"Fair recruitment pilot (demo)", "Employers, the Abu Dhabi Dialogue and the Philippines test recruitment without fees for workers on two corridors.",
		[]string{"ADD", "Fair Recruitment Business Alliance (demo)", "Republic of the Philippines"}, []string{"O6"}, domain.PhaseImplementation, domain.CollabProgramme, "grcp7", "", "",
		nil, nil},
	{"Regional review of the Global Compact with ESCAP (demo)", "The Bali Process and the Colombo Process prepare the Asia-Pacific regional review of the Global Compact with the Economic and Social Commission for Asia and the Pacific.",
		[]string{"Bali Process on People Smuggling, Trafficking in Persons and Related Transnational Crime", "Colombo Process", "ESCAP"}, []string{"O23"},
		domain.PhaseFollowUp, domain.CollabMoU, "grcp7", "2020-01-01", "",
		[][2]string{{"agreed", "Memorandum signed."}}, nil},
	{"Migrant organisations in the Puebla Process (demo)", "A fund lets migrant and diaspora organisations take part in the Regional Conference on Migration's working groups, with ECLAC's analysis.",
		[]string{"RCM", "Migrant Rights Network (demo)", "ECLAC"}, []string{"O15", "O16", "O19"}, domain.PhaseImplementation, domain.CollabFunding, "grcp6", "2017-01-01", "",
		[][2]string{{"agreed", ""}, {"active", ""}}, nil},
}

// loadPartnerships records the demo's partnerships as the secretariat, and
// makes the first of GRCP 7's published partnership proposals (by title)
// into a partnership with ECA and ESCAP; the others are left to turn. It
// returns the proposal made into one.
func loadPartnerships(ctx context.Context, db *store.DB, processID, grcp7ID, grcp6ID string, bodies map[string]*domain.Body) (string, error) {
	sec, err := actorFor(ctx, db, fuSecretariat)
	if err != nil {
		return "", err
	}
	svc := partnership.New(db, nil)
	meetings := map[string]string{"grcp6": grcp6ID, "grcp7": grcp7ID}
	for i, dp := range demoPartnerships {
		p := &domain.Partnership{ProcessID: processID, MeetingID: meetings[dp.meeting], Title: dp.title, Purpose: dp.purpose, Phase: dp.phase, Mechanism: dp.mechanism,
			StartsOn: dp.startsOn, EndsOn: dp.endsOn, Objectives: dp.objectives, Links: dp.links, Demo: true}
		for _, l := range dp.parties {
			b, ok := bodies[l]
			if !ok {
				return "", fmt.Errorf("demo: partnership %q: no body %q", dp.title, l)
			}
			p.Parties = append(p.Parties, b.ID)
		}
		if _, err := svc.Create(ctx, sec, p); err != nil {
			return "", fmt.Errorf("demo: partnership %q: %w", dp.title, err)
		}
		for _, st := range dp.steps {
			if p, err = svc.Update(ctx, sec, partnership.UpdateInput{ID: p.ID, Version: p.Version, Title: p.Title, Purpose: p.Purpose, Phase: p.Phase,
				Mechanism: p.Mechanism, Status: domain.PartnershipStatus(st[0]), StartsOn: p.StartsOn, EndsOn: p.EndsOn, Parties: p.Parties,
				Objectives: p.Objectives, Links: p.Links, Contributions: p.Contributions, Note: st[1]}); err != nil {
				return "", fmt.Errorf("demo: partnership %q: %w", dp.title, err)
			}
		}
		if i == 0 {
			// A document beside the links, so that the page shows one.
			text := "DEMONSTRATION CONTENT: not a real agreement.\n\nMemorandum of understanding\n" + dp.title + "\n\n" + dp.purpose + "\n"
			if _, err := svc.Attach(ctx, sec, partnership.AttachInput{PartnershipID: p.ID, Name: "memorandum-of-understanding-demonstration.txt", Data: []byte(text)}); err != nil {
				return "", fmt.Errorf("demo: partnership %q: document: %w", dp.title, err)
			}
		}
	}
	ids, err := db.ContributionIDs(ctx, store.ContributionFilter{MeetingIDs: []string{grcp7ID}, Statuses: []domain.Status{domain.StatusPublished},
		Kinds: []domain.ContributionKind{domain.KindPartnership}})
	if err != nil {
		return "", err
	}
	cs, err := db.ContributionsByID(ctx, ids)
	if err != nil {
		return "", err
	}
	cs = slices.DeleteFunc(cs, func(c *domain.Contribution) bool { return c.BodyID == "" || c.Unattributed })
	if len(cs) < 2 {
		return "", fmt.Errorf("demo: GRCP 7 has %d attributed partnership proposals; want one to make into a partnership and one to leave", len(cs))
	}
	slices.SortFunc(cs, func(a, b *domain.Contribution) int {
		if a.Title != b.Title {
			if a.Title < b.Title {
				return -1
			}
			return 1
		}
		return 0
	})
	pr, err := svc.Propose(ctx, sec, cs[0].ID)
	if err != nil {
		return "", fmt.Errorf("demo: partnership from %q: %w", cs[0].Title, err)
	}
	d := pr.Draft
	parties := d.Parties
	for _, l := range []string{"ECA", "ESCAP"} {
		if !slices.Contains(parties, bodies[l].ID) {
			parties = append(parties, bodies[l].ID)
		}
	}
	made, err := svc.Make(ctx, sec, partnership.MakeInput{ContributionID: cs[0].ID, Title: d.Title, Purpose: d.Purpose, Phase: domain.PhaseFollowUp,
		Mechanism: domain.CollabJointMeeting, StartsOn: "2018-01-01", Parties: parties, Objectives: d.Objectives})
	if err != nil {
		return "", fmt.Errorf("demo: partnership from %q: %w", cs[0].Title, err)
	}
	if _, err := svc.Update(ctx, sec, partnership.UpdateInput{ID: made.ID, Version: made.Version, Title: made.Title, Purpose: made.Purpose, Phase: made.Phase,
		Mechanism: made.Mechanism, Status: domain.PartnershipAgreed, StartsOn: made.StartsOn, Parties: made.Parties, Objectives: made.Objectives,
		Contributions: made.Contributions, Note: "Agreed at GRCP 7 (demonstration)."}); err != nil {
		return "", fmt.Errorf("demo: partnership from %q: %w", cs[0].Title, err)
	}
	return cs[0].ID, nil
}
