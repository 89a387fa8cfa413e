package live

import (
	"math"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/opinion"
)

// ShownDivisive is how many of the statements that divide a conversation
// a view lists, the most divisive first, among those the view keeps.
const ShownDivisive = 5

// ShownTypical is how many of the statements that set an opinion group
// apart a view lists, those that set it apart most first.
const ShownTypical = 3

// Shown is a statement as a live view shows it: its text, its part and
// whether a partner wrote it, never its author or its body.
type Shown struct {
	ID   string
	Text string
	Lang string
	// Part is the statement's session part, "" for every part.
	Part      string
	ByPartner bool
}

// Layout is a conversation's analysis laid out for people: aggregates
// only, under the rules every live view follows (see [Snapshot.Layout]).
type Layout struct {
	// Analysed is true when an opinion analysis exists (there are votes).
	Analysed bool
	// How sure the analysis is: Resamples is 0 when the bootstrap did not
	// run (too few votes); KAgreement (-1 when unknown) and GroupsMatch
	// are percents.
	Resamples   int
	KAgreement  int
	GroupsMatch int
	// Groups are the opinion groups, by id.
	Groups []OpinionGroup
	// Agree and Reject are what the conversation agrees on and agrees to
	// reject; Divisive what divides it, the most divisive first.
	Agree    []Consensus
	Reject   []Consensus
	Divisive []Divisive
}

// OpinionGroup is one opinion group.
type OpinionGroup struct {
	ID        int
	Name      string // "A"
	Size      int
	Stability int // percent, -1 when unknown
	Center    [2]float64
	// Small is true for a group of fewer than [domain.MinVoters] people:
	// its Typical statements are not listed.
	Small   bool
	Typical []TypicalRow
}

// TypicalRow is a statement that sets an opinion group apart, listed only
// when at least [domain.MinVoters] of the group's members voted on it.
type TypicalRow struct {
	Shown
	Agree bool // the group agrees with it; otherwise it disagrees
	N, Of int  // N of the Of members of the group who voted on it voted that way
}

// Consensus is a statement the conversation agrees on (or agrees to
// reject), listed only when at least [domain.MinVoters] people voted on it.
type Consensus struct {
	Shown
	N, Of     int // N of the Of people who voted on it voted that way
	Stability int // percent, -1 when unknown
}

// Divisive is a statement that divides the conversation, with the opinion
// groups that agree with it most and least (both empty when fewer than two
// groups are large enough to be shown).
type Divisive struct {
	Shown
	Most      string
	MostNet   int // its net agreement, percent
	Least     string
	LeastNet  int
	Stability int // percent, -1 when unknown
	// ByGroup is the net agreement of each opinion group large enough to
	// be shown.
	ByGroup []GroupNet
}

// GroupNet is an opinion group's net agreement with a statement, percent.
type GroupNet struct {
	Name string
	Net  int
}

// Layout lays out the snapshot's analysis. keep chooses the statements
// the view lists (nil: all): the agreement, the rejection and the
// statements that divide, of which the first ShownDivisive kept are
// listed, so that a view leaving some out (another part's, or partners'
// under a filter) still lists as many as there are. The opinion groups'
// own figures are listed only for groups of [domain.MinVoters] people or
// more, and a statement's share ("N of Of agree") only when at least
// domain.MinVoters people voted on it: the rule every view of votes follows.
func (s *Snapshot) Layout(keep func(Shown) bool) Layout {
	if s == nil {
		return Layout{KAgreement: -1}
	}
	return s.layout(s.Result, keep)
}

// PartLayout lays out the analysis of one part's votes ([Snapshot.PartResult]),
// as Layout does the whole conversation's: the opinion groups, the
// certainty figures and the statements' stability are those of the
// part's votes. A view of one part keeps to the part's statements with
// keep.
func (s *Snapshot) PartLayout(part string, keep func(Shown) bool) Layout {
	if s == nil {
		return Layout{KAgreement: -1}
	}
	return s.layout(s.PartResult(part), keep)
}

func (s *Snapshot) layout(res *opinion.Result, keep func(Shown) bool) Layout {
	l := Layout{KAgreement: -1}
	if res == nil {
		return l
	}
	l.Analysed = true
	byID := make(map[string]*domain.Statement, len(s.Statements))
	for _, st := range s.Statements {
		byID[st.ID] = st
	}
	shown := func(seq int64) Shown {
		id := s.StatementIDs[seq]
		st := byID[id]
		if st == nil {
			return Shown{ID: id}
		}
		return Shown{ID: st.ID, Text: st.Text, Lang: st.Lang, Part: st.PartID, ByPartner: st.ByPartner}
	}
	kept := func(sh Shown) bool { return keep == nil || keep(sh) }
	if st := res.Stability; st != nil {
		l.Resamples, l.KAgreement, l.GroupsMatch = st.Resamples, pct(st.KAgreement), pct(math.Max(0, st.MeanARI))
	}
	for _, g := range res.Groups {
		og := OpinionGroup{ID: g.ID, Name: opinion.GroupName(g.ID), Size: g.Size, Stability: pctOrUnknown(g.Stability), Center: g.Center,
			Small: !domain.FiguresShown(g.Size)}
		for _, rp := range g.Repness {
			if len(og.Typical) == ShownTypical || og.Small {
				break
			}
			if !domain.FiguresShown(count(rp.NTrials)) {
				continue
			}
			og.Typical = append(og.Typical, TypicalRow{Shown: shown(rp.Statement), Agree: rp.Direction == opinion.DirAgree,
				N: count(rp.NSuccess), Of: count(rp.NTrials)})
		}
		l.Groups = append(l.Groups, og)
	}
	for _, c := range res.Consensus.Agree {
		if sh := shown(c.Statement); kept(sh) && domain.FiguresShown(count(c.NTrials)) {
			l.Agree = append(l.Agree, Consensus{Shown: sh, N: count(c.NSuccess), Of: count(c.NTrials), Stability: pctOrUnknown(c.Stability)})
		}
	}
	for _, c := range res.Consensus.Disagree {
		if sh := shown(c.Statement); kept(sh) && domain.FiguresShown(count(c.NTrials)) {
			l.Reject = append(l.Reject, Consensus{Shown: sh, N: count(c.NSuccess), Of: count(c.NTrials), Stability: pctOrUnknown(c.Stability)})
		}
	}
	for _, d := range res.Divisive {
		if len(l.Divisive) == ShownDivisive {
			break
		}
		sh := shown(d.Statement)
		if !kept(sh) {
			continue
		}
		row := Divisive{Shown: sh, Stability: pctOrUnknown(d.Stability)}
		most, least := -1, -1
		for gi, net := range d.ByGroup {
			if gi >= len(res.Groups) {
				break
			}
			if !domain.FiguresShown(res.Groups[gi].Size) {
				continue
			}
			row.ByGroup = append(row.ByGroup, GroupNet{Name: opinion.GroupName(res.Groups[gi].ID), Net: pct(net)})
			if most < 0 || net > d.ByGroup[most] {
				most = gi
			}
			if least < 0 || net < d.ByGroup[least] {
				least = gi
			}
		}
		if most >= 0 && least >= 0 && most != least {
			row.Most, row.MostNet = opinion.GroupName(res.Groups[most].ID), pct(d.ByGroup[most])
			row.Least, row.LeastNet = opinion.GroupName(res.Groups[least].ID), pct(d.ByGroup[least])
		}
		l.Divisive = append(l.Divisive, row)
	}
	return l
}

func pct(f float64) int { return int(math.Round(100 * f)) }

func pctOrUnknown(f *float64) int {
	if f == nil {
		return -1
	}
	return pct(*f)
}

// count rounds a tally of votes (weights in the opinion engine).
func count(f float64) int { return int(math.Round(f)) }
