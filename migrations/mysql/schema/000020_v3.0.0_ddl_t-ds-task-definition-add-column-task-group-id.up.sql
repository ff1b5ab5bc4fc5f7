-- DolphinScheduler 3.0.0 ddl step (MariaDB guards: safe to run twice).
ALTER TABLE IF EXISTS t_ds_task_definition
  ADD COLUMN IF NOT EXISTS `task_group_id` int DEFAULT NULL COMMENT 'task group id'
