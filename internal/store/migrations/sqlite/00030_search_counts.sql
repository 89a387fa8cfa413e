-- +goose Up
-- The counts of contributions a list shows (the total and the counts per
-- filter value of a search without words, for the people of one set of
-- roles), kept with the version of the contributions they counted, so
-- that a server that starts does not count a meeting's 100,000
-- contributions again while they are unchanged. Derived: left out of
-- archives, emptied by a restore.
CREATE TABLE search_counts (
    key        TEXT PRIMARY KEY,
    version    TEXT NOT NULL,
    counted_at BIGINT NOT NULL,
    total      BIGINT NOT NULL,
    facets     TEXT NOT NULL
);

-- +goose Down
DROP TABLE search_counts;
