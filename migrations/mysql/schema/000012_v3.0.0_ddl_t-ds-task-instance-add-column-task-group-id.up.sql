-- DolphinScheduler 3.0.0 ddl step (MariaDB guards: safe to run twice).
ALTER TABLE IF EXISTS `t_ds_task_instance`
  ADD COLUMN IF NOT EXISTS `task_group_id` int(11) DEFAULT NULL COMMENT 'task group id' after `var_pool`
