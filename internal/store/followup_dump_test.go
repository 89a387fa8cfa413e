package store_test

import (
	"context"
	"testing"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/store"
)

// fillFollowUp writes a row in every table of follow-up (migration 00017)
// as the use cases would: two commitments of m's process (one made at m
// from its outcome's recommendation and a contribution, one made in no
// meeting), an indicator with a baseline and target and one without, a
// review cycle, and a report with its version, evidence, attachment and
// values.
func fillFollowUp(t testing.TB, db *store.DB, ctx context.Context, m *domain.Meeting, bodyID string) {
	t.Helper()
	const at = int64(1735689600000)
	for _, s := range []struct {
		q    string
		args []any
	}{
		{`INSERT INTO commitments (id, process_id, meeting_id, title, text, lang, owner_body_id, start_on, due_on, status, seeks_support, demo, created_by, created_at, updated_at, version)
			VALUES ('c1', ?, ?, 'Ouvrir un centre « ressources »', 'Texte.', 'fr', ?, '2018-01-01', '2025-12-31', 'on_track', TRUE, TRUE, 'u', ?, ?, 2)`, []any{m.ProcessID, m.ID, bodyID, at, at}},
		{`INSERT INTO commitments (id, process_id, meeting_id, title, text, lang, owner_body_id, created_at, updated_at)
			VALUES ('c2', ?, NULL, 'Joint data hub', 'Text.', 'en', ?, ?, ?)`, []any{m.ProcessID, bodyID, at, at}},
		{`INSERT INTO commitment_translations (commitment_id, lang, title, text, machine, translator, updated_at) VALUES ('c1', 'en', 'Open a centre', 'Text.', TRUE, '', ?)`, []any{at}},
		{`INSERT INTO commitment_bodies (commitment_id, body_id, role, position) SELECT 'c1', id, 'co_owner', 0 FROM bodies WHERE id <> ? ORDER BY id LIMIT 1`, []any{bodyID}},
		{`INSERT INTO commitment_objectives (commitment_id, code) VALUES ('c1', 'O5'), ('c1', 'Pa')`, nil},
		{`INSERT INTO commitment_contributions (commitment_id, contribution_id) SELECT 'c1', id FROM contributions ORDER BY id LIMIT 1`, nil},
		{`INSERT INTO commitment_recommendations (commitment_id, outcome_id, block_id, version) VALUES ('c1', ?, 'p1', 2)`, []any{m.ID}},
		{`INSERT INTO commitment_deliverables (commitment_id, position, text, due_on, done) VALUES ('c1', 0, 'Centre open', '2019-06-30', TRUE), ('c1', 1, 'Staff trained', '', FALSE)`, nil},
		{`INSERT INTO commitment_status_changes (commitment_id, n, from_status, to_status, at, by_id, note) VALUES ('c1', 1, '', 'planned', ?, 'u', ''), ('c1', 2, 'planned', 'on_track', ?, 'u', 'Started.')`, []any{at, at + 1}},
		{`INSERT INTO indicators (id, commitment_id, name, unit, baseline, baseline_on, target, target_on, direction, disaggregation, source, position, demo, created_at, updated_at, version)
			VALUES ('i1', 'c1', 'Migrants served', 'people', 120.5, '2018-01-01', 1e6, '2025-12-31', 'up_is_good', '["sex"]', 'Registry', 0, TRUE, ?, ?, 1)`, []any{at, at}},
		{`INSERT INTO indicators (id, commitment_id, name, created_at, updated_at) VALUES ('i2', 'c1', 'Share of cases closed', ?, ?)`, []any{at, at}},
		{`INSERT INTO review_cycles (id, process_id, name, opens_on, deadline, state, created_at, updated_at) VALUES ('rc1', ?, 'IMRF 2026', '2025-09-01', '2025-12-31', 'open', ?, ?)`, []any{m.ProcessID, at, at}},
		{`INSERT INTO review_cycle_commitments (cycle_id, commitment_id) VALUES ('rc1', 'c1'), ('rc1', 'c2')`, nil},
		{`INSERT INTO progress_reports (id, commitment_id, cycle_id, body_id, period_from, period_to, period_label, state, status, lang, narrative, created_at, updated_at)
			VALUES ('r1', 'c1', 'rc1', ?, '2024-01-01', '2024-12-31', '2024', 'submitted', 'on_track', 'fr', 'Récit.', ?, ?)`, []any{bodyID, at, at}},
		{`INSERT INTO progress_reports (id, commitment_id, cycle_id, body_id, period_from, period_to, state, status, lang, created_at, updated_at)
			VALUES ('r2', 'c1', NULL, ?, '2023-01-01', '2023-12-31', 'draft', 'planned', 'en', ?, ?)`, []any{bodyID, at, at}},
		{`INSERT INTO progress_report_versions (report_id, version, actor_id, actor_name, at, snapshot) VALUES ('r1', 1, 'u', 'Ana', ?, '{}')`, []any{at}},
		{`INSERT INTO progress_report_links (report_id, position, url) VALUES ('r1', 0, 'https://example.org/evidence')`, nil},
		{`INSERT INTO progress_report_attachments (id, report_id, name, content_type, size, sha256, data, created_at) VALUES ('a1', 'r1', 'evidence.pdf', 'application/pdf', 3, 'x', ?, ?)`, []any{[]byte{1, 2, 3}, at}},
		{`INSERT INTO indicator_values (report_id, indicator_id, on_date, dimension, category, value) VALUES ('r1', 'i1', '2024-12-31', '', '', 450.25), ('r1', 'i1', '2024-12-31', 'sex', 'female', 0.1)`, nil},
	} {
		if err := db.ExecForTest(ctx, s.q, s.args...); err != nil {
			t.Fatalf("%s: %v", s.q, err)
		}
	}
}
