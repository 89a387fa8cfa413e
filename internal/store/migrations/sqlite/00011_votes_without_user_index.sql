-- +goose Up
-- Votes are looked up by statement (the primary key), never by voter
-- alone: a person's votes in a conversation are found through the
-- conversation's statements. An index by voter cost every new vote a write
-- to a page of its own (a batch of votes from a thousand voters touched a
-- thousand index pages), which made the group commit's WAL, and its fsync,
-- several times larger.
DROP INDEX votes_user;

-- +goose Down
CREATE INDEX votes_user ON votes(user_id);
