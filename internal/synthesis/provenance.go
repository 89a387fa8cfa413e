package synthesis

import (
	"context"
	"slices"
	"time"

	"github.com/plenary-org/plenary/internal/deliberation"
	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/rank"
	"github.com/plenary-org/plenary/internal/store"
	"github.com/plenary-org/plenary/internal/themes"
)

// Provenance is where one candidate overall recommendation comes from: the
// theme it was drawn from, the breakout groups' statements the theme held
// (with their votes and their places in the groups' rankings) and the
// contributions those statements were taken from, those the reader may
// read. It names nobody: votes are counted, never attributed, statements
// carry no author and no body, and a contribution's body is named only
// when the meeting attributes.
type Provenance struct {
	Meeting   *domain.Meeting         `json:"-"`
	Candidate *store.OverallCandidate `json:"candidate"`
	// Label is the candidate's short name on the overall page (R1, R2...).
	Label string `json:"label"`
	// Confirmed is true when the chair confirmed the candidate among the
	// overall recommendations; Place is then its place among them (from 1).
	Confirmed   bool              `json:"confirmed"`
	Place       int               `json:"place,omitempty"`
	ConfirmedAt *time.Time        `json:"confirmed_at,omitempty"`
	Plenary     PlenaryPlace      `json:"plenary"`
	Theme       ProvenanceTheme   `json:"theme"`
	Statements  []ProvenanceStmt  `json:"statements"`
	Inputs      []ProvenanceInput `json:"inputs"`
	// Hidden counts the contributions the reader may not read: they are
	// left out of Inputs, and the statements taken from them do not give
	// their ids.
	Hidden int `json:"hidden_inputs"`
	// Groups is the number of the meeting's breakout groups (the M of "in
	// N of M groups").
	Groups int `json:"groups"`
}

// PlenaryPlace is a candidate's place in the plenary's count (an equal
// say per breakout group).
type PlenaryPlace struct {
	Method     rank.Method `json:"method"`
	Position   int         `json:"position"` // 1 for the first place; 0 when not counted
	Value      float64     `json:"value"`
	Status     rank.Status `json:"status"` // in, tied or out of the top five
	Candidates int         `json:"candidates"`
	Ballots    int         `json:"ballots"`
}

// ProvenanceTheme is the theme a candidate was drawn from as the chair's
// edits left it: the theme itself, or the one it was merged into.
type ProvenanceTheme struct {
	ID string `json:"id"`
	// Label is the label the chair gave the theme, else the engine's.
	Label  string `json:"label"`
	Edited bool   `json:"edited"`
	// Exists is false when the themes, recomputed since, no longer hold
	// this theme; Label is then the last one known (possibly empty).
	Exists bool `json:"exists"`
	// MergedFrom is the theme the candidate was drawn from when a merge
	// made it part of theme ID; empty otherwise.
	MergedFrom string `json:"merged_from,omitempty"`
	// GroupsNow and SizeNow are the groups the theme spans and the
	// statements it holds now (0 when it no longer exists): those the
	// provenance lists.
	GroupsNow int `json:"groups_now"`
	SizeNow   int `json:"size_now"`
}

// ProvenanceStmt is one of the statements the theme holds now (those it
// held when the candidate was drawn, when it no longer exists).
type ProvenanceStmt struct {
	ID string `json:"id"`
	// Missing is true when the statement no longer exists; nothing else is
	// then known.
	Missing bool                    `json:"missing,omitempty"`
	Kind    domain.ContributionKind `json:"kind,omitempty"`
	Text    string                  `json:"text,omitempty"`
	Lang    string                  `json:"lang,omitempty"`
	GroupID string                  `json:"group_id,omitempty"`
	Group   string                  `json:"group,omitempty"`
	Region  string                  `json:"region,omitempty"`
	// MergedInto is the statement it was merged into, if any; its votes
	// moved there, so Votes and Ranking are those of Counted, the standing
	// statement the merges lead to.
	MergedInto  string `json:"merged_into,omitempty"`
	Counted     string `json:"counted_id,omitempty"`
	CountedText string `json:"counted_text,omitempty"`
	CountedLang string `json:"counted_lang,omitempty"`
	// Votes are the totals only: never who voted how.
	Votes   Votes      `json:"votes"`
	Ranking GroupPlace `json:"ranking"`
	// Source is the contribution it was taken from; empty when the reader
	// may not read it.
	Source string `json:"source_id,omitempty"`
	// ByPartner marks a partner's statement (never which partner).
	ByPartner bool `json:"by_partner,omitempty"`
}

// Votes are a statement's vote counts: totals only, never who voted how,
// and none when fewer than [domain.MinVoters] people voted (FewVoters; the
// counts are then 0).
type Votes struct {
	Agree     int  `json:"agree"`
	Disagree  int  `json:"disagree"`
	Pass      int  `json:"pass"`
	FewVoters bool `json:"few_voters,omitempty"`
}

// GroupPlace is a statement's place in its breakout group's ranking: the
// tally its submitted report froze, else the current tally (provisional).
type GroupPlace struct {
	Submitted  bool        `json:"submitted"`
	Method     rank.Method `json:"method"`
	Position   int         `json:"position"` // 0 when the statement is not a candidate of the ranking
	Status     rank.Status `json:"status,omitempty"`
	InFive     bool        `json:"in_five"` // in the five of the group's submitted report
	Candidates int         `json:"candidates"`
	Ballots    int         `json:"ballots"`
}

// ProvenanceInput is a contribution that statements were taken from.
// Without attribution BodyID and BodyName stay empty and BodyKind and
// BodyRegion describe the body as far as the meeting's participants allow
// ([domain.Describe]): either or both may be empty.
type ProvenanceInput struct {
	ID         string                  `json:"id"`
	MeetingID  string                  `json:"meeting_id"`
	Kind       domain.ContributionKind `json:"kind"`
	Status     domain.Status           `json:"status"`
	Title      string                  `json:"title"`
	Text       string                  `json:"text"`
	Lang       string                  `json:"lang"`
	Regions    []string                `json:"regions"`
	Attributed bool                    `json:"attributed"`
	BodyID     string                  `json:"body_id,omitempty"`
	BodyName   string                  `json:"body_name,omitempty"`
	BodyKind   domain.BodyKind         `json:"body_kind,omitempty"`
	BodyRegion string                  `json:"body_region,omitempty"`
	Statements []string                `json:"statements"` // the statements taken from it
}

// Provenance gathers where a candidate overall recommendation of the
// meeting comes from (see [Provenance]) for whoever may see the meeting.
// Of the contributions the statements were taken from it gives those the
// reader may read (the contributions' own rule: published ones for
// whoever sees the meeting, the others, drafts aside, for whoever manages
// it) and counts the others. Errors: [domain.EUNAUTHORIZED] for an
// anonymous actor; [domain.ENOTFOUND] for a meeting the actor may not see
// and for a candidate the meeting does not have. It reads a fixed number
// of queries, plus a few per breakout group whose ranking is still
// provisional, whatever the number of statements.
func (s *Service) Provenance(ctx context.Context, a *domain.Actor, meetingID, candidateID string) (*Provenance, error) {
	sc, err := s.viewableMeeting(ctx, a, meetingID)
	if err != nil {
		return nil, err
	}
	cand, err := s.db.OverallCandidate(ctx, meetingID, candidateID)
	if err != nil {
		return nil, err
	}
	partID := cand.PartID
	m, err := s.db.Meeting(ctx, meetingID)
	if err != nil {
		return nil, err
	}
	groups, err := s.db.Groups(ctx, meetingID)
	if err != nil {
		return nil, err
	}
	p := &Provenance{Meeting: m, Groups: len(groups), Statements: []ProvenanceStmt{}, Inputs: []ProvenanceInput{}}

	// The plenary's count and the confirmation.
	t, err := s.tally(ctx, meetingID, partID)
	if err != nil {
		return nil, err
	}
	for i, c := range t.Candidates {
		if c.ID == candidateID {
			p.Candidate, p.Label = c, CandidateLabel(i)
		}
	}
	if p.Candidate == nil {
		return nil, domain.NotFound("candidate")
	}
	p.Plenary = PlenaryPlace{Method: t.Method, Status: t.Top.Status(candidateID), Candidates: len(t.Candidates), Ballots: len(t.Ballots)}
	for _, row := range t.Result.Candidates {
		if row.ID == candidateID {
			p.Plenary.Position, p.Plenary.Value = row.Position, row.Value
		}
	}
	conf, err := s.db.OverallConfirmation(ctx, meetingID, partID)
	switch {
	case err == nil:
		if i := slices.Index(conf.Selected, candidateID); i >= 0 {
			p.Confirmed, p.Place = true, i+1
			at := conf.ConfirmedAt
			p.ConfirmedAt = &at
		}
	case domain.ErrorCode(err) != domain.ENOTFOUND:
		return nil, err
	}

	// The theme as it stands now, and the statements it holds; those
	// it held when the candidate was drawn when it no longer exists.
	listed, err := s.provenanceTheme(ctx, p, &Part{Meeting: m, Part: &domain.Part{ID: partID}, Groups: groups})
	if err != nil {
		return nil, err
	}
	if !p.Theme.Exists {
		listed = p.Candidate.Statements
	}

	// The statements, following merges to the standing statements.
	stmts, err := s.db.StatementsByID(ctx, listed)
	if err != nil {
		return nil, err
	}
	var more []string
	for _, st := range stmts {
		if st.MergedInto != "" && stmts[st.MergedInto] == nil {
			more = append(more, st.MergedInto)
		}
	}
	for range 10 { // merges chain rarely; bounded like the normaliser
		if len(more) == 0 {
			break
		}
		next, err := s.db.StatementsByID(ctx, more)
		if err != nil {
			return nil, err
		}
		more = nil
		for id, st := range next {
			stmts[id] = st
			if st.MergedInto != "" && stmts[st.MergedInto] == nil {
				more = append(more, st.MergedInto)
			}
		}
	}
	counted := func(id string) *domain.Statement {
		st := stmts[id]
		for range 10 {
			if st == nil || st.MergedInto == "" {
				return st
			}
			if stmts[st.MergedInto] == nil {
				return nil
			}
			st = stmts[st.MergedInto]
		}
		return st
	}
	var countedIDs []string
	groupsUsed := map[string]bool{}
	for _, id := range listed {
		if c := counted(id); c != nil {
			countedIDs = append(countedIDs, c.ID)
			groupsUsed[c.GroupID] = true
		}
	}
	totals, err := s.db.StatementTotals(ctx, countedIDs)
	if err != nil {
		return nil, err
	}
	places, err := s.groupPlaces(ctx, meetingID, partID, groupsUsed)
	if err != nil {
		return nil, err
	}
	var sources []string
	for _, id := range listed {
		st := stmts[id]
		if st == nil {
			p.Statements = append(p.Statements, ProvenanceStmt{ID: id, Missing: true})
			continue
		}
		ps := ProvenanceStmt{ID: st.ID, Kind: st.Kind, Text: st.Text, Lang: st.Lang, GroupID: st.GroupID, MergedInto: st.MergedInto, Source: st.SourceID, ByPartner: st.ByPartner}
		for _, g := range groups {
			if g.ID == st.GroupID {
				ps.Group, ps.Region = g.Name, g.Region
			}
		}
		if c := counted(id); c != nil {
			ps.Counted = c.ID
			if c.ID != st.ID {
				ps.CountedText, ps.CountedLang = c.Text, c.Lang
			}
			t := totals[c.ID]
			v := domain.ShowVotes(t.Agree, t.Disagree, t.Pass)
			ps.Votes = Votes{Agree: v.Agree, Disagree: v.Disagree, Pass: v.Pass, FewVoters: v.Few}
			ps.Ranking = places[c.GroupID].place(c.ID)
		}
		if st.SourceID != "" && !slices.Contains(sources, st.SourceID) {
			sources = append(sources, st.SourceID)
		}
		p.Statements = append(p.Statements, ps)
	}

	// The contributions the statements were taken from.
	if err := s.provenanceInputs(ctx, a, p, m, sc.ProcessID, sources); err != nil {
		return nil, err
	}
	return p, nil
}

// provenanceTheme fills the theme as the chair's edits left it: the theme
// the candidate was drawn from, or the one it was merged into (following
// merges), and returns its members now, the statements the provenance
// lists; nil when the theme no longer exists, with the label the edits
// and the last result left it.
func (s *Service) provenanceTheme(ctx context.Context, p *Provenance, part *Part) ([]string, error) {
	id := p.Candidate.ThemeID
	p.Theme = ProvenanceTheme{ID: id}
	pt, err := s.partThemes(ctx, part)
	if err != nil {
		return nil, err
	}
	if th, ok := pt.current(id); ok {
		p.Theme.ID, p.Theme.Exists, p.Theme.Label, p.Theme.Edited = th.ID, true, th.Label, th.LabelEdited
		p.Theme.GroupsNow, p.Theme.SizeNow = len(th.Groups), len(th.Members)
		if th.ID != id {
			p.Theme.MergedFrom = id
		}
		return pt.membersByGroup(th, part.Groups), nil
	}
	// Gone: the last label a person gave it, else the last one computed.
	te := pt.Edits
	if te.Previous != nil {
		for _, th := range te.Previous.Themes {
			if th.ID == id {
				p.Theme.Label, p.Theme.Edited = th.Label, th.LabelEdited
			}
		}
	}
	for _, e := range te.Edits {
		if e.Op == themes.EditRename && len(e.Themes) > 0 && e.Themes[0] == id {
			p.Theme.Label, p.Theme.Edited = e.Label, true
		}
	}
	return nil, nil
}

// current finds the theme a candidate drawn from theme id stands for now:
// that theme, else the theme it was merged into by the edits applied
// (following merges of merges); false when neither exists.
func (pt *PartThemes) current(id string) (themes.Theme, bool) {
	if id == "" {
		return themes.Theme{}, false
	}
	for range len(pt.Result.Edits) + 1 {
		for _, th := range pt.Result.Themes {
			if th.ID == id {
				return th, true
			}
		}
		next := ""
		for _, o := range pt.Result.Edits {
			if e := o.Edit; o.Applied && e.Op == themes.EditMerge && len(e.Themes) > 1 && slices.Contains(e.Themes[1:], id) {
				next = e.Themes[0]
			}
		}
		if next == "" || next == id {
			break
		}
		id = next
	}
	return themes.Theme{}, false
}

// membersByGroup lists a theme's members in the meeting's order of
// groups, as the plenary page lays them out.
func (pt *PartThemes) membersByGroup(th themes.Theme, groups []*domain.Group) []string {
	byGroup := map[string][]string{}
	for _, m := range th.Members {
		if st := pt.Statements[m.ID]; st != nil {
			byGroup[st.GroupID] = append(byGroup[st.GroupID], m.ID)
		}
	}
	out := []string{}
	for _, g := range groups {
		out = append(out, byGroup[g.ID]...)
	}
	return out
}

// groupRanking is one group's ranking of a part: frozen by its submitted
// report, else counted now.
type groupRanking struct {
	submitted bool
	method    rank.Method
	result    *rank.Result
	top       rank.Top
	ballots   int
}

func (g *groupRanking) place(id string) GroupPlace {
	if g == nil || g.result == nil {
		return GroupPlace{}
	}
	gp := GroupPlace{Submitted: g.submitted, Method: g.method, Candidates: len(g.result.Candidates), Ballots: g.ballots}
	for _, row := range g.result.Candidates {
		if row.ID == id {
			gp.Position, gp.Status = row.Position, g.top.Status(id)
			gp.InFive = g.submitted && gp.Status == rank.StatusIn
		}
	}
	return gp
}

// groupPlaces reads the rankings of the groups: the reports in one query,
// and a tally for each group whose report is not submitted.
func (s *Service) groupPlaces(ctx context.Context, meetingID, partID string, groups map[string]bool) (map[string]*groupRanking, error) {
	out := map[string]*groupRanking{}
	var ids []string
	for id := range groups {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	reps, err := s.db.PartReports(ctx, meetingID, partID, ids)
	if err != nil {
		return nil, err
	}
	for _, r := range reps {
		if r.Snapshot != nil && r.Snapshot.Result != nil {
			out[r.GroupID] = &groupRanking{submitted: true, method: r.Snapshot.Method, result: r.Snapshot.Result, top: r.Snapshot.Top, ballots: r.Snapshot.Ballots}
		}
	}
	for _, id := range ids {
		if out[id] != nil {
			continue
		}
		t, err := deliberation.GroupTally(ctx, s.db, meetingID, id, partID)
		if err != nil {
			return nil, err
		}
		out[id] = &groupRanking{method: t.Settings.Method, result: t.Result, top: t.Top, ballots: t.Ballots}
	}
	return out, nil
}

// provenanceInputs reads the contributions and their bodies, naming the
// bodies only of contributions written outside the non-attribution rule,
// and keeps those the reader may read.
func (s *Service) provenanceInputs(ctx context.Context, a *domain.Actor, p *Provenance, m *domain.Meeting, processID string, ids []string) error {
	if len(ids) == 0 {
		return nil
	}
	cs, err := s.db.ContributionsByID(ctx, ids)
	if err != nil {
		return err
	}
	var bodyIDs []string
	for _, c := range cs {
		if c.BodyID != "" && !slices.Contains(bodyIDs, c.BodyID) {
			bodyIDs = append(bodyIDs, c.BodyID)
		}
	}
	bodies, err := s.db.BodiesByID(ctx, bodyIDs)
	if err != nil {
		return err
	}
	// Descriptions of the bodies, for the contributions written under the
	// non-attribution rule.
	var descs domain.Descriptions
	if slices.ContainsFunc(cs, func(c *domain.Contribution) bool { return !domain.Attributed(c, nil) }) {
		counts, err := s.db.ParticipantTraits(ctx, m.ID)
		if err != nil {
			return err
		}
		descs = domain.Describe(counts, m.MinDescribed())
	}
	hidden := map[string]bool{}
	for _, c := range cs {
		// The contributions' own rule: published ones for whoever sees the
		// meeting, the others (drafts aside, their author's only) for
		// whoever manages it. The author exception of the contribution
		// pages does not apply: a provenance is shared, so it never names
		// the body without attribution (attributed to nobody in
		// particular).
		if c.Status == domain.StatusDraft || !a.CanViewContribution(processID, &domain.Contribution{MeetingID: c.MeetingID, Status: c.Status}) {
			p.Hidden++
			hidden[c.ID] = true
			continue
		}
		attributed := domain.Attributed(c, nil)
		in := ProvenanceInput{ID: c.ID, MeetingID: c.MeetingID, Kind: c.Kind, Status: c.Status, Title: c.Title, Text: c.Text, Lang: c.Lang,
			Regions: c.Regions, Attributed: attributed, Statements: []string{}}
		if in.Regions == nil {
			in.Regions = []string{}
		}
		if b, ok := bodies[c.BodyID]; ok {
			if attributed {
				in.BodyID, in.BodyName, in.BodyKind, in.BodyRegion = c.BodyID, b.Name, b.Kind, b.Region
			} else {
				d := descs.Of(b)
				in.BodyKind, in.BodyRegion = d.Kind, d.Region
			}
		}
		for _, st := range p.Statements {
			if st.Source == c.ID {
				in.Statements = append(in.Statements, st.ID)
			}
		}
		p.Inputs = append(p.Inputs, in)
	}
	for i := range p.Statements {
		if hidden[p.Statements[i].Source] {
			p.Statements[i].Source = "" // not even the id of what the reader may not read
		}
	}
	return nil
}
