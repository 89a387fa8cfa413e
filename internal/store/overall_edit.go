package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"github.com/plenary-org/plenary/internal/domain"
)

// OverallCandidate returns one candidate overall recommendation of a
// meeting; ENOTFOUND when it is not the meeting's.
func (db *DB) OverallCandidate(ctx context.Context, meetingID, id string) (*OverallCandidate, error) {
	c, err := overallCandidate(ctx, db, meetingID, id)
	return c, db.mapErr(err)
}

func overallCandidate(ctx context.Context, q querier, meetingID, id string) (*OverallCandidate, error) {
	c, err := scanOverallCandidate(q.queryRow(ctx, `SELECT `+overallCandidateCols+` FROM overall_candidates WHERE id = ? AND meeting_id = ?`, id, meetingID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, domain.NotFound("candidate")
	}
	if err != nil {
		return nil, err
	}
	return c, nil
}

// tidyOverallText checks and tidies a candidate's text.
func tidyOverallText(text string) (string, error) {
	text = strings.Join(strings.Fields(text), " ")
	if text == "" {
		return "", domain.Invalid("text", "overall.error_text", "write the recommendation")
	}
	if len([]rune(text)) > MaxOverallText {
		return "", domain.Invalid("text", "error.too_long", "must be at most %d characters", MaxOverallText)
	}
	return text, nil
}

// EditOverallCandidate replaces a candidate's text (audited, with the text
// before and after). version is the version read; another is a conflict,
// so that two people editing at once never overwrite each other silently.
// Refused once the recommendations are confirmed. Ballots keep their
// places: they name the candidate, not its words.
func (db *DB) EditOverallCandidate(ctx context.Context, meetingID, id, text string, version int) (*OverallCandidate, error) {
	text, err := tidyOverallText(text)
	if err != nil {
		return nil, err
	}
	var out *OverallCandidate
	err = db.inTx(ctx, func(tx *Tx) error {
		before, err := overallCandidate(ctx, tx, meetingID, id)
		if err != nil {
			return err
		}
		if err := lockOverall(ctx, tx, before.PartID); err != nil {
			return err
		}
		if before.Version != version {
			return domain.Conflict("the recommendation")
		}
		after := *before
		after.Text, after.Version = text, before.Version+1
		if _, err := tx.exec(ctx, `UPDATE overall_candidates SET text = ?, version = version + 1 WHERE id = ? AND version = ?`, text, id, version); err != nil {
			return err
		}
		out = &after
		return tx.audit(ctx, "update", "overall_candidate", id, meetingID, before, &after)
	})
	return out, db.mapErr(err)
}

// RemoveOverallCandidate removes a candidate (audited, with the candidate
// as it was). version is the version read; another is a conflict. Refused
// once the recommendations are confirmed. Ballots that named it drop it
// when counted ([DB.OverallBallots]); its theme may be drawn again.
func (db *DB) RemoveOverallCandidate(ctx context.Context, meetingID, id string, version int) error {
	err := db.inTx(ctx, func(tx *Tx) error {
		before, err := overallCandidate(ctx, tx, meetingID, id)
		if err != nil {
			return err
		}
		if err := lockOverall(ctx, tx, before.PartID); err != nil {
			return err
		}
		if before.Version != version {
			return domain.Conflict("the recommendation")
		}
		if _, err := tx.exec(ctx, `DELETE FROM overall_candidates WHERE id = ?`, id); err != nil {
			return err
		}
		return tx.audit(ctx, "delete", "overall_candidate", id, meetingID, before, nil)
	})
	return db.mapErr(err)
}

// lockOverall orders a change against a confirmation (on PostgreSQL, by
// touching the confirmation row first) and refuses it once confirmed.
func lockOverall(ctx context.Context, tx *Tx, partID string) error {
	if _, err := tx.exec(ctx, `UPDATE overall_confirmations SET confirmed_at = confirmed_at WHERE part_id = ?`, partID); err != nil {
		return err
	}
	return checkOverallOpen(ctx, tx, partID)
}
