-- +goose Up
-- Statements that breakout groups and the plenary vote on (agree, disagree,
-- pass), and the votes. A statement belongs to a conversation: one breakout
-- group (group_id) or the plenary (group_id NULL) in one part of a session.
-- seq numbers statements for the opinion engine and never changes.
CREATE TABLE statements (
    id          TEXT PRIMARY KEY,
    seq         INTEGER NOT NULL UNIQUE,
    meeting_id  TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    part_id     TEXT REFERENCES session_parts(id) ON DELETE SET NULL,
    group_id    TEXT REFERENCES breakout_groups(id) ON DELETE CASCADE,
    kind        TEXT NOT NULL,
    text        TEXT NOT NULL,
    lang        TEXT NOT NULL,
    author_id   TEXT REFERENCES users(id) ON DELETE SET NULL,
    body_id     TEXT REFERENCES bodies(id) ON DELETE RESTRICT,
    by_partner  BOOLEAN NOT NULL DEFAULT FALSE,
    source_id   TEXT REFERENCES contributions(id) ON DELETE SET NULL,
    merged_into TEXT REFERENCES statements(id) ON DELETE SET NULL,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX statements_conversation ON statements(meeting_id, group_id, part_id);

-- One vote a person and statement: the latest counts. Votes are not in the
-- audit trail (they are the data, not a change to it), and pages never show
-- who voted how.
CREATE TABLE votes (
    statement_id TEXT NOT NULL REFERENCES statements(id) ON DELETE CASCADE,
    user_id      TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    value        INTEGER NOT NULL CHECK (value BETWEEN -1 AND 1),
    at           BIGINT NOT NULL,
    PRIMARY KEY (statement_id, user_id)
);
CREATE INDEX votes_user ON votes(user_id);

-- +goose Down
DROP TABLE votes;
DROP TABLE statements;
