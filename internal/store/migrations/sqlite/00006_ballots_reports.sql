-- +goose Up
-- How each session part ranks its candidate statements: the counting method,
-- the score range, which kinds of statement are candidates and whether
-- ballots are open. A part without a row ranks by Schulze, ballots open.
CREATE TABLE ranking_settings (
    part_id    TEXT PRIMARY KEY REFERENCES session_parts(id) ON DELETE CASCADE,
    method     TEXT NOT NULL,
    score_min  INTEGER NOT NULL DEFAULT 0,
    score_max  INTEGER NOT NULL DEFAULT 5,
    candidates TEXT NOT NULL,
    open       BOOLEAN NOT NULL DEFAULT TRUE,
    updated_at BIGINT NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1
);

-- One ballot a member and conversation (breakout group and part), replaced
-- until the ranking closes. ballot is the rank.Ballot as JSON. Ballots are
-- the data, not a change to it: they are not in the audit trail, and no page
-- shows whose ballot is whose.
CREATE TABLE ballots (
    group_id   TEXT NOT NULL REFERENCES breakout_groups(id) ON DELETE CASCADE,
    part_id    TEXT NOT NULL REFERENCES session_parts(id) ON DELETE CASCADE,
    user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    meeting_id TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    method     TEXT NOT NULL,
    ballot     TEXT NOT NULL,
    updated_at BIGINT NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (group_id, part_id, user_id)
);
CREATE INDEX ballots_part ON ballots(part_id);
CREATE INDEX ballots_user ON ballots(user_id);

-- A breakout group's report for one part: the regional follow-up mechanisms
-- and the role of RCPs in them, per language (texts, JSON), and, once
-- submitted, the group's top five frozen with the full tally (snapshot, JSON).
CREATE TABLE group_reports (
    id           TEXT PRIMARY KEY,
    meeting_id   TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    group_id     TEXT NOT NULL REFERENCES breakout_groups(id) ON DELETE CASCADE,
    part_id      TEXT NOT NULL REFERENCES session_parts(id) ON DELETE CASCADE,
    lang         TEXT NOT NULL,
    texts        TEXT NOT NULL,
    status       TEXT NOT NULL,
    snapshot     TEXT NOT NULL DEFAULT '',
    submitted_at BIGINT NOT NULL DEFAULT 0,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL,
    version      INTEGER NOT NULL DEFAULT 1,
    UNIQUE (group_id, part_id)
);
CREATE INDEX group_reports_meeting ON group_reports(meeting_id);

-- +goose Down
DROP TABLE group_reports;
DROP TABLE ballots;
DROP TABLE ranking_settings;
