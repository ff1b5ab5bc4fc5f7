-- Original values of everything a run changed, byte-exact (the value's text
-- as UTF-8 bytes). ON CONFLICT DO NOTHING on the unique key never overwrites a
-- first original. action: updated | removed | created (column '*').
-- checksum: hex sha256 of original (PostgreSQL's core has no sha1).
CREATE TABLE IF NOT EXISTS dsmigrate_backup (
  id          BIGSERIAL   NOT NULL,
  run_id      BIGINT      NOT NULL,
  table_name  VARCHAR(64) NOT NULL,
  row_id      BIGINT      NOT NULL,
  column_name VARCHAR(64) NOT NULL,
  action      VARCHAR(16) NOT NULL,
  original    BYTEA       NULL,
  checksum    VARCHAR(64) NULL,
  PRIMARY KEY (id),
  CONSTRAINT uk_dsmigrate_backup UNIQUE (run_id, table_name, row_id, column_name)
);
