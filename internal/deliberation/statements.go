package deliberation

import (
	"cmp"
	"context"
	"slices"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/live"
	"github.com/plenary-org/plenary/internal/store"
	"github.com/plenary-org/plenary/internal/themes/textproc"
)

// GroupWork is a breakout group's workspace as every page of it needs it:
// the group, its meeting, the breakout part chosen, and what the actor may
// do there.
type GroupWork struct {
	Scope   store.Scope
	Group   *domain.Group
	Meeting *domain.Meeting
	// Breakouts are the meeting's breakout parts in the agenda's order.
	Breakouts []Breakout
	// Part is the breakout part chosen, nil when the meeting has none;
	// Session is its session.
	Part    *domain.PartNode
	Session *domain.SessionNode
	// CanAdd, CanVote and CanMerge say whether the actor adds statements,
	// votes and merges statements in the group.
	CanAdd, CanVote, CanMerge bool

	all []*domain.Statement // the group's statements once read
}

// Breakout is a breakout part of a meeting with its session.
type Breakout struct {
	Part    *domain.PartNode
	Session *domain.SessionNode
}

// PartID returns the chosen part's ID, "" when none.
func (g *GroupWork) PartID() string {
	if g.Part == nil {
		return ""
	}
	return g.Part.ID
}

// Questions returns the guiding questions of the chosen part (see
// [domain.PartQuestions]).
func (g *GroupWork) Questions() []*domain.ItemNode {
	if g.Part == nil {
		return nil
	}
	return domain.PartQuestions(g.Session, g.Part)
}

// Key returns the live service's key of the group's conversation.
func (g *GroupWork) Key() live.Key { return live.Key{Meeting: g.Meeting.ID, Group: g.Group.ID} }

// GroupWork finds a group's workspace: it checks that the actor may see
// the group's work ([domain.ENOTFOUND] for those who may not see the
// meeting, [domain.EFORBIDDEN] for its other members) and picks the
// breakout part: the one named ([domain.EINVALID] when it is not one of
// the meeting's breakout parts), else the latest in which the group has
// statements, else the first.
func (s *Service) GroupWork(ctx context.Context, a *domain.Actor, in ConversationInput) (*GroupWork, error) {
	sc, err := s.visible(ctx, a, "group", in.GroupID)
	if err != nil {
		return nil, err
	}
	if !a.CanSeeGroupWork(sc.ProcessID, sc.MeetingID, in.GroupID) {
		return nil, domain.Forbidden()
	}
	g, err := s.db.Group(ctx, in.GroupID)
	if err != nil {
		return nil, err
	}
	ag, err := s.db.Agenda(ctx, sc.MeetingID)
	if err != nil {
		return nil, err
	}
	w := &GroupWork{Scope: sc, Group: g, Meeting: ag.Meeting,
		CanAdd:   a.CanAddStatement(sc.ProcessID, sc.MeetingID, in.GroupID),
		CanVote:  a.CanVote(sc.ProcessID, sc.MeetingID, in.GroupID),
		CanMerge: a.CanMergeStatements(sc.ProcessID, sc.MeetingID, in.GroupID)}
	for _, sn := range ag.Sessions {
		for _, p := range sn.Parts {
			if p.Kind == domain.PartBreakout {
				w.Breakouts = append(w.Breakouts, Breakout{Part: p, Session: sn})
			}
		}
	}
	pick := slices.IndexFunc(w.Breakouts, func(b Breakout) bool { return b.Part.ID == in.PartID })
	if in.PartID != "" && pick < 0 {
		return nil, errUnknownPart()
	}
	if pick < 0 && len(w.Breakouts) > 0 {
		pick = 0
		sts, err := s.statements(ctx, w)
		if err != nil {
			return nil, err
		}
		for i, b := range w.Breakouts {
			if slices.ContainsFunc(sts, func(st *domain.Statement) bool { return st.PartID == b.Part.ID }) {
				pick = i
			}
		}
	}
	if pick >= 0 {
		w.Part, w.Session = w.Breakouts[pick].Part, w.Breakouts[pick].Session
	}
	return w, nil
}

// statements returns every statement of the group, merged ones included,
// oldest first. Those written under the non-attribution rule were stored
// without author and body ([domain.Statement.Unattribute]).
func (s *Service) statements(ctx context.Context, w *GroupWork) ([]*domain.Statement, error) {
	if w.all == nil {
		all, err := s.db.Statements(ctx, w.Meeting.ID, w.Group.ID, "")
		if err != nil {
			return nil, err
		}
		w.all = all
	}
	return w.all, nil
}

// partStatements returns the group's statements of the chosen part (with
// those attached to no part, which belong to every part), standing ones
// and merged ones apart, oldest first.
func (s *Service) partStatements(ctx context.Context, w *GroupWork) (standing, merged []*domain.Statement, err error) {
	all, err := s.statements(ctx, w)
	if err != nil {
		return nil, nil, err
	}
	for _, st := range all {
		if st.PartID != "" && st.PartID != w.PartID() {
			continue
		}
		if st.MergedInto == "" {
			standing = append(standing, st)
		} else {
			merged = append(merged, st)
		}
	}
	return standing, merged, nil
}

// WorkspaceInput names a group's workspace: the group, the part (see
// [Service.GroupWork]) and the reader's interface language, in which the
// inputs of the group's region are searched.
type WorkspaceInput struct {
	GroupID, PartID string
	Lang            string
}

// Workspace is a breakout group's workspace page: its statements of the
// chosen part with their totals, its merges, its members and the
// published inputs of its region.
type Workspace struct {
	*GroupWork
	// Standing and Merged are the statements of the chosen part, oldest
	// first; under the non-attribution rule without author or body.
	Standing, Merged []*domain.Statement
	// Texts holds the text of every statement of the group, by ID, to
	// name the statement a merged one went into.
	Texts map[string]string
	// Totals are the vote figures of every statement of the chosen part,
	// by ID, as they may be shown ([domain.ShowVotes]).
	Totals map[string]domain.VoteFigures
	// Merges are the group's merges, newest first: only for those who
	// merge (CanMerge).
	Merges []*domain.StatementMerge
	// Members are the group's members; Authors names the authors of
	// statements by user ID (statements written under the non-attribution
	// rule have none), Mergers who merged.
	Members []store.MemberView
	Authors map[string]store.MemberView
	Mergers map[string]store.MemberView
	// Sources holds the titles of the contributions statements were drawn
	// from, by contribution ID, for those the actor may read.
	Sources map[string]string
	// Inputs are the published contributions of the group's region (the
	// 20 newest of InputsTotal); Used marks those drawn into a statement.
	Inputs      []*domain.Contribution
	InputsTotal int
	Used        map[string]bool
}

// Workspace reads a group's workspace (see [Service.GroupWork] for who
// may).
func (s *Service) Workspace(ctx context.Context, a *domain.Actor, in WorkspaceInput) (*Workspace, error) {
	gw, err := s.GroupWork(ctx, a, ConversationInput{GroupID: in.GroupID, PartID: in.PartID})
	if err != nil {
		return nil, err
	}
	v := &Workspace{GroupWork: gw, Texts: map[string]string{}, Totals: map[string]domain.VoteFigures{}, Sources: map[string]string{}, Used: map[string]bool{}}
	if v.Standing, v.Merged, err = s.partStatements(ctx, gw); err != nil {
		return nil, err
	}
	totals, err := s.db.ConversationTotals(ctx, gw.Meeting.ID, gw.Group.ID)
	if err != nil {
		return nil, err
	}
	for _, st := range slices.Concat(v.Standing, v.Merged) {
		t := totals[st.ID]
		v.Totals[st.ID] = domain.ShowVotes(t.Agree, t.Disagree, t.Pass)
	}
	members, err := s.db.Members(ctx, gw.Scope.ProcessID, gw.Meeting.ID)
	if err != nil {
		return nil, err
	}
	names := map[string]store.MemberView{}
	for _, m := range members {
		if m.GroupID == gw.Group.ID {
			v.Members = append(v.Members, m)
		}
		if _, ok := names[m.UserID]; !ok || m.BodyName != "" {
			names[m.UserID] = m
		}
	}
	v.Authors = names
	all, err := s.statements(ctx, gw)
	if err != nil {
		return nil, err
	}
	for _, st := range all {
		v.Texts[st.ID] = st.Text
		if st.SourceID == "" {
			continue
		}
		v.Used[st.SourceID] = true
		if _, ok := v.Sources[st.SourceID]; ok {
			continue
		}
		if c, err := s.db.Contribution(ctx, st.SourceID); err == nil && a.CanViewContribution(gw.Scope.ProcessID, c) {
			v.Sources[st.SourceID] = c.Title
		}
	}
	if gw.CanMerge {
		if v.Merges, err = s.db.Merges(ctx, gw.Meeting.ID, gw.Group.ID); err != nil {
			return nil, err
		}
		v.Mergers = names
	}
	if gw.Group.Region != "" {
		vis, err := s.db.VisibilityFor(ctx, a)
		if err != nil {
			return nil, err
		}
		// The inputs of the region are those of the regions within it,
		// by their countries: the Puebla Process's North America is in
		// the Americas.
		regions, err := s.db.RegionsWithin(ctx, gw.Meeting.ID, gw.Group.RegionID, gw.Group.Region, store.MaxFilterValues)
		if err != nil {
			return nil, err
		}
		if len(regions) == 0 {
			regions = []string{gw.Group.Region}
		}
		res, err := s.db.Search(ctx, vis, store.SearchQuery{MeetingIDs: []string{gw.Meeting.ID}, Regions: regions,
			Statuses: []domain.Status{domain.StatusPublished}, Lang: in.Lang, Sort: store.SortNewest, Limit: 20})
		if err != nil {
			return nil, err
		}
		v.Inputs, v.InputsTotal = res.Items, res.Total
	}
	return v, nil
}

// SourceInput names a contribution to draw a statement of a group from.
type SourceInput struct {
	GroupID, SourceID string
}

// Source returns a contribution to draw a statement of the group from: a
// published contribution of the group's meeting. Only those who add
// statements to the group may ([domain.EFORBIDDEN]); any other
// contribution is [domain.EINVALID].
func (s *Service) Source(ctx context.Context, a *domain.Actor, in SourceInput) (*domain.Contribution, error) {
	sc, err := s.visible(ctx, a, "group", in.GroupID)
	if err != nil {
		return nil, err
	}
	if !a.CanAddStatement(sc.ProcessID, sc.MeetingID, in.GroupID) {
		return nil, domain.Forbidden()
	}
	return s.source(ctx, a, sc, in.SourceID)
}

func (s *Service) source(ctx context.Context, a *domain.Actor, sc store.Scope, id string) (*domain.Contribution, error) {
	c, err := s.db.Contribution(ctx, id)
	if err != nil || c.MeetingID != sc.MeetingID || c.Status != domain.StatusPublished || !a.CanViewContribution(sc.ProcessID, c) {
		return nil, domain.Invalid("source", "statement.error_source", "choose a published contribution of this meeting")
	}
	return c, nil
}

// StatementInput is a statement to add to a group's conversation.
type StatementInput struct {
	GroupID string
	// PartID is the breakout part it is discussed in (see
	// [Service.GroupWork] for the one taken when empty).
	PartID string
	Kind   domain.ContributionKind
	Text   string
	// Lang is the statement's language; when empty it is told from the
	// text.
	Lang string
	// SourceID is the contribution it is drawn from, "" when none.
	SourceID string
}

// AddStatement adds a statement to a group's conversation, in the name of
// the actor. Those who vote in the group and whoever manages the meeting
// may ([domain.EFORBIDDEN] for other members of the meeting and for
// observers). The statement speaks for the body of the actor's delegate or
// partner membership in the group, if any ([domain.Actor.GroupBody]); it
// is a partner's statement when that membership is a partner's or when it
// is drawn from a partner's contribution. Without a language, the
// language is told from the text; when it cannot be, the statement is
// refused ([domain.EINVALID] on "lang"). Under the meeting's
// non-attribution rule the statement is stored, and returned, without its
// author and body.
func (s *Service) AddStatement(ctx context.Context, a *domain.Actor, in StatementInput) (*domain.Statement, error) {
	gw, err := s.GroupWork(ctx, a, ConversationInput{GroupID: in.GroupID, PartID: in.PartID})
	if err != nil {
		return nil, err
	}
	if !gw.CanAdd {
		return nil, domain.Forbidden()
	}
	st := &domain.Statement{MeetingID: gw.Meeting.ID, GroupID: gw.Group.ID, PartID: gw.PartID(), Kind: in.Kind, Text: in.Text, Lang: in.Lang, AuthorID: a.User.ID}
	st.BodyID, st.ByPartner = a.GroupBody(gw.Scope.ProcessID, gw.Meeting.ID, gw.Group.ID)
	if in.SourceID != "" {
		c, err := s.source(ctx, a, gw.Scope, in.SourceID)
		if err != nil {
			return nil, err
		}
		st.SourceID = c.ID
		if !st.ByPartner {
			if st.ByPartner, err = s.db.FromPartner(ctx, c); err != nil {
				return nil, err
			}
		}
	}
	if st.Lang == "" {
		st.Lang = textproc.Detect(st.Text)
		if !slices.Contains(domain.Locales, st.Lang) {
			return nil, domain.Invalid("lang", "statement.error_lang", "the language could not be told from the text: choose it")
		}
	}
	if err := s.db.CreateStatement(ctx, st); err != nil {
		return nil, err
	}
	return st, nil
}

// Statements is a conversation's statements as the actor may read them.
type Statements struct {
	*Conversation
	// Items are the statements of the part, merged ones included, oldest
	// first; under the non-attribution rule without author or body.
	Items []*domain.Statement
}

// Statements lists the statements of a group in one part (those attached
// to that part only). The group's members and whoever manages the meeting
// may read them ([domain.EFORBIDDEN] for other members of the meeting).
func (s *Service) Statements(ctx context.Context, a *domain.Actor, in ConversationInput) (*Statements, error) {
	c, err := s.conversation(ctx, a, in)
	if err != nil {
		return nil, err
	}
	if !a.CanSeeGroupWork(c.Scope.ProcessID, c.Scope.MeetingID, c.Group.ID) {
		return nil, domain.Forbidden()
	}
	sts, err := s.db.Statements(ctx, c.Scope.MeetingID, c.Group.ID, c.Part.ID)
	if err != nil {
		return nil, err
	}
	return &Statements{Conversation: c, Items: sts}, nil
}

// VoteQueue is what the voting page shows a member: the next statement to
// vote on and how far they are.
type VoteQueue struct {
	*GroupWork
	// Next is the statement to vote on, nil when every one was voted on
	// (or the actor does not vote in the group).
	Next *domain.Statement
	// Voted is how many statements of the part the actor voted on, of
	// Total that stand.
	Voted, Total int
}

// VoteQueue reads the voting page of a group (see [Service.GroupWork] for
// who may): for those who vote, the statement to show next, in the order
// the latest analysis suggests (see nextStatement).
func (s *Service) VoteQueue(ctx context.Context, a *domain.Actor, in ConversationInput) (*VoteQueue, error) {
	gw, err := s.GroupWork(ctx, a, in)
	if err != nil {
		return nil, err
	}
	standing, _, err := s.partStatements(ctx, gw)
	if err != nil {
		return nil, err
	}
	q := &VoteQueue{GroupWork: gw, Total: len(standing)}
	if !gw.CanVote {
		return q, nil
	}
	voted, err := s.db.VotedStatements(ctx, gw.Meeting.ID, gw.Group.ID, a.User.ID)
	if err != nil {
		return nil, err
	}
	var snap *live.Snapshot
	if s.live != nil {
		snap = s.live.Latest(gw.Key())
	}
	var todo []*domain.Statement
	for _, st := range standing {
		if voted[st.ID] {
			q.Voted++
		} else {
			todo = append(todo, st)
		}
	}
	q.Next = nextStatement(todo, snap)
	return q, nil
}

// nextStatement picks the statement to show next among those the voter
// has not voted on: the one with the highest priority in the latest
// analysis. Statements the analysis has not seen yet (no votes, or added
// since) come first, since they most need votes; ties and the time before
// any analysis go oldest first.
func nextStatement(todo []*domain.Statement, snap *live.Snapshot) *domain.Statement {
	if len(todo) == 0 {
		return nil
	}
	prio := map[int64]float64{}
	if snap != nil && snap.Result != nil {
		for _, sr := range snap.Result.Statements {
			prio[sr.ID] = sr.Priority
		}
	}
	return slices.MinFunc(todo, func(a, b *domain.Statement) int {
		pa, oka := prio[a.Seq]
		pb, okb := prio[b.Seq]
		switch {
		case !oka && okb:
			return -1
		case oka && !okb:
			return 1
		case oka && okb && pa != pb:
			return cmp.Compare(pb, pa) // higher priority first
		}
		return cmp.Compare(a.Seq, b.Seq)
	})
}

// errNoLive is the answer of voting and the live view on a server without
// the live service.
func errNoLive(what string) error {
	return domain.Errorf(domain.EUNAVAILABLE, "error.unavailable", "%s is not available on this server", what)
}

// Live reads a group's live analysis (see [Service.GroupWork] for who
// may): the latest snapshot, or a fresh one when none was taken yet.
func (s *Service) Live(ctx context.Context, a *domain.Actor, groupID string) (*GroupWork, *live.Snapshot, error) {
	gw, err := s.GroupWork(ctx, a, ConversationInput{GroupID: groupID})
	if err != nil {
		return nil, nil, err
	}
	if s.live == nil {
		return nil, nil, errNoLive("live analysis")
	}
	snap := s.live.Latest(gw.Key())
	if snap == nil {
		if snap, err = s.live.Current(ctx, gw.Key()); err != nil {
			return nil, nil, err
		}
	}
	return gw, snap, nil
}

// VoteInput is a vote on a statement: Value is "agree", "disagree" or
// "pass".
type VoteInput struct {
	StatementID string
	Value       string
}

var voteValues = map[string]int{"agree": domain.Agree, "disagree": domain.Disagree, "pass": domain.Pass}

// Vote takes the actor's vote on a statement through the live service
// (see [live.Service.Vote] for who may vote, from its caches) and returns
// once the vote is on disk. [domain.EUNAVAILABLE] on a server without the
// live service.
func (s *Service) Vote(ctx context.Context, a *domain.Actor, in VoteInput) error {
	if !a.LoggedIn() {
		return domain.Unauthorized()
	}
	if s.live == nil {
		return errNoLive("voting")
	}
	v, ok := voteValues[in.Value]
	if !ok {
		return domain.Invalid("value", "error.vote_value", "vote agree, disagree or pass")
	}
	return s.live.Vote(ctx, a, in.StatementID, v)
}
