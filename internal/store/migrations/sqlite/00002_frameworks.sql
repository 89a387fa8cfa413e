-- +goose Up
-- Reference frameworks to tag contributions against: the built-in Global
-- Compact (objectives O1-O23, guiding principles Pa-Pj) and any framework a
-- secretariat imports. Codes never change; titles have one row per language.
CREATE TABLE frameworks (
    id          TEXT PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    builtin     BOOLEAN NOT NULL DEFAULT FALSE,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE framework_items (
    id           TEXT PRIMARY KEY,
    framework_id TEXT NOT NULL REFERENCES frameworks(id) ON DELETE CASCADE,
    code         TEXT NOT NULL,
    kind         TEXT NOT NULL DEFAULT '',
    position     INTEGER NOT NULL
);
CREATE UNIQUE INDEX framework_items_code ON framework_items(framework_id, code);

CREATE TABLE framework_labels (
    item_id     TEXT NOT NULL REFERENCES framework_items(id) ON DELETE CASCADE,
    lang        TEXT NOT NULL,
    title       TEXT NOT NULL,
    short_label TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (item_id, lang)
);

-- +goose Down
DROP TABLE framework_labels;
DROP TABLE framework_items;
DROP TABLE frameworks;
