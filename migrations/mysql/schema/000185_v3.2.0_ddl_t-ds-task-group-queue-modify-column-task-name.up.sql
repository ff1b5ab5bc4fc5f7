-- DolphinScheduler 3.2.0 ddl step (MariaDB guards: safe to run twice).
ALTER TABLE `t_ds_task_group_queue`
  MODIFY COLUMN IF EXISTS `task_name` varchar(255) DEFAULT NULL COMMENT 'TaskInstance name'
