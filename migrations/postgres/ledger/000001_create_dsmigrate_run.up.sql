-- One row per dsmigrate run that writes (upgrade, repair, rollback).
-- command: upgrade | repair | rollback; state: running | done | failed | rolled_back.
CREATE TABLE IF NOT EXISTS dsmigrate_run (
  id           BIGSERIAL    NOT NULL,
  command      VARCHAR(32)  NOT NULL,
  state        VARCHAR(16)  NOT NULL,
  shape        VARCHAR(16)  NOT NULL,
  tool_version VARCHAR(64)  NOT NULL,
  started_by   VARCHAR(255) NOT NULL,
  options      TEXT         NULL,
  started_at   TIMESTAMP(3) NOT NULL,
  finished_at  TIMESTAMP(3) NULL,
  summary      TEXT         NULL,
  PRIMARY KEY (id)
);
