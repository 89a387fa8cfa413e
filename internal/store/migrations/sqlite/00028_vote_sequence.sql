-- +goose Up
-- Live analysis reads the votes of a conversation that changed since its
-- last reading. A vote is an upsert (a person may change their vote), so
-- its time says nothing of when its row last changed: every insert and
-- every update of a vote takes the next number of vote_sequence (the
-- writer takes a batch's numbers at once, inside its transaction: SQLite
-- has one writer, so numbers are committed in order), and the
-- conversation (the breakout group, or the meeting for its plenary) is
-- kept on the vote, so that a reading is one range of one index.
-- vote_sequence is derived (the highest seq): left out of dumps, set again
-- by restore.
ALTER TABLE votes ADD COLUMN conversation TEXT NOT NULL DEFAULT '';
ALTER TABLE votes ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;
UPDATE votes SET seq = rowid,
    conversation = (SELECT COALESCE(s.group_id, s.meeting_id) FROM statements s WHERE s.id = votes.statement_id);
CREATE TABLE vote_sequence (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    n  INTEGER NOT NULL
);
INSERT INTO vote_sequence (id, n) SELECT 1, COALESCE(MAX(seq), 0) FROM votes;
CREATE INDEX votes_conversation ON votes(conversation, seq);

-- +goose Down
DROP INDEX votes_conversation;
DROP TABLE vote_sequence;
ALTER TABLE votes DROP COLUMN seq;
ALTER TABLE votes DROP COLUMN conversation;
