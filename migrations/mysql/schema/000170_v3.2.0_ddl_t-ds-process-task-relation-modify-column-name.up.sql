-- DolphinScheduler 3.2.0 ddl step (MariaDB guards: safe to run twice).
ALTER TABLE `t_ds_process_task_relation`
  MODIFY COLUMN IF EXISTS `name` varchar(255) DEFAULT NULL COMMENT 'relation name'
