-- Where a run stands in each table; updated in the same transaction as each batch.
CREATE TABLE IF NOT EXISTS dsmigrate_checkpoint (
  run_id     BIGINT       NOT NULL,
  table_name VARCHAR(64)  NOT NULL,
  last_id    BIGINT       NOT NULL DEFAULT 0,
  scanned    BIGINT       NOT NULL DEFAULT 0,
  changed    BIGINT       NOT NULL DEFAULT 0,
  refused    BIGINT       NOT NULL DEFAULT 0,
  done       SMALLINT     NOT NULL DEFAULT 0,
  updated_at TIMESTAMP(3) NOT NULL,
  PRIMARY KEY (run_id, table_name)
);
