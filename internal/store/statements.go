package store

import (
	"context"
	"fmt"
	"time"

	"github.com/plenary-org/plenary/internal/domain"
)

const statementCols = `s.id, s.seq, s.meeting_id, COALESCE(s.part_id, ''), COALESCE(s.group_id, ''), s.kind, s.text, s.lang,
	COALESCE(s.author_id, ''), COALESCE(s.body_id, ''), s.by_partner, COALESCE(s.source_id, ''), COALESCE(s.merged_into, ''),
	s.created_at, s.updated_at, s.version, s.unattributed`

func scanStatement(r scanner) (*domain.Statement, error) {
	s := &domain.Statement{}
	var kind string
	var created, updated int64
	err := r.Scan(&s.ID, &s.Seq, &s.MeetingID, &s.PartID, &s.GroupID, &kind, &s.Text, &s.Lang,
		&s.AuthorID, &s.BodyID, &s.ByPartner, &s.SourceID, &s.MergedInto, &created, &updated, &s.Version, &s.Unattributed)
	s.Kind = domain.ContributionKind(kind)
	s.CreatedAt, s.UpdatedAt = fromMS(created), fromMS(updated)
	return s, err
}

// CreateStatement adds a statement to a conversation. The group and part,
// when given, must belong to the statement's meeting. Under the meeting's
// non-attribution rule the statement is stored unattributed, without its
// author and body ([domain.Statement.Unattribute]), and s says so.
func (db *DB) CreateStatement(ctx context.Context, s *domain.Statement) error {
	if err := s.Validate(); err != nil {
		return err
	}
	return db.inTx(ctx, func(tx *Tx) error {
		if s.GroupID != "" {
			var m string
			if err := tx.queryRow(ctx, `SELECT meeting_id FROM breakout_groups WHERE id = ?`, s.GroupID).Scan(&m); err != nil || m != s.MeetingID {
				return domain.Invalid("group", "error.unknown_group", "choose one of the meeting's breakout groups")
			}
		}
		if s.PartID != "" {
			var m string
			err := tx.queryRow(ctx, `SELECT ms.meeting_id FROM session_parts p JOIN meeting_sessions ms ON ms.id = p.session_id WHERE p.id = ?`, s.PartID).Scan(&m)
			if err != nil || m != s.MeetingID {
				return domain.Invalid("part", "error.unknown_part", "choose one of the meeting's session parts")
			}
		}
		on, err := tx.underRule(ctx, s.MeetingID)
		if err != nil {
			return err
		}
		rec := record{authorID: s.AuthorID}
		if on {
			s.Unattribute()
			rec.unattributed = true
		}
		now := db.nowMS()
		s.ID, s.Version = NewID(), 1
		s.CreatedAt, s.UpdatedAt = fromMS(now), fromMS(now)
		q := fmt.Sprintf(`INSERT INTO statements (id, seq, meeting_id, part_id, group_id, kind, text, lang, author_id, body_id, by_partner, source_id,
			created_at, updated_at, version, unattributed) VALUES (?, %s, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?) RETURNING seq`, db.dialect.nextSeq("statements"))
		if err := tx.queryRow(ctx, q, s.ID, s.MeetingID, nullIfEmpty(s.PartID), nullIfEmpty(s.GroupID), string(s.Kind), s.Text, s.Lang,
			nullIfEmpty(s.AuthorID), nullIfEmpty(s.BodyID), s.ByPartner, nullIfEmpty(s.SourceID), now, now, s.Unattributed).Scan(&s.Seq); err != nil {
			return err
		}
		return tx.auditRecord(ctx, rec, "create", "statement", s.ID, s.MeetingID, nil, s)
	})
}

// Statement returns one statement.
func (db *DB) Statement(ctx context.Context, id string) (*domain.Statement, error) {
	s, err := scanStatement(db.queryRow(ctx, `SELECT `+statementCols+` FROM statements s WHERE s.id = ?`, id))
	if err != nil {
		return nil, db.notFound(err, "statement")
	}
	return s, nil
}

// Statements returns the statements of a conversation (groupID "" for the
// plenary; partID "" for every part), merged ones included, oldest first.
func (db *DB) Statements(ctx context.Context, meetingID, groupID, partID string) ([]*domain.Statement, error) {
	q := `SELECT ` + statementCols + ` FROM statements s WHERE s.meeting_id = ? AND COALESCE(s.group_id, '') = ?`
	args := []any{meetingID, groupID}
	if partID != "" {
		q += ` AND s.part_id = ?`
		args = append(args, partID)
	}
	rows, err := db.query(ctx, q+` ORDER BY s.seq`, args...)
	ss, err := scanAll(rows, err, scanStatement)
	return ss, db.mapErr(err)
}

// ConversationVotes returns every vote on the statements of a conversation.
func (db *DB) ConversationVotes(ctx context.Context, meetingID, groupID, partID string) ([]domain.Vote, error) {
	return db.conversationVotes(ctx, meetingID, groupID, partID, time.Time{})
}

func (db *DB) conversationVotes(ctx context.Context, meetingID, groupID, partID string, since time.Time) ([]domain.Vote, error) {
	q := `SELECT v.statement_id, v.user_id, v.value, v.at FROM votes v JOIN statements s ON s.id = v.statement_id
		WHERE s.meeting_id = ? AND COALESCE(s.group_id, '') = ?`
	args := []any{meetingID, groupID}
	if partID != "" {
		q += ` AND s.part_id = ?`
		args = append(args, partID)
	}
	if !since.IsZero() {
		q += ` AND v.at >= ?`
		args = append(args, since.UnixMilli())
	}
	rows, err := db.query(ctx, q+` ORDER BY v.at, v.statement_id, v.user_id`, args...)
	vs, err := scanAll(rows, err, func(r scanner) (domain.Vote, error) {
		var v domain.Vote
		var at int64
		err := r.Scan(&v.StatementID, &v.UserID, &v.Value, &at)
		v.At = fromMS(at)
		return v, err
	})
	return vs, db.mapErr(err)
}

// FromPartner reports whether a contribution comes from a partner
// organisation (domain.BodyKind.IsPartner): a statement drawn from it is a
// partner's statement. A contribution of no body, or of a body since
// deleted, is not.
func (db *DB) FromPartner(ctx context.Context, c *domain.Contribution) (bool, error) {
	if c.BodyID == "" {
		return false, nil
	}
	b, err := db.Body(ctx, c.BodyID)
	switch {
	case domain.ErrorCode(err) == domain.ENOTFOUND:
		return false, nil
	case err != nil:
		return false, err
	}
	return b.Kind.IsPartner(), nil
}
