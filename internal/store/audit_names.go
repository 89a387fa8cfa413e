package store

import (
	"context"
	"strings"
)

// auditNameSources say how each kind of object that the audit trail
// speaks of is named: its title, name or text as it stands. Public IDs are
// unique across tables, so one query asks them all. An endorsement is
// named by the contribution it endorses, never by its body, and a group
// report by its group, a membership by its person.
var auditNameSources = []string{
	`SELECT id, name FROM users WHERE id IN (%s)`,
	`SELECT id, name FROM bodies WHERE id IN (%s)`,
	`SELECT id, name FROM processes WHERE id IN (%s)`,
	`SELECT id, title FROM meetings WHERE id IN (%s)`,
	`SELECT id, title FROM meeting_sessions WHERE id IN (%s)`,
	`SELECT id, title FROM session_parts WHERE id IN (%s)`,
	`SELECT id, CASE WHEN label <> '' THEN label || ' ' || text ELSE text END FROM agenda_items WHERE id IN (%s)`,
	`SELECT id, name FROM breakout_groups WHERE id IN (%s)`,
	`SELECT id, title FROM contributions WHERE id IN (%s)`,
	`SELECT id, text FROM statements WHERE id IN (%s)`,
	`SELECT id, name FROM frameworks WHERE id IN (%s)`,
	`SELECT id, name FROM api_tokens WHERE id IN (%s)`,
	`SELECT id, email FROM invitations WHERE id IN (%s)`,
	`SELECT id, text FROM overall_candidates WHERE id IN (%s)`,
	`SELECT id, title FROM partnerships WHERE id IN (%s)`,
	`SELECT id, title FROM commitments WHERE id IN (%s)`,
	`SELECT id, name FROM indicators WHERE id IN (%s)`,
	`SELECT r.id, g.name FROM group_reports r JOIN breakout_groups g ON g.id = r.group_id WHERE r.id IN (%s)`,
	`SELECT m.id, u.name FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.id IN (%s)`,
	`SELECT e.id, c.title FROM endorsements e JOIN contributions c ON c.id = e.contribution_id WHERE e.id IN (%s)`,
}

// AuditNames returns, for each of ids that names an object still there,
// what a reader knows it by (a title, a name, a statement's text), so
// that the audit trail can say which thing changed rather than show its
// ID. IDs of removed objects are absent from the map.
func (db *DB) AuditNames(ctx context.Context, ids []string) (map[string]string, error) {
	out := map[string]string{}
	for len(ids) > 0 {
		chunk := ids[:min(len(ids), 200)]
		ids = ids[len(chunk):]
		marks := strings.TrimSuffix(strings.Repeat("?,", len(chunk)), ",")
		var q strings.Builder
		var args []any
		for i, src := range auditNameSources {
			if i > 0 {
				q.WriteString(" UNION ALL ")
			}
			q.WriteString(strings.Replace(src, "%s", marks, 1))
			for _, id := range chunk {
				args = append(args, id)
			}
		}
		rows, err := db.query(ctx, q.String(), args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id, name string
			if err := rows.Scan(&id, &name); err != nil {
				rows.Close()
				return nil, err
			}
			out[id] = name
		}
		if err := rows.Close(); err != nil {
			return nil, err
		}
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}
