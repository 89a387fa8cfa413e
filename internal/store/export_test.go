package store

import (
	"context"

	"github.com/plenary-org/plenary/internal/domain"
)

// TamperAuditForTest tries to rewrite history, which must fail.
func (db *DB) TamperAuditForTest(ctx context.Context) error {
	return db.inTx(ctx, func(tx *Tx) error {
		_, err := tx.exec(ctx, `UPDATE audit_events SET actor_name = 'someone else'`)
		return err
	})
}

// ClearSearchCacheForTest forgets every cached search, and the counts
// kept in the database, so that a benchmark measures searches computed in
// full.
func (db *DB) ClearSearchCacheForTest() {
	db.scache.mu.Lock()
	db.scache.entries, db.scache.lru, db.scache.bytes = nil, nil, 0
	db.scache.mu.Unlock()
	if _, err := db.write.Exec(`DELETE FROM search_counts`); err != nil {
		panic(err)
	}
}

// WriteVotesForTest writes votes as one batch of the vote writer would.
func (db *DB) WriteVotesForTest(ctx context.Context, votes []domain.Vote) error {
	return db.writeVotes(ctx, votes, nil)
}

// MigrateToForTest brings the schema up to version v only, so that a test
// can hold data written before a later migration.
func (db *DB) MigrateToForTest(ctx context.Context, v int64) error {
	p, err := db.provider()
	if err != nil {
		return err
	}
	_, err = p.UpTo(ctx, v)
	return err
}

// ExecForTest runs one statement, as a database written by an older
// plenary would hold its rows.
func (db *DB) ExecForTest(ctx context.Context, query string, args ...any) error {
	_, err := db.write.ExecContext(ctx, db.dialect.rebind(query), args...)
	return err
}

// BeginReadForTest begins a read transaction on a connection of its own.
func (db *DB) BeginReadForTest(ctx context.Context) (interface{ Rollback() error }, error) {
	return db.read.BeginTx(ctx, nil)
}

// ExpireDashboardChecksForTest makes every dashboard's counts ask again
// whether the follow-up changed, as a second later.
func (db *DB) ExpireDashboardChecksForTest() {
	db.dcache.mu.Lock()
	defer db.dcache.mu.Unlock()
	for _, v := range db.dcache.versions {
		v.checked = v.checked.Add(-dashboardRecheck)
	}
}

// SearchesComputedForTest counts the searches computed in full.
func (db *DB) SearchesComputedForTest() int64 { return db.searchesComputed.Load() }

// HoldVoteForTest writes v on PostgreSQL the way a vote writer's batch
// does (the lock of its numbers, then its row) in a transaction left
// open until commit is called, so that a test can commit a vote numbered
// before others after them. Not on SQLite, whose one writer it would hold.
func (db *DB) HoldVoteForTest(ctx context.Context, v domain.Vote) (commit func() error, err error) {
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	t := &Tx{db: db, tx: tx}
	if err := t.lockVoteNumbers(ctx); err != nil {
		tx.Rollback()
		return nil, err
	}
	if _, err := t.exec(ctx, `INSERT INTO votes (statement_id, user_id, value, at, conversation)
		SELECT ?, ?, ?, ?, COALESCE(group_id, meeting_id) FROM statements WHERE id = ?`, v.StatementID, v.UserID, v.Value, v.At.UnixMilli(), v.StatementID); err != nil {
		tx.Rollback()
		return nil, err
	}
	return tx.Commit, nil
}

// VoteSeqForTest returns the number of a vote.
func (db *DB) VoteSeqForTest(ctx context.Context, statementID, userID string) (int64, error) {
	var n int64
	err := db.queryRow(ctx, `SELECT seq FROM votes WHERE statement_id = ? AND user_id = ?`, statementID, userID).Scan(&n)
	return n, err
}

// FactsForTest are the facts of a process the dashboards count from.
type FactsForTest struct{ ff *followUpFacts }

// DashboardFactsForTest reads the facts of process processID now.
func (db *DB) DashboardFactsForTest(ctx context.Context, processID string) (*FactsForTest, error) {
	ff, err := db.readFollowUpFacts(ctx, processID)
	return &FactsForTest{ff}, err
}

// Count counts as DashboardCounts does: by status, by objective and, when
// cycleID is not "", the reporting in that cycle with cutoffMS.
func (x *FactsForTest) Count(f DashboardFilter, cycleID string, cutoffMS int64) (byStatus, byObjective, reporting []FollowUpCount) {
	var cycle *DashboardChoice
	if cycleID != "" {
		cycle = &DashboardChoice{ID: cycleID}
	}
	return x.ff.count(f, cycle, cutoffMS)
}

// FactsCountsForTest is Count on the facts of f's process read now.
func (db *DB) FactsCountsForTest(ctx context.Context, f DashboardFilter, cycleID string, cutoffMS int64) (byStatus, byObjective, reporting []FollowUpCount, err error) {
	x, err := db.DashboardFactsForTest(ctx, f.ProcessID)
	if err != nil {
		return nil, nil, nil, err
	}
	byStatus, byObjective, reporting = x.Count(f, cycleID, cutoffMS)
	return byStatus, byObjective, reporting, nil
}

// CountInSQLForTest counts a search without words for v in SQL, with
// the person's own contributions in the query as searches counted them
// before the counts were shared (searchshare.go), and nothing kept.
func (db *DB) CountInSQLForTest(ctx context.Context, v Visibility, q SearchQuery) (*SearchResult, error) {
	p, err := db.plan(v, q)
	if err != nil {
		return nil, err
	}
	res := &SearchResult{}
	if q.Facets {
		res.Facets = map[string][]FacetCount{}
		for _, name := range facetNames {
			res.Facets[name] = []FacetCount{}
		}
	}
	if err := db.countSQL(ctx, p, res); err != nil {
		return nil, err
	}
	for _, fs := range res.Facets {
		sortFacets(fs)
	}
	return res, nil
}
