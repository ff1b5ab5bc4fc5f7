-- DolphinScheduler 3.0.0 ddl step (MariaDB guards: safe to run twice).
ALTER TABLE IF EXISTS `t_ds_process_task_relation`
  ADD INDEX IF NOT EXISTS `idx_code` (`project_code`, `process_definition_code`) USING BTREE
