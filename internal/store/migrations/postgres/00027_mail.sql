-- +goose Up
-- E-mail (docs/MAIL.md). The outbox holds every message to send, written
-- in the transaction of the fact it announces where there is one; a sender
-- in each server claims due rows for a while (lease_until, lease_owner),
-- so that two instances never send one message twice, and retries
-- temporary failures with a growing delay (next_attempt_at).
CREATE TABLE mail_outbox (
    id              TEXT PRIMARY KEY,
    kind            TEXT NOT NULL,
    user_id         TEXT NOT NULL DEFAULT '',
    to_addr         TEXT NOT NULL,
    lang            TEXT NOT NULL DEFAULT 'en',
    subject         TEXT NOT NULL,
    text_body       TEXT NOT NULL,
    html_body       TEXT NOT NULL,
    headers         TEXT NOT NULL DEFAULT '{}',
    status          TEXT NOT NULL DEFAULT 'pending',
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    lease_until     BIGINT NOT NULL DEFAULT 0,
    lease_owner     TEXT NOT NULL DEFAULT '',
    last_error      TEXT NOT NULL DEFAULT '',
    message_id      TEXT NOT NULL DEFAULT '',
    created_at      BIGINT NOT NULL,
    sent_at         BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX mail_outbox_due ON mail_outbox (status, next_attempt_at);
CREATE INDEX mail_outbox_created ON mail_outbox (created_at);

-- How a person wants each kind of notification: immediately, in a daily
-- digest, or never. No row is "immediately".
CREATE TABLE mail_preferences (
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind       TEXT NOT NULL,
    mode       TEXT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, kind)
);

-- Password reset links: only the token's hash is kept; a link is used
-- once and lasts an hour.
CREATE TABLE password_resets (
    token_hash TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at    BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX password_resets_user ON password_resets (user_id, created_at);

-- Secrets the instances share, made on first use: the key that signs
-- unsubscribe links.
CREATE TABLE instance_secrets (
    name       TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

-- Notifications made before e-mail existed are not sent now: they are
-- on their people's account pages already.
UPDATE notifications SET emailed_at = created_at WHERE emailed_at = 0;
CREATE INDEX notifications_unsent_id ON notifications (emailed_at, id);

-- +goose Down
DROP INDEX notifications_unsent_id;
DROP TABLE instance_secrets;
DROP TABLE password_resets;
DROP TABLE mail_preferences;
DROP TABLE mail_outbox;
