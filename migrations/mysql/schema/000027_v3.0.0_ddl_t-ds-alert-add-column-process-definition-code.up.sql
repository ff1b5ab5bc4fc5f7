-- DolphinScheduler 3.0.0 ddl step (MariaDB guards: safe to run twice).
ALTER TABLE IF EXISTS `t_ds_alert`
  ADD COLUMN IF NOT EXISTS `process_definition_code` bigint DEFAULT NULL COMMENT 'process_definition_code'
