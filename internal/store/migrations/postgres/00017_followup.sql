-- +goose Up
-- Follow-up and review (docs/FOLLOW-UP.md): the commitments of a process,
-- their indicators, the owners' progress reports with the indicators'
-- values, and the review cycles that ask for them. Dates a person gives
-- (start, due, baseline, target, period, deadline) are text YYYY-MM-DD,
-- '' when none, so that they compare as text on both engines; moments the
-- server records are milliseconds since 1970 (BIGINT), 0 when none.

-- A commitment: what a body (owner_body_id; co-owners in
-- commitment_bodies) undertakes in a process, possibly made at one of its
-- meetings, in its original language (lang), with its current status
-- (its history in commitment_status_changes).
CREATE TABLE commitments (
    id            TEXT PRIMARY KEY,
    process_id    TEXT NOT NULL REFERENCES processes(id) ON DELETE CASCADE,
    meeting_id    TEXT REFERENCES meetings(id) ON DELETE SET NULL,
    title         TEXT NOT NULL,
    text          TEXT NOT NULL,
    lang          TEXT NOT NULL,
    owner_body_id TEXT NOT NULL REFERENCES bodies(id) ON DELETE RESTRICT,
    start_on      TEXT NOT NULL DEFAULT '',
    due_on        TEXT NOT NULL DEFAULT '',
    status        TEXT NOT NULL DEFAULT 'planned',
    seeks_support BOOLEAN NOT NULL DEFAULT FALSE,
    demo          BOOLEAN NOT NULL DEFAULT FALSE,
    created_by    TEXT NOT NULL DEFAULT '',
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL,
    version       INTEGER NOT NULL DEFAULT 1
);
-- Lists and dashboards filter a process's commitments by status, owner
-- and due date, count them by status and find the late ones.
CREATE INDEX commitments_process ON commitments(process_id, status, due_on, owner_body_id, id);
CREATE INDEX commitments_process_owner ON commitments(process_id, owner_body_id, status, id);
CREATE INDEX commitments_process_due ON commitments(process_id, due_on, status, id);
CREATE INDEX commitments_process_updated ON commitments(process_id, updated_at, id);
CREATE INDEX commitments_meeting ON commitments(meeting_id, status, id);
CREATE INDEX commitments_owner ON commitments(owner_body_id, process_id);

CREATE TABLE commitment_translations (
    commitment_id TEXT NOT NULL REFERENCES commitments(id) ON DELETE CASCADE,
    lang          TEXT NOT NULL,
    title         TEXT NOT NULL,
    text          TEXT NOT NULL,
    machine       BOOLEAN NOT NULL DEFAULT FALSE,
    translator    TEXT NOT NULL DEFAULT '',
    updated_at    BIGINT NOT NULL,
    PRIMARY KEY (commitment_id, lang)
);

-- The other bodies of a commitment: role 'co_owner' (a joint commitment)
-- or 'partner' (a supporting partner), each in the order given.
CREATE TABLE commitment_bodies (
    commitment_id TEXT NOT NULL REFERENCES commitments(id) ON DELETE CASCADE,
    body_id       TEXT NOT NULL REFERENCES bodies(id) ON DELETE RESTRICT,
    role          TEXT NOT NULL,
    position      INTEGER NOT NULL,
    PRIMARY KEY (commitment_id, body_id)
);
CREATE INDEX commitment_bodies_body ON commitment_bodies(body_id, role, commitment_id);

-- The Global Compact's objectives (O1..O23) and guiding principles
-- (Pa..Pj) a commitment serves, by code.
CREATE TABLE commitment_objectives (
    commitment_id TEXT NOT NULL REFERENCES commitments(id) ON DELETE CASCADE,
    code          TEXT NOT NULL,
    PRIMARY KEY (commitment_id, code)
);
CREATE INDEX commitment_objectives_code ON commitment_objectives(code, commitment_id);

-- Provenance: the contributions a commitment was made from, and the
-- recommendations (a block of the adopted version of an outcome document,
-- keyed by its meeting) it answers. Both are read from either side.
CREATE TABLE commitment_contributions (
    commitment_id   TEXT NOT NULL REFERENCES commitments(id) ON DELETE CASCADE,
    contribution_id TEXT NOT NULL REFERENCES contributions(id) ON DELETE CASCADE,
    PRIMARY KEY (commitment_id, contribution_id)
);
CREATE INDEX commitment_contributions_contribution ON commitment_contributions(contribution_id, commitment_id);

CREATE TABLE commitment_recommendations (
    commitment_id TEXT NOT NULL REFERENCES commitments(id) ON DELETE CASCADE,
    outcome_id    TEXT NOT NULL REFERENCES outcome_documents(meeting_id) ON DELETE CASCADE,
    block_id      TEXT NOT NULL,
    version       INTEGER NOT NULL,
    PRIMARY KEY (commitment_id, outcome_id, block_id)
);
CREATE INDEX commitment_recommendations_outcome ON commitment_recommendations(outcome_id, block_id, commitment_id);

CREATE TABLE commitment_deliverables (
    commitment_id TEXT NOT NULL REFERENCES commitments(id) ON DELETE CASCADE,
    position      INTEGER NOT NULL,
    text          TEXT NOT NULL,
    due_on        TEXT NOT NULL DEFAULT '',
    done          BOOLEAN NOT NULL DEFAULT FALSE,
    PRIMARY KEY (commitment_id, position)
);

-- Every status a commitment took, the first included (from_status ''),
-- numbered from 1; rows are only ever added.
CREATE TABLE commitment_status_changes (
    commitment_id TEXT NOT NULL REFERENCES commitments(id) ON DELETE CASCADE,
    n             INTEGER NOT NULL,
    from_status   TEXT NOT NULL DEFAULT '',
    to_status     TEXT NOT NULL,
    at            BIGINT NOT NULL,
    by_id         TEXT NOT NULL DEFAULT '',
    note          TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (commitment_id, n)
);
CREATE INDEX commitment_status_changes_at ON commitment_status_changes(at, commitment_id);

-- An indicator of a commitment: baseline and target values (NULL while
-- unknown) with their dates, the direction that is better, the dimensions
-- values may be broken down by (a JSON array of names) and the source.
CREATE TABLE indicators (
    id             TEXT PRIMARY KEY,
    commitment_id  TEXT NOT NULL REFERENCES commitments(id) ON DELETE CASCADE,
    name           TEXT NOT NULL,
    unit           TEXT NOT NULL DEFAULT '',
    baseline       DOUBLE PRECISION,
    baseline_on    TEXT NOT NULL DEFAULT '',
    target         DOUBLE PRECISION,
    target_on      TEXT NOT NULL DEFAULT '',
    direction      TEXT NOT NULL DEFAULT 'up_is_good',
    disaggregation TEXT NOT NULL DEFAULT '[]',
    source         TEXT NOT NULL DEFAULT '',
    position       INTEGER NOT NULL DEFAULT 0,
    demo           BOOLEAN NOT NULL DEFAULT FALSE,
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL,
    version        INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX indicators_commitment ON indicators(commitment_id, position, id);

-- A review cycle of a process: its commitments in scope
-- (review_cycle_commitments) report between opens_on and the deadline;
-- review_report names its review report once made.
CREATE TABLE review_cycles (
    id            TEXT PRIMARY KEY,
    process_id    TEXT NOT NULL REFERENCES processes(id) ON DELETE CASCADE,
    name          TEXT NOT NULL,
    opens_on      TEXT NOT NULL,
    deadline      TEXT NOT NULL,
    state         TEXT NOT NULL DEFAULT 'open',
    review_report TEXT NOT NULL DEFAULT '',
    demo          BOOLEAN NOT NULL DEFAULT FALSE,
    closed_by     TEXT NOT NULL DEFAULT '',
    closed_at     BIGINT NOT NULL DEFAULT 0,
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL,
    version       INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX review_cycles_process ON review_cycles(process_id, state, deadline);
CREATE INDEX review_cycles_deadline ON review_cycles(state, deadline);

CREATE TABLE review_cycle_commitments (
    cycle_id      TEXT NOT NULL REFERENCES review_cycles(id) ON DELETE CASCADE,
    commitment_id TEXT NOT NULL REFERENCES commitments(id) ON DELETE CASCADE,
    PRIMARY KEY (cycle_id, commitment_id)
);
CREATE INDEX review_cycle_commitments_commitment ON review_cycle_commitments(commitment_id, cycle_id);

-- A progress report on a commitment for a period, made for one of its
-- owner bodies (body_id), possibly in answer to a review cycle, through
-- draft, submitted, accepted or returned (return_reason).
CREATE TABLE progress_reports (
    id             TEXT PRIMARY KEY,
    commitment_id  TEXT NOT NULL REFERENCES commitments(id) ON DELETE CASCADE,
    cycle_id       TEXT REFERENCES review_cycles(id) ON DELETE SET NULL,
    body_id        TEXT NOT NULL REFERENCES bodies(id) ON DELETE RESTRICT,
    period_from    TEXT NOT NULL,
    period_to      TEXT NOT NULL,
    period_label   TEXT NOT NULL DEFAULT '',
    state          TEXT NOT NULL DEFAULT 'draft',
    status         TEXT NOT NULL,
    lang           TEXT NOT NULL,
    narrative      TEXT NOT NULL DEFAULT '',
    challenges     TEXT NOT NULL DEFAULT '',
    support_needed TEXT NOT NULL DEFAULT '',
    return_reason  TEXT NOT NULL DEFAULT '',
    created_by     TEXT NOT NULL DEFAULT '',
    submitted_by   TEXT NOT NULL DEFAULT '',
    submitted_at   BIGINT NOT NULL DEFAULT 0,
    reviewed_by    TEXT NOT NULL DEFAULT '',
    reviewed_at    BIGINT NOT NULL DEFAULT 0,
    demo           BOOLEAN NOT NULL DEFAULT FALSE,
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL,
    version        INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX progress_reports_commitment ON progress_reports(commitment_id, period_to, state);
CREATE INDEX progress_reports_cycle ON progress_reports(cycle_id, state, commitment_id);
CREATE INDEX progress_reports_state ON progress_reports(state, submitted_at);

-- Every saved state of a report, the first included; snapshot is the
-- report as JSON.
CREATE TABLE progress_report_versions (
    report_id  TEXT NOT NULL REFERENCES progress_reports(id) ON DELETE CASCADE,
    version    INTEGER NOT NULL,
    actor_id   TEXT NOT NULL DEFAULT '',
    actor_name TEXT NOT NULL DEFAULT '',
    at         BIGINT NOT NULL,
    snapshot   TEXT NOT NULL,
    PRIMARY KEY (report_id, version)
);

CREATE TABLE progress_report_links (
    report_id TEXT NOT NULL REFERENCES progress_reports(id) ON DELETE CASCADE,
    position  INTEGER NOT NULL,
    url       TEXT NOT NULL,
    PRIMARY KEY (report_id, position)
);

CREATE TABLE progress_report_attachments (
    id           TEXT PRIMARY KEY,
    report_id    TEXT NOT NULL REFERENCES progress_reports(id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         BIGINT NOT NULL,
    sha256       TEXT NOT NULL,
    data         BYTEA NOT NULL,
    created_at   BIGINT NOT NULL
);
CREATE INDEX progress_report_attachments_report ON progress_report_attachments(report_id);

-- The values of indicators a report gives, each on a date, for the whole
-- (dimension and category '') or for one category of one dimension. An
-- indicator's series and its latest value are read by indicator_id.
CREATE TABLE indicator_values (
    report_id    TEXT NOT NULL REFERENCES progress_reports(id) ON DELETE CASCADE,
    indicator_id TEXT NOT NULL REFERENCES indicators(id) ON DELETE CASCADE,
    on_date      TEXT NOT NULL,
    dimension    TEXT NOT NULL DEFAULT '',
    category     TEXT NOT NULL DEFAULT '',
    value        DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (report_id, indicator_id, dimension, category, on_date)
);
CREATE INDEX indicator_values_series ON indicator_values(indicator_id, dimension, category, on_date, value, report_id);

-- +goose Down
DROP TABLE indicator_values;
DROP TABLE progress_report_attachments;
DROP TABLE progress_report_links;
DROP TABLE progress_report_versions;
DROP TABLE progress_reports;
DROP TABLE review_cycle_commitments;
DROP TABLE review_cycles;
DROP TABLE indicators;
DROP TABLE commitment_status_changes;
DROP TABLE commitment_deliverables;
DROP TABLE commitment_recommendations;
DROP TABLE commitment_contributions;
DROP TABLE commitment_objectives;
DROP TABLE commitment_bodies;
DROP TABLE commitment_translations;
DROP TABLE commitments;
