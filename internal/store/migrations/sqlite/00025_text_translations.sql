-- +goose Up
-- Names and texts a secretariat types (docs/TRANSLATION.md): each process,
-- meeting and body has an original language (a meeting's sessions, parts,
-- agenda items, footnotes and groups are in the meeting's), and
-- text_translations holds the other languages' versions, one row per
-- (kind, object, field, language). meeting_id scopes the texts of a
-- meeting's structure, so that a page reads a meeting's translations in
-- one query; it is '' for processes and bodies. machine and unofficial
-- mark translations that are not an official text; version guards
-- concurrent edits.
ALTER TABLE processes ADD COLUMN lang TEXT NOT NULL DEFAULT 'en';
ALTER TABLE meetings ADD COLUMN lang TEXT NOT NULL DEFAULT 'en';
ALTER TABLE bodies ADD COLUMN lang TEXT NOT NULL DEFAULT 'en';

CREATE TABLE text_translations (
    kind          TEXT NOT NULL,
    object_id     TEXT NOT NULL,
    field         TEXT NOT NULL,
    lang          TEXT NOT NULL,
    meeting_id    TEXT NOT NULL DEFAULT '',
    text          TEXT NOT NULL,
    machine       BOOLEAN NOT NULL DEFAULT FALSE,
    unofficial    BOOLEAN NOT NULL DEFAULT FALSE,
    translator_id TEXT NOT NULL DEFAULT '',
    translator    TEXT NOT NULL DEFAULT '',
    updated_at    BIGINT NOT NULL,
    version       INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (kind, object_id, field, lang)
);
CREATE INDEX text_translations_meeting ON text_translations(meeting_id, lang);
CREATE INDEX text_translations_kind ON text_translations(kind, lang);

-- Built-in framework labels in other languages than the official one may
-- be unofficial translations, which pages mark.
ALTER TABLE framework_labels ADD COLUMN unofficial BOOLEAN NOT NULL DEFAULT FALSE;

-- +goose Down
ALTER TABLE framework_labels DROP COLUMN unofficial;
DROP TABLE text_translations;
ALTER TABLE bodies DROP COLUMN lang;
ALTER TABLE meetings DROP COLUMN lang;
ALTER TABLE processes DROP COLUMN lang;
