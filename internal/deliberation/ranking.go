package deliberation

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/rank"
	"github.com/plenary-org/plenary/internal/store"
)

// PartSettings is a session part's ranking settings with the part and its
// meeting.
type PartSettings struct {
	Scope    store.Scope
	Meeting  *domain.Meeting
	Part     *domain.Part
	Settings *store.RankingSettings
}

// RankingSettings reads how the groups of a part rank their candidates.
// Whoever manages the meeting may ([domain.EFORBIDDEN] for its other
// members).
func (s *Service) RankingSettings(ctx context.Context, a *domain.Actor, partID string) (*PartSettings, error) {
	sc, err := s.managed(ctx, a, "part", partID)
	if err != nil {
		return nil, err
	}
	ps := &PartSettings{Scope: sc}
	if ps.Part, err = s.db.Part(ctx, partID); err != nil {
		return nil, err
	}
	if ps.Meeting, err = s.db.Meeting(ctx, sc.MeetingID); err != nil {
		return nil, err
	}
	if ps.Settings, err = s.db.RankingSettings(ctx, partID); err != nil {
		return nil, err
	}
	return ps, nil
}

// PutRankingSettings saves how the groups of a part (set.PartID) rank
// their candidates (see [store.DB.PutRankingSettings]). Whoever manages
// the meeting may.
func (s *Service) PutRankingSettings(ctx context.Context, a *domain.Actor, set *store.RankingSettings) error {
	sc, err := s.managed(ctx, a, "part", set.PartID)
	if err != nil {
		return err
	}
	before, err := s.db.RankingSettings(ctx, set.PartID)
	if err != nil {
		return err
	}
	var ns []*store.Notification
	if set.Open && !before.Open {
		if ns, err = s.votingNotices(ctx, sc, set.PartID, before.Version+1); err != nil {
			return err
		}
	}
	return s.db.PutRankingSettingsNotify(ctx, set, ns)
}

// votingNotices tell the members of the meeting's breakout groups (those
// who vote) that ranking is open in the part.
func (s *Service) votingNotices(ctx context.Context, sc store.Scope, partID string, version int) ([]*store.Notification, error) {
	m, err := s.db.Meeting(ctx, sc.MeetingID)
	if err != nil {
		return nil, err
	}
	groups, err := s.db.Groups(ctx, sc.MeetingID)
	if err != nil {
		return nil, err
	}
	names := map[string]string{}
	for _, g := range groups {
		names[g.ID] = g.Name
	}
	// The groups' names in their translations, so that each member is
	// told in their language (domain.LocalParam).
	translated := map[string]map[string]string{}
	texts, err := s.db.MeetingTexts(ctx, sc.MeetingID, "")
	if err != nil {
		return nil, err
	}
	for _, tt := range texts {
		if tt.Kind == domain.TextGroup && tt.Field == "name" {
			if translated[tt.ID] == nil {
				translated[tt.ID] = map[string]string{}
			}
			translated[tt.ID][tt.Lang] = tt.Text
		}
	}
	members, err := s.db.Members(ctx, sc.ProcessID, sc.MeetingID)
	if err != nil {
		return nil, err
	}
	var out []*store.Notification
	for _, v := range members {
		if v.GroupID == "" || names[v.GroupID] == "" || v.Role == domain.RoleObserver {
			continue
		}
		params := map[string]string{"group": names[v.GroupID], "meeting": m.Name()}
		domain.TranslatedParams(params, "group", translated[v.GroupID])
		out = append(out, &store.Notification{UserID: v.UserID, Kind: "voting_opened", Dedupe: "voting_opened:" + partID + ":" + v.GroupID + ":" + strconv.Itoa(version),
			ProcessID: sc.ProcessID, ObjectType: "group", ObjectID: v.GroupID, Link: "/groups/" + v.GroupID + "/rank?part=" + partID,
			Params: params})
	}
	return out, nil
}

// errNotVoter is the answer to someone who may not rank in a group.
func errNotVoter() error {
	return domain.Errorf(domain.EFORBIDDEN, "ranking.error_not_member", "only the group's members rank its candidates")
}

// voter finds a conversation in which the actor ranks: its members who
// vote ([domain.Actor.CanVote]); not observers, nor the secretariat.
func (s *Service) voter(ctx context.Context, a *domain.Actor, in ConversationInput) (*Conversation, error) {
	c, err := s.conversation(ctx, a, in)
	if err != nil {
		return nil, err
	}
	if !a.CanVote(c.Scope.ProcessID, c.Scope.MeetingID, c.Group.ID) {
		return nil, errNotVoter()
	}
	return c, nil
}

// BallotSheet is what a member ranks in a conversation: the candidates
// under the part's settings, and their own ballot.
type BallotSheet struct {
	*Conversation
	Settings   *store.RankingSettings
	Candidates []*domain.Statement
	// Closed says that ballots can no longer be cast or changed: the part's
	// ranking is closed or the group's report submitted.
	Closed bool
	// Mine is the actor's ballot, nil before they cast one.
	Mine *store.Ballot
	// CanManage says whether the actor manages the meeting (and sets the
	// part's ranking).
	CanManage bool
}

// Ballot reads the actor's ballot sheet in a conversation. Those who vote
// in the group may (see voter); ballots are only ever shown to their
// voter.
func (s *Service) Ballot(ctx context.Context, a *domain.Actor, in ConversationInput) (*BallotSheet, error) {
	c, err := s.voter(ctx, a, in)
	if err != nil {
		return nil, err
	}
	cs, set, err := s.db.Candidates(ctx, c.Scope.MeetingID, c.Group.ID, c.Part.ID)
	if err != nil {
		return nil, err
	}
	b := &BallotSheet{Conversation: c, Settings: set, Candidates: cs, Closed: !set.Open,
		CanManage: a.CanManageMeeting(c.Scope.ProcessID, c.Scope.MeetingID)}
	if rep, err := s.db.Report(ctx, c.Group.ID, c.Part.ID); err == nil && rep.Status == store.ReportSubmitted {
		b.Closed = true
	}
	switch mine, err := s.db.Ballot(ctx, c.Group.ID, c.Part.ID, a.User.ID); {
	case err == nil:
		b.Mine = mine
	case domain.ErrorCode(err) != domain.ENOTFOUND:
		return nil, err
	}
	return b, nil
}

// BallotInput casts or replaces the actor's ballot in a conversation.
// Which of Ranks, Approved and Scores counts depends on Method, which must
// be the part's; Version is that of the ballot replaced, 0 for a first.
type BallotInput struct {
	ConversationInput
	Method   rank.Method
	Ranks    [][]string
	Approved []string
	Scores   map[string]float64
	Version  int
}

// PutBallot casts or replaces the actor's ballot (see voter for who may),
// checked against the candidates by [CheckBallot] (see
// [store.DB.PutBallot] for the other refusals).
func (s *Service) PutBallot(ctx context.Context, a *domain.Actor, in BallotInput) (*store.Ballot, error) {
	c, err := s.voter(ctx, a, in.ConversationInput)
	if err != nil {
		return nil, err
	}
	b := &store.Ballot{MeetingID: c.Scope.MeetingID, GroupID: c.Group.ID, PartID: c.Part.ID, UserID: a.User.ID, Method: in.Method,
		Ranks: in.Ranks, Approved: in.Approved, Scores: in.Scores, Version: in.Version}
	if err := s.db.PutBallot(ctx, b, CheckBallot); err != nil {
		return nil, err
	}
	return b, nil
}

// CheckBallot checks a group ballot against the part's settings and the
// conversation's candidates by counting it alone, and turns the counter's
// complaints into field errors on "ballot" ([domain.EINVALID]): a
// statement that is no candidate, a candidate twice, a score out of range,
// a field the method does not read. It is the [store.BallotCheck] of
// group ballots.
func CheckBallot(b *store.Ballot, set *store.RankingSettings, candidates []*domain.Statement) error {
	return BallotErrors(b.Method, candidateIDs(candidates), b.Rank(), set.ScoreMin, set.ScoreMax)
}

// BallotErrors checks one ballot against the candidates' IDs by counting
// it alone with the method, and turns the counter's complaints into field
// errors (scores out of scoreMin..scoreMax, unknown or repeated
// candidates). Group ballots ([CheckBallot]) and the plenary's overall
// ballots are checked by it.
func BallotErrors(method rank.Method, ids []string, b rank.Ballot, scoreMin, scoreMax int) error {
	_, err := rank.Tally(method, ids, []rank.Ballot{b}, rank.Options{ScoreMin: float64(scoreMin), ScoreMax: float64(scoreMax)})
	var verrs rank.ValidationErrors
	if !errors.As(err, &verrs) {
		return err
	}
	var errs domain.Errors
	for _, e := range verrs {
		switch e.Reason {
		case rank.ReasonUnknownCandidate, rank.ReasonEmptyID:
			errs = append(errs, domain.Invalid("ballot", "ranking.error_unknown_candidate", "%q is not one of the candidates; reload the page", e.Candidate))
		case rank.ReasonDuplicate:
			errs = append(errs, domain.Invalid("ballot", "ranking.error_duplicate", "a candidate appears twice on the ballot"))
		case rank.ReasonOutOfRange, rank.ReasonNotFinite:
			errs = append(errs, domain.Invalid("ballot", "ranking.error_score", "scores run from %d to %d", scoreMin, scoreMax))
		default:
			errs = append(errs, domain.Invalid("ballot", "ranking.error_ballot", "the ballot does not fit the method (%s)", string(e.Reason)))
		}
	}
	return errs.Err()
}

func candidateIDs(cs []*domain.Statement) []string {
	ids := make([]string, len(cs))
	for i, c := range cs {
		ids[i] = c.ID
	}
	return ids
}

// TopSize is how many candidates a group's ranking retains.
const TopSize = 5

// Tally is a conversation's ranking counted from its ballots as they
// stand: its candidates, the ballots counted and the full tally.
type Tally struct {
	Settings   *store.RankingSettings
	Candidates []*domain.Statement
	Result     *rank.Result
	Top        rank.Top
	// Ballots is how many ballots were counted; Stale how many were cast
	// under another method and left out.
	Ballots, Stale int
}

// GroupTally counts the ballots of a conversation under its part's
// settings (see [Count]). It does not authorise: the caller does.
func GroupTally(ctx context.Context, db *store.DB, meetingID, groupID, partID string) (*Tally, error) {
	in, err := db.RankingInput(ctx, meetingID, groupID, partID)
	if err != nil {
		return nil, err
	}
	return Count(in)
}

// Count counts a conversation's ballots under its part's settings. A
// ballot naming a statement merged since follows the merge (keeping the
// better place when both were on it); a statement no longer a candidate is
// dropped from it; a ballot of another method than the part's is stale
// and left out.
func Count(in *store.RankingInput) (*Tally, error) {
	ids := candidateIDs(in.Candidates)
	norm := newNormaliser(ids, in.Merged)
	t := &Tally{Settings: in.Settings, Candidates: in.Candidates}
	var ballots []rank.Ballot
	for _, b := range in.Ballots {
		if b.Method != in.Settings.Method {
			t.Stale++
			continue
		}
		ballots = append(ballots, norm.ballot(b.Rank()))
	}
	t.Ballots = len(ballots)
	var err error
	if t.Result, err = rank.Tally(in.Settings.Method, ids, ballots, in.Settings.Options()); err != nil {
		return nil, fmt.Errorf("deliberation: tally: %w", err)
	}
	t.Top = t.Result.TopN(TopSize)
	return t, nil
}

// OnCandidates returns the ballots with only current candidates on them
// (ids): a statement merged since is followed to the one it was merged
// into (merged: from -> into), keeping the better place when both were on
// a ballot; one no longer a candidate is dropped (a ballot left empty
// still counts towards its group's size, as an empty ballot does). Each
// ballot keeps its group. Group tallies ([Count]) and the plenary's
// overall tally read ballots through it.
func OnCandidates(ids []string, merged map[string]string, bs []rank.Ballot) []rank.Ballot {
	norm := newNormaliser(ids, merged)
	out := make([]rank.Ballot, len(bs))
	for i, b := range bs {
		out[i] = norm.ballot(b)
		out[i].Group = b.Group
	}
	return out
}

// normaliser maps the statements a ballot names to current candidates.
type normaliser struct {
	cand   map[string]bool
	merged map[string]string
}

func newNormaliser(ids []string, merged map[string]string) *normaliser {
	n := &normaliser{cand: map[string]bool{}, merged: merged}
	for _, id := range ids {
		n.cand[id] = true
	}
	return n
}

// resolve follows merges to the standing statement; "" when that is not a
// candidate.
func (n *normaliser) resolve(id string) string {
	for range 10 {
		if n.cand[id] {
			return id
		}
		into, ok := n.merged[id]
		if !ok {
			return ""
		}
		id = into
	}
	return ""
}

func (n *normaliser) ballot(b rank.Ballot) rank.Ballot {
	seen := map[string]bool{}
	var out rank.Ballot
	for _, level := range b.Ranks {
		var l []string
		for _, id := range level {
			if id = n.resolve(id); id != "" && !seen[id] {
				seen[id] = true
				l = append(l, id)
			}
		}
		if len(l) > 0 {
			out.Ranks = append(out.Ranks, l)
		}
	}
	for _, id := range b.Approved {
		if id = n.resolve(id); id != "" && !seen[id] {
			seen[id] = true
			out.Approved = append(out.Approved, id)
		}
	}
	for id, sc := range b.Scores {
		if id = n.resolve(id); id != "" {
			if out.Scores == nil {
				out.Scores = map[string]float64{}
			}
			// Two merged statements scored on one ballot keep the higher score.
			if old, ok := out.Scores[id]; !ok || sc > old {
				out.Scores[id] = sc
			}
		}
	}
	return out
}

// Results is a group's ranking in a part as it reads: frozen in its
// submitted report, else counted from the ballots as they stand.
type Results struct {
	Method             rank.Method
	ScoreMin, ScoreMax int
	// Open says whether members may still cast and change ballots; never
	// once Frozen.
	Open bool
	// Frozen says that the ranking is the one the submitted report froze.
	Frozen bool
	// Ballots is how many ballots were counted; Stale how many were cast
	// under another method and left out (0 once frozen).
	Ballots, Stale int
	// Candidates are the candidates in the order counted, as they read
	// when counted (once frozen: ID, kind, text, language and partner
	// mark only).
	Candidates []*domain.Statement
	Result     *rank.Result
	Top        rank.Top
}

// GroupResults reads a group's ranking in a part: the one its submitted
// report froze, else the count of its ballots. It does not authorise:
// the caller does.
func GroupResults(ctx context.Context, db *store.DB, meetingID, groupID, partID string) (*Results, error) {
	rep, err := db.Report(ctx, groupID, partID)
	switch {
	case err == nil && rep.Snapshot != nil:
		return frozenResults(rep.Snapshot), nil
	case err != nil && domain.ErrorCode(err) != domain.ENOTFOUND:
		return nil, err
	}
	t, err := GroupTally(ctx, db, meetingID, groupID, partID)
	if err != nil {
		return nil, err
	}
	return &Results{Method: t.Settings.Method, ScoreMin: t.Settings.ScoreMin, ScoreMax: t.Settings.ScoreMax, Open: t.Settings.Open,
		Ballots: t.Ballots, Stale: t.Stale, Candidates: t.Candidates, Result: t.Result, Top: t.Top}, nil
}

// frozenResults reads the ranking a submitted report froze.
func frozenResults(sn *store.ReportSnapshot) *Results {
	r := &Results{Method: sn.Method, ScoreMin: sn.ScoreMin, ScoreMax: sn.ScoreMax, Frozen: true, Ballots: sn.Ballots, Result: sn.Result, Top: sn.Top}
	for _, c := range sn.Candidates {
		r.Candidates = append(r.Candidates, &domain.Statement{ID: c.ID, Kind: c.Kind, Text: c.Text, Lang: c.Lang, ByPartner: c.ByPartner})
	}
	return r
}

// GroupRanking is a group's ranking in a part with what the actor may do
// next.
type GroupRanking struct {
	*Conversation
	*Results
	// CanVote: the actor ranks in the group; CanReport: writes its
	// report; CanManage: manages the meeting (the part's settings, every
	// group's report).
	CanVote, CanReport, CanManage bool
}

// Results reads a group's ranking in a part (see [GroupResults]): anyone
// who may see the meeting may, since it shows counts, never a ballot.
func (s *Service) Results(ctx context.Context, a *domain.Actor, in ConversationInput) (*GroupRanking, error) {
	c, err := s.conversation(ctx, a, in)
	if err != nil {
		return nil, err
	}
	res, err := GroupResults(ctx, s.db, c.Scope.MeetingID, c.Group.ID, c.Part.ID)
	if err != nil {
		return nil, err
	}
	sc := c.Scope
	return &GroupRanking{Conversation: c, Results: res, CanVote: a.CanVote(sc.ProcessID, sc.MeetingID, c.Group.ID),
		CanReport: a.CanManageGroup(sc.ProcessID, sc.MeetingID, c.Group.ID), CanManage: a.CanManageMeeting(sc.ProcessID, sc.MeetingID)}, nil
}
