-- The request id (X-Request-Id) of the call that caused a row, so the work it starts later logs under the same id:
-- an outbox row's id travels to Kafka as the signet-request-id header (docs/operations.md, "Logs and request ids");
-- an upload keeps the id of the request that uploaded it, so its signing after review goes out under it too. Null
-- for rows older than this migration.
ALTER TABLE outbox ADD COLUMN request_id TEXT;
ALTER TABLE upload ADD COLUMN request_id TEXT;
