-- Accounts that can log in. Users made before this (the admin API's, the bootstrap's) have no email and no
-- password: they keep working with their API keys and can be given a login with ./signet account.
ALTER TABLE app_user
    ADD COLUMN email                  TEXT,
    ADD COLUMN password_hash          TEXT,
    ADD COLUMN role_developer         BOOLEAN     NOT NULL DEFAULT TRUE,
    ADD COLUMN role_reviewer          BOOLEAN     NOT NULL DEFAULT FALSE,
    ADD COLUMN role_admin             BOOLEAN     NOT NULL DEFAULT FALSE,
    ADD COLUMN flag_lookup            BOOLEAN     NOT NULL DEFAULT FALSE,
    ADD COLUMN flag_localizer         BOOLEAN     NOT NULL DEFAULT FALSE,
    ADD COLUMN enable_recommendations BOOLEAN     NOT NULL DEFAULT TRUE,
    ADD COLUMN region                 TEXT,
    ADD COLUMN last_login_at          TIMESTAMPTZ;
-- One account per address, whatever its case.
CREATE UNIQUE INDEX app_user_email ON app_user (lower(email));

-- Session tokens (the Marketplace's shared-secret token, and the web UI's cookie): only their SHA-256 is kept, so a
-- dump of this table logs nobody in.
CREATE TABLE session_token (
    token_sha256  BYTEA       PRIMARY KEY,
    user_id       BIGINT      NOT NULL REFERENCES app_user (id),
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    expires_at    TIMESTAMPTZ NOT NULL,
    revoked_at    TIMESTAMPTZ
);
CREATE INDEX session_token_user ON session_token (user_id);
CREATE INDEX session_token_expires ON session_token (expires_at);

-- OAuth 1.0a consumers (two-legged): the secret is encrypted like an API key's, since HMAC needs it in clear.
CREATE TABLE oauth_consumer (
    id                BIGSERIAL   PRIMARY KEY,
    consumer_key      TEXT        NOT NULL UNIQUE,
    user_id           BIGINT      NOT NULL REFERENCES app_user (id),
    secret_ciphertext BYTEA       NOT NULL,
    active            BOOLEAN     NOT NULL DEFAULT TRUE,
    created_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    revoked_at        TIMESTAMPTZ
);
CREATE INDEX oauth_consumer_user ON oauth_consumer (user_id);

-- Nonces seen inside the timestamp window, shared by all replicas: a replayed request is refused on any of them.
CREATE TABLE oauth_nonce (
    consumer_key  TEXT        NOT NULL,
    nonce         TEXT        NOT NULL,
    expires_at    TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (consumer_key, nonce)
);
CREATE INDEX oauth_nonce_expires ON oauth_nonce (expires_at);

-- One active JWT key per account, as on AMO: rotation replaces it (and locks the account row while it does).
CREATE UNIQUE INDEX api_key_one_active ON api_key (user_id) WHERE active;
