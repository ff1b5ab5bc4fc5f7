-- DolphinScheduler 3.2.0 ddl step (MariaDB guards: safe to run twice).
ALTER TABLE `t_ds_command`
  MODIFY COLUMN IF EXISTS `worker_group` varchar(255)  COMMENT 'worker group'
