-- DolphinScheduler 3.2.0 ddl step (MariaDB guards: safe to run twice).
ALTER TABLE `t_ds_environment`
  MODIFY COLUMN IF EXISTS `name` varchar(255) NOT NULL COMMENT 'environment name'
