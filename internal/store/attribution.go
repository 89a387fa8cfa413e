package store

import (
	"context"
	"encoding/json"

	"github.com/plenary-org/plenary/internal/domain"
)

// underRule reports whether a meeting is held under the non-attribution
// rule as tx sees it. The meeting's row is kept from changing until tx
// ends (PostgreSQL; SQLite has one writer), so that a record is stamped
// with the rule that holds when it is committed, never with one a
// concurrent change of the setting has just replaced.
func (tx *Tx) underRule(ctx context.Context, meetingID string) (bool, error) {
	if on, ok := tx.rules[meetingID]; ok {
		return on, nil
	}
	var on bool
	if err := tx.queryRow(ctx, `SELECT non_attribution FROM meetings WHERE id = ?`+tx.db.dialect.forShare, meetingID).Scan(&on); err != nil {
		return false, tx.db.notFound(err, "meeting")
	}
	if tx.rules == nil {
		tx.rules = map[string]bool{}
	}
	tx.rules[meetingID] = on
	return on, nil
}

// stampContribution marks c unattributed, in c and in the database, when
// its meeting is held under the rule now: a contribution written or
// changed under the rule stays unattributed ([domain.Attributed]).
func (tx *Tx) stampContribution(ctx context.Context, c *domain.Contribution) error {
	if c.Unattributed {
		return nil
	}
	on, err := tx.underRule(ctx, c.MeetingID)
	if err != nil || !on {
		return err
	}
	c.Unattributed = true
	_, err = tx.exec(ctx, `UPDATE contributions SET unattributed = TRUE WHERE id = ?`, c.ID)
	return err
}

// withoutAuthor drops the author, body and partner fields (and the
// documents, whose names may tell them) of a record's JSON snapshot.
func withoutAuthor(js string) string {
	if js == "" {
		return js
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal([]byte(js), &m); err != nil {
		return ""
	}
	for _, k := range []string{"AuthorID", "BodyID", "ByPartner", "Attachments"} {
		delete(m, k)
	}
	b, err := json.Marshal(m)
	if err != nil {
		return ""
	}
	return string(b)
}
