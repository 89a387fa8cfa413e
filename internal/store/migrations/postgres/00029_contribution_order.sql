-- +goose Up
-- A meeting's list of contributions read in its order from an index
-- instead of sorted for every page: newest or oldest first
-- (contributions_meeting_created), last changed first
-- (contributions_meeting_updated, whose last entry also says when the
-- meeting's contributions last changed: the version of its kept counts).
-- Each holds every column the list filters on, and the pages are found
-- from the last row of the page before (keyset pagination) rather than
-- by counting the rows before them.
CREATE INDEX contributions_meeting_created ON contributions(meeting_id, created_at, seq, id, status, author_id, kind, practice_type, lang, demo, body_id, question_id, unattributed);
CREATE INDEX contributions_meeting_updated ON contributions(meeting_id, updated_at, seq, id, status, author_id, kind, practice_type, lang, demo, body_id, question_id, unattributed);

-- +goose Down
DROP INDEX contributions_meeting_created;
DROP INDEX contributions_meeting_updated;
