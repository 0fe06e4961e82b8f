-- Webhooks: URLs an account registered to be told when one of its versions is done (docs/webhooks.md). The secret is
-- encrypted like an API key's, since HMAC needs it in clear. A deleted webhook keeps its row for its delivery log.
CREATE TABLE webhook (
    id                BIGSERIAL   PRIMARY KEY,
    user_id           BIGINT      NOT NULL REFERENCES app_user (id),
    url               TEXT        NOT NULL,
    secret_ciphertext BYTEA       NOT NULL,
    created_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    deleted_at        TIMESTAMPTZ
);
CREATE INDEX webhook_user ON webhook (user_id) WHERE deleted_at IS NULL;

-- The durable queue: one row per event and webhook, committed with the state change that caused the event. The
-- payload is frozen then, so every retry sends the same bytes under the same event id. A claimed row's
-- next_attempt_at is its lease: a replica that dies while sending leaves it due again when the lease ends.
CREATE TABLE webhook_delivery (
    id              BIGSERIAL   PRIMARY KEY,
    webhook_id      BIGINT      NOT NULL REFERENCES webhook (id),
    event_id        TEXT        NOT NULL,
    event_type      TEXT        NOT NULL,
    payload         TEXT        NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    next_attempt_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    attempts        INTEGER     NOT NULL DEFAULT 0,
    last_status     INTEGER,
    delivered_at    TIMESTAMPTZ,
    given_up_at     TIMESTAMPTZ,
    UNIQUE (event_id, webhook_id)
);
-- The poller's query: only rows still waiting are in it, so it stays small however long the log grows.
CREATE INDEX webhook_delivery_due ON webhook_delivery (next_attempt_at)
    WHERE delivered_at IS NULL AND given_up_at IS NULL;
CREATE INDEX webhook_delivery_log ON webhook_delivery (webhook_id, created_at DESC);

-- Every try that reached an outcome: the HTTP status, or null with the error (timeout, refused target, ...).
CREATE TABLE webhook_attempt (
    id           BIGSERIAL   PRIMARY KEY,
    delivery_id  BIGINT      NOT NULL REFERENCES webhook_delivery (id),
    attempted_at TIMESTAMPTZ NOT NULL,
    status_code  INTEGER,
    error        TEXT,
    duration_ms  INTEGER     NOT NULL
);
CREATE INDEX webhook_attempt_delivery ON webhook_attempt (delivery_id);
