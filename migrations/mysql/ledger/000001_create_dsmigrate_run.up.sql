-- One row per dsmigrate run that writes (upgrade, repair, rollback).
CREATE TABLE IF NOT EXISTS dsmigrate_run (
  id           BIGINT       NOT NULL AUTO_INCREMENT,
  command      VARCHAR(32)  NOT NULL COMMENT 'upgrade | repair | rollback',
  state        VARCHAR(16)  NOT NULL COMMENT 'running | done | failed | rolled_back',
  shape        VARCHAR(16)  NOT NULL COMMENT 'schema shape detected at start',
  tool_version VARCHAR(64)  NOT NULL,
  started_by   VARCHAR(255) NOT NULL COMMENT 'host:pid of the dsmigrate process',
  options      TEXT         NULL COMMENT 'flags of the run, JSON',
  started_at   DATETIME(3)  NOT NULL,
  finished_at  DATETIME(3)  NULL,
  summary      LONGTEXT     NULL COMMENT 'final JSON summary',
  PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
