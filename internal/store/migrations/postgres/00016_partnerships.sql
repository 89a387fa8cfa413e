-- +goose Up
-- Partnerships between two or more bodies of a process (docs/REGISTRY.md):
-- what for (purpose, the Global Compact's objectives served), in which
-- phase, by which mechanism of collaboration, from when to when, and
-- where it stands (status, with its history). made_from is the
-- partnership proposal it was made from, unique, so that a proposal
-- becomes one partnership only, even when two people turn it at once.
CREATE TABLE partnerships (
    id         TEXT PRIMARY KEY,
    process_id TEXT NOT NULL REFERENCES processes(id) ON DELETE CASCADE,
    meeting_id TEXT REFERENCES meetings(id) ON DELETE SET NULL,
    made_from  TEXT UNIQUE REFERENCES contributions(id) ON DELETE SET NULL,
    title      TEXT NOT NULL,
    purpose    TEXT NOT NULL,
    phase      TEXT NOT NULL,
    mechanism  TEXT NOT NULL,
    status     TEXT NOT NULL,
    starts_on  TEXT NOT NULL DEFAULT '',
    ends_on    TEXT NOT NULL DEFAULT '',
    demo       BOOLEAN NOT NULL DEFAULT FALSE,
    created_by TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX partnerships_process ON partnerships (process_id);

-- The parties, in the order given.
CREATE TABLE partnership_parties (
    partnership_id TEXT NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
    body_id        TEXT NOT NULL REFERENCES bodies(id),
    position       INTEGER NOT NULL,
    PRIMARY KEY (partnership_id, body_id)
);
CREATE INDEX partnership_parties_body ON partnership_parties (body_id);

-- The objectives of the Global Compact served, by code ("O1"... "O23"),
-- in the Compact's order.
CREATE TABLE partnership_objectives (
    partnership_id TEXT NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
    code           TEXT NOT NULL,
    position       INTEGER NOT NULL,
    PRIMARY KEY (partnership_id, code)
);

-- Documents and web pages about it.
CREATE TABLE partnership_links (
    partnership_id TEXT NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
    position       INTEGER NOT NULL,
    title          TEXT NOT NULL DEFAULT '',
    url            TEXT NOT NULL,
    PRIMARY KEY (partnership_id, position)
);

-- The contributions it comes from; the contribution's page shows the
-- partnership made from it.
CREATE TABLE partnership_contributions (
    partnership_id  TEXT NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
    contribution_id TEXT NOT NULL REFERENCES contributions(id) ON DELETE CASCADE,
    PRIMARY KEY (partnership_id, contribution_id)
);
CREATE INDEX partnership_contributions_contribution ON partnership_contributions (contribution_id);

-- Every status it has had, the first its status when recorded.
CREATE TABLE partnership_status_history (
    partnership_id TEXT NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
    seq            INTEGER NOT NULL,
    status         TEXT NOT NULL,
    at             BIGINT NOT NULL,
    actor_id       TEXT NOT NULL DEFAULT '',
    actor_name     TEXT NOT NULL DEFAULT '',
    note           TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (partnership_id, seq)
);

-- +goose Down
DROP TABLE partnership_status_history;
DROP TABLE partnership_contributions;
DROP TABLE partnership_links;
DROP TABLE partnership_objectives;
DROP TABLE partnership_parties;
DROP TABLE partnerships;
