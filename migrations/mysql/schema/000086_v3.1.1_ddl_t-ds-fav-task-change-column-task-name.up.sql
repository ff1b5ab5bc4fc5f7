-- DolphinScheduler 3.1.1 ddl step (MariaDB guards: safe to run twice).
ALTER TABLE IF EXISTS `t_ds_fav_task`
  CHANGE COLUMN IF EXISTS `task_name` `task_type` varchar(64) NOT NULL COMMENT 'favorite task type name'
