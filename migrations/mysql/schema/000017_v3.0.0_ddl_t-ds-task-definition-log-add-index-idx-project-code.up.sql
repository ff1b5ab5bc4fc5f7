-- DolphinScheduler 3.0.0 ddl step (MariaDB guards: safe to run twice).
ALTER TABLE IF EXISTS `t_ds_task_definition_log`
  ADD INDEX IF NOT EXISTS `idx_project_code` (`project_code`) USING BTREE
