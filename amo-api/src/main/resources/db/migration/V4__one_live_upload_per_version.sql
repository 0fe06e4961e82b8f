-- One version = one signature: at most one live upload (pending: valid IS NULL, or valid) per add-on version.
-- An invalid upload does not count, so a new try of the same version is possible after a failed validation,
-- as on AMO. Before this index, parallel PUTs of one version could each be accepted and signed.

-- Uploads left live by that race are retired first (the index could not be built otherwise): the one the
-- version points to is kept, else the earliest; the others become invalid, so their results are ignored
-- and their status shows valid: false instead of "valid: true, files: []".
WITH ranked AS (
    SELECT u.id,
           row_number() OVER (PARTITION BY u.addon_id, u.version
                              ORDER BY (v.id IS NOT NULL) DESC, u.created_at, u.id) AS rank
    FROM upload u
    LEFT JOIN addon_version v ON v.upload_id = u.id
    WHERE u.valid IS NOT FALSE
)
UPDATE upload
SET valid = FALSE, processed_at = COALESCE(upload.processed_at, now())
FROM ranked
WHERE upload.id = ranked.id AND ranked.rank > 1;

CREATE UNIQUE INDEX upload_one_live_per_version ON upload (addon_id, version) WHERE valid IS NOT FALSE;
