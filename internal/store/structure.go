package store

import (
	"context"
	"fmt"
	"time"

	"github.com/plenary-org/plenary/internal/domain"
)

// Scope names the process and meeting an object belongs to, for permission
// checks.
type Scope struct {
	ProcessID string
	MeetingID string
}

// ScopeOf returns the scope of an object of type objType ("meeting",
// "session", "part", "item", "group").
func (db *DB) ScopeOf(ctx context.Context, objType, id string) (Scope, error) {
	var q string
	switch objType {
	case "meeting":
		q = `SELECT process_id, id FROM meetings WHERE id = ?`
	case "session":
		q = `SELECT m.process_id, m.id FROM meeting_sessions s JOIN meetings m ON m.id = s.meeting_id WHERE s.id = ?`
	case "part":
		q = `SELECT m.process_id, m.id FROM session_parts p JOIN meeting_sessions s ON s.id = p.session_id JOIN meetings m ON m.id = s.meeting_id WHERE p.id = ?`
	case "item":
		q = `SELECT m.process_id, m.id FROM agenda_items i JOIN meetings m ON m.id = i.meeting_id WHERE i.id = ?`
	case "group":
		q = `SELECT m.process_id, m.id FROM breakout_groups g JOIN meetings m ON m.id = g.meeting_id WHERE g.id = ?`
	default:
		return Scope{}, domain.NotFound(objType)
	}
	var s Scope
	if err := db.queryRow(ctx, q, id).Scan(&s.ProcessID, &s.MeetingID); err != nil {
		return Scope{}, db.notFound(err, objType)
	}
	return s, nil
}

const sessionCols = `id, meeting_id, number, title, intro, objectives_note, questions_note, position, version, starts_at, ends_at, times_sequence, times_changed_at`

func scanSession(r scanner) (*domain.Session, error) {
	s := &domain.Session{}
	var changed int64
	err := r.Scan(&s.ID, &s.MeetingID, &s.Number, &s.Title, &s.Intro, &s.ObjectivesNote, &s.QuestionsNote, &s.Position, &s.Version,
		&s.StartsAt, &s.EndsAt, &s.Sequence, &changed)
	s.TimesChangedAt = timesChanged(changed)
	return s, err
}

// Session returns one session.
func (db *DB) Session(ctx context.Context, id string) (*domain.Session, error) {
	s, err := scanSession(db.queryRow(ctx, `SELECT `+sessionCols+` FROM meeting_sessions WHERE id = ?`, id))
	if err != nil {
		return nil, db.notFound(err, "session")
	}
	return s, nil
}

// CreateSession appends a session to a meeting.
func (db *DB) CreateSession(ctx context.Context, s *domain.Session) error {
	if err := s.Validate(); err != nil {
		return err
	}
	return db.inTx(ctx, func(tx *Tx) error {
		var pos int
		if err := tx.queryRow(ctx, `SELECT COALESCE(MAX(position), 0) + 1 FROM meeting_sessions WHERE meeting_id = ?`, s.MeetingID).Scan(&pos); err != nil {
			return err
		}
		if err := tx.sessionNumberFree(ctx, s.MeetingID, "", s.Number); err != nil {
			return err
		}
		s.ID, s.Position, s.Version = NewID(), pos, 1
		if _, err := tx.exec(ctx, `INSERT INTO meeting_sessions (id, meeting_id, number, title, intro, objectives_note, questions_note, position, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1)`,
			s.ID, s.MeetingID, s.Number, s.Title, s.Intro, s.ObjectivesNote, s.QuestionsNote, pos); err != nil {
			return err
		}
		return tx.audit(ctx, "create", "session", s.ID, s.MeetingID, nil, s)
	})
}

// sessionNumberFree returns ECONFLICT on the field number when another
// session of the meeting than exceptID has number n: an agenda numbers each
// session once, and the meeting must export to an agenda that imports.
func (tx *Tx) sessionNumberFree(ctx context.Context, meetingID, exceptID string, n int) error {
	var taken int
	err := tx.queryRow(ctx, `SELECT COUNT(*) FROM meeting_sessions WHERE meeting_id = ? AND number = ? AND id <> ?`, meetingID, n, exceptID).Scan(&taken)
	if err != nil {
		return err
	}
	if taken > 0 {
		return &domain.Error{Code: domain.ECONFLICT, Field: "number", Key: "error.session_number_taken", Args: []any{n},
			Msg: fmt.Sprintf("the meeting already has a session %d; give each session its own number", n)}
	}
	return nil
}

// UpdateSession saves a session's number and title; ECONFLICT when stale.
func (db *DB) UpdateSession(ctx context.Context, s *domain.Session) error {
	if err := s.Validate(); err != nil {
		return err
	}
	return db.inTx(ctx, func(tx *Tx) error {
		before, err := scanSession(tx.queryRow(ctx, `SELECT `+sessionCols+` FROM meeting_sessions WHERE id = ?`, s.ID))
		if err != nil {
			return db.notFound(err, "session")
		}
		if before.Version != s.Version {
			return domain.Conflict("this session")
		}
		if err := tx.sessionNumberFree(ctx, before.MeetingID, s.ID, s.Number); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `UPDATE meeting_sessions SET number = ?, title = ?, intro = ?, objectives_note = ?, questions_note = ?, version = version + 1 WHERE id = ?`,
			s.Number, s.Title, s.Intro, s.ObjectivesNote, s.QuestionsNote, s.ID); err != nil {
			return err
		}
		s.MeetingID, s.Position, s.Times = before.MeetingID, before.Position, before.Times
		s.Version++
		return tx.audit(ctx, "update", "session", s.ID, s.MeetingID, before, s)
	})
}

// DeleteSession removes a session with its parts and items.
func (db *DB) DeleteSession(ctx context.Context, id string) error {
	return db.inTx(ctx, func(tx *Tx) error {
		before, err := scanSession(tx.queryRow(ctx, `SELECT `+sessionCols+` FROM meeting_sessions WHERE id = ?`, id))
		if err != nil {
			return db.notFound(err, "session")
		}
		if _, err := tx.exec(ctx, `DELETE FROM meeting_sessions WHERE id = ?`, id); err != nil {
			return err
		}
		if err := tx.deleteTextsOf(ctx, domain.TextSession, id); err != nil {
			return err
		}
		if err := tx.deleteOrphanTexts(ctx, before.MeetingID); err != nil {
			return err
		}
		return tx.audit(ctx, "delete", "session", id, before.MeetingID, before, nil)
	})
}

const partCols = `id, session_id, title, kind, intro, objectives_note, questions_note, position, version, starts_at, ends_at, times_sequence, times_changed_at`

func scanPart(r scanner) (*domain.Part, error) {
	p := &domain.Part{}
	var kind string
	var changed int64
	err := r.Scan(&p.ID, &p.SessionID, &p.Title, &kind, &p.Intro, &p.ObjectivesNote, &p.QuestionsNote, &p.Position, &p.Version,
		&p.StartsAt, &p.EndsAt, &p.Sequence, &changed)
	p.Kind = domain.PartKind(kind)
	p.TimesChangedAt = timesChanged(changed)
	return p, err
}

// timesChanged reads times_changed_at: 0 is "never".
func timesChanged(ms int64) time.Time {
	if ms == 0 {
		return time.Time{}
	}
	return fromMS(ms)
}

// Part returns one session part.
func (db *DB) Part(ctx context.Context, id string) (*domain.Part, error) {
	p, err := scanPart(db.queryRow(ctx, `SELECT `+partCols+` FROM session_parts WHERE id = ?`, id))
	if err != nil {
		return nil, db.notFound(err, "part")
	}
	return p, nil
}

// CreatePart appends a part to a session.
func (db *DB) CreatePart(ctx context.Context, p *domain.Part) error {
	if err := p.Validate(); err != nil {
		return err
	}
	return db.inTx(ctx, func(tx *Tx) error {
		var pos int
		var meetingID string
		if err := tx.queryRow(ctx, `SELECT meeting_id FROM meeting_sessions WHERE id = ?`, p.SessionID).Scan(&meetingID); err != nil {
			return db.notFound(err, "session")
		}
		if err := tx.queryRow(ctx, `SELECT COALESCE(MAX(position), 0) + 1 FROM session_parts WHERE session_id = ?`, p.SessionID).Scan(&pos); err != nil {
			return err
		}
		p.ID, p.Position, p.Version = NewID(), pos, 1
		if _, err := tx.exec(ctx, `INSERT INTO session_parts (id, session_id, title, kind, intro, objectives_note, questions_note, position, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1)`,
			p.ID, p.SessionID, p.Title, string(p.Kind), p.Intro, p.ObjectivesNote, p.QuestionsNote, pos); err != nil {
			return err
		}
		return tx.audit(ctx, "create", "part", p.ID, meetingID, nil, p)
	})
}

// UpdatePart saves a part's title and kind; ECONFLICT when stale.
func (db *DB) UpdatePart(ctx context.Context, p *domain.Part) error {
	if err := p.Validate(); err != nil {
		return err
	}
	return db.inTx(ctx, func(tx *Tx) error {
		before, err := scanPart(tx.queryRow(ctx, `SELECT `+partCols+` FROM session_parts WHERE id = ?`, p.ID))
		if err != nil {
			return db.notFound(err, "part")
		}
		if before.Version != p.Version {
			return domain.Conflict("this part")
		}
		if _, err := tx.exec(ctx, `UPDATE session_parts SET title = ?, kind = ?, intro = ?, objectives_note = ?, questions_note = ?, version = version + 1 WHERE id = ?`,
			p.Title, string(p.Kind), p.Intro, p.ObjectivesNote, p.QuestionsNote, p.ID); err != nil {
			return err
		}
		p.SessionID, p.Position, p.Times = before.SessionID, before.Position, before.Times
		p.Version++
		return tx.audit(ctx, "update", "part", p.ID, tx.meetingOfSession(ctx, p.SessionID), before, p)
	})
}

// DeletePart removes a part and its items.
func (db *DB) DeletePart(ctx context.Context, id string) error {
	return db.inTx(ctx, func(tx *Tx) error {
		before, err := scanPart(tx.queryRow(ctx, `SELECT `+partCols+` FROM session_parts WHERE id = ?`, id))
		if err != nil {
			return db.notFound(err, "part")
		}
		mid := tx.meetingOfSession(ctx, before.SessionID)
		if _, err := tx.exec(ctx, `DELETE FROM session_parts WHERE id = ?`, id); err != nil {
			return err
		}
		if err := tx.deleteTextsOf(ctx, domain.TextPart, id); err != nil {
			return err
		}
		if err := tx.deleteOrphanTexts(ctx, mid); err != nil {
			return err
		}
		return tx.audit(ctx, "delete", "part", id, mid, before, nil)
	})
}

func (tx *Tx) meetingOfSession(ctx context.Context, sessionID string) string {
	var id string
	tx.queryRow(ctx, `SELECT meeting_id FROM meeting_sessions WHERE id = ?`, sessionID).Scan(&id)
	return id
}

const itemCols = `id, meeting_id, COALESCE(session_id, ''), COALESCE(part_id, ''), COALESCE(parent_id, ''), kind, label, text, footnotes, position, version`

func scanItem(r scanner) (*domain.AgendaItem, error) {
	n, err := scanItemNode(r)
	if err != nil {
		return nil, err
	}
	return &n.AgendaItem, nil
}

// Item returns one agenda item.
func (db *DB) Item(ctx context.Context, id string) (*domain.AgendaItem, error) {
	it, err := scanItem(db.queryRow(ctx, `SELECT `+itemCols+` FROM agenda_items WHERE id = ?`, id))
	if err != nil {
		return nil, db.notFound(err, "agenda item")
	}
	return it, nil
}

// CreateItem appends an item to its container: the meeting, a session, a
// part, or a parent item. The container's IDs must belong to it.MeetingID.
func (db *DB) CreateItem(ctx context.Context, it *domain.AgendaItem) error {
	if err := it.Validate(); err != nil {
		return err
	}
	return db.inTx(ctx, func(tx *Tx) error {
		if err := tx.checkItemContainer(ctx, it); err != nil {
			return err
		}
		var pos int
		if err := tx.queryRow(ctx, `SELECT COALESCE(MAX(position), 0) + 1 FROM agenda_items WHERE meeting_id = ?`, it.MeetingID).Scan(&pos); err != nil {
			return err
		}
		it.ID, it.Position, it.Version = NewID(), pos, 1
		if _, err := tx.exec(ctx, `INSERT INTO agenda_items (id, meeting_id, session_id, part_id, parent_id, kind, label, text, footnotes, position, version)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`, it.ID, it.MeetingID, nullable(it.SessionID), nullable(it.PartID), nullable(it.ParentID),
			string(it.Kind), it.Label, it.Text, joinInts(it.Footnotes), pos); err != nil {
			return err
		}
		return tx.audit(ctx, "create", "item", it.ID, it.MeetingID, nil, it)
	})
}

// checkItemContainer makes sure the session, part and parent of it belong
// to its meeting and to each other, so that a form cannot attach an item to
// another meeting's session.
func (tx *Tx) checkItemContainer(ctx context.Context, it *domain.AgendaItem) error {
	if it.ParentID != "" {
		parent, err := scanItem(tx.queryRow(ctx, `SELECT `+itemCols+` FROM agenda_items WHERE id = ?`, it.ParentID))
		if err != nil || parent.MeetingID != it.MeetingID {
			return domain.Invalid("parent", "error.bad_container", "the item to nest under is not in this meeting")
		}
		it.SessionID, it.PartID = parent.SessionID, parent.PartID
		return nil
	}
	if it.PartID != "" {
		var sid, mid string
		err := tx.queryRow(ctx, `SELECT s.id, s.meeting_id FROM session_parts p JOIN meeting_sessions s ON s.id = p.session_id WHERE p.id = ?`, it.PartID).Scan(&sid, &mid)
		if err != nil || mid != it.MeetingID {
			return domain.Invalid("part", "error.bad_container", "the part is not in this meeting")
		}
		it.SessionID = sid
		return nil
	}
	if it.SessionID != "" {
		if tx.meetingOfSession(ctx, it.SessionID) != it.MeetingID {
			return domain.Invalid("session", "error.bad_container", "the session is not in this meeting")
		}
	}
	return nil
}

// UpdateItem saves an item's kind, label, text and footnotes; ECONFLICT
// when stale.
func (db *DB) UpdateItem(ctx context.Context, it *domain.AgendaItem) error {
	if err := it.Validate(); err != nil {
		return err
	}
	return db.inTx(ctx, func(tx *Tx) error {
		before, err := scanItem(tx.queryRow(ctx, `SELECT `+itemCols+` FROM agenda_items WHERE id = ?`, it.ID))
		if err != nil {
			return db.notFound(err, "agenda item")
		}
		if before.Version != it.Version {
			return domain.Conflict("this item")
		}
		if _, err := tx.exec(ctx, `UPDATE agenda_items SET kind = ?, label = ?, text = ?, footnotes = ?, version = version + 1 WHERE id = ?`,
			string(it.Kind), it.Label, it.Text, joinInts(it.Footnotes), it.ID); err != nil {
			return err
		}
		after := *before
		after.Kind, after.Label, after.Text, after.Footnotes, after.Version = it.Kind, it.Label, it.Text, it.Footnotes, before.Version+1
		*it = after
		return tx.audit(ctx, "update", "item", it.ID, it.MeetingID, before, it)
	})
}

// DeleteItem removes an item and its sub-items.
func (db *DB) DeleteItem(ctx context.Context, id string) error {
	return db.inTx(ctx, func(tx *Tx) error {
		before, err := scanItem(tx.queryRow(ctx, `SELECT `+itemCols+` FROM agenda_items WHERE id = ?`, id))
		if err != nil {
			return db.notFound(err, "agenda item")
		}
		if _, err := tx.exec(ctx, `DELETE FROM agenda_items WHERE id = ?`, id); err != nil {
			return err
		}
		if err := tx.deleteTextsOf(ctx, domain.TextItem, id); err != nil {
			return err
		}
		if err := tx.deleteOrphanTexts(ctx, before.MeetingID); err != nil {
			return err
		}
		return tx.audit(ctx, "delete", "item", id, before.MeetingID, before, nil)
	})
}

// MoveItem swaps an item with its previous (up) or next sibling of the
// same kind in the same container. At either end it does nothing.
func (db *DB) MoveItem(ctx context.Context, id string, up bool) error {
	return db.inTx(ctx, func(tx *Tx) error {
		it, err := scanItem(tx.queryRow(ctx, `SELECT `+itemCols+` FROM agenda_items WHERE id = ?`, id))
		if err != nil {
			return db.notFound(err, "agenda item")
		}
		cmp, order := "<", "DESC"
		if !up {
			cmp, order = ">", "ASC"
		}
		var otherID string
		var otherPos int
		err = tx.queryRow(ctx, `SELECT id, position FROM agenda_items WHERE meeting_id = ? AND kind = ?
			AND COALESCE(session_id, '') = ? AND COALESCE(part_id, '') = ? AND COALESCE(parent_id, '') = ? AND position `+cmp+` ?
			ORDER BY position `+order+` LIMIT 1`, it.MeetingID, string(it.Kind), it.SessionID, it.PartID, it.ParentID, it.Position).Scan(&otherID, &otherPos)
		if err != nil {
			if domain.ErrorCode(db.mapErr(err)) == domain.ENOTFOUND {
				return nil
			}
			return err
		}
		if _, err := tx.exec(ctx, `UPDATE agenda_items SET position = ?, version = version + 1 WHERE id = ?`, otherPos, it.ID); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `UPDATE agenda_items SET position = ?, version = version + 1 WHERE id = ?`, it.Position, otherID); err != nil {
			return err
		}
		return tx.audit(ctx, "move", "item", it.ID, it.MeetingID, map[string]int{"position": it.Position}, map[string]int{"position": otherPos})
	})
}

// timesChangedMS writes times_changed_at: "never" is 0.
func timesChangedMS(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}
