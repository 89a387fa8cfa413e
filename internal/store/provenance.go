package store

import (
	"context"
	"slices"
	"strconv"
	"time"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/rank"
	"github.com/plenary-org/plenary/internal/themes"
)

// Provenance is where one candidate overall recommendation comes from: the
// theme it was drawn from, the breakout groups' statements the theme held
// (with their votes and their places in the groups' rankings) and the
// contributions those statements were taken from. It names nobody: votes
// are counted, never attributed, statements carry no author and no body,
// and a contribution's body is named only when the meeting attributes.
type Provenance struct {
	Candidate *OverallCandidate `json:"candidate"`
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

// ProvenanceTheme is the theme a candidate was drawn from, as it stands
// now.
type ProvenanceTheme struct {
	ID string `json:"id"`
	// Label is the label the chair gave the theme, else the engine's.
	Label  string `json:"label"`
	Edited bool   `json:"edited"`
	// Exists is false when the themes, recomputed since, no longer hold
	// this theme; Label is then the last one known (possibly empty).
	Exists bool `json:"exists"`
	// GroupsNow and SizeNow are the groups the theme spans and the
	// statements it holds now (0 when it no longer exists).
	GroupsNow int `json:"groups_now"`
	SizeNow   int `json:"size_now"`
}

// ProvenanceStmt is one of the statements the theme held when the
// candidate was drawn.
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
	Source  string     `json:"source_id,omitempty"` // the contribution it was taken from
	// ByPartner marks a partner's statement (never which partner).
	ByPartner bool `json:"by_partner,omitempty"`
}

// Votes are a statement's vote counts: totals only, never who voted how.
type Votes struct {
	Agree    int `json:"agree"`
	Disagree int `json:"disagree"`
	Pass     int `json:"pass"`
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
// Without attribution it names the body's kind and region only: BodyID and
// BodyName stay empty.
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

// PartThemes computes the themes of a part's candidates across the
// meeting's breakout groups (in the order of groups), with the stored
// edits re-applied: what the plenary page shows. It reads the candidates
// of every group in one query. byID gives the statements by id.
func (db *DB) PartThemes(ctx context.Context, meetingID, partID string, groups []*domain.Group, tr themes.Translator) (res *themes.Result, byID map[string]*domain.Statement, te *ThemeEdits, err error) {
	if te, err = db.ThemeEdits(ctx, meetingID, partID); err != nil {
		return nil, nil, nil, err
	}
	set, err := db.RankingSettings(ctx, partID)
	if err != nil {
		return nil, nil, nil, err
	}
	kinds := set.Candidates.Kinds()
	args := []any{meetingID, partID}
	for _, k := range kinds {
		args = append(args, string(k))
	}
	rows, err := db.query(ctx, `SELECT `+statementCols+` FROM statements s
		WHERE s.meeting_id = ? AND s.part_id = ? AND s.group_id IS NOT NULL AND s.merged_into IS NULL AND s.kind IN (`+placeholders(len(kinds))+`)
		ORDER BY s.seq`, args...)
	sts, err := scanAll(rows, err, scanStatement)
	if err != nil {
		return nil, nil, nil, db.mapErr(err)
	}
	byGroup := map[string][]*domain.Statement{}
	for _, st := range sts {
		byGroup[st.GroupID] = append(byGroup[st.GroupID], st)
	}
	var in []themes.Statement
	byID = map[string]*domain.Statement{}
	for _, g := range groups {
		for _, st := range byGroup[g.ID] {
			// No body and no author: the themes name groups only.
			in = append(in, themes.Statement{ID: st.ID, Text: st.Text, Language: st.Lang, Group: g.Name, Region: g.Region})
			byID[st.ID] = st
		}
	}
	if len(in) == 0 {
		return &themes.Result{}, byID, te, nil
	}
	res, err = themes.Compute(ctx, in, themes.Options{Previous: te.Previous, Edits: te.Edits, Translator: tr})
	if err != nil {
		return nil, nil, nil, err
	}
	return res, byID, te, nil
}

// Provenance gathers where a candidate overall recommendation of the
// meeting comes from (see [Provenance]); tr is the themes engine's
// translator, as for the plenary page. ENOTFOUND when the meeting has no
// such candidate. It reads a fixed number of queries, plus a few per
// breakout group whose ranking is still provisional, whatever the number
// of statements.
func (db *DB) Provenance(ctx context.Context, meetingID, candidateID string, tr themes.Translator) (*Provenance, error) {
	var partID string
	if err := db.queryRow(ctx, `SELECT part_id FROM overall_candidates WHERE id = ? AND meeting_id = ?`, candidateID, meetingID).Scan(&partID); err != nil {
		return nil, db.notFound(err, "candidate")
	}
	m, err := db.Meeting(ctx, meetingID)
	if err != nil {
		return nil, err
	}
	groups, err := db.Groups(ctx, meetingID)
	if err != nil {
		return nil, err
	}
	p := &Provenance{Groups: len(groups), Statements: []ProvenanceStmt{}, Inputs: []ProvenanceInput{}}

	// The plenary's count and the confirmation.
	t, err := db.OverallTally(ctx, meetingID, partID)
	if err != nil {
		return nil, err
	}
	for i, c := range t.Candidates {
		if c.ID == candidateID {
			p.Candidate, p.Label = c, "R"+strconv.Itoa(i+1)
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
	conf, err := db.OverallConfirmation(ctx, meetingID, partID)
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

	// The theme as it stands now.
	if err := db.provenanceTheme(ctx, p, meetingID, partID, groups, tr); err != nil {
		return nil, err
	}

	// The statements, following merges to the standing statements.
	stmts, err := db.statementsByID(ctx, p.Candidate.Statements)
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
		next, err := db.statementsByID(ctx, more)
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
	for _, id := range p.Candidate.Statements {
		if c := counted(id); c != nil {
			countedIDs = append(countedIDs, c.ID)
			groupsUsed[c.GroupID] = true
		}
	}
	totals, err := db.voteTotals(ctx, countedIDs)
	if err != nil {
		return nil, err
	}
	places, err := db.groupPlaces(ctx, meetingID, partID, groupsUsed)
	if err != nil {
		return nil, err
	}
	var sources []string
	for _, id := range p.Candidate.Statements {
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
			ps.Votes = totals[c.ID]
			ps.Ranking = places[c.GroupID].place(c.ID)
		}
		if st.SourceID != "" && !slices.Contains(sources, st.SourceID) {
			sources = append(sources, st.SourceID)
		}
		p.Statements = append(p.Statements, ps)
	}

	// The contributions the statements were taken from.
	if err := db.provenanceInputs(ctx, p, m, sources); err != nil {
		return nil, err
	}
	return p, nil
}

// provenanceTheme fills the theme: as the themes stand now, else as the
// edits and the last result left it.
func (db *DB) provenanceTheme(ctx context.Context, p *Provenance, meetingID, partID string, groups []*domain.Group, tr themes.Translator) error {
	id := p.Candidate.ThemeID
	p.Theme = ProvenanceTheme{ID: id}
	res, _, te, err := db.PartThemes(ctx, meetingID, partID, groups, tr)
	if err != nil {
		return err
	}
	for _, th := range res.Themes {
		if th.ID == id && id != "" {
			p.Theme.Exists, p.Theme.Label, p.Theme.Edited = true, th.Label, th.LabelEdited
			p.Theme.GroupsNow, p.Theme.SizeNow = len(th.Groups), len(th.Members)
			return nil
		}
	}
	// Gone: the last label a person gave it, else the last one computed.
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
	return nil
}

// statementsByID reads statements by id in one query per 500.
func (db *DB) statementsByID(ctx context.Context, ids []string) (map[string]*domain.Statement, error) {
	out := map[string]*domain.Statement{}
	for chunk := range slices.Chunk(ids, 500) {
		args := make([]any, len(chunk))
		for i, id := range chunk {
			args[i] = id
		}
		rows, err := db.query(ctx, `SELECT `+statementCols+` FROM statements s WHERE s.id IN (`+placeholders(len(chunk))+`)`, args...)
		sts, err := scanAll(rows, err, scanStatement)
		if err != nil {
			return nil, db.mapErr(err)
		}
		for _, st := range sts {
			out[st.ID] = st
		}
	}
	return out, nil
}

// voteTotals counts the votes of statements, by statement id.
func (db *DB) voteTotals(ctx context.Context, ids []string) (map[string]Votes, error) {
	out := map[string]Votes{}
	for chunk := range slices.Chunk(ids, 500) {
		args := make([]any, len(chunk))
		for i, id := range chunk {
			args[i] = id
		}
		rows, err := db.query(ctx, `SELECT statement_id, SUM(CASE WHEN value = 1 THEN 1 ELSE 0 END), SUM(CASE WHEN value = -1 THEN 1 ELSE 0 END),
			SUM(CASE WHEN value = 0 THEN 1 ELSE 0 END) FROM votes WHERE statement_id IN (`+placeholders(len(chunk))+`) GROUP BY statement_id`, args...)
		if err != nil {
			return nil, db.mapErr(err)
		}
		for rows.Next() {
			var id string
			var t Votes
			if err := rows.Scan(&id, &t.Agree, &t.Disagree, &t.Pass); err != nil {
				rows.Close()
				return nil, db.mapErr(err)
			}
			out[id] = t
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, db.mapErr(err)
		}
	}
	return out, nil
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
func (db *DB) groupPlaces(ctx context.Context, meetingID, partID string, groups map[string]bool) (map[string]*groupRanking, error) {
	out := map[string]*groupRanking{}
	if len(groups) == 0 {
		return out, nil
	}
	args := []any{meetingID, partID}
	var ids []string
	for id := range groups {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		args = append(args, id)
	}
	rows, err := db.query(ctx, `SELECT `+reportCols+` FROM group_reports WHERE meeting_id = ? AND part_id = ? AND group_id IN (`+placeholders(len(ids))+`)`, args...)
	reps, err := scanAll(rows, err, scanReport)
	if err != nil {
		return nil, db.mapErr(err)
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
		t, err := db.Tally(ctx, meetingID, id, partID)
		if err != nil {
			return nil, err
		}
		out[id] = &groupRanking{method: t.Settings.Method, result: t.Result, top: t.Top, ballots: t.Ballots}
	}
	return out, nil
}

// provenanceInputs reads the contributions and their bodies, naming the
// bodies only when the meeting attributes.
func (db *DB) provenanceInputs(ctx context.Context, p *Provenance, m *domain.Meeting, ids []string) error {
	if len(ids) == 0 {
		return nil
	}
	cs, err := db.ContributionsByID(ctx, ids)
	if err != nil {
		return err
	}
	var bodyIDs []any
	for _, c := range cs {
		if c.BodyID != "" {
			bodyIDs = append(bodyIDs, c.BodyID)
		}
	}
	type body struct {
		name, region string
		kind         domain.BodyKind
	}
	bodies := map[string]body{}
	if len(bodyIDs) > 0 {
		rows, err := db.query(ctx, `SELECT id, name, kind, region FROM bodies WHERE id IN (`+placeholders(len(bodyIDs))+`)`, bodyIDs...)
		if err != nil {
			return db.mapErr(err)
		}
		for rows.Next() {
			var id, kind string
			var b body
			if err := rows.Scan(&id, &b.name, &kind, &b.region); err != nil {
				rows.Close()
				return db.mapErr(err)
			}
			b.kind = domain.BodyKind(kind)
			bodies[id] = b
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return db.mapErr(err)
		}
	}
	attributed := !m.NonAttribution
	for _, c := range cs {
		in := ProvenanceInput{ID: c.ID, MeetingID: c.MeetingID, Kind: c.Kind, Status: c.Status, Title: c.Title, Text: c.Text, Lang: c.Lang,
			Regions: c.Regions, Attributed: attributed, Statements: []string{}}
		if in.Regions == nil {
			in.Regions = []string{}
		}
		if b, ok := bodies[c.BodyID]; ok {
			in.BodyKind, in.BodyRegion = b.kind, b.region
			if attributed {
				in.BodyID, in.BodyName = c.BodyID, b.name
			}
		}
		for _, st := range p.Statements {
			if st.Source == c.ID {
				in.Statements = append(in.Statements, st.ID)
			}
		}
		p.Inputs = append(p.Inputs, in)
	}
	return nil
}
