-- Admission control also reads how many uploads were processed in the last few seconds (the drain rate), once a
-- second per replica: a range scan of this index's newest entries.
CREATE INDEX upload_processed_at ON upload (processed_at) WHERE processed_at IS NOT NULL;
