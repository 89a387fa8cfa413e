-- +goose Up
-- The PostgreSQL twin of migrations/sqlite/00001_foundation.sql: same tables,
-- columns and indexes; only the identity column and the triggers differ.
-- Times are unix milliseconds (UTC) in BIGINT columns so that SQLite and
-- PostgreSQL store and compare them the same way. IDs are ULID strings.
CREATE TABLE users (
    id            TEXT PRIMARY KEY,
    email         TEXT NOT NULL,
    email_key     TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    password_hash TEXT NOT NULL DEFAULT '',
    locale        TEXT NOT NULL DEFAULT '',
    is_admin      BOOLEAN NOT NULL DEFAULT FALSE,
    disabled      BOOLEAN NOT NULL DEFAULT FALSE,
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL,
    version       INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE web_sessions (
    token_hash   TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at   BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL
);
CREATE INDEX web_sessions_user ON web_sessions(user_id);

CREATE TABLE api_tokens (
    id           TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,
    created_at   BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL,
    last_used_at BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX api_tokens_user ON api_tokens(user_id);

CREATE TABLE bodies (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    acronym     TEXT NOT NULL DEFAULT '',
    kind        TEXT NOT NULL,
    region      TEXT NOT NULL DEFAULT '',
    established INTEGER NOT NULL DEFAULT 0,
    secretariat TEXT NOT NULL DEFAULT '',
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX bodies_name ON bodies(name);

CREATE TABLE body_countries (
    body_id TEXT NOT NULL REFERENCES bodies(id) ON DELETE CASCADE,
    country TEXT NOT NULL,
    PRIMARY KEY (body_id, country)
);

CREATE TABLE processes (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE meetings (
    id               TEXT PRIMARY KEY,
    process_id       TEXT NOT NULL REFERENCES processes(id) ON DELETE CASCADE,
    organisation     TEXT NOT NULL DEFAULT '',
    title            TEXT NOT NULL,
    subtitle         TEXT NOT NULL DEFAULT '',
    short_name       TEXT NOT NULL DEFAULT '',
    doc_title        TEXT NOT NULL DEFAULT '',
    venue            TEXT NOT NULL DEFAULT '',
    starts_on        TEXT NOT NULL DEFAULT '',
    ends_on          TEXT NOT NULL DEFAULT '',
    details          TEXT NOT NULL DEFAULT '',
    objectives_title TEXT NOT NULL DEFAULT '',
    objectives_intro TEXT NOT NULL DEFAULT '',
    issues_title     TEXT NOT NULL DEFAULT '',
    issues_intro     TEXT NOT NULL DEFAULT '',
    sessions_title   TEXT NOT NULL DEFAULT '',
    non_attribution  BOOLEAN NOT NULL DEFAULT FALSE,
    created_at       BIGINT NOT NULL,
    updated_at       BIGINT NOT NULL,
    version          INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX meetings_process ON meetings(process_id);

CREATE TABLE meeting_sessions (
    id         TEXT PRIMARY KEY,
    meeting_id TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    number          INTEGER NOT NULL,
    title           TEXT NOT NULL,
    intro           TEXT NOT NULL DEFAULT '',
    objectives_note TEXT NOT NULL DEFAULT '',
    questions_note  TEXT NOT NULL DEFAULT '',
    position        INTEGER NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX meeting_sessions_meeting ON meeting_sessions(meeting_id, position);

CREATE TABLE session_parts (
    id         TEXT PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES meeting_sessions(id) ON DELETE CASCADE,
    title           TEXT NOT NULL,
    kind            TEXT NOT NULL,
    intro           TEXT NOT NULL DEFAULT '',
    objectives_note TEXT NOT NULL DEFAULT '',
    questions_note  TEXT NOT NULL DEFAULT '',
    position        INTEGER NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX session_parts_session ON session_parts(session_id, position);

CREATE TABLE agenda_items (
    id         TEXT PRIMARY KEY,
    meeting_id TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    session_id TEXT REFERENCES meeting_sessions(id) ON DELETE CASCADE,
    part_id    TEXT REFERENCES session_parts(id) ON DELETE CASCADE,
    parent_id  TEXT REFERENCES agenda_items(id) ON DELETE CASCADE,
    kind       TEXT NOT NULL,
    label      TEXT NOT NULL DEFAULT '',
    text       TEXT NOT NULL,
    footnotes  TEXT NOT NULL DEFAULT '',
    position   INTEGER NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX agenda_items_meeting ON agenda_items(meeting_id, position);

CREATE TABLE footnotes (
    meeting_id TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    number     INTEGER NOT NULL,
    text       TEXT NOT NULL,
    PRIMARY KEY (meeting_id, number)
);

CREATE TABLE breakout_groups (
    id         TEXT PRIMARY KEY,
    meeting_id TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    region     TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX breakout_groups_name ON breakout_groups(meeting_id, name);

CREATE TABLE memberships (
    id         TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    process_id TEXT NOT NULL REFERENCES processes(id) ON DELETE CASCADE,
    meeting_id TEXT REFERENCES meetings(id) ON DELETE CASCADE,
    role       TEXT NOT NULL,
    body_id    TEXT REFERENCES bodies(id) ON DELETE RESTRICT,
    group_id   TEXT REFERENCES breakout_groups(id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX memberships_unique ON memberships(user_id, process_id, COALESCE(meeting_id, ''), role);
CREATE INDEX memberships_user ON memberships(user_id);
CREATE INDEX memberships_meeting ON memberships(meeting_id);
CREATE INDEX memberships_group ON memberships(group_id);

CREATE TABLE invitations (
    id          TEXT PRIMARY KEY,
    token_hash  TEXT NOT NULL UNIQUE,
    email       TEXT NOT NULL,
    process_id  TEXT NOT NULL REFERENCES processes(id) ON DELETE CASCADE,
    meeting_id  TEXT REFERENCES meetings(id) ON DELETE CASCADE,
    role        TEXT NOT NULL,
    body_id     TEXT REFERENCES bodies(id) ON DELETE CASCADE,
    group_id    TEXT REFERENCES breakout_groups(id) ON DELETE CASCADE,
    created_by  TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL,
    accepted_at BIGINT NOT NULL DEFAULT 0,
    accepted_by TEXT NOT NULL DEFAULT ''
);
CREATE INDEX invitations_meeting ON invitations(process_id, meeting_id);

-- The audit trail is append-only: triggers refuse updates and deletes.
CREATE TABLE audit_events (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at          BIGINT NOT NULL,
    actor_id    TEXT NOT NULL DEFAULT '',
    actor_name  TEXT NOT NULL DEFAULT '',
    action      TEXT NOT NULL,
    object_type TEXT NOT NULL,
    object_id   TEXT NOT NULL,
    meeting_id  TEXT NOT NULL DEFAULT '',
    before_json TEXT NOT NULL DEFAULT '',
    after_json  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_events_object ON audit_events(object_type, object_id, id);
CREATE INDEX audit_events_meeting ON audit_events(meeting_id, id);

-- +goose StatementBegin
CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit events are append-only';
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER audit_events_no_change BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();

CREATE TABLE login_attempts (
    key        TEXT NOT NULL,
    at         BIGINT NOT NULL
);
CREATE INDEX login_attempts_key ON login_attempts(key, at);

-- +goose Down
DROP TABLE login_attempts;
DROP TABLE audit_events;
DROP FUNCTION audit_events_append_only();
DROP TABLE invitations;
DROP TABLE memberships;
DROP TABLE breakout_groups;
DROP TABLE footnotes;
DROP TABLE agenda_items;
DROP TABLE session_parts;
DROP TABLE meeting_sessions;
DROP TABLE meetings;
DROP TABLE processes;
DROP TABLE body_countries;
DROP TABLE bodies;
DROP TABLE api_tokens;
DROP TABLE web_sessions;
DROP TABLE users;
