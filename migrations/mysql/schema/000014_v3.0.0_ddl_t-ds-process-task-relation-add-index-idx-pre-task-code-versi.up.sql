-- DolphinScheduler 3.0.0 ddl step (MariaDB guards: safe to run twice).
ALTER TABLE IF EXISTS `t_ds_process_task_relation`
  ADD INDEX IF NOT EXISTS `idx_pre_task_code_version` (`pre_task_code`,`pre_task_version`)
