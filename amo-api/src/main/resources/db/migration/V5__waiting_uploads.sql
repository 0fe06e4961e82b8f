-- Admission control reads the signing backlog (uploads not yet processed: count and oldest) once a second per
-- replica; this index holds only those rows, so the reading stays cheap however many uploads are done.
CREATE INDEX upload_waiting ON upload (created_at) WHERE processed_at IS NULL;
