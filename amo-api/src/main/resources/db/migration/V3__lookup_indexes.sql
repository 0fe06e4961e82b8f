-- The status endpoint looks versions up by upload on every poll; without this it scans addon_version.
CREATE INDEX addon_version_upload ON addon_version (upload_id);
-- Housekeeping deletes expired rows by these columns.
CREATE INDEX outbox_published ON outbox (published_at) WHERE published_at IS NOT NULL;
