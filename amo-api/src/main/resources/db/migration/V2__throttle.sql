-- Fixed-window upload counters per user and per IP, shared by all amo-api replicas.
CREATE TABLE throttle_window (
    scope         TEXT        NOT NULL,
    subject       TEXT        NOT NULL,
    window_start  TIMESTAMPTZ NOT NULL,
    window_end    TIMESTAMPTZ NOT NULL,
    hits          INT         NOT NULL,
    PRIMARY KEY (scope, subject, window_start)
);
CREATE INDEX throttle_window_end ON throttle_window (window_end);
CREATE INDEX jwt_replay_expires ON jwt_replay (expires_at);
