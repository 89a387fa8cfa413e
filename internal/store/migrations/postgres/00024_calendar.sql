-- +goose Up
-- Calendars (docs/CALENDAR.md): a meeting's time zone (IANA name, '' for
-- the default of its venue), start and end of sessions and parts as
-- wall-clock times in that zone ('' when not set), with the count of
-- their changes and when they changed, so that calendar applications
-- replace what they showed; a person's time zone and the hash of the
-- secret token of their calendar subscription.
ALTER TABLE meetings ADD COLUMN time_zone TEXT NOT NULL DEFAULT '';
ALTER TABLE meeting_sessions ADD COLUMN starts_at TEXT NOT NULL DEFAULT '';
ALTER TABLE meeting_sessions ADD COLUMN ends_at TEXT NOT NULL DEFAULT '';
ALTER TABLE meeting_sessions ADD COLUMN times_sequence INTEGER NOT NULL DEFAULT 0;
ALTER TABLE meeting_sessions ADD COLUMN times_changed_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE session_parts ADD COLUMN starts_at TEXT NOT NULL DEFAULT '';
ALTER TABLE session_parts ADD COLUMN ends_at TEXT NOT NULL DEFAULT '';
ALTER TABLE session_parts ADD COLUMN times_sequence INTEGER NOT NULL DEFAULT 0;
ALTER TABLE session_parts ADD COLUMN times_changed_at BIGINT NOT NULL DEFAULT 0;
CREATE TABLE calendar_settings (
    user_id         TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    time_zone       TEXT NOT NULL DEFAULT '',
    feed_token_hash TEXT UNIQUE,
    feed_created_at BIGINT NOT NULL DEFAULT 0,
    updated_at      BIGINT NOT NULL
);

-- +goose Down
DROP TABLE calendar_settings;
ALTER TABLE session_parts DROP COLUMN times_changed_at;
ALTER TABLE session_parts DROP COLUMN times_sequence;
ALTER TABLE session_parts DROP COLUMN ends_at;
ALTER TABLE session_parts DROP COLUMN starts_at;
ALTER TABLE meeting_sessions DROP COLUMN times_changed_at;
ALTER TABLE meeting_sessions DROP COLUMN times_sequence;
ALTER TABLE meeting_sessions DROP COLUMN ends_at;
ALTER TABLE meeting_sessions DROP COLUMN starts_at;
ALTER TABLE meetings DROP COLUMN time_zone;
