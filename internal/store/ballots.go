package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/rank"
)

// CandidateSet says which statements of a conversation are the candidates
// of its ranking.
type CandidateSet string

// The candidate sets: recommendations and commitments (session 2 of the
// GRCP 7 agenda), or follow-up mechanisms (session 3).
const (
	CandidatesRecommendations CandidateSet = "recommendations"
	CandidatesFollowUp        CandidateSet = "follow_up"
)

// CandidateSets lists the candidate sets, in the order a form offers them.
var CandidateSets = []CandidateSet{CandidatesRecommendations, CandidatesFollowUp}

// Kinds returns the statement kinds that are candidates.
func (c CandidateSet) Kinds() []domain.ContributionKind {
	if c == CandidatesFollowUp {
		return []domain.ContributionKind{domain.KindFollowUp}
	}
	return []domain.ContributionKind{domain.KindRecommendation, domain.KindCommitment}
}

// The bounds of a score range a secretariat may choose.
const (
	MinScore = -100
	MaxScore = 100
)

// RankingSettings is how the breakout groups of one session part rank
// their candidates. Every group of the part uses the same settings.
type RankingSettings struct {
	PartID     string
	Method     rank.Method
	ScoreMin   int // for rank.Score
	ScoreMax   int
	Candidates CandidateSet
	// Open says whether members may cast and replace ballots.
	Open      bool
	UpdatedAt time.Time
	// Version is 0 for a part whose settings were never saved: it ranks
	// by Schulze, recommendations and commitments, ballots open.
	Version int
}

// DefaultRankingSettings returns the settings of a part nobody has set.
func DefaultRankingSettings(partID string) *RankingSettings {
	return &RankingSettings{PartID: partID, Method: rank.Schulze, ScoreMin: 0, ScoreMax: 5, Candidates: CandidatesRecommendations, Open: true}
}

// Validate checks the settings.
func (s *RankingSettings) Validate() error {
	var errs domain.Errors
	if !slices.Contains(rank.Methods(), s.Method) {
		errs = append(errs, domain.Invalid("method", "ranking.error_method", "choose Schulze, Borda, approval or score"))
	}
	if !slices.Contains(CandidateSets, s.Candidates) {
		errs = append(errs, domain.Invalid("candidates", "ranking.error_candidates", "choose recommendations and commitments, or follow-up mechanisms"))
	}
	if s.ScoreMin < MinScore || s.ScoreMax > MaxScore || s.ScoreMin >= s.ScoreMax {
		errs = append(errs, domain.Invalid("score_max", "ranking.error_score_range", "the lowest score must be below the highest, both between %d and %d", MinScore, MaxScore))
	}
	return errs.Err()
}

// Options returns the counting options the settings stand for.
func (s *RankingSettings) Options() rank.Options {
	return rank.Options{ScoreMin: float64(s.ScoreMin), ScoreMax: float64(s.ScoreMax)}
}

// querier is what reads need: the read pool or a write transaction.
type querier interface {
	query(ctx context.Context, q string, args ...any) (*sql.Rows, error)
	queryRow(ctx context.Context, q string, args ...any) *sql.Row
}

// RankingSettings returns the settings of a part, or the defaults (version
// 0) when none were saved.
func (db *DB) RankingSettings(ctx context.Context, partID string) (*RankingSettings, error) {
	s, err := rankingSettings(ctx, db, partID)
	return s, db.mapErr(err)
}

func rankingSettings(ctx context.Context, q querier, partID string) (*RankingSettings, error) {
	s := &RankingSettings{PartID: partID}
	var method, cands string
	var updated int64
	err := q.queryRow(ctx, `SELECT method, score_min, score_max, candidates, open, updated_at, version FROM ranking_settings WHERE part_id = ?`, partID).
		Scan(&method, &s.ScoreMin, &s.ScoreMax, &cands, &s.Open, &updated, &s.Version)
	if errors.Is(err, sql.ErrNoRows) {
		return DefaultRankingSettings(partID), nil
	}
	if err != nil {
		return nil, err
	}
	s.Method, s.Candidates, s.UpdatedAt = rank.Method(method), CandidateSet(cands), fromMS(updated)
	return s, nil
}

// PutRankingSettings saves a part's settings. s.Version is the version
// read (0 for settings never saved); another version is a conflict. The
// method, the candidates and the score range cannot change once a ballot
// has been cast in the part, since those ballots were cast under them.
func (db *DB) PutRankingSettings(ctx context.Context, s *RankingSettings) error {
	return db.PutRankingSettingsNotify(ctx, s, nil)
}

// PutRankingSettingsNotify is [DB.PutRankingSettings] that also stores the
// notifications ns the change sends, in its transaction.
func (db *DB) PutRankingSettingsNotify(ctx context.Context, s *RankingSettings, ns []*Notification) error {
	if err := s.Validate(); err != nil {
		return err
	}
	return db.inTx(ctx, func(tx *Tx) error {
		var meetingID string
		err := tx.queryRow(ctx, `SELECT ms.meeting_id FROM session_parts p JOIN meeting_sessions ms ON ms.id = p.session_id WHERE p.id = ?`, s.PartID).Scan(&meetingID)
		if err != nil {
			return db.notFound(err, "part")
		}
		before, err := rankingSettings(ctx, tx, s.PartID)
		if err != nil {
			return err
		}
		if before.Version != s.Version {
			return domain.Conflict("the ranking settings")
		}
		if before.Method != s.Method || before.Candidates != s.Candidates || before.ScoreMin != s.ScoreMin || before.ScoreMax != s.ScoreMax {
			var n int
			if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM ballots WHERE part_id = ?`, s.PartID).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return domain.Invalid("method", "ranking.error_locked", "ballots have been cast: the method, the candidates and the score range can no longer change")
			}
		}
		now := db.nowMS()
		_, err = tx.exec(ctx, `INSERT INTO ranking_settings (part_id, method, score_min, score_max, candidates, open, updated_at, version)
			VALUES (?, ?, ?, ?, ?, ?, ?, 1)
			ON CONFLICT (part_id) DO UPDATE SET method = excluded.method, score_min = excluded.score_min, score_max = excluded.score_max,
				candidates = excluded.candidates, open = excluded.open, updated_at = excluded.updated_at, version = ranking_settings.version + 1`,
			s.PartID, string(s.Method), s.ScoreMin, s.ScoreMax, string(s.Candidates), s.Open, now)
		if err != nil {
			return err
		}
		s.Version, s.UpdatedAt = before.Version+1, fromMS(now)
		if _, err := tx.addNotifications(ctx, ns); err != nil {
			return err
		}
		var b any
		if before.Version > 0 {
			b = before
		}
		return tx.audit(ctx, "update", "ranking_settings", s.PartID, meetingID, b, s)
	})
}

// Ballot is one member's ballot in one conversation: a breakout group in
// one session part. Which of Ranks, Approved and Scores is set depends on
// Method.
type Ballot struct {
	MeetingID string
	GroupID   string
	PartID    string
	UserID    string
	Method    rank.Method
	Ranks     [][]string
	Approved  []string
	Scores    map[string]float64
	UpdatedAt time.Time
	Version   int
}

// Rank returns the ballot as the rank engine counts it.
func (b *Ballot) Rank() rank.Ballot {
	return rank.Ballot{Ranks: b.Ranks, Approved: b.Approved, Scores: b.Scores}
}

// conversationCandidates returns the standing statements of a conversation
// whose kinds are candidates, oldest first.
func conversationCandidates(ctx context.Context, q querier, meetingID, groupID, partID string, set CandidateSet) ([]*domain.Statement, error) {
	kinds := set.Kinds()
	args := []any{meetingID, groupID, partID}
	for _, k := range kinds {
		args = append(args, string(k))
	}
	rows, err := q.query(ctx, `SELECT `+statementCols+` FROM statements s
		WHERE s.meeting_id = ? AND s.group_id = ? AND s.part_id = ? AND s.merged_into IS NULL AND s.kind IN (`+placeholders(len(kinds))+`)
		ORDER BY s.seq`, args...)
	return scanAll(rows, err, scanStatement)
}

// Candidates returns the candidates of a conversation under its part's
// settings: its standing (not merged) statements of the candidate kinds,
// oldest first.
func (db *DB) Candidates(ctx context.Context, meetingID, groupID, partID string) ([]*domain.Statement, *RankingSettings, error) {
	set, err := db.RankingSettings(ctx, partID)
	if err != nil {
		return nil, nil, err
	}
	cs, err := conversationCandidates(ctx, db, meetingID, groupID, partID, set.Candidates)
	return cs, set, db.mapErr(err)
}

// checkGroupPart checks that the group and the part belong to the meeting.
func checkGroupPart(ctx context.Context, q querier, meetingID, groupID, partID string) error {
	var gm, pm string
	if err := q.queryRow(ctx, `SELECT meeting_id FROM breakout_groups WHERE id = ?`, groupID).Scan(&gm); err != nil || gm != meetingID {
		return domain.Invalid("group", "error.unknown_group", "choose one of the meeting's breakout groups")
	}
	err := q.queryRow(ctx, `SELECT ms.meeting_id FROM session_parts p JOIN meeting_sessions ms ON ms.id = p.session_id WHERE p.id = ?`, partID).Scan(&pm)
	if err != nil || pm != meetingID {
		return domain.Invalid("part", "error.unknown_part", "choose one of the meeting's session parts")
	}
	return nil
}

// ErrRankingClosed is the error of a ballot cast after the ranking closed.
var ErrRankingClosed = domain.Errorf(domain.ECONFLICT, "ranking.error_closed", "the ranking is closed: ballots can no longer be cast or changed")

// BallotCheck checks a ballot against its part's settings and the
// conversation's candidates as they stand in the transaction that stores
// it, so that no ballot is stored against candidates or a score range that
// changed in the meantime. The deliberation use cases provide it.
type BallotCheck func(b *Ballot, set *RankingSettings, candidates []*domain.Statement) error

// PutBallot casts or replaces the caller's ballot. The caller checks that
// b.UserID may vote in the group; check checks the ballot against the
// candidates. It returns EINVALID when the group or part is not the
// meeting's or the ballot is not of the part's method (and whatever check
// returns), ranking.error_closed (ECONFLICT) when the part's ballots are
// closed or the group's report has been submitted, and a conflict when
// b.Version is not 0 and not the version of the ballot it replaces.
func (db *DB) PutBallot(ctx context.Context, b *Ballot, check BallotCheck) error {
	return db.inTx(ctx, func(tx *Tx) error {
		if err := checkGroupPart(ctx, tx, b.MeetingID, b.GroupID, b.PartID); err != nil {
			return err
		}
		// Touching the report row first orders this ballot against a
		// submission of the report on PostgreSQL: whichever comes second
		// waits for the first and sees what it did.
		if _, err := tx.exec(ctx, `UPDATE group_reports SET version = version WHERE group_id = ? AND part_id = ?`, b.GroupID, b.PartID); err != nil {
			return err
		}
		var submitted int
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM group_reports WHERE group_id = ? AND part_id = ? AND status = ?`,
			b.GroupID, b.PartID, string(ReportSubmitted)).Scan(&submitted); err != nil {
			return err
		}
		set, err := rankingSettings(ctx, tx, b.PartID)
		if err != nil {
			return err
		}
		if !set.Open || submitted > 0 {
			return ErrRankingClosed
		}
		if b.Method != set.Method {
			return domain.Invalid("method", "ranking.error_wrong_method", "this part ranks by %s; reload the page and fill in its ballot", string(set.Method))
		}
		cands, err := conversationCandidates(ctx, tx, b.MeetingID, b.GroupID, b.PartID, set.Candidates)
		if err != nil {
			return err
		}
		if err := check(b, set, cands); err != nil {
			return err
		}
		js, err := json.Marshal(b.Rank())
		if err != nil {
			return err
		}
		if b.Version > 0 {
			var v int
			err := tx.queryRow(ctx, `SELECT version FROM ballots WHERE group_id = ? AND part_id = ? AND user_id = ?`, b.GroupID, b.PartID, b.UserID).Scan(&v)
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
				return err
			}
			if v != b.Version {
				return domain.Conflict("your ballot")
			}
		}
		now := db.nowMS()
		err = tx.queryRow(ctx, `INSERT INTO ballots (group_id, part_id, user_id, meeting_id, method, ballot, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, 1)
			ON CONFLICT (group_id, part_id, user_id) DO UPDATE SET method = excluded.method, ballot = excluded.ballot, updated_at = excluded.updated_at,
				version = ballots.version + 1
			RETURNING version`, b.GroupID, b.PartID, b.UserID, b.MeetingID, string(b.Method), string(js), now).Scan(&b.Version)
		b.UpdatedAt = fromMS(now)
		if err != nil {
			return err
		}
		// Screens showing the group's provisional five (the projector)
		// learn of the ballot; the event names the group, never the voter.
		return tx.notify(ctx, Event{MeetingID: b.MeetingID, Action: BallotAction, ObjectType: "ballot", ObjectID: b.GroupID, At: b.UpdatedAt})
	})
}

// BallotAction is the action of the event that tells screens of a new or
// changed ballot in a group (object ID: the group). Like vote events, such
// events have no ID and are not in the audit trail.
const BallotAction = "ballot"

const ballotCols = `meeting_id, group_id, part_id, user_id, method, ballot, updated_at, version`

func scanBallot(r scanner) (*Ballot, error) {
	b := &Ballot{}
	var method, js string
	var updated int64
	if err := r.Scan(&b.MeetingID, &b.GroupID, &b.PartID, &b.UserID, &method, &js, &updated, &b.Version); err != nil {
		return nil, err
	}
	var rb rank.Ballot
	if err := json.Unmarshal([]byte(js), &rb); err != nil {
		return nil, fmt.Errorf("store: ballot: %w", err)
	}
	b.Method, b.UpdatedAt = rank.Method(method), fromMS(updated)
	b.Ranks, b.Approved, b.Scores = rb.Ranks, rb.Approved, rb.Scores
	return b, nil
}

// Ballot returns one member's ballot in a conversation: only ever to that
// member (ballots are never shown per person). ENOTFOUND when they have
// not cast one.
func (db *DB) Ballot(ctx context.Context, groupID, partID, userID string) (*Ballot, error) {
	b, err := scanBallot(db.queryRow(ctx, `SELECT `+ballotCols+` FROM ballots WHERE group_id = ? AND part_id = ? AND user_id = ?`, groupID, partID, userID))
	if err != nil {
		return nil, db.notFound(err, "ballot")
	}
	return b, nil
}

// conversationBallots returns the ballots of a conversation in a fixed
// order that says nothing of who cast them (by their content), without
// their voters.
func conversationBallots(ctx context.Context, q querier, groupID, partID string) ([]*Ballot, error) {
	rows, err := q.query(ctx, `SELECT `+ballotCols+` FROM ballots WHERE group_id = ? AND part_id = ? ORDER BY ballot, updated_at`, groupID, partID)
	bs, err := scanAll(rows, err, scanBallot)
	for _, b := range bs {
		b.UserID = ""
	}
	return bs, err
}

// Ballots returns the ballots of a conversation without their voters, so
// that no caller can show a ballot per person.
func (db *DB) Ballots(ctx context.Context, groupID, partID string) ([]*Ballot, error) {
	bs, err := conversationBallots(ctx, db, groupID, partID)
	return bs, db.mapErr(err)
}

// RankingInput is what a conversation's tally counts: its part's
// settings, its candidates (standing statements of the candidate kinds,
// oldest first), where each of its merged statements went, and its
// ballots without their voters, in an order that says nothing of who cast
// them.
type RankingInput struct {
	MeetingID, GroupID, PartID string
	Settings                   *RankingSettings
	Candidates                 []*domain.Statement
	// Merged maps each merged statement of the group to the statement it
	// was merged into.
	Merged  map[string]string
	Ballots []*Ballot
}

// RankingInput reads what the tally of a conversation counts.
func (db *DB) RankingInput(ctx context.Context, meetingID, groupID, partID string) (*RankingInput, error) {
	in, err := rankingInput(ctx, db, meetingID, groupID, partID)
	return in, db.mapErr(err)
}

func rankingInput(ctx context.Context, q querier, meetingID, groupID, partID string) (*RankingInput, error) {
	in := &RankingInput{MeetingID: meetingID, GroupID: groupID, PartID: partID, Merged: map[string]string{}}
	var err error
	if in.Settings, err = rankingSettings(ctx, q, partID); err != nil {
		return nil, err
	}
	if in.Candidates, err = conversationCandidates(ctx, q, meetingID, groupID, partID, in.Settings.Candidates); err != nil {
		return nil, err
	}
	rows, err := q.query(ctx, `SELECT id, merged_into FROM statements WHERE meeting_id = ? AND group_id = ? AND merged_into IS NOT NULL`, meetingID, groupID)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id, into string
		if err := rows.Scan(&id, &into); err != nil {
			rows.Close()
			return nil, err
		}
		in.Merged[id] = into
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if in.Ballots, err = conversationBallots(ctx, q, groupID, partID); err != nil {
		return nil, err
	}
	return in, nil
}
