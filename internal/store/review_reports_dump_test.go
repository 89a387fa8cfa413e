package store_test

import (
	"context"
	"testing"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/store"
)

// fillReviewReports writes a row in every table of migration 00018 as the
// use cases would: a closed cycle whose review report in French has two
// versions, the second final (so that a restore must set the guards
// aside), and a notification of a person, sent by e-mail.
func fillReviewReports(t testing.TB, db *store.DB, ctx context.Context, m *domain.Meeting) {
	t.Helper()
	const at = int64(1735689600000)
	for _, s := range []struct {
		q    string
		args []any
	}{
		{`INSERT INTO review_cycles (id, process_id, name, opens_on, deadline, state, review_report, languages, closed_by, closed_at, created_at, updated_at)
			VALUES ('rc2', ?, 'Examen régional 2025', '2025-01-01', '2025-05-31', 'closed', 'rc2', '["fr","en"]', 'u', ?, ?, ?)`, []any{m.ProcessID, at, at, at}},
		{`INSERT INTO review_reports (cycle_id, lang, latest, created_at, updated_at) VALUES ('rc2', 'fr', 0, ?, ?)`, []any{at, at}},
		{`INSERT INTO review_report_versions (cycle_id, lang, number, text, hash, note, created_by, created_at) VALUES ('rc2', 'fr', 1, '{"language":"fr","title":"Rapport","sections":[]}', 'h1', 'generate', 'u', ?),
			('rc2', 'fr', 2, '{"language":"fr","title":"Rapport « final »","sections":[]}', 'h2', 'edit', 'u', ?)`, []any{at, at + 1}},
		{`UPDATE review_reports SET latest = 2, final_version = 2, final_hash = 'h2', final_by = 'u', final_at = ? WHERE cycle_id = 'rc2'`, []any{at + 2}},
		{`INSERT INTO notifications (id, user_id, kind, dedupe, process_id, object_type, object_id, params, link, created_at, read_at, emailed_at)
			SELECT 'n1', id, 'report_returned', 'report_returned:r1:2', ?, 'progress_report', 'r1', '{"reason":"Précisez « 2024 »"}', '/reports/r1', ?, 0, ? FROM users ORDER BY id LIMIT 1`, []any{m.ProcessID, at, at + 5}},
	} {
		if err := db.ExecForTest(ctx, s.q, s.args...); err != nil {
			t.Fatalf("%s: %v", s.q, err)
		}
	}
}
