-- +goose Up
-- The languages a review cycle's report is made in (a JSON array of
-- language codes, the first the original).
ALTER TABLE review_cycles ADD COLUMN languages TEXT NOT NULL DEFAULT '["en"]';

-- A review cycle's report (docs/FOLLOW-UP.md): one document a cycle and
-- language, generated when the cycle closes from what was committed, what
-- was reported, the indicators against their targets and what is late,
-- then edited and exported like the outcome document. Its text is a
-- domain.OutcomeText, so that it shares the outcome document's content
-- hash, section editor and exporters. latest is its latest version;
-- final_version and final_hash, once the secretariat finalised it, fix
-- it: no version is added after that.
CREATE TABLE review_reports (
    cycle_id      TEXT NOT NULL REFERENCES review_cycles(id) ON DELETE CASCADE,
    lang          TEXT NOT NULL,
    latest        INTEGER NOT NULL,
    final_version INTEGER NOT NULL DEFAULT 0,
    final_hash    TEXT NOT NULL DEFAULT '',
    final_by      TEXT NOT NULL DEFAULT '',
    final_at      BIGINT NOT NULL DEFAULT 0,
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL,
    version       INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (cycle_id, lang)
);

-- Every saved version of a review report, whole (text: the OutcomeText as
-- JSON; hash: its content hash), with what made it and who. Versions
-- never change.
CREATE TABLE review_report_versions (
    cycle_id   TEXT NOT NULL,
    lang       TEXT NOT NULL,
    number     INTEGER NOT NULL,
    text       TEXT NOT NULL,
    hash       TEXT NOT NULL,
    note       TEXT NOT NULL DEFAULT '',
    created_by TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    PRIMARY KEY (cycle_id, lang, number),
    FOREIGN KEY (cycle_id, lang) REFERENCES review_reports(cycle_id, lang) ON DELETE CASCADE
);

-- What the product tells a person (the notifications list of their
-- account page, and, once e-mail exists, a message): a kind ("report_due",
-- "report_overdue", "report_returned", "report_accepted"), the object it
-- is about, the facts its message is made of (params, JSON, rendered in
-- the reader's language when shown or sent) and a link. dedupe makes a
-- reminder once per person and occasion however often the sweep runs.
-- read_at is when the person marked it read; emailed_at is for the
-- e-mail sender to come (0: not sent).
CREATE TABLE notifications (
    id          TEXT PRIMARY KEY,
    user_id     TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind        TEXT NOT NULL,
    dedupe      TEXT NOT NULL,
    process_id  TEXT NOT NULL DEFAULT '',
    object_type TEXT NOT NULL DEFAULT '',
    object_id   TEXT NOT NULL DEFAULT '',
    params      TEXT NOT NULL DEFAULT '{}',
    link        TEXT NOT NULL DEFAULT '',
    created_at  BIGINT NOT NULL,
    read_at     BIGINT NOT NULL DEFAULT 0,
    emailed_at  BIGINT NOT NULL DEFAULT 0,
    UNIQUE (user_id, dedupe)
);
CREATE INDEX notifications_user ON notifications(user_id, created_at);
CREATE INDEX notifications_unsent ON notifications(emailed_at, created_at);

-- The store refuses, whatever a use case does: a change to a saved
-- version; a new version of a finalised report; a change of its final
-- version, hash or latest version once final.
-- +goose StatementBegin
CREATE TRIGGER review_report_versions_no_update BEFORE UPDATE ON review_report_versions
BEGIN
    SELECT RAISE(ABORT, 'review report versions never change');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER review_report_versions_final BEFORE INSERT ON review_report_versions
WHEN EXISTS (SELECT 1 FROM review_reports r WHERE r.cycle_id = NEW.cycle_id AND r.lang = NEW.lang AND r.final_version > 0)
BEGIN
    SELECT RAISE(ABORT, 'the review report is final');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER review_reports_final BEFORE UPDATE ON review_reports
WHEN OLD.final_version > 0 AND (NEW.final_version <> OLD.final_version OR NEW.final_hash <> OLD.final_hash
    OR NEW.final_at <> OLD.final_at OR NEW.final_by <> OLD.final_by OR NEW.latest <> OLD.latest)
BEGIN
    SELECT RAISE(ABORT, 'the review report is final');
END;
-- +goose StatementEnd

-- +goose Down
DROP TABLE notifications;
DROP TABLE review_report_versions;
DROP TABLE review_reports;
ALTER TABLE review_cycles DROP COLUMN languages;
