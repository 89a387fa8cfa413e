package store

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
	"time"

	"github.com/plenary-org/plenary/internal/domain"
)

const meetingCols = `id, process_id, organisation, title, subtitle, short_name, doc_title, venue, starts_on, ends_on, time_zone, details, objectives_title, objectives_intro, issues_title, issues_intro, sessions_title, non_attribution, non_attribution_min_bodies, created_at, updated_at, version`

func scanMeeting(r scanner) (*domain.Meeting, error) {
	m := &domain.Meeting{}
	var org, details string
	var c, u int64
	err := r.Scan(&m.ID, &m.ProcessID, &org, &m.Title, &m.Subtitle, &m.ShortName, &m.DocTitle, &m.Venue, &m.StartsOn, &m.EndsOn, &m.TimeZone,
		&details, &m.ObjectivesTitle, &m.ObjectivesIntro, &m.IssuesTitle, &m.IssuesIntro, &m.SessionsTitle, &m.NonAttribution, &m.NonAttributionMinBodies, &c, &u, &m.Version)
	m.Organisation = splitLines(org)
	m.Details = splitLines(details)
	m.CreatedAt, m.UpdatedAt = fromMS(c), fromMS(u)
	return m, err
}

// Meetings returns the meetings of a process, newest first; with onlyFor
// set, only those that user can see (process-wide role or a role in the
// meeting).
func (db *DB) Meetings(ctx context.Context, processID, onlyFor string) ([]*domain.Meeting, error) {
	return db.meetings(ctx, `process_id = ?`, []any{processID}, onlyFor)
}

// MeetingsOfProcesses returns the meetings of the given processes in one
// query, by process, newest first; onlyFor restricts them as Meetings does.
func (db *DB) MeetingsOfProcesses(ctx context.Context, processIDs []string, onlyFor string) (map[string][]*domain.Meeting, error) {
	out := map[string][]*domain.Meeting{}
	if len(processIDs) == 0 {
		return out, nil
	}
	args := make([]any, len(processIDs))
	for i, id := range processIDs {
		args[i] = id
	}
	ms, err := db.meetings(ctx, `process_id IN (`+placeholders(len(processIDs))+`)`, args, onlyFor)
	if err != nil {
		return nil, err
	}
	for _, m := range ms {
		out[m.ProcessID] = append(out[m.ProcessID], m)
	}
	return out, nil
}

func (db *DB) meetings(ctx context.Context, where string, args []any, onlyFor string) ([]*domain.Meeting, error) {
	q := `SELECT ` + meetingCols + ` FROM meetings WHERE ` + where
	if onlyFor != "" {
		q += ` AND (EXISTS (SELECT 1 FROM memberships ms WHERE ms.user_id = ? AND ms.process_id = meetings.process_id AND ms.meeting_id IS NULL)
			OR id IN (SELECT meeting_id FROM memberships WHERE user_id = ? AND meeting_id IS NOT NULL))`
		args = append(args, onlyFor, onlyFor)
	}
	rows, err := db.query(ctx, q+` ORDER BY starts_on DESC, created_at DESC`, args...)
	ms, err := scanAll(rows, err, scanMeeting)
	return ms, db.mapErr(err)
}

// Meeting returns the meeting with the given ID.
func (db *DB) Meeting(ctx context.Context, id string) (*domain.Meeting, error) {
	m, err := scanMeeting(db.queryRow(ctx, `SELECT `+meetingCols+` FROM meetings WHERE id = ?`, id))
	if err != nil {
		return nil, db.notFound(err, "meeting")
	}
	return m, nil
}

// CreateMeeting adds a meeting (without agenda items) to a process.
func (db *DB) CreateMeeting(ctx context.Context, m *domain.Meeting) error {
	if err := m.Validate(); err != nil {
		return err
	}
	return db.inTx(ctx, func(tx *Tx) error { return tx.createMeeting(ctx, m) })
}

func (tx *Tx) createMeeting(ctx context.Context, m *domain.Meeting) error {
	now := tx.db.nowMS()
	m.ID, m.Version, m.CreatedAt, m.UpdatedAt = NewID(), 1, fromMS(now), fromMS(now)
	m.NonAttributionMinBodies = m.MinDescribed()
	_, err := tx.exec(ctx, `INSERT INTO meetings (`+meetingCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`,
		m.ID, m.ProcessID, strings.Join(m.Organisation, "\n"), m.Title, m.Subtitle, m.ShortName, m.DocTitle, m.Venue, m.StartsOn, m.EndsOn, m.TimeZone,
		strings.Join(m.Details, "\n"), m.ObjectivesTitle, m.ObjectivesIntro, m.IssuesTitle, m.IssuesIntro, m.SessionsTitle, m.NonAttribution, m.MinDescribed(), now, now)
	if err != nil {
		if domain.ErrorCode(tx.db.mapErr(err)) == domain.ECONFLICT {
			return domain.NotFound("process")
		}
		return err
	}
	return tx.audit(ctx, "create", "meeting", m.ID, m.ID, nil, m)
}

// UpdateMeeting saves a meeting's own fields; ECONFLICT when stale. A
// change of its non-attribution rule applies to what is written after the
// change commits (records carry the rule they were written under) and is
// audited as an event of its own.
func (db *DB) UpdateMeeting(ctx context.Context, m *domain.Meeting) error {
	if err := m.Validate(); err != nil {
		return err
	}
	m.NonAttributionMinBodies = m.MinDescribed()
	return db.inTx(ctx, func(tx *Tx) error {
		before, err := scanMeeting(tx.queryRow(ctx, `SELECT `+meetingCols+` FROM meetings WHERE id = ?`, m.ID))
		if err != nil {
			return db.notFound(err, "meeting")
		}
		if before.Version != m.Version {
			return domain.Conflict("this meeting")
		}
		now := db.nowMS()
		_, err = tx.exec(ctx, `UPDATE meetings SET organisation = ?, title = ?, subtitle = ?, short_name = ?, doc_title = ?, venue = ?, starts_on = ?, ends_on = ?, time_zone = ?,
			details = ?, objectives_title = ?, objectives_intro = ?, issues_title = ?, issues_intro = ?, sessions_title = ?, non_attribution = ?, non_attribution_min_bodies = ?, updated_at = ?, version = version + 1 WHERE id = ?`,
			strings.Join(m.Organisation, "\n"), m.Title, m.Subtitle, m.ShortName, m.DocTitle, m.Venue, m.StartsOn, m.EndsOn, m.TimeZone,
			strings.Join(m.Details, "\n"), m.ObjectivesTitle, m.ObjectivesIntro, m.IssuesTitle, m.IssuesIntro, m.SessionsTitle, m.NonAttribution, m.MinDescribed(), now, m.ID)
		if err != nil {
			return err
		}
		m.Version++
		m.UpdatedAt = fromMS(now)
		if before.NonAttribution != m.NonAttribution {
			// The change of the rule is an event of its own, so that the
			// trail says plainly from when what was written is attributed.
			if err := tx.audit(ctx, SetNonAttributionAction, "meeting", m.ID, m.ID,
				map[string]bool{"non_attribution": before.NonAttribution}, map[string]bool{"non_attribution": m.NonAttribution}); err != nil {
				return err
			}
		}
		return tx.audit(ctx, "update", "meeting", m.ID, m.ID, before, m)
	})
}

// SetNonAttributionAction is the audit action of a change of a meeting's
// non-attribution rule.
const SetNonAttributionAction = "set_non_attribution"

// DeleteMeeting removes a meeting and everything in it.
func (db *DB) DeleteMeeting(ctx context.Context, id string) error {
	return db.inTx(ctx, func(tx *Tx) error {
		before, err := scanMeeting(tx.queryRow(ctx, `SELECT `+meetingCols+` FROM meetings WHERE id = ?`, id))
		if err != nil {
			return db.notFound(err, "meeting")
		}
		if _, err := tx.exec(ctx, `DELETE FROM meetings WHERE id = ?`, id); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `DELETE FROM text_translations WHERE meeting_id = ?`, id); err != nil {
			return err
		}
		tx.actorChanged("") // its memberships go with it
		return tx.audit(ctx, "delete", "meeting", id, id, before, nil)
	})
}

// CreateMeetingWithAgenda adds a meeting and its whole structure in one
// transaction: either all of it is stored or none. IDs are assigned to
// every node of a.
func (db *DB) CreateMeetingWithAgenda(ctx context.Context, a *domain.Agenda) error {
	if err := a.Meeting.Validate(); err != nil {
		return err
	}
	return db.inTx(ctx, func(tx *Tx) error { return tx.createMeetingWithAgenda(ctx, a) })
}

// CreateProcessWithAgenda adds the process p and, in the same
// transaction, the meeting of the imported agenda a in it: when the agenda
// cannot be stored, the process is not stored either.
func (db *DB) CreateProcessWithAgenda(ctx context.Context, p *domain.Process, a *domain.Agenda) error {
	if err := p.Validate(); err != nil {
		return err
	}
	if err := a.Meeting.Validate(); err != nil {
		return err
	}
	return db.inTx(ctx, func(tx *Tx) error {
		if err := tx.createProcess(ctx, p); err != nil {
			return err
		}
		a.Meeting.ProcessID = p.ID
		return tx.createMeetingWithAgenda(ctx, a)
	})
}

func (tx *Tx) createMeetingWithAgenda(ctx context.Context, a *domain.Agenda) error {
	if err := tx.createMeeting(ctx, a.Meeting); err != nil {
		return err
	}
	if err := tx.insertAgenda(ctx, a); err != nil {
		return err
	}
	return tx.audit(ctx, "import", "meeting", a.Meeting.ID, a.Meeting.ID, nil, map[string]int{"sessions": len(a.Sessions), "items": countItems(a)})
}

func countItems(a *domain.Agenda) int {
	var n int
	var walk func([]*domain.ItemNode)
	walk = func(ns []*domain.ItemNode) {
		for _, it := range ns {
			n++
			walk(it.Children)
		}
	}
	walk(a.Items)
	for _, s := range a.Sessions {
		walk(s.Items)
		for _, p := range s.Parts {
			walk(p.Items)
		}
	}
	return n
}

func (tx *Tx) insertAgenda(ctx context.Context, a *domain.Agenda) error {
	mid := a.Meeting.ID
	pos := 0
	var insertItems func(items []*domain.ItemNode, sessionID, partID, parentID string) error
	insertItems = func(items []*domain.ItemNode, sessionID, partID, parentID string) error {
		for _, n := range items {
			pos++
			n.ID, n.MeetingID, n.SessionID, n.PartID, n.ParentID, n.Position, n.Version = NewID(), mid, sessionID, partID, parentID, pos, 1
			if err := n.Validate(); err != nil {
				return err
			}
			if _, err := tx.exec(ctx, `INSERT INTO agenda_items (id, meeting_id, session_id, part_id, parent_id, kind, label, text, footnotes, position, version)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`, n.ID, mid, nullable(sessionID), nullable(partID), nullable(parentID),
				string(n.Kind), n.Label, n.Text, joinInts(n.Footnotes), pos); err != nil {
				return err
			}
			if err := insertItems(n.Children, sessionID, partID, n.ID); err != nil {
				return err
			}
		}
		return nil
	}
	if err := insertItems(a.Items, "", "", ""); err != nil {
		return err
	}
	for _, f := range a.Footnotes {
		if _, err := tx.exec(ctx, `INSERT INTO footnotes (meeting_id, number, text) VALUES (?, ?, ?)`, mid, f.Number, f.Text); err != nil {
			return err
		}
	}
	for si, s := range a.Sessions {
		s.ID, s.MeetingID, s.Position, s.Version = NewID(), mid, si+1, 1
		if err := s.Validate(); err != nil {
			return err
		}
		s.Sequence, s.TimesChangedAt = 0, time.Time{}
		if s.Scheduled() {
			s.TimesChangedAt = tx.db.now().Truncate(time.Millisecond)
		}
		if _, err := tx.exec(ctx, `INSERT INTO meeting_sessions (id, meeting_id, number, title, intro, objectives_note, questions_note, position, version,
			starts_at, ends_at, times_sequence, times_changed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, 0, ?)`,
			s.ID, mid, s.Number, s.Title, s.Intro, s.ObjectivesNote, s.QuestionsNote, s.Position, s.StartsAt, s.EndsAt, timesChangedMS(s.TimesChangedAt)); err != nil {
			return err
		}
		if err := insertItems(s.Items, s.ID, "", ""); err != nil {
			return err
		}
		for pi, p := range s.Parts {
			p.ID, p.SessionID, p.Position, p.Version = NewID(), s.ID, pi+1, 1
			if err := p.Validate(); err != nil {
				return err
			}
			p.Sequence, p.TimesChangedAt = 0, time.Time{}
			if p.Scheduled() {
				p.TimesChangedAt = s.TimesChangedAt
				if p.TimesChangedAt.IsZero() {
					p.TimesChangedAt = tx.db.now().Truncate(time.Millisecond)
				}
			}
			if _, err := tx.exec(ctx, `INSERT INTO session_parts (id, session_id, title, kind, intro, objectives_note, questions_note, position, version,
				starts_at, ends_at, times_sequence, times_changed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, 0, ?)`,
				p.ID, s.ID, p.Title, string(p.Kind), p.Intro, p.ObjectivesNote, p.QuestionsNote, p.Position, p.StartsAt, p.EndsAt, timesChangedMS(p.TimesChangedAt)); err != nil {
				return err
			}
			if err := insertItems(p.Items, s.ID, p.ID, ""); err != nil {
				return err
			}
		}
	}
	return nil
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func joinInts(ns []int) string {
	ss := make([]string, len(ns))
	for i, n := range ns {
		ss[i] = strconv.Itoa(n)
	}
	return strings.Join(ss, ",")
}

func splitInts(s string) []int {
	if s == "" {
		return nil
	}
	var out []int
	for _, f := range strings.Split(s, ",") {
		if n, err := strconv.Atoi(f); err == nil {
			out = append(out, n)
		}
	}
	return out
}

// Agenda returns a meeting with its whole structure in document order.
func (db *DB) Agenda(ctx context.Context, meetingID string) (*domain.Agenda, error) {
	m, err := db.Meeting(ctx, meetingID)
	if err != nil {
		return nil, err
	}
	a := &domain.Agenda{Meeting: m}
	rows, err := db.query(ctx, `SELECT number, text FROM footnotes WHERE meeting_id = ? ORDER BY number`, meetingID)
	a.Footnotes, err = scanAll(rows, err, func(r scanner) (domain.Footnote, error) {
		var f domain.Footnote
		return f, r.Scan(&f.Number, &f.Text)
	})
	if err != nil {
		return nil, db.mapErr(err)
	}
	rows, err = db.query(ctx, `SELECT `+sessionCols+` FROM meeting_sessions WHERE meeting_id = ? ORDER BY position, id`, meetingID)
	sessions, err := scanAll(rows, err, func(r scanner) (*domain.SessionNode, error) {
		s, err := scanSession(r)
		if err != nil {
			return nil, err
		}
		return &domain.SessionNode{Session: *s}, nil
	})
	if err != nil {
		return nil, db.mapErr(err)
	}
	a.Sessions = sessions
	bySession := map[string]*domain.SessionNode{}
	for _, s := range sessions {
		bySession[s.ID] = s
	}
	rows, err = db.query(ctx, `SELECT p.id, p.session_id, p.title, p.kind, p.intro, p.objectives_note, p.questions_note, p.position, p.version,
		p.starts_at, p.ends_at, p.times_sequence, p.times_changed_at FROM session_parts p
		JOIN meeting_sessions s ON s.id = p.session_id WHERE s.meeting_id = ? ORDER BY p.position, p.id`, meetingID)
	parts, err := scanAll(rows, err, func(r scanner) (*domain.PartNode, error) {
		p, err := scanPart(r)
		if err != nil {
			return nil, err
		}
		return &domain.PartNode{Part: *p}, nil
	})
	if err != nil {
		return nil, db.mapErr(err)
	}
	byPart := map[string]*domain.PartNode{}
	for _, p := range parts {
		byPart[p.ID] = p
		if s := bySession[p.SessionID]; s != nil {
			s.Parts = append(s.Parts, p)
		}
	}
	rows, err = db.query(ctx, `SELECT id, meeting_id, COALESCE(session_id, ''), COALESCE(part_id, ''), COALESCE(parent_id, ''), kind, label, text, footnotes, position, version
		FROM agenda_items WHERE meeting_id = ? ORDER BY position, id`, meetingID)
	items, err := scanAll(rows, err, scanItemNode)
	if err != nil {
		return nil, db.mapErr(err)
	}
	byItem := map[string]*domain.ItemNode{}
	for _, it := range items {
		byItem[it.ID] = it
	}
	for _, it := range items {
		switch {
		case it.ParentID != "":
			if p := byItem[it.ParentID]; p != nil {
				p.Children = append(p.Children, it)
			}
		case it.PartID != "":
			if p := byPart[it.PartID]; p != nil {
				p.Items = append(p.Items, it)
			}
		case it.SessionID != "":
			if s := bySession[it.SessionID]; s != nil {
				s.Items = append(s.Items, it)
			}
		default:
			a.Items = append(a.Items, it)
		}
	}
	return a, nil
}

func scanItemNode(r scanner) (*domain.ItemNode, error) {
	n := &domain.ItemNode{}
	var kind, fn string
	err := r.Scan(&n.ID, &n.MeetingID, &n.SessionID, &n.PartID, &n.ParentID, &kind, &n.Label, &n.Text, &fn, &n.Position, &n.Version)
	n.Kind = domain.ItemKind(kind)
	n.Footnotes = splitInts(fn)
	return n, err
}

// Footnote text of a meeting, for editing.
func (db *DB) SetFootnote(ctx context.Context, meetingID string, f domain.Footnote) error {
	if strings.TrimSpace(f.Text) == "" {
		return domain.Invalid("text", "error.required", "this field is required")
	}
	if f.Number < 1 || f.Number > 999 {
		return domain.Invalid("number", "error.footnote_number", "must be a number from 1 to 999")
	}
	return db.inTx(ctx, func(tx *Tx) error {
		var old string
		err := tx.queryRow(ctx, `SELECT text FROM footnotes WHERE meeting_id = ? AND number = ?`, meetingID, f.Number).Scan(&old)
		switch {
		case err == sql.ErrNoRows:
			_, err = tx.exec(ctx, `INSERT INTO footnotes (meeting_id, number, text) VALUES (?, ?, ?)`, meetingID, f.Number, f.Text)
		case err == nil:
			_, err = tx.exec(ctx, `UPDATE footnotes SET text = ? WHERE meeting_id = ? AND number = ?`, f.Text, meetingID, f.Number)
		}
		if err != nil {
			return err
		}
		return tx.audit(ctx, "update", "footnote", meetingID+"/"+strconv.Itoa(f.Number), meetingID, old, f.Text)
	})
}

func splitLines(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}
