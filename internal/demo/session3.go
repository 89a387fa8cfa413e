package demo

import (
	"context"
	"fmt"
	"strings"

	"github.com/plenary-org/plenary/internal/deliberation"
	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/rank"
	"github.com/plenary-org/plenary/internal/store"
)

// Session 3 of GRCP 7 discusses the role of the mechanisms and their
// partners in GCM follow-up and review. The seed agenda imports its two
// parts as discussions; the demo runs them in breakout groups, as session
// 2 is run, so that their statements are voted on, ranked, reported and
// brought to the plenary:
//
//   - "GCM Follow up discussion" ranks follow-up mechanisms (the part's
//     candidates are follow_up_mechanism statements), in two groups: the
//     inter-regional and global processes, which submit their report, and
//     Asia and the Pacific, whose five stay provisional;
//   - "Partner engagement discussion" ranks recommendations and
//     commitments, most of them the partners' own, in the inter-regional
//     and global group.
//
// The Africa and Americas groups are left to session 2: the live analysis
// is per group's conversation, and their session 2 counts stay those of
// session 2 alone.

// Titles of the session 3 parts in the seed agenda.
const (
	s3FollowUpPart = "GCM Follow up discussion"
	s3PartnerPart  = "Partner engagement discussion"
)

// Indexes in the groups list.
const (
	s3Asia   = 2
	s3Global = 5
)

type s3Person struct {
	key, email, name string
	role             domain.Role
	body             string // a body's label
	group            int
}

var s3People = []s3Person{
	{"ravi", "rapporteur3@demo.plenary.local", "Ravi Rapporteur", domain.RoleRapporteur, "GFMD", s3Global},
	{"grace", "delegate4@demo.plenary.local", "Grace Delegate", domain.RoleDelegate, "IDM", s3Global},
	{"paula", "partner2@demo.plenary.local", "Paula Partner", domain.RolePartner, "IOM", s3Global},
	{"nadia", "partner3@demo.plenary.local", "Nadia Partner", domain.RolePartner, "Migrant Rights Network (demo)", s3Global},
	{"boris", "partner4@demo.plenary.local", "Boris Partner", domain.RolePartner, "Fair Recruitment Business Alliance (demo)", s3Global},
	{"aiko", "rapporteur4@demo.plenary.local", "Aiko Rapporteur", domain.RoleRapporteur, "Colombo Process", s3Asia},
	{"tariq", "delegate5@demo.plenary.local", "Tariq Delegate", domain.RoleDelegate, "ADD", s3Asia},
	{"suda", "partner5@demo.plenary.local", "Suda Partner", domain.RolePartner, "ESCAP", s3Asia},
}

// s3Statement is a statement of session 3: who writes it, in which part
// and group, and how each member of the group votes on it ("a" agree, "d"
// disagree, "p" pass, in the group's order of s3People).
type s3Statement struct {
	key   string
	part  string
	group int
	by    string
	kind  domain.ContributionKind
	text  string
	votes string
}

var s3Statements = []s3Statement{
	// Follow-up mechanisms, inter-regional and global processes (ravi,
	// grace, paula, nadia, boris).
	{"gfmd-review", s3FollowUpPart, s3Global, "ravi", domain.KindFollowUp,
		"Review GCM implementation every two years at the Global Forum on Migration and Development, drawing on the regional reviews.", "aaaap"},
	{"regional-review", s3FollowUpPart, s3Global, "grace", domain.KindFollowUp,
		"Let each regional consultative process hold a yearly regional review of GCM implementation and report to the global review.", "aaaaa"},
	{"progress-report", s3FollowUpPart, s3Global, "paula", domain.KindFollowUp,
		"Have the UN regional commissions and partner agencies compile the regional reviews into one global progress report.", "paaad"},
	{"civil-society-seat", s3FollowUpPart, s3Global, "nadia", domain.KindFollowUp,
		"Give civil society and migrant organisations a seat in every regional review of the GCM.", "dpaaa"},
	{"recruitment-indicators", s3FollowUpPart, s3Global, "boris", domain.KindFollowUp,
		"Report employers' fair recruitment commitments through the regional reviews, with shared indicators.", "ddaap"},
	// Follow-up mechanisms, Asia and the Pacific (aiko, tariq, suda).
	{"asia-regional-review", s3FollowUpPart, s3Asia, "aiko", domain.KindFollowUp,
		"Hold a yearly regional review of GCM implementation in the Colombo Process and the Abu Dhabi Dialogue.", "aaa"},
	{"asia-gfmd", s3FollowUpPart, s3Asia, "tariq", domain.KindFollowUp,
		"Report progress on the GCM objectives to the Global Forum on Migration and Development every two years.", "apa"},
	{"asia-regional-report", s3FollowUpPart, s3Asia, "suda", domain.KindFollowUp,
		"Let the UN regional commission compile the regional reviews of Asia and the Pacific into a regional progress report.", "daa"},
	// Partners' recommendations and commitments, inter-regional and
	// global processes.
	{"data-capacity", s3PartnerPart, s3Global, "paula", domain.KindRecommendation,
		"Build migration data capacity in national statistics offices, with UN support, before the first review of the GCM.", "aaaaa"},
	{"local-authorities", s3PartnerPart, s3Global, "nadia", domain.KindCommitment,
		"Partner NGOs commit to train local authorities on migrants' access to basic services in ten countries by 2020.", "apaaa"},
	{"no-fees", s3PartnerPart, s3Global, "boris", domain.KindCommitment,
		"Member businesses commit to charge no recruitment fees to migrant workers from 2019.", "adaaa"},
	{"invite-partners", s3PartnerPart, s3Global, "ravi", domain.KindRecommendation,
		"Invite partners to every meeting of the consultative processes on GCM implementation.", "aaaap"},
	{"pledge-template", s3PartnerPart, s3Global, "grace", domain.KindRecommendation,
		"Agree a common template for partners' pledges, so that the review can follow them.", "aadpa"},
	{"secretariat-advisers", s3PartnerPart, s3Global, "paula", domain.KindCommitment,
		"Second a migration policy adviser to the secretariat of each regional consultative process.", "pdaad"},
}

// s3Ballots are the members' rankings, by statement key, best first.
var s3Ballots = []struct {
	part, who string
	order     []string
}{
	{s3FollowUpPart, "ravi", []string{"gfmd-review", "regional-review", "progress-report", "civil-society-seat", "recruitment-indicators"}},
	{s3FollowUpPart, "grace", []string{"regional-review", "gfmd-review", "civil-society-seat", "progress-report", "recruitment-indicators"}},
	{s3FollowUpPart, "paula", []string{"progress-report", "regional-review", "gfmd-review", "recruitment-indicators", "civil-society-seat"}},
	{s3FollowUpPart, "nadia", []string{"civil-society-seat", "regional-review", "progress-report", "gfmd-review", "recruitment-indicators"}},
	{s3FollowUpPart, "boris", []string{"regional-review", "recruitment-indicators", "progress-report", "gfmd-review", "civil-society-seat"}},
	{s3FollowUpPart, "aiko", []string{"asia-regional-review", "asia-gfmd", "asia-regional-report"}},
	{s3FollowUpPart, "tariq", []string{"asia-gfmd", "asia-regional-review", "asia-regional-report"}},
	{s3FollowUpPart, "suda", []string{"asia-regional-review", "asia-regional-report", "asia-gfmd"}},
	{s3PartnerPart, "ravi", []string{"invite-partners", "data-capacity", "pledge-template", "local-authorities", "no-fees", "secretariat-advisers"}},
	{s3PartnerPart, "grace", []string{"pledge-template", "data-capacity", "invite-partners", "no-fees", "local-authorities", "secretariat-advisers"}},
	{s3PartnerPart, "paula", []string{"data-capacity", "secretariat-advisers", "no-fees", "local-authorities", "invite-partners", "pledge-template"}},
	{s3PartnerPart, "nadia", []string{"local-authorities", "data-capacity", "no-fees", "invite-partners", "pledge-template", "secretariat-advisers"}},
	{s3PartnerPart, "boris", []string{"no-fees", "data-capacity", "invite-partners", "local-authorities", "pledge-template", "secretariat-advisers"}},
}

// loadSession3 runs session 3's two parts in breakout groups: it turns
// them into breakout parts, has the follow-up part rank follow-up
// mechanisms, gives two groups members, statements, votes and ballots,
// and submits the global group's follow-up report.
func loadSession3(ctx context.Context, db *store.DB, meetingID, processID string, gs []*domain.Group, bodies map[string]*domain.Body,
	mk func(email, name string, admin bool) (*domain.User, error), res *Result) error {
	ag, err := db.Agenda(ctx, meetingID)
	if err != nil {
		return err
	}
	parts := map[string]*domain.Part{}
	for _, sn := range ag.Sessions {
		if sn.Number != 3 {
			continue
		}
		for _, pn := range sn.Parts {
			for _, title := range []string{s3FollowUpPart, s3PartnerPart} {
				if strings.EqualFold(pn.Title, title) {
					p := pn.Part
					p.Kind = domain.PartBreakout
					if err := db.UpdatePart(ctx, &p); err != nil {
						return fmt.Errorf("demo: session 3 part %q: %w", title, err)
					}
					parts[title] = &p
				}
			}
		}
	}
	if len(parts) != 2 {
		return fmt.Errorf("demo: the seed agenda's session 3 has %d of its two parts", len(parts))
	}
	set := store.DefaultRankingSettings(parts[s3FollowUpPart].ID)
	set.Candidates = store.CandidatesFollowUp
	if err := db.PutRankingSettings(ctx, set); err != nil {
		return fmt.Errorf("demo: session 3 ranking settings: %w", err)
	}

	users := map[string]*domain.User{}
	members := map[int][]string{} // group index -> member keys, in order
	for _, p := range s3People {
		b, ok := bodies[p.body]
		if !ok {
			return fmt.Errorf("demo: no body %q", p.body)
		}
		u, err := mk(p.email, p.name, false)
		if err != nil {
			return err
		}
		m := &domain.Membership{UserID: u.ID, ProcessID: processID, MeetingID: meetingID, Role: p.role, BodyID: b.ID, GroupID: gs[p.group].ID}
		if err := db.AddMembership(ctx, m); err != nil {
			return fmt.Errorf("demo: role of %s: %w", p.email, err)
		}
		users[p.key] = u
		members[p.group] = append(members[p.group], p.key)
		res.Logins = append(res.Logins, Login{p.email, string(p.role)})
	}

	byKey := map[string]s3Person{}
	for _, p := range s3People {
		byKey[p.key] = p
	}
	ids := map[string]string{}
	vw := db.NewVoteWriter(store.VoteWriterOptions{})
	defer vw.Close()
	for _, s := range s3Statements {
		author := byKey[s.by]
		st := &domain.Statement{MeetingID: meetingID, PartID: parts[s.part].ID, GroupID: gs[s.group].ID, Kind: s.kind, Text: s.text, Lang: "en",
			AuthorID: users[s.by].ID, BodyID: bodies[author.body].ID, ByPartner: author.role == domain.RolePartner}
		if err := db.CreateStatement(ctx, st); err != nil {
			return fmt.Errorf("demo: statement %s: %w", s.key, err)
		}
		ids[s.key] = st.ID
		voters := members[s.group]
		if len(s.votes) != len(voters) {
			return fmt.Errorf("demo: statement %s has %d votes for %d members", s.key, len(s.votes), len(voters))
		}
		for i, c := range s.votes {
			v := map[rune]int{'a': domain.Agree, 'd': domain.Disagree, 'p': domain.Pass}[c]
			if err := vw.Vote(ctx, domain.Vote{StatementID: st.ID, UserID: users[voters[i]].ID, Value: v, MeetingID: meetingID, GroupID: st.GroupID}); err != nil {
				return fmt.Errorf("demo: vote on %s: %w", s.key, err)
			}
		}
	}
	for _, b := range s3Ballots {
		p := byKey[b.who]
		var ranks [][]string
		for _, k := range b.order {
			ranks = append(ranks, []string{ids[k]})
		}
		bal := &store.Ballot{MeetingID: meetingID, GroupID: gs[p.group].ID, PartID: parts[b.part].ID, UserID: users[b.who].ID, Method: rank.Schulze, Ranks: ranks}
		if err := db.PutBallot(ctx, bal, deliberation.CheckBallot); err != nil {
			return fmt.Errorf("demo: ballot of %s: %w", b.who, err)
		}
	}
	r := &store.Report{MeetingID: meetingID, GroupID: gs[s3Global].ID, PartID: parts[s3FollowUpPart].ID, Lang: "en",
		Texts: map[string]store.ReportText{"en": {
			FollowUp: "The Global Forum on Migration and Development reviews GCM implementation every two years, on the basis of yearly regional reviews held by the regional consultative processes with their partners.",
			RCPRole:  "RCPs hold the regional reviews, keep the record of their states' and partners' pledges and report to the global review.",
		}}}
	if err := db.SaveReport(ctx, r); err != nil {
		return fmt.Errorf("demo: session 3 report: %w", err)
	}
	if _, err := db.SubmitReport(ctx, r.GroupID, r.PartID, r.Version, deliberation.Freeze); err != nil {
		return fmt.Errorf("demo: session 3 report: %w", err)
	}
	return nil
}
