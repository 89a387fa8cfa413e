package synthesis

import (
	"context"
	"math/big"
	"slices"
	"strconv"

	"github.com/plenary-org/plenary/internal/deliberation"
	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/rank"
	"github.com/plenary-org/plenary/internal/store"
)

// The plenary's overall recommendations of one breakout part: candidates
// drawn from the themes found across the groups, one ballot per voter
// counted with an equal say per breakout group under the part's plenary
// method, the robustness to leaving a group out, and the chair's
// confirmation of five.

// PartRef names a breakout part of a meeting.
type PartRef struct {
	MeetingID string
	// PartID is the part; a read takes the meeting's first breakout part
	// when it is empty, a change refuses it.
	PartID string
}

// Candidate is a candidate overall recommendation with its short name.
type Candidate struct {
	*store.OverallCandidate
	Label string // R1, R2... in the order the candidates were added
}

// CandidateLabel is the short name of the i-th candidate of a part (from
// 0, oldest first): R1, R2...
func CandidateLabel(i int) string { return "R" + strconv.Itoa(i+1) }

// labelled returns a part's candidates with their short names.
func labelled(cs []*store.OverallCandidate) []Candidate {
	out := make([]Candidate, len(cs))
	for i, c := range cs {
		out[i] = Candidate{OverallCandidate: c, Label: CandidateLabel(i)}
	}
	return out
}

// Weight is one breakout group's share of the plenary's count: each of
// its ballots weighs 1 / Ballots.
type Weight struct {
	GroupID   string
	GroupName string
	Ballots   int
	Each      string // the weight of each of its ballots, as a fraction
}

// Offer is a theme of the part not yet drawn into a candidate, with the
// text a new candidate would start from: the theme's most central
// statement, or its label when a person named it.
type Offer struct {
	ThemeID    string
	Label      string
	Text       string
	Groups     int // the groups it spans
	Statements int
}

// Overall is the plenary's overall recommendations of one part as the
// actor reads them.
type Overall struct {
	Part *Part
	// The rest is empty when the meeting has no breakout part (Part.Part
	// is nil).
	Candidates []Candidate
	Tally      *Tally
	// Weights are the groups that cast ballots, in the meeting's order of
	// groups.
	Weights []Weight
	// Confirmation is the chair's five; nil while ranking is open.
	Confirmation *store.OverallConfirmation
	// CanEdit: the actor edits the candidates and the method and confirms
	// (the chair and the secretariat); CanReopen: the actor reopens a
	// confirmation (the secretariat).
	CanEdit, CanReopen bool
	// VoteGroup is the breakout group the actor ranks for, "" when they
	// may not rank; MyBallot their ballot, nil when they cast none.
	VoteGroup string
	MyBallot  *store.OverallBallot
	// Offer are the themes not yet drawn, when asked for, to an editor,
	// while ranking is open.
	Offer []Offer
}

// OverallInput asks for a part's overall recommendations.
type OverallInput struct {
	PartRef
	// Offer asks for the themes not yet drawn (computing the themes).
	Offer bool
}

// Overall returns a part's overall recommendations to whoever may see the
// meeting: candidates, method, tally with each group's weight and the
// leave-one-group-out check, confirmation, and what the actor may do.
func (s *Service) Overall(ctx context.Context, a *domain.Actor, in OverallInput) (*Overall, error) {
	p, err := s.BreakoutPart(ctx, a, in.MeetingID, in.PartID)
	if err != nil {
		return nil, err
	}
	o := &Overall{Part: p, CanEdit: p.CanEdit(a), CanReopen: a.CanManageMeeting(p.Scope.ProcessID, p.Scope.MeetingID)}
	if p.Part == nil {
		return o, nil
	}
	meetingID, partID := p.Scope.MeetingID, p.Part.ID
	if o.Tally, err = s.tally(ctx, meetingID, partID); err != nil {
		return nil, err
	}
	o.Candidates = labelled(o.Tally.Candidates)
	count := map[string]int{}
	for _, b := range o.Tally.Ballots {
		count[b.Group]++
	}
	for _, g := range p.Groups {
		if n := count[g.ID]; n > 0 {
			o.Weights = append(o.Weights, Weight{GroupID: g.ID, GroupName: g.Name, Ballots: n, Each: big.NewRat(1, int64(n)).RatString()})
		}
	}
	if o.Confirmation, err = s.confirmation(ctx, meetingID, partID); err != nil {
		return nil, err
	}
	if o.VoteGroup = a.OverallVoteGroup(p.Scope.ProcessID, meetingID); o.VoteGroup != "" {
		if o.MyBallot, err = s.myBallot(ctx, partID, a.User.ID); err != nil {
			return nil, err
		}
	}
	if in.Offer && o.CanEdit && o.Confirmation == nil {
		if o.Offer, err = s.offers(ctx, p, o.Tally.Candidates); err != nil {
			return nil, err
		}
	}
	return o, nil
}

// confirmation returns a part's confirmation, nil while ranking is open.
func (s *Service) confirmation(ctx context.Context, meetingID, partID string) (*store.OverallConfirmation, error) {
	c, err := s.db.OverallConfirmation(ctx, meetingID, partID)
	if domain.ErrorCode(err) == domain.ENOTFOUND {
		return nil, nil
	}
	return c, err
}

// myBallot returns a person's ballot, nil when they cast none.
func (s *Service) myBallot(ctx context.Context, partID, userID string) (*store.OverallBallot, error) {
	b, err := s.db.MyOverallBallot(ctx, partID, userID)
	if domain.ErrorCode(err) == domain.ENOTFOUND {
		return nil, nil
	}
	return b, err
}

// offers returns the part's themes that no candidate was drawn from.
func (s *Service) offers(ctx context.Context, p *Part, cands []*store.OverallCandidate) ([]Offer, error) {
	pt, err := s.partThemes(ctx, p)
	if err != nil {
		return nil, err
	}
	res, byID := pt.Result, pt.Statements
	// A theme that a drawn theme was merged into stands for its
	// candidate: it is drawn too.
	drawn := map[string]bool{}
	for _, c := range cands {
		drawn[c.ThemeID] = true
		if th, ok := pt.current(c.ThemeID); ok {
			drawn[th.ID] = true
		}
	}
	var out []Offer
	for _, th := range res.Themes {
		if drawn[th.ID] {
			continue
		}
		text := th.Label
		if st := byID[th.Medoid]; st != nil && !th.LabelEdited {
			text = st.Text
		}
		out = append(out, Offer{ThemeID: th.ID, Label: th.Label, Text: text, Groups: len(th.Groups), Statements: len(th.Members)})
	}
	return out, nil
}

// errNotEditor refuses a change of the candidates or the method to
// anyone but the chair and the secretariat.
func errNotEditor() error {
	return domain.Errorf(domain.EFORBIDDEN, "overall.error_not_chair_edit", "only the chair or the secretariat edits the candidate recommendations")
}

// errNotChair refuses a confirmation to anyone but the chair and the
// secretariat.
func errNotChair() error {
	return domain.Errorf(domain.EFORBIDDEN, "overall.error_not_chair", "only the chair or the secretariat confirms the overall recommendations")
}

// errNotVoter refuses a plenary ballot to anyone who may not rank.
func errNotVoter() error {
	return domain.Errorf(domain.EFORBIDDEN, "overall.error_not_voter", "only members of a breakout group who may vote rank the overall recommendations")
}

// changedPart finds the part a change names: a breakout part of the
// meeting the actor may see. Unlike a read, a change must name its part.
func (s *Service) changedPart(ctx context.Context, a *domain.Actor, ref PartRef) (*Part, error) {
	// The meeting is checked first, so that a change naming no part does
	// not tell a meeting the actor may not see from one that does not
	// exist.
	p, err := s.BreakoutPart(ctx, a, ref.MeetingID, ref.PartID)
	if err != nil {
		return nil, err
	}
	if ref.PartID == "" {
		return nil, errUnknownPart()
	}
	return p, nil
}

// editedPart is changedPart for the chair and the secretariat: refused
// with refusal() to anyone else.
func (s *Service) editedPart(ctx context.Context, a *domain.Actor, ref PartRef, refusal func() error) (*Part, error) {
	p, err := s.changedPart(ctx, a, ref)
	if err != nil {
		return nil, err
	}
	if !p.CanEdit(a) {
		return nil, refusal()
	}
	return p, nil
}

// CandidateInput draws a candidate from one of a part's themes.
type CandidateInput struct {
	PartRef
	ThemeID string
	Text    string // the recommendation as the chair words it
}

// AddCandidate turns one of the part's themes into a candidate overall
// recommendation that keeps the theme's statements (for provenance): the
// chair and the secretariat, while ranking is open. The theme must be
// one the part's themes hold now.
func (s *Service) AddCandidate(ctx context.Context, a *domain.Actor, in CandidateInput) (*Candidate, error) {
	ctx = domain.NewContextWithActor(ctx, a)
	p, err := s.editedPart(ctx, a, in.PartRef, errNotEditor)
	if err != nil {
		return nil, err
	}
	pt, err := s.partThemes(ctx, p)
	if err != nil {
		return nil, err
	}
	c := &store.OverallCandidate{MeetingID: p.Scope.MeetingID, PartID: p.Part.ID, Text: in.Text, Statements: []string{}}
	for _, th := range pt.Result.Themes {
		if th.ID == in.ThemeID && in.ThemeID != "" {
			c.ThemeID = th.ID
			for _, m := range th.Members {
				c.Statements = append(c.Statements, m.ID)
			}
		}
	}
	if c.ThemeID == "" {
		return nil, domain.Invalid("theme", "plenary.error_theme", "choose one of the themes shown")
	}
	if err := s.db.AddOverallCandidate(ctx, c); err != nil {
		return nil, err
	}
	return s.withLabel(ctx, c)
}

// withLabel gives a candidate its short name among its part's candidates.
func (s *Service) withLabel(ctx context.Context, c *store.OverallCandidate) (*Candidate, error) {
	cs, err := s.db.OverallCandidates(ctx, c.MeetingID, c.PartID)
	if err != nil {
		return nil, err
	}
	i := slices.IndexFunc(cs, func(x *store.OverallCandidate) bool { return x.ID == c.ID })
	return &Candidate{OverallCandidate: c, Label: CandidateLabel(i)}, nil
}

// CandidateRef names a candidate overall recommendation of a meeting.
type CandidateRef struct {
	MeetingID   string
	CandidateID string
}

// EditableCandidate returns a candidate of the meeting to the chair or
// the secretariat, who edit and remove it: [domain.ENOTFOUND] for a
// meeting the actor may not see or a candidate that is not the meeting's,
// [domain.EFORBIDDEN] to anyone else who sees the meeting.
func (s *Service) EditableCandidate(ctx context.Context, a *domain.Actor, ref CandidateRef) (*Candidate, error) {
	sc, err := s.viewableMeeting(ctx, a, ref.MeetingID)
	if err != nil {
		return nil, err
	}
	c, err := s.db.OverallCandidate(ctx, sc.MeetingID, ref.CandidateID)
	if err != nil {
		return nil, err
	}
	if !a.CanEditPlenary(sc.ProcessID, sc.MeetingID) {
		return nil, errNotEditor()
	}
	return s.withLabel(ctx, c)
}

// CandidateEdit replaces a candidate's text.
type CandidateEdit struct {
	CandidateRef
	Text    string
	Version int // the version read
}

// EditCandidate replaces a candidate's text at the version read (another
// is a conflict, never a silent overwrite): the chair and the
// secretariat, while ranking is open. Ballots keep their places.
func (s *Service) EditCandidate(ctx context.Context, a *domain.Actor, in CandidateEdit) (*Candidate, error) {
	ctx = domain.NewContextWithActor(ctx, a)
	c, err := s.EditableCandidate(ctx, a, in.CandidateRef)
	if err != nil {
		return nil, err
	}
	after, err := s.db.EditOverallCandidate(ctx, c.MeetingID, c.ID, in.Text, in.Version)
	if err != nil {
		return nil, err
	}
	return &Candidate{OverallCandidate: after, Label: c.Label}, nil
}

// CandidateRemoval removes a candidate.
type CandidateRemoval struct {
	CandidateRef
	Version int // the version read
}

// RemoveCandidate removes a candidate at the version read: the chair and
// the secretariat, while ranking is open. Ballots that named it drop it
// when counted; its theme may be drawn again.
func (s *Service) RemoveCandidate(ctx context.Context, a *domain.Actor, in CandidateRemoval) error {
	ctx = domain.NewContextWithActor(ctx, a)
	c, err := s.EditableCandidate(ctx, a, in.CandidateRef)
	if err != nil {
		return err
	}
	return s.db.RemoveOverallCandidate(ctx, c.MeetingID, c.ID, in.Version)
}

// SettingsInput sets a part's plenary method.
type SettingsInput struct {
	PartRef
	Method             rank.Method
	ScoreMin, ScoreMax int
	Version            int // the version read, 0 when never set
}

// PutSettings sets the part's plenary method and score range: the chair
// and the secretariat, while no plenary ballot has been cast (the store
// refuses afterwards, naming the ballots, rather than clear them) and
// ranking is open.
func (s *Service) PutSettings(ctx context.Context, a *domain.Actor, in SettingsInput) (*store.OverallSettings, error) {
	ctx = domain.NewContextWithActor(ctx, a)
	p, err := s.editedPart(ctx, a, in.PartRef, errNotEditor)
	if err != nil {
		return nil, err
	}
	set := &store.OverallSettings{MeetingID: p.Scope.MeetingID, PartID: p.Part.ID, Method: in.Method, ScoreMin: in.ScoreMin, ScoreMax: in.ScoreMax, Version: in.Version}
	if err := s.db.PutOverallSettings(ctx, set); err != nil {
		return nil, err
	}
	return set, nil
}

// BallotSheet is what a voter fills in: the part's candidates under its
// plenary method, the group their ballot counts for, and their ballot.
type BallotSheet struct {
	Part       *Part
	GroupID    string
	Settings   *store.OverallSettings
	Candidates []Candidate
	Mine       *store.OverallBallot // nil when they cast none
}

// Ballot returns the actor's ballot sheet: members of a breakout group
// who may vote ([domain.Actor.OverallVoteGroup]) only.
func (s *Service) Ballot(ctx context.Context, a *domain.Actor, ref PartRef) (*BallotSheet, error) {
	p, err := s.changedPart(ctx, a, ref)
	if err != nil {
		return nil, err
	}
	g := a.OverallVoteGroup(p.Scope.ProcessID, p.Scope.MeetingID)
	if g == "" {
		return nil, errNotVoter()
	}
	sh := &BallotSheet{Part: p, GroupID: g}
	if sh.Settings, err = s.db.OverallSettings(ctx, p.Scope.MeetingID, p.Part.ID); err != nil {
		return nil, err
	}
	cs, err := s.db.OverallCandidates(ctx, p.Scope.MeetingID, p.Part.ID)
	if err != nil {
		return nil, err
	}
	sh.Candidates = labelled(cs)
	if sh.Mine, err = s.myBallot(ctx, p.Part.ID, a.User.ID); err != nil {
		return nil, err
	}
	return sh, nil
}

// BallotInput is a plenary ballot. Which of Ranks, Approved and Scores
// counts depends on the part's plenary method.
type BallotInput struct {
	PartRef
	Method   rank.Method // the part's method; empty: that method
	Ranks    [][]string
	Approved []string
	Scores   map[string]float64
	Version  int // the version read, 0 for a first ballot
}

// PutBallot casts or replaces the actor's plenary ballot, counted for the
// breakout group of [domain.Actor.OverallVoteGroup]: members of a
// breakout group who may vote, while ranking is open. The store checks the
// ballot against the part's candidates and method.
func (s *Service) PutBallot(ctx context.Context, a *domain.Actor, in BallotInput) (*store.OverallBallot, error) {
	ctx = domain.NewContextWithActor(ctx, a)
	p, err := s.changedPart(ctx, a, in.PartRef)
	if err != nil {
		return nil, err
	}
	g := a.OverallVoteGroup(p.Scope.ProcessID, p.Scope.MeetingID)
	if g == "" {
		return nil, errNotVoter()
	}
	b := &store.OverallBallot{MeetingID: p.Scope.MeetingID, PartID: p.Part.ID, UserID: a.User.ID, GroupID: g, Method: in.Method,
		Ranks: in.Ranks, Approved: in.Approved, Scores: in.Scores, Version: in.Version}
	if err := s.db.PutOverallBallot(ctx, b, CheckOverallBallot); err != nil {
		return nil, err
	}
	return b, nil
}

// CheckOverallBallot checks a plenary ballot against the part's candidates
// and method, with the rules of a group's ballot
// ([deliberation.BallotErrors]), and refuses a ballot that expresses
// nothing: under an equal say it would only thin its group's other
// ballots. The store runs it in the transaction that stores the ballot.
func CheckOverallBallot(b *store.OverallBallot, set *store.OverallSettings, ids []string) error {
	if err := deliberation.BallotErrors(b.Method, ids, rank.Ballot{Ranks: b.Ranks, Approved: b.Approved, Scores: b.Scores}, set.ScoreMin, set.ScoreMax); err != nil {
		return err
	}
	switch b.Method {
	case rank.Approval:
		if len(b.Approved) == 0 {
			return domain.Invalid("ballot", "overall.error_empty_approval", "approve at least one candidate")
		}
	case rank.Score:
		if len(b.Scores) == 0 {
			return domain.Invalid("ballot", "overall.error_empty_score", "score at least one candidate")
		}
	default:
		if len(b.Ranks) == 0 {
			return domain.Invalid("ballot", "overall.error_empty", "rank at least one candidate")
		}
	}
	return nil
}

// ConfirmInput is the chair's choice of the five.
type ConfirmInput struct {
	PartRef
	Selected []string // candidate ids, in any order
}

// Confirm stores the five overall recommendations the chair (or the
// secretariat) chose, in the tally's order, with the tally they came
// from, and closes the ranking.
func (s *Service) Confirm(ctx context.Context, a *domain.Actor, in ConfirmInput) (*store.OverallConfirmation, error) {
	ctx = domain.NewContextWithActor(ctx, a)
	p, err := s.editedPart(ctx, a, in.PartRef, errNotChair)
	if err != nil {
		return nil, err
	}
	t, err := s.tally(ctx, p.Scope.MeetingID, p.Part.ID)
	if err != nil {
		return nil, err
	}
	js, err := t.Snapshot(p.Groups)
	if err != nil {
		return nil, err
	}
	sel := t.InTallyOrder(in.Selected)
	if sel == nil {
		sel = []string{}
	}
	c := &store.OverallConfirmation{MeetingID: p.Scope.MeetingID, PartID: p.Part.ID, Selected: sel, Snapshot: js, ConfirmedBy: a.User.ID}
	if err := s.db.ConfirmOverall(ctx, c); err != nil {
		return nil, err
	}
	return c, nil
}

// Reopen removes a part's confirmation so that ranking opens again: the
// secretariat only; a conflict when nothing is confirmed.
func (s *Service) Reopen(ctx context.Context, a *domain.Actor, ref PartRef) error {
	ctx = domain.NewContextWithActor(ctx, a)
	p, err := s.changedPart(ctx, a, ref)
	if err != nil {
		return err
	}
	if !a.CanManageMeeting(p.Scope.ProcessID, p.Scope.MeetingID) {
		return domain.Forbidden()
	}
	err = s.db.ReopenOverall(ctx, p.Scope.MeetingID, p.Part.ID)
	if domain.ErrorCode(err) == domain.ENOTFOUND {
		return domain.Errorf(domain.ECONFLICT, "overall.error_not_confirmed", "nothing is confirmed yet")
	}
	return err
}
