-- Fencing: the owner token of each run (see the mysql file). counts = 1:
-- dsmigrate_backup_count covers every backup row of the run.
CREATE TABLE IF NOT EXISTS dsmigrate_run_owner (
  run_id   BIGINT       NOT NULL,
  token    CHAR(32)     NOT NULL,
  taken_by VARCHAR(255) NOT NULL,
  taken_at TIMESTAMP(3) NOT NULL,
  batches  BIGINT       NOT NULL DEFAULT 0,
  counts   SMALLINT     NOT NULL DEFAULT 0,
  PRIMARY KEY (run_id)
);
