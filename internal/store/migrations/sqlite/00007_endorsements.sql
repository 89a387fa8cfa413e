-- +goose Up
-- A body's endorsement of a published good practice of another region:
-- the delegates or partners acting for the body mark it as workable for a
-- region (by default the body's), with the conditions it would take. One a
-- body and practice; user_id is who last saved it (NULL for the system).
CREATE TABLE endorsements (
    id              TEXT PRIMARY KEY,
    meeting_id      TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    contribution_id TEXT NOT NULL REFERENCES contributions(id) ON DELETE CASCADE,
    body_id         TEXT NOT NULL REFERENCES bodies(id) ON DELETE RESTRICT,
    user_id         TEXT REFERENCES users(id) ON DELETE SET NULL,
    region          TEXT NOT NULL,
    conditions      TEXT NOT NULL DEFAULT '',
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1,
    UNIQUE (contribution_id, body_id)
);
-- The list page counts a meeting's endorsements per practice and region.
CREATE INDEX endorsements_meeting ON endorsements(meeting_id, contribution_id, region);
CREATE INDEX endorsements_body ON endorsements(body_id);
CREATE INDEX endorsements_user ON endorsements(user_id);

-- +goose Down
DROP TABLE endorsements;
