-- The v5 submission API: an upload exists before its add-on does (it is validated and signed first, then a version
-- is made from it), so the add-on id the file is signed for lives on the upload itself.
ALTER TABLE upload ADD COLUMN guid TEXT;
UPDATE upload u SET guid = a.guid FROM addon a WHERE u.addon_id = a.id;
ALTER TABLE upload ALTER COLUMN guid SET NOT NULL;
ALTER TABLE upload ALTER COLUMN addon_id DROP NOT NULL;
-- What the manifest asks for ({"permissions": [...], "optional_permissions": [...], "host_permissions": [...]}),
-- read once at upload time for the version detail. NULL for uploads made before this migration.
ALTER TABLE upload ADD COLUMN permissions TEXT;
-- The v5 upload list is the caller's uploads, newest first.
CREATE INDEX upload_user_created ON upload (user_id, created_at DESC);

-- Listing metadata, as the v5 API takes it: localized strings as JSON objects ({"en-US": "..."}).
ALTER TABLE addon ADD COLUMN slug TEXT UNIQUE;
ALTER TABLE addon ADD COLUMN name TEXT;
ALTER TABLE addon ADD COLUMN summary TEXT;
ALTER TABLE addon ADD COLUMN categories TEXT;

ALTER TABLE addon_version ADD COLUMN license TEXT;
ALTER TABLE addon_version ADD COLUMN release_notes TEXT;
ALTER TABLE addon_version ADD COLUMN approval_notes TEXT;
ALTER TABLE addon_version ADD COLUMN compatibility TEXT;
-- A deleted version keeps its row: its number cannot be used again (as on AMO) and its file is no longer served.
ALTER TABLE addon_version ADD COLUMN deleted_at TIMESTAMPTZ;
ALTER TABLE addon_version ADD COLUMN source_key TEXT;
ALTER TABLE addon_version ADD COLUMN source_name TEXT;
ALTER TABLE addon_version ADD COLUMN source_size BIGINT;

-- True when the manifest had no id and one was made up for the upload: a version of an existing add-on may then be
-- made from it under that add-on's id (the file is signed again for it).
ALTER TABLE upload ADD COLUMN guid_generated BOOLEAN NOT NULL DEFAULT FALSE;
-- The manifest's name, the add-on's name when a submission gives none.
ALTER TABLE upload ADD COLUMN name TEXT;
-- When a v5 submission made a version from the upload: it cannot make another.
ALTER TABLE upload ADD COLUMN submitted_at TIMESTAMPTZ;
