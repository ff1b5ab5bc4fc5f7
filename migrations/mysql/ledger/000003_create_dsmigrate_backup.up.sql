-- Original values of everything a run changed, byte-exact. A resumed run keeps
-- its id, and INSERT IGNORE on the unique key never overwrites a first original.
-- action: updated (column value before the run), removed (one row per column of
-- a row the run deleted), created (column '*': a row the run inserted).
CREATE TABLE IF NOT EXISTS dsmigrate_backup (
  id          BIGINT      NOT NULL AUTO_INCREMENT,
  run_id      BIGINT      NOT NULL,
  table_name  VARCHAR(64) NOT NULL COMMENT 'physical table',
  row_id      BIGINT      NOT NULL,
  column_name VARCHAR(64) NOT NULL,
  action      VARCHAR(16) NOT NULL,
  original    LONGBLOB    NULL COMMENT 'the original bytes; NULL when the value was NULL',
  checksum    CHAR(40)    NULL COMMENT 'SHA1 of original',
  PRIMARY KEY (id),
  UNIQUE KEY uk_dsmigrate_backup (run_id, table_name, row_id, column_name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
