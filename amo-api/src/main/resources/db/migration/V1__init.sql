-- Developers, their API keys, their add-ons, and the uploads that become versions.
CREATE TABLE app_user (
    id          BIGSERIAL PRIMARY KEY,
    name        TEXT        NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- The secret is stored encrypted (AES-256-GCM with the server key); a dump of this table alone reveals nothing.
CREATE TABLE api_key (
    id                BIGSERIAL PRIMARY KEY,
    jwt_issuer        TEXT        NOT NULL UNIQUE,
    user_id           BIGINT      NOT NULL REFERENCES app_user (id),
    secret_ciphertext BYTEA       NOT NULL,
    active            BOOLEAN     NOT NULL DEFAULT TRUE,
    created_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    revoked_at        TIMESTAMPTZ
);

CREATE TABLE addon (
    id          BIGSERIAL PRIMARY KEY,
    guid        TEXT        NOT NULL UNIQUE,
    owner_id    BIGINT      NOT NULL REFERENCES app_user (id),
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE upload (
    id               UUID PRIMARY KEY,
    addon_id         BIGINT      NOT NULL REFERENCES addon (id),
    user_id          BIGINT      NOT NULL REFERENCES app_user (id),
    version          TEXT        NOT NULL,
    channel          TEXT        NOT NULL CHECK (channel IN ('listed', 'unlisted')),
    file_name        TEXT        NOT NULL,
    file_key         TEXT        NOT NULL,
    file_sha256      TEXT        NOT NULL,
    file_size        BIGINT      NOT NULL,
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    processed_at     TIMESTAMPTZ,
    valid            BOOLEAN,
    validation       TEXT,
    signed_file_key  TEXT,
    signed_sha256    TEXT,
    signed_size      BIGINT
);
CREATE INDEX upload_addon_version ON upload (addon_id, version, created_at DESC);

-- A version exists once an upload for it passed validation (as on AMO).
CREATE TABLE addon_version (
    id          BIGSERIAL PRIMARY KEY,
    addon_id    BIGINT      NOT NULL REFERENCES addon (id),
    version     TEXT        NOT NULL,
    channel     TEXT        NOT NULL,
    upload_id   UUID        NOT NULL REFERENCES upload (id),
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (addon_id, version)
);

-- Transactional outbox: written in the same transaction as the upload, relayed to Kafka afterwards.
CREATE TABLE outbox (
    id            BIGSERIAL PRIMARY KEY,
    topic         TEXT        NOT NULL,
    message_key   TEXT        NOT NULL,
    payload       TEXT        NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    published_at  TIMESTAMPTZ
);
CREATE INDEX outbox_pending ON outbox (id) WHERE published_at IS NULL;

-- JWT ids seen per API key, kept until the token could no longer be accepted: a repeat is a replay.
CREATE TABLE jwt_replay (
    jwt_issuer  TEXT        NOT NULL,
    jti         TEXT        NOT NULL,
    expires_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (jwt_issuer, jti)
);
