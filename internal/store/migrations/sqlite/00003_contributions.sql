-- +goose Up
-- Contributions: good practices, recommendations and the other kinds of
-- input a meeting collects, with their workflow, versions, translations,
-- framework tags and attachments. seq numbers a contribution for the
-- full-text index and never changes.
CREATE TABLE contributions (
    id             TEXT PRIMARY KEY,
    seq            INTEGER NOT NULL UNIQUE,
    meeting_id     TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    kind           TEXT NOT NULL,
    practice_type  TEXT NOT NULL DEFAULT '',
    status         TEXT NOT NULL DEFAULT 'draft',
    title          TEXT NOT NULL,
    text           TEXT NOT NULL,
    body_id        TEXT REFERENCES bodies(id) ON DELETE RESTRICT,
    author_id      TEXT REFERENCES users(id) ON DELETE SET NULL,
    question_id    TEXT REFERENCES agenda_items(id) ON DELETE SET NULL,
    lang           TEXT NOT NULL,
    lang_detected  TEXT NOT NULL DEFAULT '',
    where_text     TEXT NOT NULL DEFAULT '',
    implementer    TEXT NOT NULL DEFAULT '',
    partners       TEXT NOT NULL DEFAULT '',
    period_from    TEXT NOT NULL DEFAULT '',
    period_to      TEXT NOT NULL DEFAULT '',
    results        TEXT NOT NULL DEFAULT '',
    replicability  TEXT NOT NULL DEFAULT '',
    links          TEXT NOT NULL DEFAULT '[]',
    return_reason  TEXT NOT NULL DEFAULT '',
    demo           BOOLEAN NOT NULL DEFAULT FALSE,
    submitted_at   BIGINT NOT NULL DEFAULT 0,
    published_at   BIGINT NOT NULL DEFAULT 0,
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL,
    version        INTEGER NOT NULL DEFAULT 1,
    -- Copies of the contribution's regions and framework tags (the
    -- contribution_regions and contribution_tags rows, which filters use),
    -- each value ended by char(31), a char(30) escaping either in a
    -- value: search counts them from the index contributions_matches
    -- without a lookup per contribution. Written with the lists.
    regions        TEXT NOT NULL DEFAULT '',
    tags           TEXT NOT NULL DEFAULT ''
);
CREATE INDEX contributions_author ON contributions(author_id);
CREATE INDEX contributions_body ON contributions(body_id);
CREATE INDEX contributions_question ON contributions(question_id);
CREATE INDEX contributions_updated ON contributions(updated_at);
-- Search reads the short columns of many contributions at once: by
-- meeting, by status, in the order its counting query groups by, by date
-- for the newest first, or by seq for the matches of the full-text index.
-- Each of these indexes holds all of them, so that whichever the planner
-- takes, the table and its long texts are not read.
CREATE INDEX contributions_meeting ON contributions(meeting_id, status, kind, practice_type, lang, demo, author_id, body_id, question_id, created_at, seq, id, regions, tags);
CREATE INDEX contributions_status ON contributions(status, kind, practice_type, lang, demo, meeting_id, author_id, body_id, question_id, created_at, seq, id, regions, tags);
CREATE INDEX contributions_facets ON contributions(kind, practice_type, status, lang, demo, meeting_id, author_id, body_id, question_id, created_at, seq, id, regions, tags);
CREATE INDEX contributions_created ON contributions(created_at, seq, id, status, meeting_id, author_id, kind, practice_type, lang, demo, body_id, question_id, regions, tags);
CREATE INDEX contributions_matches ON contributions(seq, id, created_at, updated_at, kind, practice_type, status, lang, demo, meeting_id, body_id, question_id, author_id, regions, tags);

CREATE TABLE contribution_regions (
    contribution_id TEXT NOT NULL REFERENCES contributions(id) ON DELETE CASCADE,
    region          TEXT NOT NULL,
    PRIMARY KEY (contribution_id, region)
);
CREATE INDEX contribution_regions_region ON contribution_regions(region, contribution_id);

CREATE TABLE contribution_countries (
    contribution_id TEXT NOT NULL REFERENCES contributions(id) ON DELETE CASCADE,
    country         TEXT NOT NULL,
    PRIMARY KEY (contribution_id, country)
);
CREATE INDEX contribution_countries_country ON contribution_countries(country, contribution_id);

CREATE TABLE contribution_tags (
    contribution_id TEXT NOT NULL REFERENCES contributions(id) ON DELETE CASCADE,
    item_id         TEXT NOT NULL REFERENCES framework_items(id) ON DELETE CASCADE,
    PRIMARY KEY (contribution_id, item_id)
);
CREATE INDEX contribution_tags_item ON contribution_tags(item_id, contribution_id);

CREATE TABLE contribution_translations (
    contribution_id TEXT NOT NULL REFERENCES contributions(id) ON DELETE CASCADE,
    lang            TEXT NOT NULL,
    title           TEXT NOT NULL,
    text            TEXT NOT NULL,
    machine         BOOLEAN NOT NULL DEFAULT FALSE,
    translator      TEXT NOT NULL DEFAULT '',
    updated_at      BIGINT NOT NULL,
    PRIMARY KEY (contribution_id, lang)
);

-- Every saved state, the first included; snapshot is the contribution as
-- JSON.
CREATE TABLE contribution_versions (
    contribution_id TEXT NOT NULL REFERENCES contributions(id) ON DELETE CASCADE,
    version         INTEGER NOT NULL,
    actor_id        TEXT NOT NULL DEFAULT '',
    actor_name      TEXT NOT NULL DEFAULT '',
    at              BIGINT NOT NULL,
    snapshot        TEXT NOT NULL,
    PRIMARY KEY (contribution_id, version)
);

CREATE TABLE attachments (
    id              TEXT PRIMARY KEY,
    contribution_id TEXT NOT NULL REFERENCES contributions(id) ON DELETE CASCADE,
    name            TEXT NOT NULL,
    content_type    TEXT NOT NULL,
    size            BIGINT NOT NULL,
    sha256          TEXT NOT NULL,
    data            BLOB NOT NULL,
    created_at      BIGINT NOT NULL
);
CREATE INDEX attachments_contribution ON attachments(contribution_id);

-- The full-text index, derived from the contributions (rowid = seq): text
-- already normalised, segmented and stemmed by plenary, so that SQLite and
-- PostgreSQL index the same terms. Dumps leave it out; restores rebuild it.
CREATE VIRTUAL TABLE contribution_fts USING fts5(
    title, body,
    tokenize = "unicode61 remove_diacritics 0 categories 'L* N* Co M*'"
);

-- Deleting a contribution (or its meeting) takes it out of the index.
-- +goose StatementBegin
CREATE TRIGGER contributions_fts_delete AFTER DELETE ON contributions BEGIN
    DELETE FROM contribution_fts WHERE rowid = old.seq;
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER contributions_fts_delete;
DROP TABLE contribution_fts;
DROP TABLE attachments;
DROP TABLE contribution_versions;
DROP TABLE contribution_translations;
DROP TABLE contribution_tags;
DROP TABLE contribution_countries;
DROP TABLE contribution_regions;
DROP TABLE contributions;
