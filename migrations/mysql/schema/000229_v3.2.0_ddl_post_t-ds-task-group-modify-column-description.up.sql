-- DolphinScheduler 3.2.0 ddl_post step (MariaDB guards: safe to run twice).
ALTER TABLE `t_ds_task_group`
  MODIFY COLUMN IF EXISTS `description` varchar(255) NULL
