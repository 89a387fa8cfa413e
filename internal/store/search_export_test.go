package store

import "context"

// SearchIndexRowsForTest counts the rows of the full-text index, -1 when
// it cannot.
func (db *DB) SearchIndexRowsForTest(ctx context.Context) int {
	var n int
	if err := db.queryRow(ctx, `SELECT COUNT(*) FROM `+db.dialect.index.table).Scan(&n); err != nil {
		return -1
	}
	return n
}
