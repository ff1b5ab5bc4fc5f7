-- DolphinScheduler 3.2.0 ddl_post step (MariaDB guards: safe to run twice).
ALTER TABLE `t_ds_process_instance`
  MODIFY COLUMN IF EXISTS `state_history` text NULL COMMENT 'state history desc'
