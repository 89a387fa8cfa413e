-- +goose Up
-- A meeting's outcome document (docs/OUTCOME.md): one row a meeting with
-- its state, its original language, its latest version (latest), the
-- round of amendments open or last opened (round, on round_version, until
-- deadline, under a silence procedure or not, and who broke silence), and,
-- once the chair adopted a version, its number and content hash.
CREATE TABLE outcome_documents (
    meeting_id      TEXT PRIMARY KEY REFERENCES meetings(id) ON DELETE CASCADE,
    lang            TEXT NOT NULL,
    status          TEXT NOT NULL,
    latest          INTEGER NOT NULL,
    round           INTEGER NOT NULL DEFAULT 0,
    round_version   INTEGER NOT NULL DEFAULT 0,
    deadline        BIGINT NOT NULL DEFAULT 0,
    silence         BOOLEAN NOT NULL DEFAULT FALSE,
    silence_body    TEXT NOT NULL DEFAULT '',
    silence_by      TEXT NOT NULL DEFAULT '',
    silence_reason  TEXT NOT NULL DEFAULT '',
    silence_at      BIGINT NOT NULL DEFAULT 0,
    adopted_version INTEGER NOT NULL DEFAULT 0,
    adopted_hash    TEXT NOT NULL DEFAULT '',
    adopted_by      TEXT NOT NULL DEFAULT '',
    adopted_at      BIGINT NOT NULL DEFAULT 0,
    published_at    BIGINT NOT NULL DEFAULT 0,
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1
);

-- Every saved version of the document, whole (text: the OutcomeText as
-- JSON; hash: its content hash), with what made it (note) and who.
-- Versions never change.
CREATE TABLE outcome_versions (
    meeting_id TEXT NOT NULL REFERENCES outcome_documents(meeting_id) ON DELETE CASCADE,
    number     INTEGER NOT NULL,
    text       TEXT NOT NULL,
    hash       TEXT NOT NULL,
    note       TEXT NOT NULL DEFAULT '',
    created_by TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    PRIMARY KEY (meeting_id, number)
);

-- The delegations' amendments (A1, A2... by number in the meeting) to a
-- block of the version a round amends: replace, insert after or delete,
-- with the text, its language and the justification, and the decision of
-- the secretariat or the chair (status, decided_text for an acceptance
-- with changes, reason) and the version it was applied in.
CREATE TABLE outcome_amendments (
    id            TEXT PRIMARY KEY,
    meeting_id    TEXT NOT NULL REFERENCES outcome_documents(meeting_id) ON DELETE CASCADE,
    number        INTEGER NOT NULL,
    round         INTEGER NOT NULL,
    based_on      INTEGER NOT NULL,
    block_id      TEXT NOT NULL,
    op            TEXT NOT NULL,
    text          TEXT NOT NULL DEFAULT '',
    lang          TEXT NOT NULL,
    justification TEXT NOT NULL,
    body_id       TEXT NOT NULL,
    proposed_by   TEXT NOT NULL DEFAULT '',
    status        TEXT NOT NULL,
    decided_text  TEXT NOT NULL DEFAULT '',
    reason        TEXT NOT NULL DEFAULT '',
    decided_by    TEXT NOT NULL DEFAULT '',
    decided_at    BIGINT NOT NULL DEFAULT 0,
    applied_in    INTEGER NOT NULL DEFAULT 0,
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL,
    version       INTEGER NOT NULL DEFAULT 1,
    UNIQUE (meeting_id, number)
);

-- The delegations that support an amendment, one row a body.
CREATE TABLE outcome_amendment_supports (
    amendment_id TEXT NOT NULL REFERENCES outcome_amendments(id) ON DELETE CASCADE,
    body_id      TEXT NOT NULL,
    user_id      TEXT NOT NULL DEFAULT '',
    created_at   BIGINT NOT NULL,
    PRIMARY KEY (amendment_id, body_id)
);

-- Translations of the document's blocks (block_id: a block's ID, or
-- "title", "subtitle", "heading:" and a section's key), each with its
-- status (machine, translated, revised), the version it translates
-- (of_version) and the digest of the original it was made from (source),
-- which tells a stale translation.
CREATE TABLE outcome_translations (
    meeting_id TEXT NOT NULL REFERENCES outcome_documents(meeting_id) ON DELETE CASCADE,
    lang       TEXT NOT NULL,
    block_id   TEXT NOT NULL,
    text       TEXT NOT NULL DEFAULT '',
    cells      TEXT NOT NULL DEFAULT '',
    status     TEXT NOT NULL,
    of_version INTEGER NOT NULL,
    source     TEXT NOT NULL,
    updated_by TEXT NOT NULL DEFAULT '',
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (meeting_id, lang, block_id)
);

-- The store refuses, whatever a use case does: a change to a saved
-- version; removing a version while its document exists; a new version or
-- amendment of an adopted document; a change of its adoption, its
-- original language or its latest version once adopted.
-- +goose StatementBegin
CREATE TRIGGER outcome_versions_no_update BEFORE UPDATE ON outcome_versions
BEGIN
    SELECT RAISE(ABORT, 'outcome versions never change');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER outcome_versions_no_delete BEFORE DELETE ON outcome_versions
WHEN EXISTS (SELECT 1 FROM outcome_documents d WHERE d.meeting_id = OLD.meeting_id)
BEGIN
    SELECT RAISE(ABORT, 'outcome versions never change');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER outcome_versions_adopted BEFORE INSERT ON outcome_versions
WHEN EXISTS (SELECT 1 FROM outcome_documents d WHERE d.meeting_id = NEW.meeting_id AND d.adopted_version > 0)
BEGIN
    SELECT RAISE(ABORT, 'the outcome document is adopted');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER outcome_amendments_adopted BEFORE INSERT ON outcome_amendments
WHEN EXISTS (SELECT 1 FROM outcome_documents d WHERE d.meeting_id = NEW.meeting_id AND d.adopted_version > 0)
BEGIN
    SELECT RAISE(ABORT, 'the outcome document is adopted');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER outcome_documents_adopted BEFORE UPDATE ON outcome_documents
WHEN OLD.adopted_version > 0 AND (NEW.adopted_version <> OLD.adopted_version OR NEW.adopted_hash <> OLD.adopted_hash
    OR NEW.adopted_at <> OLD.adopted_at OR NEW.adopted_by <> OLD.adopted_by OR NEW.latest <> OLD.latest OR NEW.lang <> OLD.lang)
BEGIN
    SELECT RAISE(ABORT, 'the outcome document is adopted');
END;
-- +goose StatementEnd

-- +goose Down
DROP TABLE outcome_translations;
DROP TABLE outcome_amendment_supports;
DROP TABLE outcome_amendments;
DROP TABLE outcome_versions;
DROP TABLE outcome_documents;
