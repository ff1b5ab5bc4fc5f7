-- DolphinScheduler 3.2.0 ddl step (MariaDB guards: safe to run twice).
ALTER TABLE `t_ds_project`
  MODIFY COLUMN IF EXISTS `name` varchar(255) DEFAULT NULL COMMENT 'project name'
