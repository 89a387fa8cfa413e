package store

import (
	"context"
	"encoding/json"
	"sync"
	"time"
)

// Event is a change in a meeting, told to live screens. It is the public
// part of an audit event.
type Event struct {
	ID         int64     `json:"id"`
	MeetingID  string    `json:"meeting_id"`
	Action     string    `json:"action"`
	ObjectType string    `json:"object_type"`
	ObjectID   string    `json:"object_id"`
	ActorName  string    `json:"actor_name,omitempty"`
	At         time.Time `json:"at"`
}

// broker fans events out to the subscribers of each meeting in this
// process. On SQLite the store publishes after each commit; on PostgreSQL
// every instance publishes what LISTEN/NOTIFY brings, its own changes
// included, so that all instances tell their browsers the same things.
type broker struct {
	mu   sync.Mutex
	subs map[string]map[chan Event]struct{}
}

func newBroker() *broker { return &broker{subs: map[string]map[chan Event]struct{}{}} }

func (b *broker) publish(e Event) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for ch := range b.subs[e.MeetingID] {
		select {
		case ch <- e:
		default: // a subscriber that does not keep up misses events; it replays them from the audit trail
		}
	}
}

// Subscribe returns the events of a meeting from now on, and a function
// that ends the subscription. A subscriber that falls more than 256 events
// behind misses some; [DB.EventsSince] fills such gaps.
func (db *DB) Subscribe(meetingID string) (<-chan Event, func()) {
	ch := make(chan Event, 256)
	b := db.events
	b.mu.Lock()
	if b.subs[meetingID] == nil {
		b.subs[meetingID] = map[chan Event]struct{}{}
	}
	b.subs[meetingID][ch] = struct{}{}
	b.mu.Unlock()
	var once sync.Once
	return ch, func() {
		once.Do(func() {
			b.mu.Lock()
			delete(b.subs[meetingID], ch)
			if len(b.subs[meetingID]) == 0 {
				delete(b.subs, meetingID)
			}
			b.mu.Unlock()
		})
	}
}

// EventsSince returns up to limit events of a meeting after the event with
// ID after, oldest first: what a reconnecting screen missed.
func (db *DB) EventsSince(ctx context.Context, meetingID string, after int64, limit int) ([]Event, error) {
	rows, err := db.query(ctx, `SELECT id, meeting_id, action, object_type, object_id, actor_name, at FROM audit_events
		WHERE meeting_id = ? AND id > ? ORDER BY id LIMIT ?`, meetingID, after, clampLimit(limit))
	evs, err := scanAll(rows, err, func(r scanner) (Event, error) {
		var e Event
		var at int64
		err := r.Scan(&e.ID, &e.MeetingID, &e.Action, &e.ObjectType, &e.ObjectID, &e.ActorName, &at)
		e.At = fromMS(at)
		return e, err
	})
	return evs, db.mapErr(err)
}

// eventChannel is the PostgreSQL notification channel of meeting events.
const eventChannel = "plenary_events"

func (e Event) payload() string {
	b, _ := json.Marshal(e)
	return string(b)
}
