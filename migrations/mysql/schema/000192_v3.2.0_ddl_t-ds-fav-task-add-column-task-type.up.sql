-- DolphinScheduler 3.2.0 ddl step (MariaDB guards: safe to run twice).
ALTER TABLE IF EXISTS `t_ds_fav_task`
  ADD COLUMN IF NOT EXISTS `task_type` varchar(64) NOT NULL COMMENT 'favorite task type name'
