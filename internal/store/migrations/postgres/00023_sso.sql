-- +goose Up
-- Single sign-on (docs/SSO.md). user_identities links an account to the
-- identities an OpenID provider vouches for: one (issuer, subject) is one
-- person at one provider, and belongs to at most one account.
CREATE TABLE user_identities (
    id           TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    provider     TEXT NOT NULL,
    issuer       TEXT NOT NULL,
    subject      TEXT NOT NULL,
    email        TEXT NOT NULL DEFAULT '',
    created_at   BIGINT NOT NULL,
    last_used_at BIGINT NOT NULL DEFAULT 0,
    UNIQUE (issuer, subject)
);
CREATE INDEX user_identities_user ON user_identities(user_id);

-- sso_attempts are the sign-ins under way: the state sent to the provider
-- (kept as its hash; the browser holds it in a cookie too), the nonce the
-- ID token must carry, the PKCE verifier, where to go afterwards, and the
-- account to link when a logged-in person links an identity. Each is used
-- once and lasts 10 minutes.
CREATE TABLE sso_attempts (
    state_hash   TEXT PRIMARY KEY,
    provider     TEXT NOT NULL,
    nonce        TEXT NOT NULL,
    verifier     TEXT NOT NULL,
    next         TEXT NOT NULL DEFAULT '',
    link_user_id TEXT NOT NULL DEFAULT '',
    created_at   BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL
);

-- +goose Down
DROP TABLE sso_attempts;
DROP INDEX user_identities_user;
DROP TABLE user_identities;
