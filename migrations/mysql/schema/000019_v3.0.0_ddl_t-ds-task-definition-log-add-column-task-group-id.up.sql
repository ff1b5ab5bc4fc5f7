-- DolphinScheduler 3.0.0 ddl step (MariaDB guards: safe to run twice).
ALTER TABLE IF EXISTS t_ds_task_definition_log
  ADD COLUMN IF NOT EXISTS `task_group_id` int(11) DEFAULT NULL COMMENT 'task group id' AFTER `resource_ids`
