-- DolphinScheduler 3.0.0 ddl step (MariaDB guards: safe to run twice).
ALTER TABLE IF EXISTS `t_ds_process_task_relation_log`
  ADD INDEX IF NOT EXISTS `idx_process_code_version` (`process_definition_code`,`process_definition_version`) USING BTREE
