-- DolphinScheduler 3.1.0 ddl step (MariaDB guards: safe to run twice).
ALTER TABLE IF EXISTS `t_ds_task_group`
  MODIFY COLUMN IF EXISTS `description` varchar(255)
