-- What a run wrote: SHA1 of the new value of every column it updated, so
-- rollback restores only rows still as the run left them.
CREATE TABLE IF NOT EXISTS dsmigrate_written (
  run_id      BIGINT      NOT NULL,
  table_name  VARCHAR(64) NOT NULL COMMENT 'physical table',
  row_id      BIGINT      NOT NULL,
  column_name VARCHAR(64) NOT NULL,
  checksum    CHAR(40)    NULL COMMENT 'SHA1 of the value written; NULL when NULL was written',
  PRIMARY KEY (run_id, table_name, row_id, column_name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
