-- DolphinScheduler 3.0.0 ddl step (MariaDB guards: safe to run twice).
ALTER TABLE IF EXISTS `t_ds_task_instance`
  MODIFY COLUMN IF EXISTS `task_params` longtext COMMENT 'job custom parameters' AFTER `app_link`
