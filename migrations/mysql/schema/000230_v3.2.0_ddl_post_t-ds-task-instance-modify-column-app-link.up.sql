-- DolphinScheduler 3.2.0 ddl_post step (MariaDB guards: safe to run twice).
ALTER TABLE `t_ds_task_instance`
  MODIFY COLUMN IF EXISTS `app_link` text NULL COMMENT 'yarn app id',
  MODIFY COLUMN IF EXISTS `cache_key` varchar(200) NULL COMMENT 'cache_key',
  MODIFY COLUMN IF EXISTS `executor_name` varchar(64) NULL
