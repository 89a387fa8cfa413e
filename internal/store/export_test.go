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

// ClearSearchCacheForTest forgets every cached search, so that a benchmark
// measures searches computed in full.
func (db *DB) ClearSearchCacheForTest() {
	db.scache.mu.Lock()
	db.scache.entries, db.scache.lru, db.scache.bytes = nil, nil, 0
	db.scache.mu.Unlock()
}

// WriteVotesForTest writes votes as one batch of the vote writer would.
func (db *DB) WriteVotesForTest(ctx context.Context, votes []domain.Vote) error {
	return db.writeVotes(ctx, votes, nil)
}
