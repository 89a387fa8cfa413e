-- +goose Up
-- The plenary's candidate overall recommendations for one breakout part,
-- drawn from a theme found across the groups: the text the chair or the
-- secretariat wrote (prefilled from the theme), the theme's id and the
-- statements it held (statements, JSON list of ids) for provenance.
CREATE TABLE overall_candidates (
    id         TEXT PRIMARY KEY,
    meeting_id TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    part_id    TEXT NOT NULL REFERENCES session_parts(id) ON DELETE CASCADE,
    theme_id   TEXT NOT NULL DEFAULT '',
    text       TEXT NOT NULL,
    statements TEXT NOT NULL DEFAULT '[]',
    created_at BIGINT NOT NULL
);
CREATE INDEX overall_candidates_part ON overall_candidates (part_id, created_at);

-- One plenary ballot a person and part (ranks: JSON list of levels of
-- candidate ids), with the breakout group the voter belongs to, so that
-- each group has an equal say. Replaced until the chair confirms.
CREATE TABLE overall_ballots (
    part_id    TEXT NOT NULL REFERENCES session_parts(id) ON DELETE CASCADE,
    user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    meeting_id TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    group_id   TEXT NOT NULL REFERENCES breakout_groups(id) ON DELETE CASCADE,
    ranks      TEXT NOT NULL,
    updated_at BIGINT NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (part_id, user_id)
);

-- The five overall recommendations the chair confirmed for a part
-- (selected: JSON list of candidate ids), with the tally they came from
-- (snapshot, JSON). No row: ranking open.
CREATE TABLE overall_confirmations (
    part_id      TEXT PRIMARY KEY REFERENCES session_parts(id) ON DELETE CASCADE,
    meeting_id   TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    selected     TEXT NOT NULL,
    snapshot     TEXT NOT NULL,
    confirmed_by TEXT NOT NULL DEFAULT '',
    confirmed_at BIGINT NOT NULL
);

-- +goose Down
DROP TABLE overall_confirmations;
DROP TABLE overall_ballots;
DROP TABLE overall_candidates;
