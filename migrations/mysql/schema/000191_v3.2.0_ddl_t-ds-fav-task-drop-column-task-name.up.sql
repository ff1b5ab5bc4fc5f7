-- DolphinScheduler 3.2.0 ddl step (MariaDB guards: safe to run twice).
ALTER TABLE IF EXISTS `t_ds_fav_task`
  DROP COLUMN IF EXISTS `task_name`
