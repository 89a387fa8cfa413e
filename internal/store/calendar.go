package store

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"github.com/plenary-org/plenary/internal/domain"
)

// ScheduleChange is what a secretariat sets on a meeting's schedule page:
// its time zone and the times of its sessions and parts, by ID (a session
// or part not named keeps its times).
type ScheduleChange struct {
	MeetingID string
	Version   int // the meeting's, ECONFLICT when stale
	TimeZone  string
	Sessions  map[string]domain.Times
	Parts     map[string]domain.Times
}

// ScheduleAction is the audit action of a change of a meeting's schedule.
const ScheduleAction = "schedule"

type scheduled struct {
	StartsAt string `json:"starts_at,omitempty"`
	EndsAt   string `json:"ends_at,omitempty"`
}

type scheduleRecord struct {
	TimeZone string               `json:"time_zone"`
	Sessions map[string]scheduled `json:"sessions,omitempty"`
	Parts    map[string]scheduled `json:"parts,omitempty"`
}

// SaveSchedule stores a meeting's time zone and the times of its sessions
// and parts in one transaction. A session or part whose times change, or
// whose meeting's zone changes while it has times, counts one more change
// (its Sequence) from now; the meeting's version goes up. A session or part
// of another meeting is not found. The change is audited as one event.
func (db *DB) SaveSchedule(ctx context.Context, c ScheduleChange) error {
	return db.inTx(ctx, func(tx *Tx) error {
		before, err := scanMeeting(tx.queryRow(ctx, `SELECT `+meetingCols+` FROM meetings WHERE id = ?`, c.MeetingID))
		if err != nil {
			return db.notFound(err, "meeting")
		}
		if before.Version != c.Version {
			return domain.Conflict("this meeting")
		}
		after := *before
		after.TimeZone = c.TimeZone
		zoneChanged := before.Zone() != after.Zone()
		now := db.nowMS()
		if _, err := tx.exec(ctx, `UPDATE meetings SET time_zone = ?, updated_at = ?, version = version + 1 WHERE id = ?`, c.TimeZone, now, c.MeetingID); err != nil {
			return err
		}
		was := scheduleRecord{TimeZone: before.TimeZone, Sessions: map[string]scheduled{}, Parts: map[string]scheduled{}}
		is := scheduleRecord{TimeZone: c.TimeZone, Sessions: map[string]scheduled{}, Parts: map[string]scheduled{}}
		type row struct {
			id string
			domain.Times
		}
		read := func(q string) ([]row, error) {
			rows, err := tx.query(ctx, q, c.MeetingID)
			return scanAll(rows, err, func(r scanner) (row, error) {
				var x row
				return x, r.Scan(&x.id, &x.StartsAt, &x.EndsAt)
			})
		}
		apply := func(table string, rows []row, want map[string]domain.Times, was, is map[string]scheduled) error {
			seen := map[string]bool{}
			for _, x := range rows {
				seen[x.id] = true
				t, ok := want[x.id]
				if !ok {
					t = x.Times
				}
				changed := t.StartsAt != x.StartsAt || t.EndsAt != x.EndsAt
				if !changed && !(zoneChanged && x.Scheduled()) {
					continue
				}
				if _, err := tx.exec(ctx, `UPDATE `+table+` SET starts_at = ?, ends_at = ?, times_sequence = times_sequence + 1, times_changed_at = ? WHERE id = ?`,
					t.StartsAt, t.EndsAt, now, x.id); err != nil {
					return err
				}
				was[x.id] = scheduled{x.StartsAt, x.EndsAt}
				is[x.id] = scheduled{t.StartsAt, t.EndsAt}
			}
			for id := range want {
				if !seen[id] {
					if table == "session_parts" {
						return domain.NotFound("part")
					}
					return domain.NotFound("session")
				}
			}
			return nil
		}
		sessions, err := read(`SELECT id, starts_at, ends_at FROM meeting_sessions WHERE meeting_id = ?`)
		if err != nil {
			return db.mapErr(err)
		}
		if err := apply("meeting_sessions", sessions, c.Sessions, was.Sessions, is.Sessions); err != nil {
			return err
		}
		parts, err := read(`SELECT p.id, p.starts_at, p.ends_at FROM session_parts p JOIN meeting_sessions s ON s.id = p.session_id WHERE s.meeting_id = ?`)
		if err != nil {
			return db.mapErr(err)
		}
		if err := apply("session_parts", parts, c.Parts, was.Parts, is.Parts); err != nil {
			return err
		}
		return tx.audit(ctx, ScheduleAction, "meeting", c.MeetingID, c.MeetingID, was, is)
	})
}

// CalendarSettings are a person's calendar settings.
type CalendarSettings struct {
	// TimeZone is the zone the person reads times in; "" for each
	// meeting's own.
	TimeZone string
	// FeedCreatedAt is when the secret address of their calendar was
	// made; zero when they have none.
	FeedCreatedAt time.Time
}

// CalendarSettings returns a person's calendar settings (the defaults when
// they never set any).
func (db *DB) CalendarSettings(ctx context.Context, userID string) (CalendarSettings, error) {
	var cs CalendarSettings
	var hash sql.NullString
	var created int64
	err := db.queryRow(ctx, `SELECT time_zone, feed_token_hash, feed_created_at FROM calendar_settings WHERE user_id = ?`, userID).Scan(&cs.TimeZone, &hash, &created)
	if err == sql.ErrNoRows {
		return cs, nil
	}
	if err != nil {
		return cs, db.mapErr(err)
	}
	if hash.Valid {
		cs.FeedCreatedAt = fromMS(created)
	}
	return cs, nil
}

// Audit actions of a person's calendar settings.
const (
	SetTimeZoneAction = "set_time_zone"
	CreateFeedAction  = "create_feed"
	RevokeFeedAction  = "revoke_feed"
)

// SetCalendarTimeZone saves the zone a person reads times in ("" for each
// meeting's own).
func (db *DB) SetCalendarTimeZone(ctx context.Context, userID, zone string) error {
	return db.inTx(ctx, func(tx *Tx) error {
		var old string
		if err := tx.queryRow(ctx, `SELECT time_zone FROM calendar_settings WHERE user_id = ?`, userID).Scan(&old); err != nil && err != sql.ErrNoRows {
			return err
		}
		now := db.nowMS()
		if _, err := tx.exec(ctx, `INSERT INTO calendar_settings (user_id, time_zone, updated_at) VALUES (?, ?, ?)
			ON CONFLICT (user_id) DO UPDATE SET time_zone = excluded.time_zone, updated_at = excluded.updated_at`, userID, zone, now); err != nil {
			return db.notFound(db.mapErr(err), "user")
		}
		return tx.audit(ctx, SetTimeZoneAction, "user", userID, "", map[string]string{"time_zone": old}, map[string]string{"time_zone": zone})
	})
}

// SetCalendarFeed keeps the hash of the secret token of a person's
// calendar subscription, replacing the one before; "" revokes it.
func (db *DB) SetCalendarFeed(ctx context.Context, userID, tokenHash string) error {
	return db.inTx(ctx, func(tx *Tx) error {
		now := db.nowMS()
		created := now
		if tokenHash == "" {
			created = 0
		}
		if _, err := tx.exec(ctx, `INSERT INTO calendar_settings (user_id, feed_token_hash, feed_created_at, updated_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (user_id) DO UPDATE SET feed_token_hash = excluded.feed_token_hash, feed_created_at = excluded.feed_created_at, updated_at = excluded.updated_at`,
			userID, nullable(tokenHash), created, now); err != nil {
			return db.notFound(db.mapErr(err), "user")
		}
		if tokenHash == "" {
			return tx.audit(ctx, RevokeFeedAction, "user", userID, "", nil, nil)
		}
		return tx.audit(ctx, CreateFeedAction, "user", userID, "", nil, nil)
	})
}

// CalendarFeedUser returns the enabled person whose calendar subscription
// has the token of this hash, or ENOTFOUND.
func (db *DB) CalendarFeedUser(ctx context.Context, tokenHash string) (*domain.User, error) {
	if tokenHash == "" {
		return nil, domain.NotFound("calendar")
	}
	u, err := scanUser(db.queryRow(ctx, `SELECT u.id, u.email, u.name, u.locale, u.is_admin, u.disabled, u.created_at, u.version
		FROM calendar_settings c JOIN users u ON u.id = c.user_id WHERE c.feed_token_hash = ? AND NOT u.disabled`, tokenHash))
	if err != nil {
		return nil, db.notFound(err, "calendar")
	}
	return u, nil
}

// PartEnd is a timed part with its meeting.
type PartEnd struct {
	Part      *domain.Part
	MeetingID string
}

// PartsEnding returns the parts of kind whose end, as the wall-clock time
// stored ("2017-10-10T09:00", in their meeting's zone), is from from to
// to, both included, in the order of their ends. The caller widens the
// bounds by the zones' offsets and reads each end in its meeting's zone.
func (db *DB) PartsEnding(ctx context.Context, kind domain.PartKind, from, to string) ([]PartEnd, error) {
	rows, err := db.query(ctx, `SELECT p.`+strings.ReplaceAll(partCols, ", ", ", p.")+`, s.meeting_id FROM session_parts p JOIN meeting_sessions s ON s.id = p.session_id
		WHERE p.kind = ? AND p.ends_at <> '' AND p.ends_at >= ? AND p.ends_at <= ? ORDER BY p.ends_at, p.id`, string(kind), from, to)
	out, err := scanAll(rows, err, func(r scanner) (PartEnd, error) {
		var pe PartEnd
		var err error
		pe.Part, err = scanPart(rowWithExtra{r, []any{&pe.MeetingID}})
		return pe, err
	})
	return out, db.mapErr(err)
}

// rowWithExtra scans a row's leading columns as another scan function
// reads them and its last ones into extra.
type rowWithExtra struct {
	r     scanner
	extra []any
}

func (x rowWithExtra) Scan(dest ...any) error { return x.r.Scan(append(dest, x.extra...)...) }
