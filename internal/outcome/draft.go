package outcome

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/locale"
	"github.com/plenary-org/plenary/internal/store"
	"github.com/plenary-org/plenary/internal/synthesis"
)

// The first draft of a meeting's outcome document is made from what the
// meeting holds, through the plenary's and the groups' use cases: the
// agenda's sessions and objectives, each group's five (from its submitted
// report, else provisional), its report's texts and what its votes agree
// on and divide on, the themes repeated across groups, the practices
// endorsed across regions, the overall recommendations the chair
// confirmed with their provenance, the follow-up mechanisms and the
// partners' recommendations. It names bodies only in the list of
// participating bodies, and never a person: the syntheses it reads name
// no author, and a contribution's body is named in an annex only when the
// meeting attributes.

// Section keys of the generated sections.
const (
	keyParticipants = "participants"
	keyRepeated     = "repeated"
	keyEndorsed     = "endorsed"
	keyOverall      = "overall"
	keyFollowUp     = "followup"
	keyPartners     = "partners"
)

// blockID derives a block's ID from what it is made from, so that a
// section made again from the synthesis keeps the IDs of the blocks that
// come from the same source (and the difference between the versions
// shows what changed).
func blockID(prefix string, parts ...string) string {
	h := sha256.Sum256([]byte(strings.Join(parts, "\x1f")))
	return prefix + hex.EncodeToString(h[:5])
}

// builder collects one text's sections, keeping block IDs unique.
type builder struct {
	p    *locale.Printer
	used map[string]bool
	text domain.OutcomeText
}

func (b *builder) section(key, heading string) *domain.OutcomeSection {
	b.text.Sections = append(b.text.Sections, domain.OutcomeSection{Key: key, Heading: heading, Generated: true, Blocks: []domain.OutcomeBlock{}})
	return &b.text.Sections[len(b.text.Sections)-1]
}

func (b *builder) add(sec *domain.OutcomeSection, kind domain.BlockKind, id, text string, rows [][]string) {
	base, n := id, 1
	for b.used[id] {
		n++
		id = base + "-" + strconv.Itoa(n)
	}
	b.used[id] = true
	sec.Blocks = append(sec.Blocks, domain.OutcomeBlock{ID: id, Kind: kind, Text: text, Rows: rows})
}

func (b *builder) para(sec *domain.OutcomeSection, id, text string) {
	b.add(sec, domain.BlockParagraph, id, text, nil)
}

func (b *builder) note(sec *domain.OutcomeSection, id, text string) {
	b.add(sec, domain.BlockNote, id, text, nil)
}

// generate makes the whole text of a meeting's outcome document in lang
// from the meeting as the actor (who drafts) reads it.
func (s *Service) generate(ctx context.Context, a *domain.Actor, sc *scope, lang string) (domain.OutcomeText, error) {
	m := sc.Meeting
	b := &builder{p: s.cat.Printer(lang), used: map[string]bool{}}
	b.text = domain.OutcomeText{Language: lang, Title: b.p.T("outcome.title", m.Name()), Subtitle: subtitle(m), Sections: []domain.OutcomeSection{}}
	ag, err := s.db.Agenda(ctx, m.ID)
	if err != nil {
		return b.text, err
	}
	if err := s.participants(ctx, b, sc); err != nil {
		return b.text, err
	}
	sessions(b, ag)
	var breakouts []domain.Part
	for _, sn := range ag.Sessions {
		for _, pn := range sn.Parts {
			if pn.Kind == domain.PartBreakout {
				breakouts = append(breakouts, pn.Part)
			}
		}
	}
	g := &gathered{}
	for _, part := range breakouts {
		pl, err := s.synth.Plenary(ctx, a, synthesis.PlenaryInput{MeetingID: m.ID, PartID: part.ID, Lang: lang})
		if err != nil {
			return b.text, err
		}
		g.plenaries = append(g.plenaries, pl)
		ov, err := s.synth.Overall(ctx, a, synthesis.OverallInput{PartRef: synthesis.PartRef{MeetingID: m.ID, PartID: part.ID}})
		if err != nil {
			return b.text, err
		}
		g.overalls = append(g.overalls, ov)
	}
	groupSections(b, g)
	repeated(b, g)
	if err := s.endorsed(ctx, a, b, sc); err != nil {
		return b.text, err
	}
	if err := s.overall(ctx, a, b, sc, g); err != nil {
		return b.text, err
	}
	followUp(b, g)
	partners(b, g)
	return b.text, nil
}

// gathered is what the synthesis says of each breakout part, in the
// agenda's order.
type gathered struct {
	plenaries []*synthesis.Plenary
	overalls  []*synthesis.Overall
}

func subtitle(m *domain.Meeting) string {
	var parts []string
	if m.Title != "" && m.Title != m.Name() {
		parts = append(parts, m.Title)
	}
	if m.Venue != "" {
		parts = append(parts, m.Venue)
	}
	switch {
	case m.StartsOn != "" && m.EndsOn != "" && m.EndsOn != m.StartsOn:
		parts = append(parts, m.StartsOn+" – "+m.EndsOn)
	case m.StartsOn != "":
		parts = append(parts, m.StartsOn)
	}
	return strings.Join(parts, ", ")
}

// participants lists the bodies that take part (delegates' and partners'
// bodies, in the process or the meeting), by name: never a person.
func (s *Service) participants(ctx context.Context, b *builder, sc *scope) error {
	var ids []string
	for _, meetingID := range []string{"", sc.MeetingID} {
		ms, err := s.db.Members(ctx, sc.ProcessID, meetingID)
		if err != nil {
			return err
		}
		for _, m := range ms {
			if m.BodyID != "" && (m.Role == domain.RoleDelegate || m.Role == domain.RolePartner) && !slices.Contains(ids, m.BodyID) {
				ids = append(ids, m.BodyID)
			}
		}
	}
	bodies, err := s.db.BodiesByID(ctx, ids)
	if err != nil {
		return err
	}
	var list []*domain.Body
	for _, bd := range bodies {
		list = append(list, bd)
	}
	slices.SortFunc(list, func(x, y *domain.Body) int { return strings.Compare(strings.ToLower(x.Name), strings.ToLower(y.Name)) })
	sec := b.section(keyParticipants, b.p.T("outcome.sec_participants"))
	if len(list) == 0 {
		b.note(sec, blockID("n", keyParticipants), b.p.T("outcome.none"))
		return nil
	}
	rows := [][]string{{b.p.T("outcome.col_body"), b.p.T("outcome.col_kind"), b.p.T("outcome.col_region")}}
	for _, bd := range list {
		name := bd.Name
		if bd.Acronym != "" && bd.Acronym != bd.Name {
			name += " (" + bd.Acronym + ")"
		}
		rows = append(rows, []string{name, b.p.T("kind." + string(bd.Kind)), bd.Region})
	}
	b.add(sec, domain.BlockTable, blockID("t", keyParticipants), "", rows)
	return nil
}

// sessions makes a section a session with the objectives of the session
// and of its parts.
func sessions(b *builder, ag *domain.Agenda) {
	for _, sn := range ag.Sessions {
		sec := b.section("session:"+sn.ID, b.p.T("outcome.sec_session", sn.Number, sn.Title))
		objs := domain.ItemsOfKind(sn.Items, domain.ItemObjective)
		for _, pn := range sn.Parts {
			objs = append(objs, domain.ItemsOfKind(pn.Items, domain.ItemObjective)...)
		}
		for _, it := range objs {
			b.para(sec, blockID("p", it.ID), it.Text)
			for _, c := range it.Children {
				b.para(sec, blockID("p", c.ID), c.Text)
			}
		}
		if len(objs) == 0 {
			b.note(sec, blockID("n", sn.ID), b.p.T("outcome.none"))
		}
	}
}

// groupSections makes a section a breakout group: for each breakout part,
// its five, its rapporteur's narrative (see [narrative]), its report's
// follow-up mechanisms and role of RCPs (reports of parts that ask no
// question, and those written before reports answered the agenda's), and
// what its votes agree on and divide on.
func groupSections(b *builder, g *gathered) {
	if len(g.plenaries) == 0 {
		return
	}
	many := len(g.plenaries) > 1
	for gi, grp := range g.plenaries[0].Groups {
		heading := b.p.T("outcome.sec_group", grp.Name)
		sec := b.section("group:"+grp.ID, heading)
		for _, pl := range g.plenaries {
			if gi >= len(pl.Columns) || pl.Part == nil {
				continue
			}
			col := pl.Columns[gi]
			if many {
				b.add(sec, domain.BlockSubheading, blockID("h", grp.ID, pl.Part.ID), pl.Part.Title, nil)
			}
			if len(col.Top) > 0 && !col.Submitted {
				b.note(sec, blockID("n", grp.ID, pl.Part.ID, "provisional"), b.p.T("outcome.provisional"))
			}
			for _, it := range col.Top {
				b.para(sec, blockID("p", grp.ID, pl.Part.ID, it.ID), it.Text)
			}
			if col.FollowUp != "" {
				b.para(sec, blockID("p", grp.ID, pl.Part.ID, "follow_up"), b.p.T("outcome.follow_up", col.FollowUp))
			}
			if col.RCPRole != "" {
				b.para(sec, blockID("p", grp.ID, pl.Part.ID, "rcp_role"), b.p.T("outcome.rcp_role", col.RCPRole))
			}
			// The rapporteur's words come after the five and the report's
			// fields, each under its own sub-heading, and what the votes
			// show under one of its own: nothing falls under the points of
			// disagreement that is not one.
			narrative(b, sec, grp.ID, pl.Part.ID, col)
			if col.Live != nil && len(col.Live.Agree)+len(col.Live.Divisive) > 0 {
				b.add(sec, domain.BlockSubheading, blockID("h", grp.ID, pl.Part.ID, "votes"), b.p.T("outcome.votes_show"), nil)
				for _, c := range col.Live.Agree {
					b.para(sec, blockID("p", grp.ID, pl.Part.ID, "agree", c.ID), b.p.T("outcome.agreed", c.Text, c.N, c.Of))
				}
				for _, d := range col.Live.Divisive {
					b.para(sec, blockID("p", grp.ID, pl.Part.ID, "divided", d.ID), b.p.T("outcome.divided", d.Text))
				}
			}
		}
		if len(sec.Blocks) == 0 {
			b.note(sec, blockID("n", grp.ID), b.p.T("outcome.none"))
		}
	}
}

// narrative gives a group's report in the rapporteur's words: each guiding
// question of the part the report answers as a sub-heading with its answer
// as a paragraph, then the points of general agreement and of
// disagreement the same way. Block IDs follow the question's agenda item,
// so an answer rewritten is a changed paragraph, not a new one.
func narrative(b *builder, sec *domain.OutcomeSection, groupID, partID string, col synthesis.Column) {
	for _, a := range col.Answers {
		b.add(sec, domain.BlockSubheading, blockID("h", groupID, partID, "q", a.Question.ID), a.Question.Text, nil)
		b.para(sec, blockID("p", groupID, partID, "q", a.Question.ID), a.Text)
	}
	for _, f := range []struct{ key, text string }{{"agreement", col.Agreement}, {"disagreement", col.Disagreement}} {
		if f.text != "" {
			b.add(sec, domain.BlockSubheading, blockID("h", groupID, partID, f.key), b.p.T("report."+f.key), nil)
			b.para(sec, blockID("p", groupID, partID, f.key), f.text)
		}
	}
}

// repeated lists the themes found in two groups or more, "in N of M
// groups", most groups first.
func repeated(b *builder, g *gathered) {
	sec := b.section(keyRepeated, b.p.T("outcome.sec_repeated"))
	for _, pl := range g.plenaries {
		if pl.Part == nil {
			continue
		}
		themes := slices.Clone(pl.Themes)
		slices.SortStableFunc(themes, func(x, y synthesis.Theme) int { return y.N - x.N })
		for _, th := range themes {
			if th.N < 2 {
				continue
			}
			label := th.Label
			if !th.Edited {
				// The engine's label is a few terms: a statement of the
				// theme says it better.
				for _, tg := range th.ByGroup {
					if len(tg.Statements) > 0 {
						label = tg.Statements[0].Text
						break
					}
				}
			}
			b.para(sec, blockID("p", keyRepeated, pl.Part.ID, th.ID), b.p.T("outcome.repeated_in", len(pl.Groups), label, th.N))
		}
	}
	if len(sec.Blocks) == 0 {
		b.note(sec, blockID("n", keyRepeated), b.p.T("outcome.none"))
	}
}

// endorsed lists the good practices endorsed by bodies of other regions,
// most endorsing regions first, by their regions (and their body when the
// meeting attributes); endorsing bodies are counted, not named.
func (s *Service) endorsed(ctx context.Context, a *domain.Actor, b *builder, sc *scope) error {
	sec := b.section(keyEndorsed, b.p.T("outcome.sec_endorsed"))
	page, err := s.synth.EndorsedPractices(ctx, a, synthesis.EndorsedInput{MeetingID: sc.MeetingID, Filter: store.EndorsedFilter{Limit: 200}})
	if err != nil {
		return err
	}
	var bodyIDs []string
	for _, it := range page.Items {
		if it.Practice.BodyID != "" {
			bodyIDs = append(bodyIDs, it.Practice.BodyID)
		}
	}
	bodies, err := s.db.BodiesByID(ctx, bodyIDs)
	if err != nil {
		return err
	}
	for _, it := range page.Items {
		c := it.Practice
		from := strings.Join(c.Regions, ", ")
		// A shared document: the body of a practice written under the
		// non-attribution rule is named to nobody.
		if bd, ok := bodies[c.BodyID]; ok && domain.Attributed(c, nil) {
			from = strings.TrimPrefix(from+", "+bd.Label(), ", ")
		}
		var regions []string
		for _, e := range it.Endorsements {
			if !slices.Contains(regions, e.Region) {
				regions = append(regions, e.Region)
			}
		}
		b.para(sec, blockID("p", keyEndorsed, c.ID), b.p.T("outcome.endorsed_by", it.Regions, c.Title, from, strings.Join(regions, ", ")))
	}
	if len(sec.Blocks) == 0 {
		b.note(sec, blockID("n", keyEndorsed), b.p.T("outcome.none"))
	}
	return nil
}

// overall lists the overall recommendations the chair confirmed, in the
// confirmation's order, and makes an annex of each one's provenance.
func (s *Service) overall(ctx context.Context, a *domain.Actor, b *builder, sc *scope, g *gathered) error {
	sec := b.section(keyOverall, b.p.T("outcome.sec_overall"))
	type confirmed struct {
		cand synthesis.Candidate
		n    int
	}
	var all []confirmed
	for _, ov := range g.overalls {
		if ov.Part.Part == nil || ov.Confirmation == nil {
			continue
		}
		for _, id := range ov.Confirmation.Selected {
			for _, c := range ov.Candidates {
				if c.ID == id {
					all = append(all, confirmed{cand: c, n: len(all) + 1})
					b.para(sec, blockID("p", keyOverall, c.ID), c.Text)
				}
			}
		}
	}
	if len(all) == 0 {
		b.note(sec, blockID("n", keyOverall), b.p.T("outcome.not_confirmed"))
	}
	for _, c := range all {
		pv, err := s.synth.Provenance(ctx, a, sc.MeetingID, c.cand.ID)
		if err != nil {
			return err
		}
		annex(b, sc.Meeting, c.n, pv)
	}
	return nil
}

// annex makes the provenance annex of the n-th overall recommendation:
// the theme and the plenary's count, the groups' statements with their
// votes and places, and the inputs they were taken from (by kind and
// region, and body only when the meeting attributes).
func annex(b *builder, m *domain.Meeting, n int, pv *synthesis.Provenance) {
	id := pv.Candidate.ID
	sec := b.section("annex:"+id, b.p.T("outcome.sec_annex", n, n))
	b.note(sec, blockID("n", "annex", id, "text"), pv.Candidate.Text)
	b.note(sec, blockID("n", "annex", id, "count"), b.p.T("outcome.annex_count", pv.Plenary.Ballots, pv.Theme.Label, pv.Plenary.Position,
		pv.Plenary.Candidates, string(pv.Plenary.Method)))
	rows := [][]string{{b.p.T("outcome.col_group"), b.p.T("outcome.col_statement"), b.p.T("outcome.col_agree"), b.p.T("outcome.col_disagree"),
		b.p.T("outcome.col_pass"), b.p.T("outcome.col_place")}}
	for _, st := range pv.Statements {
		if st.Missing {
			continue
		}
		place := "–"
		if st.Ranking.Position > 0 {
			place = fmt.Sprintf("%d / %d", st.Ranking.Position, st.Ranking.Candidates)
		}
		rows = append(rows, []string{st.Group, st.Text, strconv.Itoa(st.Votes.Agree), strconv.Itoa(st.Votes.Disagree), strconv.Itoa(st.Votes.Pass), place})
	}
	b.add(sec, domain.BlockTable, blockID("t", "annex", id, "statements"), b.p.T("outcome.annex_statements"), rows)
	if len(pv.Inputs) > 0 {
		rows := [][]string{{b.p.T("outcome.col_input"), b.p.T("outcome.col_kind"), b.p.T("outcome.col_from")}}
		for _, in := range pv.Inputs {
			from := strings.Join(in.Regions, ", ")
			if in.Attributed && in.BodyName != "" {
				from = in.BodyName
			} else if in.BodyKind != "" {
				from = strings.TrimSuffix(b.p.T("kind."+string(in.BodyKind))+", "+in.BodyRegion, ", ")
			}
			rows = append(rows, []string{in.Title, b.p.T("contrib.kind." + string(in.Kind)), from})
		}
		b.add(sec, domain.BlockTable, blockID("t", "annex", id, "inputs"), b.p.T("outcome.annex_inputs"), rows)
	}
}

// followUp lists the follow-up mechanisms the groups ranked in the parts
// whose candidates are follow-up mechanisms (session 3's follow-up
// discussion), with the number of groups.
func followUp(b *builder, g *gathered) {
	var parts []*synthesis.Plenary
	for _, pl := range g.plenaries {
		if pl.Part != nil && pl.FollowUp {
			parts = append(parts, pl)
		}
	}
	if len(parts) == 0 {
		return
	}
	sec := b.section(keyFollowUp, b.p.T("outcome.sec_followup"))
	for _, pl := range parts {
		for _, col := range pl.Columns {
			for _, it := range col.Top {
				b.para(sec, blockID("p", keyFollowUp, pl.Part.ID, it.ID), b.p.T("outcome.from_group", it.Text, col.Group.Name))
			}
		}
	}
	if len(sec.Blocks) == 0 {
		b.note(sec, blockID("n", keyFollowUp), b.p.T("outcome.none"))
	}
}

// partners lists the partners' recommendations and commitments among the
// groups' five, in every part (never which partner).
func partners(b *builder, g *gathered) {
	sec := b.section(keyPartners, b.p.T("outcome.sec_partners"))
	for _, pl := range g.plenaries {
		if pl.Part == nil || pl.FollowUp {
			continue
		}
		for _, col := range pl.Columns {
			for _, it := range col.Top {
				if it.ByPartner {
					b.para(sec, blockID("p", keyPartners, pl.Part.ID, it.ID), b.p.T("outcome.from_group", it.Text, col.Group.Name))
				}
			}
		}
	}
	if len(sec.Blocks) == 0 {
		b.note(sec, blockID("n", keyPartners), b.p.T("outcome.none"))
	}
}
