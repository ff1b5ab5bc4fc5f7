-- What a run wrote: hex sha256 of the new value of every column it updated
-- (NULL when NULL was written), so rollback restores only rows still as the
-- run left them.
CREATE TABLE IF NOT EXISTS dsmigrate_written (
  run_id      BIGINT      NOT NULL,
  table_name  VARCHAR(64) NOT NULL,
  row_id      BIGINT      NOT NULL,
  column_name VARCHAR(64) NOT NULL,
  checksum    VARCHAR(64) NULL,
  PRIMARY KEY (run_id, table_name, row_id, column_name)
);
