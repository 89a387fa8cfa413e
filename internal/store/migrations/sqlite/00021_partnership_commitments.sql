-- +goose Up
-- The follow-up commitments a partnership comes from or serves
-- (docs/REGISTRY.md): a link between the registry and the follow-up.
CREATE TABLE partnership_commitments (
    partnership_id TEXT NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
    commitment_id  TEXT NOT NULL REFERENCES commitments(id) ON DELETE CASCADE,
    PRIMARY KEY (partnership_id, commitment_id)
);
CREATE INDEX partnership_commitments_commitment ON partnership_commitments (commitment_id);

-- +goose Down
DROP TABLE partnership_commitments;
