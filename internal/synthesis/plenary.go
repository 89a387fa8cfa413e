package synthesis

import (
	"context"
	"math"
	"slices"
	"strings"

	"github.com/plenary-org/plenary/internal/deliberation"
	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/live"
	"github.com/plenary-org/plenary/internal/rank"
	"github.com/plenary-org/plenary/internal/store"
	"github.com/plenary-org/plenary/internal/themes"
)

// From says whose statements the plenary shows.
type From string

// The plenary's filters.
const (
	FromAll        From = "all"
	FromPartners   From = "partners"   // partners' statements only
	FromMechanisms From = "mechanisms" // the mechanisms' and states' only
)

// Froms are the plenary's filters, in the order the pages offer them.
var Froms = []From{FromAll, FromPartners, FromMechanisms}

// keeps reports whether the filter shows a statement by a partner or not.
func (f From) keeps(byPartner bool) bool {
	switch f {
	case FromPartners:
		return byPartner
	case FromMechanisms:
		return !byPartner
	}
	return true
}

// PlenaryInput asks for the plenary's synthesis of one breakout part.
type PlenaryInput struct {
	MeetingID string
	// PartID is the breakout part; empty for the meeting's first.
	PartID string
	// Lang is the language to read the groups' reports in: a report
	// without a text in it is read in its own language, as it is when
	// Lang is empty.
	Lang string
	// From filters the statements by whom they come from; empty for all.
	From From
}

// Plenary is the plenary's side-by-side synthesis of the breakout groups of
// one session part: a column per group, then the themes repeated across
// groups. It names no author and no body: statements are shown by their
// text and their group only, and marked when a partner wrote them.
type Plenary struct {
	Meeting *domain.Meeting
	// Part is nil when the meeting has no breakout part; nothing below
	// Parts and Groups is filled then.
	Part *domain.Part
	// Parts are the meeting's breakout parts in the agenda's order.
	Parts []PartChoice
	// Groups are the meeting's breakout groups (the M of "in N of M
	// groups"), whether or not they have written anything yet.
	Groups  []*domain.Group
	From    From
	CanEdit bool // the actor edits the themes ([domain.Actor.CanEditPlenary])
	LiveOff bool // the server runs without live analysis
	// FollowUp is true when the part's candidates are follow-up
	// mechanisms rather than recommendations and commitments.
	FollowUp bool
	// Questions are the guiding questions the part asks, which the
	// groups' reports answer (see [Column.Answers]).
	Questions []*domain.ItemNode
	Columns   []Column
	// Themes are the themes of two statements or more, those repeated
	// across groups first; Singles the statements no other resembles.
	// Both keep to the statements From shows, and leave out themes left
	// empty.
	Themes  []Theme
	Singles []Theme
	// Choices are every theme, whatever From shows, for the edit forms.
	Choices []ThemeChoice
	// Statements is how many statements the themes were found in; Edits
	// the edits of the chair and the secretariat, Unapplied those that no
	// longer fit the themes, Version the version of the edits (to send
	// with the next edit).
	Statements int
	Edits      int
	Unapplied  int
	Version    int
	// Candidates counts the part's candidate statements, Partners those
	// of them that partners wrote, whatever From shows.
	Candidates int
	Partners   int
	// Overall is where the plenary's overall recommendations stand.
	Overall PlenaryOverall
}

// PlenaryOverall is where the plenary's overall recommendations of a part
// stand: the candidates (R1, R2... in the order they were added) while
// the plenary ranks them, and once the chair confirmed, the confirmed
// ones in their order.
type PlenaryOverall struct {
	Candidates []Candidate
	// Confirmed are the confirmed recommendations, in the confirmation's
	// order; empty while ranking is open.
	Confirmed []Candidate
}

// Column is one breakout group's column.
type Column struct {
	Group *domain.Group
	// Submitted is true when the top five come from the group's submitted
	// report; otherwise they are the current tally's, provisional.
	Submitted bool
	Method    rank.Method
	Ballots   int
	// Top are the group's five (of those From shows), Tied the candidates
	// tied across the cut.
	Top  []TopItem
	Tied []TopItem
	// The report's texts, in TextLang: the answers to the part's guiding
	// questions that the report answers (in the agenda's order), the
	// rapporteur's points of general agreement and of disagreement, and
	// the fixed follow-up mechanisms and role of RCPs (see
	// [store.ReportText]).
	Answers      []Answer
	Agreement    string
	Disagreement string
	FollowUp     string
	RCPRole      string
	TextLang     string
	// Live is the group's live analysis; nil without live analysis.
	Live *Live
	// Statements counts the group's candidate statements in the part,
	// whatever From shows.
	Statements int
}

// Empty reports whether the group has nothing in the part yet: no
// candidate statement, no report text, no vote. The page folds such
// groups into one line.
func (c Column) Empty() bool {
	return c.Statements == 0 && len(c.Top) == 0 && len(c.Tied) == 0 && len(c.Answers) == 0 && c.Agreement == "" && c.Disagreement == "" &&
		c.FollowUp == "" && c.RCPRole == "" && (c.Live == nil || !c.Live.Analysed && c.Live.Votes == 0)
}

// Answer is a group report's answer to one of the part's guiding
// questions.
type Answer struct {
	Question *domain.ItemNode
	Text     string
}

// TopItem is one of a group's five, or a candidate tied across the cut.
type TopItem struct {
	ID        string
	Text      string
	Lang      string
	ByPartner bool // a partner's statement, never which partner
	Place     int  // its place among the group's five, from 1; 0 when tied
}

// Live is what a group's conversation agrees on, rejects and is divided
// by, as a plenary column shows it: the lists keep to the part's
// statements (and those of no part) that From shows, though the analysis
// covers the whole conversation.
type Live struct {
	// Participants and Votes count the part's statements only.
	Participants int
	Votes        int
	live.Layout
}

// Theme is one theme as the plenary reads it, laid out by group.
type Theme struct {
	ID     string
	Label  string
	Edited bool // the label is a person's
	Terms  []string
	// N is the number of groups it spans (of the statements From shows).
	N int
	// Size is how many statements it holds, whatever From shows: the edit
	// forms go by it.
	Size    int
	ByGroup []ThemeGroup // in the meeting's order of groups
}

// ThemeGroup is a theme's statements from one group.
type ThemeGroup struct {
	Group      *domain.Group
	Statements []ThemeStatement
}

// ThemeStatement is a statement in a theme, with how sure the engine is
// that it belongs there, or that a person placed it.
type ThemeStatement struct {
	ID         string
	Text       string
	Lang       string
	Confidence int  // percent
	Pinned     bool // placed by the chair or the secretariat
	ByPartner  bool
}

// ThemeChoice names a theme in the edit forms.
type ThemeChoice struct {
	ID, Label string
}

// checkPlenaryInput checks the filter and the language.
func checkPlenaryInput(in *PlenaryInput) error {
	var errs domain.Errors
	if in.From == "" {
		in.From = FromAll
	} else if !slices.Contains(Froms, in.From) {
		errs = append(errs, domain.Invalid("from", "plenary.error_from", "choose all, partners or mechanisms"))
	}
	if in.Lang != "" && !slices.Contains(domain.Locales, in.Lang) {
		errs = append(errs, domain.Invalid("lang", "error.locale", "must be one of %s", strings.Join(domain.Locales, ", ")))
	}
	return errs.Err()
}

// Plenary reads the plenary's synthesis of a breakout part for whoever may
// see the meeting: each group's five (from its submitted report, else from
// the current tally, provisional), its report's texts and its live
// analysis, then the themes across groups with the stored edits
// re-applied. Errors: those of [Service.BreakoutPart], and
// [domain.EINVALID] for an unknown filter or language.
func (s *Service) Plenary(ctx context.Context, a *domain.Actor, in PlenaryInput) (*Plenary, error) {
	if err := checkPlenaryInput(&in); err != nil {
		return nil, err
	}
	p, err := s.BreakoutPart(ctx, a, in.MeetingID, in.PartID)
	if err != nil {
		return nil, err
	}
	out := &Plenary{Meeting: p.Meeting, Part: p.Part, Parts: p.Parts, Groups: p.Groups, Questions: p.Questions, From: in.From, CanEdit: p.CanEdit(a), LiveOff: s.live == nil}
	if p.Part == nil {
		return out, nil
	}
	set, err := s.db.RankingSettings(ctx, p.Part.ID)
	if err != nil {
		return nil, err
	}
	out.FollowUp = set.Candidates == store.CandidatesFollowUp
	for _, g := range p.Groups {
		col, err := s.column(ctx, p.Meeting.ID, g, p.Part.ID, p.Questions, in.Lang, in.From)
		if err != nil {
			return nil, err
		}
		out.Columns = append(out.Columns, col)
	}
	pt, err := s.partThemes(ctx, p)
	if err != nil {
		return nil, err
	}
	out.layThemes(pt, p.Groups)
	byGroup := map[string]int{}
	for _, st := range pt.Statements {
		byGroup[st.GroupID]++
	}
	for i := range out.Columns {
		out.Columns[i].Statements = byGroup[out.Columns[i].Group.ID]
	}
	if out.Overall, err = s.plenaryOverall(ctx, p.Meeting.ID, p.Part.ID); err != nil {
		return nil, err
	}
	return out, nil
}

// plenaryOverall reads the part's candidate overall recommendations and
// the confirmed ones.
func (s *Service) plenaryOverall(ctx context.Context, meetingID, partID string) (PlenaryOverall, error) {
	var o PlenaryOverall
	cands, err := s.db.OverallCandidates(ctx, meetingID, partID)
	if err != nil {
		return o, err
	}
	o.Candidates = labelled(cands)
	conf, err := s.confirmation(ctx, meetingID, partID)
	if err != nil || conf == nil {
		return o, err
	}
	for _, id := range conf.Selected {
		for _, c := range o.Candidates {
			if c.ID == id {
				o.Confirmed = append(o.Confirmed, c)
			}
		}
	}
	return o, nil
}

// column reads one group's column: its five from its submitted report,
// else from the current tally (provisional), its report's texts in lang
// (else in their own), and its live analysis.
func (s *Service) column(ctx context.Context, meetingID string, g *domain.Group, partID string, questions []*domain.ItemNode, lang string, from From) (Column, error) {
	col := Column{Group: g}
	rep, err := s.db.Report(ctx, g.ID, partID)
	switch {
	case err == nil:
		t, tl := rep.Text(lang)
		col.FollowUp, col.RCPRole, col.Agreement, col.Disagreement, col.TextLang = t.FollowUp, t.RCPRole, t.Agreement, t.Disagreement, tl
		for _, q := range questions {
			if a := t.Answers[q.ID]; a != "" {
				col.Answers = append(col.Answers, Answer{Question: q, Text: a})
			}
		}
	case domain.ErrorCode(err) != domain.ENOTFOUND:
		return col, err
	}
	type cand struct {
		text, lang string
		partner    bool
	}
	cands := map[string]cand{}
	var top rank.Top
	if rep != nil && rep.Snapshot != nil {
		sn := rep.Snapshot
		col.Submitted, col.Method, col.Ballots, top = true, sn.Method, sn.Ballots, sn.Top
		for _, c := range sn.Candidates {
			cands[c.ID] = cand{c.Text, c.Lang, c.ByPartner}
		}
	} else {
		t, err := deliberation.GroupTally(ctx, s.db, meetingID, g.ID, partID)
		if err != nil {
			return col, err
		}
		col.Method, col.Ballots, top = t.Settings.Method, t.Ballots, t.Top
		for _, c := range t.Candidates {
			cands[c.ID] = cand{c.Text, c.Lang, c.ByPartner}
		}
	}
	// The five keep their places in the group's ranking under a filter.
	for i, id := range top.Selected {
		if c := cands[id]; from.keeps(c.partner) {
			col.Top = append(col.Top, TopItem{ID: id, Text: c.text, Lang: c.lang, ByPartner: c.partner, Place: i + 1})
		}
	}
	for _, id := range top.Tied {
		if c := cands[id]; from.keeps(c.partner) {
			col.Tied = append(col.Tied, TopItem{ID: id, Text: c.text, Lang: c.lang, ByPartner: c.partner})
		}
	}
	if s.live != nil {
		key := live.Key{Meeting: meetingID, Group: g.ID}
		snap := s.live.Latest(key)
		if snap == nil {
			if snap, err = s.live.Current(ctx, key); err != nil {
				return col, err
			}
		}
		col.Live = columnLive(snap, partID, from)
	}
	return col, nil
}

// columnLive lays out a group's analysis for the column of one part: the
// analysis of the part's votes (its opinion groups and how sure it is;
// the group's conversation covers every part), the part's counts, and the
// part's statements (and those of no part) that the filter shows.
func columnLive(snap *live.Snapshot, partID string, from From) *Live {
	pc := snap.ForPart(partID)
	return &Live{Participants: pc.Participants, Votes: pc.Votes, Layout: snap.PartLayout(partID, func(st live.Shown) bool {
		return (st.Part == "" || st.Part == partID) && from.keeps(st.ByPartner)
	})}
}

// layThemes lays out the themes by group and counts the candidates and
// the edits.
func (p *Plenary) layThemes(pt *PartThemes, groups []*domain.Group) {
	res := pt.Result
	p.Version, p.Edits, p.Statements = pt.Edits.Version, len(pt.Edits.Edits), len(res.Statements)
	p.Candidates = len(pt.Statements)
	for _, st := range pt.Statements {
		if st.ByPartner {
			p.Partners++
		}
	}
	for _, o := range res.Edits {
		if !o.Applied {
			p.Unapplied++
		}
	}
	for _, th := range res.Themes {
		p.Choices = append(p.Choices, ThemeChoice{ID: th.ID, Label: th.Label})
		tv, ok := themeOf(th, pt.Statements, groups, p.From)
		if !ok {
			continue
		}
		if tv.Size > 1 {
			p.Themes = append(p.Themes, tv)
		} else {
			p.Singles = append(p.Singles, tv)
		}
	}
}

// themeOf lays out a theme by group, in the meeting's order of groups,
// with the statements from shows; false when it shows none.
func themeOf(th themes.Theme, byID map[string]*domain.Statement, groups []*domain.Group, from From) (Theme, bool) {
	tv := Theme{ID: th.ID, Label: th.Label, Edited: th.LabelEdited, Terms: th.Terms, N: len(th.Groups), Size: len(th.Members)}
	byGroup := map[string][]ThemeStatement{}
	for _, m := range th.Members {
		st := byID[m.ID]
		if st == nil || !from.keeps(st.ByPartner) {
			continue
		}
		byGroup[st.GroupID] = append(byGroup[st.GroupID], ThemeStatement{ID: st.ID, Text: st.Text, Lang: st.Lang,
			Confidence: int(math.Round(100 * m.Confidence)), Pinned: m.Pinned, ByPartner: st.ByPartner})
	}
	for _, g := range groups {
		if sts := byGroup[g.ID]; len(sts) > 0 {
			tv.ByGroup = append(tv.ByGroup, ThemeGroup{Group: g, Statements: sts})
		}
	}
	if from != FromAll {
		tv.N = len(tv.ByGroup)
	}
	return tv, len(tv.ByGroup) > 0 || from == FromAll
}
