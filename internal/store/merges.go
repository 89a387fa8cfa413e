package store

import (
	"context"

	"github.com/plenary-org/plenary/internal/domain"
)

// Merge audit actions: the object is the duplicate statement.
const (
	MergeAction   = "merge"
	UnmergeAction = "unmerge"
)

// mergeRecord is what the audit trail keeps of a merge: who and when are
// the audit event's own; which votes moved is counted here and kept
// exactly in statement_merge_votes, never shown, since pages never say
// who voted how.
type mergeRecord struct {
	Merge      string `json:"merge"`
	MergedInto string `json:"merged_into"`
	VotesMoved int    `json:"votes_moved"`
}

// MergeStatements merges the statement fromID into intoID, in one
// transaction: fromID is marked merged into intoID, and its votes move to
// intoID, except those of people who had voted on both, who keep their
// vote on intoID (their vote on fromID stays where it was, no longer
// counted). The merge and the number of votes moved go to the audit trail;
// which votes moved is recorded so that [DB.UndoMerge] puts them back
// exactly. Both statements must stand and belong to one conversation
// (EINVALID otherwise); ENOTFOUND when one does not exist.
func (db *DB) MergeStatements(ctx context.Context, intoID, fromID string) (*domain.StatementMerge, error) {
	if intoID == fromID {
		return nil, domain.Invalid("from", "statement.error_merge_same", "choose two different statements")
	}
	var out *domain.StatementMerge
	err := db.inTx(ctx, func(tx *Tx) error {
		into, from, err := tx.lockStatements(ctx, intoID, fromID)
		if err != nil {
			return err
		}
		if into.MeetingID != from.MeetingID || into.GroupID != from.GroupID {
			return domain.Invalid("from", "statement.error_merge_conversation", "only statements of the same group can be merged")
		}
		if into.MergedInto != "" || from.MergedInto != "" {
			return domain.Invalid("from", "statement.error_merge_merged", "a statement that was merged into another cannot be merged again; undo that merge first")
		}
		now := tx.db.nowMS()
		m := &domain.StatementMerge{ID: NewID(), MeetingID: into.MeetingID, IntoID: intoID, FromID: fromID, MergedAt: fromMS(now)}
		if a := tx.actor; a != nil && a.User != nil {
			m.MergedBy = a.User.ID
		}
		if _, err := tx.exec(ctx, `INSERT INTO statement_merges (id, meeting_id, into_id, from_id, merged_by, merged_at) VALUES (?, ?, ?, ?, ?, ?)`,
			m.ID, m.MeetingID, intoID, fromID, nullIfEmpty(m.MergedBy), now); err != nil {
			return err
		}
		res, err := tx.exec(ctx, `INSERT INTO statement_merge_votes (merge_id, user_id, value, at)
			SELECT ?, v.user_id, v.value, v.at FROM votes v WHERE v.statement_id = ?
			AND NOT EXISTS (SELECT 1 FROM votes w WHERE w.statement_id = ? AND w.user_id = v.user_id)`, m.ID, fromID, intoID)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		if err != nil {
			return err
		}
		m.Votes = int(n)
		if _, err := tx.exec(ctx, `UPDATE votes SET statement_id = ? WHERE statement_id = ?
			AND user_id IN (SELECT user_id FROM statement_merge_votes WHERE merge_id = ?)`, intoID, fromID, m.ID); err != nil {
			return err
		}
		// Live analysis reads every vote again after a merge; the moved
		// votes are numbered anew all the same, as every changed vote is.
		if err := tx.db.dialect.renumberVotes(ctx, tx, `statement_id = ? AND user_id IN (SELECT user_id FROM statement_merge_votes WHERE merge_id = ?)`, intoID, m.ID); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `UPDATE statements SET merged_into = ?, updated_at = ?, version = version + 1 WHERE id = ?`, intoID, now, fromID); err != nil {
			return err
		}
		out = m
		return tx.auditRecord(ctx, record{unattributed: from.Unattributed}, MergeAction, "statement", fromID, m.MeetingID, map[string]string{"merged_into": ""},
			mergeRecord{Merge: m.ID, MergedInto: intoID, VotesMoved: m.Votes})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// UndoMerge undoes a merge in one transaction: the votes that moved go
// back to the duplicate as they were (value and time), the duplicate
// stands again, and the undoing goes to the audit trail. A vote that a
// person whose vote moved cast on the merged statement afterwards is
// replaced by their original one. ECONFLICT when the merge was already
// undone, or when the statement it merged into has since been merged
// itself (undo that merge first).
func (db *DB) UndoMerge(ctx context.Context, mergeID string) (*domain.StatementMerge, error) {
	var out *domain.StatementMerge
	err := db.inTx(ctx, func(tx *Tx) error {
		m, err := scanMerge(tx.queryRow(ctx, `SELECT `+mergeCols+` FROM statement_merges m WHERE m.id = ?`, mergeID))
		if err != nil {
			return tx.db.notFound(err, "merge")
		}
		if m.Undone() {
			return domain.Errorf(domain.ECONFLICT, "statement.error_merge_undone", "this merge was already undone")
		}
		into, from, err := tx.lockStatements(ctx, m.IntoID, m.FromID)
		if err != nil {
			return err
		}
		if into.MergedInto != "" || from.MergedInto != m.IntoID {
			return domain.Errorf(domain.ECONFLICT, "statement.error_merge_later", "the statement was merged again since; undo the later merge first")
		}
		if _, err := tx.exec(ctx, `DELETE FROM votes WHERE statement_id = ?
			AND user_id IN (SELECT user_id FROM statement_merge_votes WHERE merge_id = ?)`, m.IntoID, m.ID); err != nil {
			return err
		}
		if err := tx.lockVoteNumbers(ctx); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `INSERT INTO votes (statement_id, user_id, value, at, conversation)
			SELECT ?, user_id, value, at, ? FROM statement_merge_votes WHERE merge_id = ?
			ON CONFLICT (statement_id, user_id) DO UPDATE SET value = excluded.value, at = excluded.at`, m.FromID, conversationOf(from.MeetingID, from.GroupID), m.ID); err != nil {
			return err
		}
		if err := tx.db.dialect.renumberVotes(ctx, tx, `statement_id = ? AND user_id IN (SELECT user_id FROM statement_merge_votes WHERE merge_id = ?)`, m.FromID, m.ID); err != nil {
			return err
		}
		now := tx.db.nowMS()
		if _, err := tx.exec(ctx, `UPDATE statements SET merged_into = NULL, updated_at = ?, version = version + 1 WHERE id = ?`, now, m.FromID); err != nil {
			return err
		}
		if a := tx.actor; a != nil && a.User != nil {
			m.UndoneBy = a.User.ID
		}
		m.UndoneAt = fromMS(now)
		if _, err := tx.exec(ctx, `UPDATE statement_merges SET undone_by = ?, undone_at = ? WHERE id = ?`, nullIfEmpty(m.UndoneBy), now, m.ID); err != nil {
			return err
		}
		out = m
		return tx.auditRecord(ctx, record{unattributed: from.Unattributed}, UnmergeAction, "statement", m.FromID, m.MeetingID,
			mergeRecord{Merge: m.ID, MergedInto: m.IntoID, VotesMoved: m.Votes}, map[string]string{"merged_into": ""})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

const mergeCols = `m.id, m.meeting_id, m.into_id, m.from_id, COALESCE(m.merged_by, ''), m.merged_at, COALESCE(m.undone_by, ''), m.undone_at,
	(SELECT COUNT(*) FROM statement_merge_votes mv WHERE mv.merge_id = m.id)`

func scanMerge(r scanner) (*domain.StatementMerge, error) {
	m := &domain.StatementMerge{}
	var at, undone int64
	err := r.Scan(&m.ID, &m.MeetingID, &m.IntoID, &m.FromID, &m.MergedBy, &at, &m.UndoneBy, &undone, &m.Votes)
	m.MergedAt, m.UndoneAt = fromMS(at), fromMS(undone)
	return m, err
}

// Merge returns one merge.
func (db *DB) Merge(ctx context.Context, id string) (*domain.StatementMerge, error) {
	m, err := scanMerge(db.queryRow(ctx, `SELECT `+mergeCols+` FROM statement_merges m WHERE m.id = ?`, id))
	if err != nil {
		return nil, db.notFound(err, "merge")
	}
	return m, nil
}

// Merges returns the merges of a conversation (groupID "" for the
// plenary), undone ones included, newest first.
func (db *DB) Merges(ctx context.Context, meetingID, groupID string) ([]*domain.StatementMerge, error) {
	rows, err := db.query(ctx, `SELECT `+mergeCols+` FROM statement_merges m JOIN statements s ON s.id = m.into_id
		WHERE m.meeting_id = ? AND COALESCE(s.group_id, '') = ? ORDER BY m.merged_at DESC, m.id DESC`, meetingID, groupID)
	ms, err := scanAll(rows, err, scanMerge)
	return ms, db.mapErr(err)
}

// VotedStatements returns the IDs of the statements of a conversation a
// person has voted on, for the voting page to skip them.
func (db *DB) VotedStatements(ctx context.Context, meetingID, groupID, userID string) (map[string]bool, error) {
	rows, err := db.query(ctx, `SELECT v.statement_id FROM votes v JOIN statements s ON s.id = v.statement_id
		WHERE v.user_id = ? AND s.meeting_id = ? AND COALESCE(s.group_id, '') = ?`, userID, meetingID, groupID)
	ids, err := scanAll(rows, err, func(r scanner) (string, error) {
		var id string
		return id, r.Scan(&id)
	})
	if err != nil {
		return nil, db.mapErr(err)
	}
	out := make(map[string]bool, len(ids))
	for _, id := range ids {
		out[id] = true
	}
	return out, nil
}

// lockStatements locks two statements in the order of their IDs, as the
// vote writer locks the statements of a batch, so that a merge and a batch
// of votes never wait for each other both at once.
func (tx *Tx) lockStatements(ctx context.Context, a, b string) (*domain.Statement, *domain.Statement, error) {
	first, second := a, b
	if second < first {
		first, second = second, first
	}
	s1, err := tx.lockStatement(ctx, first)
	if err != nil {
		return nil, nil, err
	}
	s2, err := tx.lockStatement(ctx, second)
	if err != nil {
		return nil, nil, err
	}
	if first != a {
		s1, s2 = s2, s1
	}
	return s1, s2, nil
}

// lockStatement reads a statement in the transaction and locks its row
// where writers run at once, so that votes on it (whose batch shares the
// row's lock) wait until a merge has committed.
func (tx *Tx) lockStatement(ctx context.Context, id string) (*domain.Statement, error) {
	q := `SELECT ` + statementCols + ` FROM statements s WHERE s.id = ?` + tx.db.dialect.forUpdate
	st, err := scanStatement(tx.queryRow(ctx, q, id))
	if err != nil {
		return nil, tx.db.notFound(err, "statement")
	}
	return st, nil
}
