package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/rank"
)

// OverallCandidate is a candidate overall recommendation of the plenary
// for one breakout part, drawn from a theme found across the groups.
type OverallCandidate struct {
	ID         string   `json:"id"`
	MeetingID  string   `json:"meeting_id"`
	PartID     string   `json:"part_id"`
	ThemeID    string   `json:"theme_id"`
	Text       string   `json:"text"`
	Statements []string `json:"statements"` // the theme's statements, for provenance
	CreatedAt  time.Time
	// Version counts the edits of the text: 1 when added.
	Version int `json:"version"`
}

// MaxOverallText is the longest text of a candidate overall recommendation.
const MaxOverallText = 1000

// MaxOverallCandidates bounds the candidates of a part, so that a ballot
// stays something a person can fill in.
const MaxOverallCandidates = 40

// ErrOverallConfirmed is the error of a change after the chair confirmed
// the overall recommendations.
var ErrOverallConfirmed = domain.Errorf(domain.ECONFLICT, "overall.error_confirmed", "the overall recommendations are confirmed: ranking is closed")

// AddOverallCandidate adds a candidate to a part (audited). It is refused
// once the recommendations are confirmed.
func (db *DB) AddOverallCandidate(ctx context.Context, c *OverallCandidate) error {
	text, err := tidyOverallText(c.Text)
	if err != nil {
		return err
	}
	c.Text = text
	if c.Statements == nil {
		c.Statements = []string{}
	}
	return db.inTx(ctx, func(tx *Tx) error {
		if err := checkMeetingPart(ctx, tx, c.MeetingID, c.PartID); err != nil {
			return err
		}
		if err := checkOverallOpen(ctx, tx, c.PartID); err != nil {
			return err
		}
		var n int
		var last int64
		if err := tx.queryRow(ctx, `SELECT COUNT(*), COALESCE(MAX(created_at), 0) FROM overall_candidates WHERE part_id = ?`, c.PartID).Scan(&n, &last); err != nil {
			return err
		}
		if n >= MaxOverallCandidates {
			return domain.Invalid("text", "overall.error_too_many", "at most %d candidates", MaxOverallCandidates)
		}
		js, err := json.Marshal(c.Statements)
		if err != nil {
			return err
		}
		c.ID = NewID()
		// Strictly after the last candidate, so that candidates added in
		// the same millisecond keep the order they were added in.
		now := max(db.nowMS(), last+1)
		if _, err := tx.exec(ctx, `INSERT INTO overall_candidates (id, meeting_id, part_id, theme_id, text, statements, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			c.ID, c.MeetingID, c.PartID, c.ThemeID, c.Text, string(js), now); err != nil {
			return err
		}
		c.CreatedAt, c.Version = fromMS(now), 1
		return tx.audit(ctx, "create", "overall_candidate", c.ID, c.MeetingID, nil, c)
	})
}

// OverallCandidates returns a part's candidates, oldest first.
func (db *DB) OverallCandidates(ctx context.Context, meetingID, partID string) ([]*OverallCandidate, error) {
	cs, err := overallCandidates(ctx, db, meetingID, partID)
	return cs, db.mapErr(err)
}

func overallCandidates(ctx context.Context, q querier, meetingID, partID string) ([]*OverallCandidate, error) {
	rows, err := q.query(ctx, `SELECT `+overallCandidateCols+` FROM overall_candidates
		WHERE meeting_id = ? AND part_id = ? ORDER BY created_at, id`, meetingID, partID)
	return scanAll(rows, err, scanOverallCandidate)
}

const overallCandidateCols = `id, meeting_id, part_id, theme_id, text, statements, created_at, version`

func scanOverallCandidate(r scanner) (*OverallCandidate, error) {
	c := &OverallCandidate{}
	var js string
	var at int64
	if err := r.Scan(&c.ID, &c.MeetingID, &c.PartID, &c.ThemeID, &c.Text, &js, &at, &c.Version); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(js), &c.Statements); err != nil {
		return nil, fmt.Errorf("store: overall candidate: %w", err)
	}
	c.CreatedAt = fromMS(at)
	return c, nil
}

func checkOverallOpen(ctx context.Context, q querier, partID string) error {
	var n int
	if err := q.queryRow(ctx, `SELECT COUNT(*) FROM overall_confirmations WHERE part_id = ?`, partID).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return ErrOverallConfirmed
	}
	return nil
}

// OverallBallot is one person's plenary ballot on a part's candidates,
// counted for the breakout group they belong to. Which of Ranks, Approved
// and Scores is set depends on Method, the part's plenary method
// ([OverallSettings]).
type OverallBallot struct {
	MeetingID string
	PartID    string
	UserID    string
	GroupID   string
	Method    rank.Method
	Ranks     [][]string
	Approved  []string
	Scores    map[string]float64
	UpdatedAt time.Time
	Version   int
}

// Rank returns the ballot as the counter reads it.
func (b *OverallBallot) Rank() rank.Ballot {
	return rank.Ballot{Ranks: b.Ranks, Approved: b.Approved, Scores: b.Scores, Group: b.GroupID}
}

// OverallBallotCheck checks a plenary ballot against its part's settings
// and candidates (their IDs) as they stand in the transaction that stores
// it. The synthesis use cases provide it.
type OverallBallotCheck func(b *OverallBallot, set *OverallSettings, candidateIDs []string) error

// PutOverallBallot casts or replaces the caller's plenary ballot (the
// caller checks that the person may vote and belongs to GroupID). Method
// must be the part's plenary method (empty: that method); the ballot is
// checked against the part's candidates and must express something (a
// place, an approval or a score); Version is the version read (0 for a
// first ballot), another is a conflict.
func (db *DB) PutOverallBallot(ctx context.Context, b *OverallBallot, check OverallBallotCheck) error {
	return db.inTx(ctx, func(tx *Tx) error {
		if err := checkGroupPart(ctx, tx, b.MeetingID, b.GroupID, b.PartID); err != nil {
			return err
		}
		// Touching the confirmation first orders a ballot against a
		// confirmation on PostgreSQL.
		if _, err := tx.exec(ctx, `UPDATE overall_confirmations SET confirmed_at = confirmed_at WHERE part_id = ?`, b.PartID); err != nil {
			return err
		}
		if err := checkOverallOpen(ctx, tx, b.PartID); err != nil {
			return err
		}
		cs, err := overallCandidates(ctx, tx, b.MeetingID, b.PartID)
		if err != nil {
			return err
		}
		ids := make([]string, len(cs))
		for i, c := range cs {
			ids[i] = c.ID
		}
		set, err := overallSettings(ctx, tx, b.MeetingID, b.PartID)
		if err != nil {
			return err
		}
		if b.Method == "" {
			b.Method = set.Method
		}
		if b.Method != set.Method {
			return domain.Invalid("method", "ranking.error_wrong_method", "this part ranks by %s; reload the page and fill in its ballot", string(set.Method))
		}
		if err := check(b, set, ids); err != nil {
			return err
		}
		js, err := json.Marshal(b.Ranks)
		if err != nil {
			return err
		}
		approved, scores := b.Approved, b.Scores
		if approved == nil {
			approved = []string{}
		}
		if scores == nil {
			scores = map[string]float64{}
		}
		ajs, err := json.Marshal(approved)
		if err != nil {
			return err
		}
		sjs, err := json.Marshal(scores)
		if err != nil {
			return err
		}
		var v int
		err = tx.queryRow(ctx, `SELECT version FROM overall_ballots WHERE part_id = ? AND user_id = ?`, b.PartID, b.UserID).Scan(&v)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if v != b.Version {
			return domain.Conflict("your ballot")
		}
		now := db.nowMS()
		b.UpdatedAt = fromMS(now)
		return tx.queryRow(ctx, `INSERT INTO overall_ballots (part_id, user_id, meeting_id, group_id, method, ranks, approved, scores, updated_at, version)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1)
			ON CONFLICT (part_id, user_id) DO UPDATE SET group_id = excluded.group_id, method = excluded.method, ranks = excluded.ranks,
				approved = excluded.approved, scores = excluded.scores, updated_at = excluded.updated_at, version = overall_ballots.version + 1
			RETURNING version`, b.PartID, b.UserID, b.MeetingID, b.GroupID, string(b.Method), string(js), string(ajs), string(sjs), now).Scan(&b.Version)
	})
}

// scanOverallBallot reads the columns of overallBallotCols.
func scanOverallBallot(r scanner) (*OverallBallot, error) {
	b := &OverallBallot{}
	var method, ranks, approved, scores string
	var at int64
	if err := r.Scan(&b.MeetingID, &b.PartID, &b.UserID, &b.GroupID, &method, &ranks, &approved, &scores, &at, &b.Version); err != nil {
		return nil, err
	}
	b.Method, b.UpdatedAt = rank.Method(method), fromMS(at)
	for _, f := range []struct {
		js  string
		dst any
	}{{ranks, &b.Ranks}, {approved, &b.Approved}, {scores, &b.Scores}} {
		if err := json.Unmarshal([]byte(f.js), f.dst); err != nil {
			return nil, fmt.Errorf("store: overall ballot: %w", err)
		}
	}
	if len(b.Approved) == 0 {
		b.Approved = nil
	}
	if len(b.Scores) == 0 {
		b.Scores = nil
	}
	return b, nil
}

const overallBallotCols = `meeting_id, part_id, user_id, group_id, method, ranks, approved, scores, updated_at, version`

// MyOverallBallot returns one person's ballot (only ever to them);
// ENOTFOUND when they have not cast one.
func (db *DB) MyOverallBallot(ctx context.Context, partID, userID string) (*OverallBallot, error) {
	b, err := scanOverallBallot(db.queryRow(ctx, `SELECT `+overallBallotCols+` FROM overall_ballots WHERE part_id = ? AND user_id = ?`, partID, userID))
	if err != nil {
		return nil, db.notFound(err, "ballot")
	}
	return b, nil
}

// OverallBallots returns a part's ballots as the counter reads them, each
// with its voter's group (the group's id) and without the voter, in an
// order that says nothing of who cast them, as they were cast: they may
// name candidates removed since (the counter drops them,
// deliberation.OnCandidates). Only ballots cast under the
// part's current plenary method are returned (the method cannot change
// once a ballot is cast, so none is left out in practice).
func (db *DB) OverallBallots(ctx context.Context, meetingID, partID string) ([]rank.Ballot, error) {
	set, err := overallSettings(ctx, db, meetingID, partID)
	if err != nil {
		return nil, db.mapErr(err)
	}
	rows, err := db.query(ctx, `SELECT `+overallBallotCols+` FROM overall_ballots WHERE meeting_id = ? AND part_id = ?
		ORDER BY group_id, ranks, approved, scores, updated_at`, meetingID, partID)
	all, err := scanAll(rows, err, scanOverallBallot)
	if err != nil {
		return nil, db.mapErr(err)
	}
	var bs []rank.Ballot
	for _, b := range all {
		if b.Method != set.Method {
			continue
		}
		bs = append(bs, b.Rank())
	}
	return bs, nil
}

// OverallConfirmation is the five overall recommendations the chair
// confirmed, with the tally they came from.
type OverallConfirmation struct {
	MeetingID   string          `json:"meeting_id"`
	PartID      string          `json:"part_id"`
	Selected    []string        `json:"selected"`
	Snapshot    json.RawMessage `json:"snapshot"`
	ConfirmedBy string          `json:"confirmed_by"`
	ConfirmedAt time.Time       `json:"confirmed_at"`
}

// OverallConfirmation returns a part's confirmation; ENOTFOUND while the
// ranking is open.
func (db *DB) OverallConfirmation(ctx context.Context, meetingID, partID string) (*OverallConfirmation, error) {
	c := &OverallConfirmation{MeetingID: meetingID, PartID: partID}
	var sel, snap string
	var at int64
	err := db.queryRow(ctx, `SELECT selected, snapshot, confirmed_by, confirmed_at FROM overall_confirmations WHERE meeting_id = ? AND part_id = ?`, meetingID, partID).
		Scan(&sel, &snap, &c.ConfirmedBy, &at)
	if err != nil {
		return nil, db.notFound(err, "confirmation")
	}
	if err := json.Unmarshal([]byte(sel), &c.Selected); err != nil {
		return nil, fmt.Errorf("store: overall confirmation: %w", err)
	}
	c.Snapshot, c.ConfirmedAt = json.RawMessage(snap), fromMS(at)
	return c, nil
}

// OverallTopSize is how many overall recommendations the chair confirms.
const OverallTopSize = 5

// ConfirmOverall stores the chair's five overall recommendations with the
// tally snapshot (audited) and closes the ranking. Each selected id must be
// a candidate of the part, without repetition; fewer than five only when
// there are fewer candidates.
func (db *DB) ConfirmOverall(ctx context.Context, c *OverallConfirmation) error {
	return db.inTx(ctx, func(tx *Tx) error {
		if err := checkMeetingPart(ctx, tx, c.MeetingID, c.PartID); err != nil {
			return err
		}
		if err := checkOverallOpen(ctx, tx, c.PartID); err != nil {
			return err
		}
		cs, err := overallCandidates(ctx, tx, c.MeetingID, c.PartID)
		if err != nil {
			return err
		}
		known := map[string]bool{}
		for _, k := range cs {
			known[k.ID] = true
		}
		seen := map[string]bool{}
		for _, id := range c.Selected {
			if !known[id] || seen[id] {
				return domain.Invalid("selected", "overall.error_selected", "choose distinct candidates of this part")
			}
			seen[id] = true
		}
		if want := min(OverallTopSize, len(cs)); len(c.Selected) != want || want == 0 {
			return domain.Invalid("selected", "overall.error_count", "choose exactly %d recommendations", max(want, 1))
		}
		sel, err := json.Marshal(c.Selected)
		if err != nil {
			return err
		}
		if len(c.Snapshot) == 0 {
			c.Snapshot = json.RawMessage("{}")
		}
		now := db.nowMS()
		if _, err := tx.exec(ctx, `INSERT INTO overall_confirmations (part_id, meeting_id, selected, snapshot, confirmed_by, confirmed_at) VALUES (?, ?, ?, ?, ?, ?)`,
			c.PartID, c.MeetingID, string(sel), string(c.Snapshot), c.ConfirmedBy, now); err != nil {
			if domain.ErrorCode(db.mapErr(err)) == domain.ECONFLICT {
				return ErrOverallConfirmed
			}
			return err
		}
		c.ConfirmedAt = fromMS(now)
		return tx.audit(ctx, "confirm", "overall_recommendations", c.PartID, c.MeetingID, nil, c)
	})
}

// ReopenOverall removes a part's confirmation (audited): ranking opens
// again. ENOTFOUND when nothing was confirmed.
func (db *DB) ReopenOverall(ctx context.Context, meetingID, partID string) error {
	before, err := db.OverallConfirmation(ctx, meetingID, partID)
	if err != nil {
		return err
	}
	return db.inTx(ctx, func(tx *Tx) error {
		res, err := tx.exec(ctx, `DELETE FROM overall_confirmations WHERE meeting_id = ? AND part_id = ?`, meetingID, partID)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			if err != nil {
				return err
			}
			return domain.NotFound("confirmation")
		}
		return tx.audit(ctx, "reopen", "overall_recommendations", partID, meetingID, before, nil)
	})
}
