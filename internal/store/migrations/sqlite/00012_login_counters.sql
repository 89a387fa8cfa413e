-- +goose Up
-- Login attempts are counted in one row a key (an account at an address,
-- or an address), updated in the transaction that decides whether the
-- attempt may go on to the password check: the row lock makes concurrent
-- attempts count one after the other. Keys are SHA-256 hashes, so the table
-- names neither accounts nor addresses.
DROP TABLE login_attempts;
CREATE TABLE login_counters (
    key      TEXT PRIMARY KEY,
    attempts INTEGER NOT NULL,
    first_at BIGINT NOT NULL,
    last_at  BIGINT NOT NULL
);
CREATE INDEX login_counters_last ON login_counters(last_at);

-- +goose Down
DROP TABLE login_counters;
CREATE TABLE login_attempts (
    key        TEXT NOT NULL,
    at         BIGINT NOT NULL
);
CREATE INDEX login_attempts_key ON login_attempts(key, at);
