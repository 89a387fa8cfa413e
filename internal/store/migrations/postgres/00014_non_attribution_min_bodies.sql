-- +goose Up
-- k of the non-attribution rule: a description of a body ("state · Africa")
-- is shown in place of its name only when at least k of the meeting's
-- participants share it (domain.Describe).
ALTER TABLE meetings ADD COLUMN non_attribution_min_bodies INTEGER NOT NULL DEFAULT 3;

-- +goose Down
ALTER TABLE meetings DROP COLUMN non_attribution_min_bodies;
