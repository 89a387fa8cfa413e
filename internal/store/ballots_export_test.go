package store

import "context"

// MergeStatementForTest marks a statement merged into another, as the merge
// feature does, so that ranking tests need not depend on it.
func (db *DB) MergeStatementForTest(ctx context.Context, id, into string) error {
	return db.inTx(ctx, func(tx *Tx) error {
		_, err := tx.exec(ctx, `UPDATE statements SET merged_into = ? WHERE id = ?`, into, id)
		return err
	})
}
