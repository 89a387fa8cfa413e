-- +goose Up
-- The plenary's edits of the themes found across the breakout groups of one
-- session part (merge, split, rename, move), in order, as the themes package
-- represents them (edits, JSON), and the last result they were applied to
-- (previous, JSON without links), so that theme ids and labels stay stable
-- and the edits are re-applied when new statements change the themes.
CREATE TABLE theme_edits (
    meeting_id TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    part_id    TEXT NOT NULL REFERENCES session_parts(id) ON DELETE CASCADE,
    edits      TEXT NOT NULL,
    previous   TEXT NOT NULL DEFAULT '',
    updated_at BIGINT NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (meeting_id, part_id)
);

-- +goose Down
DROP TABLE theme_edits;
