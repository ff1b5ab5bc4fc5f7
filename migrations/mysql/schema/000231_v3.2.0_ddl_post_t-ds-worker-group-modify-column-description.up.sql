-- DolphinScheduler 3.2.0 ddl_post step (MariaDB guards: safe to run twice).
ALTER TABLE `t_ds_worker_group`
  MODIFY COLUMN IF EXISTS `description` text NULL COMMENT 'description'
