-- How many dsmigrate_backup rows each run wrote per (physical table, column,
-- action), counted in the same transaction as the rows themselves.
CREATE TABLE IF NOT EXISTS dsmigrate_backup_count (
  run_id      BIGINT      NOT NULL,
  table_name  VARCHAR(64) NOT NULL,
  column_name VARCHAR(64) NOT NULL,
  action      VARCHAR(16) NOT NULL,
  row_count   BIGINT      NOT NULL DEFAULT 0,
  PRIMARY KEY (run_id, table_name, column_name, action)
);
