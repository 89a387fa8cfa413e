package store

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"time"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/rank"
)

// OverallSettings is how the plenary ranks a part's overall
// recommendations: the method and, for score voting, the score range.
// Whatever the method, every breakout group has an equal say (see
// [OverallSettings.Options]).
type OverallSettings struct {
	MeetingID string      `json:"meeting_id"`
	PartID    string      `json:"part_id"`
	Method    rank.Method `json:"method"`
	ScoreMin  int         `json:"score_min"`
	ScoreMax  int         `json:"score_max"`
	UpdatedAt time.Time   `json:"updated_at"`
	// Version is 0 while nobody has set the part's plenary method:
	// Schulze, scores 0 to 5.
	Version int `json:"version"`
}

// DefaultOverallSettings returns the settings of a part nobody has set.
func DefaultOverallSettings(meetingID, partID string) *OverallSettings {
	return &OverallSettings{MeetingID: meetingID, PartID: partID, Method: rank.Schulze, ScoreMin: 0, ScoreMax: 5}
}

// Options returns the counting options: the score range, and an equal say
// for every breakout group (each ballot weighs 1 / the number of ballots
// of its voter's group), for every method.
func (s *OverallSettings) Options() rank.Options {
	return rank.Options{EqualSay: true, ScoreMin: float64(s.ScoreMin), ScoreMax: float64(s.ScoreMax)}
}

// Validate checks the method and the score range.
func (s *OverallSettings) Validate() error {
	var errs domain.Errors
	if !slices.Contains(rank.Methods(), s.Method) {
		errs = append(errs, domain.Invalid("method", "ranking.error_method", "choose Schulze, Borda, approval or score"))
	}
	if s.ScoreMin < MinScore || s.ScoreMax > MaxScore || s.ScoreMin >= s.ScoreMax {
		errs = append(errs, domain.Invalid("score_max", "ranking.error_score_range", "the lowest score must be below the highest, both between %d and %d", MinScore, MaxScore))
	}
	return errs.Err()
}

// OverallSettings returns the plenary's ranking settings for a part, the
// defaults (version 0) when nobody set them. ENOTFOUND when the part is
// not the meeting's.
func (db *DB) OverallSettings(ctx context.Context, meetingID, partID string) (*OverallSettings, error) {
	if err := checkMeetingPart(ctx, db, meetingID, partID); err != nil {
		return nil, db.mapErr(err)
	}
	s, err := overallSettings(ctx, db, meetingID, partID)
	return s, db.mapErr(err)
}

func overallSettings(ctx context.Context, q querier, meetingID, partID string) (*OverallSettings, error) {
	s := &OverallSettings{MeetingID: meetingID, PartID: partID}
	var method string
	var at int64
	err := q.queryRow(ctx, `SELECT method, score_min, score_max, updated_at, version FROM overall_settings WHERE part_id = ?`, partID).
		Scan(&method, &s.ScoreMin, &s.ScoreMax, &at, &s.Version)
	if errors.Is(err, sql.ErrNoRows) {
		return DefaultOverallSettings(meetingID, partID), nil
	}
	if err != nil {
		return nil, err
	}
	s.Method, s.UpdatedAt = rank.Method(method), fromMS(at)
	return s, nil
}

// overallBallotCount is how many plenary ballots a part has.
func overallBallotCount(ctx context.Context, q querier, partID string) (int, error) {
	var n int
	err := q.queryRow(ctx, `SELECT COUNT(*) FROM overall_ballots WHERE part_id = ?`, partID).Scan(&n)
	return n, err
}

// PutOverallSettings saves the plenary's method for a part (audited).
// s.Version is the version read (0 when never set); another is a
// conflict. Once a ballot has been cast the method and the score range are
// refused (EINVALID on "method", naming how many ballots): ballots cast
// under one method are never reinterpreted under another, nor cleared. It
// is refused as well once the recommendations are confirmed.
func (db *DB) PutOverallSettings(ctx context.Context, s *OverallSettings) error {
	if err := s.Validate(); err != nil {
		return err
	}
	err := db.inTx(ctx, func(tx *Tx) error {
		if err := checkMeetingPart(ctx, tx, s.MeetingID, s.PartID); err != nil {
			return err
		}
		// Touching the confirmation first orders the change against a
		// confirmation on PostgreSQL, as ballots do.
		if _, err := tx.exec(ctx, `UPDATE overall_confirmations SET confirmed_at = confirmed_at WHERE part_id = ?`, s.PartID); err != nil {
			return err
		}
		if err := checkOverallOpen(ctx, tx, s.PartID); err != nil {
			return err
		}
		before, err := overallSettings(ctx, tx, s.MeetingID, s.PartID)
		if err != nil {
			return err
		}
		if before.Version != s.Version {
			return domain.Conflict("the plenary's ranking method")
		}
		if before.Method != s.Method || before.ScoreMin != s.ScoreMin || before.ScoreMax != s.ScoreMax {
			n, err := overallBallotCount(ctx, tx, s.PartID)
			if err != nil {
				return err
			}
			if n > 0 {
				return ErrOverallSettingsLocked(n)
			}
		}
		now := db.nowMS()
		if _, err := tx.exec(ctx, `INSERT INTO overall_settings (part_id, meeting_id, method, score_min, score_max, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, 1)
			ON CONFLICT (part_id) DO UPDATE SET method = excluded.method, score_min = excluded.score_min, score_max = excluded.score_max,
				updated_at = excluded.updated_at, version = overall_settings.version + 1`,
			s.PartID, s.MeetingID, string(s.Method), s.ScoreMin, s.ScoreMax, now); err != nil {
			return err
		}
		s.Version, s.UpdatedAt = before.Version+1, fromMS(now)
		var b any
		if before.Version > 0 {
			b = before
		}
		return tx.audit(ctx, "update", "overall_settings", s.PartID, s.MeetingID, b, s)
	})
	return db.mapErr(err)
}

// ErrOverallSettingsLocked is the refusal to change the plenary's method
// once n ballots have been cast.
func ErrOverallSettingsLocked(n int) error {
	return domain.Invalid("method", "overall.error_settings_locked",
		"%d plenary ballots have been cast under this method: it can no longer change, so that no ballot is reinterpreted or lost", n)
}
