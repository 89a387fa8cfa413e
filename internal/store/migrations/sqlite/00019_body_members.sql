-- +goose Up
-- A body's member states with the date each joined, its observer states,
-- its website and where its list of members comes from (docs/REGISTRY.md).
-- body_countries keeps one row per state: a member or an observer.
ALTER TABLE body_countries ADD COLUMN role TEXT NOT NULL DEFAULT 'member';
ALTER TABLE body_countries ADD COLUMN joined TEXT NOT NULL DEFAULT '';
ALTER TABLE bodies ADD COLUMN website TEXT NOT NULL DEFAULT '';
ALTER TABLE bodies ADD COLUMN members_note TEXT NOT NULL DEFAULT '';
CREATE INDEX body_countries_country ON body_countries(country, role, body_id);

-- +goose Down
DROP INDEX body_countries_country;
ALTER TABLE bodies DROP COLUMN members_note;
ALTER TABLE bodies DROP COLUMN website;
ALTER TABLE body_countries DROP COLUMN joined;
ALTER TABLE body_countries DROP COLUMN role;
