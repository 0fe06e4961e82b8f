-- Human review of listed versions. A listed version waits ('pending') until a reviewer approves it (it is then
-- signed) or rejects it; unlisted versions are reviewed by automation and have no review state (NULL).
ALTER TABLE addon_version ADD COLUMN review_status TEXT
    CHECK (review_status IN ('pending', 'approved', 'rejected'));
ALTER TABLE addon_version ADD COLUMN reviewed_at TIMESTAMPTZ;
ALTER TABLE addon_version ADD COLUMN reviewed_by BIGINT REFERENCES app_user (id);
ALTER TABLE addon_version ADD COLUMN review_comment TEXT;
UPDATE addon_version SET review_status = 'pending' WHERE channel = 'listed';
-- The queue, oldest first.
CREATE INDEX addon_version_review_queue ON addon_version (created_at, id) WHERE review_status = 'pending';

-- Every decision, as it was made: rows are only ever added (the trigger refuses UPDATE and DELETE, whoever asks).
CREATE TABLE review_decision (
    id           BIGSERIAL PRIMARY KEY,
    version_id   BIGINT      NOT NULL REFERENCES addon_version (id),
    reviewer_id  BIGINT      NOT NULL REFERENCES app_user (id),
    action       TEXT        NOT NULL CHECK (action IN ('approve', 'reject')),
    comment      TEXT        NOT NULL,
    decided_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX review_decision_version ON review_decision (version_id, decided_at);

CREATE FUNCTION review_decision_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'review_decision is an audit log: rows are never updated or deleted';
END $$;
CREATE TRIGGER review_decision_append_only BEFORE UPDATE OR DELETE ON review_decision
    FOR EACH ROW EXECUTE FUNCTION review_decision_is_append_only();
CREATE TRIGGER review_decision_no_truncate BEFORE TRUNCATE ON review_decision
    FOR EACH STATEMENT EXECUTE FUNCTION review_decision_is_append_only();
