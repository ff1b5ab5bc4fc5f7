-- DolphinScheduler 3.2.0 ddl step (MariaDB guards: safe to run twice).
ALTER TABLE `t_ds_version`
  MODIFY COLUMN IF EXISTS `version` varchar(63) NOT NULL
