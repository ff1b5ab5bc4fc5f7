-- Rows a run refused to change, with the reason; kept across a resume.
CREATE TABLE IF NOT EXISTS dsmigrate_refused (
  run_id     BIGINT      NOT NULL,
  table_name VARCHAR(64) NOT NULL,
  row_id     BIGINT      NOT NULL,
  reason     TEXT        NOT NULL,
  PRIMARY KEY (run_id, table_name, row_id)
);
