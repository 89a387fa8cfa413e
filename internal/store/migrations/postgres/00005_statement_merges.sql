-- +goose Up
-- A breakout group's rapporteur or the secretariat merges a duplicate
-- statement (from_id) into another (into_id): the duplicate's votes follow,
-- except those of people who had voted on both, who keep their vote on the
-- statement that stands. Each merge remembers exactly which votes moved
-- (statement_merge_votes: their value and time as they were on from_id) so
-- that it can be undone. These rows are never shown on any page: pages
-- show who merged, not who voted how.
CREATE TABLE statement_merges (
    id         TEXT PRIMARY KEY,
    meeting_id TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    into_id    TEXT NOT NULL REFERENCES statements(id) ON DELETE CASCADE,
    from_id    TEXT NOT NULL REFERENCES statements(id) ON DELETE CASCADE,
    merged_by  TEXT REFERENCES users(id) ON DELETE SET NULL,
    merged_at  BIGINT NOT NULL,
    undone_by  TEXT REFERENCES users(id) ON DELETE SET NULL,
    undone_at  BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX statement_merges_into ON statement_merges(into_id);
CREATE INDEX statement_merges_from ON statement_merges(from_id);

CREATE TABLE statement_merge_votes (
    merge_id TEXT NOT NULL REFERENCES statement_merges(id) ON DELETE CASCADE,
    user_id  TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    value    INTEGER NOT NULL CHECK (value BETWEEN -1 AND 1),
    at       BIGINT NOT NULL,
    PRIMARY KEY (merge_id, user_id)
);

-- +goose Down
DROP TABLE statement_merge_votes;
DROP TABLE statement_merges;
