-- +goose Up
-- Documents of a partnership (docs/REGISTRY.md): a memorandum of
-- understanding, a joint programme's document, uploaded beside its links.
CREATE TABLE partnership_documents (
    id             TEXT PRIMARY KEY,
    partnership_id TEXT NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
    name           TEXT NOT NULL,
    content_type   TEXT NOT NULL,
    size           BIGINT NOT NULL,
    sha256         TEXT NOT NULL,
    data           BLOB NOT NULL,
    created_by     TEXT NOT NULL,
    created_at     BIGINT NOT NULL
);
CREATE INDEX partnership_documents_partnership ON partnership_documents(partnership_id);

-- +goose Down
DROP TABLE partnership_documents;
