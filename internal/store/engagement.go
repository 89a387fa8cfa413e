package store

import (
	"context"

	"github.com/plenary-org/plenary/internal/domain"
)

// What the bodies of a process did across its meetings, for the partner
// engagement timeline and matchmaking of package partnership. Reads only
// what anyone in the meeting may read about a body: published
// contributions written outside the non-attribution rule, and statements
// that keep their body (the rule drops it).

// BodyContribution is a published, attributed contribution of a body, as
// engagement and matchmaking need it.
type BodyContribution struct {
	ID        string
	MeetingID string
	BodyID    string
	Kind      domain.ContributionKind
	Title     string
	Text      string
	Lang      string
	// Objectives are the codes of the Global Compact's items it is
	// tagged with ("O1"...).
	Objectives []string
}

// BodyContributions returns the published contributions of a process's
// meetings that name their body and were written outside the
// non-attribution rule, by body ("" for every body), oldest first.
func (db *DB) BodyContributions(ctx context.Context, processID, bodyID string) ([]*BodyContribution, error) {
	q := `SELECT c.id, c.meeting_id, c.body_id, c.kind, c.title, c.text, c.lang FROM contributions c JOIN meetings m ON m.id = c.meeting_id
		WHERE m.process_id = ? AND c.status = 'published' AND c.unattributed = FALSE AND c.body_id IS NOT NULL`
	args := []any{processID}
	if bodyID != "" {
		q += ` AND c.body_id = ?`
		args = append(args, bodyID)
	}
	rows, err := db.query(ctx, q+` ORDER BY c.created_at, c.id`, args...)
	cs, err := scanAll(rows, err, func(r scanner) (*BodyContribution, error) {
		c := &BodyContribution{}
		var kind string
		err := r.Scan(&c.ID, &c.MeetingID, &c.BodyID, &kind, &c.Title, &c.Text, &c.Lang)
		c.Kind = domain.ContributionKind(kind)
		return c, err
	})
	if err != nil || len(cs) == 0 {
		return cs, db.mapErr(err)
	}
	byID := make(map[string]*BodyContribution, len(cs))
	for _, c := range cs {
		byID[c.ID] = c
	}
	q = `SELECT t.contribution_id, i.code FROM contribution_tags t JOIN framework_items i ON i.id = t.item_id JOIN frameworks f ON f.id = i.framework_id
		JOIN contributions c ON c.id = t.contribution_id JOIN meetings m ON m.id = c.meeting_id
		WHERE f.code = 'gcm' AND m.process_id = ? ORDER BY t.contribution_id, i.position`
	rows, err = db.query(ctx, q, processID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id, code string
		if err := rows.Scan(&id, &code); err != nil {
			return nil, db.mapErr(err)
		}
		if c := byID[id]; c != nil {
			c.Objectives = append(c.Objectives, code)
		}
	}
	return cs, db.mapErr(rows.Err())
}

// Participation is where a body took part in a process: the meetings it
// had a delegate, partner or other member in, or submitted or endorsed a
// contribution at, and whether it is a member of the whole process (so of
// every meeting).
type Participation struct {
	Process  bool
	Meetings map[string]bool
}

// BodyParticipation returns where body took part in process.
func (db *DB) BodyParticipation(ctx context.Context, processID, bodyID string) (*Participation, error) {
	p := &Participation{Meetings: map[string]bool{}}
	rows, err := db.query(ctx, `SELECT COALESCE(meeting_id, '') FROM memberships WHERE process_id = ? AND body_id = ?
		UNION SELECT c.meeting_id FROM contributions c JOIN meetings m ON m.id = c.meeting_id WHERE m.process_id = ? AND c.body_id = ? AND c.status = 'published' AND c.unattributed = FALSE
		UNION SELECT e.meeting_id FROM endorsements e JOIN meetings m ON m.id = e.meeting_id WHERE m.process_id = ? AND e.body_id = ? AND e.unattributed = FALSE`,
		processID, bodyID, processID, bodyID, processID, bodyID)
	ids, err := scanAll(rows, err, func(r scanner) (string, error) { var s string; return s, r.Scan(&s) })
	if err != nil {
		return nil, db.mapErr(err)
	}
	for _, id := range ids {
		if id == "" {
			p.Process = true
		} else {
			p.Meetings[id] = true
		}
	}
	return p, nil
}

// BodyStatementCounts counts the statements a body's people wrote in the
// breakout groups and plenary of a process's meetings, by meeting and
// kind. Statements written under the non-attribution rule keep no body and
// are not counted.
func (db *DB) BodyStatementCounts(ctx context.Context, processID, bodyID string) (map[string]map[domain.ContributionKind]int, error) {
	rows, err := db.query(ctx, `SELECT s.meeting_id, s.kind, COUNT(*) FROM statements s JOIN meetings m ON m.id = s.meeting_id
		WHERE m.process_id = ? AND s.body_id = ? AND s.merged_into IS NULL GROUP BY s.meeting_id, s.kind`, processID, bodyID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]map[domain.ContributionKind]int{}
	for rows.Next() {
		var meeting, kind string
		var n int
		if err := rows.Scan(&meeting, &kind, &n); err != nil {
			return nil, db.mapErr(err)
		}
		if out[meeting] == nil {
			out[meeting] = map[domain.ContributionKind]int{}
		}
		out[meeting][domain.ContributionKind(kind)] = n
	}
	return out, db.mapErr(rows.Err())
}
