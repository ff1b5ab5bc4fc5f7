-- How many dsmigrate_backup rows each run wrote per (physical table, column,
-- action), counted in the same transaction as the rows themselves, so
-- rollback notices backup or created-row records that went missing.
CREATE TABLE IF NOT EXISTS dsmigrate_backup_count (
  run_id      BIGINT      NOT NULL,
  table_name  VARCHAR(64) NOT NULL COMMENT 'physical table',
  column_name VARCHAR(64) NOT NULL,
  action      VARCHAR(16) NOT NULL,
  row_count   BIGINT      NOT NULL DEFAULT 0,
  PRIMARY KEY (run_id, table_name, column_name, action)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
