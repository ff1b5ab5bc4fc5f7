-- DolphinScheduler 3.2.0 ddl step (MariaDB guards: safe to run twice).
ALTER TABLE `t_ds_cluster`
  MODIFY COLUMN IF EXISTS `name`        varchar(255) NOT NULL COMMENT 'cluster name'
