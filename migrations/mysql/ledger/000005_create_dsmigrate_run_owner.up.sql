-- Fencing: the owner token of each run. A run (new or resumed) takes a fresh
-- token under the run lock; every batch transaction updates this row WHERE
-- token = its own, so a writer whose lock was lost finds 0 rows and stops.
CREATE TABLE IF NOT EXISTS dsmigrate_run_owner (
  run_id   BIGINT       NOT NULL,
  token    CHAR(32)     NOT NULL COMMENT 'random, new for every process that takes the run',
  taken_by VARCHAR(255) NOT NULL COMMENT 'host:pid',
  taken_at DATETIME(3)  NOT NULL,
  batches  BIGINT       NOT NULL DEFAULT 0 COMMENT 'batch transactions committed under this token',
  counts   TINYINT      NOT NULL DEFAULT 0 COMMENT '1: dsmigrate_backup_count covers every backup row of the run',
  PRIMARY KEY (run_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
