-- +goose Up
-- The non-attribution rule is stamped on each record when it is written
-- (domain.Attributed): a contribution, statement or endorsement written or
-- changed while its meeting is held under the rule is unattributed for
-- ever, whatever the meeting's setting becomes, and an audit event of such
-- a record says so. Records under the rule keep only what a feature needs
-- (docs/SECURITY.md): a statement no author and no body, an endorsement no
-- person, an audit event no author-actor and no author, body or partner in
-- its snapshots.
ALTER TABLE contributions ADD COLUMN unattributed BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE statements ADD COLUMN unattributed BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE endorsements ADD COLUMN unattributed BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE audit_events ADD COLUMN unattributed BOOLEAN NOT NULL DEFAULT FALSE;

-- What the meetings held under the rule now hold was shown under it: it
-- stays so.
UPDATE contributions SET unattributed = TRUE WHERE meeting_id IN (SELECT id FROM meetings WHERE non_attribution);
UPDATE statements SET unattributed = TRUE, author_id = NULL, body_id = NULL WHERE meeting_id IN (SELECT id FROM meetings WHERE non_attribution);
UPDATE endorsements SET unattributed = TRUE, user_id = NULL WHERE meeting_id IN (SELECT id FROM meetings WHERE non_attribution);

-- The audit trail is append-only; this one change to its past leaves out
-- of it what the rule never let anyone read there.
DROP TRIGGER audit_events_no_update;
UPDATE audit_events SET unattributed = TRUE,
    actor_id = CASE WHEN object_type = 'endorsement' OR (object_type = 'statement' AND action = 'create')
        OR (object_type = 'contribution' AND actor_id <> '' AND actor_id = (SELECT author_id FROM contributions c WHERE c.id = audit_events.object_id))
        THEN '' ELSE actor_id END,
    actor_name = CASE WHEN object_type = 'endorsement' OR (object_type = 'statement' AND action = 'create')
        OR (object_type = 'contribution' AND actor_id <> '' AND actor_id = (SELECT author_id FROM contributions c WHERE c.id = audit_events.object_id))
        THEN '' ELSE actor_name END,
    before_json = CASE WHEN json_valid(before_json) THEN json_remove(before_json, '$.AuthorID', '$.BodyID', '$.ByPartner', '$.Attachments') ELSE before_json END,
    after_json = CASE WHEN json_valid(after_json) THEN json_remove(after_json, '$.AuthorID', '$.BodyID', '$.ByPartner', '$.Attachments') ELSE after_json END
WHERE object_id <> '' AND object_type IN ('statement', 'contribution', 'endorsement')
    AND meeting_id IN (SELECT id FROM meetings WHERE non_attribution);
-- +goose StatementBegin
CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'audit events are append-only');
END;
-- +goose StatementEnd

-- Search tells from the flag whose body it may show: the indexes that
-- hold every column search reads hold it too.
DROP INDEX contributions_meeting;
DROP INDEX contributions_status;
DROP INDEX contributions_facets;
DROP INDEX contributions_created;
DROP INDEX contributions_matches;
CREATE INDEX contributions_meeting ON contributions(meeting_id, status, kind, practice_type, lang, demo, author_id, body_id, question_id, created_at, seq, id, regions, tags, unattributed);
CREATE INDEX contributions_status ON contributions(status, kind, practice_type, lang, demo, meeting_id, author_id, body_id, question_id, created_at, seq, id, regions, tags, unattributed);
CREATE INDEX contributions_facets ON contributions(kind, practice_type, status, lang, demo, meeting_id, author_id, body_id, question_id, created_at, seq, id, regions, tags, unattributed);
CREATE INDEX contributions_created ON contributions(created_at, seq, id, status, meeting_id, author_id, kind, practice_type, lang, demo, body_id, question_id, regions, tags, unattributed);
CREATE INDEX contributions_matches ON contributions(seq, id, created_at, updated_at, kind, practice_type, status, lang, demo, meeting_id, body_id, question_id, author_id, regions, tags, unattributed);

-- +goose Down
DROP INDEX contributions_meeting;
DROP INDEX contributions_status;
DROP INDEX contributions_facets;
DROP INDEX contributions_created;
DROP INDEX contributions_matches;
CREATE INDEX contributions_meeting ON contributions(meeting_id, status, kind, practice_type, lang, demo, author_id, body_id, question_id, created_at, seq, id, regions, tags);
CREATE INDEX contributions_status ON contributions(status, kind, practice_type, lang, demo, meeting_id, author_id, body_id, question_id, created_at, seq, id, regions, tags);
CREATE INDEX contributions_facets ON contributions(kind, practice_type, status, lang, demo, meeting_id, author_id, body_id, question_id, created_at, seq, id, regions, tags);
CREATE INDEX contributions_created ON contributions(created_at, seq, id, status, meeting_id, author_id, kind, practice_type, lang, demo, body_id, question_id, regions, tags);
CREATE INDEX contributions_matches ON contributions(seq, id, created_at, updated_at, kind, practice_type, status, lang, demo, meeting_id, body_id, question_id, author_id, regions, tags);
ALTER TABLE audit_events DROP COLUMN unattributed;
ALTER TABLE endorsements DROP COLUMN unattributed;
ALTER TABLE statements DROP COLUMN unattributed;
ALTER TABLE contributions DROP COLUMN unattributed;
