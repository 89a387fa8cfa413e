package demo

import (
	"context"
	_ "embed"
	"fmt"
	"slices"
	"time"

	"github.com/plenary-org/plenary/internal/agenda"
	"github.com/plenary-org/plenary/internal/deliberation"
	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/locale"
	"github.com/plenary-org/plenary/internal/outcome"
	"github.com/plenary-org/plenary/internal/rank"
	"github.com/plenary-org/plenary/internal/store"
	"github.com/plenary-org/plenary/internal/synthesis"
	"github.com/plenary-org/plenary/internal/themes"
)

// GRCP 6 (demonstration) is a completed earlier meeting of the demo's
// process, invented and marked as such in its name and agenda, whose
// outcome document is adopted and published in the six languages, so that
// a visitor sees the end product at once while GRCP 7 stays open to try.
// It is made as people make one, through the use cases: three regional
// breakout groups write, vote on and rank statements and submit their
// reports; the chair draws overall recommendations from the plenary's
// themes, the groups rank them and the chair confirms them; the
// secretariat drafts the outcome document (version 1) and edits it
// (version 2); four delegations amend it, one supports another's, the
// chair decides each (accepted, accepted with changes, rejected, accepted)
// and the secretariat closes the round (version 3); the chair adopts it,
// the secretariat puts its translations (grcp6_translations.go) and
// publishes it.

//go:embed data/grcp6-agenda.md
var grcp6Agenda []byte

// grcp6ShortName is the earlier meeting's name, which says it is invented.
const grcp6ShortName = "GRCP 6 (demonstration)"

// grcp6Groups are the earlier meeting's breakout groups.
var grcp6Groups = []struct{ name, region string }{
	{"Africa", "Africa"},
	{"Americas and the Caribbean", "Americas"},
	{"Asia and the Pacific", "Asia and the Pacific"},
}

// g6Member is a demo account (made for GRCP 7) who took part in GRCP 6,
// for the same body.
type g6Member struct {
	key, email string
	role       domain.Role
	body       string // a body's label
	group      int    // index in grcp6Groups
}

var g6Members = []g6Member{
	{"rania", "rapporteur@demo.plenary.local", domain.RoleRapporteur, "MIDWA", 0},
	{"fatou", "delegate2@demo.plenary.local", domain.RoleDelegate, "MIDSA", 0},
	{"pierre", "partner@demo.plenary.local", domain.RolePartner, "ECA", 0},
	{"rafael", "rapporteur2@demo.plenary.local", domain.RoleRapporteur, "SACM", 1},
	{"dmitri", "delegate@demo.plenary.local", domain.RoleDelegate, "RCM", 1},
	{"carmen", "delegate3@demo.plenary.local", domain.RoleDelegate, "CMC", 1},
	{"aiko", "rapporteur4@demo.plenary.local", domain.RoleRapporteur, "Colombo Process", 2},
	{"tariq", "delegate5@demo.plenary.local", domain.RoleDelegate, "ADD", 2},
	{"suda", "partner5@demo.plenary.local", domain.RolePartner, "ESCAP", 2},
}

// g6Statement is a statement of a group, and how its three members vote
// on it ("a" agree, "d" disagree, "p" pass, in g6Members' order).
type g6Statement struct {
	key, by, text, votes string
}

var g6Statements = []g6Statement{
	{"af-pathways", "rania", "Open more regular pathways for labour migration between the countries of Africa and to other regions.", "aaa"},
	{"af-data", "fatou", "Build the capacity of national statistics offices to collect and share migration data.", "aap"},
	{"af-remittances", "pierre", "Make remittance transfers cheaper and safer through digital payment services.", "paa"},
	{"am-pathways", "rafael", "Expand regular pathways for labour migration between the countries of the region.", "aaa"},
	{"am-missing", "dmitri", "Protect migrants in transit and search for missing migrants across borders.", "aaa"},
	{"am-disasters", "carmen", "Prepare for displacement caused by hurricanes and other disasters in the Caribbean.", "pda"},
	{"as-fees", "aiko", "End recruitment fees charged to migrant workers and regulate recruitment agencies.", "aaa"},
	{"as-pathways", "tariq", "Open regular pathways for labour migration with recognition of skills between countries of origin and destination.", "aap"},
	{"as-data", "suda", "Build the capacity of statistics offices to share comparable migration data across the region.", "apa"},
}

// g6Ballots are the members' rankings of their group's statements, best
// first.
var g6Ballots = map[string][]string{
	"rania":  {"af-pathways", "af-data", "af-remittances"},
	"fatou":  {"af-data", "af-pathways", "af-remittances"},
	"pierre": {"af-pathways", "af-remittances", "af-data"},
	"rafael": {"am-pathways", "am-missing", "am-disasters"},
	"dmitri": {"am-missing", "am-pathways", "am-disasters"},
	"carmen": {"am-pathways", "am-disasters", "am-missing"},
	"aiko":   {"as-fees", "as-pathways", "as-data"},
	"tariq":  {"as-pathways", "as-fees", "as-data"},
	"suda":   {"as-fees", "as-data", "as-pathways"},
}

// g6Reports are the groups' reports, written by each group's rapporteur:
// the breakout part asks no guiding question of its own (its agenda gives
// it an objective only), so its report form asks the regional follow-up
// mechanisms and the role of RCPs, which the outcome document's draft
// gives for each group, with the points of general agreement and of
// disagreement.
var g6Reports = []struct{ by, followUp, rcpRole, agreement, disagreement string }{
	{"rania", "a yearly review of the compact in each regional economic community, prepared with the Economic Commission for Africa.",
		"RCPs bring the national migration authorities together and report the region's progress to the global review.",
		"Labour mobility within Africa and to other regions needs more regular pathways, and better data to plan them.",
		"Whether digital payment services alone can lower the cost of remittances."},
	{"rafael", "the Regional Conference on Migration and the South American Conference on Migration report on the compact at their yearly meetings.",
		"RCPs share practices between countries of origin, transit and destination and train the officials who apply them.",
		"Migrants in transit need protection, whatever their status.",
		"Whether displacement caused by disasters belongs in a compact on migration."},
	{"aiko", "a review every two years in the Colombo Process and the Abu Dhabi Dialogue, with the regional commission.",
		"RCPs hold the dialogue between countries of origin and destination on labour migration.",
		"Migrant workers should not pay recruitment fees.",
		"How far countries of destination should recognise skills acquired in countries of origin."},
}

// g6Overall are the overall recommendations the chair draws from the
// plenary's themes: the theme (named by one of its statements), the label
// the chair gives it, and the recommendation as the chair words it.
var g6Overall = []struct{ statement, label, text string }{
	{"af-pathways", "Regular pathways for labour migration",
		"Expand regular pathways for labour migration, within regions and between them, with recognition of migrants' skills."},
	{"af-data", "Migration data",
		"Invest in the capacity of national statistics offices to collect, compare and share migration data."},
	{"as-fees", "Fair recruitment",
		"Protect migrant workers from recruitment fees and regulate recruitment agencies."},
}

// g6OverallBallots rank the overall recommendations (by index in
// g6Overall), best first, for each member.
var g6OverallBallots = map[string][]int{
	"rania": {0, 1, 2}, "fatou": {1, 0, 2}, "pierre": {0, 2, 1},
	"rafael": {0, 2, 1}, "dmitri": {0, 1, 2}, "carmen": {0, 1, 2},
	"aiko": {2, 0, 1}, "tariq": {0, 2, 1}, "suda": {1, 2, 0},
}

// The secretariat's introduction, added in version 2.
const (
	g6IntroHeading = "Introduction"
	g6IntroDemo    = "Demonstration content: this meeting, its statements, votes and decisions are invented to show how plenary makes an outcome document; they are not the record of the real GRCP 6."
	g6IntroGroups  = "The regional breakout groups each agreed on their recommendations, which the plenary brought together into the overall recommendations below."
	g6IntroRecord  = "The secretariat circulated the draft to the participating bodies; their amendments are recorded with the decisions taken on them."
)

// g6Amendment is an amendment of the round and its decision.
type g6Amendment struct {
	by     string
	target string // the text of the block amended
	op     store.AmendmentOp
	text   string
	why    string
	// supporters are the members whose delegations support it.
	supporters []string
	decision   outcome.Decision
	changed    string // the text as accepted with changes
	reason     string
}

var g6Amendments = []g6Amendment{
	{by: "dmitri", target: g6Overall[1].text, op: store.AmendReplace,
		text:       "Invest in the capacity of national statistics offices to collect, compare and share migration data, with safeguards for personal data.",
		why:        "Sharing data between countries needs the protection of migrants' personal data.",
		supporters: []string{"suda"}, decision: outcome.Accept},
	{by: "fatou", target: g6Overall[2].text, op: store.AmendInsertAfter,
		text:     "Make remittance transfers cheaper, with transfer costs below three per cent by 2025.",
		why:      "Remittances came up in the Africa group and belong among the overall recommendations.",
		decision: outcome.AcceptWithChanges,
		changed:  "Make remittance transfers cheaper and safer, in line with the 2030 Agenda for Sustainable Development.",
		reason:   "The 2030 Agenda already sets the target for the cost of remittances; the meeting does not set another."},
	{by: "tariq", target: g6IntroRecord, op: store.AmendDelete,
		why:      "The outcome document should hold the meeting's conclusions only.",
		decision: outcome.Reject,
		reason:   "The paragraph tells readers how the document was prepared; the chair keeps it."},
	{by: "carmen", target: g6IntroGroups, op: store.AmendReplace,
		text:     "The regional breakout groups each agreed on their recommendations, including those of small island states, which the plenary brought together into the overall recommendations below.",
		why:      "The Caribbean group spoke for small island states, whose situation differs.",
		decision: outcome.Accept},
}

// loadGRCP6 makes the completed earlier meeting of the process and
// returns its ID.
func loadGRCP6(ctx context.Context, db *store.DB, processID string, bodies map[string]*domain.Body) (string, error) {
	am, err := agenda.ParseBytes(grcp6Agenda)
	if err != nil {
		return "", fmt.Errorf("demo: GRCP 6 agenda: %w", err)
	}
	ag := am.ToDomain()
	ag.Meeting.ProcessID, ag.Meeting.ShortName = processID, grcp6ShortName
	ag.Meeting.Venue, ag.Meeting.StartsOn, ag.Meeting.EndsOn = "Geneva", "2016-11-08", "2016-11-09"
	if err := schedule(ag, grcp6Times); err != nil {
		return "", err
	}
	if err := db.CreateMeetingWithAgenda(ctx, ag); err != nil {
		return "", fmt.Errorf("demo: GRCP 6: %w", err)
	}
	mid := ag.Meeting.ID
	var partID string
	for _, sn := range ag.Sessions {
		for _, pn := range sn.Parts {
			if pn.Kind == domain.PartBreakout {
				partID = pn.ID
			}
		}
	}
	if partID == "" {
		return "", fmt.Errorf("demo: the GRCP 6 agenda has no breakout part")
	}
	var groups []*domain.Group
	for _, g := range grcp6Groups {
		dg := &domain.Group{MeetingID: mid, Name: g.name, Region: g.region}
		if err := db.CreateGroup(ctx, dg); err != nil {
			return "", err
		}
		groups = append(groups, dg)
	}

	// The people: the chair and the groups' members take part in GRCP 6
	// too; the secretariat serves the whole process already.
	chairUser, _, err := db.UserByEmail(ctx, "chair@demo.plenary.local")
	if err != nil {
		return "", err
	}
	if err := db.AddMembership(ctx, &domain.Membership{UserID: chairUser.ID, ProcessID: processID, MeetingID: mid, Role: domain.RoleChair}); err != nil {
		return "", fmt.Errorf("demo: GRCP 6 chair: %w", err)
	}
	for _, p := range g6Members {
		u, _, err := db.UserByEmail(ctx, p.email)
		if err != nil {
			return "", fmt.Errorf("demo: account %s: %w", p.email, err)
		}
		b, ok := bodies[p.body]
		if !ok {
			return "", fmt.Errorf("demo: no body %q", p.body)
		}
		m := &domain.Membership{UserID: u.ID, ProcessID: processID, MeetingID: mid, Role: p.role, BodyID: b.ID, GroupID: groups[p.group].ID}
		if err := db.AddMembership(ctx, m); err != nil {
			return "", fmt.Errorf("demo: GRCP 6 role of %s: %w", p.email, err)
		}
	}
	actors := map[string]*domain.Actor{}
	for _, p := range g6Members {
		if actors[p.key], err = actorFor(ctx, db, p.email); err != nil {
			return "", err
		}
	}
	chair, err := actorFor(ctx, db, "chair@demo.plenary.local")
	if err != nil {
		return "", err
	}
	secretariat, err := actorFor(ctx, db, "secretariat@demo.plenary.local")
	if err != nil {
		return "", err
	}

	delib := deliberation.New(db, nil)
	synth := synthesis.New(db, nil, nil)
	if err := g6Groups(ctx, db, delib, mid, partID, groups, actors); err != nil {
		return "", err
	}
	if err := g6Plenary(ctx, synth, mid, partID, chair, actors); err != nil {
		return "", err
	}
	out := outcome.New(db, synth, delib, locale.MustLoad())
	if err := g6Outcome(ctx, out, mid, secretariat, chair, actors); err != nil {
		return "", err
	}
	return mid, nil
}

// actorFor returns a demo account as an actor, with its memberships.
func actorFor(ctx context.Context, db *store.DB, email string) (*domain.Actor, error) {
	u, _, err := db.UserByEmail(ctx, email)
	if err != nil {
		return nil, fmt.Errorf("demo: account %s: %w", email, err)
	}
	ms, err := db.MembershipsOf(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	return &domain.Actor{User: u, Memberships: ms}, nil
}

// memberOf returns a member of g6Members by key.
func memberOf(key string) g6Member {
	i := slices.IndexFunc(g6Members, func(p g6Member) bool { return p.key == key })
	return g6Members[i]
}

// g6Groups has the groups write, vote on and rank their statements and
// their rapporteurs submit their reports.
func g6Groups(ctx context.Context, db *store.DB, delib *deliberation.Service, meetingID, partID string, groups []*domain.Group, actors map[string]*domain.Actor) error {
	ids := map[string]string{}
	// Votes go through the vote writer, as the live service writes them
	// (the demo loads without it).
	vw := db.NewVoteWriter(store.VoteWriterOptions{})
	defer vw.Close()
	for _, s := range g6Statements {
		author := memberOf(s.by)
		conv := deliberation.ConversationInput{GroupID: groups[author.group].ID, PartID: partID}
		st, err := delib.AddStatement(ctx, actors[s.by], deliberation.StatementInput{GroupID: conv.GroupID, PartID: partID,
			Kind: domain.KindRecommendation, Text: s.text, Lang: "en"})
		if err != nil {
			return fmt.Errorf("demo: GRCP 6 statement %s: %w", s.key, err)
		}
		ids[s.key] = st.ID
		var voters []string
		for _, p := range g6Members {
			if p.group == author.group {
				voters = append(voters, p.key)
			}
		}
		if len(s.votes) != len(voters) {
			return fmt.Errorf("demo: GRCP 6 statement %s has %d votes for %d members", s.key, len(s.votes), len(voters))
		}
		for i, c := range s.votes {
			v := map[rune]int{'a': domain.Agree, 'd': domain.Disagree, 'p': domain.Pass}[c]
			if err := vw.Vote(ctx, domain.Vote{StatementID: st.ID, UserID: actors[voters[i]].User.ID, Value: v, MeetingID: meetingID, GroupID: conv.GroupID}); err != nil {
				return fmt.Errorf("demo: GRCP 6 vote on %s: %w", s.key, err)
			}
		}
	}
	for _, p := range g6Members {
		var ranks [][]string
		for _, k := range g6Ballots[p.key] {
			ranks = append(ranks, []string{ids[k]})
		}
		in := deliberation.BallotInput{ConversationInput: deliberation.ConversationInput{GroupID: groups[p.group].ID, PartID: partID}, Method: rank.Schulze, Ranks: ranks}
		if _, err := delib.PutBallot(ctx, actors[p.key], in); err != nil {
			return fmt.Errorf("demo: GRCP 6 ballot of %s: %w", p.key, err)
		}
	}
	for _, r := range g6Reports {
		p := memberOf(r.by)
		conv := deliberation.ConversationInput{GroupID: groups[p.group].ID, PartID: partID}
		rep, err := delib.SaveReport(ctx, actors[r.by], deliberation.ReportInput{ConversationInput: conv, Lang: "en",
			Texts: map[string]store.ReportText{"en": {FollowUp: r.followUp, RCPRole: r.rcpRole,
				Agreement: r.agreement, Disagreement: r.disagreement}}})
		if err != nil {
			return fmt.Errorf("demo: GRCP 6 report of %s: %w", r.by, err)
		}
		if _, err := delib.SubmitReport(ctx, actors[r.by], deliberation.VersionInput{ConversationInput: conv, Version: rep.Version}); err != nil {
			return fmt.Errorf("demo: GRCP 6 report of %s: %w", r.by, err)
		}
	}
	return nil
}

// g6Plenary has the chair name the themes and draw the overall
// recommendations from them, the groups' members rank them and the chair
// confirm them.
func g6Plenary(ctx context.Context, synth *synthesis.Service, meetingID, partID string, chair *domain.Actor, actors map[string]*domain.Actor) error {
	pt, err := synth.PartThemes(ctx, chair, meetingID, partID)
	if err != nil {
		return fmt.Errorf("demo: GRCP 6 themes: %w", err)
	}
	// The theme of a statement, found by its text.
	themeOf := func(res *themes.Result, text string) string {
		for _, th := range res.Themes {
			for _, m := range th.Members {
				if st := pt.Statements[m.ID]; st != nil && st.Text == text {
					return th.ID
				}
			}
		}
		return ""
	}
	textOf := func(key string) string {
		i := slices.IndexFunc(g6Statements, func(s g6Statement) bool { return s.key == key })
		return g6Statements[i].text
	}
	ref := synthesis.PartRef{MeetingID: meetingID, PartID: partID}
	var cands []string
	for _, o := range g6Overall {
		theme := themeOf(pt.Result, textOf(o.statement))
		if theme == "" {
			return fmt.Errorf("demo: GRCP 6: no theme holds %q", o.statement)
		}
		pt, err = synth.EditThemes(ctx, chair, synthesis.ThemeEditInput{MeetingID: meetingID, PartID: partID, Version: pt.Edits.Version,
			Op: themes.EditRename, Theme: theme, Label: o.label})
		if err != nil {
			return fmt.Errorf("demo: GRCP 6 theme %q: %w", o.label, err)
		}
		c, err := synth.AddCandidate(ctx, chair, synthesis.CandidateInput{PartRef: ref, ThemeID: theme, Text: o.text})
		if err != nil {
			return fmt.Errorf("demo: GRCP 6 overall recommendation %q: %w", o.label, err)
		}
		cands = append(cands, c.ID)
	}
	for _, p := range g6Members {
		var ranks [][]string
		for _, i := range g6OverallBallots[p.key] {
			ranks = append(ranks, []string{cands[i]})
		}
		if _, err := synth.PutBallot(ctx, actors[p.key], synthesis.BallotInput{PartRef: ref, Ranks: ranks}); err != nil {
			return fmt.Errorf("demo: GRCP 6 plenary ballot of %s: %w", p.key, err)
		}
	}
	if _, err := synth.Confirm(ctx, chair, synthesis.ConfirmInput{PartRef: ref, Selected: cands}); err != nil {
		return fmt.Errorf("demo: GRCP 6 confirmation: %w", err)
	}
	return nil
}

// g6Outcome takes the outcome document from the first draft to its
// publication in the six languages.
func g6Outcome(ctx context.Context, out *outcome.Service, meetingID string, secretariat, chair *domain.Actor, actors map[string]*domain.Actor) error {
	v1, err := out.Draft(ctx, secretariat, outcome.DraftInput{MeetingID: meetingID, Lang: "en"})
	if err != nil {
		return fmt.Errorf("demo: GRCP 6 draft: %w", err)
	}
	// Version 2: the secretariat adds an introduction and leaves out the
	// section on endorsed practices, which this meeting had none of.
	text := v1.Text
	intro := domain.OutcomeSection{Heading: g6IntroHeading, Blocks: []domain.OutcomeBlock{
		{Kind: domain.BlockNote, Text: g6IntroDemo},
		{Kind: domain.BlockParagraph, Text: g6IntroGroups},
		{Kind: domain.BlockParagraph, Text: g6IntroRecord},
	}}
	text.Sections = slices.DeleteFunc(slices.Clone(text.Sections), func(s domain.OutcomeSection) bool { return s.Key == "endorsed" })
	text.Sections = slices.Insert(text.Sections, 0, intro)
	v2, err := out.Edit(ctx, secretariat, outcome.EditInput{MeetingID: meetingID, Version: v1.Number, Text: text})
	if err != nil {
		return fmt.Errorf("demo: GRCP 6 edit: %w", err)
	}

	// The round of amendments on version 2.
	if _, err := out.OpenRound(ctx, secretariat, outcome.RoundInput{MeetingID: meetingID, Version: v2.Number, Deadline: time.Now().Add(14 * 24 * time.Hour)}); err != nil {
		return fmt.Errorf("demo: GRCP 6 round: %w", err)
	}
	blockWith := func(t domain.OutcomeText, s string) string {
		for _, sec := range t.Sections {
			for _, b := range sec.Blocks {
				if b.Text == s && b.Kind != domain.BlockNote {
					return b.ID
				}
			}
		}
		return ""
	}
	for _, a := range g6Amendments {
		block := blockWith(v2.Text, a.target)
		if block == "" {
			return fmt.Errorf("demo: GRCP 6 version 2 has no paragraph %q", a.target)
		}
		am, err := out.Propose(ctx, actors[a.by], outcome.ProposeInput{MeetingID: meetingID, BlockID: block, Op: a.op, Text: a.text, Lang: "en", Justification: a.why})
		if err != nil {
			return fmt.Errorf("demo: GRCP 6 amendment by %s: %w", a.by, err)
		}
		for _, s := range a.supporters {
			if am, err = out.Support(ctx, actors[s], outcome.SupportInput{MeetingID: meetingID, AmendmentID: am.ID}); err != nil {
				return fmt.Errorf("demo: GRCP 6 support by %s: %w", s, err)
			}
		}
		if _, err := out.Decide(ctx, chair, outcome.DecideInput{AmendmentRef: outcome.AmendmentRef{MeetingID: meetingID, AmendmentID: am.ID, Version: am.Version},
			Decision: a.decision, Text: a.changed, Reason: a.reason}); err != nil {
			return fmt.Errorf("demo: GRCP 6 decision on A%d: %w", am.Number, err)
		}
	}
	d, err := out.CloseRound(ctx, secretariat, meetingID)
	if err != nil {
		return fmt.Errorf("demo: GRCP 6 closing the round: %w", err)
	}
	if _, err := out.Adopt(ctx, chair, outcome.AdoptInput{MeetingID: meetingID, Version: d.Latest}); err != nil {
		return fmt.Errorf("demo: GRCP 6 adoption: %w", err)
	}
	adopted, err := out.Text(ctx, secretariat, outcome.TextInput{MeetingID: meetingID, Version: d.Latest})
	if err != nil {
		return err
	}
	for _, lang := range domain.Locales {
		if lang == "en" {
			continue
		}
		// A text the translations lack stays in English: the demo loads
		// anyway, and TestDemoGRCP6 names what is missing.
		blocks, _ := translate(adopted.Version.Text, lang)
		if _, err := out.PutTranslation(ctx, secretariat, outcome.TranslationInput{MeetingID: meetingID, Lang: lang, Version: d.Latest,
			Status: g6TranslationStatus[lang], Blocks: blocks}); err != nil {
			return fmt.Errorf("demo: GRCP 6 %s translation: %w", lang, err)
		}
	}
	if _, err := out.Publish(ctx, secretariat, outcome.PublishInput{MeetingID: meetingID, Publish: true}); err != nil {
		return fmt.Errorf("demo: GRCP 6 publication: %w", err)
	}
	return nil
}
