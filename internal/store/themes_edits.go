package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/themes"
)

// ThemeEdits are the plenary's edits of the themes found across the
// breakout groups of one session part, in the order they were made, with
// the result they were last applied to. Recomputing the themes with
// Previous and Edits (given to the themes engine) keeps theme ids and labels
// stable and re-applies every edit to new statements.
type ThemeEdits struct {
	MeetingID string
	PartID    string
	Edits     []themes.Edit
	// Previous is the last result the edits were applied to (without its
	// links, which the engine does not need to keep ids); nil before the
	// first edit.
	Previous  *themes.Result
	UpdatedAt time.Time
	// Version is 0 while nobody has edited the part's themes.
	Version int
}

// MaxThemeEdits bounds how many edits one part's themes may accumulate, so
// that recomputing stays quick.
const MaxThemeEdits = 500

// ThemeEdits returns the edits of a part's themes; a part nobody has
// edited has none (Version 0). ENOTFOUND when the part is not the
// meeting's.
func (db *DB) ThemeEdits(ctx context.Context, meetingID, partID string) (*ThemeEdits, error) {
	te, err := themeEdits(ctx, db, meetingID, partID)
	return te, db.mapErr(err)
}

func themeEdits(ctx context.Context, q querier, meetingID, partID string) (*ThemeEdits, error) {
	if err := checkMeetingPart(ctx, q, meetingID, partID); err != nil {
		return nil, err
	}
	te := &ThemeEdits{MeetingID: meetingID, PartID: partID}
	var edits, prev string
	var at int64
	err := q.queryRow(ctx, `SELECT edits, previous, updated_at, version FROM theme_edits WHERE meeting_id = ? AND part_id = ?`, meetingID, partID).
		Scan(&edits, &prev, &at, &te.Version)
	if errors.Is(err, sql.ErrNoRows) {
		return te, nil
	}
	if err != nil {
		return nil, err
	}
	te.UpdatedAt = fromMS(at)
	if err := json.Unmarshal([]byte(edits), &te.Edits); err != nil {
		return nil, fmt.Errorf("store: theme edits: %w", err)
	}
	if prev != "" {
		te.Previous = &themes.Result{}
		if err := json.Unmarshal([]byte(prev), te.Previous); err != nil {
			return nil, fmt.Errorf("store: theme edits previous: %w", err)
		}
	}
	return te, nil
}

// checkMeetingPart checks that the part belongs to the meeting
// (ENOTFOUND otherwise).
func checkMeetingPart(ctx context.Context, q querier, meetingID, partID string) error {
	var n int
	if err := q.queryRow(ctx, `SELECT COUNT(*) FROM session_parts p JOIN meeting_sessions s ON s.id = p.session_id WHERE p.id = ? AND s.meeting_id = ?`,
		partID, meetingID).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return domain.NotFound("part")
	}
	return nil
}

// AddThemeEdit appends e to the edits of a part's themes and keeps result
// (the themes with e applied) as the previous result. version is the
// version read (0 when there were no edits); another is a conflict, so that
// two people editing at once do not apply edits to themes they never saw.
func (db *DB) AddThemeEdit(ctx context.Context, meetingID, partID string, version int, e themes.Edit, result *themes.Result) (*ThemeEdits, error) {
	var out *ThemeEdits
	err := db.inTx(ctx, func(tx *Tx) error {
		te, err := themeEdits(ctx, tx, meetingID, partID)
		if err != nil {
			return err
		}
		if te.Version != version {
			return domain.Conflict("the themes")
		}
		if len(te.Edits) >= MaxThemeEdits {
			return domain.Invalid("op", "error.too_many_edits", "at most %d edits", MaxThemeEdits)
		}
		te.Edits = append(te.Edits, e)
		edits, err := json.Marshal(te.Edits)
		if err != nil {
			return err
		}
		var prev []byte
		if result != nil {
			kept := *result
			kept.Links = nil
			if prev, err = json.Marshal(&kept); err != nil {
				return err
			}
			te.Previous = &kept
		}
		now := db.nowMS()
		if version == 0 {
			if _, err := tx.exec(ctx, `INSERT INTO theme_edits (meeting_id, part_id, edits, previous, updated_at, version) VALUES (?, ?, ?, ?, ?, 1)`,
				meetingID, partID, string(edits), string(prev), now); err != nil {
				if domain.ErrorCode(db.mapErr(err)) == domain.ECONFLICT {
					return domain.Conflict("the themes")
				}
				return err
			}
		} else if _, err := tx.exec(ctx, `UPDATE theme_edits SET edits = ?, previous = ?, updated_at = ?, version = version + 1 WHERE meeting_id = ? AND part_id = ?`,
			string(edits), string(prev), now, meetingID, partID); err != nil {
			return err
		}
		te.Version, te.UpdatedAt = version+1, fromMS(now)
		out = te
		return tx.audit(ctx, "edit_themes", "part", partID, meetingID, nil, e)
	})
	return out, db.mapErr(err)
}
