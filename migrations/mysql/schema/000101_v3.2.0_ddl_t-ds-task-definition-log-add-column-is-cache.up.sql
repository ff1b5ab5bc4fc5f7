-- DolphinScheduler 3.2.0 ddl step (MariaDB guards: safe to run twice).
ALTER TABLE IF EXISTS t_ds_task_definition_log
  ADD COLUMN IF NOT EXISTS `is_cache` tinyint(2) DEFAULT '0' COMMENT '0 not available, 1 available'
