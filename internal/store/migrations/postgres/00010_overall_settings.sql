-- +goose Up
-- How the plenary ranks a part's overall recommendations: the method
-- (schulze, borda, approval or score) and the score range for score
-- voting. No row: Schulze, scores 0 to 5. Every method keeps an equal say
-- per breakout group. The method and the range cannot change once a
-- ballot has been cast (the store refuses), so no ballot is ever
-- reinterpreted or silently cleared.
CREATE TABLE overall_settings (
    part_id    TEXT PRIMARY KEY REFERENCES session_parts(id) ON DELETE CASCADE,
    meeting_id TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    method     TEXT NOT NULL DEFAULT 'schulze',
    score_min  INTEGER NOT NULL DEFAULT 0,
    score_max  INTEGER NOT NULL DEFAULT 5,
    updated_at BIGINT NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1
);

-- A plenary ballot now says which method it was cast under, and holds the
-- approvals (JSON list of candidate ids) or the scores (JSON object
-- candidate id -> score) of the approval and score methods; ranks stays
-- the ranking of Schulze and Borda.
ALTER TABLE overall_ballots ADD COLUMN method TEXT NOT NULL DEFAULT 'schulze';
ALTER TABLE overall_ballots ADD COLUMN approved TEXT NOT NULL DEFAULT '[]';
ALTER TABLE overall_ballots ADD COLUMN scores TEXT NOT NULL DEFAULT '{}';

-- A candidate's text can be edited while the ranking is open: the version
-- read is checked, so that a stale edit is a conflict.
ALTER TABLE overall_candidates ADD COLUMN version INTEGER NOT NULL DEFAULT 1;

-- +goose Down
ALTER TABLE overall_candidates DROP COLUMN version;
ALTER TABLE overall_ballots DROP COLUMN scores;
ALTER TABLE overall_ballots DROP COLUMN approved;
ALTER TABLE overall_ballots DROP COLUMN method;
DROP TABLE overall_settings;
