package store

import (
	"context"
	"encoding/json"

	"github.com/plenary-org/plenary/internal/domain"
)

// HideAuthors removes from audit events of statements, contributions and
// endorsements whatever says who wrote them (the actor of their creation
// and of the author's steps, their author and body) when their meeting is
// held without attribution: nobody, the secretariat included, learns it
// through the audit trail. Other events are left as they are.
func (db *DB) HideAuthors(ctx context.Context, evs []domain.AuditEvent) error {
	hidden := map[string]bool{}
	for i := range evs {
		e := &evs[i]
		if (e.ObjectType != "statement" && e.ObjectType != "contribution" && e.ObjectType != "endorsement") || e.MeetingID == "" {
			continue
		}
		h, ok := hidden[e.MeetingID]
		if !ok {
			m, err := db.Meeting(ctx, e.MeetingID)
			if err != nil && domain.ErrorCode(err) != domain.ENOTFOUND {
				return err
			}
			h = m == nil || m.NonAttribution
			hidden[e.MeetingID] = h
		}
		if !h {
			continue
		}
		switch {
		case e.ObjectType == "statement" && e.Action == "create":
			e.ActorID, e.ActorName, e.ActorHidden = "", "", true
		case e.ObjectType == "endorsement":
			// An endorsement is the body's: who endorsed is not named.
			e.ActorID, e.ActorName, e.ActorHidden = "", "", true
		case e.ObjectType == "contribution" && e.Action != "publish" && e.Action != "return" && e.Action != "import":
			// A contribution's author writes, submits, translates and
			// withdraws it; only the secretariat's moderation is named.
			e.ActorID, e.ActorName, e.ActorHidden = "", "", true
		}
		e.Before, e.After = withoutAuthor(e.Before), withoutAuthor(e.After)
	}
	return nil
}

// withoutAuthor drops the author, body and partner fields of a statement's
// JSON snapshot.
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
